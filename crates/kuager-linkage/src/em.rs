//! The Fellegi–Sunter parameters, estimated from the data itself.
//!
//! For each field and level: *m*, the probability of that level when the
//! two records are one person, and *u*, when they are not. *u* is measured
//! directly on random pairs (nearly all of which are different people);
//! *m* and the share of matches among the candidate pairs (λ) are
//! estimated by expectation–maximisation over the candidate pairs, with
//! fields assumed independent given the match status. EM works on the
//! counts of each distinct comparison vector, so its cost does not grow
//! with the number of pairs.
//!
//! At scoring time exact agreement on a family name, given name or
//! patronymic uses the frequency of that very value instead of the average
//! *u*: agreeing on a rare surname is strong evidence, on the commonest
//! one weak.

use crate::block::Blocks;
use crate::compare::{compare, pack, unpack, Field, Vector};
use crate::prepare::{DatePrecision, Features, Prepared, NONE};
use crate::{LinkOptions, Progress};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Smallest probability used, so a level never seen does not become an
/// infinite weight.
const FLOOR: f64 = 1e-6;

/// Largest absolute weight (log2) one field contributes.
const MAX_FIELD_WEIGHT: f64 = 18.0;

/// m and u for every field and level, and the match rate among candidates.
#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    /// Indexed `[field][level]` in [`Field::ALL`] order; level 0 unused.
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
    /// Share of candidate pairs that are matches.
    pub lambda: f64,
    pub iterations: usize,
    /// Random pairs the u values were counted on.
    pub u_pairs: usize,
}

/// A field's part in a pair's weight, for reviewers (stored as JSON with
/// each review pair, read back by the review page).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Contribution {
    pub field: Field,
    pub level: u8,
    /// log2(m/u), term-frequency adjusted; 0 for a missing field.
    pub weight: f64,
}

impl Parameters {
    /// log2 of the likelihood ratio, per field.
    pub fn contributions(
        &self,
        p: &Prepared,
        v: &Vector,
        a: &Features,
        b: &Features,
    ) -> [Contribution; 7] {
        let mut out: [Contribution; 7] = std::array::from_fn(|i| Contribution {
            field: Field::ALL[i],
            level: v[i],
            weight: 0.0,
        });
        for (i, c) in out.iter_mut().enumerate() {
            let level = v[i] as usize;
            if level == 0 {
                continue;
            }
            let m = self.m[i][level];
            let mut u = self.u[i][level];
            if let Some(tf) = term_frequency(p, Field::ALL[i], v[i], a, b) {
                u = tf;
            }
            c.weight = (m.max(FLOOR) / u.max(FLOOR))
                .log2()
                .clamp(-MAX_FIELD_WEIGHT, MAX_FIELD_WEIGHT);
        }
        out
    }

    /// Match probability of a pair with this vector.
    pub fn probability(&self, p: &Prepared, v: &Vector, a: &Features, b: &Features) -> f64 {
        let prior = (self.lambda / (1.0 - self.lambda)).log2();
        let w: f64 = prior
            + self
                .contributions(p, v, a, b)
                .iter()
                .map(|c| c.weight)
                .sum::<f64>();
        1.0 / (1.0 + (-w).exp2())
    }
}

/// [`Parameters::probability`] with every logarithm taken in advance: the
/// weight of each field and level, and of agreement on each value.
/// Scoring the candidate pairs of a million records is a hundred million
/// calls.
pub struct Scorer {
    prior: f64,
    /// `[field][level]`, log2(m/u) clamped; level 0 is 0.
    weight: Vec<Vec<f64>>,
    /// `[field][level]`, log2 m.
    log_m: Vec<Vec<f64>>,
    /// -log2 of the term frequency of each interned value, for family
    /// name, given name, patronymic, city and event type (NaN where there
    /// is none).
    log_tf: [Vec<f32>; 5],
    /// The same per birth year.
    log_year: Vec<f32>,
    /// The same per day (from `Prepared::day_base`): events that day, and
    /// one to three days from it.
    log_day: Vec<f32>,
    log_near: Vec<f32>,
    day_base: i32,
}

