//! Pairwise quality of a clustering against the truth.
//!
//! Precision: of the pairs of records put together, the share that are one
//! person; recall: of the pairs that are one person, the share put
//! together. Records the truth does not know (people of the register) are
//! left out of both.

use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairwiseScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pairs predicted / true / both.
    pub predicted_pairs: u64,
    pub true_pairs: u64,
    pub correct_pairs: u64,
    pub clusters: usize,
    pub true_people: usize,
    /// Records scored (in the truth and in some cluster).
    pub records: usize,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// `clusters`: for each cluster, the truth's person of each of its records
/// (`None` for records the truth does not know).
pub fn pairwise<'a, I>(clusters: I) -> PairwiseScore
where
    I: IntoIterator<Item = Vec<Option<&'a str>>>,
{
    let mut predicted = 0;
    let mut correct = 0;
    let mut truth_sizes: HashMap<&str, u64> = HashMap::new();
    let mut cluster_count = 0;
    let mut records = 0;
    for cluster in clusters {
        let known: Vec<&str> = cluster.into_iter().flatten().collect();
        if known.is_empty() {
            continue;
        }
        cluster_count += 1;
        records += known.len();
        predicted += pairs(known.len() as u64);
        let mut by_person: HashMap<&str, u64> = HashMap::new();
        for person in known {
            *by_person.entry(person).or_default() += 1;
            *truth_sizes.entry(person).or_default() += 1;
        }
        correct += by_person.values().map(|&n| pairs(n)).sum::<u64>();
    }
    let true_pairs: u64 = truth_sizes.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(correct, predicted);
    let recall = ratio(correct, true_pairs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PairwiseScore {
        precision,
        recall,
        f1,
        predicted_pairs: predicted,
        true_pairs,
        correct_pairs: correct,
        clusters: cluster_count,
        true_people: truth_sizes.len(),
        records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pairs_both_ways() {
        // Truth: {a1,a2,a3} {b1,b2}; predicted: {a1,a2} {a3,b1,b2}.
        let s = pairwise(vec![
            vec![Some("a"), Some("a")],
            vec![Some("a"), Some("b"), Some("b"), None],
        ]);
        assert_eq!(s.predicted_pairs, 1 + 3);
        assert_eq!(s.true_pairs, 3 + 1);
        assert_eq!(s.correct_pairs, 2);
        assert!((s.precision - 0.5).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert_eq!(s.clusters, 2);
        assert_eq!(s.records, 5);
    }

    #[test]
    fn perfect_and_empty() {
        let s = pairwise(vec![vec![Some("a"), Some("a")], vec![Some("b")]]);
        assert_eq!(s.f1, 1.0);
        let s = pairwise(Vec::<Vec<Option<&str>>>::new());
        assert_eq!(s.records, 0);
    }
}
