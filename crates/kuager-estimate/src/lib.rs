//! Multiple systems estimation (MSE) for Kuager.
//!
//! Several partial lists of victims (detained, killed, missing), once their
//! records are linked into one cluster per distinct person, give each person
//! a *capture history*: the set of lists they appear on. From the counts of
//! each history this crate estimates how many people no list documented, the
//! way HRDAG does, with three methods:
//!
//! * [`chapman`] for two lists;
//! * [`log_linear`]: Poisson log-linear models (Fienberg; Bishop, Fienberg
//!   and Holland) for 3 to 5 lists, chosen by BIC or AIC, with a
//!   profile-likelihood interval;
//! * [`latent_class`]: a Bayesian latent-class model in the spirit of LCMCR
//!   (Manrique-Vallier 2016), for 3 or more lists.
//!
//! [`estimate_all`] runs every applicable method; [`simulate`] makes
//! populations of known size to check them.
//!
//! What it is for: turning linked lists into an estimate *with its interval,
//! method and warnings*. What it is not for: linking records (that is
//! `kuager-linkage`), reading lists or databases (the crate does no I/O), or
//! deciding whether an estimate may be published. Every result carries the
//! documented count, which is a minimum, never the estimate. Given the same
//! input and seed, every result is the same.

mod chapman;
mod error;
mod histories;
mod latent;
mod linalg;
mod loglinear;
pub mod simulate;
mod special;

pub use chapman::chapman;
pub use error::EstimateError;
pub use histories::{CaptureHistories, MAX_LISTS};
pub use latent::{latent_class, LatentClassOptions};
pub use loglinear::{hierarchical_models, log_linear, Criterion, LogLinearOptions};

use serde::Serialize;

/// One method's answer. `documented` is the number of distinct people on at
/// least one list; `estimate` is the total population (documented plus
/// undocumented), never shown without `lower`, `upper` and `method`.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub documented: u64,
    /// Total population N-hat (documented + undocumented).
    pub estimate: f64,
    /// Lower end of the 95% interval (never below `documented`).
    pub lower: f64,
    /// Upper end of the 95% interval; `f64::INFINITY` (JSON `null`) when the
    /// data do not bound it, with a warning saying so.
    pub upper: f64,
    /// e.g. "log-linear", "latent-class (LCMCR-style)", "Chapman".
    pub method: String,
    /// e.g. `"[12][13][4] (chosen by BIC among 113 hierarchical models)"`, or
    /// `"Dirichlet process mixture, up to 10 classes (4.2 above 1% weight on average)"`.
    pub model: String,
    /// Human sentences on what may make the estimate untrustworthy.
    pub warnings: Vec<String>,
}

impl Estimate {
    /// Estimated number of people on no list.
    pub fn undocumented(&self) -> f64 {
        self.estimate - self.documented as f64
    }
}

/// Every method that applies, in this order: 2 lists: Chapman; 3 to 5 lists:
/// log-linear then latent-class; more than 5 lists: log-linear (an error
/// saying why not) then latent-class. With fewer than 2 lists, one error.
/// `seed` drives the latent-class sampler.
pub fn estimate_all(h: &CaptureHistories, seed: u64) -> Vec<Result<Estimate, EstimateError>> {
    let k = h.lists().len();
    match k {
        0 | 1 => vec![Err(EstimateError::TooFewLists { got: k })],
        2 => vec![chapman(h)],
        _ => {
            let lc = LatentClassOptions {
                seed,
                ..LatentClassOptions::default()
            };
            let mut results = vec![
                log_linear(h, &LogLinearOptions::default()),
                latent_class(h, &lc),
            ];
            warn_on_disagreement(&mut results);
            results
        }
    }
}

/// Two methods whose 95 % intervals do not even overlap cannot both fit
/// the data: on linked lists that is most often missed links, which the
/// log-linear models read as people on one list only. Each estimate says
/// so, naming the other.
pub(crate) fn warn_on_disagreement(results: &mut [Result<Estimate, EstimateError>]) {
    let answered: Vec<(String, f64, f64)> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|e| (e.method.clone(), e.lower, e.upper))
        .collect();
    for e in results.iter_mut().filter_map(|r| r.as_mut().ok()) {
        for (method, lower, upper) in &answered {
            if *method != e.method && (e.upper < *lower || *upper < e.lower) {
                e.warnings.push(format!(
                    "the {method} interval ({lower:.0}–{upper:.0}) does not overlap this one: at least one model is wrong for these data (on linked lists, missed links are the usual cause); publish the documented count, not either estimate"
                ));
            }
        }
    }
}

/// Warnings that depend only on the data, shared by every method.
pub(crate) fn data_warnings(h: &CaptureHistories) -> Vec<String> {
    let mut w = Vec::new();
    let n = h.documented();
    let overlap = h.overlapping();
    if overlap < 20 {
        w.push(format!(
            "few overlaps: {overlap} {} on more than one list; the estimate rests on very little",
            if overlap == 1 { "person" } else { "people" }
        ));
    }
    if n < 100 {
        w.push(format!(
            "few people documented ({n}): with strata this small the interval is wide and the model choice unstable"
        ));
    }
    // A list wholly inside another often means one was compiled from the
    // other, a dependence no model here can see or correct.
    let k = h.lists().len();
    for a in 0..k {
        let na = h.list_size(a);
        if na < 10 {
            continue;
        }
        for b in 0..k {
            if a != b && h.pair_overlap(a, b) == na && h.list_size(b) > na {
                w.push(format!(
                    "everyone on list '{}' is also on list '{}': if one was compiled from the other, the lists are not independent sources and every estimate here is too low",
                    h.lists()[a],
                    h.lists()[b]
                ));
            }
        }
    }
    w
}

/// Checks shared by every method before estimating.
pub(crate) fn check_estimable(h: &CaptureHistories) -> Result<(), EstimateError> {
    let k = h.lists().len();
    if k < 2 {
        return Err(EstimateError::TooFewLists { got: k });
    }
    if h.documented() == 0 {
        return Err(EstimateError::NoData);
    }
    for i in 0..k {
        if h.list_size(i) == 0 {
            return Err(EstimateError::EmptyList(h.lists()[i].clone()));
        }
    }
    if h.overlapping() == 0 {
        return Err(EstimateError::NoOverlap);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(method: &str, lower: f64, upper: f64) -> Result<Estimate, EstimateError> {
        Ok(Estimate {
            documented: 100,
            estimate: (lower + upper) / 2.0,
            lower,
            upper,
            method: method.into(),
            model: String::new(),
            warnings: Vec::new(),
        })
    }

    #[test]
    fn disjoint_intervals_warn_on_both_sides_and_overlapping_ones_do_not() {
        let mut apart = vec![
            estimate("log-linear", 207_008.0, 236_252.0),
            estimate("latent-class", 132_056.0, 159_757.0),
        ];
        warn_on_disagreement(&mut apart);
        let warnings: Vec<&Vec<String>> = apart
            .iter()
            .map(|r| &r.as_ref().expect("ok").warnings)
            .collect();
        assert!(
            warnings[0][0].starts_with("the latent-class interval (132056–159757)"),
            "{warnings:?}"
        );
        assert!(
            warnings[1][0].starts_with("the log-linear interval (207008–236252)"),
            "{warnings:?}"
        );

        let mut close = vec![
            estimate("log-linear", 16_273.0, 17_578.0),
            estimate("latent-class", 13_202.0, 18_909.0),
            Err(EstimateError::NoOverlap),
        ];
        warn_on_disagreement(&mut close);
        assert!(close
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .all(|e| e.warnings.is_empty()));
    }
}
