//! Reading a name: which word is the given name, the patronymic, the
//! family name; initials; Russian and Kazakh case endings brought back to
//! the nominative.
//!
//! Input is the words of one mention as the extractor found them, honorifics
//! already removed. Output is a [`PersonName`] in the document's script.

use crate::lexicon::{given_name, has_family_ending, is_particle, patronymic, GivenName};
use crate::translit::{is_cyrillic, key, Gender};
use kuager_domain::PersonName;

/// One piece of a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A word of the name ("Aron", "RAMPI", "Van", "Мендыгазиева").
    Word(String),
    /// An initial ("G." or the G of "G.A.").
    Initial(char),
    /// An alternative family name given in parentheses ("(Edigeev)").
    Alternative(String),
}

/// What the surrounding text says about word order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderHint {
    /// No hint: given name first unless the words say otherwise.
    #[default]
    None,
    /// The document lists people surname first ("Azhenova G.A." lines).
    FamilyFirst,
}

/// What made the reader think this is a person's name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// A word is a known given name.
    pub known_given: bool,
    /// A word ends like a family name.
    pub family_ending: bool,
    pub patronymic: bool,
    pub initials: bool,
    /// A word was written all in capitals among mixed-case words
    /// ("Roberto RAMPI"), the usual way to mark a surname.
    pub capital_family: bool,
}

/// Read the parts of one mention into a name.
pub fn read_name(parts: &[Part], hint: OrderHint) -> (PersonName, Evidence) {
    read_name_in(parts, hint, false)
}

/// [`read_name`] for a document in Kazakh, where case suffixes attach to
/// names ("Атабекке", "Qūşaqbaevtyñ") and come off before reading.
pub fn read_name_in(parts: &[Part], hint: OrderHint, kazakh: bool) -> (PersonName, Evidence) {
    let mut evidence = Evidence::default();
    let mut initials = Vec::new();
    let mut alternatives = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for part in parts {
        match part {
            Part::Word(w) => words.push(w.clone()),
            Part::Initial(c) => initials.push(*c),
            Part::Alternative(a) => alternatives.push(a.clone()),
        }
    }
    evidence.initials = !initials.is_empty();
    let words = nominative_in(&words, kazakh);

    // Glue particles to the word after them: "Van den BERG" is one family
    // name.
    let mut units: Vec<String> = Vec::new();
    let mut pending = String::new();
    for w in &words {
        if is_particle(w) && !pending.is_empty() || is_particle(w) && units.len() + 1 < words.len()
        {
            if !pending.is_empty() {
                pending.push(' ');
            }
            pending.push_str(w);
            continue;
        }
        if pending.is_empty() {
            units.push(w.clone());
        } else {
            units.push(format!("{pending} {w}"));
            pending.clear();
        }
    }
    if !pending.is_empty() {
        units.push(pending);
    }

    let mut name = PersonName {
        initials,
        ..PersonName::default()
    };
    let given: Vec<Option<GivenName>> = units.iter().map(|u| given_name(u)).collect();
    let family_end: Vec<bool> = units.iter().map(|u| has_family_ending(&key(u))).collect();
    evidence.known_given = given.iter().any(Option::is_some);
    evidence.family_ending = family_end.iter().any(|b| *b);

    let caps: Vec<bool> = units.iter().map(|u| is_all_caps(u)).collect();
    let some_caps = caps.iter().any(|c| *c);
    let all_caps = caps.iter().all(|c| *c);

    match units.len() {
        0 => {}
        1 => {
            let u = units[0].clone();
            if name.initials.is_empty() && given[0].is_some() && !family_end[0] {
                name.given.push(u);
            } else {
                name.family.push(u);
            }
        }
        _ if some_caps && !all_caps => {
            // "Roberto RAMPI", "Romilda BALDACCHINO ZARB": capitals mark
            // the family name wherever it stands.
            evidence.capital_family = true;
            let family: Vec<String> = units
                .iter()
                .zip(&caps)
                .filter(|(_, c)| **c)
                .map(|(u, _)| u.clone())
                .collect();
            name.family.push(family.join(" "));
            name.given = units
                .iter()
                .zip(&caps)
                .filter(|(_, c)| !**c)
                .map(|(u, _)| u.clone())
                .collect();
        }
        n => {
            // A patronymic fixes the order: G P F, or F G P (Russian
            // official order).
            let patr: Vec<Option<Gender>> = units.iter().map(|u| patronymic(u)).collect();
            if n == 3 && patr[1].is_some() && patr[2].is_none() {
                evidence.patronymic = true;
                name.given.push(units[0].clone());
                name.patronymic = Some(units[1].clone());
                name.family.push(units[2].clone());
            } else if n == 3 && patr[2].is_some() && patr[1].is_none() {
                evidence.patronymic = true;
                name.family.push(units[0].clone());
                name.given.push(units[1].clone());
                name.patronymic = Some(units[2].clone());
            } else {
                let g = |i: usize| u8::from(given[i].is_some());
                let f = |i: usize| u8::from(family_end[i]);
                let last = n - 1;
                let given_first = g(0) + f(last);
                let family_first = f(0) + g(1);
                let family_first_wins = family_first > given_first
                    || (family_first == given_first && hint == OrderHint::FamilyFirst);
                if family_first_wins {
                    name.family.push(units[0].clone());
                    name.given.extend(units[1..].iter().cloned());
                } else {
                    name.given.extend(units[..last].iter().cloned());
                    name.family.push(units[last].clone());
                }
            }
        }
    }
    for alt in alternatives {
        let alt = nominative_in(std::slice::from_ref(&alt), kazakh)
            .into_iter()
            .next()
            .unwrap_or(alt);
        if !name.family.iter().any(|f| key(f) == key(&alt)) {
            name.family.push(alt);
        }
    }
    (name, evidence)
}

