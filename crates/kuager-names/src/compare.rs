//! Comparing two names: how strongly do they say "same person"?
//!
//! Works on [`NameSig`], the transliteration-independent form of a name.
//! The score is a calibrated-by-hand belief in [0, 1]; the resolver merges
//! above [`MERGE`], asks a human between [`REVIEW`] and [`MERGE`], and
//! treats an `incompatible` verdict as a reason never to merge.

use crate::lexicon::given_key;
use crate::translit::{edit_distance, initial_key, key, neutral_family, skeleton, Gender};
use kuager_domain::PersonName;

/// At or above: merge without asking.
pub const MERGE: f64 = 0.85;
/// At or above (and below [`MERGE`]): ask a human.
pub const REVIEW: f64 = 0.5;

/// A name reduced to what identity depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameSig {
    /// Gender-neutral keys of the family names.
    pub families: Vec<String>,
    /// Keys of the given names, in order.
    pub given: Vec<String>,
    pub patronymic: Option<String>,
    /// Keyed first letters of given name and patronymic, from the full
    /// names when present, else from the initials written.
    pub first_initial: Option<char>,
    pub second_initial: Option<char>,
    pub gender: Option<Gender>,
    /// The gender the family name's ending shows, even where it is not
    /// trusted: a Russian "Жумабекова Е.М." may be a woman or a man in the
    /// genitive, so `gender` is unknown but this says "feminine form".
    pub written_gender: Option<Gender>,
}

impl NameSig {
    pub fn from_name(name: &PersonName) -> NameSig {
        let mut gender = None;
        let mut families = Vec::new();
        for f in &name.family {
            let (k, g) = neutral_family(&key(f));
            if k.is_empty() {
                continue;
            }
            gender = gender.or(g);
            if !families.contains(&k) {
                families.push(k);
            }
        }
        let given: Vec<String> = name
            .given
            .iter()
            .map(|g| key(g))
            .filter(|k| !k.is_empty())
            .collect();
        let patronymic = name.patronymic.as_deref().map(key);
        let written_gender = gender;
        // Without a given name to show the case, a Cyrillic family name in
        // -ова/-ева/-ина may be feminine or a masculine genitive.
        let case_ambiguous = given.is_empty()
            && name
                .family
                .iter()
                .any(|f| crate::translit::is_cyrillic(f) && f.ends_with(['а', 'я', 'у']));
        if case_ambiguous {
            gender = None;
        }
        if gender.is_none() && !case_ambiguous {
            gender = name
                .patronymic
                .as_deref()
                .and_then(crate::lexicon::patronymic)
                .or_else(|| {
                    given
                        .first()
                        .and_then(|g| given_key(g))
                        .and_then(|g| g.gender())
                });
        }
        let first_initial = given
            .first()
            .and_then(|g| g.chars().next())
            .or_else(|| name.initials.first().and_then(|c| initial_key(*c)));
        let second_initial = patronymic
            .as_deref()
            .and_then(|p| p.chars().next())
            .or_else(|| {
                let skip = usize::from(given.is_empty());
                name.initials.get(skip).and_then(|c| initial_key(*c))
            });
        NameSig {
            families,
            given,
            patronymic,
            first_initial,
            second_initial,
            gender,
            written_gender,
        }
    }

    /// Has a written-out given name.
    pub fn has_given(&self) -> bool {
        !self.given.is_empty()
    }

    /// Only a family name: no given name, no initials.
    pub fn is_bare(&self) -> bool {
        self.given.is_empty() && self.first_initial.is_none()
    }

