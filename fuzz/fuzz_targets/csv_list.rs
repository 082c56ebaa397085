//! The list reader (`kuager_ingest::lists::read_list`) on arbitrary bytes,
//! as CSV and as XLSX: must never panic, and what it returns must keep its
//! documented shape.
//!
//! The first byte picks one of a few column mappings; all the bytes,
//! including it, are the file.
//!
//! Run with `scripts/fuzz.sh` from the repository root (all targets).

#![no_main]

use kuager_ingest::lists::{read_list, ColumnMap, ListRead, DERIVED_ID_PREFIX, MIN_YEAR};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

const MAPS: &[&[&str]] = &[
    &[],
    &["full_name=ФИО"],
    &["notes=Дата", "city=", "event_date=when"],
    &["given=a", "family=b", "patronymic=c", "id="],
];

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

fn check(name: &str, list: &ListRead) {
    let fields: Vec<&str> = list.columns.iter().map(|(f, _)| f.as_str()).collect();
    assert!(
        fields
            .iter()
            .any(|f| matches!(*f, "full_name" | "given_name" | "family_name")),
        "{name}: read without a name column: {:?}",
        list.columns
    );
    let mut ids = HashSet::new();
    let mut last_row = 0;
    for r in &list.records {
        assert!(r.row >= 1 && r.row >= last_row, "rows out of order");
        last_row = r.row;
        assert!(ids.insert(r.record_id.as_str()), "duplicate id {:?}", r.record_id);
        assert!(!r.record_id.is_empty(), "empty record id");
        assert!(
            r.full_name.chars().any(char::is_alphabetic),
            "a name without letters: {:?}",
            r.full_name
        );
        assert_eq!(r.full_name.trim(), r.full_name, "name not trimmed");
        if let Some(y) = r.birth_year {
            assert!((MIN_YEAR..=9999).contains(&y), "birth year {y}");
        }
        for d in [&r.birth_date, &r.event_date].into_iter().flatten() {
            assert!(is_date(d), "not a canonical date: {d:?}");
        }
        if let Some(d) = &r.birth_date {
            assert_eq!(d.get(..4), r.birth_year.map(|y| format!("{y:04}")).as_deref());
        }
        if r.record_id.starts_with(DERIVED_ID_PREFIX) {
            assert_eq!(r.record_id.len(), DERIVED_ID_PREFIX.len() + 16);
        }
    }
    for e in &list.errors {
        assert!(e.row >= 1 && !e.reason.is_empty(), "bad row error {e:?}");
    }
    match list.delimiter {
        Some(d) => assert!([',', ';', '\t', '|'].contains(&d)),
        None => assert_eq!(list.encoding, "XLSX"),
    }
}

fuzz_target!(|data: &[u8]| {
    let entries = MAPS[usize::from(data.first().copied().unwrap_or(0)) % MAPS.len()];
    let map = ColumnMap::parse(entries).expect("the fixed mappings are valid");
    // XLSX is read by calamine, which panics on some damaged workbooks;
    // read_list catches that, but libFuzzer aborts on any panic, caught or
    // not, so only the CSV path (ours) is fuzzed here. A zip archive is
    // read as XLSX whatever the file is called, so those bytes are skipped.
    if data.starts_with(b"PK\x03\x04") {
        return;
    }
    for name in ["list.csv"] {
        match read_list(name, data, &map) {
            Ok(list) => {
                check(name, &list);
                // The same bytes read again give the same list (stable ids).
                if data.len() < 4096 {
                    assert_eq!(read_list(name, data, &map).ok(), Some(list));
                }
            }
            Err(e) => {
                assert_eq!(e.file(), name);
                assert!(e.to_string().starts_with(name));
            }
        }
    }
});