fn is_all_caps(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Grammatical case of a Russian name form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Nominative,
    Genitive,
    Dative,
    Accusative,
    Instrumental,
    Prepositional,
}

/// A way a given name may have been inflected: (ending, what to put back,
/// case, gender).
const GIVEN_ENDINGS: &[(&str, &str, Case, Gender)] = &[
    ("ом", "", Case::Instrumental, Gender::Male),
    ("ем", "", Case::Instrumental, Gender::Male),
    ("ем", "й", Case::Instrumental, Gender::Male),
    ("ой", "а", Case::Instrumental, Gender::Female),
    ("ей", "я", Case::Instrumental, Gender::Female),
    ("ей", "а", Case::Instrumental, Gender::Female),
    ("а", "", Case::Genitive, Gender::Male),
    ("я", "й", Case::Genitive, Gender::Male),
    ("у", "", Case::Dative, Gender::Male),
    ("ю", "й", Case::Dative, Gender::Male),
    ("е", "", Case::Prepositional, Gender::Male),
    ("ы", "а", Case::Genitive, Gender::Female),
    ("и", "а", Case::Genitive, Gender::Female),
    ("и", "я", Case::Genitive, Gender::Female),
    ("у", "а", Case::Accusative, Gender::Female),
    ("ю", "я", Case::Accusative, Gender::Female),
    ("е", "а", Case::Dative, Gender::Female),
];

/// Kazakh case and possessive suffixes that attach to a name
/// ("Мендығазиевтің", "Абишевке", "Төрегожинаға").
const KAZAKH_SUFFIXES: &[&str] = &[
    "тың", "тің", "дың", "дің", "ның", "нің", "ға", "ге", "қа", "ке", "ны", "ні", "ты", "ті", "ды",
    "ді", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен",
    "бен", "пен", "ның",
];

/// Bring the words of a Cyrillic name back to the nominative. Latin words
/// pass through: English texts do not inflect names.
pub fn nominative(words: &[String]) -> Vec<String> {
    nominative_in(words, false)
}

/// [`nominative`], stripping Kazakh case suffixes freely when the document
/// is in Kazakh (in other documents only when what remains is clearly a
/// name).
pub fn nominative_in(words: &[String], kazakh: bool) -> Vec<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| strip_kazakh_suffix(w, kazakh))
        .collect();
    if !words.iter().any(|w| is_cyrillic(w)) {
        return words;
    }
    // The given name tells case and gender; find the first word that is a
    // known given name in some case.
    let mut case_gender: Option<(Case, Gender)> = None;
    let mut out = words.clone();
    for (i, w) in words.iter().enumerate() {
        if !is_cyrillic(w) {
            continue;
        }
        if given_name(w).is_some() && has_family_ending(&key(w)) {
            continue;
        }
        if let Some(g) = given_name(w) {
            // Already nominative; a masculine name shows nominative case.
            if g == GivenName::Male {
                case_gender = Some((Case::Nominative, Gender::Male));
            } else if g == GivenName::Female {
                // Kazakh women's names ending in a consonant do not decline
                // in Russian, so they show the gender but not the case.
                case_gender = Some((Case::Nominative, Gender::Female));
            }
            break;
        }
        if let Some((restored, case, gender)) = restore_given(w) {
            out[i] = restored;
            case_gender = Some((case, gender));
            break;
        }
    }
    for (i, w) in words.iter().enumerate() {
        if out[i] != *w || !is_cyrillic(w) || (given_name(w).is_some() && !looks_inflected(w)) {
            continue;
        }
        if let Some(f) = restore_family(w, case_gender) {
            out[i] = f;
        }
    }
    out
}

