//! The public statistics: counts of published events and people, the
//! register of assembly notifications, reported figures side by side, and
//! estimates of what no list shows. Everything here is a count of
//! published (redacted) records or an aggregate that names nobody.

use crate::{region_of, SitePerson};
use kuager_case::places;
use kuager_case::{EventType, FigureReporter, PersonStatus};
use kuager_publish::PublicEvent;
use std::collections::{BTreeMap, BTreeSet};

/// Assembly notifications and refusals by year, reason and city.
pub type AssemblyCounts = kuager_case::AssemblyStats;

/// A reported figure attached to a published event ("238 died",
/// reported by the prosecutor's office).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedFigure {
    pub event_id: i64,
    pub value: u64,
    /// `exact`, `more_than`, `about`, ... (kuager_domain::Qualifier codes).
    pub qualifier: String,
    /// What is counted ("people").
    pub unit: String,
    /// What happened to them ("died"), if said.
    pub what: Option<String>,
    pub reported_by: FigureReporter,
    pub reporter: String,
}

impl ReportedFigure {
    /// What the figure counts, for setting figures of the same thing side
    /// by side: "died people", or the unit alone.
    pub fn subject(&self) -> String {
        match &self.what {
            Some(w) if !w.trim().is_empty() => format!("{} {}", w.trim(), self.unit.trim()),
            _ => self.unit.trim().to_string(),
        }
    }
}

/// Figures of one subject from different reporters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureGroup {
    pub subject: String,
    /// By reporter kind (official first), then value.
    pub figures: Vec<ReportedFigure>,
}

/// An estimate of the total from linked lists (multiple systems
/// estimation): never shown without its interval and method.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// "all", or the stratum (a city, a month, an event type).
    pub stratum: String,
    /// Distinct people on any list: a minimum, not the estimate.
    pub documented: u64,
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
    pub method: String,
}

#[derive(Debug, Clone, Default)]
pub struct Statistics {
    pub events: u64,
    /// Published events per month (`YYYY-MM`) and type.
    pub by_month: BTreeMap<String, BTreeMap<EventType, u64>>,
    pub by_type: BTreeMap<EventType, u64>,
    /// Events per region (the three cities of republican significance
    /// count as regions), and per city.
    pub by_region: BTreeMap<&'static str, u64>,
    pub by_city: BTreeMap<&'static str, u64>,
    /// Events without a place of the gazetteer.
    pub without_place: u64,
    /// People persecuted (victims of a published event) by status now.
    pub by_status: BTreeMap<PersonStatus, u64>,
    pub persecuted: u64,
    pub political_prisoners: u64,
    pub held: u64,
    pub killed: u64,
    pub missing: u64,
    pub assemblies: Option<AssemblyCounts>,
    pub figures: Vec<FigureGroup>,
    pub estimates: Vec<Estimate>,
}

impl Statistics {
    /// The months from the first to the last with events, none skipped
    /// (a chart must not hide an empty month).
    pub fn months(&self) -> Vec<String> {
        let (Some(first), Some(last)) = (self.by_month.keys().next(), self.by_month.keys().last())
        else {
            return Vec::new();
        };
        let parse = |m: &str| -> Option<(i32, u32)> {
            let (y, mo) = m.split_once('-')?;
            Some((y.parse().ok()?, mo.parse().ok()?))
        };
        let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else {
            return self.by_month.keys().cloned().collect();
        };
        let mut out = Vec::new();
        // Bounded: at most 100 years of months.
        while (y, m) <= end && out.len() < 1200 {
            out.push(format!("{y:04}-{m:02}"));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// Event types that occur, most frequent first.
    pub fn types_by_frequency(&self) -> Vec<(EventType, u64)> {
        let mut v: Vec<(EventType, u64)> = self.by_type.iter().map(|(t, n)| (*t, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// Official first, then independent, international, media; unattributed
/// last.
fn reporter_rank(r: FigureReporter) -> u8 {
    match r {
        FigureReporter::Official => 0,
        FigureReporter::Independent => 1,
        FigureReporter::International => 2,
        FigureReporter::Media => 3,
        FigureReporter::Unattributed => 4,
    }
}

pub(crate) fn compute(
    persons: &[SitePerson],
    events: &[PublicEvent],
    extras: crate::Extras,
) -> Statistics {
    let mut s = Statistics {
        events: events.len() as u64,
        ..Statistics::default()
    };
    for e in events {
        let d = e.date().start;
        *s.by_month
            .entry(format!("{:04}-{:02}", d.year, d.month))
            .or_default()
            .entry(e.event_type())
            .or_default() += 1;
        *s.by_type.entry(e.event_type()).or_default() += 1;
        match e.place_key().and_then(places::place) {
            Some(place) => {
                *s.by_region.entry(region_of(place)).or_default() += 1;
                if place.kind == "city" {
                    *s.by_city.entry(place.key).or_default() += 1;
                }
            }
            None => s.without_place += 1,
        }
    }
    for p in persons.iter().filter(|p| p.is_persecuted()) {
        s.persecuted += 1;
        *s.by_status.entry(p.status).or_default() += 1;
        if p.is_held() {
            s.held += 1;
            if p.recognised {
                s.political_prisoners += 1;
            }
        }
        match p.status {
            PersonStatus::Killed => s.killed += 1,
            PersonStatus::Missing => s.missing += 1,
            _ => {}
        }
    }
    s.assemblies = extras.assemblies;

    // Only figures of events that are on the site: the caller's list is
    // not trusted to hold nothing else.
    let published: BTreeSet<i64> = events.iter().map(|e| e.id()).collect();
    let mut groups: BTreeMap<String, Vec<ReportedFigure>> = BTreeMap::new();
    for f in extras.figures {
        if published.contains(&f.event_id) {
            groups.entry(f.subject()).or_default().push(f);
        }
    }
    s.figures = groups
        .into_iter()
        .map(|(subject, mut figures)| {
            figures.sort_by(|a, b| {
                reporter_rank(a.reported_by)
                    .cmp(&reporter_rank(b.reported_by))
                    .then(b.value.cmp(&a.value))
            });
            figures.dedup_by(|a, b| {
                a.value == b.value && a.reported_by == b.reported_by && a.reporter == b.reporter
            });
            FigureGroup { subject, figures }
        })
        .collect();
    // Groups with more than one reporter kind first: those are the ones
    // that show how far official and independent counts part.
    s.figures.sort_by_key(|g| {
        let kinds: BTreeSet<FigureReporter> = g.figures.iter().map(|f| f.reported_by).collect();
        std::cmp::Reverse(kinds.len())
    });
    s.estimates = extras
        .estimates
        .into_iter()
        .filter(|e| e.estimate.is_finite() && e.lower.is_finite() && e.upper.is_finite())
        .collect();
    s
}
