//! Figures: finds the numbers a text reports about people and events, with
//! what they count, how they are qualified and what happened
//! ("more than 10 thousand people were detained" -> 10000, more_than,
//! "people", "detained"), in English, Russian and Kazakh.
//!
//! A number is a figure only when a counted noun follows it: a word of the
//! lexicon (people, protesters, cases, refusals, человек, задержанных,
//! адам ...), right after the number or after at most three other words
//! ("the 10 000 arrested peaceful protesters"). Numbers may be written in
//! digits with grouping ("10 000", "10,000", with NBSP or thin space),
//! with a multiplier ("10 thousand", "10 тыс.", "1,5 млн", "10 мың"), or as
//! words (one-twenty and the tens in English, два-двадцать in Russian,
//! екі-елу in Kazakh; Kazakh "бір" is left out because it is also the
//! indefinite article). Every word list (nouns, events, qualifiers,
//! multipliers, orders, number words, units of time, labels) is data in
//! `gazetteer/figures.txt`.
//!
//! Decisions:
//!
//! * The span runs from the qualifier, if any, through the counted noun
//!   ("more than 10 thousand people"); `unit` is the counted noun as
//!   written, with the words of a multi-word unit ("political prisoners",
//!   "human rights activists") but without other adjectives ("107
//!   unreasonable refusals" -> "refusals").
//! * `event` is the verb or event noun the sentence ties to the figure, as
//!   written: first one standing between number and noun ("194 killed
//!   peaceful civilians"), else within five words after the noun in the
//!   same clause ("were subjected to illegal searches"), else right before
//!   the figure ("detention of about 1,000 people", "death of 5 ...").
//! * "hundreds", "thousands", "dozens", "tens of thousands", сотни,
//!   тысячи, десятки, жүздеген, мыңдаған are figures of qualifier `order`
//!   whose value is the order of magnitude (100, 1000, 10, 10000). Without
//!   a counted noun they are figures only when an event follows within
//!   three words ("hundreds killed", "hundreds are considered missing");
//!   the unit is then "people".
//! * "the number of political prisoners has been increased by 133 to 145"
//!   gives 145, exact, "political prisoners" (the value reached; the
//!   change "by 133" is not a count). Its span is the number alone.
//! * Not figures: years and dates (whatever the date extractor finds),
//!   times ("4:57"), ordinals ("7th", "20-летие", "7-ші"), document,
//!   article and paragraph numbers ("No. 745", "Article 33", "п. 1"),
//!   list item numbers at a line start ("1."), codes glued to letters
//!   ("Z10K8H4"), ranges ("10-15"), money, durations (a unit of time after
//!   the number: "11 years", "10 лет", "5 жыл") and percentages (a share,
//!   not a count; "%", percent, процентов, пайыз).

use crate::places::gazetteer::tokens::{tokenize, FastSet, Kind, Lexicon, Token};
use kuager_domain::{FigureMention, Qualifier, Span};
use std::sync::LazyLock;

const QUALIFIERS: [Qualifier; 7] = [
    Qualifier::Exact,
    Qualifier::MoreThan,
    Qualifier::AtLeast,
    Qualifier::LessThan,
    Qualifier::UpTo,
    Qualifier::About,
    Qualifier::Order,
];
const EXACT: usize = 0;
const MORE: usize = 1;
const AT_LEAST: usize = 2;
const LESS: usize = 3;
const UP_TO: usize = 4;
const ABOUT: usize = 5;
const ORDER: usize = 6;

const LISTS: &str = include_str!("gazetteer/figures.txt");

/// The entries of one `[section]` of `gazetteer/figures.txt`.
fn section(name: &str) -> Vec<&'static str> {
    let header = format!("[{name}]");
    LISTS
        .lines()
        .map(str::trim)
        .skip_while(|l| *l != header)
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}

fn lexicon(name: &str) -> Lexicon {
    let items: Vec<(&str, usize)> = section(name).into_iter().map(|w| (w, 0)).collect();
    Lexicon::new(&items)
}

/// A section of "pattern = value" entries; `value` reads the value.
fn valued(name: &str, value: impl Fn(&str) -> Option<usize>) -> Lexicon {
    let items: Vec<(&str, usize)> = section(name)
        .into_iter()
        .filter_map(|e| {
            let (pattern, v) = e.split_once('=')?;
            Some((pattern.trim(), value(v.trim())?))
        })
        .collect();
    Lexicon::new(&items)
}

