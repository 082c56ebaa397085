//! Poisson log-linear models for incomplete 2^K tables (Fienberg 1972;
//! Bishop, Fienberg and Holland 1975, ch. 6).
//!
//! The 2^K - 1 observed cell counts are modelled as Poisson with
//! log mu_c = sum of the terms s whose lists are all in c (the intercept,
//! the K main effects and the interactions of the model). The unobserved
//! cell 0 contains no list, so its prediction is exp(intercept).

use crate::linalg::solve_spd;
use crate::special::{ln_gamma, CHI2_1_95};
use crate::{check_estimable, data_warnings, CaptureHistories, Estimate, EstimateError};

/// How the model is chosen among the fitted hierarchical models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Criterion {
    /// -2 log L + p ln(n), n = documented people (as Rcapture). Prefers
    /// fewer interactions; the default.
    #[default]
    Bic,
    /// -2 log L + 2p.
    Aic,
}

/// Options of [`log_linear`].
#[derive(Debug, Clone, Default)]
pub struct LogLinearOptions {
    pub criterion: Criterion,
    /// Highest interaction order enumerated. `None`: every order below K
    /// for 3 and 4 lists, two-way for 5 lists (see [`hierarchical_models`]).
    pub max_order: Option<usize>,
}

/// Every hierarchical log-linear model over `k` lists whose interactions
/// have at most `max_order` lists: each contains all main effects, is closed
/// under taking subsets of its interactions, and never contains the K-way
/// interaction (it is confounded with the missing cell, so not identifiable).
///
/// What [`log_linear`] enumerates by default, and why: for 3 lists all 8
/// models (two-way terms only, since the three-way is excluded); for 4 lists
/// all 113 models with two- and three-way terms; for 5 lists the 1,024
/// models with two-way terms only. With three-way terms 5 lists already give
/// thousands of models (all orders: about 7,500), on 31 cells that are
/// mostly small or empty in real lists: fitting them all costs seconds and,
/// worse, lets chance pick among near-ties. `max_order: Some(3)` asks for
/// them anyway.
pub fn hierarchical_models(k: usize, max_order: usize) -> Result<Vec<Vec<u32>>, EstimateError> {
    if !(2..=crate::MAX_LISTS).contains(&k) {
        return Err(EstimateError::InvalidOption(format!(
            "hierarchical models need 2 to {} lists (got {k})",
            crate::MAX_LISTS
        )));
    }
    let full = (1u32 << k) - 1;
    let candidates: Vec<u32> = (1..full)
        .filter(|m| {
            let o = m.count_ones() as usize;
            o >= 2 && o <= max_order
        })
        .collect();
    if candidates.len() > 22 {
        return Err(EstimateError::InvalidOption(format!(
            "{} candidate interactions for {k} lists up to order {max_order}: too many models to enumerate",
            candidates.len()
        )));
    }
    let mut models = Vec::new();
    for set in 0u64..(1u64 << candidates.len()) {
        let terms: Vec<u32> = candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| set >> i & 1 == 1)
            .map(|(_, &t)| t)
            .collect();
        // Closed under subsets: checking the subsets one list smaller is
        // enough, by induction; pairs only need main effects.
        let closed = terms.iter().all(|&t| {
            t.count_ones() < 3
                || (0..k)
                    .filter(|i| t >> i & 1 == 1)
                    .all(|i| terms.contains(&(t & !(1 << i))))
        });
        if closed {
            models.push(terms);
        }
    }
    Ok(models)
}

/// Rcapture-style notation of a model: its generating (maximal) terms,
/// lists numbered from 1, e.g. `[12][13][4]`.
pub(crate) fn model_name(k: usize, interactions: &[u32]) -> String {
    let mut terms: Vec<u32> = (0..k).map(|i| 1u32 << i).collect();
    terms.extend_from_slice(interactions);
    let mut gens: Vec<String> = terms
        .iter()
        .filter(|&&t| !terms.iter().any(|&u| u != t && u & t == t))
        .map(|&t| {
            (0..k)
                .filter(|i| t >> i & 1 == 1)
                .map(|i| char::from_digit((i + 1) as u32, 10).unwrap_or('?'))
                .collect::<String>()
        })
        .collect();
    gens.sort();
    gens.iter().map(|g| format!("[{g}]")).collect()
}

