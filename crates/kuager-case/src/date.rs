//! Dates of events as monitors know them: sometimes to the day, often only
//! to the month or year, sometimes "around", sometimes a range.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    /// Around the given day, month or year.
    Approximate,
    /// Some time between two dates.
    Range,
}

impl DatePrecision {
    pub const ALL: &'static [DatePrecision] = &[
        DatePrecision::Day,
        DatePrecision::Month,
        DatePrecision::Year,
        DatePrecision::Approximate,
        DatePrecision::Range,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Approximate => "approximate",
            DatePrecision::Range => "range",
        }
    }
    pub fn from_code(code: &str) -> Option<DatePrecision> {
        DatePrecision::ALL
            .iter()
            .copied()
            .find(|p| p.code() == code)
    }
}

/// A calendar day. Months and days are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Result<Day, DateError> {
        if !(1000..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Day { year, month, day })
    }

    /// `YYYY-MM-DD`: how days are stored, so text order is date order.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse_iso(s: &str) -> Result<Day, DateError> {
        let bad = || DateError::Format(s.to_string());
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let month = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let day = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        Day::new(year, month, day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// An event's date. `start` is the first day the date can mean, `end` the
/// last (equal for a known day), so events sort and filter by range. What
/// was actually known is in `precision` and, for approximate dates, in
/// `approx_of` (the precision of the rough date itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseDate {
    pub precision: DatePrecision,
    pub start: Day,
    pub end: Day,
}

/// Why a date could not be read. The messages are for people typing dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "{0:?} is not a date: write 2022-01-05, 2022-01, 2022, ~2022-01 or 2022-01-05..2022-01-12"
    )]
    Format(String),
    #[error("year {0} is out of range")]
    Year(i32),
    #[error("month {0} does not exist")]
    Month(u32),
    #[error("{year:04}-{month:02} has no day {day}")]
    Day { year: i32, month: u32, day: u32 },
    #[error("the range ends ({end}) before it starts ({start})")]
    Backwards { start: Day, end: Day },
    #[error("the date is empty")]
    Empty,
}

impl CaseDate {
    pub fn day(day: Day) -> CaseDate {
        CaseDate {
            precision: DatePrecision::Day,
            start: day,
            end: day,
        }
    }

