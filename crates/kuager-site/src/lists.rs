//! The public lists: who is on each, the readers' filters, sorting and
//! pages.

use crate::{Site, SitePerson, DEPRIVING};
use kuager_case::{Charge, Day, EventType, PersonStatus};
use std::collections::HashMap;

/// The lists the site publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Recognised as political prisoners (PACE Resolution 1900) and held now.
    PoliticalPrisoners,
    /// Everyone who is a victim of a published event.
    Persecuted,
    Killed,
    Missing,
    /// Deprived of liberty (detained, arrested, remanded, placed in a
    /// psychiatric hospital) in the chosen period.
    Detained,
}

impl ListKind {
    pub const ALL: &'static [ListKind] = &[
        ListKind::PoliticalPrisoners,
        ListKind::Persecuted,
        ListKind::Killed,
        ListKind::Missing,
        ListKind::Detained,
    ];

    /// The list's name in addresses and file names.
    pub fn code(self) -> &'static str {
        match self {
            ListKind::PoliticalPrisoners => "political-prisoners",
            ListKind::Persecuted => "persecuted",
            ListKind::Killed => "killed",
            ListKind::Missing => "missing",
            ListKind::Detained => "detained",
        }
    }

    pub fn from_code(code: &str) -> Option<ListKind> {
        ListKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// Fluent id of the list's title.
    pub fn message_id(self) -> String {
        format!("list-{}", self.code())
    }

    /// Is `p` on this list at all (before the reader's filters)?
    pub fn includes(self, p: &SitePerson) -> bool {
        match self {
            ListKind::PoliticalPrisoners => p.recognised && p.is_held(),
            ListKind::Persecuted => p.is_persecuted(),
            ListKind::Killed => p.status == PersonStatus::Killed,
            ListKind::Missing => p.status == PersonStatus::Missing,
            ListKind::Detained => p
                .victim_events
                .iter()
                .any(|(t, _, _)| DEPRIVING.contains(t)),
        }
    }
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    /// By name (anonymised people last).
    #[default]
    Name,
    /// Latest event first.
    Latest,
    /// By status, then name.
    Status,
}

