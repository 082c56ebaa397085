//! Decoding and HTML reduction on arbitrary bytes: must never panic, and
//! what they return must keep its documented shape.
//!
//! Run with `scripts/fuzz.sh` from the repository root (all targets).

#![no_main]

use libfuzzer_sys::fuzz_target;

/// Every name `decode_text` may return.
const ENCODINGS: &[&str] = &[
    "UTF-8",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1251",
    "KOI8-R",
    "KOI8-U",
    "windows-1252",
];

fuzz_target!(|data: &[u8]| {
    if let Ok((text, encoding)) = kuager_ingest::decode_text(data) {
        assert!(!text.is_empty(), "decode_text returned empty text");
        assert!(!text.contains('\r'), "line endings not normalised");
        assert!(
            ENCODINGS.contains(&encoding),
            "unexpected encoding {encoding}"
        );

        let (visible, title) = kuager_ingest::html_to_text(&text);
        assert!(
            !visible.contains("\n\n\n"),
            "more than one blank line in a row"
        );
        if let Some(title) = title {
            assert!(!title.is_empty(), "empty title");
        }
    }
    // html_to_text also gets the raw bytes, however they decode.
    let lossy = String::from_utf8_lossy(data);
    let _ = kuager_ingest::html_to_text(&lossy);
});
