//! Property tests: the name reader and comparison never panic on any
//! input, keys are deterministic, and comparison is symmetric.

use kuager_names::{compare, key, read_name, NameSig, OrderHint, Part};
use proptest::prelude::*;

fn sig_of(words: &[String]) -> NameSig {
    let parts: Vec<Part> = words.iter().cloned().map(Part::Word).collect();
    NameSig::from_name(&read_name(&parts, OrderHint::None).0)
}

/// Name-like words: Latin, Cyrillic and Kazakh letters, apostrophes and
/// hyphens, sometimes capitalised.
fn word() -> impl Strategy<Value = String> {
    prop::string::string_regex("[A-ZА-ЯӘҒҚҢӨҰҮҺІ]?[a-zа-яәғқңөұүһіёñğşūıäöü'-]{0,12}")
        .expect("valid regex")
}

proptest! {
    #[test]
    fn keys_never_panic_and_are_ascii_or_other_script(s in "\\PC{0,30}") {
        let k = key(&s);
        prop_assert_eq!(k.clone(), key(&s));
    }

    #[test]
    fn comparison_is_symmetric(a in prop::collection::vec(word(), 0..4), b in prop::collection::vec(word(), 0..4)) {
        let (sa, sb) = (sig_of(&a), sig_of(&b));
        let ab = compare(&sa, &sb);
        let ba = compare(&sb, &sa);
        prop_assert_eq!(ab.incompatible, ba.incompatible);
        prop_assert!((ab.score - ba.score).abs() < 1e-9, "{:?} vs {:?}", ab, ba);
        prop_assert!((0.0..=1.0).contains(&ab.score));
    }

    #[test]
    fn nominative_never_panics(words in prop::collection::vec("\\PC{0,15}", 0..5)) {
        let out = kuager_names::nominative(&words);
        prop_assert_eq!(out.len(), words.len());
    }
}
