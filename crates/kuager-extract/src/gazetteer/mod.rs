//! The gazetteer behind the place extractor: the data in `gazetteer.tsv`
//! turned, once per process, into look-up tables of every written form.
//!
//! A form's key is its words in normal form (see [`tokens::fold`]) joined by
//! a space, or by `-` / `'` where the name has a hyphen or apostrophe
//! ("alma-ata", "people's republic of china"). Russian variants are
//! declined here (Астана -> Астаны, Астане, Астану, Астаной; Алматинская
//! область -> Алматинской области ...); Kazakh case endings are not listed
//! but stripped at look-up time ([`Gazetteer::kk_lookup`]), because Kazakh
//! endings attach to an unchanged stem.

pub(crate) mod tokens;

use kuager_domain::PlaceKind;
use std::sync::LazyLock;
use tokens::{has_cyrillic, tokenize, FastMap, FastSet, Kind};

const DATA: &str = include_str!("gazetteer.tsv");

/// One place of the gazetteer.
#[derive(Debug)]
pub(crate) struct Place {
    pub key: String,
    pub name: String,
    pub kind: PlaceKind,
}

/// What a written form stands for, and how careful to be with it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Form {
    /// Index into [`Gazetteer::places`].
    pub place: usize,
    /// Also a personal name: needs isolation, not a "place name" word.
    pub person: bool,
    /// Also a common word: must be capitalised in the text.
    pub cap: bool,
    /// An abbreviation: must be in capitals in the text.
    pub caps: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    pub places: Vec<Place>,
    /// Every written form (bases and Russian declensions) by key.
    pub forms: FastMap<String, Form>,
    /// Cyrillic base forms, which may carry Kazakh case endings.
    pub kk_bases: FastMap<String, Form>,
    /// Proper word-prefixes of the multi-word keys ("east", "east kazakhstan").
    pub prefixes: FastSet<String>,
}

/// Kazakh case and derivational endings that attach to a place name:
/// locative, ablative, dative, genitive, accusative, instrumental and the
/// attributive -дағы ("in Almaty": Алматыда, Алматыдағы).
const KK_SUFFIXES: &[&str] = &[
    "ндағы",
    "ндегі",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "нда",
    "нде",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "мен",
    "бен",
    "пен",
    "да",
    "де",
    "та",
    "те",
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "н",
];

/// Letters only Kazakh Cyrillic has (words with them are not declined the
/// Russian way).
fn has_kazakh_letter(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c,
            'ә' | 'ғ'
                | 'қ'
                | 'ң'
                | 'ө'
                | 'ұ'
                | 'ү'
                | 'һ'
                | 'і'
                | 'Ә'
                | 'Ғ'
                | 'Қ'
                | 'Ң'
                | 'Ө'
                | 'Ұ'
                | 'Ү'
                | 'Һ'
                | 'І'
        )
    })
}

/// The key of a written form, or `None` when it holds anything but words
/// joined by spaces, hyphens and apostrophes.
pub(crate) fn key_of(s: &str) -> Option<String> {
    let toks = tokenize(s);
    let mut key = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        match t.kind {
            Kind::Word => {
                if !key.is_empty() {
                    if t.glued {
                        return None;
                    }
                    key.push(' ');
                }
                key.push_str(&t.norm);
                i += 1;
            }
            Kind::Punct if (t.norm == "-" || t.norm == "'") && t.glued && !key.is_empty() => {
                let w = toks.get(i + 1)?;
                if !(w.is_word() && w.glued) {
                    return None;
                }
                key.push_str(&t.norm);
                key.push_str(&w.norm);
                i += 2;
            }
            _ => return None,
        }
    }
    if key.is_empty() {
        None
    } else {
        Some(key)
    }
}

