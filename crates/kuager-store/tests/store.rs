//! Store behaviour, each test run against SQLite and PostgreSQL
//! (see `kuager_store::testing`).

mod common;

use common::*;
use kuager_domain::{Decision, MentionKey, Person, ReviewPair, StoredMention};
use kuager_store::testing::{temp_databases, TempDb};
use kuager_store::{
    Backend, DocumentSummary, InsertOutcome, MentionRecord, PersonRecord, Store, StoreError,
};

async fn open(db: &TempDb) -> Store {
    match db.open().await {
        Ok(store) => store,
        Err(e) => panic!("{}: cannot open {}: {e}", db.backend, db.url),
    }
}

async fn insert_samples(store: &Store) {
    for (doc, extraction) in [kazakh_document(), english_document()] {
        let outcome = store.insert_document(&doc, &extraction).await.unwrap();
        assert_eq!(outcome, InsertOutcome::Inserted);
    }
}

#[tokio::test]
async fn documents_and_extractions_round_trip_exactly() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        assert_eq!(store.backend(), b);
        insert_samples(&store).await;
        let (kk, kk_x) = kazakh_document();
        let (en, en_x) = english_document();

        assert!(store.has_document(&kk.sha256).await.unwrap(), "{b}");
        assert!(!store.has_document(&sha(0xFFFF)).await.unwrap(), "{b}");
        assert_eq!(
            store.document(&kk.sha256).await.unwrap().as_ref(),
            Some(&kk),
            "{b}"
        );
        assert_eq!(
            store.document(&en.sha256).await.unwrap().as_ref(),
            Some(&en),
            "{b}"
        );
        assert_eq!(store.document(&sha(0xFFFF)).await.unwrap(), None, "{b}");

        // Ordered by file name: "astana.md" < "жаңаөзен-2011.txt".
        let summaries = store.documents().await.unwrap();
        assert_eq!(
            summaries,
            vec![
                DocumentSummary {
                    sha256: en.sha256.clone(),
                    file_name: en.file_name.clone(),
                    language: en.language,
                    title: en.title.clone(),
                    format: en.format,
                    chars: en.text.chars().count(),
                    persons: 2,
                    figures: 1,
                },
                DocumentSummary {
                    sha256: kk.sha256.clone(),
                    file_name: kk.file_name.clone(),
                    language: kk.language,
                    title: kk.title.clone(),
                    format: kk.format,
                    chars: kk.text.chars().count(),
                    persons: 3,
                    figures: 2,
                },
            ],
            "{b}"
        );

        // Person mentions: ordered by (sha256, start), names parsed back.
        let mut expected: Vec<StoredMention> = Vec::new();
        for (doc, x) in [(&kk, &kk_x), (&en, &en_x)] {
            for (ordinal, m) in x.persons.iter().enumerate() {
                expected.push(StoredMention {
                    key: key(&doc.sha256, m.span.start),
                    source: doc.file_name.clone(),
                    ordinal,
                    text: m.text.clone(),
                    end: m.span.end,
                    name: m.name.clone(),
                    refers_to: m.refers_to,
                });
            }
        }
        expected.sort_by(|a, c| a.key.cmp(&c.key));
        assert_eq!(store.person_mentions().await.unwrap(), expected, "{b}");

        // The stored offsets are character offsets into the stored text.
        let stored_kk = store.document(&kk.sha256).await.unwrap().unwrap();
        for m in store.person_mentions().await.unwrap() {
            if m.key.sha256 == kk.sha256 {
                let slice: String = stored_kk
                    .text
                    .chars()
                    .skip(m.key.start)
                    .take(m.end - m.key.start)
                    .collect();
                assert_eq!(slice, m.text, "{b}");
            }
        }

        let places = store.places().await.unwrap();
        let mut expected_places: Vec<(String, _)> = en_x
            .places
            .iter()
            .map(|p| (en.file_name.clone(), p.clone()))
            .chain(
                kk_x.places
                    .iter()
                    .map(|p| (kk.file_name.clone(), p.clone())),
            )
            .collect();
        expected_places.sort_by(|a, c| (&a.0, a.1.span.start).cmp(&(&c.0, c.1.span.start)));
        assert_eq!(places, expected_places, "{b}");

        let dates = store.dates().await.unwrap();
        let expected_dates: Vec<(String, _)> = kk_x
            .dates
            .iter()
            .map(|d| (kk.file_name.clone(), d.clone()))
            .collect();
        assert_eq!(dates, expected_dates, "{b}");

        let figures = store.figures().await.unwrap();
        assert_eq!(figures.len(), 3, "{b}");
        assert_eq!(figures[0].source, en.file_name, "{b}");
        assert_eq!(figures[0].sha256, en.sha256, "{b}");
        assert_eq!(figures[0].figure, en_x.figures[0], "{b}");
        assert_eq!(figures[1].figure, kk_x.figures[0], "{b}");
        assert_eq!(figures[2].figure, kk_x.figures[1], "{b}");
        assert_eq!(figures[2].source, kk.file_name, "{b}");

        store.close().await;
    }
}