/// -log2 of a share of records, as [`term_frequency`] takes it (NaN when
/// there are no records to count).
fn log_share(count: u32, total: u64) -> f32 {
    if total == 0 {
        f32::NAN
    } else {
        -((f64::from(count.max(1)) / total as f64).max(FLOOR).log2()) as f32
    }
}

impl Scorer {
    pub fn new(params: &Parameters, p: &Prepared) -> Scorer {
        let clamp = |w: f64| w.clamp(-MAX_FIELD_WEIGHT, MAX_FIELD_WEIGHT);
        let weight = params
            .m
            .iter()
            .zip(&params.u)
            .map(|(m, u)| {
                m.iter()
                    .zip(u)
                    .enumerate()
                    .map(|(l, (m, u))| {
                        if l == 0 {
                            0.0
                        } else {
                            clamp((m.max(FLOOR) / u.max(FLOOR)).log2())
                        }
                    })
                    .collect()
            })
            .collect();
        let log_m = params
            .m
            .iter()
            .map(|row| row.iter().map(|m| m.max(FLOOR).log2()).collect())
            .collect();
        let table = |counts: &[u32], total: u64| -> Vec<f32> {
            counts.iter().map(|&c| log_share(c, total)).collect()
        };
        let log_near = (0..p.day_count.len())
            .map(|i| log_share(p.near_days(p.day_base + i as i32), p.day_total))
            .collect();
        Scorer {
            prior: (params.lambda / (1.0 - params.lambda)).log2(),
            weight,
            log_m,
            log_tf: [
                table(&p.family_count, p.family_total),
                table(&p.given_count, p.given_total),
                table(&p.patronymic_count, p.patronymic_total),
                table(&p.city_count, p.city_total),
                table(&p.event_type_count, p.event_type_total),
            ],
            log_year: table(&p.year_count, p.year_total),
            log_day: table(&p.day_count, p.day_total),
            log_near,
            day_base: p.day_base,
        }
    }

    fn by_id(&self, table: usize, id: u32) -> f32 {
        if id == NONE {
            return f32::NAN;
        }
        self.log_tf[table]
            .get(id as usize)
            .copied()
            .unwrap_or(f32::NAN)
    }

    fn by_day(&self, table: &[f32], date: i32) -> f32 {
        usize::try_from(i64::from(date) - i64::from(self.day_base))
            .ok()
            .and_then(|i| table.get(i))
            .copied()
            .unwrap_or(f32::NAN)
    }

    /// -log2 of the term frequency that replaces u for this field and
    /// level, or NaN where u stands.
    fn tf(&self, f: usize, level: u8, a: &Features, b: &Features) -> f32 {
        let both_days =
            a.date_precision == DatePrecision::Day && b.date_precision == DatePrecision::Day;
        match (f, level) {
            (0, 1) => a
                .family
                .iter()
                .find(|x| **x != NONE && b.family.contains(x))
                .map_or(f32::NAN, |&id| self.by_id(0, id)),
            (1, 1) => self.by_id(1, a.given),
            (2, 1) => self.by_id(2, a.patronymic),
            (3, 1) => usize::try_from(a.birth_year)
                .ok()
                .and_then(|y| self.log_year.get(y))
                .copied()
                .unwrap_or(f32::NAN),
            (4, 1) => self.by_id(3, a.city),
            (6, 1) => self.by_id(4, a.event_type),
            (5, 1) if both_days => self.by_day(&self.log_day, a.date),
            (5, 2) if both_days => self
                .by_day(&self.log_near, a.date)
                .min(self.by_day(&self.log_near, b.date)),
            _ => f32::NAN,
        }
    }