/// Russian endings for the cases nominative, genitive, dative, accusative,
/// instrumental, prepositional, and a second instrumental spelling.
type Paradigm = [&'static str; 7];

/// (ending the lower-case word must have, how many characters of it the
/// paradigm replaces, paradigm). The first matching rule wins.
const RU_RULES: &[(&str, usize, Paradigm)] = &[
    ("ая", 2, ["ая", "ой", "ой", "ую", "ой", "ой", "ою"]),
    ("яя", 2, ["яя", "ей", "ей", "юю", "ей", "ей", "ею"]),
    ("ое", 2, ["ое", "ого", "ому", "ое", "ым", "ом", "ом"]),
    ("ые", 2, ["ые", "ых", "ым", "ые", "ыми", "ых", "ых"]),
    ("ый", 2, ["ый", "ого", "ому", "ый", "ым", "ом", "ом"]),
    ("ой", 2, ["ой", "ого", "ому", "ой", "ым", "ом", "ом"]),
    ("ий", 2, ["ий", "его", "ему", "ий", "им", "ем", "ем"]),
    ("ия", 2, ["ия", "ии", "ии", "ию", "ией", "ии", "ией"]),
    ("ство", 1, ["о", "а", "у", "о", "ом", "е", "ом"]),
    ("га", 1, ["а", "и", "е", "у", "ой", "е", "ою"]),
    ("ка", 1, ["а", "и", "е", "у", "ой", "е", "ою"]),
    ("ха", 1, ["а", "и", "е", "у", "ой", "е", "ою"]),
    ("жа", 1, ["а", "и", "е", "у", "ей", "е", "ой"]),
    ("ша", 1, ["а", "и", "е", "у", "ей", "е", "ой"]),
    ("ча", 1, ["а", "и", "е", "у", "ей", "е", "ой"]),
    ("ща", 1, ["а", "и", "е", "у", "ей", "е", "ой"]),
    ("ца", 1, ["а", "ы", "е", "у", "ей", "е", "ой"]),
    ("а", 1, ["а", "ы", "е", "у", "ой", "е", "ою"]),
    ("я", 1, ["я", "и", "е", "ю", "ей", "е", "ею"]),
    ("ь", 1, ["ь", "и", "и", "ь", "ью", "и", "ью"]),
    ("й", 1, ["й", "я", "ю", "й", "ем", "е", "ем"]),
    ("ов", 0, ["", "а", "у", "", "ым", "е", "ом"]),
    ("ев", 0, ["", "а", "у", "", "ым", "е", "ом"]),
    ("ин", 0, ["", "а", "у", "", "ым", "е", "ом"]),
    ("ын", 0, ["", "а", "у", "", "ым", "е", "ом"]),
];

const RU_VOWELS: &str = "аеёиоуыэюя";

/// The seven Russian forms of one word, or `None` when it does not decline
/// (Latin, Kazakh, abbreviations, names ending in a vowel like Алматы).
fn ru_word_forms(word: &str) -> Option<Vec<String>> {
    if word.starts_with('#') {
        return None;
    }
    if !has_cyrillic(word) || has_kazakh_letter(word) {
        return None;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    // Only the last part of a hyphenated name declines (Усть-Каменогорск).
    let (head, last) = match word.rfind('-') {
        Some(p) => (&word[..=p], &word[p + 1..]),
        None => ("", word),
    };
    let lower = last.to_lowercase();
    let rule = RU_RULES.iter().find(|(end, _, _)| lower.ends_with(end));
    let (cut, paradigm): (usize, Paradigm) = match rule {
        Some(&(_, cut, p)) => (cut, p),
        None => {
            let lastc = lower.chars().next_back()?;
            if RU_VOWELS.contains(lastc) || !lastc.is_alphabetic() {
                return None;
            }
            (0, ["", "а", "у", "", "ом", "е", "ом"])
        }
    };
    let n = lower.chars().count();
    if n <= cut {
        return None;
    }
    let stem: String = lower.chars().take(n - cut).collect();
    Some(
        paradigm
            .iter()
            .map(|e| format!("{}{stem}{e}", head.to_lowercase()))
            .collect(),
    )
}

/// Russian declensions of a (possibly multi-word) name, word by word in
/// agreement: "Алматинская область" -> "Алматинской области", ...
fn ru_forms(literal: &str) -> Vec<String> {
    let words: Vec<&str> = literal.split_whitespace().collect();
    let per_word: Vec<Option<Vec<String>>> = words.iter().map(|w| ru_word_forms(w)).collect();
    if per_word.iter().all(Option::is_none) {
        return Vec::new();
    }
    (0..7)
        .map(|case| {
            words
                .iter()
                .zip(&per_word)
                .map(|(w, f)| match f {
                    Some(forms) => forms[case].clone(),
                    None => w.trim_start_matches('#').to_lowercase(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

const LATIN_REGION_WORDS: &[&str] = &["region", "oblast", "province", "oblysy", "obl"];
const RUSSIAN_REGION_WORDS: &[&str] = &["область", "#обл"];

fn expand(variant: &str) -> Vec<String> {
    if variant.contains("{R}") {
        LATIN_REGION_WORDS
            .iter()
            .map(|w| variant.replace("{R}", w))
            .collect()
    } else if variant.contains("{Р}") {
        RUSSIAN_REGION_WORDS
            .iter()
            .map(|w| variant.replace("{Р}", w))
            .collect()
    } else {
        vec![variant.to_string()]
    }
}

fn parse_kind(s: &str) -> Option<PlaceKind> {
    match s {
        "city" => Some(PlaceKind::City),
        "region" => Some(PlaceKind::Region),
        "country" => Some(PlaceKind::Country),
        _ => None,
    }
}

impl Gazetteer {
    fn build(data: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut declined: Vec<(String, Form)> = Vec::new();
        for line in data.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [key, kind, name, variants] = fields[..] else {
                continue;
            };
            let Some(kind) = parse_kind(kind) else {
                continue;
            };
            let place = g.places.len();
            g.places.push(Place {
                key: key.to_string(),
                name: name.to_string(),
                kind,
            });
            for variant in variants.split('|') {
                let mut form = Form {
                    place,
                    person: false,
                    cap: false,
                    caps: false,
                };
                let mut body = variant.trim();
                loop {
                    if let Some(b) = body.strip_prefix('*') {
                        form.person = true;
                        body = b;
                    } else if let Some(b) = body.strip_prefix('^') {
                        form.cap = true;
                        body = b;
                    } else if let Some(b) = body.strip_prefix('!') {
                        form.caps = true;
                        body = b;
                    } else {
                        break;
                    }
                }
                for literal in expand(body) {
                    let plain = literal.replace('#', "");
                    let Some(k) = key_of(&plain) else {
                        continue;
                    };
                    if has_cyrillic(&plain) {
                        g.kk_bases.entry(k.clone()).or_insert(form);
                        for f in ru_forms(&literal) {
                            if let Some(fk) = key_of(&f) {
                                declined.push((fk, form));
                            }
                        }
                    }
                    g.forms.entry(k).or_insert(form);
                }
            }
        }
        // Declined forms never displace a base form of another place.
        for (k, f) in declined {
            g.forms.entry(k).or_insert(f);
        }
        let mut prefixes = FastSet::default();
        for k in g.forms.keys().chain(g.kk_bases.keys()) {
            for (b, c) in k.char_indices() {
                if matches!(c, ' ' | '-' | '\'') {
                    prefixes.insert(k[..b].to_string());
                }
            }
        }
        g.prefixes = prefixes;
        g
    }

    /// A Cyrillic key that is a base form plus a Kazakh case ending
    /// ("алматыда", "шығыс қазақстан облысында").
    pub(crate) fn kk_lookup(&self, key: &str) -> Option<Form> {
        if !key
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
        {
            return None;
        }
        KK_SUFFIXES.iter().find_map(|suf| {
            let base = key.strip_suffix(suf)?;
            let last_word = base.rsplit([' ', '-']).next().unwrap_or(base);
            if last_word.chars().count() < 3 {
                return None;
            }
            self.kk_bases.get(base).copied()
        })
    }

    /// The form a key stands for, directly or through a Kazakh ending.
    pub(crate) fn lookup(&self, key: &str) -> Option<Form> {
        self.forms.get(key).copied().or_else(|| self.kk_lookup(key))
    }
}

/// The gazetteer, built once.
pub(crate) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::build(DATA));

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn declension() {
        let f = ru_forms("Астана");
        assert!(f.contains(&"астане".to_string()), "{f:?}");
        assert!(f.contains(&"астаной".to_string()));
        let f = ru_forms("Алматинская область");
        assert!(f.contains(&"алматинской области".to_string()), "{f:?}");
        assert!(ru_forms("Алматы").is_empty());
        assert!(ru_forms("Қарағанды").is_empty());
        let f = ru_forms("Усть-Каменогорск");
        assert!(f.contains(&"усть-каменогорске".to_string()), "{f:?}");
        let f = ru_forms("область #Абай");
        assert!(f.contains(&"области абай".to_string()), "{f:?}");
    }

    #[test]
    fn data_is_consistent() {
        let g = &*GAZETTEER;
        assert!(g.places.len() > 150, "{}", g.places.len());
        let regions = g
            .places
            .iter()
            .filter(|p| p.kind == PlaceKind::Region)
            .count();
        assert_eq!(regions, 17);
        let mut keys = HashSet::new();
        for p in &g.places {
            assert!(keys.insert(p.key.as_str()), "duplicate key {}", p.key);
        }
        // No base form names two places.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for line in DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 4, "bad line {line}");
            let place = g.places.iter().position(|p| p.key == f[0]).unwrap();
            for v in f[3].split('|') {
                for lit in expand(v.trim_start_matches(['*', '^', '!'])) {
                    let k = key_of(&lit.replace('#', "")).unwrap();
                    if let Some(&other) = seen.get(&k) {
                        assert_eq!(other, place, "{k} names two places");
                    }
                    seen.insert(k, place);
                }
            }
        }
    }
}
