//! Dates: finds the spans of a text that state a calendar date, in English,
//! Russian or Kazakh, with the precision the text gives.
//!
//! Recognised forms (day numbers are checked against the month, leap years
//! included; full dates need a year from 1800 to 2099):
//!
//! * English: "11 October 2018", "10 January, 2021", "11th of October
//!   2018", "October 11, 2018", "Oct. 11 2018"; month precision "January
//!   2022", "January of 2022". English month names must be capitalised
//!   ("may" is a verb).
//! * Russian: "10 января 2021", "10 января 2021 года", "10 января 2021 г.",
//!   "10-го января 2021"; month precision "в январе 2022 года", "январь
//!   2022"; year precision "в 2016 году", "2016 г.".
//! * Kazakh: "2021 жылғы 10 қаңтар", "2021 жылы 10 қаңтарда", "10 қаңтар
//!   2021 жыл"; month precision "2022 жылдың қаңтарында", "2022 жылғы
//!   қаңтар"; year precision "2016 жылы". Month names may carry case
//!   endings (қаңтарда, шілдесінде).
//! * Numeric: "21.03.2018" (day first, as written in Kazakhstan),
//!   "2018-03-21". Two-digit years ("21.03.18") and slashed dates are
//!   ambiguous and not read.
//! * A bare year (1900-2099) only where the text says it is one: after
//!   in/since/by/from/of/year/until/before/after/during/to/through/early/
//!   mid/late (в/во/с/со/до/к/после/от/по/начиная в Russian), or before a
//!   year word (году, г., жылы). "in 2000 people" is not a year: a year
//!   followed by a counted noun is left to the figure extractor. A year
//!   range "2016-2018" is one by itself and gives both years.
//!
//! Decisions:
//!
//! * The span covers the date exactly as written, with the year word that
//!   follows it ("10 января 2021 года", "2016 году", "21.03.2018 г.") but
//!   without a preposition before it ("in", "в", "с").
//! * A day and month without a year ("11 December", "December 21",
//!   "23 ноября") is emitted only when a year can be inferred: from the
//!   full date it is a range with ("17 September - 2 October 2018"), else
//!   from the nearest preceding date in the text that states a month and a
//!   year, choosing of that year, the one before and the one after the
//!   year that puts the date closest to it (a newsletter dated January 10,
//!   2021 that speaks of "11 December" means December 2020). Without such
//!   a date it is skipped.
//! * A range of days "Between 17-18 September 2018" gives two mentions:
//!   "17" (2018-09-17) and "18 September 2018" (2018-09-18). The same for
//!   "17 and 18 September", "с 17 по 18 сентября 2018 года" and
//!   "January 10-12, 2021".

use crate::places::gazetteer::tokens::{tokenize, FastMap, Kind, Token};
use kuager_domain::{DateMention, PartialDate, Span};
use std::sync::LazyLock;

/// Find every date stated in `text`, in text order.
pub fn extract(text: &str) -> Vec<DateMention> {
    let toks = tokenize(text);
    found(&toks)
        .into_iter()
        .map(|(s, e, date)| {
            let (a, b) = (&toks[s], &toks[e - 1]);
            DateMention {
                span: Span::new(a.cstart, b.cend),
                text: text[a.start..b.end].to_string(),
                date,
            }
        })
        .collect()
}

/// The dates among `toks`, as (first token, end token, date).
pub(crate) fn found(toks: &[Token<'_>]) -> Vec<(usize, usize, PartialDate)> {
    let mut out: Vec<(usize, usize, PartialDate)> = Vec::new();
    let mut reference: Option<PartialDate> = None;
    let mut i = 0;
    while i < toks.len() {
        let Some(hits) = at(toks, i, reference) else {
            i += 1;
            continue;
        };
        let mut next = i + 1;
        for h in hits {
            next = next.max(h.end);
            if h.invalid {
                continue;
            }
            if h.stated && h.date.month.is_some() {
                reference = Some(h.date);
            }
            out.push((h.start, h.end, h.date));
        }
        i = next;
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Ru,
    Kk,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    date: PartialDate,
    /// The year is written, not inferred.
    stated: bool,
    /// A date-shaped text that is no date ("31 February 2020"): skipped
    /// whole, emitted not at all.
    invalid: bool,
}

static EN_MONTHS: LazyLock<FastMap<&'static str, (u8, bool)>> = LazyLock::new(|| {
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let short = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ];
    let mut m = FastMap::default();
    for (n, name) in (1u8..).zip(full) {
        m.insert(name, (n, false));
    }
    for (name, n) in short {
        m.insert(name, (n, true));
    }
    m
});