    /// Match probability of a pair with this vector.
    pub fn probability(&self, v: &Vector, a: &Features, b: &Features) -> f64 {
        let mut w = self.prior;
        for (f, &level) in v.iter().enumerate() {
            if level == 0 {
                continue;
            }
            let tf = self.tf(f, level, a, b);
            w += if tf.is_nan() {
                self.weight[f][level as usize]
            } else {
                (self.log_m[f][level as usize] + f64::from(tf))
                    .clamp(-MAX_FIELD_WEIGHT, MAX_FIELD_WEIGHT)
            };
        }
        1.0 / (1.0 + (-w).exp2())
    }
}

/// Chance that a random other record agrees with this pair's value at
/// this level, where it depends on the value: exact agreement on a name,
/// a city or a birth year (Алматы and 1993 are shared by chance far more
/// often than Аркалык and 1947), and agreement to the day or within three
/// days on an event's date (January 6, 2022 against a day in June).
fn term_frequency(
    p: &Prepared,
    field: Field,
    level: u8,
    a: &Features,
    b: &Features,
) -> Option<f64> {
    let share = |count: u32, total: u64| {
        (total > 0).then(|| (f64::from(count.max(1)) / total as f64).max(FLOOR))
    };
    let by_id = |id: u32, counts: &[u32], total: u64| {
        if id == NONE {
            return None;
        }
        share(*counts.get(id as usize)?, total)
    };
    let both_days =
        a.date_precision == DatePrecision::Day && b.date_precision == DatePrecision::Day;
    match (field, level) {
        (Field::Family, 1) => {
            // The value both share (the first family keys may differ when
            // one record gives two).
            let shared = a
                .family
                .iter()
                .find(|x| **x != NONE && b.family.contains(x))?;
            by_id(*shared, &p.family_count, p.family_total)
        }
        (Field::Given, 1) => by_id(a.given, &p.given_count, p.given_total),
        (Field::Patronymic, 1) => by_id(a.patronymic, &p.patronymic_count, p.patronymic_total),
        (Field::City, 1) => by_id(a.city, &p.city_count, p.city_total),
        (Field::EventType, 1) => by_id(a.event_type, &p.event_type_count, p.event_type_total),
        (Field::BirthYear, 1) => {
            let y = usize::try_from(a.birth_year).ok()?;
            share(*p.year_count.get(y)?, p.year_total)
        }
        (Field::EventDate, 1) if both_days => share(p.day(a.date), p.day_total),
        (Field::EventDate, 2) if both_days && p.day_total > 0 => {
            // The busier of the two dates' neighbourhoods.
            let near = p.near_days(a.date).max(p.near_days(b.date));
            share(near, p.day_total)
        }
        _ => None,
    }
}

/// A small deterministic generator for the random pairs (splitmix64).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn empty_table() -> Vec<Vec<f64>> {
    Field::ALL.iter().map(|f| vec![0.0; f.levels()]).collect()
}

fn normalise(table: &mut [Vec<f64>]) {
    for row in table.iter_mut() {
        let total: f64 = row.iter().skip(1).sum();
        if total <= 0.0 {
            // Never observed: no evidence either way.
            let levels = row.len().saturating_sub(1).max(1) as f64;
            for x in row.iter_mut().skip(1) {
                *x = 1.0 / levels;
            }
            continue;
        }
        for x in row.iter_mut().skip(1) {
            *x = (*x / total).max(FLOOR);
        }
    }
}

/// u from random pairs.
fn estimate_u(p: &Prepared, options: &LinkOptions) -> (Vec<Vec<f64>>, usize) {
    let n = p.features.len();
    let mut u = empty_table();
    if n < 2 {
        for row in u.iter_mut() {
            for x in row.iter_mut().skip(1) {
                *x = 1.0;
            }
        }
        normalise(&mut u);
        return (u, 0);
    }
    let samples = options.u_sample.min(n * (n - 1) / 2).max(1);
    let mut rng = SplitMix(options.seed);
    let pairs: Vec<(usize, usize)> = (0..samples)
        .map(|_| {
            let i = rng.below(n);
            let mut j = rng.below(n - 1);
            if j >= i {
                j += 1;
            }
            (i, j)
        })
        .collect();
    let counts = pairs
        .par_iter()
        .fold(empty_table, |mut acc, &(i, j)| {
            let v = compare(p, &p.features[i], &p.features[j]);
            for (f, &level) in v.iter().enumerate() {
                acc[f][level as usize] += 1.0;
            }
            acc
        })
        .reduce(empty_table, |mut a, b| {
            for (ra, rb) in a.iter_mut().zip(b) {
                for (x, y) in ra.iter_mut().zip(rb) {
                    *x += y;
                }
            }
            a
        });
    for (row, counted) in u.iter_mut().zip(counts) {
        for (x, c) in row.iter_mut().zip(counted).skip(1) {
            // Half a pair more for every level, so a level never drawn
            // keeps a small probability.
            *x = c + 0.5;
        }
    }
    normalise(&mut u);
    (u, samples)
}

