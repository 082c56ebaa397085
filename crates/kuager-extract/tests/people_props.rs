//! Property test: the person extractor never panics and its spans always
//! slice the text exactly, on arbitrary (mixed-script) text.

use kuager_domain::Language;
use proptest::prelude::*;

proptest! {
    #[test]
    fn spans_slice_the_text(text in "(\\PC|[A-ZА-Я][a-zа-яәғқ]{1,8}|\\. |\\(|\\)|'s|\n|[0-9]{1,3}\\. ){0,60}") {
        let chars: Vec<char> = text.chars().collect();
        for lang in [Language::En, Language::Ru, Language::Kk] {
            let mentions = kuager_extract::people::extract(&text, lang);
            let mut last_end = 0;
            for (i, m) in mentions.iter().enumerate() {
                prop_assert!(m.span.start < m.span.end && m.span.end <= chars.len());
                prop_assert!(m.span.start >= last_end, "mentions overlap or go backwards");
                last_end = m.span.end;
                let slice: String = chars[m.span.start..m.span.end].iter().collect();
                prop_assert_eq!(&slice, &m.text);
                if let Some(r) = m.refers_to {
                    prop_assert!(r < i, "a mention refers forward");
                }
            }
        }
    }
}
