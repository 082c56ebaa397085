//! Trial monitoring: court hearings in a person's case, monitors' reports
//! on a fair-trial checklist, and what those reports add up to per court
//! and per judge.
//!
//! A hearing belongs to a *case*, which in the register is an event (the
//! charge, the detention, the conviction) whose victim is the defendant:
//! the event carries the people, their consent and the publication
//! decision, so a hearing is public exactly when its case is.

use crate::date::{days_in_month, Day};
use crate::model::{FieldError, MAX_REPORT_TEXT, MAX_SHORT_TEXT};
use crate::vocab::{ChecklistAnswer, FairTrialStandard, HearingAccess, HearingType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// When a hearing is set: a day and, when the court gave one, a time of
/// day, both as the court's clock shows them (Kazakhstan time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HearingTime {
    pub day: Day,
    /// Hours and minutes, when known.
    pub time: Option<(u8, u8)>,
}

/// Why a hearing time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HearingTimeError {
    #[error("{0:?} is not a hearing date: write 2026-12-15 10:30, 15.12.2026 10:30 or 2026-12-15")]
    Format(String),
    #[error("{0:?} is not a time of day (00:00 to 23:59)")]
    Time(String),
    #[error(transparent)]
    Date(#[from] crate::date::DateError),
}

impl HearingTime {
    /// Reads `2026-12-15 10:30`, `2026-12-15T10:30`, `15.12.2026 10:30`,
    /// or a day alone when the time is not known yet.
    pub fn parse(input: &str) -> Result<HearingTime, HearingTimeError> {
        let s = input.trim();
        let bad = || HearingTimeError::Format(input.to_string());
        if s.is_empty() {
            return Err(bad());
        }
        let (day_part, time_part) = match s.split_once(['T', ' ']) {
            Some((d, t)) => (d.trim(), Some(t.trim())),
            None => (s, None),
        };
        let day = if let Some((d, rest)) = day_part.split_once('.') {
            // Day-first, as Russian and Kazakh court notices write it.
            let (m, y) = rest.split_once('.').ok_or_else(bad)?;
            let num = |v: &str| v.parse::<u32>().map_err(|_| bad());
            let year = i32::try_from(num(y)?).map_err(|_| bad())?;
            Day::new(year, num(m)?, num(d)?)?
        } else {
            Day::parse_iso(day_part).map_err(|_| bad())?
        };
        let time = match time_part {
            None | Some("") => None,
            Some(t) => Some(parse_clock(t).ok_or_else(|| HearingTimeError::Time(t.to_string()))?),
        };
        Ok(HearingTime { day, time })
    }

    /// The form [`HearingTime::parse`] reads back: `2026-12-15 10:30`.
    pub fn to_input(&self) -> String {
        match self.time {
            Some((h, m)) => format!("{} {h:02}:{m:02}", self.day.iso()),
            None => self.day.iso(),
        }
    }

    /// `HH:MM`, as stored, when the time is known.
    pub fn clock(&self) -> Option<String> {
        self.time.map(|(h, m)| format!("{h:02}:{m:02}"))
    }

    /// From the stored day (`YYYY-MM-DD`) and optional `HH:MM`.
    pub fn from_stored(day: &str, clock: Option<&str>) -> Result<HearingTime, HearingTimeError> {
        let day = Day::parse_iso(day)?;
        let time = match clock {
            None => None,
            Some(c) => Some(parse_clock(c).ok_or_else(|| HearingTimeError::Time(c.to_string()))?),
        };
        Ok(HearingTime { day, time })
    }

    /// The moment in UTC (day, hour, minute), when the time is known.
    pub fn utc(&self) -> Option<(Day, u8, u8)> {
        let (h, m) = self.time?;
        let offset = kazakhstan_utc_offset_hours(self.day);
        let hour = i32::from(h) - offset;
        if hour >= 0 {
            // Both values are in 0..24 here.
            Some((self.day, hour as u8, m))
        } else {
            Some((previous_day(self.day), (hour + 24) as u8, m))
        }
    }
}

impl fmt::Display for HearingTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_input())
    }
}