fn looks_inflected(w: &str) -> bool {
    let lw = w.to_lowercase();
    [
        "овым", "евым", "иным", "овой", "евой", "иной", "ову", "еву", "ину",
    ]
    .iter()
    .any(|e| lw.ends_with(e))
}

/// Kazakh suffixes in the 2021 Latin alphabet.
const KAZAKH_LATIN_SUFFIXES: &[&str] = &[
    "tyñ", "tıñ", "tiñ", "dyñ", "dıñ", "diñ", "nyñ", "nıñ", "niñ", "ğa", "ge", "qa", "ke", "ny",
    "ni", "ty", "ti", "dy", "di", "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten",
    "nan", "nen", "men", "ben", "pen",
];

fn strip_kazakh_suffix(w: &str, kazakh: bool) -> String {
    let cyrillic = is_cyrillic(w);
    if !cyrillic && !kazakh {
        return w.to_string();
    }
    if given_name(w).is_some() || (kazakh && has_family_ending(&key(w)) && !w.ends_with(['ң', 'ñ']))
    {
        return w.to_string();
    }
    let suffixes = if cyrillic {
        KAZAKH_SUFFIXES
    } else {
        KAZAKH_LATIN_SUFFIXES
    };
    let mut best: Option<&str> = None;
    for suffix in suffixes {
        if let Some(stem) = w.strip_suffix(suffix) {
            let n = stem.chars().count();
            let clearly_a_name = given_name(stem).is_some() || has_family_ending(&key(stem));
            if n >= 4 && (clearly_a_name || kazakh) && best.is_none_or(|b| stem.len() < b.len()) {
                best = Some(stem);
            }
        }
    }
    best.unwrap_or(w).to_string()
}

fn restore_given(w: &str) -> Option<(String, Case, Gender)> {
    for (ending, put_back, case, gender) in GIVEN_ENDINGS {
        if let Some(stem) = w.strip_suffix(ending) {
            if stem.chars().count() < 2 {
                continue;
            }
            let candidate = format!("{stem}{put_back}");
            if let Some(g) = given_name(&candidate) {
                let fits = match (g, gender) {
                    (GivenName::Either, _) => true,
                    (GivenName::Male, Gender::Male) => !candidate.ends_with(['а', 'я']),
                    (GivenName::Female, Gender::Female) => true,
                    // Kazakh women's names in a consonant ("Айгүл") do not
                    // decline; a masculine ending on them is not a case.
                    _ => false,
                };
                if fits {
                    return Some((candidate, *case, *gender));
                }
            }
        }
    }
    None
}

