//! The register of assembly notifications: who asked to hold what where,
//! what the authority answered and why, what happened; and the yearly
//! counts monitoring groups publish ("108 refusals in 22 cities in 2024,
//! 686 since 2020").

use crate::date::Day;
use crate::model::{FieldError, MAX_REPORT_TEXT, MAX_SHORT_TEXT};
use crate::vocab::{AssemblyAnswer, AssemblyOutcome, OrganiserKind, RefusalReason};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An assembly notification as an analyst enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyDraft {
    pub organiser_kind: OrganiserKind,
    /// The person or group who notified.
    pub organiser: String,
    /// The city (a place of the gazetteer): what the counts are per.
    pub place_key: String,
    /// Where in the city (square, park, street).
    pub place_detail: String,
    /// The day the assembly was to be held.
    pub date: Day,
    pub purpose: String,
    pub expected: Option<u32>,
    pub answer: AssemblyAnswer,
    /// Only with a refusal.
    pub refusal_reason: Option<RefusalReason>,
    /// The authority's words, or the reason when it is "other".
    pub refusal_detail: String,
    /// Not known until the day has passed.
    pub outcome: Option<AssemblyOutcome>,
}

impl AssemblyDraft {
    /// Every problem at once, by form field. A refusal must say why (the
    /// counts are per reason); a reason without a refusal is refused too,
    /// rather than quietly dropped.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut field = |field, message| errors.push(FieldError { field, message });
        if self.organiser.trim().is_empty() {
            field("organiser", "error-required");
        }
        for (name, value) in [
            ("organiser", &self.organiser),
            ("place_detail", &self.place_detail),
            ("refusal_detail", &self.refusal_detail),
        ] {
            if value.chars().count() > MAX_SHORT_TEXT {
                field(name, "error-too-long");
            }
        }
        if self.purpose.chars().count() > MAX_REPORT_TEXT {
            field("purpose", "error-too-long");
        }
        match crate::places::place(&self.place_key) {
            None => field("place", "error-choose-city"),
            Some(p) if p.kind != "city" => field("place", "error-choose-city"),
            Some(_) => {}
        }
        match (self.answer, self.refusal_reason) {
            (AssemblyAnswer::Refused, None) => field("refusal_reason", "error-refusal-reason"),
            (AssemblyAnswer::Refused, Some(RefusalReason::Other))
                if self.refusal_detail.trim().is_empty() =>
            {
                field("refusal_detail", "error-refusal-other")
            }
            (AssemblyAnswer::Agreed | AssemblyAnswer::NoAnswer, Some(_)) => {
                field("refusal_reason", "error-reason-without-refusal")
            }
            _ => {}
        }
        errors
    }
}

/// One stored notification as the counts see it, with how many there are
/// like it (the store groups them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyFact {
    pub year: i32,
    pub place_key: String,
    pub answer: AssemblyAnswer,
    pub reason: Option<RefusalReason>,
    pub count: u64,
}

/// One year's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct YearCounts {
    pub year: i32,
    pub notifications: u64,
    pub agreed: u64,
    pub refused: u64,
    pub no_answer: u64,
    /// Refusals per reason, in the order of [`RefusalReason::ALL`]: every
    /// reason every year, zeros included, so years compare row by row.
    pub by_reason: Vec<u64>,
    /// Refusals per city (place key), per reason in the same order.
    pub by_city: BTreeMap<String, Vec<u64>>,
}

impl YearCounts {
    /// Cities with at least one refusal.
    pub fn cities_with_refusals(&self) -> usize {
        self.by_city
            .values()
            .filter(|v| v.iter().sum::<u64>() > 0)
            .count()
    }
}

/// The counts of every year from the first notification to the last
/// (years without any are there, with zeros).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssemblyStats {
    pub years: Vec<YearCounts>,
    /// Reason codes, the order of every `by_reason` row.
    pub reasons: Vec<&'static str>,
    /// Every city with a refusal in any year.
    pub cities: BTreeSet<String>,
}