fn parse_clock(t: &str) -> Option<(u8, u8)> {
    let (h, m) = t.split_once([':', '.'])?;
    let (h, m): (u8, u8) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Hours Kazakhstan's courts are ahead of UTC on `day`. The whole country
/// has kept UTC+5 since 1 March 2024; before that Almaty and Astana (where
/// most monitored trials were) kept UTC+6, which is used for earlier dates.
pub fn kazakhstan_utc_offset_hours(day: Day) -> i32 {
    if (day.year, day.month) >= (2024, 3) {
        5
    } else {
        6
    }
}

fn previous_day(d: Day) -> Day {
    if d.day > 1 {
        Day {
            day: d.day - 1,
            ..d
        }
    } else if d.month > 1 {
        let month = d.month - 1;
        Day {
            year: d.year,
            month,
            day: days_in_month(d.year, month),
        }
    } else {
        Day {
            year: d.year - 1,
            month: 12,
            day: 31,
        }
    }
}

/// A hearing as an analyst schedules it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingDraft {
    /// The case: an event of the register (see the module comment).
    pub event_id: i64,
    pub court: String,
    pub judge: String,
    /// The city of the court (a place of the gazetteer), if picked.
    pub place_key: Option<String>,
    pub courtroom: String,
    pub at: HearingTime,
    pub hearing_type: HearingType,
    pub access: HearingAccess,
}

impl HearingDraft {
    /// Every problem at once, by form field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut field = |field, message| errors.push(FieldError { field, message });
        if self.court.trim().is_empty() {
            field("court", "error-required");
        }
        for (name, value) in [
            ("court", &self.court),
            ("judge", &self.judge),
            ("courtroom", &self.courtroom),
        ] {
            if value.chars().count() > MAX_SHORT_TEXT {
                field(name, "error-too-long");
            }
        }
        if let Some(key) = &self.place_key {
            if crate::places::place(key).is_none() {
                field("place", "error-unknown-place");
            }
        }
        errors
    }
}

/// A monitor's report on one hearing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringDraft {
    /// False when the hearing was postponed or did not sit.
    pub took_place: bool,
    /// A finding for each standard of the checklist.
    pub answers: BTreeMap<FairTrialStandard, ChecklistAnswer>,
    /// What the monitor saw, in their words (confidential: sealed).
    pub notes: String,
    /// The next hearing the court set, if it did.
    pub next_hearing: Option<HearingTime>,
}

impl MonitoringDraft {
    /// Every problem at once. A report must answer every standard (even if
    /// "unclear"), so that counts across hearings compare like with like;
    /// the next hearing must come after this one.
    pub fn validate(&self, this_hearing: &HearingTime) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for s in FairTrialStandard::ALL {
            if !self.answers.contains_key(s) {
                errors.push(FieldError {
                    field: standard_field(*s),
                    message: "error-answer-every-item",
                });
            }
        }
        if self.notes.chars().count() > MAX_REPORT_TEXT {
            errors.push(FieldError {
                field: "notes",
                message: "error-too-long",
            });
        }
        if let Some(next) = &self.next_hearing {
            if next.day <= this_hearing.day {
                errors.push(FieldError {
                    field: "next_hearing",
                    message: "error-next-hearing-before",
                });
            }
        }
        errors
    }
}

/// The form field of a checklist item: `answer_<code>`.
pub fn standard_field(s: FairTrialStandard) -> &'static str {
    match s {
        FairTrialStandard::PublicHearing => "answer_public-hearing",
        FairTrialStandard::ObserversAdmitted => "answer_observers-admitted",
        FairTrialStandard::RelativesAdmitted => "answer_relatives-admitted",
        FairTrialStandard::TimeToPrepare => "answer_time-to-prepare",
        FairTrialStandard::LawyerOfChoice => "answer_lawyer-of-choice",
        FairTrialStandard::PresumptionOfInnocence => "answer_presumption-of-innocence",
        FairTrialStandard::EqualityOfArms => "answer_equality-of-arms",
        FairTrialStandard::Interpreter => "answer_interpreter",
        FairTrialStandard::NoCage => "answer_no-cage",
        FairTrialStandard::TortureComplaintsExamined => "answer_torture-complaints-examined",
        FairTrialStandard::ReasonedJudgment => "answer_reasoned-judgment",
    }
}

