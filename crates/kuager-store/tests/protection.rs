//! Encryption at rest, sealed fields and the verifiable log, on both
//! backends.

use kuager_case::{
    CaseDate, Consent, EventDraft, EventType, LegalDetails, Participant, ParticipantRole,
    ReportDraft, SourceRef, UserRole, Verification,
};
use kuager_store::testing::{temp_databases, TempDb};
use kuager_store::{KeySource, MasterKey, NewAttachment, Store, StoreError};
use std::path::{Path, PathBuf};

const WITNESS: &str = "Гульмира Жаксылыковна Тлеубердиева-Witness";
const PHONE: &str = "+7 777 314 15 92";

fn witness_report() -> ReportDraft {
    ReportDraft {
        what: format!("Свидетель {WITNESS} видела задержание у акимата"),
        when: "2022-01-05".to_string(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: "площадь Республики".to_string(),
        who: WITNESS.to_string(),
        consent: Some(Consent::Confidential),
        contact: PHONE.to_string(),
    }
}

fn photo() -> NewAttachment {
    NewAttachment {
        file_name: format!("{WITNESS}.jpg"),
        content_type: "image/jpeg".to_string(),
        bytes: format!("JPEG bytes naming {WITNESS} {PHONE}").into_bytes(),
    }
}

fn key_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    MasterKey::generate().write_key_file(&path).unwrap();
    path
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file of a directory, read whole.
fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn event_draft(description: &str) -> EventDraft {
    EventDraft {
        event_type: EventType::Detention,
        date: CaseDate::parse("2022-01-05").unwrap(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: String::new(),
        description: description.to_string(),
        verification: Verification::Reported,
        participants: vec![Participant {
            role: ParticipantRole::Perpetrator,
            person: None,
            name: String::new(),
            position: "начальник".to_string(),
            organisation: "ДП".to_string(),
        }],
        legal: LegalDetails::default(),
    }
}

#[tokio::test]
async fn encrypted_embedded_database_needs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let url = db.display().to_string();
    let key = KeySource::KeyFile(key_file(dir.path(), "kuager.key"));

    let store = Store::open_with(&url, &key).await.unwrap();
    assert!(store.is_protected());
    let id = store
        .add_report(None, &witness_report(), "ru", &[photo()])
        .await
        .unwrap();
    store.close().await;

    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.starts_with(b"SQLite format 3"),
        "file must be encrypted"
    );

    let no_key = Store::open(&url).await.unwrap_err();
    assert!(matches!(no_key, StoreError::KeyRequired { .. }), "{no_key}");
    assert!(no_key.to_string().contains("KUAGER_KEY_FILE"), "{no_key}");
    let wrong = KeySource::KeyFile(key_file(dir.path(), "other.key"));
    let wrong = Store::open_with(&url, &wrong).await.unwrap_err();
    assert!(matches!(wrong, StoreError::WrongKey { .. }), "{wrong}");

    let store = Store::open_with(&url, &key).await.unwrap();
    let report = store.report(id).await.unwrap().unwrap();
    assert_eq!(report.draft.contact, PHONE);
    assert_eq!(report.attachments[0].file_name, format!("{WITNESS}.jpg"));
    store.close().await;

    // A plain database refuses a key rather than pretending to be protected.
    let plain = dir.path().join("plain.db").display().to_string();
    Store::open(&plain).await.unwrap().close().await;
    let refused = Store::open_with(&plain, &key).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::NotEncrypted { .. }),
        "{refused}"
    );
}