impl AssemblyStats {
    pub fn from_facts(facts: &[AssemblyFact]) -> AssemblyStats {
        let reasons = RefusalReason::ALL.iter().map(|r| r.code()).collect();
        let (Some(first), Some(last)) = (
            facts.iter().map(|f| f.year).min(),
            facts.iter().map(|f| f.year).max(),
        ) else {
            return AssemblyStats {
                reasons,
                ..Default::default()
            };
        };
        let width = RefusalReason::ALL.len();
        let mut years: Vec<YearCounts> = (first..=last)
            .map(|year| YearCounts {
                year,
                by_reason: vec![0; width],
                ..Default::default()
            })
            .collect();
        let mut cities = BTreeSet::new();
        for f in facts {
            // `first` is the least year, so the index is never negative.
            let Some(y) = usize::try_from(f.year - first)
                .ok()
                .and_then(|i| years.get_mut(i))
            else {
                continue;
            };
            y.notifications += f.count;
            match f.answer {
                AssemblyAnswer::Agreed => y.agreed += f.count,
                AssemblyAnswer::NoAnswer => y.no_answer += f.count,
                AssemblyAnswer::Refused => {
                    y.refused += f.count;
                    // A refusal stored without a reason (none should be)
                    // is counted as "other" so totals still add up.
                    let reason = f.reason.unwrap_or(RefusalReason::Other);
                    let index = RefusalReason::ALL
                        .iter()
                        .position(|r| *r == reason)
                        .unwrap_or(width - 1);
                    y.by_reason[index] += f.count;
                    y.by_city
                        .entry(f.place_key.clone())
                        .or_insert_with(|| vec![0; width])[index] += f.count;
                    cities.insert(f.place_key.clone());
                }
            }
        }
        AssemblyStats {
            years,
            reasons,
            cities,
        }
    }

    pub fn year(&self, year: i32) -> Option<&YearCounts> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Refusals from the first year up to and including `year`.
    pub fn refusals_through(&self, year: i32) -> u64 {
        self.years
            .iter()
            .filter(|y| y.year <= year)
            .map(|y| y.refused)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AssemblyDraft {
        AssemblyDraft {
            organiser_kind: OrganiserKind::Group,
            organiser: "Oyan, Qazaqstan".into(),
            place_key: "kz-almaty".into(),
            place_detail: "Park named after Shokan Ualikhanov".into(),
            date: Day::new(2024, 6, 1).unwrap(),
            purpose: "Against the new law on assemblies".into(),
            expected: Some(200),
            answer: AssemblyAnswer::Refused,
            refusal_reason: Some(RefusalReason::AnotherEvent),
            refusal_detail: String::new(),
            outcome: Some(AssemblyOutcome::NotHeld),
        }
    }

    #[test]
    fn a_refusal_must_say_why_and_only_a_refusal() {
        assert!(draft().validate().is_empty(), "{:?}", draft().validate());
        let mut d = draft();
        d.refusal_reason = None;
        assert_eq!(d.validate()[0].field, "refusal_reason");
        d.refusal_reason = Some(RefusalReason::Other);
        assert_eq!(d.validate()[0].message, "error-refusal-other");
        d.refusal_detail = "Quarantine".into();
        assert!(d.validate().is_empty());
        d.answer = AssemblyAnswer::Agreed;
        assert_eq!(d.validate()[0].message, "error-reason-without-refusal");
        let mut d = draft();
        d.place_key = "kz-almaty-region".into();
        d.organiser = " ".into();
        let fields: Vec<_> = d.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["organiser", "place"]);
    }

    #[test]
    fn counts_every_reason_every_year() {
        let fact = |year, place: &str, answer, reason, count| AssemblyFact {
            year,
            place_key: place.into(),
            answer,
            reason,
            count,
        };
        let facts = [
            fact(
                2020,
                "kz-almaty",
                AssemblyAnswer::Refused,
                Some(RefusalReason::Repairs),
                3,
            ),
            fact(2020, "kz-almaty", AssemblyAnswer::Agreed, None, 1),
            fact(
                2022,
                "kz-astana",
                AssemblyAnswer::Refused,
                Some(RefusalReason::PlaceNotDesignated),
                2,
            ),
            fact(
                2022,
                "kz-almaty",
                AssemblyAnswer::Refused,
                Some(RefusalReason::Repairs),
                1,
            ),
            fact(2022, "kz-shymkent", AssemblyAnswer::NoAnswer, None, 4),
        ];
        let stats = AssemblyStats::from_facts(&facts);
        let years: Vec<i32> = stats.years.iter().map(|y| y.year).collect();
        assert_eq!(years, [2020, 2021, 2022], "the empty year is shown");
        let y2021 = stats.year(2021).unwrap();
        assert_eq!(y2021.by_reason, vec![0; RefusalReason::ALL.len()]);
        let y2022 = stats.year(2022).unwrap();
        assert_eq!(
            (y2022.notifications, y2022.refused, y2022.no_answer),
            (7, 3, 4)
        );
        assert_eq!(y2022.by_reason, [2, 0, 1, 0, 0]);
        assert_eq!(y2022.cities_with_refusals(), 2);
        assert_eq!(stats.refusals_through(2022), 6);
        assert_eq!(stats.refusals_through(2021), 3);
        assert_eq!(stats.cities.len(), 2);
        assert_eq!(stats.reasons.len(), RefusalReason::ALL.len());
        assert!(AssemblyStats::from_facts(&[]).years.is_empty());
    }
}