/// Starting m: agreement likely, disagreement rare.
fn initial_m() -> Vec<Vec<f64>> {
    Field::ALL
        .iter()
        .map(|f| {
            let mut row = vec![0.0; f.levels()];
            let levels = f.levels() - 1;
            for (l, x) in row.iter_mut().enumerate().skip(1) {
                *x = if l == 1 {
                    0.8
                } else if l == levels {
                    0.02
                } else {
                    0.18 / (levels as f64 - 2.0).max(1.0)
                };
            }
            row
        })
        .collect()
}

/// A training session: EM over the pairs of one blocking rule, with the
/// fields that rule fixes left out. Among pairs that were made to agree on
/// a family and a given name, agreement on those says nothing; what EM
/// learns there is how often true matches agree on the *other* fields.
/// Each field is learnt in at least one session where it was free.
struct Session {
    rule: crate::block::Rule,
    /// Indices (in [`Field::ALL`] order) of the fields the rule fixes.
    fixed: &'static [usize],
}

const SESSIONS: &[Session] = &[
    Session {
        rule: crate::block::Rule {
            parts: &[crate::block::Part::Family, crate::block::Part::Given],
            cap_factor: 2,
        },
        fixed: &[0, 1],
    },
    Session {
        rule: crate::block::Rule {
            parts: &[
                crate::block::Part::Given,
                crate::block::Part::Patronymic,
                crate::block::Part::BirthYear,
            ],
            cap_factor: 2,
        },
        fixed: &[1, 2, 3],
    },
    Session {
        rule: crate::block::Rule {
            parts: &[crate::block::Part::Family, crate::block::Part::BirthYear],
            cap_factor: 2,
        },
        fixed: &[0, 3],
    },
];

/// EM over pattern counts; fields in `fixed` are ignored. Returns m and the
/// share of matches among the pairs.
fn em(
    patterns: &[(Vector, f64)],
    u: &[Vec<f64>],
    fixed: &[usize],
    iterations: usize,
) -> (Vec<Vec<f64>>, f64, usize) {
    let mut m = initial_m();
    let mut lambda: f64 = 0.1;
    let total: f64 = patterns.iter().map(|(_, n)| n).sum();
    let mut done = 0;
    if total <= 0.0 {
        return (m, lambda, 0);
    }
    for _ in 0..iterations {
        done += 1;
        let mut m_next = empty_table();
        let mut matched = 0.0;
        for (v, n) in patterns {
            let mut pm = lambda;
            let mut pu = 1.0 - lambda;
            for (f, &level) in v.iter().enumerate() {
                if level != 0 && !fixed.contains(&f) {
                    pm *= m[f][level as usize];
                    pu *= u[f][level as usize];
                }
            }
            let g = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
            matched += g * n;
            for (f, &level) in v.iter().enumerate() {
                m_next[f][level as usize] += g * n;
            }
        }
        normalise(&mut m_next);
        let lambda_next = (matched / total).clamp(1e-9, 1.0 - 1e-9);
        let change = (lambda_next - lambda).abs();
        m = m_next;
        lambda = lambda_next;
        if change < 1e-7 {
            break;
        }
    }
    (m, lambda, done)
}