#[tokio::test]
async fn passphrase_encrypt_and_rekey_keep_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let url = db.display().to_string();

    // A plain register with data, encrypted afterwards with a key file.
    let store = Store::open(&url).await.unwrap();
    let id = store
        .add_report(None, &witness_report(), "ru", &[photo()])
        .await
        .unwrap();
    let before = store.verify_log().await.unwrap();
    assert!(before.is_ok(), "{:?}", before.problems);
    store.close().await;

    let file_key = KeySource::KeyFile(key_file(dir.path(), "k1.key"));
    kuager_store::change_key(&url, &KeySource::None, &file_key)
        .await
        .unwrap();
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    assert!(Store::open(&url).await.is_err());

    // Then moved to a passphrase.
    let passphrase = KeySource::Passphrase("a long and memorable passphrase".to_string().into());
    kuager_store::change_key(&url, &file_key, &passphrase)
        .await
        .unwrap();
    assert!(kuager_store::kdf_params_path(&db).exists());
    let old = Store::open_with(&url, &file_key).await.unwrap_err();
    assert!(matches!(old, StoreError::WrongKey { .. }), "{old}");
    let wrong = KeySource::Passphrase("not the passphrase".to_string().into());
    assert!(Store::open_with(&url, &wrong).await.is_err());

    let store = Store::open_with(&url, &passphrase).await.unwrap();
    let report = store.report(id).await.unwrap().unwrap();
    assert_eq!(report.draft.who, WITNESS);
    let after = store.verify_log().await.unwrap();
    assert!(after.is_ok(), "{:?}", after.problems);
    assert_eq!(
        after.public_key, before.public_key,
        "the log key survives rekeying"
    );
    assert_eq!(after.root, before.root);
    store.close().await;
}

