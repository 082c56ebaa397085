//! The Chapman estimator for two lists.

use crate::special::Z_975;
use crate::{check_estimable, data_warnings, CaptureHistories, Estimate, EstimateError};

/// Chapman's nearly unbiased form of Lincoln-Petersen for exactly two lists:
/// N = (n1 + 1)(n2 + 1)/(m + 1) - 1, with Seber's variance and Chao's (1987)
/// log-normal 95% interval, which puts the uncertainty on the undocumented
/// count so the lower end never falls below the documented number.
pub fn chapman(h: &CaptureHistories) -> Result<Estimate, EstimateError> {
    let k = h.lists().len();
    if k != 2 {
        return Err(if k < 2 {
            EstimateError::TooFewLists { got: k }
        } else {
            EstimateError::WrongListCount {
                method: "Chapman",
                needed: "exactly 2",
                got: k,
            }
        });
    }
    check_estimable(h)?;
    let n1 = h.list_size(0) as f64;
    let n2 = h.list_size(1) as f64;
    let m = h.count(0b11) as f64;
    let n = h.documented() as f64;

    let estimate = (n1 + 1.0) * (n2 + 1.0) / (m + 1.0) - 1.0;
    let var = (n1 + 1.0) * (n2 + 1.0) * (n1 - m) * (n2 - m) / ((m + 1.0).powi(2) * (m + 2.0));
    let f0 = estimate - n;
    let mut warnings = data_warnings(h);
    warnings.push(
        "two lists cannot show whether they depend on each other: Chapman assumes they are independent and everyone equally likely to be listed; if people on one list are more likely to be on the other, the estimate is too low".to_string(),
    );
    let (lower, upper) = if f0 > 0.0 && var > 0.0 {
        let c = (Z_975 * (1.0 + var / (f0 * f0)).ln().sqrt()).exp();
        (n + f0 / c, n + f0 * c)
    } else {
        warnings.push(
            "one list contains the other, so the estimate equals the documented count; that says nothing about the people both lists missed".to_string(),
        );
        (n, n.max(estimate))
    };
    Ok(Estimate {
        documented: h.documented(),
        estimate: estimate.max(n),
        lower,
        upper,
        method: "Chapman".to_string(),
        model: "two independent lists".to_string(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(n1_only: u64, n2_only: u64, both: u64) -> CaptureHistories {
        let mut h = CaptureHistories::new(vec!["a".into(), "b".into()]).unwrap();
        h.add(0b01, n1_only).unwrap();
        h.add(0b10, n2_only).unwrap();
        h.add(0b11, both).unwrap();
        h
    }

    #[test]
    fn chapman_by_hand() {
        // n1 = 100, n2 = 80, m = 20: (101 * 81) / 21 - 1 = 388.571...
        let e = chapman(&two(80, 60, 20)).unwrap();
        assert!((e.estimate - (101.0 * 81.0 / 21.0 - 1.0)).abs() < 1e-9);
        assert_eq!(e.documented, 160);
        assert!(e.lower > 160.0 && e.lower < e.estimate && e.upper > e.estimate);
        // Seber's variance by hand: 101*81*80*60 / (21^2 * 22) = 4048.1...
        let var = 101.0 * 81.0 * 80.0 * 60.0 / (441.0 * 22.0);
        let f0 = e.estimate - 160.0;
        let c = (Z_975 * (1.0 + var / (f0 * f0)).ln().sqrt()).exp();
        assert!((e.upper - (160.0 + f0 * c)).abs() < 1e-9);
    }

    #[test]
    fn chapman_errors() {
        assert_eq!(
            chapman(&two(10, 10, 0)).unwrap_err(),
            EstimateError::NoOverlap
        );
        let one = CaptureHistories::new(vec!["a".into()]).unwrap();
        assert_eq!(
            chapman(&one).unwrap_err(),
            EstimateError::TooFewLists { got: 1 }
        );
        let three = CaptureHistories::new(vec!["a".into(), "b".into(), "c".into()]).unwrap();
        assert!(matches!(
            chapman(&three),
            Err(EstimateError::WrongListCount { .. })
        ));
        // List a has 5 people, all on b too: estimable, degenerate.
        let e = chapman(&two(0, 10, 5)).unwrap();
        assert_eq!(e.estimate, 15.0);
        assert!(e.warnings.iter().any(|w| w.contains("contains the other")));
    }
}
