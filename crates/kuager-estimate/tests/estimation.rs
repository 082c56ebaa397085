//! Estimates on simulated populations whose size is known, the dispatch of
//! estimate_all, error cases, and restrict() invariants.

use kuager_estimate::simulate::{standard_scenarios, Scenario, Stratum};
use kuager_estimate::{
    chapman, estimate_all, latent_class, log_linear, CaptureHistories, Criterion, Estimate,
    EstimateError, LatentClassOptions, LogLinearOptions,
};
use proptest::prelude::*;

fn covers(e: &Estimate, truth: f64) {
    assert!(
        e.lower <= truth && truth <= e.upper,
        "{} [{}] {:.0} ({:.0} to {:.0}) misses {truth}",
        e.method,
        e.model,
        e.estimate,
        e.lower,
        e.upper
    );
    assert!(e.lower >= e.documented as f64 && e.lower <= e.estimate && e.estimate <= e.upper);
}

fn fast_lc(seed: u64) -> LatentClassOptions {
    LatentClassOptions {
        burn_in: 500,
        iterations: 2_000,
        thinning: 2,
        seed,
        ..LatentClassOptions::default()
    }
}

#[test]
fn independent_lists_are_covered_by_every_method() {
    let truth = 5_000;
    let sc = Scenario::independent("ind", vec![0.3, 0.25, 0.2, 0.35]);
    let h = sc.simulate(truth, 11).unwrap();
    let ll = log_linear(&h, &LogLinearOptions::default()).unwrap();
    covers(&ll, truth as f64);
    assert!(ll.model.starts_with("[1][2][3][4]"), "{}", ll.model);
    covers(&latent_class(&h, &fast_lc(3)).unwrap(), truth as f64);
    let two = h.restrict(&[0, 1]).unwrap();
    covers(&chapman(&two).unwrap(), truth as f64);
    let five = Scenario::independent("ind5", vec![0.3, 0.25, 0.2, 0.35, 0.3])
        .simulate(truth, 12)
        .unwrap();
    covers(
        &log_linear(&five, &LogLinearOptions::default()).unwrap(),
        truth as f64,
    );
}

#[test]
fn dependence_is_found_and_modelled() {
    let truth = 5_000;
    let sc = &standard_scenarios()[2];
    let h = sc.simulate(truth, 5).unwrap();
    let ll = log_linear(&h, &LogLinearOptions::default()).unwrap();
    assert!(ll.model.contains("[12]"), "{}", ll.model);
    assert!(
        ll.warnings
            .iter()
            .any(|w| w.contains("'list 1' and 'list 2' look positively dependent")),
        "{:?}",
        ll.warnings
    );
    covers(&ll, truth as f64);
    // Chapman on lists 1 and 2 alone assumes they are independent; their
    // positive dependence inflates the overlap, so it must come out too low.
    let two = h.restrict(&[0, 1]).unwrap();
    let c = chapman(&two).unwrap();
    assert!(c.upper < truth as f64, "{c:?}");
    let aic = log_linear(
        &h,
        &LogLinearOptions {
            criterion: Criterion::Aic,
            ..LogLinearOptions::default()
        },
    )
    .unwrap();
    assert!(aic.model.contains("AIC"));
}

#[test]
fn heterogeneity_with_many_lists_is_covered_by_latent_classes() {
    let truth = 5_000;
    let sc = Scenario::heterogeneous(
        "het8",
        vec![
            Stratum {
                share: 0.3,
                probs: vec![0.5; 8],
            },
            Stratum {
                share: 0.7,
                probs: vec![0.12; 8],
            },
        ],
    );
    let h = sc.simulate(truth, 2).unwrap();
    let e = latent_class(&h, &fast_lc(1)).unwrap();
    covers(&e, truth as f64);
    // Independence on five of the lists ignores the hard-to-reach class and
    // must fall short.
    let five = h.restrict(&[0, 1, 2, 3, 4]).unwrap();
    let ind = log_linear(
        &five,
        &LogLinearOptions {
            max_order: Some(1),
            ..LogLinearOptions::default()
        },
    )
    .unwrap();
    assert!(ind.upper < truth as f64, "{ind:?}");
}