    /// Keys under which this name is compared with others: each family
    /// key, and its consonant skeleton to survive vowel typos, each with
    /// the first initial — two names whose given names start differently
    /// are never the same person, so they need not be compared. A name
    /// with no given name or initial gets `*`; the resolver offers such
    /// bare surnames for review against their whole family instead.
    pub fn blocking_keys(&self) -> Vec<String> {
        let initial = match self.first_initial {
            // Romanisations disagree on Е/Ye/I: block them together.
            Some('i' | 'e') => 'e',
            Some(c) => c,
            None => '*',
        };
        let mut keys = Vec::new();
        for f in &self.families {
            keys.push(format!("f:{f}:{initial}"));
            let s = skeleton(f);
            if s.chars().count() >= 4 || (s.chars().count() == 3 && f.chars().count() >= 6) {
                keys.push(format!("s:{s}:{initial}"));
            }
        }
        if self.families.is_empty() {
            for g in &self.given {
                keys.push(format!("g:{g}"));
            }
        }
        keys
    }
}

/// The outcome of comparing two names.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub score: f64,
    /// The names cannot be the same person (different given names,
    /// initials or patronymics under one family name).
    pub incompatible: bool,
    pub evidence: Vec<String>,
}

impl Verdict {
    fn unrelated() -> Verdict {
        Verdict {
            score: 0.0,
            incompatible: false,
            evidence: Vec::new(),
        }
    }
    fn conflict(why: String) -> Verdict {
        Verdict {
            score: 0.0,
            incompatible: true,
            evidence: vec![why],
        }
    }
}

/// Initials are compared loosely where romanisations disagree on the first
/// letter: "Y." may stand for Е, Ю, Я or Ы.
fn initials_agree(a: char, b: char) -> bool {
    a == b
        || (a == 'i' && matches!(b, 'e' | 'u' | 'a'))
        || (b == 'i' && matches!(a, 'e' | 'u' | 'a'))
}

/// Can two given-name keys be one name? Equal keys, or a one-letter
/// difference that is not two distinct known names (Marat/Murat,
/// Aleksandr/Aleksandra are different names; Shalip/Shalipa is a slip).
pub fn given_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if given_key(a).is_some() && given_key(b).is_some() {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    la.min(lb) >= 4 && edit_distance(a, b) == 1
}

