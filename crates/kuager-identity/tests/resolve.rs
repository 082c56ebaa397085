//! The resolver on hand-made mentions: merges, keeps apart, obeys human
//! decisions, and is deterministic.

use kuager_domain::{Decision, MentionKey, PersonName, StoredMention};
use kuager_identity::resolve;
use kuager_names::{read_name, OrderHint, Part};

fn mention(
    doc: &str,
    start: usize,
    ordinal: usize,
    text: &str,
    refers_to: Option<usize>,
) -> StoredMention {
    let parts: Vec<Part> = text
        .split_whitespace()
        .map(|w| {
            if w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() == 1 {
                Part::Initial(w.chars().next().unwrap_or('?'))
            } else {
                Part::Word(w.to_string())
            }
        })
        .collect();
    let name: PersonName = read_name(&parts, OrderHint::None).0;
    StoredMention {
        key: MentionKey {
            sha256: format!("{doc:0>64}"),
            start,
        },
        source: format!("{doc}.txt"),
        ordinal,
        text: text.to_string(),
        end: start + text.chars().count(),
        name,
        refers_to,
    }
}

fn corpus() -> Vec<StoredMention> {
    vec![
        mention("a", 0, 0, "Barlyk Mendygaziev", None),
        mention("a", 40, 1, "Bekizhan Mendygaziev", None),
        mention("b", 0, 0, "Bekizhan Mendygaziyev", None),
        mention("c", 0, 0, "Бекижан Мендыгазиев", None),
        mention("c", 30, 1, "Мендыгазиев", Some(0)),
        mention("d", 0, 0, "Mendygaziev", None),
        mention("e", 0, 0, "Aset Abishev", None),
        mention("e", 20, 1, "Kenzhebek Abishev", None),
        mention("f", 0, 0, "Asset Abishev", None),
    ]
}

fn person_of(r: &kuager_identity::Resolution, doc: &str, start: usize) -> String {
    let key = MentionKey {
        sha256: format!("{doc:0>64}"),
        start,
    };
    r.persons
        .iter()
        .find(|p| p.mentions.contains(&key))
        .map(|p| p.id.clone())
        .expect("every mention has a person")
}

#[test]
fn brothers_apart_spellings_together() {
    let r = resolve(&corpus(), &[]);
    assert_eq!(person_of(&r, "a", 40), person_of(&r, "b", 0));
    assert_eq!(person_of(&r, "b", 0), person_of(&r, "c", 0));
    assert_eq!(person_of(&r, "c", 0), person_of(&r, "c", 30));
    assert_ne!(person_of(&r, "a", 0), person_of(&r, "a", 40));
    assert_eq!(person_of(&r, "e", 0), person_of(&r, "f", 0));
    assert_ne!(person_of(&r, "e", 0), person_of(&r, "e", 20));
    // A bare surname in another document is not guessed but queued.
    let lone = person_of(&r, "d", 0);
    assert_ne!(lone, person_of(&r, "a", 0));
    assert_ne!(lone, person_of(&r, "a", 40));
    assert!(r.review.iter().any(|p| p.a == lone || p.b == lone));
}

#[test]
fn human_decisions_win_and_persist() {
    let m = corpus();
    let key = |doc: &str, start: usize| MentionKey {
        sha256: format!("{doc:0>64}"),
        start,
    };
    let decisions = vec![
        Decision::Merge {
            a: key("d", 0),
            b: key("a", 0),
        },
        Decision::Distinct {
            a: key("f", 0),
            b: key("e", 0),
        },
        Decision::Split {
            mention: key("c", 30),
        },
    ];
    let r = resolve(&m, &decisions);
    assert_eq!(person_of(&r, "d", 0), person_of(&r, "a", 0));
    assert_ne!(person_of(&r, "f", 0), person_of(&r, "e", 0));
    assert_ne!(person_of(&r, "c", 30), person_of(&r, "c", 0));
    // Decided pairs are not queued again.
    let (d, a) = (person_of(&r, "d", 0), person_of(&r, "a", 0));
    assert!(!r
        .review
        .iter()
        .any(|p| (p.a == d && p.b == a) || (p.a == a && p.b == d)));
    // A later decision about the same pair replaces the earlier one.
    let mut later = decisions.clone();
    later.push(Decision::Merge {
        a: key("f", 0),
        b: key("e", 0),
    });
    let r2 = resolve(&m, &later);
    assert_eq!(person_of(&r2, "f", 0), person_of(&r2, "e", 0));
}

#[test]
fn deterministic_whatever_the_input_order() {
    let m = corpus();
    let r1 = resolve(&m, &[]);
    let mut reversed = m.clone();
    reversed.reverse();
    let r2 = resolve(&reversed, &[]);
    let ids = |r: &kuager_identity::Resolution| {
        let mut v: Vec<(String, Vec<MentionKey>)> = r
            .persons
            .iter()
            .map(|p| (p.id.clone(), p.mentions.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&r1), ids(&r2));
    assert_eq!(
        r1.persons.iter().map(|p| &p.name).collect::<Vec<_>>(),
        r2.persons.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn ids_survive_new_documents_that_sort_first() {
    let before = corpus();
    let mut r1 = resolve(&before, &[]);
    kuager_identity::keep_ids(&mut r1, &[]);
    let bekizhan = person_of(&r1, "b", 0);
    // A new document whose hash sorts before every other names Bekizhan:
    // the content-derived id would change, the kept id does not.
    let mut after = before.clone();
    after.push(mention("0", 0, 0, "Bekizhan Mendygaziev", None));
    let previous: Vec<(String, MentionKey)> = r1
        .persons
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                p.mentions.iter().min().cloned().expect("mentions"),
            )
        })
        .collect();
    let fresh = resolve(&after, &[]);
    assert_ne!(
        person_of(&fresh, "b", 0),
        bekizhan,
        "the new anchor changes the derived id"
    );
    let mut kept = resolve(&after, &[]);
    kuager_identity::keep_ids(&mut kept, &previous);
    assert_eq!(person_of(&kept, "b", 0), bekizhan);
    assert_eq!(person_of(&kept, "0", 0), bekizhan);
    // Everyone else keeps their id too, and ids stay unique.
    for p in &r1.persons {
        let anchor = p.mentions.iter().min().unwrap();
        assert_eq!(
            person_of(&kept, anchor.sha256.trim_start_matches('0'), anchor.start),
            p.id
        );
    }
    let mut ids: Vec<&String> = kept.persons.iter().map(|p| &p.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), kept.persons.len());
}