#[test]
fn latent_class_is_deterministic_given_the_seed() {
    let h = standard_scenarios()[1].simulate(2_000, 4).unwrap();
    let a = latent_class(&h, &fast_lc(9)).unwrap();
    let b = latent_class(&h, &fast_lc(9)).unwrap();
    assert_eq!(a.estimate, b.estimate);
    assert_eq!(a.upper, b.upper);
    let c = latent_class(&h, &fast_lc(10)).unwrap();
    assert_ne!((a.lower, a.upper), (c.lower, c.upper));
}

#[test]
fn estimate_all_dispatches_by_list_count() {
    let one = CaptureHistories::new(vec!["a".into()]).unwrap();
    let r = estimate_all(&one, 0);
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].as_ref().unwrap_err(),
        &EstimateError::TooFewLists { got: 1 }
    );
    assert_eq!(
        r[0].as_ref().unwrap_err().to_string(),
        "need at least 2 lists to estimate (got 1)"
    );

    let h = standard_scenarios()[0].simulate(2_000, 1).unwrap();
    let r = estimate_all(&h, 0);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].as_ref().unwrap().method, "Chapman");

    let h = standard_scenarios()[1]
        .simulate(2_000, 1)
        .unwrap()
        .restrict(&[0, 1, 2])
        .unwrap();
    let r = estimate_all(&h, 0);
    let methods: Vec<&str> = r
        .iter()
        .map(|e| e.as_ref().unwrap().method.as_str())
        .collect();
    assert_eq!(methods, ["log-linear", "latent-class (LCMCR-style)"]);

    let h6 = Scenario::independent("six", vec![0.3; 6])
        .simulate(1_000, 1)
        .unwrap();
    let r = estimate_all(&h6, 0);
    assert_eq!(r.len(), 2);
    assert!(matches!(
        r[0],
        Err(EstimateError::LogLinearTooManyLists { got: 6 })
    ));
    assert!(r[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("latent-class"));
    assert!(r[1].is_ok());
}

#[test]
fn no_overlap_is_an_error_everywhere() {
    let mut h = CaptureHistories::new(vec!["a".into(), "b".into(), "c".into()]).unwrap();
    h.add(0b001, 10).unwrap();
    h.add(0b010, 10).unwrap();
    h.add(0b100, 10).unwrap();
    for r in estimate_all(&h, 0) {
        let e = r.unwrap_err();
        assert_eq!(e, EstimateError::NoOverlap);
        assert_eq!(
            e.to_string(),
            "no one is on more than one list: the overlap needed to estimate is missing"
        );
    }
    let empty = CaptureHistories::new(vec!["a".into(), "b".into(), "c".into()]).unwrap();
    assert!(estimate_all(&empty, 0)
        .iter()
        .all(|r| matches!(r, Err(EstimateError::NoData))));
}

#[test]
fn few_overlaps_warn() {
    let mut h = CaptureHistories::new(vec!["a".into(), "b".into(), "c".into()]).unwrap();
    h.add(0b001, 40).unwrap();
    h.add(0b010, 30).unwrap();
    h.add(0b100, 50).unwrap();
    h.add(0b011, 2).unwrap();
    h.add(0b101, 1).unwrap();
    for r in estimate_all(&h, 0) {
        let e = r.unwrap();
        assert!(
            e.warnings
                .iter()
                .any(|w| w.starts_with("few overlaps: 3 people on more than one list")),
            "{:?}",
            e.warnings
        );
    }
}

