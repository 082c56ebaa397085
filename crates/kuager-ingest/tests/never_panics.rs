//! Property tests: the decoders never panic, whatever they are given.

use kuager_domain::DocumentFormat;
use kuager_ingest::{decode_text, derive_title, detect_language, html_to_text, pdf_to_text};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok((text, encoding)) = decode_text(&bytes) {
            prop_assert!(!text.contains('\r'));
            prop_assert!(!text.is_empty());
            prop_assert!(!encoding.is_empty());
        }
    }

    #[test]
    fn decode_text_never_panics_on_high_bytes(
        bytes in proptest::collection::vec(prop_oneof![0x80u8..=0xFF, 0x20u8..0x7F, Just(b'\n')], 0..512)
    ) {
        let _ = decode_text(&bytes);
    }

    #[test]
    fn valid_utf8_decodes_to_itself(text in "([\n\t]|[^\\p{Cc}\u{feff}]){1,200}") {
        let (decoded, encoding) = decode_text(text.as_bytes()).unwrap();
        prop_assert_eq!(decoded, text);
        prop_assert_eq!(encoding, "UTF-8");
    }

    #[test]
    fn html_to_text_never_panics(html in any::<String>()) {
        let (text, title) = html_to_text(&html);
        prop_assert!(!text.contains("\n\n\n"));
        prop_assert!(!text.starts_with(char::is_whitespace));
        prop_assert!(!text.ends_with(char::is_whitespace));
        if let Some(title) = title {
            prop_assert!(!title.is_empty());
        }
    }

    #[test]
    fn html_to_text_never_panics_on_tag_soup(
        html in r"(<(/?)(p|div|b|i|table|tr|td|pre|script|style|title|h1|br|li|svg|template|!--)( [a-z]+=.?[a-z]*.?)?>?|[a-zа-яә &;#0-9\n]{0,12}|&[a-z]{0,6};?){0,60}"
    ) {
        let (text, _) = html_to_text(&html);
        prop_assert!(!text.contains("\n\n\n"));
    }

    #[test]
    fn pdf_to_text_never_panics(
        tail in proptest::collection::vec(any::<u8>(), 0..512)
    ) {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend_from_slice(&tail);
        let _ = pdf_to_text(&bytes);
    }

    #[test]
    fn title_and_language_never_panic(text in any::<String>()) {
        let _ = detect_language(&text);
        for format in [DocumentFormat::Text, DocumentFormat::Markdown, DocumentFormat::Html, DocumentFormat::Pdf] {
            let title = derive_title(&text, format, Some(&text));
            prop_assert!(title.chars().count() <= 120);
        }
    }
}
