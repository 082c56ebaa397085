//! The public lists: who is on each, the readers' filters, sorting and
//! pages.

use crate::{Site, SitePerson, DEPRIVING};
use kuager_case::{Charge, Day, EventType, PersonStatus};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    fn matches(&self, p: &SitePerson) -> bool {
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

impl Site {
    /// Everyone a query finds, in its order (for exports).
    pub fn list_all(&self, q: &ListQuery) -> Vec<&SitePerson> {
        let mut found: Vec<&SitePerson> = self
            .persons
            .iter()
            .filter(|p| q.kind.includes(p) && q.matches(p))
            .collect();
        match q.sort {
            // Persons are kept in name order already.
            Sort::Name => {}
            Sort::Latest => found.sort_by_key(|p| std::cmp::Reverse(p.last_event)),
            Sort::Status => found.sort_by_key(|p| p.status),
        }
        found
    }

    /// One page of a list; a page past the end is empty (with the right
    /// total and page count).
    pub fn list(&self, q: &ListQuery) -> ListPage<'_> {
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let found = self.list_all(q);
        let total = found.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = q.page.max(1);
        let items = found
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
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
            .map(|&k| (k, self.persons.iter().filter(|p| k.includes(p)).count()))
            .collect()
    }
}