#[test]
fn a_list_copied_from_another_warns() {
    let mut h = CaptureHistories::new(vec!["a".into(), "b".into(), "c".into()]).unwrap();
    h.add(0b001, 40).unwrap();
    h.add(0b011, 30).unwrap(); // everyone on b is on a
    h.add(0b100, 50).unwrap();
    h.add(0b101, 10).unwrap();
    h.add(0b111, 5).unwrap();
    let e = log_linear(&h, &LogLinearOptions::default()).unwrap();
    assert!(
        e.warnings
            .iter()
            .any(|w| w.contains("everyone on list 'b' is also on list 'a'")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn undocumented_is_the_difference() {
    let h = standard_scenarios()[0].simulate(2_000, 3).unwrap();
    let e = chapman(&h).unwrap();
    assert!((e.undocumented() - (e.estimate - h.documented() as f64)).abs() < 1e-9);
    assert!(e.undocumented() > 0.0);
}

fn arb_histories() -> impl Strategy<Value = CaptureHistories> {
    (1usize..=6).prop_flat_map(|k| {
        prop::collection::vec((1u32..(1u32 << k), 1u64..50), 0..20).prop_map(move |cells| {
            let mut h = CaptureHistories::new((0..k).map(|i| format!("L{i}")).collect()).unwrap();
            for (m, c) in cells {
                h.add(m, c).unwrap();
            }
            h
        })
    })
}

proptest! {
    #[test]
    fn restrict_invariants(h in arb_histories(), seed in any::<u64>()) {
        let k = h.lists().len();
        let all: Vec<usize> = (0..k).collect();
        prop_assert_eq!(&h.restrict(&all).unwrap(), &h);
        // A pseudo-random non-empty subset, in a shuffled order.
        let mut keep: Vec<usize> = (0..k).filter(|i| seed >> i & 1 == 1).collect();
        if keep.is_empty() { keep.push((seed as usize) % k); }
        let len = keep.len();
        keep.rotate_left((seed >> 8) as usize % len);
        let r = h.restrict(&keep).unwrap();
        for (t, &i) in keep.iter().enumerate() {
            prop_assert_eq!(r.list_size(t), h.list_size(i));
            prop_assert_eq!(&r.lists()[t], &h.lists()[i]);
        }
        let mask: u32 = keep.iter().map(|&i| 1u32 << i).sum();
        let on_any: u64 = h.cells().filter(|(m, _)| m & mask != 0).map(|(_, c)| c).sum();
        prop_assert_eq!(r.documented(), on_any);
        prop_assert!(r.documented() <= h.documented());
        prop_assert_eq!(r.count(0), 0);
        // Restricting twice is restricting once to the composed index list.
        let inner: Vec<usize> = (0..keep.len()).rev().collect();
        let composed: Vec<usize> = inner.iter().map(|&t| keep[t]).collect();
        prop_assert_eq!(r.restrict(&inner).unwrap(), h.restrict(&composed).unwrap());
    }
}

fn arb_sparse(k_lo: usize, k_hi: usize) -> impl Strategy<Value = CaptureHistories> {
    (k_lo..=k_hi).prop_flat_map(|k| {
        prop::collection::vec(0u64..40, (1usize << k) - 1).prop_map(move |counts| {
            let mut h = CaptureHistories::new((0..k).map(|i| format!("L{i}")).collect()).unwrap();
            for (i, c) in counts.into_iter().enumerate() {
                // Many empty cells: sparse tables are the hard case.
                if c % 3 != 0 {
                    h.add(i as u32 + 1, c).unwrap();
                }
            }
            h
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    // Whatever the table, every method either errors or returns an ordered
    // interval that starts at or above the documented count.
    #[test]
    fn estimates_are_ordered_or_errors(h in arb_sparse(2, 4)) {
        let lc = LatentClassOptions { burn_in: 50, iterations: 200, thinning: 2, ..LatentClassOptions::default() };
        let mut results = vec![log_linear(&h, &LogLinearOptions::default()), latent_class(&h, &lc)];
        if h.lists().len() == 2 {
            results.push(chapman(&h));
        }
        for e in results.into_iter().flatten() {
            let n = e.documented as f64;
            prop_assert!(e.estimate.is_finite());
            prop_assert!(n <= e.lower && e.lower <= e.estimate && e.estimate <= e.upper, "{:?}", e);
            if e.upper.is_infinite() {
                prop_assert!(e.warnings.iter().any(|w| w.contains("no upper bound") || w.contains("unknown")));
            }
        }
    }
}
