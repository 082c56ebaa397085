//! From scored pairs to people, without chaining relatives together.
//!
//! Plain connected components over links above a threshold chain a family
//! into one person: "Суюбаев А." links to Асанали and to Айгерим Суюбаева,
//! so both would join. Here pairs merge best first, and a merge is refused
//! when the two clusters together would hold two different given names,
//! two different patronymics, both genders, birth years more than three
//! apart, two people of the register, or two records a human said are
//! different people. Human `same` decisions merge first, whatever the
//! scores. A refused merge and a pair in the uncertain band that stayed
//! apart become review candidates, with the evidence of each field.

use crate::block::Blocks;
use crate::compare::compare;
use crate::em::{Contribution, Parameters, Scorer};
use crate::prepare::{Features, Prepared, NONE};
use crate::{cluster_id, Cluster, InputRecord, LinkOptions, LinkStats, PairDecision, Progress};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// A pair at or above this probability may put two records of one list
/// into one person (a duplicate on the list). The lists of
/// `kuager-gen lists` hold 0.5–3 % duplicates; the pair's own prior
/// already carries how rare they are ([`list_priors`]), and this bar
/// keeps a namesake on the same list from joining through a third record.
/// Measured on two seeds: 0.9 gains recall over 0.99 for a little
/// precision (+0.002 F1 at 100k); 0.5 and below lose precision.
const SAME_LIST_PROBABILITY: f64 = 0.9;

/// EM rounds for the priors of the pairs of lists (they settle in ten).
const PRIOR_ITERATIONS: usize = 10;

/// A pair a human should look at.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewCandidate {
    /// Indices into the input.
    pub a: usize,
    pub b: usize,
    pub probability: f64,
    pub evidence: Vec<Contribution>,
    /// Why the pair did not merge although it scored high, if it did.
    pub refused: Option<String>,
}

/// Human decisions, by record index.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    pub same: Vec<(usize, usize)>,
    pub distinct: Vec<(usize, usize)>,
    /// Decisions about records that are no longer imported: kept in the
    /// store, inert here.
    pub unknown: usize,
}

/// Maps decisions by (list, record id) to record indices.
pub fn resolve_decisions(records: &[InputRecord], decisions: &[PairDecision]) -> Decisions {
    let index: HashMap<(&str, &str), usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.list.as_str(), r.record_id.as_str()), i))
        .collect();
    let mut out = Decisions::default();
    for d in decisions {
        let a = index.get(&(d.a.0.as_str(), d.a.1.as_str()));
        let b = index.get(&(d.b.0.as_str(), d.b.1.as_str()));
        match (a, b) {
            (Some(&a), Some(&b)) if a != b => {
                if d.same {
                    out.same.push((a, b));
                } else {
                    out.distinct.push((a, b));
                }
            }
            (Some(_), Some(_)) => {}
            _ => out.unknown += 1,
        }
    }
    out
}

/// What a cluster holds that constrains merging.
#[derive(Debug, Clone, Default)]
struct Summary {
    givens: Vec<u32>,
    patronymics: Vec<u32>,
    gender: u8,
    min_year: i16,
    max_year: i16,
    register: bool,
    /// The lists the cluster's records come from (bit per list; lists past
    /// the 64th are not tracked).
    lists: u64,
    /// Records this cluster must never join.
    cannot: Vec<usize>,
}

impl Summary {
    fn of(f: &Features, register: bool) -> Summary {
        Summary {
            givens: if f.given == NONE {
                vec![]
            } else {
                vec![f.given]
            },
            patronymics: if f.patronymic == NONE {
                vec![]
            } else {
                vec![f.patronymic]
            },
            gender: f.gender,
            min_year: f.birth_year,
            max_year: f.birth_year,
            register,
            lists: 1u64.checked_shl(u32::from(f.list)).unwrap_or(0),
            cannot: Vec::new(),
        }
    }