/// Qualifiers written before a number (value: index into `QUALIFIERS`).
static QUALS: LazyLock<Lexicon> = LazyLock::new(|| {
    valued("qualifiers", |v| {
        let q = Qualifier::parse(v)?;
        QUALIFIERS.iter().position(|x| *x == q)
    })
});
/// Multipliers after a number.
static MULTS: LazyLock<Lexicon> = LazyLock::new(|| valued("multipliers", |v| v.parse().ok()));
/// Words naming an order of magnitude.
static ORDERS: LazyLock<Lexicon> = LazyLock::new(|| valued("orders", |v| v.parse().ok()));
/// Numbers written as words.
static NUMBER_WORDS: LazyLock<Lexicon> =
    LazyLock::new(|| valued("number words", |v| v.parse().ok()));

/// Counted nouns.
static NOUNS: LazyLock<Lexicon> = LazyLock::new(|| lexicon("nouns"));
/// What happened to the people counted.
static EVENTS: LazyLock<Lexicon> = LazyLock::new(|| lexicon("events"));
/// Units of time and shares: after a number they make it no figure.
static NOT_COUNTS: LazyLock<Lexicon> = LazyLock::new(|| lexicon("not counts"));
/// Verbs of change before "to N" ("increased by 133 to 145").
static CHANGES: LazyLock<Lexicon> = LazyLock::new(|| lexicon("changes"));
/// "the number of X" introducing what a later bare number counts.
static NUMBER_OF: LazyLock<Lexicon> = LazyLock::new(|| lexicon("number of"));
/// Words that cannot stand between a number and its noun.
static STOP: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| section("stop").into_iter().collect());
/// Labels before a number that make it a reference, not a count.
static LABELS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| section("labels").into_iter().collect());

