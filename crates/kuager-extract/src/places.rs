//! Places: finds the spans of a text that name a place of the gazetteer
//! (`gazetteer/gazetteer.tsv`): the 17 regions and the main cities and
//! towns of Kazakhstan, the countries its documents name, and a few foreign
//! capitals.
//!
//! Matching works on words, never inside one: at each word the longest
//! gazetteer form that starts there wins ("East Kazakhstan Region" before
//! "Kazakhstan"), and the search goes on after it. Case does not matter
//! (all scripts are compared in lower case, `ё` as `е`, Latin diacritics
//! dropped: "Qaraǵandy" = "Qaragandy"), with three exceptions the
//! gazetteer marks per form:
//!
//! * a name that is also a common word (Turkey, China, Oral, Aral, Арал =
//!   "island") must be capitalised in the text;
//! * an abbreviation (US, UK, РФ, ВКО) must be written in capitals;
//! * a name that is also a personal name (Abai, Satpayev, Konaev, Ridder,
//!   Zhambyl) is tagged only when it stands alone: not right after or
//!   before another capitalised word (apart from a preposition such as
//!   "In", "В"), so "Abai Kunanbayev" and "Kanysh Satpayev" are not places
//!   while "in Abai, Karaganda Region" is. Nor are they places next to a
//!   street word ("улица Абая", "Абай даңғылы", "Satpayev Street").
//!   [`is_place_name`] is false for these, so the person extractor may
//!   still read them as names.
//!
//! Names inside organisation names are still places ("Democratic Choice of
//! Kazakhstan" tags Kazakhstan). Russian declined forms (Астане, Караганды,
//! Уральске, Алматинской области) and Kazakh case endings (Алматыда,
//! Қазақстанның, Астанаға, Қарағанды облысында) are recognised; the span
//! covers the whole written word, ending included. "the Ukraine" tags
//! "Ukraine"; possessives ("Russia's") tag the name without "'s".

#[path = "gazetteer/mod.rs"]
pub(crate) mod gazetteer;

use gazetteer::tokens::{tokenize, Kind, Token};
use gazetteer::{Form, Gazetteer, GAZETTEER};
use kuager_domain::{PlaceMention, Span};

/// Capitalised words that may stand next to a personal-name place without
/// making it part of a person's name.
const NEUTRAL_NEIGHBOURS: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "near",
    "the",
    "and",
    "of",
    "on",
    "for",
    "with",
    "by",
    "via",
    "city",
    "town",
    "village",
    "district",
    "region",
    "в",
    "во",
    "из",
    "на",
    "к",
    "с",
    "со",
    "под",
    "около",
    "г",
    "город",
    "города",
    "городе",
    "село",
    "поселок",
    "район",
    "районе",
    "қаласы",
    "қаласында",
    "ауданы",
    "ауылы",
];

/// Words that make a following or preceding personal-name place a street
/// ("улица Абая", "проспект Абая", "Абай даңғылы", "Satpayev Street").
const STREET_WORDS: &[&str] = &[
    "street",
    "avenue",
    "st",
    "ave",
    "улица",
    "улице",
    "улицы",
    "улицу",
    "ул",
    "проспект",
    "проспекте",
    "проспекта",
    "пр",
    "бульвар",
    "бульваре",
    "переулок",
    "переулке",
    "пер",
    "микрорайон",
    "микрорайоне",
    "мкр",
    "көшесі",
    "көшесінде",
    "көшесіндегі",
    "даңғылы",
    "даңғылында",
    "даңғылындағы",
];

/// Find every gazetteer place named in `text`, in text order.
pub fn extract(text: &str) -> Vec<PlaceMention> {
    let g = &*GAZETTEER;
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((end, form)) = match_at(g, &toks, i) else {
            i += 1;
            continue;
        };
        let (first, last) = (&toks[i], &toks[end - 1]);
        let place = &g.places[form.place];
        out.push(PlaceMention {
            span: Span::new(first.cstart, last.cend),
            text: text[first.start..last.end].to_string(),
            place_key: place.key.clone(),
            name: place.name.clone(),
            kind: place.kind,
        });
        i = end;
    }
    out
}

/// True when `word` (any script, any case, including Russian inflected forms
/// like "Алматы", "Астане", "Караганде" and Kazakh ones like "Алматыда") is
/// a gazetteer place name. Used by the person extractor to refuse place
/// words as names. Names the gazetteer marks as also personal names
/// (Abai, Satpayev, Konaev, ...) answer false.
pub fn is_place_name(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let Some(key) = gazetteer::key_of(word) else {
        return false;
    };
    GAZETTEER.lookup(&key).is_some_and(|f| !f.person)
}

/// The longest place form starting at token `i`: (end token, form).
fn match_at(g: &Gazetteer, toks: &[Token<'_>], i: usize) -> Option<(usize, Form)> {
    let t = &toks[i];
    if t.kind != Kind::Word {
        return None;
    }
    let cyrillic = t.norm.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    if !cyrillic && !g.forms.contains_key(t.n()) && !g.prefixes.contains(t.n()) {
        return None;
    }
    // Candidate keys: one word, then longer while the key so far begins a
    // longer gazetteer form.
    let mut key = t.n().to_string();
    let mut cands: Vec<(String, usize)> = vec![(key.clone(), i + 1)];
    let mut j = i + 1;
    while g.prefixes.contains(&key) {
        match (toks.get(j), toks.get(j + 1)) {
            (Some(p), Some(w))
                if p.kind == Kind::Punct
                    && (p.norm == "-" || p.norm == "'")
                    && p.glued
                    && w.is_word()
                    && w.glued =>
            {
                key.push_str(p.n());
                key.push_str(w.n());
                j += 2;
            }
            (Some(w), _) if w.is_word() && w.spaced() => {
                key.push(' ');
                key.push_str(w.n());
                j += 1;
            }
            _ => break,
        }
        cands.push((key.clone(), j));
    }
    cands.iter().rev().find_map(|(k, end)| {
        let f = g.lookup(k)?;
        accept(f, toks, i, *end).then_some((*end, f))
    })
}

/// Whether a found form may stand as a place here (see the module notes).
fn accept(f: Form, toks: &[Token<'_>], i: usize, end: usize) -> bool {
    let first = &toks[i];
    if (f.cap || f.person) && !first.is_capitalised() {
        return false;
    }
    if f.caps
        && !toks[i..end]
            .iter()
            .filter(|t| t.is_word())
            .all(Token::is_all_caps)
    {
        return false;
    }
    if f.person {
        let name_like = |t: &Token<'_>| {
            t.is_word() && t.is_capitalised() && !NEUTRAL_NEIGHBOURS.contains(&t.n())
        };
        if i > 0 && first.spaced() && first.newlines == 0 && name_like(&toks[i - 1]) {
            return false;
        }
        if let Some(next) = toks.get(end) {
            if next.spaced() && next.newlines == 0 && name_like(next) {
                return false;
            }
            if next.is_word() && STREET_WORDS.contains(&next.n()) {
                return false;
            }
        }
        // "ул. Абая": the word before, over an abbreviation's full stop.
        let mut p = i;
        if p > 0 && toks[p - 1].is_punct(".") && toks[p - 1].glued {
            p -= 1;
        }
        if p > 0 && toks[p - 1].is_word() && STREET_WORDS.contains(&toks[p - 1].n()) {
            return false;
        }
    }
    true
}