#[tokio::test]
async fn inserting_the_same_document_again_writes_nothing() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        insert_samples(&store).await;
        let before_docs = store.documents().await.unwrap();
        let before_mentions = store.person_mentions().await.unwrap();
        let before_figures = store.figures().await.unwrap();

        let (kk, mut kk_x) = kazakh_document();
        assert_eq!(
            store.insert_document(&kk, &kk_x).await.unwrap(),
            InsertOutcome::AlreadyPresent,
            "{b}"
        );
        // Even a different extraction is not merged in.
        kk_x.figures.clear();
        kk_x.persons.truncate(1);
        let mut renamed = kk.clone();
        renamed.file_name = "copy.txt".to_string();
        assert_eq!(
            store.insert_document(&renamed, &kk_x).await.unwrap(),
            InsertOutcome::AlreadyPresent,
            "{b}"
        );

        assert_eq!(store.documents().await.unwrap(), before_docs, "{b}");
        assert_eq!(
            store.person_mentions().await.unwrap(),
            before_mentions,
            "{b}"
        );
        assert_eq!(store.figures().await.unwrap(), before_figures, "{b}");
        assert_eq!(store.places().await.unwrap().len(), 3, "{b}");
        assert_eq!(store.dates().await.unwrap().len(), 2, "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn a_failed_insert_leaves_nothing_behind() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        let (doc, good) = kazakh_document();

        // Two mentions with the same start: the document row is written
        // first, then the mention insert fails on the primary key.
        let mut bad = good.clone();
        let mut duplicate = bad.persons[0].clone();
        duplicate.text = "Арон".to_string();
        bad.persons.push(duplicate);
        let err = store.insert_document(&doc, &bad).await.unwrap_err();
        assert!(matches!(err, StoreError::Query { .. }), "{b}: {err}");
        assert!(err.to_string().contains(&doc.sha256), "{b}: {err}");
        assert!(err.is_unique_violation(), "{b}: {err}");

        assert!(!store.has_document(&doc.sha256).await.unwrap(), "{b}");
        assert!(store.documents().await.unwrap().is_empty(), "{b}");
        assert!(store.person_mentions().await.unwrap().is_empty(), "{b}");
        assert!(store.places().await.unwrap().is_empty(), "{b}");

        // A failure late in the transaction (figures come last) too.
        let mut bad = good.clone();
        bad.figures[1].value = u64::MAX;
        let err = store.insert_document(&doc, &bad).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid { .. }), "{b}: {err}");
        assert!(store.documents().await.unwrap().is_empty(), "{b}");
        assert!(store.person_mentions().await.unwrap().is_empty(), "{b}");
        assert!(store.figures().await.unwrap().is_empty(), "{b}");

        // Violating a CHECK constraint (span end before start).
        let mut bad = good.clone();
        bad.places[0].span.end = 0;
        assert!(store.insert_document(&doc, &bad).await.is_err(), "{b}");
        assert!(store.places().await.unwrap().is_empty(), "{b}");

        // The document can still be inserted properly afterwards.
        assert_eq!(
            store.insert_document(&doc, &good).await.unwrap(),
            InsertOutcome::Inserted,
            "{b}"
        );
        assert_eq!(store.person_mentions().await.unwrap().len(), 3, "{b}");
        store.close().await;
    }
}

