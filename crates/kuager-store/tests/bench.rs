//! Timings at the sizes the register must handle. Ignored by default (about
//! a minute and a half for both backends); run with
//! `cargo nextest run -p kuager-store --run-ignored only --no-capture bench`.

mod common;

use common::*;
use kuager_domain::{
    DateMention, FigureMention, MentionKey, PartialDate, Person, PlaceKind, PlaceMention,
    Qualifier, ReviewPair, Span,
};
use kuager_store::testing::temp_databases;
use std::time::Instant;

/// 10,000 documents of about 2 KB with 20 person mentions (and a few
/// places, dates and figures) each.
#[tokio::test]
#[ignore]
async fn bench_ingest_10k_documents() {
    let docs: Vec<_> = (0..10_000u64)
        .map(|n| {
            let (doc, mut x) = synthetic_document(n, 20);
            let span = Span::new(0, 3);
            x.places = vec![PlaceMention {
                span,
                text: "Имя".to_string(),
                place_key: "kz-almaty".to_string(),
                name: "Almaty".to_string(),
                kind: PlaceKind::City,
            }];
            x.dates = vec![DateMention {
                span,
                text: "Имя".to_string(),
                date: PartialDate {
                    year: 2022,
                    month: Some(1),
                    day: None,
                },
            }];
            x.figures = vec![FigureMention {
                span,
                text: "Имя".to_string(),
                value: 10_000,
                qualifier: Qualifier::About,
                unit: "people".to_string(),
                event: Some("detained".to_string()),
            }];
            (doc, x)
        })
        .collect();
    let bytes: usize = docs.iter().map(|(d, _)| d.text.len()).sum();
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let t = Instant::now();
        for (doc, x) in &docs {
            store.insert_document(doc, x).await.unwrap();
        }
        eprintln!(
            "{}: ingested {} documents ({} KB of text, {} mentions) in {:.2?}",
            db.backend,
            docs.len(),
            bytes / 1024,
            docs.len() * 20,
            t.elapsed()
        );
        store.close().await;
    }
}

/// 1,000,000 person mentions read back, resolved into 100,000 persons and
/// read back again.
#[tokio::test]
#[ignore]
async fn bench_one_million_mentions() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let t = Instant::now();
        for n in 0..10_000u64 {
            let (doc, x) = synthetic_document(n, 100);
            store.insert_document(&doc, &x).await.unwrap();
        }
        eprintln!("{b}: stored 1,000,000 mentions in {:.2?}", t.elapsed());

        let t = Instant::now();
        let mentions = store.person_mentions().await.unwrap();
        eprintln!(
            "{b}: person_mentions() loaded {} in {:.2?}",
            mentions.len(),
            t.elapsed()
        );
        assert_eq!(mentions.len(), 1_000_000);

        let persons: Vec<Person> = mentions
            .chunks(10)
            .enumerate()
            .map(|(i, group)| Person {
                id: format!("p{i:06}"),
                name: group[0].text.clone(),
                aliases: vec![group[1].text.clone()],
                mentions: group
                    .iter()
                    .map(|m| m.key.clone())
                    .collect::<Vec<MentionKey>>(),
                search_keys: vec![format!("k{}", i % 5000), format!("u{i}"), "common".into()],
            })
            .collect();
        let review: Vec<ReviewPair> = (0..10_000)
            .map(|i| ReviewPair {
                a: format!("p{i:06}"),
                b: format!("p{:06}", i + 1),
                score: 0.5,
                evidence: vec!["similar".to_string()],
            })
            .collect();
        drop(mentions);
        for round in 1..=2 {
            let t = Instant::now();
            store.replace_resolution(&persons, &review).await.unwrap();
            eprintln!(
                "{b}: replace_resolution (round {round}) of {} persons in {:.2?}",
                persons.len(),
                t.elapsed()
            );
        }

        let t = Instant::now();
        let read = store.persons().await.unwrap();
        eprintln!("{b}: persons() read {} in {:.2?}", read.len(), t.elapsed());
        assert_eq!(read.len(), 100_000);

        let t = Instant::now();
        let found = store
            .find_by_keys(&["k42".to_string(), "u42".to_string()])
            .await
            .unwrap();
        eprintln!("{b}: find_by_keys in {:.2?}", t.elapsed());
        assert_eq!(found[0], ("p000042".to_string(), 2));
        store.close().await;
    }
}