/// Comparison patterns of a sample of about `limit` pairs of `blocks`,
/// counted, and the factor from the sample to all the blocks' pairs.
fn patterns_of(p: &Prepared, blocks: &Blocks, limit: u64, seed: u64) -> (Vec<(Vector, f64)>, f64) {
    let total = blocks.pair_count();
    let sample = blocks.sample_pairs(&p.features, limit, seed);
    let counts = sample
        .par_chunks(65_536)
        .fold(HashMap::new, |mut acc: HashMap<u32, u64>, chunk| {
            for &(i, j) in chunk {
                let v = compare(p, &p.features[i as usize], &p.features[j as usize]);
                *acc.entry(pack(&v)).or_default() += 1;
            }
            acc
        })
        .reduce(HashMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    let sampled: u64 = counts.values().sum();
    let factor = if sampled == 0 {
        1.0
    } else {
        total as f64 / sampled as f64
    };
    let patterns = counts
        .into_iter()
        .map(|(code, n)| (unpack(code), n as f64))
        .collect();
    (patterns, factor)
}

/// Pairs compared per training session at most.
const SESSION_PAIRS: u64 = 3_000_000;

/// Estimates m, u and the prior probability that two records are one
/// person.
///
/// m comes from the training sessions (each field averaged over the
/// sessions that left it free). The prior is over *all* pairs, not the
/// candidate pairs: the weights already carry the evidence that made a
/// pair a candidate, and counting it again through a candidate-pair prior
/// would merge every pair of namesakes. It is the matches the first
/// session found, scaled up by the share of matches that agree on both
/// names (from the other sessions), over all pairs.
pub fn estimate(p: &Prepared, options: &LinkOptions, progress: &dyn Progress) -> Parameters {
    progress.stage("estimating parameters", SESSIONS.len() as u64 + 1);
    let (u, u_pairs) = estimate_u(p, options);
    progress.advance(1);
    let mut sums = empty_table();
    let mut counted = vec![0usize; Field::ALL.len()];
    let mut first_session_matches = 0.0;
    let mut iterations = 0;
    for (index, session) in SESSIONS.iter().enumerate() {
        // Capped like the linkage's own rules: without a cap the largest
        // blocks (the commonest names, where agreement on the other fields
        // is most often chance) make EM count namesakes as matches and
        // the prior too high (measured at 1M: λ ×60, precision 0.61).
        let blocks = Blocks::new(p, &[session.rule], options.max_block);
        let (patterns, factor) = patterns_of(
            p,
            &blocks,
            SESSION_PAIRS,
            options.seed.wrapping_add(index as u64),
        );
        let (m, lambda, done) = em(&patterns, &u, session.fixed, options.em_iterations);
        iterations += done;
        let pairs: f64 = patterns.iter().map(|(_, n)| n).sum::<f64>() * factor;
        if index == 0 {
            first_session_matches = lambda * pairs;
        }
        if pairs > 0.0 {
            for f in 0..Field::ALL.len() {
                if session.fixed.contains(&f) {
                    continue;
                }
                for (s, x) in sums[f].iter_mut().zip(&m[f]) {
                    *s += x;
                }
                counted[f] += 1;
            }
        }
        progress.advance(1);
    }
    let fallback = initial_m();
    let m: Vec<Vec<f64>> = sums
        .into_iter()
        .zip(counted)
        .zip(fallback)
        .map(|((row, n), fallback)| {
            if n == 0 {
                fallback
            } else {
                row.into_iter().map(|x| (x / n as f64).max(FLOOR)).collect()
            }
        })
        .collect();
    let both_names = (m[0][1] * m[1][1]).max(1e-3);
    let n = p.features.len() as f64;
    let all_pairs = (n * (n - 1.0) / 2.0).max(1.0);
    let matches = (first_session_matches / both_names).max(1.0);
    let lambda = (matches / all_pairs).clamp(1e-12, 0.5);
    Parameters {
        m,
        u,
        lambda,
        iterations,
        u_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;
    use crate::{InputRecord, Silent};

    #[test]
    fn agreement_weighs_more_for_rare_names() {
        let mut rs = Vec::new();
        let mut add = |name: &str, year: i32, id: usize| {
            rs.push(InputRecord {
                list: if id.is_multiple_of(2) { "a" } else { "b" }.into(),
                record_id: id.to_string(),
                full_name: name.into(),
                birth_year: Some(year),
                ..InputRecord::default()
            })
        };
        let mut id = 0;
        for i in 0..200 {
            // Many Ахметовs, each on both lists.
            let given = ["Нурлан", "Марат", "Ерлан", "Асхат", "Серик"][i % 5];
            add(&format!("{given} Ахметов"), 1950 + (i as i32 % 50), id);
            id += 1;
            add(&format!("{given} Ахметов"), 1950 + (i as i32 % 50), id);
            id += 1;
        }
        add("Бекижан Мендыгазиев", 1980, id);
        add("Бекижан Мендыгазиев", 1980, id + 1);
        let p = prepare(&rs, &Silent);
        let params = estimate(&p, &LinkOptions::default(), &Silent);
        let f = &p.features;
        let n = f.len();
        let rare = compare(&p, &f[n - 2], &f[n - 1]);
        let common = compare(&p, &f[0], &f[1]);
        assert_eq!(rare, common);
        let w_rare = params.contributions(&p, &rare, &f[n - 2], &f[n - 1])[0].weight;
        let w_common = params.contributions(&p, &common, &f[0], &f[1])[0].weight;
        assert!(w_rare > w_common + 5.0, "{w_rare} vs {w_common}");
        // The precomputed scorer gives the same probabilities.
        let scorer = Scorer::new(&params, &p);
        for (i, j) in [(0, 1), (n - 2, n - 1), (0, n - 1), (3, 10)] {
            let v = compare(&p, &f[i], &f[j]);
            let slow = params.probability(&p, &v, &f[i], &f[j]);
            let fast = scorer.probability(&v, &f[i], &f[j]);
            // Term frequencies are kept as f32.
            assert!((slow - fast).abs() < 1e-6, "{i} {j}: {slow} vs {fast}");
        }
        assert!(params.lambda > 0.0 && params.lambda < 1.0);
    }

    #[test]
    fn a_rare_day_or_city_weighs_more_than_a_busy_one() {
        let mut rs = Vec::new();
        for i in 0..300 {
            rs.push(InputRecord {
                list: if i % 2 == 0 { "a" } else { "b" }.into(),
                record_id: i.to_string(),
                full_name: format!("Name{} Family{}", i % 17, i % 13),
                city: Some(
                    if i % 10 == 0 {
                        "Аркалык"
                    } else {
                        "Алматы"
                    }
                    .into(),
                ),
                event_date: Some(
                    if i % 10 == 0 {
                        "2022-06-17"
                    } else {
                        "2022-01-06"
                    }
                    .into(),
                ),
                ..InputRecord::default()
            });
        }
        let p = prepare(&rs, &Silent);
        let params = estimate(&p, &LinkOptions::default(), &Silent);
        let f = &p.features;
        let busy = compare(&p, &f[1], &f[3]);
        let rare = compare(&p, &f[0], &f[10]);
        assert_eq!(busy[4], 1);
        assert_eq!(busy[5], 1);
        assert_eq!((rare[4], rare[5]), (busy[4], busy[5]));
        let w_busy = params.contributions(&p, &busy, &f[1], &f[3]);
        let w_rare = params.contributions(&p, &rare, &f[0], &f[10]);
        assert!(w_rare[4].weight > w_busy[4].weight + 2.0);
        assert!(w_rare[5].weight > w_busy[5].weight + 2.0);
        let scorer = Scorer::new(&params, &p);
        for (i, j) in [(1, 3), (0, 10), (0, 1)] {
            let v = compare(&p, &f[i], &f[j]);
            let slow = params.probability(&p, &v, &f[i], &f[j]);
            let fast = scorer.probability(&v, &f[i], &f[j]);
            assert!((slow - fast).abs() < 1e-6, "{i} {j}: {slow} vs {fast}");
        }
    }
}