static RU_MONTHS: LazyLock<FastMap<String, (u8, bool)>> = LazyLock::new(|| {
    // Stems whose forms end in ь/я/е/ю/ем (январь, января, январе ...).
    let soft = [
        ("январ", 1),
        ("феврал", 2),
        ("апрел", 4),
        ("июн", 6),
        ("июл", 7),
        ("сентябр", 9),
        ("октябр", 10),
        ("ноябр", 11),
        ("декабр", 12),
    ];
    let mut m = FastMap::default();
    for (stem, n) in soft {
        for e in ["ь", "я", "е", "ю", "ем"] {
            m.insert(format!("{stem}{e}"), (n, false));
        }
    }
    for (stem, n) in [("март", 3), ("август", 8)] {
        for e in ["", "а", "е", "у", "ом"] {
            m.insert(format!("{stem}{e}"), (n, false));
        }
    }
    for f in ["май", "мая", "мае", "маю", "маем"] {
        m.insert(f.to_string(), (5, false));
    }
    for (a, n) in [
        ("янв", 1),
        ("фев", 2),
        ("февр", 2),
        ("мар", 3),
        ("апр", 4),
        ("авг", 8),
        ("сен", 9),
        ("сент", 9),
        ("окт", 10),
        ("ноя", 11),
        ("нояб", 11),
        ("дек", 12),
    ] {
        m.insert(a.to_string(), (n, true));
    }
    m
});

const KK_MONTHS: &[(&str, u8)] = &[
    ("қаңтар", 1),
    ("ақпан", 2),
    ("наурыз", 3),
    ("сәуір", 4),
    ("мамыр", 5),
    ("маусым", 6),
    ("шілде", 7),
    ("тамыз", 8),
    ("қыркүйек", 9),
    ("қазан", 10),
    ("қараша", 11),
    ("желтоқсан", 12),
];

/// Case and possessive endings a Kazakh month name may carry.
const KK_MONTH_ENDINGS: &[&str] = &[
    "",
    "да",
    "де",
    "та",
    "те",
    "дың",
    "дің",
    "тың",
    "тің",
    "ның",
    "нің",
    "ы",
    "і",
    "сы",
    "сі",
    "ын",
    "ін",
    "сын",
    "сін",
    "ында",
    "інде",
    "сында",
    "сінде",
    "ынан",
    "інен",
    "сынан",
    "сінен",
    "ына",
    "іне",
    "сына",
    "сіне",
    "ға",
    "ге",
    "қа",
    "ке",
    "нан",
    "нен",
    "дан",
    "ден",
    "тан",
    "тен",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ғы",
    "гі",
    "қы",
    "кі",
    "ындағы",
    "індегі",
    "сындағы",
    "сіндегі",
];

/// Words before a bare year that make it one.
const YEAR_CONTEXT: &[&str] = &[
    "in",
    "since",
    "by",
    "from",
    "of",
    "year",
    "until",
    "till",
    "before",
    "after",
    "during",
    "to",
    "through",
    "early",
    "mid",
    "late",
    "в",
    "во",
    "с",
    "со",
    "до",
    "к",
    "после",
    "от",
    "по",
    "начиная",
];

/// Russian year words after a year ("2016 году", "2016 г.").
const RU_YEAR_WORDS: &[&str] = &[
    "год",
    "года",
    "году",
    "годом",
    "годе",
    "г",
    "гг",
    "годах",
    "годы",
    "годов",
];
/// Kazakh year words after a year ("2016 жылы", "2021 жылғы").
const KK_YEAR_WORDS: &[&str] = &[
    "жыл",
    "жылы",
    "жылғы",
    "жылдың",
    "жылға",
    "жылдан",
    "жылда",
    "жылдары",
    "жылдардағы",
    "ж",
];