#[tokio::test]
async fn confidential_fields_never_reach_the_database_in_plain() {
    for db in temp_databases().await {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let key = KeySource::KeyFile(key_file(dir.path(), "kuager.key"));
        let store = Store::open_with(&db.url, &key).await.unwrap();
        let id = store
            .add_report(None, &witness_report(), "ru", &[photo()])
            .await
            .unwrap();
        // Readable through the store, and searchable by whole words.
        let report = store.report(id).await.unwrap().unwrap();
        assert_eq!(report.draft.contact, PHONE, "{b}");
        let hits = store
            .search_reports("тлеубердиева-witness", 10)
            .await
            .unwrap();
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [id], "{b}");
        assert!(store.search_reports("астана", 10).await.unwrap().is_empty());
        let (_, bytes) = store
            .attachment(report.attachments[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bytes, photo().bytes, "{b}");
        // The evidence hash is of the original bytes.
        assert_eq!(
            report.attachments[0].sha256,
            sha256_hex(&photo().bytes),
            "{b}"
        );

        // Every text column of every table, as the database holds it.
        let dump = raw_dump(&db).await;
        for secret in [WITNESS, PHONE, "Тлеубердиева", "314 15 92"] {
            assert!(!dump.contains(secret), "{b}: {secret:?} stored in plain");
        }
        store.close().await;
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// All rows of all tables, every value as text (bytes lossily), read with
/// a plain connection that has no key: what someone holding the database
/// (or its server) sees.
async fn raw_dump(db: &TempDb) -> String {
    match db.backend {
        kuager_store::Backend::Sqlite => {
            // Every file of the database's directory (file, WAL, shared
            // memory), raw.
            let path = db.url.trim_start_matches("sqlite://");
            let dir = Path::new(path).parent().unwrap();
            all_bytes(dir)
                .into_iter()
                .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
                .collect()
        }
        kuager_store::Backend::Postgres => {
            use sqlx::{Connection, Row};
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            let mut out = String::new();
            for table in tables {
                let rows = sqlx::query(&format!("SELECT row_to_json(t)::text FROM \"{table}\" t"))
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                for row in rows {
                    out.push_str(&row.get::<String, _>(0));
                }
            }
            out
        }
    }
}

#[tokio::test]
async fn field_sealing_alone_keeps_a_plain_sqlite_file_clean() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("plain.db").display().to_string();
    let store = Store::open(&url).await.unwrap();
    assert!(!store.is_protected());
    store
        .add_report(None, &witness_report(), "ru", &[photo()])
        .await
        .unwrap();
    store.close().await;
    for (path, bytes) in all_bytes(dir.path()) {
        assert!(
            !contains(&bytes, WITNESS),
            "{} holds the name",
            path.display()
        );
        assert!(
            !contains(&bytes, PHONE),
            "{} holds the phone",
            path.display()
        );
    }
}

#[tokio::test]
async fn the_log_verifies_and_names_every_tampering() {
    use sqlx::Connection;
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let admin = store
            .add_user(None, "admin", UserRole::Admin, "$argon2id$x")
            .await
            .unwrap()
            .id;
        let report = store
            .add_report(Some(admin), &witness_report(), "ru", &[])
            .await
            .unwrap();
        let source = SourceRef::Report { report_id: report };
        let first = store
            .add_event(admin, &event_draft("первое"), std::slice::from_ref(&source))
            .await
            .unwrap();
        let second = store
            .add_event(admin, &event_draft("второе"), std::slice::from_ref(&source))
            .await
            .unwrap();
        store
            .update_event(admin, first, 1, &event_draft("первое, уточнено"))
            .await
            .unwrap();
        let clean = store.verify_log().await.unwrap();
        assert!(clean.is_ok(), "{b}: {:?}", clean.problems);
        // The baselines of the (empty) resolution and list linkage, the
        // report, two events, one update.
        assert_eq!(clean.entries, 6, "{b}");
        assert_eq!(clean.tree_heads, 6, "{b}");

        // Proofs check with the public key alone.
        let proof = store.inclusion_proof(1, None).await.unwrap();
        let json = serde_json::to_string(&proof).unwrap();
        kuager_log::check_proof_json(&json, &clean.public_key).unwrap();
        let consistency = store.consistency_proof(2, None).await.unwrap();
        let json = serde_json::to_string(&consistency).unwrap();
        kuager_log::check_proof_json(&json, &clean.public_key).unwrap();
        let stranger = kuager_log::public_key_hex(
            &ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key(),
        );
        assert!(kuager_log::check_proof_json(&json, &stranger).is_err());
        store.close().await;

        // Tampering behind Kuager's back, one kind at a time.
        let cases: [(&str, &str, &str); 5] = [
            (
                "UPDATE events SET description = 'forged' WHERE id = $ID2",
                "events",
                "edited outside Kuager",
            ),
            (
                "DELETE FROM event_charges WHERE event_id = -1; DELETE FROM sources WHERE event_id = $ID2",
                "events",
                "edited outside Kuager",
            ),
            (
                "UPDATE log_entries SET digest = 'x' WHERE seq = 1",
                "log_entries",
                "#1",
            ),
            (
                "DELETE FROM tree_heads WHERE size = 6; DELETE FROM log_entries WHERE seq = 5; UPDATE log_state SET size = 5",
                "events",
                "edited outside Kuager",
            ),
            (
                "UPDATE log_entries SET seq = seq + 100 WHERE seq = 1; UPDATE log_entries SET seq = 1 WHERE seq = 2; UPDATE log_entries SET seq = 2 WHERE seq = 101",
                "log_entries",
                "#1",
            ),
        ];
        for (sql, table, needle) in cases {
            let copy = copy_database(&db).await;
            let sql = sql.replace("$ID2", &second.to_string());
            match b {
                kuager_store::Backend::Sqlite => {
                    let mut conn = sqlx::SqliteConnection::connect(&copy.url).await.unwrap();
                    sqlx::raw_sql(&sql).execute(&mut conn).await.unwrap();
                    conn.close().await.unwrap();
                }
                kuager_store::Backend::Postgres => {
                    let mut conn = sqlx::PgConnection::connect(&copy.url).await.unwrap();
                    sqlx::raw_sql(&sql).execute(&mut conn).await.unwrap();
                    conn.close().await.unwrap();
                }
            }
            let store = copy.open().await.unwrap();
            let report = store.verify_log().await.unwrap();
            assert!(!report.is_ok(), "{b}: {sql} went unnoticed");
            assert!(
                report
                    .problems
                    .iter()
                    .any(|p| p.table == table
                        && format!("{} {}", p.entry, p.problem).contains(needle)),
                "{b}: {sql}: {:?}",
                report.problems
            );
            store.close().await;
        }
    }
}

