//! Dates, timestamps and numbers as each interface language writes them.

use crate::Locale;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Russian month names in the nominative ("январь 2022 г.").
const MONTHS_RU_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Russian month names in the genitive, used after a day ("12 января").
const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// The month's name as it stands alone (English capitalised, Russian and
/// Kazakh in lower case, Russian in the nominative). `None` unless 1–12.
pub fn month_name(locale: Locale, month: u32) -> Option<&'static str> {
    let index = month_index(month)?;
    Some(match locale {
        Locale::En => MONTHS_EN[index],
        Locale::Ru => MONTHS_RU_NOMINATIVE[index],
        Locale::Kk => MONTHS_KK[index],
    })
}

fn month_index(month: u32) -> Option<usize> {
    (1..=12).contains(&month).then(|| month as usize - 1)
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A full date: en "12 January 2022", ru "12 января 2022 г.",
/// kk "2022 жылғы 12 қаңтар". A date that does not exist is written as
/// "YYYY-MM-DD".
pub fn format_day(locale: Locale, year: i32, month: u32, day: u32) -> String {
    let Some(index) =
        month_index(month).filter(|_| (1..=days_in_month(year, month)).contains(&day))
    else {
        return format!("{year:04}-{month:02}-{day:02}");
    };
    match locale {
        Locale::En => format!("{day} {} {year}", MONTHS_EN[index]),
        Locale::Ru => format!("{day} {} {year}\u{a0}г.", MONTHS_RU_GENITIVE[index]),
        Locale::Kk => format!("{year} жылғы {day} {}", MONTHS_KK[index]),
    }
}

/// A month: en "January 2022", ru "январь 2022 г.", kk "2022 жылғы қаңтар".
/// A month outside 1–12 is written as "YYYY-MM".
pub fn format_month(locale: Locale, year: i32, month: u32) -> String {
    let Some(index) = month_index(month) else {
        return format!("{year:04}-{month:02}");
    };
    match locale {
        Locale::En => format!("{} {year}", MONTHS_EN[index]),
        Locale::Ru => format!("{} {year}\u{a0}г.", MONTHS_RU_NOMINATIVE[index]),
        Locale::Kk => format!("{year} жылғы {}", MONTHS_KK[index]),
    }
}

/// A year: en "2022", ru "2022 г.", kk "2022 ж.".
pub fn format_year(locale: Locale, year: i32) -> String {
    match locale {
        Locale::En => year.to_string(),
        Locale::Ru => format!("{year}\u{a0}г."),
        Locale::Kk => format!("{year}\u{a0}ж."),
    }
}

/// Writes the digits of `n` in groups of three joined by `separator`.
pub(crate) fn group_digits(n: i64, separator: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// An integer with the locale's digit grouping: en "12,345"; ru and kk
/// "12 345" with a no-break space (U+00A0) between the groups.
pub fn format_number(locale: Locale, n: i64) -> String {
    match locale {
        Locale::En => group_digits(n, ","),
        Locale::Ru | Locale::Kk => group_digits(n, "\u{a0}"),
    }
}

/// A moment in UTC, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UtcMinute {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
}

/// Reads `digits` ASCII digits at the front of `s`.
fn take_number(s: &[u8], digits: usize) -> Option<(u32, &[u8])> {
    if s.len() < digits || !s[..digits].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = s[..digits]
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
    Some((value, &s[digits..]))
}

fn expect(s: &[u8], byte: u8) -> Option<&[u8]> {
    s.strip_prefix(&[byte])
}

/// Parses an RFC 3339 date-time ("2026-11-22T03:04:05Z", with optional
/// fraction of a second and a numeric offset) into UTC.
fn parse_rfc3339(text: &str) -> Option<UtcMinute> {
    let s = text.trim().as_bytes();
    let (year, s) = take_number(s, 4)?;
    let (month, s) = take_number(expect(s, b'-')?, 2)?;
    let (day, s) = take_number(expect(s, b'-')?, 2)?;
    let s = match s.first()? {
        b'T' | b't' | b' ' => &s[1..],
        _ => return None,
    };
    let (hour, s) = take_number(s, 2)?;
    let (minute, s) = take_number(expect(s, b':')?, 2)?;
    let (second, mut s) = take_number(expect(s, b':')?, 2)?;
    if let Some(rest) = s.strip_prefix(b".") {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        s = &rest[digits..];
    }
    let offset_minutes: i64 = match s {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, rest) = take_number(rest, 2)?;
            let (om, rest) = take_number(expect(rest, b':')?, 2)?;
            if !rest.is_empty() || oh > 23 || om > 59 {
                return None;
            }
            let minutes = i64::from(oh * 60 + om);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let year = i32::try_from(year).ok()?;
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let local = UtcMinute {
        year,
        month,
        day,
        hour,
        minute,
    };
    Some(shift_minutes(local, -offset_minutes))
}

/// Moves a moment by less than a day's worth of minutes in either direction.
fn shift_minutes(t: UtcMinute, delta: i64) -> UtcMinute {
    let mut total = i64::from(t.hour * 60 + t.minute) + delta;
    let (mut year, mut month, mut day) = (t.year, t.month, t.day);
    if total < 0 {
        total += 24 * 60;
        if day > 1 {
            day -= 1;
        } else if month > 1 {
            month -= 1;
            day = days_in_month(year, month);
        } else {
            year -= 1;
            month = 12;
            day = 31;
        }
    } else if total >= 24 * 60 {
        total -= 24 * 60;
        if day < days_in_month(year, month) {
            day += 1;
        } else if month < 12 {
            month += 1;
            day = 1;
        } else {
            year += 1;
            month = 1;
            day = 1;
        }
    }
    UtcMinute {
        year,
        month,
        day,
        hour: (total / 60) as u32,
        minute: (total % 60) as u32,
    }
}

/// A timestamp in RFC 3339 ("2026-11-22T03:04:05Z"; other offsets are
/// converted to UTC) shown to the minute: en "22 November 2026, 03:04 UTC",
/// ru "22 ноября 2026 г., 03:04 UTC", kk "2026 жылғы 22 қараша, 03:04 UTC".
/// Text that does not parse is returned unchanged.
pub fn format_timestamp(locale: Locale, rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(t) => format!(
            "{}, {:02}:{:02} UTC",
            format_day(locale, t.year, t.month, t.day),
            t.hour,
            t.minute
        ),
        None => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(group_digits(0, ","), "0");
        assert_eq!(group_digits(999, ","), "999");
        assert_eq!(group_digits(1000, ","), "1,000");
        assert_eq!(group_digits(-1234567, ","), "-1,234,567");
        assert_eq!(group_digits(i64::MIN, ","), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn parses_offsets_and_fractions() {
        let t = parse_rfc3339("2026-11-22T03:04:05.123+05:00").unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute),
            (2026, 11, 21, 22, 4)
        );
        let t = parse_rfc3339("2023-12-31t23:30:00-01:00").unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute),
            (2024, 1, 1, 0, 30)
        );
        let t = parse_rfc3339("2024-03-01 00:10:00+00:30").unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute),
            (2024, 2, 29, 23, 40)
        );
        for bad in [
            "",
            "2026-11-22",
            "2026-11-22T03:04:05",
            "2026-11-22T03:04Z",
            "2026-13-22T03:04:05Z",
            "2026-02-29T03:04:05Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T03:04:05.Z",
            "2026-11-22T03:04:05+0500",
            "2026-11-22T03:04:05Zjunk",
            "２０２６-11-22T03:04:05Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