/// Two persons from the sample documents, and a review pair between them.
fn first_resolution() -> (Vec<Person>, Vec<ReviewPair>) {
    let (kk, kk_x) = kazakh_document();
    let (en, en_x) = english_document();
    let mut atabek = person(
        "p-atabek",
        "Арон Атабек",
        vec![
            key(&kk.sha256, kk_x.persons[1].span.start),
            key(&kk.sha256, kk_x.persons[0].span.start),
        ],
        &["atabek", "aron", "edigeev", "atabek"],
    );
    atabek.aliases = strings(&["Атабек", "Aron Atabek (Edigeev)"]);
    let semenova = person(
        "p-semenova",
        "Elena Semenova",
        vec![
            key(&en.sha256, en_x.persons[0].span.start),
            key(&en.sha256, en_x.persons[1].span.start),
        ],
        &["semenova", "elena"],
    );
    let kozhakhmetov = person(
        "p-kozhakhmetov",
        "Ғалым Әлиұлы Қожахметов",
        vec![key(&kk.sha256, kk_x.persons[2].span.start)],
        &["galym", "kozhakhmetov", "aliuly"],
    );
    let review = vec![
        ReviewPair {
            a: "p-atabek".to_string(),
            b: "p-kozhakhmetov".to_string(),
            score: 0.25,
            evidence: strings(&["разные имена", "same document"]),
        },
        ReviewPair {
            a: "p-atabek".to_string(),
            b: "p-semenova".to_string(),
            score: 0.5,
            evidence: vec![],
        },
    ];
    (vec![atabek, semenova, kozhakhmetov], review)
}