/// Compare two names.
pub fn compare(a: &NameSig, b: &NameSig) -> Verdict {
    let mut evidence = Vec::new();
    let family_exact = a.families.iter().any(|f| b.families.contains(f));
    let family_typo = !family_exact
        && a.families.iter().any(|fa| {
            b.families.iter().any(|fb| {
                fa.chars().count() >= 7 && fb.chars().count() >= 7 && edit_distance(fa, fb) == 1
            })
        });
    if !family_exact && !family_typo {
        if a.families.is_empty()
            && b.families.is_empty()
            && a.given == b.given
            && !a.given.is_empty()
        {
            return Verdict {
                score: REVIEW,
                incompatible: false,
                evidence: vec!["only the same given name".into()],
            };
        }
        return Verdict::unrelated();
    }
    evidence.push(if family_exact {
        "same family name".to_string()
    } else {
        "family names one letter apart".to_string()
    });
    let gender_conflict = matches!((a.gender, b.gender), (Some(x), Some(y)) if x != y);

    if let (Some(pa), Some(pb)) = (&a.patronymic, &b.patronymic) {
        let (na, _) = neutral_family(pa);
        let (nb, _) = neutral_family(pb);
        if na.chars().take(4).collect::<String>() != nb.chars().take(4).collect::<String>() {
            return Verdict::conflict(format!("patronymics differ ({pa} / {pb})"));
        }
        evidence.push("same patronymic".into());
    }
    if let (Some(x), Some(y)) = (a.second_initial, b.second_initial) {
        if !initials_agree(x, y) {
            return Verdict::conflict("second initials differ".into());
        }
    }

    let mut score = match (a.has_given(), b.has_given()) {
        (true, true) => {
            let (ga, gb) = (&a.given[0], &b.given[0]);
            if ga == gb {
                evidence.push("same given name".into());
                if gender_conflict {
                    evidence.push("but the family names differ in gender".into());
                    0.6
                } else {
                    0.97
                }
            } else if given_compatible(ga, gb) {
                evidence.push(format!("given names one letter apart ({ga} / {gb})"));
                0.88
            } else {
                return Verdict::conflict(format!("given names differ ({ga} / {gb})"));
            }
        }
        (true, false) | (false, true) => {
            let (full, short) = if a.has_given() { (a, b) } else { (b, a) };
            match (full.first_initial, short.first_initial) {
                (Some(x), Some(y)) if initials_agree(x, y) => {
                    if gender_conflict {
                        return Verdict::conflict("initial fits but gender differs".into());
                    }
                    evidence.push("initial fits the given name".into());
                    0.75
                }
                (Some(_), Some(_)) => {
                    return Verdict::conflict("initial does not fit the given name".into())
                }
                _ => {
                    evidence.push("one side has only the family name".into());
                    if gender_conflict {
                        return Verdict::conflict("family names differ in gender".into());
                    }
                    0.5
                }
            }
        }
        (false, false) => match (a.first_initial, b.first_initial) {
            (Some(x), Some(y)) if initials_agree(x, y) => {
                if gender_conflict {
                    return Verdict::conflict(
                        "same initials, family names differ in gender".into(),
                    );
                }
                evidence.push("same initials".into());
                0.86
            }
            (Some(_), Some(_)) => return Verdict::conflict("initials differ".into()),
            _ => {
                if gender_conflict {
                    return Verdict::conflict("family names differ in gender".into());
                }
                evidence.push("family name only".into());
                0.5
            }
        },
    };
    if family_typo {
        score -= 0.1;
    }
    if score >= REVIEW && a.patronymic.is_some() && a.patronymic == b.patronymic {
        score = (score + 0.02).min(1.0);
    }
    Verdict {
        score,
        incompatible: false,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{read_name, OrderHint, Part};

    fn sig(s: &str) -> NameSig {
        let mut parts = Vec::new();
        for w in s.split_whitespace() {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if w.ends_with('.') {
                for c in letters {
                    parts.push(Part::Initial(c));
                }
            } else if w.starts_with('(') {
                parts.push(Part::Alternative(letters.iter().collect()));
            } else {
                parts.push(Part::Word(w.to_string()));
            }
        }
        NameSig::from_name(&read_name(&parts, OrderHint::None).0)
    }

    fn merges(a: &str, b: &str) {
        let v = compare(&sig(a), &sig(b));
        assert!(v.score >= MERGE && !v.incompatible, "{a} / {b}: {v:?}");
    }
    fn apart(a: &str, b: &str) {
        let v = compare(&sig(a), &sig(b));
        assert!(v.score < REVIEW || v.incompatible, "{a} / {b}: {v:?}");
    }

    #[test]
    fn same_people_merge() {
        merges("Bekizhan Mendygaziev", "Bekizhan Mendygaziyev");
        merges("Bekizhan Mendygaziev", "Бекижан Мендыгазиев");
        merges("Aiya Sadvakasova", "Aya Sadvakasova");
        merges("Shalip Bekkulov", "Shalipa Bekkulova");
        merges("Max Bokayev", "Maks Bokayev");
        merges("Aset Abishev", "Asset Abishev");
        merges("Aron Atabek (Edigeev)", "Aron Yedygeyev");
        merges("Aron Atabek (Edigeev)", "Арон Атабек");
        merges("Suyubayev Asanali", "Asanali Suyubayev");
        merges("Bakhytzhan Toregozhina", "Бахытжан Төрегожина");
        merges("Nurbek Kushakbayev", "Нурбек Құшақбаев");
    }

    #[test]
    fn different_people_stay_apart() {
        apart("Barlyk Mendygaziev", "Bekizhan Mendygaziev");
        apart("Aset Abishev", "Kenzhebek Abishev");
        apart("Alzhanova J.", "Alzhanov D.");
        apart("Yerlan Baltabay", "Baltabay Aduovich Dunbekbayev");
        apart("Paul GALLES", "Paul GAVAN");
        apart("Erlan Kaliyev", "Kaliyeva D.I.");
        apart("Aleksandr Ivanov", "Aleksandra Ivanova");
        apart("Marat Nurlanov", "Murat Nurlanov");
    }
}