    /// Reads what a monitor types: `2022-01-05`, `2022-01`, `2022`, a `~`
    /// (or `≈`, `ca.`) before any of these for "around", and
    /// `START..END` (or `START/END`) for a range. Also accepts the
    /// day-first form `05.01.2022` common in Russian and Kazakh texts.
    pub fn parse(input: &str) -> Result<CaseDate, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        for sep in ["..", "/", " – ", " - ", "—"] {
            if let Some((a, b)) = s.split_once(sep) {
                let a = CaseDate::parse_single(a.trim(), input)?;
                let b = CaseDate::parse_single(b.trim(), input)?;
                if b.end < a.start {
                    return Err(DateError::Backwards {
                        start: a.start,
                        end: b.end,
                    });
                }
                return Ok(CaseDate {
                    precision: DatePrecision::Range,
                    start: a.start,
                    end: b.end,
                });
            }
        }
        for mark in ["~", "≈", "ca.", "ок.", "около", "circa", "c."] {
            if let Some(rest) = s.strip_prefix(mark) {
                let d = CaseDate::parse_single(rest.trim(), input)?;
                return Ok(CaseDate {
                    precision: DatePrecision::Approximate,
                    ..d
                });
            }
        }
        CaseDate::parse_single(s, input)
    }

    fn parse_single(s: &str, whole: &str) -> Result<CaseDate, DateError> {
        let bad = || DateError::Format(whole.trim().to_string());
        let numbers: Vec<&str> = s.split(['-', '.']).collect();
        if numbers
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let num = |t: &str| t.parse::<u32>().map_err(|_| bad());
        match numbers.as_slice() {
            [y] if y.len() == 4 => {
                let year = num(y)? as i32;
                Ok(CaseDate {
                    precision: DatePrecision::Year,
                    start: Day::new(year, 1, 1)?,
                    end: Day::new(year, 12, 31)?,
                })
            }
            [y, m] if y.len() == 4 && m.len() <= 2 => {
                let (year, month) = (num(y)? as i32, num(m)?);
                Ok(CaseDate {
                    precision: DatePrecision::Month,
                    start: Day::new(year, month, 1)?,
                    end: Day::new(year, month, days_in_month(year, month).max(1))?,
                })
            }
            [m, y] if y.len() == 4 && m.len() <= 2 && s.contains('.') => {
                let (year, month) = (num(y)? as i32, num(m)?);
                Ok(CaseDate {
                    precision: DatePrecision::Month,
                    start: Day::new(year, month, 1)?,
                    end: Day::new(year, month, days_in_month(year, month).max(1))?,
                })
            }
            [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 && s.contains('-') => {
                Ok(CaseDate::day(Day::new(num(y)? as i32, num(m)?, num(d)?)?))
            }
            [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 && s.contains('.') => {
                Ok(CaseDate::day(Day::new(num(y)? as i32, num(m)?, num(d)?)?))
            }
            _ => Err(bad()),
        }
    }

    /// The canonical text form, which [`CaseDate::parse`] reads back.
    pub fn to_input(&self) -> String {
        match self.precision {
            DatePrecision::Day => self.start.iso(),
            DatePrecision::Month => format!("{:04}-{:02}", self.start.year, self.start.month),
            DatePrecision::Year => format!("{:04}", self.start.year),
            DatePrecision::Approximate => format!("~{}", self.rough_input()),
            DatePrecision::Range => format!("{}..{}", self.start.iso(), self.end.iso()),
        }
    }

    /// For an approximate date: the day, month or year it is around, judged
    /// from the span it covers.
    fn rough_input(&self) -> String {
        if self.start == self.end {
            self.start.iso()
        } else if self.start.year == self.end.year && self.start.month == self.end.month {
            format!("{:04}-{:02}", self.start.year, self.start.month)
        } else {
            format!("{:04}", self.start.year)
        }
    }

    /// What an approximate date is around: `Day`, `Month` or `Year`.
    pub fn rough_precision(&self) -> DatePrecision {
        if self.start == self.end {
            DatePrecision::Day
        } else if self.start.year == self.end.year && self.start.month == self.end.month {
            DatePrecision::Month
        } else {
            DatePrecision::Year
        }
    }

    /// Rebuilds a date from its stored parts, checking they agree.
    pub fn from_parts(precision: &str, start: &str, end: &str) -> Result<CaseDate, DateError> {
        let precision = DatePrecision::from_code(precision)
            .ok_or_else(|| DateError::Format(precision.into()))?;
        let start = Day::parse_iso(start)?;
        let end = Day::parse_iso(end)?;
        if end < start {
            return Err(DateError::Backwards { start, end });
        }
        Ok(CaseDate {
            precision,
            start,
            end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_monitors_type() {
        let d = CaseDate::parse("2022-01-05").unwrap();
        assert_eq!(d.precision, DatePrecision::Day);
        assert_eq!(d.start, Day::new(2022, 1, 5).unwrap());
        assert_eq!(CaseDate::parse("05.01.2022").unwrap(), d);
        let m = CaseDate::parse("2024-02").unwrap();
        assert_eq!(m.precision, DatePrecision::Month);
        assert_eq!(m.end.day, 29);
        let y = CaseDate::parse(" 2021 ").unwrap();
        assert_eq!((y.start.month, y.end.month, y.end.day), (1, 12, 31));
        let a = CaseDate::parse("~2022-01").unwrap();
        assert_eq!(a.precision, DatePrecision::Approximate);
        assert_eq!(a.rough_precision(), DatePrecision::Month);
        let r = CaseDate::parse("2022-01-04..2022-01-07").unwrap();
        assert_eq!(r.precision, DatePrecision::Range);
        assert_eq!(r.end, Day::new(2022, 1, 7).unwrap());
    }

    #[test]
    fn refuses_nonsense_with_a_reason() {
        assert_eq!(CaseDate::parse(""), Err(DateError::Empty));
        assert!(matches!(
            CaseDate::parse("yesterday"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            CaseDate::parse("2022-13"),
            Err(DateError::Month(13))
        ));
        assert!(matches!(
            CaseDate::parse("2023-02-29"),
            Err(DateError::Day { .. })
        ));
        assert!(matches!(
            CaseDate::parse("2022-02-01..2022-01-01"),
            Err(DateError::Backwards { .. })
        ));
        assert!(CaseDate::parse("2022-1-5x").is_err());
        assert!(CaseDate::parse("22-01-05").is_err());
    }

    proptest! {
        #[test]
        fn canonical_form_reads_back(y in 1990i32..2040, m in 1u32..=12, d in 1u32..=28, kind in 0usize..5, span in 0u32..40) {
            let day = Day::new(y, m, d).unwrap();
            let text = match kind {
                0 => day.iso(),
                1 => format!("{y:04}-{m:02}"),
                2 => format!("{y:04}"),
                3 => format!("~{}", day.iso()),
                _ => format!("{}..{}", day.iso(), Day::new(y + (span / 20) as i32, m, d).unwrap().iso()),
            };
            let parsed = CaseDate::parse(&text).unwrap();
            prop_assert_eq!(CaseDate::parse(&parsed.to_input()).unwrap(), parsed);
            prop_assert!(parsed.start <= parsed.end);
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = CaseDate::parse(&s);
        }
    }
}