/// Columns of the design: intercept (mask 0), main effects, interactions.
fn columns(k: usize, interactions: &[u32]) -> Vec<u32> {
    let mut cols = vec![0u32];
    cols.extend((0..k).map(|i| 1u32 << i));
    cols.extend_from_slice(interactions);
    cols
}

/// Row-major design: x[r][j] = 1 when cell r contains every list of term j.
fn design(cells: &[u32], cols: &[u32]) -> Vec<f64> {
    let mut x = Vec::with_capacity(cells.len() * cols.len());
    for &c in cells {
        for &t in cols {
            x.push(if c & t == t { 1.0 } else { 0.0 });
        }
    }
    x
}

#[derive(Debug, Clone)]
struct Fit {
    beta: Vec<f64>,
    loglik: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FitFailure {
    /// The information matrix is singular: the model is not identifiable on
    /// these data.
    Singular,
    /// Coefficients run off to infinity (typically a margin of zero cells).
    Diverged,
    NotConverged,
}

/// A coefficient beyond this is a boundary solution (exp(-35) ~ 6e-16).
const BETA_LIMIT: f64 = 35.0;

fn poisson_loglik(x: &[f64], y: &[f64], beta: &[f64]) -> Option<f64> {
    let p = beta.len();
    let mut ll = 0.0;
    for (r, &yr) in y.iter().enumerate() {
        let eta: f64 = (0..p).map(|j| x[r * p + j] * beta[j]).sum();
        if eta > 700.0 {
            return None;
        }
        ll += yr * eta - eta.exp() - ln_gamma(yr + 1.0);
    }
    ll.is_finite().then_some(ll)
}

/// Poisson maximum likelihood by Newton-Raphson (= IRLS for the canonical
/// link) with step halving, started from least squares on log(y + 0.5)
/// unless a warm start is given.
fn fit_poisson(x: &[f64], y: &[f64], p: usize, start: Option<&[f64]>) -> Result<Fit, FitFailure> {
    let rows = y.len();
    let mut beta = match start {
        Some(b) => b.to_vec(),
        None => {
            let mut xtx = vec![0.0; p * p];
            let mut xtz = vec![0.0; p];
            for r in 0..rows {
                let z = (y[r] + 0.5).ln();
                for i in 0..p {
                    let xi = x[r * p + i];
                    if xi == 0.0 {
                        continue;
                    }
                    xtz[i] += xi * z;
                    for j in 0..p {
                        xtx[i * p + j] += xi * x[r * p + j];
                    }
                }
            }
            solve_spd(&xtx, &xtz, p).ok_or(FitFailure::Singular)?
        }
    };
    let mut ll = poisson_loglik(x, y, &beta).ok_or(FitFailure::Diverged)?;
    for _ in 0..200 {
        let mut grad = vec![0.0; p];
        let mut info = vec![0.0; p * p];
        for r in 0..rows {
            let row = &x[r * p..(r + 1) * p];
            let mu = row.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>().exp();
            for i in 0..p {
                if row[i] == 0.0 {
                    continue;
                }
                grad[i] += row[i] * (y[r] - mu);
                for j in 0..p {
                    info[i * p + j] += row[i] * mu * row[j];
                }
            }
        }
        let delta = solve_spd(&info, &grad, p).ok_or(FitFailure::Singular)?;
        let mut step = 1.0;
        let (new_beta, new_ll) = loop {
            let cand: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b + step * d).collect();
            match poisson_loglik(x, y, &cand) {
                Some(l) if l >= ll - 1e-12 * ll.abs() => break (cand, l),
                _ => {
                    step *= 0.5;
                    if step < 1e-12 {
                        return Err(FitFailure::NotConverged);
                    }
                }
            }
        };
        let moved = beta
            .iter()
            .zip(&new_beta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let gained = new_ll - ll;
        beta = new_beta;
        ll = new_ll;
        if beta.iter().any(|b| b.abs() > BETA_LIMIT) {
            return Err(FitFailure::Diverged);
        }
        if moved < 1e-8 && gained.abs() <= 1e-10 * (1.0 + ll.abs()) {
            return Ok(Fit { beta, loglik: ll });
        }
    }
    Err(FitFailure::NotConverged)
}

/// One model fitted to the observed cells.
#[derive(Debug, Clone)]
pub(crate) struct ModelFit {
    pub interactions: Vec<u32>,
    pub beta: Vec<f64>,
    pub loglik: f64,
    /// Number of parameters (intercept included).
    pub params: usize,
    /// Predicted count of the unobserved cell.
    pub missing: f64,
}

fn observed_cells(k: usize) -> Vec<u32> {
    (1..(1u32 << k)).collect()
}

/// Fits one model (any K >= 2) to the observed cells.
pub(crate) fn fit_model(
    h: &CaptureHistories,
    interactions: &[u32],
) -> Result<ModelFit, FitFailure> {
    let k = h.lists().len();
    let cells = observed_cells(k);
    let cols = columns(k, interactions);
    let x = design(&cells, &cols);
    let y: Vec<f64> = cells.iter().map(|&c| h.count(c) as f64).collect();
    let fit = fit_poisson(&x, &y, cols.len(), None)?;
    let missing = fit.beta[0].exp();
    if !missing.is_finite() {
        return Err(FitFailure::Diverged);
    }
    Ok(ModelFit {
        interactions: interactions.to_vec(),
        params: cols.len(),
        missing,
        beta: fit.beta,
        loglik: fit.loglik,
    })
}

/// The profile log-likelihood of N (Cormack 1992; Rcapture's closedpCI.t):
/// the complete 2^K table with cell 0 = N - n, the same model refitted, and
/// the multinomial log-likelihood
/// ln N! - ln (N - n)! + sum_c y_c ln(mu_c / N), where sum_c mu_c = N.
struct Profile {
    x: Vec<f64>,
    y: Vec<f64>,
    p: usize,
    n: f64,
    warm: Vec<f64>,
}

impl Profile {
    fn new(h: &CaptureHistories, m: &ModelFit) -> Self {
        let k = h.lists().len();
        let cells: Vec<u32> = (0..(1u32 << k)).collect();
        let cols = columns(k, &m.interactions);
        let y: Vec<f64> = cells.iter().map(|&c| h.count(c) as f64).collect();
        Profile {
            x: design(&cells, &cols),
            y,
            p: cols.len(),
            n: h.documented() as f64,
            warm: m.beta.clone(),
        }
    }

