//! External lists, link decisions and linkage runs, on both backends:
//! stored whole or not at all, re-imports idempotent, every change in the
//! verifiable log.

use kuager_store::lists::{LinkAssignment, LinkReviewRow, LinkRun, ListImport, ListRow, NewList};
use kuager_store::testing::temp_databases;
use kuager_store::{Backend, StoreError};
use sqlx::Connection;

fn list(name: &str, sha: &str) -> NewList {
    NewList {
        name: name.into(),
        compiled_by: "Правозащитный центр".into(),
        as_of: Some("2022-02-01".into()),
        event_type: Some("detention".into()),
        file_name: format!("{name}.csv"),
        file_sha256: sha.into(),
        encoding: "UTF-8".into(),
        columns: vec![("full_name".into(), "ФИО".into())],
    }
}

fn row(id: &str, name: &str, n: i64) -> ListRow {
    ListRow {
        record_id: id.into(),
        row_number: n,
        full_name: name.into(),
        birth_year: Some(1990),
        city: Some("Алматы".into()),
        event_date: Some("2022-01-05".into()),
        ..ListRow::default()
    }
}

/// Runs SQL outside the store (to tamper with what it wrote).
async fn raw_sql(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper");
    conn.close().await.expect("close");
}

async fn index_exists(backend: Backend, url: &str, name: &str) -> bool {
    let catalogue = match backend {
        Backend::Sqlite => "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $1",
        Backend::Postgres => "SELECT count(*) FROM pg_indexes WHERE indexname = $1",
    };
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let n: i64 = sqlx::query_scalar(catalogue)
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .expect("the index catalogue");
    conn.close().await.expect("close");
    n == 1
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_are_imported_whole_and_logged() {
    for db in temp_databases().await {
        let store = db.open().await.expect("open");
        let b = store.backend();
        let rows = vec![
            row("1", "Асанали Суюбаев", 2),
            row("2", "Айгерим Суюбаева", 3),
        ];
        let first = store
            .import_list(None, &list("official", "aa11"), &rows, false)
            .await
            .expect("import");
        assert!(
            matches!(first, ListImport::Imported { records: 2, .. }),
            "{b}"
        );
        let again = store
            .import_list(None, &list("official", "aa11"), &rows, false)
            .await
            .expect("re-import");
        assert!(matches!(again, ListImport::Unchanged { .. }), "{b}");

        // A duplicate record id refuses the whole list; nothing is written.
        let doubled = vec![row("7", "Ерлан Т.", 2), row("7", "Марат К.", 9)];
        let err = store
            .import_list(None, &list("media", "bb22"), &doubled, false)
            .await
            .expect_err("duplicate ids");
        assert!(err.to_string().contains("row 9"), "{b}: {err}");
        assert_eq!(store.lists().await.expect("lists").len(), 1, "{b}");

        // Another file under the same name: refused, then replaced.
        let newer = vec![row("1", "Асанали Нурланович Суюбаев", 2)];
        let err = store
            .import_list(None, &list("official", "cc33"), &newer, false)
            .await
            .expect_err("other file");
        assert!(matches!(err, StoreError::Invalid { .. }), "{b}");
        assert!(err.to_string().contains("--replace"), "{b}: {err}");
        let replaced = store
            .import_list(None, &list("official", "cc33"), &newer, true)
            .await
            .expect("replace");
        assert!(
            matches!(replaced, ListImport::Replaced { records: 1, .. }),
            "{b}"
        );
        let all = store.all_list_records().await.expect("records");
        assert_eq!(all.len(), 1, "{b}");
        assert_eq!(all[0].1.full_name, "Асанали Нурланович Суюбаев");
        assert_eq!(
            all[0].1.event_type.as_deref(),
            Some("detention"),
            "{b}: the list's event type"
        );

        // Decisions name existing records only.
        assert!(store
            .add_link_decision(None, ("official", "1"), ("official", "404"), false)
            .await
            .is_err());
        store
            .import_list(
                None,
                &list("ngo", "dd44"),
                &[row("n1", "Асанәлі Суюбаев", 2)],
                false,
            )
            .await
            .expect("second list");
        let seq = store
            .add_link_decision(None, ("official", "1"), ("ngo", "n1"), true)
            .await
            .expect("decision");
        let decisions = store.link_decisions().await.expect("decisions");
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].seq, seq);
        assert!(decisions[0].same);

        // A linkage run replaces the previous one.
        let assign = |person: &str| {
            vec![
                LinkAssignment {
                    list: "official".into(),
                    record_id: "1".into(),
                    person: person.into(),
                },
                LinkAssignment {
                    list: "ngo".into(),
                    record_id: "n1".into(),
                    person: person.into(),
                },
            ]
        };
        // Values of every kind the linkage's digest encodes: a refusal and
        // none, a probability with all its digits, text in Cyrillic.
        let review = vec![
            LinkReviewRow {
                id: 1,
                a: ("official".into(), "1".into()),
                b: ("ngo".into(), "n1".into()),
                probability: 0.612_345_678_901_234_5,
                evidence: r#"[{"field":"family","level":1,"weight":12.5}]"#.into(),
                refused: None,
            },
            LinkReviewRow {
                id: 2,
                a: ("ngo".into(), "n1".into()),
                b: ("official".into(), "1".into()),
                probability: 1.0,
                evidence: "[\"Мендығазиев\"]".into(),
                refused: Some("разные отчества".into()),
            },
        ];
        let run = LinkRun {
            id: 0,
            at: String::new(),
            records: 2,
            clusters: 1,
            review_pairs: 1,
            parameters: "{}".into(),
        };
        store
            .replace_linkage(None, &assign("x1"), &review, &run)
            .await
            .expect("first run");
        // The digest logged with the run, computed from the rows in memory,
        // is the one verification computes from the stored rows.
        let report = store.verify_log().await.expect("verify");
        assert!(report.is_ok(), "{b}: {:?}", report.problems);
        store
            .replace_linkage(None, &assign("x2"), &[], &run)
            .await
            .expect("second run");
        let linkage = store.linkage().await.expect("linkage");
        assert_eq!(linkage.len(), 2, "{b}");
        assert!(linkage.iter().all(|a| a.person == "x2"), "{b}");
        assert!(store.link_review(10).await.expect("review").is_empty());
        assert_eq!(
            store.last_link_run().await.expect("run").map(|r| r.records),
            Some(2)
        );

        let report = store.verify_log().await.expect("verify");
        assert!(report.is_ok(), "{b}: {:?}", report.problems);
        store.close().await;
        // Storing drops the index by person and builds it again.
        assert!(
            index_exists(b, &db.url, "link_clusters_by_person").await,
            "{b}"
        );

        // A list record or a record's person edited behind Kuager's back
        // is found.
        raw_sql(
            &db.url,
            "UPDATE list_records SET full_name = 'forged' WHERE record_id = 'n1'",
        )
        .await;
        raw_sql(
            &db.url,
            "UPDATE link_clusters SET person = 'x3' WHERE record_id = 'n1'",
        )
        .await;
        let store = db.open().await.expect("reopen");
        let report = store.verify_log().await.expect("verify");
        for table in ["lists", "linkage"] {
            assert!(
                report.problems.iter().any(|p| p.table == table),
                "{b} {table}: {:?}",
                report.problems
            );
        }
        store.close().await;
    }
}

