//! What the web forms decode and check, on arbitrary input: the pure
//! functions of `kuager-case` behind the event, report and recognition
//! forms. They must never panic, and what they accept must read back.
//!
//! The input is text (lossy UTF-8) cut into fields at NUL characters:
//! 0 date, 1 article, 2 legal code, 3 what, 4 when, 5 place key,
//! 6 who, 7 consent, 8 contact, 9 place detail, 10 precision, 11 start,
//! 12 end, 13 place query, 14 timeline ("type date" per line), 15 vocabulary
//! code. Missing fields are empty.
//!
//! Run with `scripts/fuzz.sh` from the repository root (all targets).

#![no_main]

use kuager_case::timeline::{self, TimelineEvent};
use kuager_case::{
    places, CaseDate, Charge, Consent, EventType, LegalCode, ParticipantRole, PersonStatus,
    ReportDraft, SentenceKind, Verification,
};
use libfuzzer_sys::fuzz_target;

const REPORT_FIELDS: &[&str] = &[
    "what",
    "when",
    "place_detail",
    "contact",
    "who",
    "consent",
    "place",
];

fn check_date(input: &str) {
    let Ok(d) = CaseDate::parse(input) else {
        return;
    };
    assert!(d.start <= d.end, "{input:?}: range ends before it starts");
    let text = d.to_input();
    assert_eq!(
        CaseDate::parse(&text),
        Ok(d),
        "{input:?}: canonical form {text:?} reads back differently"
    );
    assert_eq!(
        CaseDate::from_parts(d.precision.code(), &d.start.iso(), &d.end.iso()),
        Ok(d),
        "{input:?}: stored parts read back differently"
    );
    let _ = d.rough_precision();
}

fn check_charge(code: LegalCode, input: &str) {
    let Ok(c) = Charge::parse(code, input) else {
        return;
    };
    assert!((1..=999).contains(&c.article));
    assert!(c.part.is_none_or(|p| (1..=99).contains(&p)));
    assert_eq!(
        Charge::parse(code, &c.article_input()),
        Ok(c),
        "{input:?}: canonical form reads back differently"
    );
    let _ = c.title_message_id();
    assert!(!c.to_string().is_empty());
}

fn check_vocabulary(code: &str) {
    macro_rules! roundtrip {
        ($($t:ty),+) => {$(
            if let Some(v) = <$t>::from_code(code) {
                assert_eq!(v.code(), code);
            }
            for v in <$t>::ALL {
                assert_eq!(<$t>::from_code(v.code()), Some(*v));
            }
        )+};
    }
    roundtrip!(
        EventType,
        Verification,
        ParticipantRole,
        PersonStatus,
        Consent,
        LegalCode,
        SentenceKind
    );
}

fn check_report(f: &[&str]) {
    let place = f[5].trim();
    let draft = ReportDraft {
        what: f[3].to_string(),
        when: f[4].to_string(),
        place_key: (!place.is_empty()).then(|| place.to_string()),
        place_detail: f[9].to_string(),
        who: f[6].to_string(),
        consent: Consent::from_code(f[7]),
        contact: f[8].to_string(),
    };
    for e in draft.validate() {
        assert!(REPORT_FIELDS.contains(&e.field), "unknown field {}", e.field);
        assert!(e.message.starts_with("error-"));
    }
    for name in draft.names() {
        assert!(!name.is_empty() && name.trim() == name);
        assert!(!name.contains(['\n', ';']));
    }
}

fn check_timeline(text: &str) {
    let mut events = Vec::new();
    for (i, line) in text.lines().take(32).enumerate() {
        let (code, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (date, days) = rest.split_once('+').unwrap_or((rest, ""));
        let (Some(event_type), Ok(date)) = (EventType::from_code(code), CaseDate::parse(date))
        else {
            continue;
        };
        events.push(TimelineEvent {
            event_id: i as i64,
            event_type,
            date,
            sentence_kind: SentenceKind::ALL.get(i % 7).copied(),
            arrest_days: days.trim().parse().ok(),
        });
    }
    let steps = timeline::derive(&events);
    for s in &steps {
        assert!(events.iter().any(|e| e.event_id == s.event_id));
    }
    let _ = timeline::current(&steps);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut f: Vec<&str> = text.split('\0').collect();
    f.resize(16, "");

    check_date(f[0]);
    check_date(f[4]);
    let code = LegalCode::ALL[f[2].len() % LegalCode::ALL.len()];
    check_charge(code, f[1]);
    check_report(&f);
    let _ = CaseDate::from_parts(f[10], f[11], f[12]);
    for p in places::find(f[13]) {
        assert_eq!(places::place(p.key), Some(p));
    }
    check_timeline(f[14]);
    check_vocabulary(f[15]);
});
