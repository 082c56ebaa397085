//! A Bayesian latent-class estimate in the spirit of LCMCR
//! (Manrique-Vallier 2016, "Bayesian population size estimation using
//! Dirichlet process mixtures", Biometrics 72).
//!
//! People fall into latent classes; within a class, lists capture
//! independently with class-specific probabilities. The class weights follow
//! a truncated stick-breaking Dirichlet process, so the data decide how many
//! classes are used. Heterogeneity in catchability (some people are far
//! easier to document than others) is what this model captures and the
//! simple log-linear models do not.
//!
//! Gibbs sampler, with data augmentation for the people on no list:
//! 1. people of each capture pattern (the unobserved pattern 0 included) are
//!    allocated to classes by one multinomial draw per pattern, never per
//!    person, so the cost does not grow with the number of people;
//! 2. capture probabilities lambda_jk ~ Beta(1 + on, 1 + off);
//! 3. sticks V_k ~ Beta(1 + n_k, alpha + n_{>k}), alpha ~ Gamma(0.25 + C - 1,
//!    0.25 - sum ln(1 - V_k));
//! 4. under the improper prior p(N) ~ 1/N the number unobserved n0 is
//!    negative binomial(n, 1 - p0), p0 = sum_k pi_k prod_j (1 - lambda_jk),
//!    drawn as Poisson(Gamma(n, p0 / (1 - p0))).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Binomial, Distribution, Gamma, Poisson};

use crate::special::quantile_sorted;
use crate::{check_estimable, data_warnings, CaptureHistories, Estimate, EstimateError};

/// Options of [`latent_class`]. Defaults: up to 10 classes, 2,000 burn-in
/// sweeps, then 10,000 sweeps keeping every 5th (2,000 draws), seed 0.
#[derive(Debug, Clone)]
pub struct LatentClassOptions {
    /// Truncation level C of the stick-breaking process (1 = one class,
    /// i.e. independent lists and no heterogeneity).
    pub max_classes: usize,
    pub burn_in: usize,
    /// Sweeps after burn-in.
    pub iterations: usize,
    /// Keep every `thinning`-th sweep after burn-in.
    pub thinning: usize,
    pub seed: u64,
    /// Gamma(shape, rate) prior on the concentration alpha.
    pub alpha_prior: (f64, f64),
}

impl Default for LatentClassOptions {
    fn default() -> Self {
        LatentClassOptions {
            max_classes: 10,
            burn_in: 2_000,
            iterations: 10_000,
            thinning: 5,
            seed: 0,
            alpha_prior: (0.25, 0.25),
        }
    }
}

/// Keeps probabilities off 0 and 1 so their logarithms stay finite.
const EDGE: f64 = 1e-12;
/// Beyond this the expected number unobserved is no longer a count.
const MAX_GAMMA_MEAN: f64 = 1e12;

fn sampler_error(what: &str) -> EstimateError {
    EstimateError::InvalidOption(format!("sampler: invalid {what} parameters"))
}

/// Below this many people, one categorical draw each is cheaper than a
/// chain of binomials.
const SMALL_COUNT: u64 = 16;

/// Draws a multinomial(count, weights) (weights need not sum to 1) and adds
/// the class counts to `out`: sequential binomials, or one categorical draw
/// per person for small counts.
fn multinomial<R: Rng>(
    rng: &mut R,
    count: u64,
    weights: &[f64],
    out: &mut [u64],
) -> Result<(), EstimateError> {
    let mut mass: f64 = weights.iter().sum();
    if count <= SMALL_COUNT && mass > 0.0 {
        for _ in 0..count {
            let mut u = rng.gen::<f64>() * mass;
            let mut chosen = weights.len() - 1;
            for (k, &w) in weights.iter().enumerate() {
                u -= w;
                if u < 0.0 {
                    chosen = k;
                    break;
                }
            }
            out[chosen] += 1;
        }
        return Ok(());
    }
    let mut left = count;
    for (k, &w) in weights.iter().enumerate() {
        if left == 0 {
            break;
        }
        if k + 1 == weights.len() || mass <= 0.0 {
            out[k] += left;
            break;
        }
        let p = (w / mass).clamp(0.0, 1.0);
        let m = Binomial::new(left, p)
            .map_err(|_| sampler_error("binomial"))?
            .sample(rng);
        out[k] += m;
        left -= m;
        mass -= w;
    }
    Ok(())
}

/// Posterior draws of N, the mean number of classes holding at least 1% of
/// the population, and the mean weight of the last (truncation) class.
pub(crate) struct Draws {
    pub totals: Vec<f64>,
    pub occupied: f64,
    pub last_weight: f64,
}