    fn at(&mut self, total: f64) -> Option<f64> {
        let n0 = total - self.n;
        self.y[0] = n0.max(0.0);
        let fit = fit_poisson(&self.x, &self.y, self.p, Some(&self.warm))
            .or_else(|_| fit_poisson(&self.x, &self.y, self.p, None))
            .ok()?;
        let p = self.p;
        let mut l = ln_gamma(total + 1.0) - ln_gamma(n0 + 1.0);
        for (r, &yr) in self.y.iter().enumerate() {
            if yr > 0.0 {
                let eta: f64 = (0..p).map(|j| self.x[r * p + j] * fit.beta[j]).sum();
                l += yr * (eta - total.ln());
            }
        }
        self.warm = fit.beta;
        l.is_finite().then_some(l)
    }
}

/// The 95% profile-likelihood interval around `center` (the Poisson MLE):
/// the totals N >= n whose profile log-likelihood is within chi2(1)/2 of the
/// maximum. `None` for the upper end when it is not bounded.
fn profile_interval(h: &CaptureHistories, m: &ModelFit) -> Option<(f64, Option<f64>)> {
    let n = h.documented() as f64;
    let center = n + m.missing;
    let mut prof = Profile::new(h, m);
    // The multinomial maximum sits a little off the Poisson one: find it by
    // golden section on a bracket around it.
    let (mut a, mut b) = (n, center + (center - n) + 10.0);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut best = (center, prof.at(center)?);
    for _ in 0..60 {
        let c1 = b - g * (b - a);
        let c2 = a + g * (b - a);
        let (l1, l2) = (prof.at(c1)?, prof.at(c2)?);
        for (c, l) in [(c1, l1), (c2, l2)] {
            if l > best.1 {
                best = (c, l);
            }
        }
        if l1 > l2 {
            b = c2;
        } else {
            a = c1;
        }
        if b - a < 1e-3 {
            break;
        }
    }
    let (top, lmax) = best;
    let target = lmax - CHI2_1_95 / 2.0;

    let lower = if prof.at(n)? >= target {
        n
    } else {
        bisect(&mut prof, n, top, target)?
    };
    let cap = 1e4 * (n + 100.0);
    let mut d = (top - n).max(10.0);
    let mut inside = top;
    let upper = loop {
        let hi = top + d;
        if hi > cap {
            break None;
        }
        if prof.at(hi)? < target {
            break Some(bisect(&mut prof, hi, inside, target)?);
        }
        inside = hi;
        d *= 2.0;
    };
    Some((lower, upper))
}

/// The point between `out` (below target) and `inside` (above) where the
/// profile crosses `target`.
fn bisect(prof: &mut Profile, mut out: f64, mut inside: f64, target: f64) -> Option<f64> {
    for _ in 0..100 {
        if (out - inside).abs() < 1e-3 {
            break;
        }
        let mid = 0.5 * (out + inside);
        if prof.at(mid)? >= target {
            inside = mid;
        } else {
            out = mid;
        }
    }
    Some(0.5 * (out + inside))
}

fn score(m: &ModelFit, criterion: Criterion, n: f64) -> f64 {
    let penalty = match criterion {
        Criterion::Bic => n.ln(),
        Criterion::Aic => 2.0,
    };
    -2.0 * m.loglik + penalty * m.params as f64
}

/// Log-linear estimate for 3 to 5 lists: every hierarchical model of
/// [`hierarchical_models`] is fitted, models that do not converge or whose
/// estimate is unbounded are skipped (and counted in a warning), the one with
/// the lowest BIC (or AIC) is kept, and its 95% interval is the
/// profile-likelihood interval for N (as Rcapture's `closedpCI.t`).
pub fn log_linear(
    h: &CaptureHistories,
    opts: &LogLinearOptions,
) -> Result<Estimate, EstimateError> {
    let k = h.lists().len();
    if k > 5 {
        return Err(EstimateError::LogLinearTooManyLists { got: k });
    }
    if k < 3 {
        return Err(if k < 2 {
            EstimateError::TooFewLists { got: k }
        } else {
            EstimateError::WrongListCount {
                method: "log-linear estimation",
                needed: "3 to 5",
                got: k,
            }
        });
    }
    check_estimable(h)?;
    let max_order = opts.max_order.unwrap_or(if k == 5 { 2 } else { k - 1 });
    if max_order == 0 {
        return Err(EstimateError::InvalidOption(
            "max_order must be at least 1".into(),
        ));
    }
    let models = hierarchical_models(k, max_order.min(k - 1))?;
    let n = h.documented() as f64;

    let mut fits = Vec::new();
    let mut skipped = 0usize;
    for m in &models {
        match fit_model(h, m) {
            // An undocumented count a thousand times the documented one is
            // the model saying "unbounded", not an estimate.
            Ok(f) if f.missing <= 1e3 * (n + 100.0) => fits.push(f),
            _ => skipped += 1,
        }
    }
    let crit_name = match opts.criterion {
        Criterion::Bic => "BIC",
        Criterion::Aic => "AIC",
    };
    let best = fits
        .iter()
        .min_by(|a, b| score(a, opts.criterion, n).total_cmp(&score(b, opts.criterion, n)))
        .ok_or_else(|| {
            EstimateError::NoModelFitted(format!(
                "all {} models failed to converge or gave an unbounded estimate",
                models.len()
            ))
        })?;
    let best_score = score(best, opts.criterion, n);

    let mut warnings = data_warnings(h);
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} of {} models were skipped: they did not converge (often a margin of empty cells) or gave an unbounded estimate",
            models.len()
        ));
    }
    // Near-ties in the criterion are models the data cannot tell apart.
    let close: Vec<&ModelFit> = fits
        .iter()
        .filter(|f| !std::ptr::eq(*f, best) && score(f, opts.criterion, n) - best_score < 2.0)
        .collect();
    if !close.is_empty() {
        let lo = close
            .iter()
            .map(|f| n + f.missing)
            .fold(f64::INFINITY, f64::min);
        let hi = close.iter().map(|f| n + f.missing).fold(0.0, f64::max);
        warnings.push(format!(
            "{} other model(s) fit almost as well (within 2 {crit_name} points) and estimate {:.0} to {:.0}: the interval does not include this model uncertainty",
            close.len(),
            lo,
            hi
        ));
    }
    let cols = columns(k, &best.interactions);
    for (j, &t) in cols.iter().enumerate() {
        if t.count_ones() == 2 {
            let ids: Vec<usize> = (0..k).filter(|i| t >> i & 1 == 1).collect();
            let sign = if best.beta[j] > 0.0 {
                "positively"
            } else {
                "negatively"
            };
            warnings.push(format!(
                "lists '{}' and '{}' look {sign} dependent: the chosen model includes their interaction",
                h.lists()[ids[0]],
                h.lists()[ids[1]]
            ));
        }
    }
    if best.params == (1usize << k) - 1 {
        warnings.push(
            "the chosen model has as many parameters as observed cells: its fit cannot be checked against the data".into(),
        );
    }

    let estimate = n + best.missing;
    let (lower, upper) = match profile_interval(h, best) {
        Some((lo, Some(hi))) => (lo.min(estimate), hi.max(estimate)),
        Some((lo, None)) => {
            warnings.push(
                "the 95% interval has no upper bound: the data cannot rule out a far larger total"
                    .into(),
            );
            (lo.min(estimate), f64::INFINITY)
        }
        None => {
            warnings.push(
                "the profile likelihood could not be computed for this model: the interval is unknown".into(),
            );
            (n, f64::INFINITY)
        }
    };
    Ok(Estimate {
        documented: h.documented(),
        estimate,
        lower,
        upper,
        method: "log-linear".into(),
        model: format!(
            "{} (chosen by {crit_name} among {} hierarchical models)",
            model_name(k, &best.interactions),
            fits.len()
        ),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(k: usize, cells: &[(u32, u64)]) -> CaptureHistories {
        let mut h = CaptureHistories::new((0..k).map(|i| format!("L{}", i + 1)).collect()).unwrap();
        for &(m, c) in cells {
            h.add(m, c).unwrap();
        }
        h
    }

    #[test]
    fn model_counts() {
        assert_eq!(hierarchical_models(3, 2).unwrap().len(), 8);
        assert_eq!(hierarchical_models(4, 3).unwrap().len(), 113);
        assert_eq!(hierarchical_models(5, 2).unwrap().len(), 1024);
        // Two lists: only independence (the two-way term is the saturated one).
        assert_eq!(hierarchical_models(2, 1).unwrap(), vec![Vec::<u32>::new()]);
        for m in hierarchical_models(4, 3).unwrap() {
            assert!(!m.contains(&0b1111));
        }
    }

    #[test]
    fn names() {
        assert_eq!(model_name(3, &[]), "[1][2][3]");
        assert_eq!(model_name(3, &[0b011, 0b101]), "[12][13]");
        assert_eq!(model_name(4, &[0b0011, 0b0101, 0b0110, 0b0111]), "[123][4]");
    }

    #[test]
    fn two_list_independence_is_lincoln_petersen() {
        // n1 = 100, n2 = 80, m = 20: N = n1 n2 / m = 400.
        let h = table(2, &[(0b01, 80), (0b10, 60), (0b11, 20)]);
        let f = fit_model(&h, &[]).unwrap();
        assert!((h.documented() as f64 + f.missing - 400.0).abs() < 1e-6);
    }

    #[test]
    fn three_list_independence_solves_darroch_equation() {
        // Under independence the MLE satisfies 1 - n/N = prod_j (1 - n_j/N)
        // (Darroch 1958, model M_t).
        let h = table(
            3,
            &[(1, 60), (2, 45), (4, 70), (3, 12), (5, 20), (6, 15), (7, 5)],
        );
        let f = fit_model(&h, &[]).unwrap();
        let n = h.documented() as f64;
        let total = n + f.missing;
        let prod: f64 = (0..3)
            .map(|j| 1.0 - h.list_size(j) as f64 / total)
            .product();
        assert!((1.0 - n / total - prod).abs() < 1e-9, "N = {total}");
    }

    #[test]
    fn three_list_all_pairs_model_has_closed_form() {
        // [12][13][23] on 3 lists: no three-way interaction gives
        // m0 = n100 n010 n001 n111 / (n110 n101 n011) (Fienberg 1972).
        let h = table(
            3,
            &[(1, 60), (2, 45), (4, 70), (3, 12), (5, 20), (6, 15), (7, 5)],
        );
        let f = fit_model(&h, &[0b011, 0b101, 0b110]).unwrap();
        let expected = 60.0 * 45.0 * 70.0 * 5.0 / (12.0 * 20.0 * 15.0);
        assert!(
            (f.missing - expected).abs() < 1e-6 * expected,
            "{}",
            f.missing
        );
    }

    #[test]
    fn profile_interval_brackets_and_shrinks_with_data() {
        let small = table(
            3,
            &[(1, 60), (2, 45), (4, 70), (3, 12), (5, 20), (6, 15), (7, 5)],
        );
        let big = table(
            3,
            &[
                (1, 600),
                (2, 450),
                (4, 700),
                (3, 120),
                (5, 200),
                (6, 150),
                (7, 50),
            ],
        );
        let es = log_linear(&small, &LogLinearOptions::default()).unwrap();
        let eb = log_linear(&big, &LogLinearOptions::default()).unwrap();
        for e in [&es, &eb] {
            assert!(e.lower <= e.estimate && e.estimate <= e.upper, "{e:?}");
            assert!(e.lower >= e.documented as f64);
        }
        let ws = (es.upper - es.lower) / es.estimate;
        let wb = (eb.upper - eb.lower) / eb.estimate;
        assert!(wb < ws * 0.5, "relative widths {ws} vs {wb}");
    }

    #[test]
    fn profile_interval_ends_drop_by_half_chi2() {
        // With the model fixed, the profile interval must contain exactly the
        // N whose drop in log-likelihood is under 1.92; check both ends.
        let h = table(
            3,
            &[(1, 60), (2, 45), (4, 70), (3, 12), (5, 20), (6, 15), (7, 5)],
        );
        let f = fit_model(&h, &[]).unwrap();
        let (lo, hi) = profile_interval(&h, &f).unwrap();
        let hi = hi.unwrap();
        let mut prof = Profile::new(&h, &f);
        let lmax = (0..2000)
            .map(|i| h.documented() as f64 + i as f64 * 0.5)
            .filter_map(|t| prof.at(t))
            .fold(f64::NEG_INFINITY, f64::max);
        let drop_lo = lmax - prof.at(lo).unwrap();
        let drop_hi = lmax - prof.at(hi).unwrap();
        assert!((drop_lo - 1.9207).abs() < 0.01, "{drop_lo}");
        assert!((drop_hi - 1.9207).abs() < 0.01, "{drop_hi}");
    }

    #[test]
    fn errors() {
        let h = table(2, &[(1, 5), (2, 5), (3, 1)]);
        assert!(matches!(
            log_linear(&h, &LogLinearOptions::default()),
            Err(EstimateError::WrongListCount { .. })
        ));
        let h6 = table(6, &[(1, 5), (3, 5)]);
        assert!(matches!(
            log_linear(&h6, &LogLinearOptions::default()),
            Err(EstimateError::LogLinearTooManyLists { got: 6 })
        ));
        let none = table(3, &[(1, 5), (2, 5), (4, 5)]);
        assert_eq!(
            log_linear(&none, &LogLinearOptions::default()).unwrap_err(),
            EstimateError::NoOverlap
        );
        let empty_list = table(3, &[(1, 5), (2, 5), (3, 5)]);
        assert!(matches!(
            log_linear(&empty_list, &LogLinearOptions::default()),
            Err(EstimateError::EmptyList(_))
        ));
    }
}
