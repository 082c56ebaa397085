//! iCalendar (RFC 5545) feeds of court hearings, for calendar apps to
//! subscribe to.
//!
//! [`public_hearings`] renders [`PublicHearing`]s only, like every public
//! renderer. The line writer under it ([`calendar`] with [`Entry`]) is a
//! format, not a redaction: a monitor's private feed (served behind a
//! secret address, see decision 0014) uses it with what the monitor may
//! see anyway. Nothing else may.
//!
//! Times are written in UTC (`DTSTART:20261215T053000Z`), which every
//! calendar app reads without the VTIMEZONE block a `TZID` would need;
//! the court's clock is converted by [`kuager_case::HearingTime::utc`].
//! A hearing without a time is an all-day event.

use crate::public::PublicHearing;
use kuager_case::HearingTime;
use kuager_i18n::{tr, Locale};

/// What the site says about the calendar itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarInfo {
    /// Shown by calendar apps as the calendar's name.
    pub name: String,
    /// Makes entry UIDs globally unique: `hearing-<id>@<uid_domain>`.
    pub uid_domain: String,
    /// When the feed was made (RFC 3339 UTC, as the store writes times):
    /// every entry's DTSTAMP.
    pub generated_at: String,
}

/// One entry of a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub hearing_id: i64,
    pub at: HearingTime,
    pub summary: String,
    pub location: String,
    pub description: String,
}

/// Hearings take hours; courts announce only the start. Two hours keeps
/// the entry visible in calendar apps, which show a zero-length event as
/// a line.
const ASSUMED_DURATION: &str = "PT2H";

/// A whole VCALENDAR of `entries`.
pub fn calendar(info: &CalendarInfo, entries: &[Entry]) -> String {
    let mut out = String::new();
    let stamp = basic_utc(&info.generated_at);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Kuager//Trial monitoring//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&info.name)));
    for e in entries {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:hearing-{}@{}", e.hearing_id, escape(&info.uid_domain)),
        );
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        match e.at.utc() {
            Some((day, h, m)) => {
                line(
                    &mut out,
                    &format!(
                        "DTSTART:{:04}{:02}{:02}T{h:02}{m:02}00Z",
                        day.year, day.month, day.day
                    ),
                );
                line(&mut out, &format!("DURATION:{ASSUMED_DURATION}"));
            }
            None => {
                let d = e.at.day;
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{:04}{:02}{:02}", d.year, d.month, d.day),
                );
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The public calendar: hearings of published cases, with only what
/// redaction let through.
pub fn public_hearings(hearings: &[PublicHearing], info: &CalendarInfo, locale: Locale) -> String {
    let entries: Vec<Entry> = hearings
        .iter()
        .map(|h| {
            let case = h.case();
            let defendants = h.defendants();
            let who = if defendants.is_empty() {
                tr(locale, &case.event_type().message_id())
            } else {
                defendants.join(", ")
            };
            let mut location: Vec<String> = Vec::new();
            if let Some(room) = h.courtroom() {
                location.push(room.to_string());
            }
            if let Some(court) = h.court() {
                location.push(court.to_string());
            }
            if let Some(city) = h.place() {
                location.push(city.name(locale.code()).to_string());
            }
            let mut description = vec![
                tr(locale, &case.event_type().message_id()),
                tr(locale, &h.access().message_id()),
            ];
            if let Some(judge) = h.judge() {
                description.push(format!("{}: {judge}", tr(locale, "field-judge")));
            }
            Entry {
                hearing_id: h.id(),
                at: *h.at(),
                summary: format!("{}: {who}", tr(locale, &h.hearing_type().message_id())),
                location: location.join(", "),
                description: description.join("\n"),
            }
        })
        .collect();
    calendar(info, &entries)
}

/// `2026-12-01T22:42:53.123Z` as `20261201T224253Z`; the epoch when the
/// text is not such a time (the caller's clock is the store's, so it is).
fn basic_utc(rfc3339: &str) -> String {
    let digits: String = rfc3339
        .chars()
        .take(19)
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() == 14 {
        format!("{}T{}Z", &digits[..8], &digits[8..])
    } else {
        "19700101T000000Z".to_string()
    }
}

/// TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
/// line breaks as `\n`, other control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 3.1): CRLF and a
/// space before each continuation, never inside a UTF-8 sequence.
fn line(out: &mut String, content: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    for c in content.chars() {
        let width = c.len_utf8();
        if used + width > LIMIT {
            out.push_str("\r\n ");
            // The space counts towards the continuation line's octets.
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "Жанаөзен ".repeat(20));
        line(&mut out, &text);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert!(lines.len() > 3);
        assert_eq!(lines.last(), Some(&""));
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            if i > 0 && !l.is_empty() {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, text);
    }

    #[test]
    fn writes_timed_and_all_day_entries_in_utc() {
        let info = CalendarInfo {
            name: "Hearings".into(),
            uid_domain: "kuager.test".into(),
            generated_at: "2026-12-01T22:42:53.123Z".into(),
        };
        let entries = [
            Entry {
                hearing_id: 7,
                at: HearingTime::parse("2026-12-15 10:30").unwrap(),
                summary: "Appeal: A, B".into(),
                location: String::new(),
                description: String::new(),
            },
            Entry {
                hearing_id: 8,
                at: HearingTime::parse("2026-12-16").unwrap(),
                summary: "Merits".into(),
                location: "Court".into(),
                description: String::new(),
            },
        ];
        let ics = calendar(&info, &entries);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nUID:hearing-7@kuager.test\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261201T224253Z\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261215T053000Z\r\nDURATION:PT2H\r\n"));
        assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20261216\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Appeal: A\\, B\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    }
}
