//! The register's use cases on SQLite and PostgreSQL
//! (see `kuager_store::testing`).

use kuager_register::{
    add_person_record, decide, ingest, ingest_bytes, person, search, search_limited, Batch,
    FileStatus, IngestEvent, IngestOptions, RegisterError,
};
use kuager_store::testing::{temp_databases, TempDb};
use kuager_store::Store;

const STATEMENT: &str = "Statement of 12 March 2022.\n\n\
Bekizhan Mendygaziyev was detained in Zhanaozen on 5 January 2022. \
His brother Barlyk Mendygaziyev was questioned the next day. \
Aset Abishev, a lawyer, was refused access to Bekizhan Mendygaziyev.\n";

/// Two brothers, each named once.
const BROTHERS: &str = "Bekizhan Mendygaziyev was detained on 5 January 2022. \
His brother Barlyk Mendygaziyev was questioned the next day.";

async fn open(db: &TempDb) -> Store {
    db.open()
        .await
        .unwrap_or_else(|e| panic!("{}: cannot open {}: {e}", db.backend, db.url))
}

/// The person one mention text in a stored document belongs to.
async fn person_named(store: &Store, text: &str, source: &str) -> String {
    store
        .persons()
        .await
        .unwrap()
        .into_iter()
        .find(|p| {
            p.mentions
                .iter()
                .any(|m| m.text == text && m.source == source)
        })
        .unwrap_or_else(|| panic!("nobody mentioned as {text:?} in {source}"))
        .id
}

#[tokio::test]
async fn a_record_in_cyrillic_joins_the_man_the_documents_name() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let options = IngestOptions::default();
        let stored = ingest_bytes(&store, "statement.txt", STATEMENT.as_bytes(), &options)
            .await
            .unwrap();
        assert_eq!(stored.status, FileStatus::Ingested, "{b}");
        assert_eq!(stored.path, "statement.txt");
        assert!(stored.persons >= 4, "{b}: {stored:?}");
        let bekizhan = person_named(&store, "Bekizhan Mendygaziyev", "statement.txt").await;
        let barlyk = person_named(&store, "Barlyk Mendygaziyev", "statement.txt").await;
        assert_ne!(bekizhan, barlyk, "{b}");

        let recorded = add_person_record(&store, "Бекижан Мендыгазиев", None)
            .await
            .unwrap();
        assert_eq!(recorded, bekizhan, "{b}: the record joins the same man");
        let record = person(&store, &recorded).await.unwrap();
        let source = record
            .mentions
            .iter()
            .find(|m| m.text == "Бекижан Мендыгазиев")
            .expect("the record is one of his mentions")
            .source
            .clone();
        assert!(source.starts_with("record:"), "{b}: {source}");
        let doc = store
            .document(
                &record
                    .mentions
                    .iter()
                    .find(|m| m.source == source)
                    .unwrap()
                    .key
                    .sha256,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(doc.title, "Person record");
        assert_eq!(doc.text, "Бекижан Мендыгазиев");
        assert_eq!(doc.language, kuager_domain::Language::Ru);

        // The same name again is the same record.
        let again = add_person_record(&store, " Бекижан Мендыгазиев ", None)
            .await
            .unwrap();
        assert_eq!(again, bekizhan, "{b}");
        assert_eq!(store.documents().await.unwrap().len(), 2, "{b}");

        // Search finds him (and his brother) in either script.
        let hits = search(&store, "Мендыгазиев").await.unwrap();
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert!(ids.contains(&bekizhan.as_str()), "{b}: {hits:?}");
        assert!(ids.contains(&barlyk.as_str()), "{b}: {hits:?}");
        // Bekizhan is named more often: he comes first.
        assert_eq!(hits[0].id, bekizhan, "{b}: {hits:?}");
        assert_eq!(hits[0].mentions, record.mentions.len());
        let first = search_limited(&store, "Мендыгазиев", 1).await.unwrap();
        assert_eq!(first, hits[..1], "{b}");

        // Not names.
        for bad in ["", "   ", "1990 — 2022"] {
            let e = add_person_record(&store, bad, None).await.unwrap_err();
            assert!(matches!(e, RegisterError::NotAName { .. }), "{b}: {e}");
        }
        assert!(matches!(
            search(&store, "12 - 3").await.unwrap_err(),
            RegisterError::EmptyQuery { .. }
        ));
        store.close().await;
    }
}

#[tokio::test]
async fn a_record_of_a_new_name_is_a_new_person() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let id = add_person_record(&store, "Ғалым Әлиұлы Қожахметов", None)
            .await
            .unwrap();
        let p = person(&store, &id).await.unwrap();
        assert_eq!(p.mentions.len(), 1, "{}", db.backend);
        let hits = search(&store, "Kozhakhmetov").await.unwrap();
        assert_eq!(hits.len(), 1, "{}: {hits:?}", db.backend);
        assert_eq!(hits[0].id, id);
        store.close().await;
    }
}

