//! Word lists the name reader relies on: given names with their usual
//! gender, name-part endings, particles and honorifics.
//!
//! Given names are matched by transliteration key, so one Latin entry
//! covers its Cyrillic and other Latin spellings.

use crate::translit::{key, Gender};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Gender a given name usually has; `None` when it is used for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenName {
    Male,
    Female,
    Either,
}

impl GivenName {
    pub fn gender(self) -> Option<Gender> {
        match self {
            GivenName::Male => Some(Gender::Male),
            GivenName::Female => Some(Gender::Female),
            GivenName::Either => None,
        }
    }
}

static GIVEN: LazyLock<HashMap<String, GivenName>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for line in include_str!("given_names.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(name), Some(g)) = (parts.next(), parts.next()) else {
            continue;
        };
        let gender = match g {
            "m" => GivenName::Male,
            "f" => GivenName::Female,
            _ => GivenName::Either,
        };
        let k = key(name);
        let entry = map.entry(k).or_insert(gender);
        if *entry != gender {
            *entry = GivenName::Either;
        }
    }
    map
});

/// Is this word (any script) a known given name, and of which gender?
pub fn given_name(word: &str) -> Option<GivenName> {
    GIVEN.get(&key(word)).copied()
}

/// Is this key a known given name?
pub fn given_key(k: &str) -> Option<GivenName> {
    GIVEN.get(k).copied()
}

/// Endings (of keys) that mark a family name. Kazakh and Russian family
/// names are overwhelmingly built with a few suffixes.
const FAMILY_ENDINGS: &[&str] = &[
    "ov", "ova", "ev", "eva", "in", "ina", "ski", "ska", "Zki", "Zka", "enko", "uk", "iuk", "uli",
    "kizi", "ian", "dze", "Svili", "ovski", "baev", "baeva", "bai", "bekov",
];

/// Does this key end like a family name?
pub fn has_family_ending(k: &str) -> bool {
    let n = k.chars().count();
    if n < 4 {
        return false;
    }
    FAMILY_ENDINGS
        .iter()
        .any(|e| k.ends_with(e) && n >= e.len() + 2)
        // A given name that happens to end in -in ("Amin", "Erkin") is not
        // evidence of a family name.
        && given_key(k).is_none()
}

/// Patronymic endings, with the gender they show.
pub fn patronymic(word: &str) -> Option<Gender> {
    let k = key(word);
    let n = k.chars().count();
    if n < 6 {
        return None;
    }
    for e in ["ovna", "evna", "iCna", "iniCna", "kizi"] {
        if k.ends_with(e) {
            return Some(Gender::Female);
        }
    }
    for e in ["oviC", "eviC", "iC", "uli"] {
        if k.ends_with(e) {
            return Some(Gender::Male);
        }
    }
    None
}

/// Lower-case particles that belong inside a family name.
pub fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "van"
            | "von"
            | "der"
            | "den"
            | "de"
            | "di"
            | "da"
            | "del"
            | "della"
            | "du"
            | "le"
            | "la"
            | "dos"
            | "das"
            | "ter"
            | "ten"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "Van"
            | "Von"
            | "De"
            | "Di"
            | "Da"
            | "Del"
            | "Du"
            | "Le"
            | "La"
            | "Der"
            | "Den"
    )
}

/// Honorifics and titles that stand before a name and are not part of it.
/// Compared case-insensitively, with any final dot removed.
pub fn is_honorific(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    matches!(
        w.as_str(),
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "dr"
            | "prof"
            | "professor"
            | "lord"
            | "lady"
            | "sir"
            | "dame"
            | "baroness"
            | "baron"
            | "ambassador"
            | "senator"
            | "judge"
            | "president"
            | "minister"
            | "deputy"
            | "mp"
            | "mep"
            | "general"
            | "colonel"
            | "major"
            | "captain"
            | "lieutenant"
            | "sergeant"
            | "father"
            | "rev"
            | "reverend"
            | "господин"
            | "госпожа"
            | "г-н"
            | "г-жа"
            | "судья"
            | "судьи"
            | "судьёй"
            | "судьей"
            | "мырза"
            | "ханым"
            | "сенатор"
            | "депутат"
            | "посол"
            | "президент"
            | "министр"
    )
}
