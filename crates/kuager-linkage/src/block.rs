//! Candidate pairs: only records that share a blocking key are compared.
//!
//! Comparing all pairs of a million records is 5·10¹¹ comparisons; blocking
//! keeps the pairs that could plausibly be one person. Several rules each
//! ask for agreement on a few fields, so a pair is found if *any* rule
//! holds: a typo in the surname is caught by the rule on given name,
//! patronymic and birth year, a missing birth year by the rule on city. A
//! block larger than its rule's cap (the most common surname with the most
//! common given name) is skipped for that rule: its pairs are found by the
//! finer rules that add a birth year or a city.

use crate::prepare::{Features, Prepared, NONE};
use crate::Progress;
use rayon::prelude::*;

/// What a rule's key is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Family,
    FamilySkeleton,
    Given,
    GivenInitial,
    Patronymic,
    PatronymicInitial,
    BirthYear,
    City,
    /// The event's day (only dates given to the day).
    EventDay,
}

pub struct Rule {
    pub parts: &'static [Part],
    /// Largest block compared under this rule, in units of the cap.
    pub cap_factor: usize,
}

use Part::*;

/// The rules, broad ones with a smaller cap. `cap_factor` scales
/// [`crate::LinkOptions::max_block`]: 1 = the cap, 4 = four times it.
const RULES: &[Rule] = &[
    Rule {
        parts: &[Family, Given],
        cap_factor: 1,
    },
    Rule {
        parts: &[Family, Given, BirthYear],
        cap_factor: 2,
    },
    Rule {
        parts: &[Family, Given, City],
        cap_factor: 2,
    },
    Rule {
        parts: &[Family, GivenInitial, BirthYear],
        cap_factor: 1,
    },
    Rule {
        parts: &[Family, GivenInitial, PatronymicInitial, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[Given, Patronymic, BirthYear],
        cap_factor: 1,
    },
    Rule {
        parts: &[Given, Patronymic, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[FamilySkeleton, GivenInitial, BirthYear],
        cap_factor: 1,
    },
    // Initials only and no birth year: the city or the day must agree.
    Rule {
        parts: &[Family, GivenInitial, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[Family, GivenInitial, EventDay],
        cap_factor: 1,
    },
    // A surname misspelt beyond its skeleton, no birth year.
    Rule {
        parts: &[Given, City, EventDay],
        cap_factor: 1,
    },
];

/// Candidate pairs, each `(i, j)` with `i < j` once.
pub struct Blocked {
    pub pairs: Vec<(u32, u32)>,
    /// Blocks skipped for being over their cap.
    pub oversized: usize,
}

fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

fn initial_code(c: char) -> u64 {
    // Е / Ye / I start one name in different romanisations.
    let c = if c == 'i' { 'e' } else { c };
    u64::from(c)
}

fn key_of(f: &Features, rule: &Rule, index: usize) -> Option<u64> {
    let mut h = mix(0x6b75_6167_6572, index as u64);
    for part in rule.parts {
        let value = match part {
            Family => u64::from(f.family[0]),
            FamilySkeleton => u64::from(f.family_skeleton),
            Given => u64::from(f.given),
            GivenInitial => initial_code(f.given_initial),
            Patronymic => u64::from(f.patronymic),
            PatronymicInitial => initial_code(f.patronymic_initial),
            BirthYear => f.birth_year as u64,
            City => u64::from(f.city),
            EventDay => {
                if f.date_precision == crate::prepare::DatePrecision::Day {
                    // Shifted so that 1970-01-01 is not "missing".
                    (i64::from(f.date) + 1_000_000) as u64
                } else {
                    0
                }
            }
        };
        if value == u64::from(NONE) {
            return None;
        }
        h = mix(h, value);
    }
    Some(h)
}

/// Every pair of records that shares a key under some rule.
pub fn candidate_pairs(prepared: &Prepared, max_block: usize, progress: &dyn Progress) -> Blocked {
    progress.stage("blocking", RULES.len() as u64);
    let features = &prepared.features;
    let register = register_list(prepared);
    let per_rule: Vec<(Vec<u64>, usize)> = RULES
        .par_iter()
        .enumerate()
        .map(|(index, rule)| {
            let out = rule_pairs(features, rule, index, max_block, register);
            progress.advance(1);
            out
        })
        .collect();
    let oversized = per_rule.iter().map(|(_, o)| o).sum();
    let mut all: Vec<u64> = Vec::with_capacity(per_rule.iter().map(|(p, _)| p.len()).sum());
    for (pairs, _) in per_rule {
        all.extend(pairs);
    }
    all.par_sort_unstable();
    all.dedup();
    Blocked {
        pairs: all
            .into_iter()
            .map(|p| ((p >> 32) as u32, p as u32))
            .collect(),
        oversized,
    }
}

/// The pairs one rule makes (packed `i << 32 | j`, `i < j`) and how many
/// of its blocks were over the cap. `index` makes the rule's keys its own.
pub fn rule_pairs(
    features: &[Features],
    rule: &Rule,
    index: usize,
    max_block: usize,
    register: Option<u16>,
) -> (Vec<u64>, usize) {
    let mut keyed: Vec<(u64, u32)> = features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| key_of(f, rule, index).map(|k| (k, i as u32)))
        .collect();
    keyed.sort_unstable();
    let cap = max_block.saturating_mul(rule.cap_factor).max(2);
    let mut pairs = Vec::new();
    let mut oversized = 0;
    for block in keyed.chunk_by(|a, b| a.0 == b.0) {
        if block.len() < 2 {
            continue;
        }
        if block.len() > cap {
            oversized += 1;
            continue;
        }
        for (x, &(_, i)) in block.iter().enumerate() {
            for &(_, j) in &block[x + 1..] {
                let both_register = register.is_some_and(|r| {
                    features[i as usize].list == r && features[j as usize].list == r
                });
                if !both_register {
                    pairs.push((u64::from(i.min(j)) << 32) | u64::from(i.max(j)));
                }
            }
        }
    }
    (pairs, oversized)
}

/// The list index of the register's people, if they take part.
pub fn register_list(prepared: &Prepared) -> Option<u16> {
    prepared
        .lists
        .iter()
        .position(|l| l == crate::REGISTER_LIST)
        .and_then(|i| u16::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;
    use crate::{InputRecord, Silent};

    fn rec(full: &str, year: Option<i32>, city: Option<&str>) -> InputRecord {
        InputRecord {
            list: "l".into(),
            record_id: full.into(),
            full_name: full.into(),
            birth_year: year,
            city: city.map(str::to_string),
            ..InputRecord::default()
        }
    }

    #[test]
    fn a_typo_in_any_one_field_still_meets() {
        let rs = vec![
            rec("Асанали Нурланович Суюбаев", Some(1990), Some("Алматы")),
            // Typo in the surname: found by given + patronymic + year.
            rec("Асанали Нурланович Суюбаеев", Some(1990), None),
            // Given name only as an initial, no year: family + initials + city.
            rec("Суюбаев А.Н.", None, Some("Алматы")),
            // A stranger.
            rec("Марат Жумабеков", Some(1990), Some("Алматы")),
        ];
        let p = prepare(&rs, &Silent);
        let b = candidate_pairs(&p, 100, &Silent);
        assert!(b.pairs.contains(&(0, 1)), "{:?}", b.pairs);
        assert!(b.pairs.contains(&(0, 2)), "{:?}", b.pairs);
        assert!(!b.pairs.iter().any(|&(i, j)| i == 3 || j == 3));
        let mut sorted = b.pairs.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), b.pairs.len());
    }

    #[test]
    fn oversized_blocks_are_left_to_finer_rules() {
        let rs: Vec<InputRecord> = (0..30)
            .map(|i| rec("Нурлан Ахметов", Some(1960 + i), None))
            .collect();
        let p = prepare(&rs, &Silent);
        let b = candidate_pairs(&p, 10, &Silent);
        assert!(b.oversized >= 1);
        // Only same-year pairs remain, and all years differ.
        assert!(b.pairs.is_empty(), "{:?}", b.pairs);
    }
}