fn month_at(toks: &[Token<'_>], i: usize) -> Option<(u8, usize, Lang)> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let abbrev_end = |abbrev: bool| {
        if abbrev && toks.get(i + 1).is_some_and(|p| p.glued && p.is_punct(".")) {
            i + 2
        } else {
            i + 1
        }
    };
    if let Some(&(m, abbrev)) = EN_MONTHS.get(t.n()) {
        return t
            .is_capitalised()
            .then(|| (m, abbrev_end(abbrev), Lang::En));
    }
    if let Some(&(m, abbrev)) = RU_MONTHS.get(t.n()) {
        return Some((m, abbrev_end(abbrev), Lang::Ru));
    }
    KK_MONTHS.iter().find_map(|&(base, m)| {
        let rest = t.norm.strip_prefix(base)?;
        KK_MONTH_ENDINGS
            .contains(&rest)
            .then_some((m, i + 1, Lang::Kk))
    })
}

/// True when the number at `i` continues something glued before it (a
/// bigger number, a code like "Z10K8H4", a time "4:57").
fn glued_before(toks: &[Token<'_>], i: usize) -> bool {
    let t = &toks[i];
    if !t.glued || i == 0 {
        return false;
    }
    let p = &toks[i - 1];
    match p.kind {
        Kind::Word | Kind::Num => true,
        // Hyphens and dashes stay open: "17-18 September", "2016-2018".
        Kind::Punct => matches!(p.n(), "." | "," | ":" | "/" | "№" | "#"),
    }
}

/// A day number (1-31) at `i`, with an ordinal ending if glued
/// ("11th", "10-го"): (day, end).
fn day_at(toks: &[Token<'_>], i: usize) -> Option<(u8, usize)> {
    let t = toks.get(i)?;
    if t.kind != Kind::Num || t.norm.len() > 2 || glued_before(toks, i) {
        return None;
    }
    let d: u8 = t.norm.parse().ok()?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut end = i + 1;
    if let Some(n) = toks.get(end).filter(|n| n.glued) {
        match n.kind {
            Kind::Word if matches!(n.n(), "st" | "nd" | "rd" | "th") => end += 1,
            Kind::Word => return None,
            Kind::Num => return None,
            Kind::Punct if n.norm == "-" => {
                if let Some(w) = toks.get(end + 1).filter(|w| w.glued && w.is_word()) {
                    if !matches!(w.n(), "го" | "е" | "ое" | "ого") {
                        return None;
                    }
                    end += 2;
                }
            }
            Kind::Punct if matches!(n.n(), ":" | "." | ",") => {
                // "4:57", "21.03" are not days; "11," before a month is.
                if toks.get(end + 1).is_some_and(|x| x.glued && x.is_num()) {
                    return None;
                }
            }
            Kind::Punct => {}
        }
    }
    Some((d, end))
}

/// A year (1800-2099) at `i`: (year, end).
fn year_at(toks: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let t = toks.get(i)?;
    if t.kind != Kind::Num || t.norm.len() != 4 || glued_before(toks, i) {
        return None;
    }
    if let Some(n) = toks.get(i + 1).filter(|n| n.glued) {
        match n.kind {
            Kind::Word | Kind::Num => return None,
            Kind::Punct if matches!(n.n(), "." | "," | ":" | "/") => {
                if toks.get(i + 2).is_some_and(|x| x.glued && x.is_num()) {
                    return None;
                }
            }
            Kind::Punct => {}
        }
    }
    let y: i32 = t.norm.parse().ok()?;
    (1800..=2099).contains(&y).then_some((y, i + 1))
}

/// The end of a year word after a year ending at `j` ("года", "г.",
/// "жылы", "-жылы"), or `j` when there is none.
fn year_tail(toks: &[Token<'_>], j: usize) -> usize {
    let Some(t) = toks.get(j) else {
        return j;
    };
    let (w, at) = if t.is_word() && t.spaced() {
        (t, j)
    } else if t.glued && t.is_punct("-") {
        match toks.get(j + 1) {
            Some(w) if w.glued && w.is_word() => (w, j + 1),
            _ => return j,
        }
    } else {
        return j;
    };
    let word = w.n();
    if RU_YEAR_WORDS.contains(&word) || KK_YEAR_WORDS.contains(&word) {
        let abbrev = matches!(word, "г" | "гг" | "ж");
        if abbrev && toks.get(at + 1).is_some_and(|p| p.glued && p.is_punct(".")) {
            return at + 2;
        }
        if abbrev && toks.get(at + 1).is_some_and(|p| p.glued) {
            return j;
        }
        return at + 1;
    }
    j
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn full(y: i32, m: u8, d: u8) -> Option<PartialDate> {
    (d >= 1 && d <= days_in_month(y, m)).then_some(PartialDate {
        year: y,
        month: Some(m),
        day: Some(d),
    })
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn day_number(y: i32, m: u8, d: u8) -> i64 {
    let (y, m) = (i64::from(y), i64::from(m));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year for a day and month written without one, from the reference
/// date: whichever of its year, the one before and the one after puts the
/// date closest to it.
fn infer(reference: Option<PartialDate>, m: u8, d: u8) -> Option<PartialDate> {
    let r = reference?;
    let rm = r.month?;
    let rd = r.day.unwrap_or(15);
    let target = day_number(r.year, rm, rd);
    (r.year - 1..=r.year + 1)
        .filter_map(|y| full(y, m, d))
        .min_by_key(|p| (day_number(p.year, m, d) - target).abs())
}

fn hit(start: usize, end: usize, date: PartialDate, stated: bool) -> Hit {
    Hit {
        start,
        end,
        date,
        stated,
        invalid: false,
    }
}

/// A full date from `start` to `end` if the day exists, else a skip.
fn full_hit(start: usize, end: usize, y: i32, m: u8, d: u8) -> Vec<Hit> {
    match full(y, m, d) {
        Some(date) => vec![hit(start, end, date, true)],
        None => vec![Hit {
            start,
            end,
            date: PartialDate {
                year: y,
                month: None,
                day: None,
            },
            stated: false,
            invalid: true,
        }],
    }
}

/// After a month at `j`: optional ",", then a year: (year, end after the
/// year word).
fn comma_year(toks: &[Token<'_>], j: usize) -> Option<(i32, usize)> {
    let k = if toks.get(j).is_some_and(|c| c.is_punct(",") && c.glued) {
        j + 1
    } else {
        j
    };
    let y = toks.get(k)?;
    if !y.spaced() {
        return None;
    }
    let (year, e) = year_at(toks, k)?;
    Some((year, year_tail(toks, e)))
}

/// "D Month [,] [YYYY]" at `i` (also "Dth of Month"): (day, month, lang,
/// end of the month, year and end after it).
#[allow(clippy::type_complexity)]
fn day_month(toks: &[Token<'_>], i: usize) -> Option<(u8, u8, Lang, usize, Option<(i32, usize)>)> {
    let (d, j) = day_at(toks, i)?;
    let mut k = j;
    if toks.get(k).is_some_and(|t| t.norm == "of" && t.spaced()) {
        k += 1;
    }
    if !toks.get(k)?.spaced() {
        return None;
    }
    let (m, e, lang) = month_at(toks, k)?;
    Some((d, m, lang, e, comma_year(toks, e)))
}

/// A range connector at `j` ("-", "–", "to", "and", "по", "и", "till"):
/// the index after it.
fn connector(toks: &[Token<'_>], j: usize) -> Option<usize> {
    let t = toks.get(j)?;
    let ok = match t.kind {
        Kind::Punct => t.norm == "-" || t.norm == "–",
        Kind::Word => {
            t.spaced()
                && matches!(
                    t.n(),
                    "to" | "and" | "till" | "until" | "through" | "по" | "и" | "до"
                )
        }
        Kind::Num => false,
    };
    ok.then_some(j + 1)
}

/// The dates that start at token `i`.
fn at(toks: &[Token<'_>], i: usize, reference: Option<PartialDate>) -> Option<Vec<Hit>> {
    let t = &toks[i];
    match t.kind {
        Kind::Num => num_at(toks, i, reference),
        Kind::Word => word_at(toks, i, reference),
        Kind::Punct => None,
    }
}

fn num_at(toks: &[Token<'_>], i: usize, reference: Option<PartialDate>) -> Option<Vec<Hit>> {
    let t = &toks[i];
    if glued_before(toks, i) {
        return None;
    }
    let g = |k: usize| toks.get(k).filter(|x| x.glued);
    let n = t.norm.len();
    // ISO 2018-03-21.
    if n == 4 {
        if let (Some(a), Some(b), Some(c), Some(d)) = (g(i + 1), g(i + 2), g(i + 3), g(i + 4)) {
            if a.is_punct("-") && b.is_num() && c.is_punct("-") && d.is_num() {
                let next_glued_num = g(i + 5).is_some_and(|x| !x.is_punct(".") && !x.is_punct(","));
                if b.norm.len() <= 2 && d.norm.len() <= 2 && !next_glued_num {
                    let y: i32 = t.norm.parse().ok()?;
                    let m: u8 = b.norm.parse().ok()?;
                    let dd: u8 = d.norm.parse().ok()?;
                    if (1800..=2099).contains(&y) && (1..=12).contains(&m) {
                        if let Some(date) = full(y, m, dd) {
                            return Some(vec![hit(i, i + 5, date, true)]);
                        }
                    }
                }
                return None;
            }
        }
    }
    // Numeric 21.03.2018.
    if n <= 2 {
        if let (Some(a), Some(b), Some(c), Some(d)) = (g(i + 1), g(i + 2), g(i + 3), g(i + 4)) {
            if a.is_punct(".") && b.is_num() && c.is_punct(".") && d.is_num() {
                let more = g(i + 5).is_some_and(|x| {
                    x.is_word()
                        || x.is_num()
                        || (x.is_punct(".") && g(i + 6).is_some_and(|y| y.is_num()))
                });
                if b.norm.len() <= 2 && d.norm.len() == 4 && !more {
                    let dd: u8 = t.norm.parse().ok()?;
                    let m: u8 = b.norm.parse().ok()?;
                    let y: i32 = d.norm.parse().ok()?;
                    if (1800..=2099).contains(&y) && (1..=12).contains(&m) {
                        if let Some(date) = full(y, m, dd) {
                            return Some(vec![hit(i, year_tail(toks, i + 5), date, true)]);
                        }
                    }
                }
                return None;
            }
        }
    }
    // Kazakh: 2021 жылғы 10 қаңтар / 2022 жылдың қаңтарында / 2016 жылы.
    if let Some(h) = kazakh_year_first(toks, i) {
        return Some(h);
    }
    // Day range: 17-18 September 2018, 17 and 18 September.
    if let Some((d1, j)) = day_at(toks, i) {
        if let Some(k) = connector(toks, j) {
            if let Some((d2, m, _, e, year)) = day_month(toks, k) {
                let (start_date, end_date, stated, end) = match year {
                    Some((y, end)) => (full(y, m, d1), full(y, m, d2), true, end),
                    None => (infer(reference, m, d1), infer(reference, m, d2), false, e),
                };
                if let (Some(a), Some(b)) = (start_date, end_date) {
                    if a < b {
                        return Some(vec![hit(i, j, a, stated), hit(k, end, b, stated)]);
                    }
                }
            }
        }
    }
    // D Month [YYYY].
    if let Some((d, m, _, e, year)) = day_month(toks, i) {
        if let Some((y, end)) = year {
            return Some(full_hit(i, end, y, m, d));
        }
        // "17 September - 2 October 2018": the year of the range's end.
        if let Some(k) = connector(toks, e) {
            if let Some((d2, m2, _, _, Some((y2, end2)))) = day_month(toks, k) {
                let y1 = if m > m2 { y2 - 1 } else { y2 };
                if let (Some(a), Some(b)) = (full(y1, m, d), full(y2, m2, d2)) {
                    return Some(vec![hit(i, e, a, true), hit(k, end2, b, true)]);
                }
            }
        }
        return infer(reference, m, d).map(|date| vec![hit(i, e, date, false)]);
    }
    // A bare year.
    bare_year(toks, i)
}

fn kazakh_year_first(toks: &[Token<'_>], i: usize) -> Option<Vec<Hit>> {
    let (y, e) = year_at(toks, i)?;
    let w = year_tail(toks, e);
    if w == e {
        return None;
    }
    let wt = if toks[w - 1].is_punct(".") {
        w - 2
    } else {
        w - 1
    };
    if !KK_YEAR_WORDS.contains(&toks[wt].n()) {
        return None;
    }
    if toks.get(w).is_some_and(Token::spaced) {
        if let Some((d, k)) = day_at(toks, w) {
            if toks.get(k).is_some_and(Token::spaced) {
                if let Some((m, me, Lang::Kk)) = month_at(toks, k) {
                    return Some(full_hit(i, me, y, m, d));
                }
            }
        }
        if let Some((m, me, Lang::Kk)) = month_at(toks, w) {
            let date = PartialDate {
                year: y,
                month: Some(m),
                day: None,
            };
            return Some(vec![hit(i, me, date, true)]);
        }
    }
    year_hits(toks, i, y, w)
}

/// A year precision date from `i` to `end`, and a second year if a range
/// ("2016-2018", "2016–2018 годах") follows.
fn year_hits(toks: &[Token<'_>], i: usize, y: i32, end: usize) -> Option<Vec<Hit>> {
    let date = |year| PartialDate {
        year,
        month: None,
        day: None,
    };
    if let Some(t) = toks.get(end) {
        if (t.is_punct("-") || t.is_punct("–")) && end == i + 1 {
            if let Some((y2, e2)) = year_at(toks, end + 1) {
                if y2 > y && (1900..=2099).contains(&y2) {
                    let tail = year_tail(toks, e2);
                    return Some(vec![
                        hit(i, end, date(y), true),
                        hit(end + 1, tail, date(y2), true),
                    ]);
                }
            }
        }
    }
    Some(vec![hit(i, end, date(y), true)])
}

fn bare_year(toks: &[Token<'_>], i: usize) -> Option<Vec<Hit>> {
    let (y, e) = year_at(toks, i)?;
    if !(1900..=2099).contains(&y) {
        return None;
    }
    let tail = year_tail(toks, e);
    let context = i > 0
        && toks[i].spaced()
        && toks[i - 1].is_word()
        && YEAR_CONTEXT.contains(&toks[i - 1].n());
    // "2016–2018" says by itself that both are years.
    let range = toks
        .get(e)
        .is_some_and(|d| d.is_punct("-") || d.is_punct("–"))
        && year_at(toks, e + 1).is_some_and(|(y2, _)| y2 > y && y2 <= 2099);
    if tail == e && !range {
        if !context {
            return None;
        }
        // "to 2000 people" counts people, it is no year.
        if toks.get(e).is_some_and(Token::spaced) && crate::figures::counted_noun_at(toks, e) {
            return None;
        }
    }
    year_hits(toks, i, y, tail)
}

fn word_at(toks: &[Token<'_>], i: usize, reference: Option<PartialDate>) -> Option<Vec<Hit>> {
    let (m, e, lang) = month_at(toks, i)?;
    // Month D[, YYYY] (English).
    if lang == Lang::En && toks.get(e).is_some_and(Token::spaced) {
        if let Some((d, j)) = day_at(toks, e) {
            // "January 10-12, 2021".
            if let Some(k) = connector(toks, j).filter(|_| toks[j].kind == Kind::Punct) {
                if let Some((d2, j2)) = day_at(toks, k) {
                    if let Some((y, end)) = comma_year(toks, j2) {
                        if let (Some(a), Some(b)) = (full(y, m, d), full(y, m, d2)) {
                            if a < b {
                                return Some(vec![hit(i, j, a, true), hit(k, end, b, true)]);
                            }
                        }
                    }
                }
            }
            // A day is no day when a month name follows ("May 5 June").
            if let Some((y, end)) = comma_year(toks, j) {
                return Some(full_hit(i, end, y, m, d));
            }
            if !crate::figures::counted_noun_at(toks, j) {
                return infer(reference, m, d).map(|date| vec![hit(i, j, date, false)]);
            }
            return None;
        }
    }
    // Month [of] YYYY.
    let mut k = e;
    if lang == Lang::En && toks.get(k).is_some_and(|t| t.norm == "of" && t.spaced()) {
        k += 1;
    }
    if !toks.get(k).is_some_and(Token::spaced) {
        return None;
    }
    let (y, ye) = year_at(toks, k)?;
    if toks.get(ye).is_some_and(Token::spaced) && crate::figures::counted_noun_at(toks, ye) {
        return None;
    }
    let date = PartialDate {
        year: y,
        month: Some(m),
        day: None,
    };
    Some(vec![hit(i, year_tail(toks, ye), date, true)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str) -> Vec<(String, String)> {
        extract(s)
            .into_iter()
            .map(|d| (d.text, d.date.to_string()))
            .collect()
    }

    fn one(s: &str, text: &str, date: &str) {
        let got = dates(s);
        assert!(
            got.iter().any(|(t, d)| t == text && d == date),
            "{s:?}: wanted {text:?} = {date}, got {got:?}"
        );
    }

    #[test]
    fn english() {
        one(
            "held on 11 October 2018, we",
            "11 October 2018",
            "2018-10-11",
        );
        one(
            "January 10, 2021, is upon us",
            "January 10, 2021",
            "2021-01-10",
        );
        one(
            "scheduled for 10 January, 2021.",
            "10 January, 2021",
            "2021-01-10",
        );
        one("protests in January 2022 were", "January 2022", "2022-01");
        one("In 2016, peaceful", "2016", "2016");
        one(
            "On the 11th of October 2018 we",
            "11th of October 2018",
            "2018-10-11",
        );
        one("since Oct. 2019", "Oct. 2019", "2019-10");
    }

    #[test]
    fn numeric() {
        one("дата 21.03.2018 г. и", "21.03.2018 г.", "2018-03-21");
        one("on 2018-03-21.", "2018-03-21", "2018-03-21");
        assert!(dates("on 21.03.18 and 31.02.2018").is_empty());
    }

    #[test]
    fn russian() {
        one(
            "10 января 2021 года прошли",
            "10 января 2021 года",
            "2021-01-10",
        );
        one(
            "10 января 2021 г. прошли",
            "10 января 2021 г.",
            "2021-01-10",
        );
        one("в январе 2022 года", "январе 2022 года", "2022-01");
        one("в 2016 году", "2016 году", "2016");
        one(
            "с 17 по 18 сентября 2018 года",
            "18 сентября 2018 года",
            "2018-09-18",
        );
        one("с 17 по 18 сентября 2018 года", "17", "2018-09-17");
    }

    #[test]
    fn kazakh() {
        one(
            "2021 жылғы 10 қаңтар күні",
            "2021 жылғы 10 қаңтар",
            "2021-01-10",
        );
        one(
            "2022 жылдың қаңтарында",
            "2022 жылдың қаңтарында",
            "2022-01",
        );
        one("10 қаңтар 2021 жыл", "10 қаңтар 2021 жыл", "2021-01-10");
        one("2016 жылы наразылық", "2016 жылы", "2016");
        one(
            "2021 жылы 10 қаңтарда",
            "2021 жылы 10 қаңтарда",
            "2021-01-10",
        );
    }

    #[test]
    fn yearless_and_ranges() {
        let s = "January 10, 2021. On 11 December, she was sent on 23 November. \
                 Until 17 January 2021. On December 21 again.";
        one(s, "11 December", "2020-12-11");
        one(s, "23 November", "2020-11-23");
        one(s, "December 21", "2020-12-21");
        assert!(dates("On 11 December she was released.").is_empty());
        let r = dates("Between 17-18 September 2018, in Astana");
        assert_eq!(
            r,
            vec![
                ("17".to_string(), "2018-09-17".to_string()),
                ("18 September 2018".to_string(), "2018-09-18".to_string())
            ]
        );
        one(
            "from 30 December to 2 January 2019",
            "30 December",
            "2018-12-30",
        );
        one("in 2016-2018 years", "2018", "2018");
        one("over 2016–2018, the", "2016", "2016");
        one("over 2016–2018, the", "2018", "2018");
    }

    #[test]
    fn not_dates() {
        assert!(dates("4:57 pm, 10 000 people, 2000 people, Doc. 15575").is_empty());
        assert!(dates("may 5 be").is_empty());
        assert!(dates("Article 33 of the Constitution").is_empty());
        assert!(dates("31 February 2020").is_empty());
    }
}