    fn absorb(&mut self, other: Summary) {
        for g in other.givens {
            if !self.givens.contains(&g) {
                self.givens.push(g);
            }
        }
        for p in other.patronymics {
            if !self.patronymics.contains(&p) {
                self.patronymics.push(p);
            }
        }
        if self.gender == 0 {
            self.gender = other.gender;
        }
        if other.min_year != 0 && (self.min_year == 0 || other.min_year < self.min_year) {
            self.min_year = other.min_year;
        }
        if other.max_year > self.max_year {
            self.max_year = other.max_year;
        }
        self.register |= other.register;
        self.lists |= other.lists;
        self.cannot.extend(other.cannot);
    }
}

struct Forest {
    parent: Vec<u32>,
    summary: Vec<Option<Summary>>,
}

impl Forest {
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] as usize != root {
            root = self.parent[root] as usize;
        }
        let mut cur = x;
        while self.parent[cur] as usize != root {
            let next = self.parent[cur] as usize;
            self.parent[cur] = root as u32;
            cur = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep as u32;
        if let Some(s) = self.summary[gone].take() {
            if let Some(k) = self.summary[keep].as_mut() {
                k.absorb(s);
            }
        }
    }

    /// Why the clusters of roots `ra` and `rb` may not merge, if they may
    /// not.
    fn conflict(
        &mut self,
        p: &Prepared,
        ra: usize,
        rb: usize,
        strong: bool,
    ) -> Option<&'static str> {
        let (a, b) = (self.summary[ra].as_ref()?, self.summary[rb].as_ref()?);
        // A list names a person once, with rare duplicates: two records of
        // one list in a cluster take a near-certain pair. This is what
        // stops a namesake on the same list from joining.
        if a.lists & b.lists != 0 && !strong {
            return Some("both clusters hold a record of the same list");
        }
        if a.register && b.register {
            return Some("both are people of the register");
        }
        if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
            return Some("one is a man, the other a woman");
        }
        let same_name = |x: u32, y: u32| {
            x == y
                || p.slip(x, y)
                || (p.close(x, y)
                    && p.string(x).chars().count().min(p.string(y).chars().count()) >= 6)
        };
        if a.givens
            .iter()
            .any(|x| b.givens.iter().any(|y| !same_name(*x, *y)))
        {
            return Some("different given names");
        }
        if a.patronymics
            .iter()
            .any(|x| b.patronymics.iter().any(|y| !same_name(*x, *y)))
        {
            return Some("different patronymics");
        }
        let lo = [a.min_year, b.min_year]
            .into_iter()
            .filter(|y| *y != 0)
            .min();
        let hi = a.max_year.max(b.max_year);
        if lo.is_some_and(|lo| hi - lo > 3) {
            return Some("birth years too far apart");
        }
        let cannot_a = a.cannot.clone();
        let cannot_b = b.cannot.clone();
        if cannot_a.iter().any(|&x| self.find(x) == rb)
            || cannot_b.iter().any(|&x| self.find(x) == ra)
        {
            return Some("a human decided they are different people");
        }
        None
    }
}

/// A pair that did not merge: probability, records, why not (if refused).
type Maybe = (f32, u32, u32, Option<&'static str>);

pub struct Clustered {
    pub clusters: Vec<Cluster>,
    pub review: Vec<ReviewCandidate>,
    pub stats: LinkStats,
}

/// Scores the candidate pairs block by block, keeping those at or above
/// the review threshold (the others are never stored), and how many pairs
/// were compared.
pub fn score(
    p: &Prepared,
    blocks: &Blocks,
    params: &Parameters,
    options: &LinkOptions,
) -> (Vec<(f32, u32, u32)>, usize) {
    let f = &p.features;
    let scorer = Scorer::new(params, p);
    let parts = blocks.fold(
        f,
        || (Vec::new(), 0usize),
        |acc: &mut (Vec<(f32, u32, u32)>, usize), i, j| {
            acc.1 += 1;
            let (a, b) = (&f[i as usize], &f[j as usize]);
            if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
                return;
            }
            let v = compare(p, a, b);
            let prob = scorer.probability(&v, a, b);
            if prob >= options.review_at {
                acc.0.push((prob as f32, i, j));
            }
        },
    );
    let compared = parts.iter().map(|x| x.1).sum();
    let mut scored = Vec::with_capacity(parts.iter().map(|x| x.0.len()).sum());
    for (part, _) in parts {
        scored.extend(part);
    }
    (scored, compared)
}