#[tokio::test]
async fn replace_resolution_stores_and_replaces_everything() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        insert_samples(&store).await;
        let (kk, kk_x) = kazakh_document();
        let (en, en_x) = english_document();
        let (persons, review) = first_resolution();
        store.replace_resolution(&persons, &review).await.unwrap();

        // Ordered by name: Latin "Elena" < Cyrillic "Арон" < "Ғалым" (code points).
        let read = store.persons().await.unwrap();
        let ids: Vec<&str> = read.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p-semenova", "p-atabek", "p-kozhakhmetov"], "{b}");
        let atabek = &read[1];
        assert_eq!(
            atabek,
            &PersonRecord {
                id: "p-atabek".to_string(),
                name: "Арон Атабек".to_string(),
                aliases: strings(&["Атабек", "Aron Atabek (Edigeev)"]),
                mentions: vec![
                    MentionRecord {
                        key: key(&kk.sha256, kk_x.persons[0].span.start),
                        source: kk.file_name.clone(),
                        text: kk_x.persons[0].text.clone(),
                        start: kk_x.persons[0].span.start,
                        end: kk_x.persons[0].span.end,
                    },
                    MentionRecord {
                        key: key(&kk.sha256, kk_x.persons[1].span.start),
                        source: kk.file_name.clone(),
                        text: kk_x.persons[1].text.clone(),
                        start: kk_x.persons[1].span.start,
                        end: kk_x.persons[1].span.end,
                    },
                ],
            },
            "{b}"
        );
        assert_eq!(
            store.person("p-atabek").await.unwrap().as_ref(),
            Some(atabek),
            "{b}"
        );
        assert_eq!(store.person("nobody").await.unwrap(), None, "{b}");
        assert_eq!(
            store
                .person_of_mention(&key(&en.sha256, en_x.persons[1].span.start))
                .await
                .unwrap()
                .as_deref(),
            Some("p-semenova"),
            "{b}"
        );
        assert_eq!(
            store
                .person_of_mention(&key(&en.sha256, 9999))
                .await
                .unwrap(),
            None,
            "{b}"
        );

        let pairs = store.review_pairs().await.unwrap();
        assert_eq!(pairs.len(), 2, "{b}");
        assert_eq!(pairs[0].b, "p-semenova", "{b}");
        assert_eq!(pairs[0].score, 0.5, "{b}");
        assert_eq!(pairs[1], review[0], "{b}");

        // Replace: one person with all mentions, no review pairs.
        let all: Vec<MentionKey> = store
            .person_mentions()
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.key)
            .collect();
        let everyone = person("p-all", "Everyone", all.clone(), &["x"]);
        store.replace_resolution(&[everyone], &[]).await.unwrap();
        let read = store.persons().await.unwrap();
        assert_eq!(read.len(), 1, "{b}");
        assert_eq!(read[0].mentions.len(), all.len(), "{b}");
        assert!(store.review_pairs().await.unwrap().is_empty(), "{b}");
        assert!(store.person("p-atabek").await.unwrap().is_none(), "{b}");
        assert!(store
            .find_by_keys(&strings(&["atabek"]))
            .await
            .unwrap()
            .is_empty());
        for k in &all {
            assert_eq!(
                store.person_of_mention(k).await.unwrap().as_deref(),
                Some("p-all"),
                "{b}"
            );
        }

        // Replacing with nothing empties the resolution.
        store.replace_resolution(&[], &[]).await.unwrap();
        assert!(store.persons().await.unwrap().is_empty(), "{b}");
        assert_eq!(store.person_mentions().await.unwrap().len(), 5, "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn a_bad_resolution_is_rejected_and_the_old_one_kept() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        insert_samples(&store).await;
        let (persons, review) = first_resolution();
        store.replace_resolution(&persons, &review).await.unwrap();
        let before = store.persons().await.unwrap();

        // A mention that was never stored.
        let mut bad = persons.clone();
        bad[2].mentions.push(key(&sha(0xA1), 5000));
        let err = store.replace_resolution(&bad, &[]).await.unwrap_err();
        match &err {
            StoreError::MentionNotFound { person, key: k } => {
                assert_eq!(person, "p-kozhakhmetov", "{b}");
                assert_eq!(k, &key(&sha(0xA1), 5000), "{b}");
            }
            other => panic!("{b}: unexpected error {other}"),
        }

        // The same mention in two persons.
        let mut bad = persons.clone();
        let stolen = bad[0].mentions[0].clone();
        bad[1].mentions.push(stolen);
        let err = store.replace_resolution(&bad, &[]).await.unwrap_err();
        assert!(err.is_unique_violation(), "{b}: {err}");

        // A review pair naming a person that is not in the resolution.
        let mut bad_review = review.clone();
        bad_review[0].b = "p-ghost".to_string();
        let err = store
            .replace_resolution(&persons, &bad_review)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::PersonNotFound { missing, .. } if missing == "p-ghost"),
            "{b}: {err}"
        );

        assert_eq!(store.persons().await.unwrap(), before, "{b}");
        assert_eq!(store.review_pairs().await.unwrap().len(), 2, "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn find_by_keys_ranks_by_distinct_keys_matched() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        insert_samples(&store).await;
        let (persons, review) = first_resolution();
        store.replace_resolution(&persons, &review).await.unwrap();

        let found = store
            .find_by_keys(&strings(&["atabek", "aron", "elena", "atabek", "nobody"]))
            .await
            .unwrap();
        assert_eq!(
            found,
            vec![("p-atabek".to_string(), 2), ("p-semenova".to_string(), 1)],
            "{b}"
        );
        // Ties are broken by id.
        let found = store
            .find_by_keys(&strings(&["galym", "elena"]))
            .await
            .unwrap();
        assert_eq!(
            found,
            vec![
                ("p-kozhakhmetov".to_string(), 1),
                ("p-semenova".to_string(), 1)
            ],
            "{b}"
        );
        assert!(store.find_by_keys(&[]).await.unwrap().is_empty(), "{b}");
        assert!(store
            .find_by_keys(&strings(&["ATABEK"]))
            .await
            .unwrap()
            .is_empty());

        // More keys than fit in one statement.
        let mut many: Vec<String> = (0..2500).map(|i| format!("k{i}")).collect();
        many.push("aliuly".to_string());
        let found = store.find_by_keys(&many).await.unwrap();
        assert_eq!(found, vec![("p-kozhakhmetov".to_string(), 1)], "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn decisions_persist_in_order_across_reopen() {
    for db in temp_databases().await {
        let b = db.backend;
        let (kk, kk_x) = kazakh_document();
        let a = key(&kk.sha256, kk_x.persons[0].span.start);
        let c = key(&kk.sha256, kk_x.persons[2].span.start);
        let made = vec![
            Decision::Merge {
                a: a.clone(),
                b: c.clone(),
            },
            Decision::Split { mention: c.clone() },
            Decision::Distinct {
                a: c.clone(),
                b: a.clone(),
            },
            // Decisions may name mentions that are not (or no longer) stored.
            Decision::Split {
                mention: key(&sha(0xDEAD), 7),
            },
        ];
        {
            let store = open(&db).await;
            for d in &made {
                store.add_decision(d).await.unwrap();
            }
            store.close().await;
        }
        let store = open(&db).await;
        assert_eq!(store.decisions().await.unwrap(), made, "{b}");
        let records = store.decision_records().await.unwrap();
        let seqs: Vec<u64> = records.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4], "{b}");
        for r in &records {
            assert_eq!(r.decided_at.len(), 24, "{b}: {}", r.decided_at);
            assert!(r.decided_at.ends_with('Z'), "{b}");
        }
        assert!(records
            .windows(2)
            .all(|w| w[0].decided_at <= w[1].decided_at));

        store
            .add_decision(&Decision::Merge { a: c, b: a })
            .await
            .unwrap();
        assert_eq!(store.decisions().await.unwrap().len(), 5, "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn concurrent_decisions_all_get_distinct_numbers() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let mut tasks = Vec::new();
        for i in 0..12 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .add_decision(&Decision::Split {
                        mention: key(&sha(1), i),
                    })
                    .await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let records = store.decision_records().await.unwrap();
        let seqs: Vec<u64> = records.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, (1..=12).collect::<Vec<u64>>(), "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn reopening_keeps_data_and_does_not_migrate_twice() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        insert_samples(&store).await;
        let (persons, review) = first_resolution();
        store.replace_resolution(&persons, &review).await.unwrap();
        let docs = store.documents().await.unwrap();
        let people = store.persons().await.unwrap();
        store.close().await;

        for _ in 0..3 {
            let store = open(&db).await;
            assert_eq!(store.documents().await.unwrap(), docs, "{b}");
            assert_eq!(store.persons().await.unwrap(), people, "{b}");
            assert_eq!(store.review_pairs().await.unwrap().len(), 2, "{b}");
            store.close().await;
        }
    }
}