/// Linkage reads every record, by list and record id, with the list's
/// event type where a record gives none: from the embedded file directly
/// (without sqlx) and through the pool on PostgreSQL, to the same result.
#[tokio::test(flavor = "multi_thread")]
async fn linkage_reads_every_record_in_order_with_the_list_s_event_type() {
    for db in temp_databases().await {
        let store = db.open().await.expect("open");
        let b = store.backend();
        let mut own = row("b2", "Ерлан Мендығазиев", 4);
        own.event_type = Some("arrest".into());
        own.given = Some("Ерлан".into());
        own.patronymic = None;
        let later = vec![
            row("z9", "Айгүл Уәлиханова", 2),
            own,
            row("a1", "Jüsıp Ermekov", 3),
        ];
        let mut no_type = list("media", "cc33");
        no_type.event_type = None;
        store
            .import_list(None, &list("official", "aa11"), &later, false)
            .await
            .expect("import official");
        store
            .import_list(None, &no_type, &[row("m1", "Т. Тоқаев", 2)], false)
            .await
            .expect("import media");
        let read = store.linkage_records().await.expect("read");
        let keys: Vec<(&str, &str, Option<&str>)> = read
            .iter()
            .map(|(l, r)| (l.as_str(), r.record_id.as_str(), r.event_type.as_deref()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("official", "a1", Some("detention")),
                ("official", "b2", Some("arrest")),
                ("official", "z9", Some("detention")),
                ("media", "m1", None),
            ],
            "{b}"
        );
        let b2 = &read[1].1;
        assert_eq!(b2.full_name, "Ерлан Мендығазиев", "{b}");
        assert_eq!(b2.given.as_deref(), Some("Ерлан"), "{b}");
        assert_eq!(b2.birth_year, Some(1990), "{b}");
        assert_eq!(b2.city.as_deref(), Some("Алматы"), "{b}");
        assert_eq!(b2.event_date.as_deref(), Some("2022-01-05"), "{b}");
        assert_eq!(b2.family, None, "{b}");
        store.close().await;
    }
}