/// Pairs scoring at least this are kept while scoring, to weigh each
/// record's competing candidates (those below the review threshold are
/// dropped after [`compete`]).
pub const COMPETITOR_FLOOR: f64 = 0.01;

/// Two records of one list scored at least this are taken as possibly one
/// person written twice (weighed by their probability) when they compete.
const DUPLICATE_FLOOR: f64 = 0.2;

/// Two records of one list join each other at this probability (their
/// lists' own prior already in it).
const SAME_LIST_DIRECT: f64 = 0.8;

/// Weighs each pair against the other candidates of its two records on
/// each other's list.
///
/// The pair scores assume one prior for all pairs. But a list names a
/// person once: if a record has fifty look-alikes on another list, at most
/// one of them is its person, while a record with one plausible candidate
/// there has no rival. With `o` the pair's odds and `S_a`, `S_b` the sums of
/// the odds of record a's candidates on b's list and of b's on a's list,
/// the probability becomes `K·o / (1 + K·(S_a + S_b − o))` — a candidate's
/// share of its records' evidence — where `K` is set so that the expected
/// number of matches among the pairs stays what the scores say (they are
/// calibrated: docs/benchmarks.md). A pair without rivals thus gains what
/// pairs of common names lose. Then, for [`EXPLAIN_AWAY_ROUNDS`] rounds
/// (a full step in the first, half steps after), a rival counts only with
/// the part of it the other records of this record's list have not taken:
/// a record that is near-certainly someone else's is no rival.
pub fn compete(p: &Prepared, scored: &mut [(f32, u32, u32)]) {
    let lists = p.lists.len().max(1);
    let odds = |x: f32| {
        let x = f64::from(x).clamp(0.0, 1.0 - 1e-9);
        x / (1.0 - x)
    };
    // A list's duplicate of a record is the same person, not a rival: a
    // media record with two copies of its person on the official list
    // would otherwise get half the evidence for each. Records with a
    // likely duplicate, and the odds of their pairs with other lists.
    let mut duplicates: HashMap<u32, Vec<(u32, f64)>> = HashMap::new();
    for &(prob, i, j) in scored.iter() {
        if f64::from(prob) >= DUPLICATE_FLOOR
            && p.features[i as usize].list == p.features[j as usize].list
        {
            let q = f64::from(prob);
            duplicates.entry(i).or_default().push((j, q));
            duplicates.entry(j).or_default().push((i, q));
        }
    }
    let mut near_duplicates: HashMap<(u32, u32), f64> = HashMap::new();
    if !duplicates.is_empty() {
        for &(prob, i, j) in scored.iter() {
            if (duplicates.contains_key(&i) || duplicates.contains_key(&j))
                && p.features[i as usize].list != p.features[j as usize].list
            {
                near_duplicates.insert((i.min(j), i.max(j)), odds(prob));
            }
        }
    }
    // The odds of x's candidates that are duplicates of y, each weighed by
    // how likely it is a duplicate.
    let same_person_rivals = |x: u32, y: u32| -> f64 {
        duplicates.get(&y).map_or(0.0, |dups| {
            dups.iter()
                .filter_map(|&(d, q)| near_duplicates.get(&(x.min(d), x.max(d))).map(|o| q * o))
                .sum()
        })
    };
    // Each pair's odds, and the odds of the duplicates of its records
    // (not rivals, see above).
    let own: Vec<(f64, f64)> = scored
        .par_iter()
        .map(|&(prob, i, j)| {
            let same_list = p.features[i as usize].list == p.features[j as usize].list;
            let same_person = if same_list {
                0.0
            } else {
                same_person_rivals(i, j) + same_person_rivals(j, i)
            };
            (odds(prob), same_person)
        })
        .collect();
    drop(near_duplicates);
    drop(duplicates);
    let target: f64 = scored.iter().map(|x| f64::from(x.0)).sum();
    // First round: every candidate is a full rival. Later rounds: a rival
    // that another record of this pair's list has most likely taken
    // competes only with what is left of it (explaining away) — the
    // official record of the other Асанали Суюбаев, claimed by his own
    // media record, no longer halves this one's evidence.
    let mut shares: Vec<f32> = Vec::new();
    let mut log_k: Option<f64> = None;
    for round in 0..=EXPLAIN_AWAY_ROUNDS {
        // How much of each record the records of each other list have
        // taken, by the last round's shares.
        let mut taken = vec![
            0f32;
            if shares.is_empty() {
                0
            } else {
                p.features.len() * lists
            }
        ];
        for (&(_, i, j), &s) in scored.iter().zip(&shares) {
            let (li, lj) = (
                p.features[i as usize].list as usize,
                p.features[j as usize].list as usize,
            );
            taken[i as usize * lists + lj] += s;
            taken[j as usize * lists + li] += s;
        }
        let free = |x: u32, by_list: usize, this_share: f32| -> f32 {
            match taken.get(x as usize * lists + by_list) {
                None => 1.0,
                Some(t) => (1.0 - (t - this_share)).clamp(0.0, 1.0),
            }
        };
        // Pair k's lists, and what is free of j as a rival of i's other
        // candidates on j's list (what i's list has not taken of it), and
        // of i the other way round.
        let free_pair = |k: usize, i: u32, j: u32| -> (usize, usize, f32, f32) {
            let (li, lj) = (
                p.features[i as usize].list as usize,
                p.features[j as usize].list as usize,
            );
            let this = shares.get(k).copied().unwrap_or(0.0);
            if li == lj {
                (li, lj, 1.0, 1.0)
            } else {
                (li, lj, free(j, li, this), free(i, lj, this))
            }
        };
        let mut sums = vec![0f32; p.features.len() * lists];
        for (k, &(_, i, j)) in scored.iter().enumerate() {
            let o = own[k].0 as f32;
            let (li, lj, free_j, free_i) = free_pair(k, i, j);
            sums[i as usize * lists + lj] += o * free_j;
            sums[j as usize * lists + li] += o * free_i;
        }
        let terms: Vec<(f64, f64)> = scored
            .par_iter()
            .zip(own.par_iter())
            .enumerate()
            .map(|(k, (&(_, i, j), &(o, same_person)))| {
                let (li, lj, free_j, free_i) = free_pair(k, i, j);
                // The pair's own terms in the two sums.
                let mine = o * f64::from(free_j) + o * f64::from(free_i);
                let s = f64::from(sums[i as usize * lists + lj])
                    + f64::from(sums[j as usize * lists + li]);
                (o, (s - mine + o - same_person).max(o))
            })
            .collect();
        drop(sums);
        drop(taken);
        log_k = Some(fit_scale(&terms, target, log_k));
        let k = log_k.unwrap_or(0.0).exp2();
        let next: Vec<f32> = terms.par_iter().map(|&t| share(k, t) as f32).collect();
        shares = if round <= 1 {
            next
        } else {
            // From the second round on, half a step: two records that
            // each take the other's rival would otherwise swing back and
            // forth.
            shares
                .iter()
                .zip(&next)
                .map(|(a, b)| 0.5 * (a + b))
                .collect()
        };
    }
    for (x, s) in scored.iter_mut().zip(shares) {
        x.0 = s;
    }
}

