//! The public register as readers see it.
//!
//! A [`Site`] is built from what the redaction layer let through
//! ([`kuager_publish::PublicPerson`] and [`kuager_publish::PublicEvent`]:
//! values nothing outside kuager-publish can make), so everything a
//! public page, feed, export or API answer shows from here has passed
//! redaction. It indexes them for the readers' questions:
//!
//! * [`lists`]: political prisoners, everyone persecuted, the killed, the
//!   missing, the detained in a period; filtered by region, city, event
//!   type, charge and period, sorted, in pages;
//! * [`officials`]: perpetrator dossiers, each act with its sources;
//! * [`stats`]: counts by month, type, region, city and status, assembly
//!   refusals, reported figures side by side, estimates from linked lists;
//! * [`export`]: CSV and JSON of every list, with a data dictionary.
//!
//! A site is immutable: the web app builds a new one when the register
//! changes and swaps it in, so a reader never sees half a publication.
//! Pure: no I/O, no clock.

pub mod export;
pub mod lists;
pub mod officials;
pub mod stats;

use kuager_case::places::{self, Place};
use kuager_case::{Charge, Day, EventType, PersonStatus, RecognitionDecision};
use kuager_publish::{PublicEvent, PublicPerson};
use std::collections::{BTreeSet, HashMap};

pub use lists::{ListKind, ListPage, ListQuery, Sort};
pub use officials::{Act, ActRole, Official};
pub use stats::{AssemblyCounts, Estimate, ReportedFigure, Statistics};

/// Statuses in which a person is held (deprived of liberty). "Currently
/// held" political prisoners are those whose status now is one of these.
pub const HELD: &[PersonStatus] = &[
    PersonStatus::Detained,
    PersonStatus::AdministrativeArrest,
    PersonStatus::PretrialDetention,
    PersonStatus::HouseArrest,
    PersonStatus::Imprisoned,
    PersonStatus::Psychiatric,
];

/// Event types that take away a person's liberty (the "detained in a
/// period" list).
pub const DEPRIVING: &[EventType] = &[
    EventType::Detention,
    EventType::AdministrativeArrest,
    EventType::PretrialDetention,
    EventType::HouseArrest,
    EventType::PsychiatricPlacement,
];

/// A published person with what the lists filter and sort on, all of it
/// derived from the redacted page.
#[derive(Debug, Clone)]
pub struct SitePerson {
    person: PublicPerson,
    handle: String,
    sort_name: String,
    status: PersonStatus,
    held: bool,
    recognised: bool,
    /// Place keys (regions, or the three cities of republican
    /// significance, which the lists and the map treat as regions) of the
    /// events the person is a victim in.
    regions: BTreeSet<&'static str>,
    cities: BTreeSet<&'static str>,
    event_types: BTreeSet<EventType>,
    charges: BTreeSet<Charge>,
    /// Victim events: (type, first day, last day).
    victim_events: Vec<(EventType, Day, Day)>,
    last_event: Option<Day>,
}

impl SitePerson {
    pub fn person(&self) -> &PublicPerson {
        &self.person
    }
    /// The address of the person's page: the register id of a person
    /// public by name, the pseudonym code of an anonymised one.
    pub fn handle(&self) -> &str {
        &self.handle
    }
    pub fn status(&self) -> PersonStatus {
        self.status
    }
    /// Recognised as a political prisoner (the latest decision).
    pub fn recognised(&self) -> bool {
        self.recognised
    }
    pub fn regions(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.regions.iter().copied()
    }
    pub fn cities(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.cities.iter().copied()
    }
    pub fn event_types(&self) -> impl Iterator<Item = EventType> + '_ {
        self.event_types.iter().copied()
    }
    pub fn charges(&self) -> impl Iterator<Item = &Charge> + '_ {
        self.charges.iter()
    }
    /// The latest day of an event the person is a victim in.
    pub fn last_event(&self) -> Option<Day> {
        self.last_event
    }
    /// Deprived of liberty now: a status of [`HELD`], or convicted
    /// straight from custody (a conviction does not free anyone; the
    /// sentence, when recorded, says where they are).
    pub fn is_held(&self) -> bool {
        self.held
    }
    /// Victim of any published event.
    pub fn is_persecuted(&self) -> bool {
        !self.victim_events.is_empty()
    }
}

/// The region a place counts in: its own key for a region or a city of
/// republican significance, its region's for another city.
pub fn region_of(place: &Place) -> &'static str {
    match (place.kind, place.region) {
        ("city", Some(region)) => region,
        _ => place.key,
    }
}

