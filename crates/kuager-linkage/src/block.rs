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
    /// The family key's first four letters, or its first letter with its
    /// last five: [`Features::family_head`](crate::prepare::Features::family_head).
    FamilyHead,
    FamilyTail,
    Given,
    GivenInitial,
    /// A full given name's other conventional initial (Жүсіп's Ю.), or
    /// the initial of a record that gives only one: pairs *Ю. Токаев*
    /// with *Жүсіп Тоқаев*, whom [`Part::GivenInitial`] keys apart.
    GivenInitialAlt,
    Patronymic,
    PatronymicInitial,
    BirthYear,
    City,
    /// The event's day (only dates given to the day).
    EventDay,
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub parts: &'static [Part],
    /// Largest block compared under this rule, in units of the cap.
    pub cap_factor: usize,
}

use Part::*;

/// The rules, broad ones with a smaller cap. `cap_factor` scales
/// [`crate::LinkOptions::max_block`]: 1 = the cap, 4 = four times it.
pub const RULES: &[Rule] = &[
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
    // An initial from a name's other conventional form (Ю. for Жүсіп).
    Rule {
        parts: &[Family, GivenInitialAlt, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[Family, GivenInitialAlt, EventDay],
        cap_factor: 1,
    },
    // An initial and a family name and nothing else in common (a media
    // record that gives neither city nor day): only blocks of rarer
    // family names stay under the cap.
    Rule {
        parts: &[Family, GivenInitial],
        cap_factor: 1,
    },
    // A surname misspelt beyond its skeleton, no birth year.
    Rule {
        parts: &[Given, City, EventDay],
        cap_factor: 1,
    },
    // A given name read differently (Утеген / Өтеген, Ураз / Ораз) or
    // misspelt at its first letter: the family and the father's name,
    // or a misspelt surname's skeleton, with the city or the day.
    Rule {
        parts: &[Family, Patronymic, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[FamilySkeleton, GivenInitial, City],
        cap_factor: 1,
    },
    Rule {
        parts: &[FamilySkeleton, GivenInitial, EventDay],
        cap_factor: 1,
    },
    Rule {
        parts: &[Family, BirthYear, City],
        cap_factor: 1,
    },
    // A surname misspelt beyond its skeleton (a consonant dropped or
    // doubled), given name written out: one half of the surname is whole.
    Rule {
        parts: &[FamilyHead, Given],
        cap_factor: 1,
    },
    Rule {
        parts: &[FamilyTail, Given],
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
    u64::from(crate::compare::initial_class(c))
}

fn key_of(f: &Features, rule: &Rule, index: usize) -> Option<u64> {
    let mut h = mix(0x6b75_6167_6572, index as u64);
    for part in rule.parts {
        let value = match part {
            Family => u64::from(f.family[0]),
            FamilySkeleton => u64::from(f.family_skeleton),
            FamilyHead => u64::from(f.family_head),
            FamilyTail => u64::from(f.family_tail),
            Given => u64::from(f.given),
            GivenInitial => initial_code(f.given_initial),
            GivenInitialAlt => {
                let initial = if f.given == NONE {
                    f.given_initial
                } else {
                    f.given_initial_alt[0]
                };
                if initial == '\0' {
                    return None;
                }
                initial_code(initial)
            }
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

/// One rule's records in key order, its compared blocks as ranges of that
/// order, and how many blocks were over the cap.
type RuleBlocks = (Vec<u32>, Vec<(u32, u32)>, usize);

/// No block (no key, alone in its block, or the block was over its cap).
const NO_BLOCK: u32 = u32::MAX;

/// The blocks of every rule: records sorted by key, the compared blocks
/// as ranges of that order, and each record's block number per rule (so a
/// pair that an earlier rule already compared is not compared again).
pub struct Blocks {
    /// Per rule: record indices in key order.
    order: Vec<Vec<u32>>,
    /// Per rule: `(start, end)` ranges into `order` of the blocks compared.
    ranges: Vec<Vec<(u32, u32)>>,
    /// `block[i * rules + r]`: record i's block under rule r, or NO_BLOCK.
    block: Vec<u32>,
    rules: usize,
    pub oversized: usize,
    register: Option<u16>,
}

impl Blocks {
    /// Keys every record under every rule (rules in parallel).
    pub fn new(prepared: &Prepared, rules: &[Rule], max_block: usize) -> Blocks {
        let features = &prepared.features;
        let n = features.len();
        let per_rule: Vec<RuleBlocks> = rules
            .par_iter()
            .enumerate()
            .map(|(index, rule)| {
                let mut keyed: Vec<(u64, u32)> = features
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| key_of(f, rule, index).map(|k| (k, i as u32)))
                    .collect();
                keyed.sort_unstable();
                let cap = max_block.saturating_mul(rule.cap_factor).max(2);
                let mut ranges = Vec::new();
                let mut oversized = 0;
                let mut start = 0usize;
                for block in keyed.chunk_by(|a, b| a.0 == b.0) {
                    let end = start + block.len();
                    if block.len() > cap {
                        oversized += 1;
                    } else if block.len() >= 2 {
                        ranges.push((start as u32, end as u32));
                    }
                    start = end;
                }
                let order = keyed.into_iter().map(|(_, i)| i).collect();
                (order, ranges, oversized)
            })
            .collect();
        let rules_n = rules.len();
        let mut block = vec![NO_BLOCK; n * rules_n];
        let mut oversized = 0;
        let mut order = Vec::with_capacity(rules_n);
        let mut ranges = Vec::with_capacity(rules_n);
        for (r, (o, rg, over)) in per_rule.into_iter().enumerate() {
            for (b, &(s, e)) in rg.iter().enumerate() {
                for &i in &o[s as usize..e as usize] {
                    block[i as usize * rules_n + r] = b as u32;
                }
            }
            oversized += over;
            order.push(o);
            ranges.push(rg);
        }
        Blocks {
            order,
            ranges,
            block,
            rules: rules_n,
            oversized,
            register: register_list(prepared),
        }
    }

    /// Pairs in the compared blocks (before removing pairs an earlier rule
    /// compared).
    pub fn pair_count(&self) -> u64 {
        self.ranges
            .iter()
            .flatten()
            .map(|&(s, e)| {
                let n = u64::from(e - s);
                n * (n - 1) / 2
            })
            .sum()
    }

    /// A uniform sample of about `limit` of the pairs in the compared
    /// blocks (all of them when there are fewer), drawn block by block
    /// without enumerating the pairs of large blocks, so a rule may be
    /// sampled with no cap at all. Deterministic for a seed.
    pub fn sample_pairs(&self, features: &[Features], limit: u64, seed: u64) -> Vec<(u32, u32)> {
        let total = self.pair_count();
        let rate = if total > limit {
            limit as f64 / total as f64
        } else {
            1.0
        };
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut out = Vec::new();
        let mut carry = 0.0f64;
        for (r, rg) in self.ranges.iter().enumerate() {
            for &(s, e) in rg {
                let members = &self.order[r][s as usize..e as usize];
                let n = members.len() as u64;
                let pairs = n * (n - 1) / 2;
                let both = |a: u32, b: u32| {
                    let (i, j) = (a.min(b), a.max(b));
                    let register = self.register.is_some_and(|reg| {
                        features[i as usize].list == reg && features[j as usize].list == reg
                    });
                    (!register && (r == 0 || !self.earlier(r, i, j))).then_some((i, j))
                };
                if rate >= 1.0 {
                    for (x, &a) in members.iter().enumerate() {
                        for &b in &members[x + 1..] {
                            out.extend(both(a, b));
                        }
                    }
                    continue;
                }
                let want = pairs as f64 * rate + carry;
                let take = want.floor() as u64;
                carry = want - take as f64;
                for _ in 0..take {
                    let x = (next() % n) as usize;
                    let mut y = (next() % (n - 1)) as usize;
                    if y >= x {
                        y += 1;
                    }
                    out.extend(both(members[x], members[y]));
                }
            }
        }
        out
    }

    /// Did a rule before `rule` put records i and j in one compared block?
    fn earlier(&self, rule: usize, i: u32, j: u32) -> bool {
        let (bi, bj) = (i as usize * self.rules, j as usize * self.rules);
        (0..rule).any(|r| {
            let x = self.block[bi + r];
            x != NO_BLOCK && x == self.block[bj + r]
        })
    }

    /// Calls `visit(i, j)` (i < j) once for every candidate pair, blocks in
    /// parallel; each worker folds its pairs into its own `T`, and the
    /// workers' results are returned.
    pub fn fold<T, I, V>(&self, features: &[Features], init: I, visit: V) -> Vec<T>
    where
        T: Send,
        I: Fn() -> T + Sync + Send,
        V: Fn(&mut T, u32, u32) + Sync + Send,
    {
        let jobs: Vec<(usize, (u32, u32))> = self
            .ranges
            .iter()
            .enumerate()
            .flat_map(|(r, rg)| rg.iter().map(move |&x| (r, x)))
            .collect();
        jobs.par_chunks(256)
            .fold(&init, |mut acc, chunk| {
                for &(r, (s, e)) in chunk {
                    let members = &self.order[r][s as usize..e as usize];
                    for (x, &a) in members.iter().enumerate() {
                        for &b in &members[x + 1..] {
                            let (i, j) = (a.min(b), a.max(b));
                            if self.register.is_some_and(|reg| {
                                features[i as usize].list == reg && features[j as usize].list == reg
                            }) {
                                continue;
                            }
                            if r > 0 && self.earlier(r, i, j) {
                                continue;
                            }
                            visit(&mut acc, i, j);
                        }
                    }
                }
                acc
            })
            .collect()
    }
}

/// Every pair of records that shares a key under some rule (for tests and
/// diagnostics: [`crate::link`] scores the pairs block by block instead of
/// listing them).
pub fn candidate_pairs(prepared: &Prepared, max_block: usize, progress: &dyn Progress) -> Blocked {
    progress.stage("blocking", RULES.len() as u64);
    let blocks = Blocks::new(prepared, RULES, max_block);
    let parts = blocks.fold(
        &prepared.features,
        Vec::new,
        |acc: &mut Vec<(u32, u32)>, i, j| acc.push((i, j)),
    );
    let mut pairs: Vec<(u32, u32)> = parts.into_iter().flatten().collect();
    pairs.par_sort_unstable();
    progress.advance(RULES.len() as u64);
    Blocked {
        pairs,
        oversized: blocks.oversized,
    }
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
    fn an_initial_of_the_other_conventional_form_still_meets() {
        let day = |full: &str, date: &str| InputRecord {
            event_date: Some(date.into()),
            ..rec(full, None, None)
        };
        let rs = vec![
            day("Тоқаев Жүсіп Ербекұлы", "2022-01-06"),
            // The Russian form's initial, the same day: keyed apart by
            // initial (Ж / Ю), together by the conventional form's.
            day("Токаев Ю.Е.", "2022-01-06"),
            day("Токаев Е.", "2022-01-06"),
        ];
        let p = prepare(&rs, &Silent);
        let b = candidate_pairs(&p, 100, &Silent);
        assert!(b.pairs.contains(&(0, 1)), "{:?}", b.pairs);
        assert!(!b.pairs.contains(&(0, 2)), "{:?}", b.pairs);
    }

    #[test]
    fn a_dropped_consonant_in_the_surname_still_meets() {
        let rs = vec![
            rec("Фарида Бакыттаева", Some(1989), Some("Жанаозен")),
            // No year, no city: only the given name and half the surname.
            rec("Фарида Баыттаева", None, None),
            rec("Фарида Бакыттаев", None, None),
            // Another woman of that given name.
            rec("Фарида Сейтказиева", None, None),
        ];
        let p = prepare(&rs, &Silent);
        let b = candidate_pairs(&p, 100, &Silent);
        assert!(b.pairs.contains(&(0, 1)), "{:?}", b.pairs);
        assert!(b.pairs.contains(&(0, 2)), "{:?}", b.pairs);
        assert!(
            !b.pairs.iter().any(|&(i, j)| i == 3 || j == 3),
            "{:?}",
            b.pairs
        );
    }

    #[test]
    fn an_initial_and_a_family_name_alone_still_meet() {
        let rs = vec![
            rec("Богданов Семен Константинович", Some(1984), Some("Алматы")),
            // A media record: an initial, the family name, nothing else.
            rec("С. Богданов", None, None),
            // Another initial, another family name.
            rec("А. Богданов", None, None),
            rec("С. Бегалиев", None, None),
        ];
        let p = prepare(&rs, &Silent);
        let b = candidate_pairs(&p, 100, &Silent);
        assert!(b.pairs.contains(&(0, 1)), "{:?}", b.pairs);
        assert!(!b.pairs.contains(&(1, 2)), "{:?}", b.pairs);
        assert!(!b.pairs.contains(&(1, 3)), "{:?}", b.pairs);
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