impl Sort {
    pub const ALL: &'static [Sort] = &[Sort::Name, Sort::Latest, Sort::Status];
    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Latest => "latest",
            Sort::Status => "status",
        }
    }
    pub fn from_code(code: &str) -> Option<Sort> {
        Sort::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// A reader's question to a list. Every filter is optional; the period
/// keeps people with a (matching) victim event overlapping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub kind: ListKind,
    /// A region key, or one of the three cities of republican significance.
    pub region: Option<String>,
    /// A city key.
    pub city: Option<String>,
    pub event_type: Option<EventType>,
    pub charge: Option<Charge>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// Most rows a page may have (the API's `per_page` is capped to it).
pub const MAX_PER_PAGE: usize = 500;
pub const DEFAULT_PER_PAGE: usize = 50;

impl ListQuery {
    pub fn new(kind: ListKind) -> ListQuery {
        ListQuery {
            kind,
            region: None,
            city: None,
            event_type: None,
            charge: None,
            from: None,
            to: None,
            sort: Sort::Name,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }

    /// Does `p` pass the reader's filters (the list itself aside)?
    pub fn matches(&self, p: &SitePerson) -> bool {
        if let Some(r) = &self.region {
            if !p.regions.contains(r.as_str()) {
                return false;
            }
        }
        if let Some(c) = &self.city {
            if !p.cities.contains(c.as_str()) {
                return false;
            }
        }
        if let Some(t) = self.event_type {
            if !p.event_types.contains(&t) {
                return false;
            }
        }
        if let Some(c) = &self.charge {
            // A charge without a part matches every part of the article.
            let hit = p.charges.iter().any(|x| {
                x.code == c.code && x.article == c.article && (c.part.is_none() || x.part == c.part)
            });
            if !hit {
                return false;
            }
        }
        if self.from.is_some() || self.to.is_some() || self.kind == ListKind::Detained {
            let in_period = |start: Day, end: Day| {
                self.from.is_none_or(|f| end >= f) && self.to.is_none_or(|t| start <= t)
            };
            let hit = p.victim_events.iter().any(|(t, start, end)| {
                let kind_ok = match self.kind {
                    ListKind::Detained => DEPRIVING.contains(t),
                    _ => true,
                };
                let type_ok = self.event_type.is_none_or(|want| want == *t);
                kind_ok && type_ok && in_period(*start, *end)
            });
            if !hit {
                return false;
            }
        }
        true
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct ListPage<'a> {
    pub items: Vec<&'a SitePerson>,
    /// People on the list with the filters applied, on all pages.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
}

/// Each list's members worked out once per site, so a reader's page costs
/// a slice of a ready order rather than a pass over every published person
/// (issue 5's target: 2,000 list pages a second on 100,000 people).
#[derive(Debug, Clone, Default)]
pub(crate) struct ListIndex {
    /// Per list and order: positions in `Site::persons`.
    orders: HashMap<(ListKind, Sort), Vec<u32>>,
    /// Per list and order, then region key: positions.
    by_region: HashMap<(ListKind, Sort), HashMap<&'static str, Vec<u32>>>,
    /// Per month (`year * 12 + month - 1`): positions, ascending, of the
    /// people with a victim event overlapping it. A period's candidates
    /// are the people of its months; the exact check runs on them only.
    by_month: HashMap<i32, Vec<u32>>,
    /// People with an event too long to put in each of its months (a long
    /// sentence), ascending: candidates of every period.
    long_spans: Vec<u32>,
}

/// An event spanning more months than this (a long sentence) is not put
/// in every month; its people are candidates of every period instead.
const MAX_MONTHS_INDEXED: i32 = 36;
/// A period longer than this is answered by the list itself: marking its
/// months would cost more than checking every member.
const MAX_PERIOD_MONTHS: i32 = 600;

fn month_key(day: Day) -> i32 {
    day.year
        .saturating_mul(12)
        .saturating_add(day.month as i32 - 1)
}

impl ListIndex {
    pub(crate) fn build(persons: &[SitePerson]) -> ListIndex {
        let mut index = ListIndex::default();
        for &kind in ListKind::ALL {
            let members: Vec<u32> = persons
                .iter()
                .enumerate()
                .filter(|(_, p)| kind.includes(p))
                .filter_map(|(i, _)| u32::try_from(i).ok())
                .collect();
            let mut regions: HashMap<&'static str, Vec<u32>> = HashMap::new();
            for &i in &members {
                for region in &persons[i as usize].regions {
                    regions.entry(region).or_default().push(i);
                }
            }
            for &sort in Sort::ALL {
                for (region, people) in &regions {
                    let mut order = people.clone();
                    sort_positions(&mut order, persons, sort);
                    index
                        .by_region
                        .entry((kind, sort))
                        .or_default()
                        .insert(region, order);
                }
                let mut order = members.clone();
                sort_positions(&mut order, persons, sort);
                index.orders.insert((kind, sort), order);
            }
        }
        for (i, p) in persons.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            for &(_, start, end) in &p.victim_events {
                let (first, last) = (month_key(start), month_key(end));
                // Positions come in ascending order: a repeat is last.
                let add = |people: &mut Vec<u32>| {
                    if people.last() != Some(&i) {
                        people.push(i);
                    }
                };
                if last.saturating_sub(first) > MAX_MONTHS_INDEXED {
                    add(&mut index.long_spans);
                } else {
                    for m in first..=last {
                        add(index.by_month.entry(m).or_default());
                    }
                }
            }
        }
        index
    }

    fn members(&self, kind: ListKind, sort: Sort) -> &[u32] {
        self.orders.get(&(kind, sort)).map_or(&[], Vec::as_slice)
    }

    fn region(&self, kind: ListKind, region: &str, sort: Sort) -> &[u32] {
        self.by_region
            .get(&(kind, sort))
            .and_then(|regions| regions.get(region))
            .map_or(&[], Vec::as_slice)
    }

    /// Everyone with a victim event that may overlap the period from the
    /// start of `from`'s month to the end of `to`'s, ascending; `None` when
    /// the period is open at one end or very long (then every member is a
    /// candidate).
    fn period_candidates(
        &self,
        from: Option<Day>,
        to: Option<Day>,
        persons: usize,
    ) -> Option<Vec<u32>> {
        let (first, last) = (month_key(from?), month_key(to?));
        if last.saturating_sub(first) > MAX_PERIOD_MONTHS {
            return None;
        }
        let mut seen = vec![0u64; persons.div_ceil(64)];
        let mut mark = |people: &[u32]| {
            for &i in people {
                seen[i as usize / 64] |= 1 << (i % 64);
            }
        };
        mark(&self.long_spans);
        for m in first..=last {
            if let Some(people) = self.by_month.get(&m) {
                mark(people);
            }
        }
        let mut found = Vec::new();
        for (w, &word) in seen.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let b = bits.trailing_zeros();
                found.push(w as u32 * 64 + b);
                bits &= bits - 1;
            }
        }
        Some(found)
    }
}