/// Rounds of [`compete`] after the first in which rivals another record
/// has taken count less. Measured at 1M (docs/benchmarks.md, seventh
/// round): F1 0.8821 with one round, 0.8822 with three (the later ones
/// half steps), which cost a second more.
const EXPLAIN_AWAY_ROUNDS: usize = 1;

/// A candidate's share of its records' evidence: `(o, s)` its odds and the
/// odds of all its records' candidates (itself once), `k` the scale.
fn share(k: f64, (o, s): (f64, f64)) -> f64 {
    k * o / (1.0 + k * s)
}

/// log2 of the scale `K` at which the shares sum to `target`, the number
/// of matches the calibrated scores expect. `near`: last round's value,
/// which this round's is close to (fewer passes over the pairs).
fn fit_scale(terms: &[(f64, f64)], target: f64, near: Option<f64>) -> f64 {
    let total = |log_k: f64| {
        let k = log_k.exp2();
        terms.par_iter().map(|&t| share(k, t)).sum::<f64>()
    };
    // The expected matches grow with K: bisect on log2 K, in [0, 20] or
    // within one of last round's value when that brackets the target.
    let (mut lo, mut hi, steps) = match near {
        Some(x) if total((x - 1.0).max(0.0)) < target && total(x + 1.0) >= target => {
            ((x - 1.0).max(0.0), x + 1.0, 24)
        }
        _ => (0.0f64, 20.0f64, 32),
    };
    for _ in 0..steps {
        let mid = (lo + hi) / 2.0;
        if total(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Sets the prior of each pair of lists from the pairs themselves.
///
/// The scores take one prior for all pairs (λ), but lists are not alike:
/// two records of one list are the same person only when the list has a
/// duplicate, and lists built from one another (an NGO's list from media
/// reports) share far more people than their sizes say. Each pair of
/// lists (a list with itself included) gets its own prior, by
/// expectation–maximisation over the scored pairs with the field weights
/// held fixed: the prior is the expected number of matches among the
/// lists' pairs over the number of those pairs. Returns the factor on
/// each pair's odds, indexed `a * lists + b`.
pub fn list_priors(
    p: &Prepared,
    scored: &mut [(f32, u32, u32)],
    lambda: f64,
    iterations: usize,
) -> Vec<f64> {
    let lists = p.lists.len().max(1);
    let mut size = vec![0f64; lists];
    for f in &p.features {
        size[f.list as usize] += 1.0;
    }
    let index = |i: u32, j: u32| {
        let (a, b) = (
            p.features[i as usize].list as usize,
            p.features[j as usize].list as usize,
        );
        a.min(b) * lists + a.max(b)
    };
    let pairs_of: Vec<f64> = (0..lists * lists)
        .map(|k| {
            let (a, b) = (k / lists, k % lists);
            if a == b {
                size[a] * (size[a] - 1.0) / 2.0
            } else {
                size[a] * size[b]
            }
        })
        .collect();
    let odds: Vec<(f64, usize)> = scored
        .iter()
        .map(|&(prob, i, j)| {
            let x = f64::from(prob).clamp(0.0, 1.0 - 1e-9);
            (x / (1.0 - x), index(i, j))
        })
        .collect();
    let mut factor = vec![1f64; lists * lists];
    for _ in 0..iterations {
        let mut expected = vec![0f64; lists * lists];
        for &(o, k) in &odds {
            let o = o * factor[k];
            expected[k] += o / (1.0 + o);
        }
        for (k, f) in factor.iter_mut().enumerate() {
            if pairs_of[k] > 0.0 && expected[k] > 0.0 {
                *f = (expected[k] / pairs_of[k] / lambda).clamp(1e-3, 1e3);
            }
        }
    }
    for (x, &(o, k)) in scored.iter_mut().zip(&odds) {
        let o = o * factor[k];
        x.0 = (o / (1.0 + o)) as f32;
    }
    factor
}

/// The merge threshold that maximises the expected pairwise F1, the pair
/// probabilities taken at their word (they are calibrated): merging the
/// k best pairs is expected to find the sum of their probabilities among
/// all the matches — the scored pairs' sum, or `matches` (the prior times
/// all pairs) when that is more, as it is when many true pairs were never
/// candidates. The best threshold for F1 is about half the F1 reached, so
/// it falls as the lists grow (0.47 at 10k, 0.42 at 100k, 0.26 at 1M on
/// `kuager-gen lists`). `scored` is sorted best first.
pub fn best_threshold(scored: &[(f32, u32, u32)], matches: f64, floor: f64) -> f64 {
    let expected: f64 = scored
        .iter()
        .map(|x| f64::from(x.0))
        .sum::<f64>()
        .max(matches);
    let mut found = 0.0;
    let mut best = (0.0, 1.0);
    for (k, x) in scored.iter().enumerate() {
        found += f64::from(x.0);
        let f1 = 2.0 * found / (k as f64 + 1.0 + expected);
        if f1 > best.0 {
            best = (f1, f64::from(x.0));
        }
    }
    best.1.max(floor)
}

/// Scores the candidate pairs and clusters the records.
pub fn cluster(
    records: &[InputRecord],
    p: &Prepared,
    blocks: &Blocks,
    params: &Parameters,
    decisions: &Decisions,
    options: &LinkOptions,
    progress: &dyn Progress,
) -> Clustered {
    progress.stage("scoring pairs", 1);
    let f = &p.features;
    let floor = LinkOptions {
        review_at: options.review_at.min(COMPETITOR_FLOOR),
        ..options.clone()
    };
    let (mut scored, compared) = score(p, blocks, params, &floor);
    list_priors(p, &mut scored, params.lambda, PRIOR_ITERATIONS);
    compete(p, &mut scored);
    // Best first; ties in index order, so the result does not depend on
    // the thread schedule.
    scored.par_sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let merge_at = if options.auto_merge {
        let n = p.features.len() as f64;
        best_threshold(
            &scored,
            params.lambda * n * (n - 1.0) / 2.0,
            options.review_at,
        )
    } else {
        options.merge_at
    };
    scored.retain(|x| f64::from(x.0) >= options.review_at);
    progress.advance(1);

    progress.stage("clustering", scored.len() as u64);
    let mut forest = Forest {
        parent: (0..records.len() as u32).collect(),
        summary: records
            .iter()
            .zip(f)
            .map(|(r, feat)| Some(Summary::of(feat, r.is_register())))
            .collect(),
    };
    for &(a, b) in &decisions.distinct {
        if let Some(s) = forest.summary[a].as_mut() {
            s.cannot.push(b);
        }
        if let Some(s) = forest.summary[b].as_mut() {
            s.cannot.push(a);
        }
    }
    for &(a, b) in &decisions.same {
        forest.union(a, b);
    }
    let mut stats = LinkStats {
        candidate_pairs: compared,
        merge_at,
        ..LinkStats::default()
    };
    let mut maybe: Vec<Maybe> = Vec::new();
    for &(prob, i, j) in &scored {
        let (ra, rb) = (forest.find(i as usize), forest.find(j as usize));
        if ra == rb {
            continue;
        }
        if f64::from(prob) < merge_at {
            maybe.push((prob, i, j, None));
            continue;
        }
        // Two records of one list, scored as such (their lists' own prior
        // is in the probability), may join at the merge threshold when
        // that list is the only one the clusters share: the pair is the
        // evidence that the list holds a duplicate. Any other pair that
        // would put two records of one list together must be near-certain.
        let (li, lj) = (f[i as usize].list, f[j as usize].list);
        let only_shared = |ra: usize, rb: usize, forest: &Forest| {
            let shared = forest.summary[ra].as_ref().map_or(0, |s| s.lists)
                & forest.summary[rb].as_ref().map_or(0, |s| s.lists);
            shared == 1u64.checked_shl(u32::from(li)).unwrap_or(0)
        };
        let strong = f64::from(prob) >= SAME_LIST_PROBABILITY
            || (li == lj && f64::from(prob) >= SAME_LIST_DIRECT && only_shared(ra, rb, &forest));
        match forest.conflict(p, ra, rb, strong) {
            None => {
                forest.union(ra, rb);
                stats.merged_pairs += 1;
            }
            Some(reason) => {
                stats.refused_merges += 1;
                maybe.push((prob, i, j, Some(reason)));
            }
        }
    }
    progress.advance(scored.len() as u64);

    // One review pair per pair of clusters, the strongest.
    let mut best: HashMap<(usize, usize), Maybe> = HashMap::new();
    for (prob, i, j, reason) in maybe {
        let (ra, rb) = (forest.find(i as usize), forest.find(j as usize));
        if ra == rb {
            continue;
        }
        let (ka, kb) = (ra.min(rb), ra.max(rb));
        let both_register = forest.summary[ka].as_ref().is_some_and(|s| s.register)
            && forest.summary[kb].as_ref().is_some_and(|s| s.register);
        if both_register || reason == Some("a human decided they are different people") {
            continue;
        }
        let entry = best.entry((ka, kb)).or_insert((prob, i, j, reason));
        if prob > entry.0 {
            *entry = (prob, i, j, reason);
        }
    }
    let mut review: Vec<ReviewCandidate> = best
        .into_values()
        .map(|(prob, i, j, reason)| {
            let (a, b) = (&f[i as usize], &f[j as usize]);
            let v = compare(p, a, b);
            ReviewCandidate {
                a: i as usize,
                b: j as usize,
                probability: f64::from(prob),
                evidence: params.contributions(p, &v, a, b).to_vec(),
                refused: reason.map(str::to_string),
            }
        })
        .collect();
    review.sort_by(|x, y| {
        // Closest to even odds first: those are the ones a human decides.
        let dx = (x.probability - 0.5).abs();
        let dy = (y.probability - 0.5).abs();
        dx.total_cmp(&dy).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b))
    });

    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..records.len() {
        members.entry(forest.find(i)).or_default().push(i);
    }
    let mut clusters: Vec<Cluster> = members
        .into_values()
        .map(|records_of| {
            let register = records_of.iter().find(|&&i| records[i].is_register());
            let person = match register {
                Some(&i) => records[i].record_id.clone(),
                None => {
                    let first = records_of
                        .iter()
                        .map(|&i| (&records[i].list, &records[i].record_id))
                        .min();
                    first.map(|(l, r)| cluster_id(l, r)).unwrap_or_default()
                }
            };
            Cluster {
                person,
                in_register: register.is_some(),
                records: records_of,
            }
        })
        .collect();
    clusters.sort_by_key(|c| c.records.first().copied().unwrap_or(usize::MAX));
    Clustered {
        clusters,
        review,
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;
    use crate::{InputRecord, Silent};

    #[test]
    fn the_threshold_falls_when_matches_are_hard_to_find() {
        // 100 sure pairs, then 400 pairs at even odds, then 1000 unlikely.
        let scored: Vec<(f32, u32, u32)> = (0..1500u32)
            .map(|i| {
                let prob = match i {
                    0..=99 => 0.99,
                    100..=499 => 0.5,
                    _ => 0.05,
                };
                (prob, i, i + 1)
            })
            .collect();
        let easy = best_threshold(&scored, 0.0, 0.01);
        assert!((easy - 0.5).abs() < 1e-6, "{easy}");
        // Many more matches than the scored pairs hold (most were never
        // candidates): recall is scarce and even unlikely pairs are worth
        // merging.
        let hard = best_threshold(&scored, 10_000.0, 0.01);
        assert!((hard - 0.05).abs() < 1e-6, "{hard}");
        // Never below the review threshold.
        assert!((best_threshold(&scored, 10_000.0, 0.15) - 0.15).abs() < 1e-9);
    }

    #[test]
    fn lists_get_their_own_priors() {
        let rec = |list: &str, id: usize| InputRecord {
            list: list.into(),
            record_id: id.to_string(),
            full_name: format!("Name {id}"),
            ..InputRecord::default()
        };
        // Two lists of 100: 50 near-certain pairs across them, and 50
        // unlikely pairs inside list a.
        let rs: Vec<InputRecord> = (0..200)
            .map(|i| rec(if i < 100 { "a" } else { "b" }, i))
            .collect();
        let p = prepare(&rs, &Silent);
        let mut scored: Vec<(f32, u32, u32)> = (0..50)
            .map(|i| (0.9, i, 100 + i))
            .chain((0..50).map(|i| (0.05, i, 99 - i)))
            .collect();
        // The prior over all pairs: the 47.5 expected matches among
        // 19,900 pairs.
        let factor = list_priors(&p, &mut scored, 47.5 / 19_900.0, PRIOR_ITERATIONS);
        let (aa, ab) = (factor[0], factor[1]);
        assert!(aa < 0.5, "inside list a: {factor:?}");
        assert!(ab > 1.0, "across: {factor:?}");
        assert!(scored[0].0 > 0.9 && scored[60].0 < 0.05, "{scored:?}");
    }

    /// A record of `list` with only a name, unique to `id`.
    fn rec(list: &str, id: &str) -> InputRecord {
        InputRecord {
            list: list.into(),
            record_id: id.into(),
            full_name: format!("Name {id}"),
            ..InputRecord::default()
        }
    }

    #[test]
    fn rivals_share_their_evidence_and_a_lone_candidate_keeps_it() {
        // a0 has one candidate on list b (b0), a1 has three (b1, b2, b3).
        let rs = vec![
            rec("a", "a0"),
            rec("a", "a1"),
            rec("b", "b0"),
            rec("b", "b1"),
            rec("b", "b2"),
            rec("b", "b3"),
        ];
        let p = prepare(&rs, &Silent);
        let mut scored = vec![(0.4, 0, 2), (0.4, 1, 3), (0.4, 1, 4), (0.4, 1, 5)];
        let before: f32 = scored.iter().map(|x| x.0).sum();
        compete(&p, &mut scored);
        let after: f32 = scored.iter().map(|x| x.0).sum();
        assert!(scored[0].0 > 0.4, "{scored:?}");
        for x in &scored[1..] {
            assert!(x.0 < 0.4 && x.0 < scored[0].0 / 2.0, "{scored:?}");
        }
        // The expected number of matches is kept.
        assert!((before - after).abs() < 1e-3, "{before} vs {after}");
    }

    #[test]
    fn a_rival_another_record_has_taken_competes_no_more() {
        // a0 on list a has two candidates on list b, b0 and b1, alike;
        // but b1 is near-certainly a1's (a1 on list a too). Then b0 is as
        // good as a0's only candidate. Twenty lone pairs of the same score
        // hold the scale K about the same in both runs.
        let mut rs = vec![
            rec("a", "a0"),
            rec("a", "a1"),
            rec("b", "b0"),
            rec("b", "b1"),
        ];
        let mut lone = Vec::new();
        for k in 0..20u32 {
            rs.push(rec("a", &format!("c{k}")));
            rs.push(rec("b", &format!("d{k}")));
            lone.push((0.4, 4 + 2 * k, 5 + 2 * k));
        }
        let p = prepare(&rs, &Silent);
        let mut with_rival = vec![(0.4, 0, 2), (0.4, 0, 3), (0.95, 1, 3)];
        with_rival.extend(&lone);
        compete(&p, &mut with_rival);
        let mut alone = vec![(0.4, 0, 2), (0.95, 1, 3)];
        alone.extend(&lone);
        compete(&p, &mut alone);
        let (taken, by_itself) = (with_rival[0].0, alone[0].0);
        assert!(taken > 0.9 * by_itself, "{taken} against {by_itself} alone");
        // And the pair with the taken record is now unlikely.
        assert!(with_rival[1].0 < taken / 3.0, "{with_rival:?}");
    }

    #[test]
    fn a_duplicate_on_one_list_is_no_rival() {
        // a0 has two candidates on list b: b0 and b1, which are likely one
        // person written twice; a1 has two that are not (b2, b3).
        let rs = vec![
            rec("a", "a0"),
            rec("a", "a1"),
            rec("b", "b0"),
            rec("b", "b1"),
            rec("b", "b2"),
            rec("b", "b3"),
        ];
        let p = prepare(&rs, &Silent);
        let mut scored = vec![
            (0.6, 0, 2),
            (0.6, 0, 3),
            (0.9, 2, 3),
            (0.6, 1, 4),
            (0.6, 1, 5),
        ];
        compete(&p, &mut scored);
        let (dup, rivals) = (scored[0].0, scored[3].0);
        assert!(dup > rivals * 1.3, "{scored:?}");
        assert!((scored[0].0 - scored[1].0).abs() < 1e-6, "{scored:?}");
    }
}
