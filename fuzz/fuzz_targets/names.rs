//! The name reader and the person extractor on arbitrary text: must never
//! panic, and every span must slice the text exactly.
//!
//! Run with `scripts/fuzz.sh` from the repository root (all targets).

#![no_main]

use kuager_domain::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for lang in [Language::En, Language::Ru, Language::Kk] {
        let chars: Vec<char> = text.chars().collect();
        for m in kuager_extract::people::extract(&text, lang) {
            assert!(m.span.start < m.span.end && m.span.end <= chars.len());
            let slice: String = chars[m.span.start..m.span.end].iter().collect();
            assert_eq!(slice, m.text);
        }
    }
    let words: Vec<String> = text.split_whitespace().map(String::from).collect();
    let _ = kuager_names::nominative(&words);
    let parts: Vec<kuager_names::Part> = words.into_iter().map(kuager_names::Part::Word).collect();
    let (name, _) = kuager_names::read_name(&parts, kuager_names::OrderHint::None);
    let sig = kuager_names::NameSig::from_name(&name);
    let _ = kuager_names::compare(&sig, &sig);
    for w in text.split_whitespace() {
        let _ = kuager_names::key(w);
    }
});