/// The whole public register at one moment.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Changes with every rebuild (the web app's ETags carry it).
    generation: u64,
    persons: Vec<SitePerson>,
    by_handle: HashMap<String, usize>,
    /// Published events, latest first.
    events: Vec<PublicEvent>,
    event_index: HashMap<i64, usize>,
    officials: Vec<Official>,
    official_index: HashMap<String, usize>,
    statistics: Statistics,
    lists: lists::ListIndex,
}

/// What a site is built from besides people and events.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub figures: Vec<ReportedFigure>,
    pub assemblies: Option<AssemblyCounts>,
    pub estimates: Vec<Estimate>,
}

impl Site {
    /// Indexes redacted people and events. `events` are the published
    /// events redacted on their own (what event pages, the statistics and
    /// the dossiers show); `persons` the redacted person pages.
    pub fn build(
        generation: u64,
        persons: Vec<PublicPerson>,
        events: Vec<PublicEvent>,
        extras: Extras,
    ) -> Site {
        let mut persons: Vec<SitePerson> = persons.into_iter().map(site_person).collect();
        persons.sort_by(|a, b| {
            a.sort_name
                .cmp(&b.sort_name)
                .then_with(|| a.handle.cmp(&b.handle))
        });
        persons.dedup_by(|a, b| a.handle == b.handle);
        let by_handle = persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.handle.clone(), i))
            .collect();

        let mut events = events;
        events.sort_by(|a, b| {
            b.date()
                .start
                .cmp(&a.date().start)
                .then_with(|| b.id().cmp(&a.id()))
        });
        events.dedup_by_key(|e| e.id());
        let event_index = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id(), i))
            .collect();

        let officials = officials::collect(&events);
        let official_index = officials
            .iter()
            .enumerate()
            .map(|(i, o)| (o.slug().to_string(), i))
            .collect();
        let statistics = stats::compute(&persons, &events, extras);
        let lists = lists::ListIndex::build(&persons);
        Site {
            generation,
            persons,
            by_handle,
            events,
            event_index,
            officials,
            official_index,
            statistics,
            lists,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// Everyone with a public page, by name.
    pub fn persons(&self) -> &[SitePerson] {
        &self.persons
    }
    pub fn person(&self, handle: &str) -> Option<&SitePerson> {
        self.by_handle.get(handle).map(|&i| &self.persons[i])
    }
    /// Published events, latest first.
    pub fn events(&self) -> &[PublicEvent] {
        &self.events
    }
    pub fn event(&self, id: i64) -> Option<&PublicEvent> {
        self.event_index.get(&id).map(|&i| &self.events[i])
    }
    /// Officials with at least one published act, by name.
    pub fn officials(&self) -> &[Official] {
        &self.officials
    }
    pub fn official(&self, slug: &str) -> Option<&Official> {
        self.official_index.get(slug).map(|&i| &self.officials[i])
    }
    pub fn statistics(&self) -> &Statistics {
        &self.statistics
    }
}

/// Lower case without marks of case, for sorting names of every script
/// together (Latin, then Cyrillic, by code point, which keeps each
/// alphabet in order; anonymised people last).
fn sort_key(person: &PublicPerson) -> String {
    match person.names().first() {
        Some(name) => name.to_lowercase(),
        None => format!("\u{10FFFF}{}", person.pseudonym().unwrap_or_default()),
    }
}

fn site_person(person: PublicPerson) -> SitePerson {
    let handle = person
        .id()
        .map(str::to_string)
        .or_else(|| person.pseudonym().map(str::to_string))
        .unwrap_or_default();
    let status = person.status();
    let steps = person.timeline();
    let held = HELD.contains(&status)
        || (status == PersonStatus::Convicted
            && steps.len() >= 2
            && HELD.contains(&steps[steps.len() - 2].status));
    let recognised = person
        .recognitions()
        .iter()
        .max_by_key(|r| r.decided_on().start)
        .is_some_and(|r| r.decision() == RecognitionDecision::Recognised);
    let mut regions = BTreeSet::new();
    let mut cities = BTreeSet::new();
    let mut event_types = BTreeSet::new();
    let mut charges = BTreeSet::new();
    let mut victim_events = Vec::new();
    for e in person.events() {
        if !person.is_victim_in(e.id()) {
            continue;
        }
        if let Some(place) = e.place_key().and_then(places::place) {
            regions.insert(region_of(place));
            if place.kind == "city" {
                cities.insert(place.key);
            }
        }
        event_types.insert(e.event_type());
        charges.extend(e.charges().iter().cloned());
        victim_events.push((e.event_type(), e.date().start, e.date().end));
    }
    let last_event = victim_events.iter().map(|v| v.2).max();
    SitePerson {
        sort_name: sort_key(&person),
        person,
        handle,
        status,
        held,
        recognised,
        regions,
        cities,
        event_types,
        charges,
        victim_events,
        last_event,
    }
}