pub(crate) fn sample(
    h: &CaptureHistories,
    opts: &LatentClassOptions,
) -> Result<Draws, EstimateError> {
    let k = h.lists().len();
    let c = opts.max_classes;
    let patterns = 1usize << k;
    let y: Vec<u64> = (0..patterns).map(|m| h.count(m as u32)).collect();
    let n = h.documented();
    let (a0, b0) = opts.alpha_prior;
    let mut rng = StdRng::seed_from_u64(opts.seed);

    // Start: equal weights, capture probabilities spread at random so the
    // classes are not identical, and as many unobserved as observed.
    let mut lambda: Vec<f64> = (0..c * k).map(|_| rng.gen_range(0.1..0.6)).collect();
    let mut pi = vec![1.0 / c as f64; c];
    let mut v = vec![0.0; c];
    let mut alpha = 1.0;
    let mut n0: u64 = n;

    let mut table = vec![0.0; patterns * c];
    let mut alloc = vec![0u64; c];
    let mut class_n = vec![0u64; c];
    let mut class_on = vec![0u64; c * k];
    let mut totals = Vec::with_capacity(opts.iterations / opts.thinning + 1);
    let mut occupied_sum = 0.0;
    let mut last_weight = 0.0;
    let mut until_kept = 0usize;

    for sweep in 0..opts.burn_in + opts.iterations {
        class_n.iter_mut().for_each(|x| *x = 0);
        class_on.iter_mut().for_each(|x| *x = 0);
        // Class weights of every pattern, built up bit by bit: pattern 0 has
        // pi_k prod_j (1 - lambda_jk); adding list j multiplies by
        // lambda_jk / (1 - lambda_jk). No logarithms, no exponentials.
        for cl in 0..c {
            table[cl] = pi[cl] * (0..k).map(|j| 1.0 - lambda[cl * k + j]).product::<f64>();
        }
        for pattern in 1..patterns {
            let j = pattern.trailing_zeros() as usize;
            let base = pattern & (pattern - 1);
            for cl in 0..c {
                let l = lambda[cl * k + j];
                table[pattern * c + cl] = table[base * c + cl] * (l / (1.0 - l));
            }
        }
        for (pattern, &observed) in y.iter().enumerate() {
            let count = if pattern == 0 { n0 } else { observed };
            if count == 0 {
                continue;
            }
            let w = &table[pattern * c..(pattern + 1) * c];
            alloc.iter_mut().for_each(|x| *x = 0);
            multinomial(&mut rng, count, w, &mut alloc)?;
            for cl in 0..c {
                class_n[cl] += alloc[cl];
                for j in 0..k {
                    if pattern >> j & 1 == 1 {
                        class_on[cl * k + j] += alloc[cl];
                    }
                }
            }
        }

        for cl in 0..c {
            for j in 0..k {
                let on = class_on[cl * k + j] as f64;
                let off = class_n[cl] as f64 - on;
                let draw = Beta::new(1.0 + on, 1.0 + off)
                    .map_err(|_| sampler_error("beta"))?
                    .sample(&mut rng);
                lambda[cl * k + j] = draw.clamp(EDGE, 1.0 - EDGE);
            }
        }

        let mut rest: u64 = class_n.iter().sum();
        let mut remaining = 1.0;
        let mut log_sum = 0.0;
        for cl in 0..c {
            rest -= class_n[cl];
            v[cl] = if cl + 1 == c {
                1.0
            } else {
                Beta::new(1.0 + class_n[cl] as f64, alpha + rest as f64)
                    .map_err(|_| sampler_error("stick"))?
                    .sample(&mut rng)
                    .clamp(EDGE, 1.0 - EDGE)
            };
            pi[cl] = remaining * v[cl];
            remaining *= 1.0 - v[cl];
            if cl + 1 < c {
                log_sum += (1.0 - v[cl]).ln();
            }
        }
        if c > 1 {
            let shape = a0 + (c - 1) as f64;
            let rate = b0 - log_sum;
            alpha = Gamma::new(shape, 1.0 / rate)
                .map_err(|_| sampler_error("concentration"))?
                .sample(&mut rng)
                .max(1e-6);
        }

        let p0: f64 = (0..c)
            .map(|cl| pi[cl] * (0..k).map(|j| 1.0 - lambda[cl * k + j]).product::<f64>())
            .sum::<f64>()
            .clamp(0.0, 1.0 - EDGE);
        let mean = Gamma::new(n as f64, p0 / (1.0 - p0))
            .map_err(|_| sampler_error("gamma"))?
            .sample(&mut rng);
        let mean = mean.min(MAX_GAMMA_MEAN);
        n0 = if mean > 0.0 {
            Poisson::new(mean)
                .map_err(|_| sampler_error("poisson"))?
                .sample(&mut rng) as u64
        } else {
            0
        };

        if sweep < opts.burn_in {
            continue;
        }
        // Keep the first sweep after burn-in and every `thinning`-th after.
        let keep = until_kept == 0;
        until_kept = if keep {
            opts.thinning - 1
        } else {
            until_kept - 1
        };
        if keep {
            totals.push((n + n0) as f64);
            occupied_sum += pi.iter().filter(|&&p| p >= 0.01).count() as f64;
            last_weight += pi[c - 1];
        }
    }
    let kept = totals.len().max(1) as f64;
    Ok(Draws {
        totals,
        occupied: occupied_sum / kept,
        last_weight: last_weight / kept,
    })
}