#[tokio::test]
async fn merge_and_distinct_round_trip() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let options = IngestOptions::default();
        ingest_bytes(&store, "brothers.txt", BROTHERS.as_bytes(), &options)
            .await
            .unwrap();
        let bekizhan = person_named(&store, "Bekizhan Mendygaziyev", "brothers.txt").await;
        let barlyk = person_named(&store, "Barlyk Mendygaziyev", "brothers.txt").await;
        let before = store.persons().await.unwrap().len();

        let merged = decide(&store, &bekizhan, &barlyk, true).await.unwrap();
        assert_eq!(merged.persons, before - 1, "{b}");
        assert_eq!(merged.persons, store.persons().await.unwrap().len());
        let one = person_named(&store, "Bekizhan Mendygaziyev", "brothers.txt").await;
        assert_eq!(
            one,
            person_named(&store, "Barlyk Mendygaziyev", "brothers.txt").await,
            "{b}: merged"
        );

        let e = decide(&store, &one, &one, false).await.unwrap_err();
        assert!(matches!(e, RegisterError::SamePerson { .. }), "{b}: {e}");
        let e = decide(&store, &one, "p-nobody", false).await.unwrap_err();
        assert_eq!(e.to_string(), "no person with id \"p-nobody\"");

        // Distinct needs two people: split Barlyk's mention off first,
        // then keep the two apart for good.
        let doc = store.documents().await.unwrap().remove(0);
        let text = store.document(&doc.sha256).await.unwrap().unwrap().text;
        let byte = text.find("Barlyk Mendygaziyev").unwrap();
        let start = text[..byte].chars().count();
        let split = kuager_register::split(&store, &[format!("brothers.txt:{start}")])
            .await
            .unwrap();
        assert_eq!(split.persons, before, "{b}");
        let bekizhan = person_named(&store, "Bekizhan Mendygaziyev", "brothers.txt").await;
        let barlyk = person_named(&store, "Barlyk Mendygaziyev", "brothers.txt").await;
        assert_ne!(bekizhan, barlyk, "{b}: split");
        let apart = decide(&store, &bekizhan, &barlyk, false).await.unwrap();
        assert_eq!(apart.persons, before, "{b}");
        assert_ne!(
            person_named(&store, "Bekizhan Mendygaziyev", "brothers.txt").await,
            person_named(&store, "Barlyk Mendygaziyev", "brothers.txt").await,
            "{b}: kept apart"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn bad_uploads_name_the_file_and_store_nothing() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let small = IngestOptions { max_bytes: 16 };
        let too_big = format!(
            "big.txt: file is {} bytes, over the 16-byte limit",
            STATEMENT.len()
        );
        let cases: [(&str, &[u8], &IngestOptions, &str); 4] = [
            (
                "empty.txt",
                b"",
                &IngestOptions::default(),
                "empty.txt: empty file",
            ),
            ("big.txt", STATEMENT.as_bytes(), &small, &too_big),
            (
                "blank.md",
                b"  \n\n ",
                &IngestOptions::default(),
                "blank.md: empty file",
            ),
            (
                "scan.docx",
                b"PK\x03\x04",
                &IngestOptions::default(),
                "scan.docx: unsupported file type '.docx'",
            ),
        ];
        for (name, bytes, options, message) in cases {
            let e = ingest_bytes(&store, name, bytes, options)
                .await
                .unwrap_err();
            assert!(matches!(e, RegisterError::Document(_)), "{b}: {e:?}");
            assert!(e.to_string().starts_with(message), "{b}: {e}");
        }
        assert!(store.documents().await.unwrap().is_empty(), "{b}");
        assert!(store.persons().await.unwrap().is_empty(), "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn files_from_disk_are_reported_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("a.txt"), STATEMENT).unwrap();
    std::fs::write(dir.join("b.txt"), "").unwrap();
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let mut events = Vec::new();
        let batch = Batch::collect(&[dir.clone(), dir.join("missing.txt")]);
        assert_eq!(batch.files.len(), 2);
        assert_eq!(batch.failed.len(), 1);
        let summary = ingest(&store, batch, &IngestOptions::default(), |e| {
            events.push(match e {
                IngestEvent::Stored(r) => format!("stored {}", r.status.as_str()),
                IngestEvent::Failed(f) => format!("failed {}", f.error),
                IngestEvent::FilesDone => "done".to_string(),
            })
        })
        .await
        .unwrap();
        let b_txt = dir.join("b.txt").display().to_string();
        assert_eq!(
            events,
            [
                "stored ingested".to_string(),
                format!("failed {b_txt}: empty file"),
                "done".to_string()
            ],
            "{b}"
        );
        assert_eq!(
            (summary.files, summary.ingested, summary.unchanged),
            (2, 1, 0)
        );
        assert_eq!(summary.failed.len(), 2, "{b}");
        assert!(summary.failed[0].error.contains("missing.txt"));
        assert_eq!(summary.persons, store.persons().await.unwrap().len());
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["documents"][0]["status"], "ingested");

        // Again: nothing changes.
        let again = ingest(
            &store,
            Batch::of_files(vec![dir.join("a.txt")]),
            &IngestOptions::default(),
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!((again.ingested, again.unchanged), (0, 1), "{b}");
        assert_eq!(again.persons, summary.persons, "{b}");
        let bytes = ingest_bytes(
            &store,
            "copy.txt",
            STATEMENT.as_bytes(),
            &IngestOptions::default(),
        )
        .await
        .unwrap();
        assert_eq!(bytes.status, FileStatus::Unchanged, "{b}");
        store.close().await;
    }
}