/// Restore a Russian-declined family name to the nominative, using the
/// case and gender the given name showed when there was one.
fn restore_family(w: &str, case_gender: Option<(Case, Gender)>) -> Option<String> {
    let ov_type = |stem_end: &str| {
        ["ов", "ев", "ёв", "ин", "ын"]
            .iter()
            .any(|e| stem_end.ends_with(e))
    };
    // Endings that are unambiguous whatever the given name says.
    for (ending, put_back) in [
        ("ым", ""),
        ("ой", "а"),
        ("ого", "ий"),
        ("ому", "ий"),
        ("ским", "ский"),
        ("ской", "ская"),
    ] {
        if let Some(stem) = w.strip_suffix(ending) {
            if ending == "ым" || ending == "ой" {
                if ov_type(stem) {
                    return Some(format!("{stem}{put_back}"));
                }
            } else if stem.chars().count() >= 3 {
                return Some(format!("{stem}{put_back}"));
            }
        }
    }
    let gender = case_gender.map(|(_, g)| g);
    let case = case_gender.map(|(c, _)| c);
    if let Some(stem) = w.strip_suffix('у') {
        if ov_type(stem) {
            // Masculine dative, or feminine accusative ("Закирову"): the
            // given name decides; alone, the feminine reading is the usual
            // one in reports ("detained Zakirova").
            return Some(match gender {
                Some(Gender::Male) => stem.to_string(),
                _ => format!("{stem}а"),
            });
        }
    }
    if let Some(stem) = w.strip_suffix('е') {
        if ov_type(stem) && gender != Some(Gender::Female) {
            return Some(stem.to_string());
        }
    }
    if let Some(stem) = w.strip_suffix('а') {
        if ov_type(stem) && gender == Some(Gender::Male) {
            return Some(stem.to_string());
        }
    }
    // Other masculine family names ("Атабек") decline like nouns; only
    // restore them when the given name showed the case.
    if gender == Some(Gender::Male) && !w.ends_with(['а', 'я', 'о', 'и', 'ы', 'у', 'е']) {
        return None;
    }
    if gender == Some(Gender::Male) {
        let endings: &[&str] = match case {
            Some(Case::Genitive) | Some(Case::Accusative) => &["а", "я"],
            Some(Case::Dative) => &["у", "ю"],
            Some(Case::Instrumental) => &["ом", "ем"],
            Some(Case::Prepositional) => &["е"],
            _ => &[],
        };
        for e in endings {
            if let Some(stem) = w.strip_suffix(e) {
                if stem.chars().count() < 3 {
                    continue;
                }
                if !stem.ends_with(['а', 'я', 'о', 'е', 'и', 'ы', 'у']) {
                    return Some(stem.to_string());
                }
                // Names in -ай/-ей decline with й: Балтабая, Балтабаю.
                if matches!(*e, "я" | "ю" | "ем" | "е") && stem.ends_with(['а', 'е', 'о', 'у'])
                {
                    return Some(format!("{stem}й"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Part> {
        s.split_whitespace()
            .map(|w| Part::Word(w.to_string()))
            .collect()
    }

    fn nom(s: &str) -> String {
        let ws: Vec<String> = s.split_whitespace().map(String::from).collect();
        nominative(&ws).join(" ")
    }

    #[test]
    fn russian_cases_come_back_to_nominative() {
        assert_eq!(nom("Арона Атабека"), "Арон Атабек");
        assert_eq!(nom("Закирову"), "Закирова");
        assert_eq!(nom("Мухтару Джакишеву"), "Мухтар Джакишев");
        assert_eq!(nom("Бекижаном Мендыгазиевым"), "Бекижан Мендыгазиев");
        assert_eq!(nom("Бахытжан Торегожиной"), "Бахытжан Торегожина");
        assert_eq!(nom("Макса Бокаева"), "Макс Бокаев");
        assert_eq!(nom("Асету Абишеву"), "Асет Абишев");
        assert_eq!(nom("Ларисы Харьковой"), "Лариса Харькова");
        assert_eq!(nom("Айя Садвакасова"), "Айя Садвакасова");
        assert_eq!(nom("Ерлан Калиев"), "Ерлан Калиев");
        assert_eq!(nom("Ерлана Балтабая"), "Ерлан Балтабай");
    }

    #[test]
    fn kazakh_suffixes_come_off() {
        assert_eq!(nom("Мендығазиевтің"), "Мендығазиев");
        assert_eq!(nom("Абишевке"), "Абишев");
        assert_eq!(nom("Торегожина"), "Торегожина");
    }

    #[test]
    fn order_and_parts() {
        let (n, _) = read_name(&words("Suyubayev Asanali"), OrderHint::None);
        assert_eq!(n.family, vec!["Suyubayev"]);
        assert_eq!(n.given, vec!["Asanali"]);
        let (n, _) = read_name(&words("Yerlan Baltabay"), OrderHint::None);
        assert_eq!(n.given, vec!["Yerlan"]);
        assert_eq!(n.family, vec!["Baltabay"]);
        let (n, e) = read_name(&words("Baltabay Aduovich Dunbekbayev"), OrderHint::None);
        assert!(e.patronymic);
        assert_eq!(n.given, vec!["Baltabay"]);
        assert_eq!(n.family, vec!["Dunbekbayev"]);
        let (n, _) = read_name(&words("Caspar Van den BERG"), OrderHint::None);
        assert_eq!(n.family, vec!["Van den BERG"]);
        let (n, _) = read_name(&words("Romilda BALDACCHINO ZARB"), OrderHint::None);
        assert_eq!(n.family, vec!["BALDACCHINO ZARB"]);
        assert_eq!(n.given, vec!["Romilda"]);
        let mut parts = words("Kharkova");
        parts.push(Part::Initial('L'));
        let (n, _) = read_name(&parts, OrderHint::None);
        assert_eq!(n.family, vec!["Kharkova"]);
        assert_eq!(n.initials, vec!['L']);
        let mut parts = words("Aron Atabek");
        parts.push(Part::Alternative("Edigeev".into()));
        let (n, _) = read_name(&parts, OrderHint::None);
        assert_eq!(n.family, vec!["Atabek", "Edigeev"]);
        let (n, _) = read_name(&words("Нурбек Кушакбаевич Алиев"), OrderHint::None);
        assert_eq!(n.patronymic.as_deref(), Some("Кушакбаевич"));
        let (n, _) = read_name(&words("Delemenchuk Olexandra"), OrderHint::None);
        assert_eq!(n.family, vec!["Delemenchuk"]);
    }
}