/// Latent-class estimate for 3 or more lists: the posterior median of N,
/// with the 2.5% and 97.5% posterior quantiles as the 95% interval.
pub fn latent_class(
    h: &CaptureHistories,
    opts: &LatentClassOptions,
) -> Result<Estimate, EstimateError> {
    let k = h.lists().len();
    if k < 3 {
        return Err(if k < 2 {
            EstimateError::TooFewLists { got: k }
        } else {
            EstimateError::WrongListCount {
                method: "the latent-class model",
                needed: "3 or more",
                got: k,
            }
        });
    }
    check_estimable(h)?;
    if opts.max_classes == 0 {
        return Err(EstimateError::InvalidOption(
            "max_classes must be at least 1".into(),
        ));
    }
    if opts.thinning == 0 || opts.iterations / opts.thinning < 20 {
        return Err(EstimateError::InvalidOption(
            "iterations / thinning must leave at least 20 draws".into(),
        ));
    }
    let (a0, b0) = opts.alpha_prior;
    if !(a0 > 0.0 && b0 > 0.0 && a0.is_finite() && b0.is_finite()) {
        return Err(EstimateError::InvalidOption(
            "the Gamma prior on alpha needs positive shape and rate".into(),
        ));
    }

    let draws = sample(h, opts)?;
    let mut sorted = draws.totals.clone();
    sorted.sort_by(f64::total_cmp);
    let estimate = quantile_sorted(&sorted, 0.5);
    let lower = quantile_sorted(&sorted, 0.025);
    let upper = quantile_sorted(&sorted, 0.975);
    let n = h.documented() as f64;

    let mut warnings = data_warnings(h);
    if upper > 10.0 * n {
        warnings.push(format!(
            "the posterior reaches {:.0} people, more than ten times those documented: the lists say little about those they all missed",
            upper
        ));
    }
    // A crude convergence check: the two halves of the chain should agree.
    let half = draws.totals.len() / 2;
    if half >= 10 {
        let mut first = draws.totals[..half].to_vec();
        let mut second = draws.totals[half..].to_vec();
        first.sort_by(f64::total_cmp);
        second.sort_by(f64::total_cmp);
        let gap = (quantile_sorted(&first, 0.5) - quantile_sorted(&second, 0.5)).abs();
        if gap > 0.25 * (upper - lower).max(1.0) {
            warnings.push(
                "the sampler may not have converged (the two halves of the chain disagree): run it longer".into(),
            );
        }
    }
    // Stick-breaking leaves the last class the smallest; if even it holds a
    // real share, the truncation is cutting the mixture short.
    if opts.max_classes > 1 && draws.last_weight > 0.02 {
        warnings.push(format!(
            "the last of the {} classes still holds {:.0}% of the population on average: allow more classes",
            opts.max_classes,
            100.0 * draws.last_weight
        ));
    }
    Ok(Estimate {
        documented: h.documented(),
        estimate,
        lower,
        upper,
        method: "latent-class (LCMCR-style)".into(),
        model: format!(
            "Dirichlet process mixture, up to {} classes ({:.1} above 1% weight on average)",
            opts.max_classes, draws.occupied
        ),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multinomial_matches_its_expectation() {
        let mut rng = StdRng::seed_from_u64(3);
        let weights = [1.0, 3.0, 0.0, 6.0];
        for count in [5u64, 1_000] {
            let mut out = [0u64; 4];
            let reps = 2_000;
            for _ in 0..reps {
                multinomial(&mut rng, count, &weights, &mut out).unwrap();
            }
            let total = (count * reps) as f64;
            assert_eq!(out.iter().sum::<u64>(), count * reps);
            assert_eq!(out[2], 0);
            for (o, w) in out.iter().zip(weights) {
                assert!((*o as f64 / total - w / 10.0).abs() < 0.01, "{out:?}");
            }
        }
    }
}