/// The findings of many reports on one court or one judge: per standard,
/// how many reports gave each answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChecklistTally {
    /// The name as most often written.
    pub name: String,
    /// Reports counted (hearings that sat and were reported on).
    pub reports: usize,
    /// Distinct hearings among them.
    pub hearings: usize,
    counts: BTreeMap<FairTrialStandard, [usize; 4]>,
}

impl ChecklistTally {
    pub fn count(&self, standard: FairTrialStandard, answer: ChecklistAnswer) -> usize {
        let index = ChecklistAnswer::ALL
            .iter()
            .position(|a| *a == answer)
            .unwrap_or(0);
        self.counts.get(&standard).map_or(0, |c| c[index])
    }

    /// Standards found violated at least once, most often first.
    pub fn violations(&self) -> Vec<(FairTrialStandard, usize)> {
        let mut v: Vec<_> = FairTrialStandard::ALL
            .iter()
            .map(|s| (*s, self.count(*s, ChecklistAnswer::Violated)))
            .filter(|(_, n)| *n > 0)
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// One report's findings, with where it was heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    pub hearing_id: i64,
    pub court: &'a str,
    pub judge: &'a str,
    pub answers: &'a BTreeMap<FairTrialStandard, ChecklistAnswer>,
}

/// Courts or judges as typed differently by different analysts ("Алматинский
/// городской суд", "алматинский  городской суд ") are one: compared by
/// their words, case-folded.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tallies findings per court (`by_judge` false) or per judge, keyed by
/// [`name_key`]; reports with no court or judge named are left out.
pub fn summarise(findings: &[Finding<'_>], by_judge: bool) -> Vec<ChecklistTally> {
    struct Acc<'a> {
        spellings: BTreeMap<&'a str, usize>,
        hearings: std::collections::BTreeSet<i64>,
        tally: ChecklistTally,
    }
    let mut groups: BTreeMap<String, Acc<'_>> = BTreeMap::new();
    for f in findings {
        let name = if by_judge { f.judge } else { f.court }.trim();
        if name.is_empty() {
            continue;
        }
        let acc = groups.entry(name_key(name)).or_insert_with(|| Acc {
            spellings: BTreeMap::new(),
            hearings: Default::default(),
            tally: ChecklistTally::default(),
        });
        *acc.spellings.entry(name).or_default() += 1;
        acc.hearings.insert(f.hearing_id);
        acc.tally.reports += 1;
        for (standard, answer) in f.answers {
            let index = ChecklistAnswer::ALL
                .iter()
                .position(|a| a == answer)
                .unwrap_or(0);
            acc.tally.counts.entry(*standard).or_insert([0; 4])[index] += 1;
        }
    }
    let mut out: Vec<ChecklistTally> = groups
        .into_values()
        .map(|mut acc| {
            // The most frequent spelling; the first in order on a tie.
            let mut best: Option<(&str, usize)> = None;
            for (s, n) in &acc.spellings {
                if best.is_none_or(|(_, m)| *n > m) {
                    best = Some((s, *n));
                }
            }
            acc.tally.name = best.map(|(s, _)| s.to_string()).unwrap_or_default();
            acc.tally.hearings = acc.hearings.len();
            acc.tally
        })
        .collect();
    out.sort_by(|a, b| {
        b.violations()
            .iter()
            .map(|v| v.1)
            .sum::<usize>()
            .cmp(&a.violations().iter().map(|v| v.1).sum::<usize>())
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hearing_times_in_both_orders() {
        let t = HearingTime::parse("2026-12-15 10:30").unwrap();
        assert_eq!(t.day, Day::new(2026, 12, 15).unwrap());
        assert_eq!(t.time, Some((10, 30)));
        assert_eq!(HearingTime::parse("15.12.2026 10:30").unwrap(), t);
        assert_eq!(HearingTime::parse("2026-12-15T10:30").unwrap(), t);
        assert_eq!(t.to_input(), "2026-12-15 10:30");
        assert_eq!(HearingTime::parse(&t.to_input()).unwrap(), t);
        let day_only = HearingTime::parse("2026-12-15").unwrap();
        assert_eq!(day_only.time, None);
        assert!(matches!(
            HearingTime::parse("2026-12-15 25:00"),
            Err(HearingTimeError::Time(_))
        ));
        assert!(HearingTime::parse("next week").is_err());
        assert!(HearingTime::parse("31.02.2026").is_err());
        assert!(HearingTime::parse("").is_err());
    }

    #[test]
    fn converts_court_time_to_utc() {
        // UTC+5 since March 2024.
        let t = HearingTime::parse("2026-12-15 10:30").unwrap();
        assert_eq!(t.utc(), Some((Day::new(2026, 12, 15).unwrap(), 5, 30)));
        // Early morning falls on the day before in UTC, across a year end.
        let t = HearingTime::parse("2027-01-01 03:00").unwrap();
        assert_eq!(t.utc(), Some((Day::new(2026, 12, 31).unwrap(), 22, 0)));
        // UTC+6 in Almaty before.
        let t = HearingTime::parse("2022-03-01 05:00").unwrap();
        assert_eq!(t.utc(), Some((Day::new(2022, 2, 28).unwrap(), 23, 0)));
        assert_eq!(HearingTime::parse("2026-12-15").unwrap().utc(), None);
    }

    #[test]
    fn a_report_answers_every_item_and_the_next_hearing_comes_later() {
        let this = HearingTime::parse("2026-12-15 10:00").unwrap();
        let mut r = MonitoringDraft {
            took_place: true,
            next_hearing: Some(HearingTime::parse("2026-12-10").unwrap()),
            ..Default::default()
        };
        let errors = r.validate(&this);
        assert_eq!(errors.len(), FairTrialStandard::ALL.len() + 1);
        assert!(errors.iter().any(|e| e.field == "answer_no-cage"));
        assert!(errors.iter().any(|e| e.field == "next_hearing"));
        for s in FairTrialStandard::ALL {
            r.answers.insert(*s, ChecklistAnswer::Respected);
        }
        r.next_hearing = Some(HearingTime::parse("2026-12-22 11:00").unwrap());
        assert!(r.validate(&this).is_empty());
        for s in FairTrialStandard::ALL {
            assert_eq!(standard_field(*s), format!("answer_{}", s.code()));
        }
    }

    #[test]
    fn summaries_join_spellings_and_count_answers() {
        let caged: BTreeMap<_, _> = [
            (FairTrialStandard::NoCage, ChecklistAnswer::Violated),
            (
                FairTrialStandard::Interpreter,
                ChecklistAnswer::NotApplicable,
            ),
        ]
        .into();
        let fine: BTreeMap<_, _> = [(FairTrialStandard::NoCage, ChecklistAnswer::Respected)].into();
        let findings = [
            Finding {
                hearing_id: 1,
                court: "Алматинский городской суд",
                judge: "Иванов",
                answers: &caged,
            },
            Finding {
                hearing_id: 2,
                court: " алматинский  городской суд",
                judge: "Иванов",
                answers: &caged,
            },
            Finding {
                hearing_id: 2,
                court: "Алматинский городской суд",
                judge: "",
                answers: &fine,
            },
            Finding {
                hearing_id: 3,
                court: "Zhanaozen City Court",
                judge: "Petrov",
                answers: &fine,
            },
        ];
        let courts = summarise(&findings, false);
        assert_eq!(courts.len(), 2);
        let almaty = &courts[0];
        assert_eq!(almaty.name, "Алматинский городской суд");
        assert_eq!((almaty.reports, almaty.hearings), (3, 2));
        assert_eq!(
            almaty.count(FairTrialStandard::NoCage, ChecklistAnswer::Violated),
            2
        );
        assert_eq!(
            almaty.count(FairTrialStandard::NoCage, ChecklistAnswer::Respected),
            1
        );
        assert_eq!(almaty.violations(), [(FairTrialStandard::NoCage, 2)]);
        let judges = summarise(&findings, true);
        assert_eq!(judges.len(), 2, "a report without a judge is not counted");
        assert_eq!(judges[0].name, "Иванов");
        assert_eq!(judges[1].violations(), []);
    }
}