/// A copy of a test database (same backend) with the same rows.
async fn copy_database(db: &TempDb) -> TempDb {
    match db.backend {
        kuager_store::Backend::Sqlite => {
            let copy = TempDb::sqlite();
            let from = db.url.trim_start_matches("sqlite://");
            let to = copy.url.trim_start_matches("sqlite://");
            std::fs::copy(from, to).unwrap();
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::copy(format!("{from}{suffix}"), format!("{to}{suffix}"));
            }
            copy
        }
        kuager_store::Backend::Postgres => {
            use sqlx::{Connection, Executor};
            let copy = TempDb::postgres().await;
            let name = copy.url.rsplit('/').next().unwrap().to_string();
            let source = db.url.rsplit('/').next().unwrap().to_string();
            let admin_url = db.url.rsplit_once('/').unwrap().0.to_string() + "/postgres";
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            admin
                .execute(format!("DROP DATABASE \"{name}\"").as_str())
                .await
                .unwrap();
            admin
                .execute(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{source}\"").as_str())
                .await
                .unwrap();
            admin.close().await.unwrap();
            copy
        }
    }
}

/// A register made by the previous version (schema 3) with a report in
/// plain: opening it seals the report and starts the log with a baseline.
#[tokio::test]
async fn upgrading_seals_old_reports_and_starts_the_log() {
    use sqlx::migrate::Migrator;
    use sqlx::Connection;
    for db in temp_databases().await {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "0001_register.sql",
            "0002_casework.sql",
            "0003_ranked_keys.sql",
        ] {
            let source = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(b.name())
                .join(n);
            std::fs::copy(&source, dir.path().join(n)).unwrap();
        }
        let migrator = Migrator::new(dir.path()).await.unwrap();
        let inserts = format!(
            "INSERT INTO reports (id, author_id, state, what, happened, place_key, place_detail, \
             who, consent, contact, language, created_at, updated_at, review_note, version) \
             VALUES (1, NULL, 'new', 'old report', 'yesterday', NULL, 'square', '{WITNESS}', \
             'confidential', '{PHONE}', 'ru', '2024-01-01', '2024-01-01', '', 1); \
             INSERT INTO attachments (id, report_id, file_name, content_type, sha256, size, bytes, \
             uploaded_at) VALUES (1, 1, 'a.txt', 'text/plain', 'abc', 3, {}, '2024-01-01'); \
             UPDATE counters SET value = 1 WHERE name IN ('reports', 'attachments')",
            match b {
                kuager_store::Backend::Sqlite => "X'616263'",
                kuager_store::Backend::Postgres => "'\\x616263'::bytea",
            }
        );
        match b {
            kuager_store::Backend::Sqlite => {
                let url = format!("{}?mode=rwc", db.url);
                let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
                migrator.run(&mut conn).await.unwrap();
                sqlx::raw_sql(&inserts).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
            kuager_store::Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                migrator.run(&mut conn).await.unwrap();
                sqlx::raw_sql(&inserts).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
        }
        let store = db.open().await.unwrap();
        let report = store.report(1).await.unwrap().unwrap();
        assert_eq!(
            (report.draft.who.as_str(), report.draft.contact.as_str()),
            (WITNESS, PHONE),
            "{b}"
        );
        assert_eq!(store.attachment(1).await.unwrap().unwrap().1, b"abc", "{b}");
        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
        // Baselines of the report, the (empty) resolution and the (empty)
        // list linkage.
        assert_eq!(log.entries, 3, "{b}");
        let dump = raw_dump(&db).await;
        assert!(!dump.contains(PHONE), "{b}: the old report was not sealed");
        store.close().await;
        // Opening again changes nothing.
        let store = db.open().await.unwrap();
        assert_eq!(store.verify_log().await.unwrap().entries, 3, "{b}");
        store.close().await;
    }
}