/// Orders positions that are in name order; the sorts are stable, so
/// people who tie stay in name order.
fn sort_positions(order: &mut [u32], persons: &[SitePerson], sort: Sort) {
    let at = |i: &u32| &persons[*i as usize];
    match sort {
        Sort::Name => {}
        Sort::Latest => order.sort_by_key(|i| std::cmp::Reverse(at(i).last_event)),
        Sort::Status => order.sort_by_key(|i| at(i).status),
    }
}

impl ListQuery {
    /// Only the list, its order and perhaps a region: what the index holds
    /// ready.
    fn is_indexed(&self) -> bool {
        self.city.is_none()
            && self.event_type.is_none()
            && self.charge.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}

impl Site {
    /// Positions of everyone a query finds, in its order. A list, or a
    /// list in one region, is borrowed from the index ready-ordered; a
    /// period narrows to the people of its months; only those candidates
    /// go through the exact filters.
    fn found(&self, q: &ListQuery) -> std::borrow::Cow<'_, [u32]> {
        use std::borrow::Cow;
        let index = &self.lists;
        if q.is_indexed() {
            return Cow::Borrowed(match &q.region {
                Some(region) => index.region(q.kind, region, q.sort),
                None => index.members(q.kind, q.sort),
            });
        }
        let by_region = q
            .region
            .as_deref()
            .map(|r| index.region(q.kind, r, Sort::Name));
        let in_period = index.period_candidates(q.from, q.to, self.persons.len());
        let people = |i: &u32| &self.persons[*i as usize];
        let mut found: Vec<u32> = match (by_region, in_period) {
            // The period's people are fewer than a list's: check the list too.
            (_, Some(candidates)) => candidates
                .into_iter()
                .filter(|i| q.kind.includes(people(i)) && q.matches(people(i)))
                .collect(),
            (Some(candidates), None) => candidates
                .iter()
                .copied()
                .filter(|i| q.matches(people(i)))
                .collect(),
            (None, None) => index
                .members(q.kind, Sort::Name)
                .iter()
                .copied()
                .filter(|i| q.matches(people(i)))
                .collect(),
        };
        sort_positions(&mut found, &self.persons, q.sort);
        Cow::Owned(found)
    }

    /// Everyone a query finds, in its order (for exports).
    pub fn list_all(&self, q: &ListQuery) -> Vec<&SitePerson> {
        self.found(q)
            .iter()
            .map(|&i| &self.persons[i as usize])
            .collect()
    }

    /// One page of a list; a page past the end is empty (with the right
    /// total and page count).
    pub fn list(&self, q: &ListQuery) -> ListPage<'_> {
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let found = self.found(q);
        let total = found.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = q.page.max(1);
        let items = found
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|&i| &self.persons[i as usize])
            .collect();
        ListPage {
            items,
            total,
            page,
            pages,
            per_page,
        }
    }

    /// How many people each list holds (no filters): the home page's
    /// headline figures.
    pub fn list_sizes(&self) -> Vec<(ListKind, usize)> {
        ListKind::ALL
            .iter()
            .map(|&k| (k, self.lists.members(k, Sort::Name).len()))
            .collect()
    }
}
