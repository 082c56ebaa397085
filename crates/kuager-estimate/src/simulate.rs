//! Populations of known size, captured by K lists, to check the estimators.
//!
//! A [`Scenario`] mixes latent strata of catchability (one stratum: every
//! person equally likely to be listed) and, optionally, list dependences:
//! whether a person is on list `to` depends on whether they are on list
//! `from`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{CaptureHistories, EstimateError};

/// A share of the population with its own capture probability per list.
#[derive(Debug, Clone)]
pub struct Stratum {
    pub share: f64,
    pub probs: Vec<f64>,
}

/// List `to` captures with probability `if_on` those on list `from` and
/// `if_off` the others, instead of its stratum probability.
#[derive(Debug, Clone)]
pub struct Dependence {
    pub from: usize,
    pub to: usize,
    pub if_on: f64,
    pub if_off: f64,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub strata: Vec<Stratum>,
    pub dependence: Vec<Dependence>,
}

impl Scenario {
    /// Independent lists, homogeneous population.
    pub fn independent(name: &str, probs: Vec<f64>) -> Self {
        Scenario {
            name: name.into(),
            strata: vec![Stratum { share: 1.0, probs }],
            dependence: vec![],
        }
    }

    /// Latent strata of catchability, lists independent within each.
    pub fn heterogeneous(name: &str, strata: Vec<Stratum>) -> Self {
        Scenario {
            name: name.into(),
            strata,
            dependence: vec![],
        }
    }

    /// Adds a dependence of list `to` on list `from` (`from < to`).
    pub fn with_dependence(mut self, from: usize, to: usize, if_on: f64, if_off: f64) -> Self {
        self.dependence.push(Dependence {
            from,
            to,
            if_on,
            if_off,
        });
        self
    }

    pub fn lists(&self) -> usize {
        self.strata.first().map_or(0, |s| s.probs.len())
    }

    fn check(&self) -> Result<(), EstimateError> {
        let k = self.lists();
        let bad = |m: &str| {
            Err(EstimateError::InvalidOption(format!(
                "scenario '{}': {m}",
                self.name
            )))
        };
        if self.strata.is_empty() || k == 0 {
            return bad("no strata or no lists");
        }
        let prob = |p: f64| (0.0..=1.0).contains(&p);
        if self.strata.iter().any(|s| {
            s.probs.len() != k
                || !s.probs.iter().all(|&p| prob(p))
                || s.share.is_nan()
                || s.share < 0.0
        }) {
            return bad("every stratum needs one probability in [0, 1] per list and a share >= 0");
        }
        let total_share: f64 = self.strata.iter().map(|s| s.share).sum();
        if total_share.is_nan() || total_share <= 0.0 {
            return bad("shares sum to zero");
        }
        if self
            .dependence
            .iter()
            .any(|d| d.from >= d.to || d.to >= k || !prob(d.if_on) || !prob(d.if_off))
        {
            return bad("a dependence needs from < to < K and probabilities in [0, 1]");
        }
        Ok(())
    }

    /// Captures a population of `total` people, with this seed.
    pub fn simulate(&self, total: u64, seed: u64) -> Result<CaptureHistories, EstimateError> {
        self.simulate_with(total, &mut StdRng::seed_from_u64(seed))
    }

    pub fn simulate_with<R: Rng>(
        &self,
        total: u64,
        rng: &mut R,
    ) -> Result<CaptureHistories, EstimateError> {
        self.check()?;
        let k = self.lists();
        let share_sum: f64 = self.strata.iter().map(|s| s.share).sum();
        let mut counts = vec![0u64; 1 << k];
        for _ in 0..total {
            let mut u = rng.gen::<f64>() * share_sum;
            let stratum = self
                .strata
                .iter()
                .find(|s| {
                    u -= s.share;
                    u < 0.0
                })
                .unwrap_or(&self.strata[self.strata.len() - 1]);
            let mut mask = 0u32;
            for j in 0..k {
                let p = match self.dependence.iter().find(|d| d.to == j) {
                    Some(d) if mask >> d.from & 1 == 1 => d.if_on,
                    Some(d) => d.if_off,
                    None => stratum.probs[j],
                };
                if rng.gen::<f64>() < p {
                    mask |= 1 << j;
                }
            }
            counts[mask as usize] += 1;
        }
        let names = (0..k).map(|j| format!("list {}", j + 1)).collect();
        let mut h = CaptureHistories::new(names)?;
        for (mask, &c) in counts.iter().enumerate().skip(1) {
            h.add(mask as u32, c)?;
        }
        Ok(h)
    }
}

/// The validation scenarios of `docs/estimation.md`: four lists except the
/// first (two lists, for Chapman).
pub fn standard_scenarios() -> Vec<Scenario> {
    let probs = vec![0.30, 0.25, 0.20, 0.35];
    vec![
        Scenario::independent("two lists, independent", vec![0.30, 0.25]),
        Scenario::independent("independent", probs.clone()),
        // On list 1: 60% chance of list 2, otherwise 15% (odds ratio 8.5).
        Scenario::independent("dependent lists 1-2", probs).with_dependence(0, 1, 0.60, 0.15),
        // Three classes of catchability, lists independent within each.
        Scenario::heterogeneous(
            "heterogeneous (3 classes)",
            vec![
                Stratum {
                    share: 0.2,
                    probs: vec![0.60, 0.55, 0.50, 0.65],
                },
                Stratum {
                    share: 0.4,
                    probs: vec![0.30, 0.25, 0.20, 0.35],
                },
                Stratum {
                    share: 0.4,
                    probs: vec![0.15, 0.10, 0.10, 0.15],
                },
            ],
        ),
        // A stress case: a quarter easy to document, three quarters who
        // are rarely on any list (two thirds of them on none).
        Scenario::heterogeneous(
            "strong heterogeneity (2 classes)",
            vec![
                Stratum {
                    share: 0.25,
                    probs: vec![0.50, 0.45, 0.40, 0.55],
                },
                Stratum {
                    share: 0.75,
                    probs: vec![0.10, 0.08, 0.07, 0.12],
                },
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let s = &standard_scenarios()[1];
        let a = s.simulate(1000, 7).unwrap();
        let b = s.simulate(1000, 7).unwrap();
        assert_eq!(a, b);
        assert!(a.documented() < 1000 && a.documented() > 500);
    }

    #[test]
    fn dependence_raises_overlap() {
        let s = standard_scenarios();
        let ind = s[1].simulate(20_000, 1).unwrap();
        let dep = s[2].simulate(20_000, 1).unwrap();
        assert!(dep.pair_overlap(0, 1) as f64 > 1.8 * ind.pair_overlap(0, 1) as f64);
    }

    #[test]
    fn rejects_bad_scenarios() {
        let s = Scenario::independent("x", vec![0.5, 1.5]);
        assert!(s.simulate(10, 0).is_err());
        let s = Scenario::independent("x", vec![0.5, 0.5]).with_dependence(1, 0, 0.5, 0.5);
        assert!(s.simulate(10, 0).is_err());
    }
}