#[tokio::test]
async fn batches_larger_than_one_statement() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        // 2,500 mentions in one document: several INSERT statements.
        let (doc, x) = synthetic_document(7, 2500);
        store.insert_document(&doc, &x).await.unwrap();
        let (doc2, x2) = synthetic_document(8, 30);
        store.insert_document(&doc2, &x2).await.unwrap();
        let mentions = store.person_mentions().await.unwrap();
        assert_eq!(mentions.len(), 2530, "{b}");
        assert!(mentions.windows(2).all(|w| w[0].key < w[1].key), "{b}");
        assert_eq!(mentions[2499].ordinal, 2499, "{b}");
        assert_eq!(mentions[2495].refers_to, Some(2494), "{b}");
        assert_eq!(mentions[2499].refers_to, None, "{b}");
        assert_eq!(mentions[2499].name, x.persons[2499].name, "{b}");

        // 2,530 persons of one mention each, three keys each.
        let persons: Vec<Person> = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let k1 = format!("f{}", i % 89);
                let k2 = format!("g{}", i % 97);
                let k3 = format!("u{i}");
                person(
                    &format!("p{i:05}"),
                    &m.text,
                    vec![m.key.clone()],
                    &[&k1, &k2, &k3],
                )
            })
            .collect();
        let review: Vec<ReviewPair> = (0..1500)
            .map(|i| ReviewPair {
                a: format!("p{i:05}"),
                b: format!("p{:05}", i + 1),
                score: f64::from(i % 10) / 10.0,
                evidence: vec![format!("e{i}")],
            })
            .collect();
        store.replace_resolution(&persons, &review).await.unwrap();
        let read = store.persons().await.unwrap();
        assert_eq!(read.len(), 2530, "{b}");
        assert!(read.iter().all(|p| p.mentions.len() == 1), "{b}");
        let mut sorted = read.clone();
        sorted.sort_by(|a, c| (&a.name, &a.id).cmp(&(&c.name, &c.id)));
        assert_eq!(read, sorted, "{b}");
        let pairs = store.review_pairs().await.unwrap();
        assert_eq!(pairs.len(), 1500, "{b}");
        assert!(pairs.windows(2).all(|w| w[0].score >= w[1].score), "{b}");
        let found = store
            .find_by_keys(&strings(&["f3", "g3", "u3"]))
            .await
            .unwrap();
        assert_eq!(found[0], ("p00003".to_string(), 3), "{b}");
        store.close().await;
    }
}