/// True when a counted noun of the lexicon starts at token `i`. The date
/// extractor uses it to refuse "in 2000 people" as a year.
pub(crate) fn counted_noun_at(toks: &[Token<'_>], i: usize) -> bool {
    NOUNS.match_at(toks, i).is_some()
}

/// Find every reported figure in `text`, in text order.
pub fn extract(text: &str) -> Vec<FigureMention> {
    let toks = tokenize(text);
    let mut in_date = vec![false; toks.len()];
    for (s, e, _) in crate::dates::found(&toks) {
        for flag in in_date.iter_mut().take(e).skip(s) {
            *flag = true;
        }
    }
    let mut out = Vec::new();
    let mut last_end = 0;
    let mut i = 0;
    while i < toks.len() {
        if in_date[i] {
            i += 1;
            continue;
        }
        let Some(f) = figure_at(&toks, i, last_end) else {
            i += 1;
            continue;
        };
        let (a, b) = (&toks[f.start], &toks[f.end - 1]);
        let words = |(s, e): (usize, usize)| text[toks[s].start..toks[e - 1].end].to_string();
        out.push(FigureMention {
            span: Span::new(a.cstart, b.cend),
            text: text[a.start..b.end].to_string(),
            value: f.value,
            qualifier: QUALIFIERS[f.qualifier],
            unit: f.unit.map_or_else(|| "people".to_string(), words),
            event: f.event.map(words),
        });
        last_end = f.end;
        i = f.end.max(i + 1);
    }
    out
}

/// A figure found, in tokens.
struct Found {
    start: usize,
    end: usize,
    value: u64,
    qualifier: usize,
    /// Tokens of the counted noun; `None` for the implied "people".
    unit: Option<(usize, usize)>,
    event: Option<(usize, usize)>,
}

/// A number written in digits at `i`.
struct Digits {
    value: u64,
    /// Decimal part (digits, count of digits): only with a multiplier.
    fraction: Option<(u64, u32)>,
    end: usize,
    /// Kazakh case ending glued with a hyphen ("50-ден").
    kk_suffix: Option<String>,
}

fn digits_at(toks: &[Token<'_>], i: usize) -> Option<Digits> {
    let t = &toks[i];
    if t.glued && i > 0 {
        let p = &toks[i - 1];
        let blocks = match p.kind {
            Kind::Word | Kind::Num => true,
            Kind::Punct => matches!(
                p.n(),
                "." | "," | ":" | "/" | "-" | "–" | "№" | "#" | "$" | "€" | "£" | "₸" | "+" | "×"
            ),
        };
        if blocks {
            return None;
        }
    }
    if i > 0 && matches!(toks[i - 1].n(), "$" | "€" | "£" | "₸" | "№" | "#") {
        return None;
    }
    let g = |k: usize| toks.get(k).filter(|x| x.glued);
    // A list item: "1." or "1)" opening a line.
    if t.line_start && g(i + 1).is_some_and(|x| x.is_punct(".") || x.is_punct(")")) {
        return None;
    }
    if t.norm.len() > 15 {
        return None;
    }
    let mut value: u64 = t.norm.parse().ok()?;
    let first_len = t.norm.len();
    let mut end = i + 1;
    let mut grouped = false;
    loop {
        let three = |k: usize| toks.get(k).is_some_and(|x| x.is_num() && x.norm.len() == 3);
        let mut next_group = None;
        if first_len <= 3 {
            if g(end).is_some_and(|x| x.is_punct(",")) && three(end + 1) && toks[end + 1].glued {
                next_group = Some(end + 1);
            } else if three(end) && !toks[end].glued && toks[end].newlines == 0 {
                // One space (or NBSP, thin space) between the groups.
                let gap = toks[end].cstart - toks[end - 1].cend;
                if gap == 1 {
                    next_group = Some(end);
                }
            }
        }
        let Some(k) = next_group else {
            break;
        };
        // A three-digit group followed by more digits is something else.
        if g(k + 1).is_some_and(|x| x.is_punct(":") || x.is_punct("/")) {
            return None;
        }
        let group: u64 = toks[k].norm.parse().ok()?;
        value = value.checked_mul(1000)?.checked_add(group)?;
        end = k + 1;
        grouped = true;
    }
    let mut fraction = None;
    let mut kk_suffix = None;
    if let Some(n) = g(end) {
        match n.kind {
            Kind::Word | Kind::Num => return None,
            Kind::Punct => match n.n() {
                ":" | "%" | "/" | "‰" => return None,
                "." | "," => {
                    if let Some(d) = g(end + 1).filter(|d| d.is_num()) {
                        if grouped || d.norm.len() > 2 {
                            return None;
                        }
                        let frac: u64 = d.norm.parse().ok()?;
                        fraction = Some((frac, d.norm.len() as u32));
                        end += 2;
                    }
                }
                "-" | "–" => match g(end + 1) {
                    Some(w) if w.is_word() => {
                        kk_suffix = Some(w.n().to_string());
                        end += 2;
                    }
                    Some(_) => return None,
                    None => {}
                },
                _ => {}
            },
        }
    }
    Some(Digits {
        value,
        fraction,
        end,
        kk_suffix,
    })
}

/// A number written in words at `i`: (value, end).
fn words_at(toks: &[Token<'_>], i: usize) -> Option<(u64, usize)> {
    let (end, v) = NUMBER_WORDS.match_at(toks, i)?;
    let mut value = v as u64;
    let mut end = end;
    let g = |k: usize| toks.get(k).filter(|x| x.glued);
    if g(end).is_some_and(|x| x.is_punct("-")) {
        // "twenty-five"; any other hyphenation ("five-year") is no count.
        let (e2, unit) = NUMBER_WORDS.match_at(toks, end + 1)?;
        if !([20, 30, 40, 50, 60, 70, 80, 90].contains(&value)
            && (1..=9).contains(&unit)
            && toks[end + 1].glued)
        {
            return None;
        }
        value += unit as u64;
        end = e2;
    }
    Some((value, end))
}

/// Whether the number at `i` follows a label ("No. 745", "Article 33").
fn after_label(toks: &[Token<'_>], i: usize) -> bool {
    let Some(mut p) = i.checked_sub(1) else {
        return false;
    };
    if toks[p].is_punct("№") || toks[p].is_punct("#") {
        return true;
    }
    if toks[p].is_punct(".") {
        let Some(q) = p.checked_sub(1) else {
            return false;
        };
        p = q;
    }
    toks[p].is_word() && LABELS.contains(toks[p].n())
}

/// A Kazakh postposed qualifier after a case ending: "50-ден астам",
/// "10 мыңнан астам", "100-ге дейін". (qualifier, end).
fn kk_postposition(toks: &[Token<'_>], k: usize, suffix: &str) -> Option<(usize, usize)> {
    let w = toks.get(k).filter(|w| w.is_word() && w.spaced())?;
    let ablative = ["нан", "нен", "дан", "ден", "тан", "тен"]
        .iter()
        .any(|s| suffix.ends_with(s));
    let dative = ["ға", "ге", "қа", "ке", "на", "не", "а", "е"]
        .iter()
        .any(|s| suffix.ends_with(s));
    match w.n() {
        "астам" | "артық" | "аса" | "көп" if ablative => Some((MORE, k + 1)),
        "кем" if ablative => {
            if toks
                .get(k + 1)
                .is_some_and(|e| e.norm == "емес" && e.spaced())
            {
                Some((AT_LEAST, k + 2))
            } else {
                Some((LESS, k + 1))
            }
        }
        "дейін" | "шейін" if dative => Some((UP_TO, k + 1)),
        "жуық" | "таяу" if dative => Some((ABOUT, k + 1)),
        _ => None,
    }
}

/// Noun start, noun end, and an event word found on the way.
type NounHit = (usize, usize, Option<(usize, usize)>);

/// The counted noun after a number: (noun start, noun end, event word
/// standing between). Skips at most three other words.
fn find_noun(toks: &[Token<'_>], from: usize) -> Option<NounHit> {
    let mut k = from;
    let mut skipped = 0;
    let mut event = None;
    // A participle that counts ("150 задержанных") is kept in reserve in
    // case a better noun follows ("194 убитых мирных жителей").
    let mut reserve: Option<(usize, usize)> = None;
    while let Some(t) = toks.get(k) {
        if !t.is_word() || !t.spaced() || NOT_COUNTS.match_at(toks, k).is_some() {
            break;
        }
        let ev = EVENTS.match_at(toks, k);
        if let Some((ne, _)) = NOUNS.match_at(toks, k) {
            match ev {
                Some(_) if reserve.is_none() && skipped < 3 => reserve = Some((k, ne)),
                _ => return Some((k, ne, event.or(reserve))),
            }
        } else if STOP.contains(t.n()) {
            break;
        } else if event.is_none() {
            event = ev.map(|(e, _)| (k, e));
        }
        if skipped == 3 {
            break;
        }
        skipped += 1;
        k += 1;
        // A hyphenated word counts as one ("human-rights", "so-called").
        while toks.get(k).is_some_and(|p| p.glued && p.is_punct("-"))
            && toks.get(k + 1).is_some_and(|w| w.glued && w.is_word())
        {
            k += 2;
        }
    }
    reserve.map(|(s, e)| (s, e, None))
}

/// An event within `limit` words after `from`, in the same clause.
fn event_after(toks: &[Token<'_>], from: usize, limit: usize) -> Option<(usize, usize)> {
    for k in from..from + limit {
        let t = toks.get(k)?;
        if !t.is_word() || !t.spaced() {
            return None;
        }
        if let Some((e, _)) = EVENTS.match_at(toks, k) {
            return Some((k, e));
        }
    }
    None
}

/// An event right before the figure: "detention of about 1,000",
/// "задержание более 1000", "detained 30".
fn event_before(toks: &[Token<'_>], start: usize) -> Option<(usize, usize)> {
    if !toks.get(start)?.spaced() {
        return None;
    }
    let mut end = start;
    if end > 0 && toks[end - 1].norm == "of" && toks[end - 1].spaced() {
        end -= 1;
    }
    let (s, _) = EVENTS.match_ending(toks, end)?;
    Some((s, end))
}

/// "the number of political prisoners ... increased by 133 to 145": the
/// noun the number at `start` refers back to.
fn referred_unit(toks: &[Token<'_>], start: usize) -> Option<(usize, usize)> {
    let p = start.checked_sub(1)?;
    if !(toks[p].is_word() && matches!(toks[p].n(), "to" | "до")) {
        return None;
    }
    let lo = p.saturating_sub(4);
    if !(lo..p).any(|k| CHANGES.match_at(toks, k).is_some()) {
        return None;
    }
    let limit = p.saturating_sub(30);
    let mut k = p;
    while k > limit {
        k -= 1;
        let t = &toks[k];
        if t.kind == Kind::Punct && matches!(t.n(), "." | "!" | "?" | ";") {
            return None;
        }
        if let Some((e, _)) = NUMBER_OF.match_at(toks, k) {
            if let Some((s, ne, _)) = find_noun(toks, e) {
                return Some((s, ne));
            }
        }
    }
    None
}

fn figure_at(toks: &[Token<'_>], i: usize, last_end: usize) -> Option<Found> {
    let t = &toks[i];
    if t.is_word() {
        if let Some((oe, mag)) = ORDERS.match_at(toks, i) {
            // "10 тысяч" is a multiplied number, not an order.
            let after_number = i > 0 && toks[i - 1].is_num();
            if !after_number {
                return order_at(toks, i, oe, mag as u64);
            }
        }
    }
    let (mut value, mut end, fraction, kk_suffix) = if t.is_num() {
        let d = digits_at(toks, i)?;
        (d.value, d.end, d.fraction, d.kk_suffix)
    } else if t.is_word() {
        let (v, e) = words_at(toks, i)?;
        (v, e, None, None)
    } else {
        return None;
    };
    if after_label(toks, i) {
        return None;
    }
    let mut qualifier = None;
    match kk_suffix {
        Some(suffix) => {
            // "50-ден астам": a Kazakh case ending must lead to a
            // postposition; otherwise it is an ordinal or a date ("7-ші").
            let (q, e) = kk_postposition(toks, end, &suffix)?;
            qualifier = Some(q);
            end = e;
        }
        None => {
            if let Some((me, mult)) = toks
                .get(end)
                .filter(|m| m.spaced())
                .and_then(|_| MULTS.match_at(toks, end))
            {
                let mult = mult as u64;
                let frac = fraction.map_or(Some(0), |(f, digits)| {
                    f.checked_mul(mult).map(|x| x / 10u64.pow(digits.min(18)))
                })?;
                value = value.checked_mul(mult)?.checked_add(frac)?;
                // "10 мыңнан астам".
                let m = &toks[end];
                let stem_len = ["мың", "миллион"]
                    .iter()
                    .find(|s| m.norm.starts_with(*s))
                    .map(|s| s.len());
                if let Some(n) = stem_len {
                    if let Some((q, e)) = kk_postposition(toks, me, &m.norm[n..]) {
                        qualifier = Some(q);
                        end = e;
                    } else {
                        end = me;
                    }
                } else {
                    end = me;
                }
            } else if fraction.is_some() {
                return None;
            }
        }
    }
    let mut start = i;
    if qualifier.is_none() {
        if let Some((qs, q)) = QUALS.match_ending(toks, i) {
            if qs >= last_end && t.spaced() {
                qualifier = Some(q);
                start = qs;
            }
        }
    }
    let Some((ns, ne, between)) = find_noun(toks, end) else {
        // "increased by 133 to 145" refers back to "the number of ...".
        let unit = referred_unit(toks, i)?;
        return Some(Found {
            start: i,
            end,
            value,
            qualifier: EXACT,
            unit: Some(unit),
            event: None,
        });
    };
    let event = between
        .or_else(|| event_after(toks, ne, 5))
        .or_else(|| event_before(toks, start));
    Some(Found {
        start,
        end: ne,
        value,
        qualifier: qualifier.unwrap_or(EXACT),
        unit: Some((ns, ne)),
        event,
    })
}

/// "hundreds of people", "сотни человек", "hundreds killed".
fn order_at(toks: &[Token<'_>], i: usize, oe: usize, value: u64) -> Option<Found> {
    let from = if toks.get(oe).is_some_and(|t| t.norm == "of" && t.spaced()) {
        oe + 1
    } else {
        oe
    };
    if let Some((ns, ne, between)) = find_noun(toks, from) {
        let event = between
            .or_else(|| event_after(toks, ne, 5))
            .or_else(|| event_before(toks, i));
        return Some(Found {
            start: i,
            end: ne,
            value,
            qualifier: ORDER,
            unit: Some((ns, ne)),
            event,
        });
    }
    let event = event_after(toks, oe, 3)?;
    Some(Found {
        start: i,
        end: oe,
        value,
        qualifier: ORDER,
        unit: None,
        event: Some(event),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(s: &str) -> Vec<(u64, &'static str, String, Option<String>)> {
        extract(s)
            .into_iter()
            .map(|f| (f.value, f.qualifier.as_str(), f.unit, f.event))
            .collect()
    }

    #[test]
    fn lists_load() {
        for name in [
            "nouns",
            "events",
            "not counts",
            "changes",
            "number of",
            "stop",
            "labels",
            "qualifiers",
            "multipliers",
            "orders",
            "number words",
        ] {
            assert!(section(name).len() > 5 || name == "number of", "{name}");
        }
        assert!(STOP.contains("of") && LABELS.contains("статья"));
        let count = |name| section(name).len();
        assert_eq!(QUALS.len(), count("qualifiers"));
        assert_eq!(MULTS.len(), count("multipliers"));
        assert_eq!(ORDERS.len(), count("orders"));
        assert_eq!(NUMBER_WORDS.len(), count("number words"));
    }

    #[test]
    fn english() {
        let f = figs("more than 10 thousand people were detained, 238 people died as a result");
        assert_eq!(
            f[0],
            (10000, "more_than", "people".into(), Some("detained".into()))
        );
        assert_eq!(f[1], (238, "exact", "people".into(), Some("died".into())));
        let f = figs("the 10 000 arrested peaceful protesters and hundreds killed has been");
        assert_eq!(
            f[0],
            (10000, "exact", "protesters".into(), Some("arrested".into()))
        );
        assert_eq!(f[1], (100, "order", "people".into(), Some("killed".into())));
        let f = figs("the number of political prisoners has been increased by 133 to 145.");
        assert_eq!(f, vec![(145, "exact", "political prisoners".into(), None)]);
        let f = figs("the death of 5 human rights activists.");
        assert_eq!(
            f,
            vec![(
                5,
                "exact",
                "human rights activists".into(),
                Some("death".into())
            )]
        );
        let f = figs("six members of the Italian Parliament and twenty-one journalists");
        assert_eq!(f[0].0, 6);
        assert_eq!(f[1].0, 21);
    }

    #[test]
    fn not_figures() {
        for s in [
            "Written declaration No. 745 | Doc. 15575 | 27 June 2022",
            "1 August 2019 4:57 pm",
            "the 7th Platform, the 20th anniversary",
            "paragraph 1 of Article 33 of the Constitution",
            "  1. Azhenova G.A.\n  2. Alzhanova J.",
            "10 Beibitshilik Street\nZ10K8H4 Astana",
            "imprisoned for more than 11 years",
            "over the last 10 years, 45% of people, 45 percent of people",
            "10-15 people, the 10-year plan, 7-ші сынып",
        ] {
            assert!(figs(s).is_empty(), "{s:?} gave {:?}", figs(s));
        }
    }

    #[test]
    fn russian_and_kazakh() {
        let f = figs("более 10 тысяч человек задержаны, 238 человек погибли");
        assert_eq!(
            f[0],
            (
                10000,
                "more_than",
                "человек".into(),
                Some("задержаны".into())
            )
        );
        assert_eq!(
            f[1],
            (238, "exact", "человек".into(), Some("погибли".into()))
        );
        let f = figs(
            "около 40 протестующих; свыше 2000 волонтёров; не менее 50 случаев; до 100 человек",
        );
        assert_eq!(f[0].0, 40);
        assert_eq!(f[0].1, "about");
        assert_eq!(f[1], (2000, "more_than", "волонтёров".into(), None));
        assert_eq!(f[2].1, "at_least");
        assert_eq!(f[3].1, "up_to");
        let f = figs("10 мыңнан астам адам ұсталды, 238 адам қаза тапты, шамамен 40 белсенді");
        assert_eq!(
            f[0],
            (10000, "more_than", "адам".into(), Some("ұсталды".into()))
        );
        assert_eq!(
            f[1],
            (238, "exact", "адам".into(), Some("қаза тапты".into()))
        );
        assert_eq!(f[2].0, 40);
        assert_eq!(f[2].1, "about");
        let f = figs("50-ден астам іс қозғалды");
        assert_eq!(f[0].0, 50);
        assert_eq!(f[0].1, "more_than");
    }
}