/// Publication decisions and consent are audited changes in the log, and
/// consent survives an edit of the event.
#[tokio::test]
async fn publication_and_consent_are_logged_and_kept() {
    use kuager_case::Publication;
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let editor = store
            .add_user(None, "editor", UserRole::Editor, "$argon2id$x")
            .await
            .unwrap()
            .id;
        let source = SourceRef::Reference {
            citation: "Заявление".to_string(),
            url: String::new(),
        };
        let id = store
            .add_event(editor, &event_draft("задержан"), &[source])
            .await
            .unwrap();
        let state = store.event_publication(id).await.unwrap().unwrap();
        assert_eq!(state.publication, Publication::Unpublished, "{b}");
        assert_eq!(state.participant_consent, [Consent::Confidential], "{b}");

        store
            .set_participant_consent(editor, id, 0, Consent::Public)
            .await
            .unwrap();
        store
            .set_event_publication(editor, id, 1, Publication::Published)
            .await
            .unwrap();
        // A stale version is refused.
        assert!(store
            .set_event_publication(editor, id, 1, Publication::Withheld)
            .await
            .is_err());
        store
            .update_event(editor, id, 2, &event_draft("задержан у дома"))
            .await
            .unwrap();
        let state = store.event_publication(id).await.unwrap().unwrap();
        assert_eq!(state.publication, Publication::Published, "{b}");
        assert_eq!(state.participant_consent, [Consent::Public], "{b}: kept");

        let entry = store
            .latest_log_entry("events", &id.to_string())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(entry.action, "update", "{b}");
        let report = store.verify_log().await.unwrap();
        assert!(report.is_ok(), "{b}: {:?}", report.problems);
        let actions: Vec<String> = store
            .audit_of("event", &id.to_string())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(actions, ["create", "consent", "publish", "update"], "{b}");
        store.close().await;
    }
}

/// A backup of a passphrase-protected laptop register restores onto a
/// server (or another laptop) under that place's own key: sealed fields
/// open, the log verifies, its public key is the same.
#[tokio::test]
async fn backup_moves_a_protected_register_under_a_new_key() {
    use kuager_store::dump::{restore_backup, write_backup, BackupKey, RestoreKey};
    let dir = tempfile::tempdir().unwrap();
    let source_url = dir.path().join("laptop.db").display().to_string();
    let passphrase = KeySource::Passphrase("the laptop's long passphrase".to_string().into());
    let source = Store::open_with(&source_url, &passphrase).await.unwrap();
    let id = source
        .add_report(None, &witness_report(), "ru", &[photo()])
        .await
        .unwrap();
    let public_key = source.log_public_key();
    let mut archive = Vec::new();
    write_backup(
        &source,
        &mut archive,
        &BackupKey::passphrase("archive passphrase".to_string()).with_work_factor(10),
    )
    .await
    .unwrap();
    source.close().await;
    assert!(!contains(&archive, PHONE));

    for target in temp_databases().await {
        let b = target.backend;
        let key = KeySource::KeyFile(key_file(dir.path(), &format!("{b}.key")));
        let store = Store::open_with(&target.url, &key).await.unwrap();
        restore_backup(
            &store,
            archive.as_slice(),
            &RestoreKey::passphrase("archive passphrase".to_string()),
        )
        .await
        .unwrap();
        store.close().await;
        let store = Store::open_with(&target.url, &key).await.unwrap();
        assert!(store.is_protected(), "{b}");
        let report = store.report(id).await.unwrap().unwrap();
        assert_eq!(report.draft.contact, PHONE, "{b}");
        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
        assert_eq!(log.public_key, public_key, "{b}");
        store.close().await;
        // The restored register is sealed under the new key only.
        assert!(Store::open(&target.url).await.is_err(), "{b}");
    }
}

/// Linkage's bulk read opens the encrypted file itself: it must apply the
/// key as the pool does, or it would read nothing.
#[tokio::test(flavor = "multi_thread")]
async fn linkage_reads_the_records_of_an_encrypted_database() {
    use kuager_store::lists::{ListRow, NewList};
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("register.db").display().to_string();
    let key = KeySource::KeyFile(key_file(dir.path(), "kuager.key"));
    let store = Store::open_with(&url, &key).await.unwrap();
    let list = NewList {
        name: "official".into(),
        compiled_by: "ДП".into(),
        as_of: None,
        event_type: Some("detention".into()),
        file_name: "official.csv".into(),
        file_sha256: "ab12".into(),
        encoding: "UTF-8".into(),
        columns: vec![("full_name".into(), "ФИО".into())],
    };
    let rows = vec![ListRow {
        record_id: "7".into(),
        row_number: 2,
        full_name: "Суюбаев Асанали".into(),
        ..ListRow::default()
    }];
    store.import_list(None, &list, &rows, false).await.unwrap();
    let read = store.linkage_records().await.unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].0, "official");
    assert_eq!(read[0].1.full_name, "Суюбаев Асанали");
    assert_eq!(read[0].1.event_type.as_deref(), Some("detention"));
    store.close().await;
}