/// `url` with the password of its user-info part replaced by `***`.
fn masked(url: &str) -> String {
    if let (Some(scheme), Some(at)) = (url.find("://"), url.find('@')) {
        if let Some(colon) = url[scheme + 3..at].find(':') {
            return format!("{}:***{}", &url[..scheme + 3 + colon], &url[at..]);
        }
    }
    url.to_string()
}

#[tokio::test]
async fn opening_bad_databases_fails_clearly() {
    for db in temp_databases().await {
        let b = db.backend;
        let bad_url = match b {
            Backend::Sqlite => "sqlite:///nonexistent-dir-kuager/sub/x.db".to_string(),
            Backend::Postgres => {
                let (server, _) = db.url.rsplit_once('/').unwrap();
                format!("{server}/kuager_no_such_database")
            }
        };
        let err = Store::open(&bad_url).await.unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{b}: {err}");
        // "cannot open database URL: cause", the URL's password masked.
        let message = err.to_string();
        let shown = masked(&bad_url);
        assert!(
            message.starts_with(&format!("cannot open database {shown}: ")),
            "{b}: {message}"
        );
    }
    let err = Store::open("mysql://localhost/x").await.unwrap_err();
    assert!(matches!(err, StoreError::UnsupportedUrl { .. }), "{err}");
    let err = Store::open("postgres://u:hunter2@127.0.0.1:1/x")
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[tokio::test]
async fn sqlite_forms_of_url() {
    // In memory: one database shared by every query of the store.
    let store = Store::open("sqlite::memory:").await.unwrap();
    insert_samples(&store).await;
    assert_eq!(store.documents().await.unwrap().len(), 2);
    assert_eq!(store.person_mentions().await.unwrap().len(), 5);
    store.close().await;

    // A bare path, with characters that mean something in URLs.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reg #1?.db");
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    insert_samples(&store).await;
    // WAL mode: the log file sits next to the database while it is open.
    assert!(dir.path().join("reg #1?.db-wal").exists());
    store.close().await;
    assert!(path.exists());
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("other.db").display()
    ))
    .await
    .unwrap();
    assert!(store.documents().await.unwrap().is_empty());
    store.close().await;
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    assert_eq!(store.documents().await.unwrap().len(), 2);
    store.close().await;
}
