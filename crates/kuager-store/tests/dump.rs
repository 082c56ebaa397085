//! Encrypted backup and restore (`kuager_store::dump`): a register filled
//! through the public API goes SQLite → PostgreSQL → SQLite and comes back
//! identical, table by table, log included; bad keys, damaged archives and
//! occupied targets change nothing.

mod common;

use common::*;
use kuager_case::{
    AssemblyAnswer, AssemblyDraft, AssemblyOutcome, CaseDate, ChecklistAnswer, Consent, EventDraft,
    EventType, FairTrialStandard, HearingAccess, HearingDraft, HearingTime, HearingType,
    LegalDetails, MonitoringDraft, OrganiserKind, PaceCriterion, Participant, ParticipantRole,
    Recognition, RecognitionDecision, RefusalReason, ReportDraft, ReportState, SourceRef, UserRole,
    Verification,
};
use kuager_domain::{Decision, ReviewPair};
use kuager_store::dump::{
    restore_backup, table_digests, write_backup, BackupError, BackupKey, BackupSummary, RestoreKey,
    RestoreSummary,
};
use kuager_store::testing::{pg_skipped, TempDb};
use kuager_store::{Backend, NewAttachment, Store};
use std::collections::{BTreeMap, BTreeSet};

const PASSPHRASE: &str = "correct horse battery staple, Алматы";

type Digests = BTreeMap<String, (u64, String)>;

async fn open(db: &TempDb) -> Store {
    match db.open().await {
        Ok(store) => store,
        Err(e) => panic!("{}: cannot open {}: {e}", db.backend, db.url),
    }
}

/// A cheap scrypt work factor: the tests make many archives.
fn passphrase() -> BackupKey {
    BackupKey::passphrase(PASSPHRASE.to_string()).with_work_factor(10)
}

async fn backup(store: &Store, key: &BackupKey) -> (Vec<u8>, BackupSummary) {
    let mut bytes = Vec::new();
    let summary = write_backup(store, &mut bytes, key)
        .await
        .unwrap_or_else(|e| panic!("{}: backup failed: {e}", store.backend()));
    assert_eq!(summary.bytes, bytes.len() as u64);
    (bytes, summary)
}

/// Restores into the (fresh) database and reopens it, as a user would.
async fn restore(db: &TempDb, archive: &[u8], key: &RestoreKey) -> (Store, RestoreSummary) {
    let target = open(db).await;
    let summary = restore_backup(&target, archive, key)
        .await
        .unwrap_or_else(|e| panic!("{}: restore failed: {e}", db.backend));
    target.close().await;
    (open(db).await, summary)
}

/// Fresh databases to restore into: SQLite, and PostgreSQL unless skipped.
async fn fresh_targets() -> Vec<TempDb> {
    let mut dbs = vec![TempDb::sqlite()];
    if !pg_skipped() {
        dbs.push(TempDb::postgres().await);
    }
    dbs
}

/// A second database of the other kind when there is one (else SQLite).
async fn other_than(backend: Backend) -> TempDb {
    match backend {
        Backend::Sqlite if !pg_skipped() => TempDb::postgres().await,
        _ => TempDb::sqlite(),
    }
}

/// A direct connection, for what the store's API does not do.
async fn raw(db: &TempDb) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::<sqlx::Any>::new()
        .max_connections(1)
        .connect(&db.url)
        .await
        .unwrap_or_else(|e| panic!("{}: cannot connect to {}: {e}", db.backend, db.url))
}

/// The application tables the catalog lists, read here independently of
/// the dump module.
async fn catalog_tables(db: &TempDb) -> BTreeSet<String> {
    let pool = raw(db).await;
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite%' AND name <> '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations'"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    names.into_iter().collect()
}

async fn execute(pool: &sqlx::AnyPool, sql: &str) {
    sqlx::query(sql)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Bytes that are not text: every byte value, then a long pseudo-random run
/// (several age chunks, so that cutting the archive in half cuts inside it).
fn photo_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255).collect();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes
}

/// A register with something in every part: documents and their
/// extractions, a resolution with a review pair, identity decisions,
/// accounts and a session, reports with attachments (one marked a
/// duplicate of a later one), a name link, an event with participants,
/// charges, sources and a figure, a recognition — and the log and audit
/// entries all of that writes.
async fn fill(store: &Store) {
    let (kk, kk_x) = kazakh_document();
    let (en, en_x) = english_document();
    let (syn, syn_x) = synthetic_document(7, 12);
    for (doc, x) in [(&kk, &kk_x), (&en, &en_x), (&syn, &syn_x)] {
        store.insert_document(doc, x).await.unwrap();
    }
    let atabek = key(&kk.sha256, kk_x.persons[0].span.start);
    let atabek2 = key(&kk.sha256, kk_x.persons[1].span.start);
    let galym = key(&kk.sha256, kk_x.persons[2].span.start);
    let elena = key(&en.sha256, en_x.persons[0].span.start);
    let persons = vec![
        person(
            "p-atabek",
            "Арон Атабек",
            vec![atabek.clone(), atabek2.clone()],
            &["atabek", "edigeev"],
        ),
        person(
            "p-galym",
            "Ғалым Қожахметов",
            vec![galym.clone()],
            &["kozhakhmetov"],
        ),
        person(
            "p-elena",
            "Elena Semenova",
            vec![elena.clone()],
            &["semenova"],
        ),
    ];
    let review = vec![ReviewPair {
        a: "p-atabek".to_string(),
        b: "p-galym".to_string(),
        // Not exactly representable: the double must survive bit for bit.
        score: 0.1 + 0.2,
        evidence: strings(&["same document", "разные имена"]),
    }];
    store.replace_resolution(&persons, &review).await.unwrap();
    store
        .add_decision(&Decision::Merge {
            a: atabek.clone(),
            b: atabek2.clone(),
        })
        .await
        .unwrap();
    store
        .add_decision(&Decision::Split {
            mention: galym.clone(),
        })
        .await
        .unwrap();

    let admin = store
        .add_user(None, "admin", UserRole::Admin, "$argon2id$admin")
        .await
        .unwrap()
        .id;
    let analyst = store
        .add_user(Some(admin), "Айгерим", UserRole::Analyst, "$argon2id$a")
        .await
        .unwrap()
        .id;
    store
        .create_session("token-hash", analyst, "csrf", "2999-01-01T00:00:00.000Z")
        .await
        .unwrap();

    let draft = |what: &str| ReportDraft {
        what: what.to_string(),
        when: "14 июля".to_string(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: "у дома".to_string(),
        who: "Арон Атабек\nЖанар".to_string(),
        consent: Some(Consent::Anonymised),
        contact: "+7 700 000 00 00".to_string(),
    };
    let first = store
        .add_report(
            Some(analyst),
            &draft("Задержан у дома"),
            "ru",
            &[
                NewAttachment {
                    file_name: "фото.jpg".to_string(),
                    content_type: "image/jpeg".to_string(),
                    bytes: photo_bytes(),
                },
                NewAttachment {
                    file_name: "empty.pdf".to_string(),
                    content_type: "application/pdf".to_string(),
                    bytes: vec![],
                },
            ],
        )
        .await
        .unwrap();
    let second = store
        .add_report(
            None,
            &draft("The same detention, reported again"),
            "en",
            &[],
        )
        .await
        .unwrap();
    // The earlier report is the duplicate of the later one: a row that
    // refers forward within its own table.
    store
        .review_report(
            analyst,
            first,
            1,
            ReportState::Duplicate,
            "see the second",
            Some(second),
        )
        .await
        .unwrap();
    store
        .link_report_name(analyst, second, "Арон Атабек", Some(&atabek))
        .await
        .unwrap();

    let event = EventDraft {
        event_type: EventType::Detention,
        date: CaseDate::parse("2006-07-14").unwrap(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: "Абая, 10".to_string(),
        description: "Задержан у дома".to_string(),
        verification: Verification::Reported,
        participants: vec![
            Participant {
                role: ParticipantRole::Victim,
                person: Some(atabek.clone()),
                name: "Арон Атабек".to_string(),
                position: String::new(),
                organisation: String::new(),
            },
            Participant {
                role: ParticipantRole::Perpetrator,
                person: None,
                name: String::new(),
                position: "начальник".to_string(),
                organisation: "ДП г. Алматы".to_string(),
            },
        ],
        legal: LegalDetails {
            court: "СМУС".to_string(),
            fine_kzt: Some(3_000_000_000),
            ..LegalDetails::default()
        },
    };
    let event_id = store
        .add_event(
            analyst,
            &event,
            &[
                SourceRef::Document {
                    sha256: kk.sha256.clone(),
                    start: 0,
                    end: 20,
                },
                SourceRef::Report { report_id: second },
            ],
        )
        .await
        .unwrap();
    store
        .attach_figure(analyst, event_id, &kk.sha256, 0)
        .await
        .unwrap();
    store
        .add_recognition(
            analyst,
            &atabek,
            &Recognition {
                decision: RecognitionDecision::Recognised,
                criteria: vec![PaceCriterion::A, PaceCriterion::D],
                decided_by: "Kuager editorial board".to_string(),
                decided_on: CaseDate::parse("2023-02-01").unwrap(),
                note: "PACE 1900".to_string(),
            },
        )
        .await
        .unwrap();

    // Trial monitoring: a hearing in the case, a monitor, a report with a
    // sealed note and attachment that schedules the next hearing.
    let hearing = store
        .add_hearing(
            analyst,
            &HearingDraft {
                event_id,
                court: "Специализированный межрайонный суд г. Алматы".to_string(),
                judge: "Иванов".to_string(),
                place_key: Some("kz-almaty".to_string()),
                courtroom: "зал 4".to_string(),
                at: HearingTime::parse("2026-12-15 10:30").unwrap(),
                hearing_type: HearingType::Merits,
                access: HearingAccess::Open,
            },
        )
        .await
        .unwrap();
    store
        .set_hearing_monitor(analyst, hearing, admin, true)
        .await
        .unwrap();
    let mut answers = std::collections::BTreeMap::new();
    for s in FairTrialStandard::ALL {
        answers.insert(*s, ChecklistAnswer::Respected);
    }
    answers.insert(FairTrialStandard::NoCage, ChecklistAnswer::Violated);
    store
        .file_monitoring_report(
            admin,
            hearing,
            &MonitoringDraft {
                took_place: true,
                answers,
                notes: "Подсудимый в стеклянном боксе".to_string(),
                next_hearing: Some(HearingTime::parse("2026-12-22").unwrap()),
            },
            None,
            &[NewAttachment {
                file_name: "протокол.pdf".to_string(),
                content_type: "application/pdf".to_string(),
                bytes: b"%PDF-1.4 protocol".to_vec(),
            }],
        )
        .await
        .unwrap();
    store
        .issue_calendar_feed(Some(admin), admin, "feed-token-hash")
        .await
        .unwrap();
    let assembly = store
        .add_assembly(
            analyst,
            &AssemblyDraft {
                organiser_kind: OrganiserKind::Group,
                organiser: "Оян, Қазақстан".to_string(),
                place_key: "kz-almaty".to_string(),
                place_detail: "парк им. Шокана Уалиханова".to_string(),
                date: kuager_case::Day::new(2024, 6, 1).unwrap(),
                purpose: "Против закона о мирных собраниях".to_string(),
                expected: Some(200),
                answer: AssemblyAnswer::Refused,
                refusal_reason: Some(RefusalReason::AnotherEvent),
                refusal_detail: String::new(),
                outcome: Some(AssemblyOutcome::NotHeld),
            },
        )
        .await
        .unwrap();
    store
        .link_assembly_event(analyst, assembly, event_id, true)
        .await
        .unwrap();
}

/// Tables no later migration adds: made here by hand on source and target,
/// as a future migration would. One refers to documents and to itself
/// (forward), has a serial id on PostgreSQL, and holds every kind of value;
/// one has a text key without COLLATE "C", to check both backends order it
/// the same way.
async fn add_future_tables(db: &TempDb) {
    let pool = raw(db).await;
    match db.backend {
        Backend::Sqlite => {
            execute(
                &pool,
                "CREATE TABLE zz_future (id INTEGER PRIMARY KEY, \
                 doc TEXT REFERENCES documents (sha256), parent BIGINT REFERENCES zz_future (id), \
                 ratio REAL, payload BLOB, note TEXT)",
            )
            .await;
            execute(
                &pool,
                "CREATE TABLE zz_tags (tag TEXT PRIMARY KEY, weight REAL)",
            )
            .await;
        }
        Backend::Postgres => {
            execute(
                &pool,
                "CREATE TABLE zz_future (id BIGSERIAL PRIMARY KEY, \
                 doc TEXT COLLATE \"C\" REFERENCES documents (sha256), \
                 parent BIGINT REFERENCES zz_future (id), \
                 ratio DOUBLE PRECISION, payload BYTEA, note TEXT)",
            )
            .await;
            execute(
                &pool,
                "CREATE TABLE zz_tags (tag TEXT PRIMARY KEY, weight DOUBLE PRECISION)",
            )
            .await;
        }
    }
    pool.close().await;
}

/// id, doc, ratio, payload, note.
type FutureRow<'a> = (
    i64,
    Option<&'a str>,
    Option<f64>,
    Option<Vec<u8>>,
    Option<&'a str>,
);

async fn fill_future_tables(db: &TempDb) {
    let pool = raw(db).await;
    let (kk, _) = kazakh_document();
    let rows: [FutureRow; 3] = [
        (
            1,
            Some(kk.sha256.as_str()),
            Some(0.1 + 0.2),
            Some((0..=255).collect()),
            None,
        ),
        (2, None, None, None, Some("x")),
        (3, None, Some(-0.0), Some(vec![]), Some("ü'\"\\")),
    ];
    for (id, doc, ratio, payload, note) in rows {
        sqlx::query(
            "INSERT INTO zz_future (id, doc, parent, ratio, payload, note) \
             VALUES ($1, $2, NULL, $3, $4, $5)",
        )
        .bind(id)
        .bind(doc)
        .bind(ratio)
        .bind(payload)
        .bind(note)
        .execute(&pool)
        .await
        .unwrap();
    }
    execute(&pool, "UPDATE zz_future SET parent = 3 WHERE id = 1").await;
    execute(&pool, "UPDATE zz_future SET parent = 1 WHERE id = 3").await;
    for (tag, weight) in [
        ("b", 1.5),
        ("B", 2.0),
        ("a", 0.0),
        ("É", -1.0),
        ("Ё", 3.25),
        ("z", 1e-300),
    ] {
        sqlx::query("INSERT INTO zz_tags (tag, weight) VALUES ($1, $2)")
            .bind(tag)
            .bind(weight)
            .execute(&pool)
            .await
            .unwrap();
    }
    if db.backend == Backend::Postgres {
        execute(
            &pool,
            "SELECT setval(pg_get_serial_sequence('zz_future', 'id'), 3)",
        )
        .await;
    }
    pool.close().await;
}

fn assert_same(a: &Digests, b: &Digests, what: &str) {
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for name in names {
        assert_eq!(a.get(name), b.get(name), "{what}: table {name} differs");
    }
}

fn summary_digests(tables: &[kuager_store::dump::TableSummary]) -> Digests {
    tables
        .iter()
        .map(|t| (t.name.clone(), (t.rows, t.sha256.clone())))
        .collect()
}

#[tokio::test]
async fn round_trip_sqlite_postgres_sqlite_is_exact() {
    let source_db = TempDb::sqlite();
    let source = open(&source_db).await;
    fill(&source).await;
    let original = table_digests(&source).await.unwrap();
    for table in [
        "documents",
        "person_mentions",
        "persons",
        "review_pairs",
        "decisions",
        "users",
        "sessions",
        "reports",
        "attachments",
        "report_links",
        "events",
        "event_participants",
        "sources",
        "event_figures",
        "recognitions",
        "hearings",
        "hearing_monitors",
        "monitoring_reports",
        "monitoring_answers",
        "monitoring_attachments",
        "calendar_feeds",
        "assemblies",
        "assembly_events",
        "audit",
        "log_entries",
    ] {
        assert!(
            original.get(table).is_some_and(|(rows, _)| *rows > 0),
            "the test register has no rows in {table}: {original:?}"
        );
    }
    let log = source.verify_log().await.unwrap();
    assert!(log.is_ok() && log.entries > 0, "{log:?}");

    let (archive, summary) = backup(&source, &passphrase()).await;
    source.close().await;
    assert_same(
        &summary_digests(&summary.tables),
        &original,
        "backup summary",
    );
    assert_eq!(summary.source_backend, Backend::Sqlite);
    assert!(summary.schema_version >= 4, "{summary:?}");
    assert_eq!(
        summary.rows,
        original.values().map(|(rows, _)| rows).sum::<u64>()
    );
    // Encrypted: no text of the register is readable in the archive.
    let text = String::from_utf8_lossy(&archive);
    assert!(text.starts_with("age-encryption.org/v1"), "not an age file");
    assert!(!text.contains("kuager-backup") && !text.contains("Atabek"));

    // SQLite → PostgreSQL (or a second SQLite without a server).
    let middle_db = other_than(Backend::Sqlite).await;
    let (middle, restored) = restore(
        &middle_db,
        &archive,
        &RestoreKey::passphrase(PASSPHRASE.into()),
    )
    .await;
    assert_eq!(restored.rows, summary.rows);
    assert_eq!(restored.source_backend, "sqlite");
    assert_same(
        &table_digests(&middle).await.unwrap(),
        &original,
        &format!("restored on {}", middle_db.backend),
    );
    // The restored register works: reads, the log verifies, ids go on.
    assert_eq!(middle.decision_records().await.unwrap().len(), 2);
    assert_eq!(middle.persons().await.unwrap().len(), 3);
    let log = middle.verify_log().await.unwrap();
    assert!(log.is_ok(), "{}: {log:?}", middle_db.backend);
    let (archive_back, summary_back) = backup(&middle, &passphrase()).await;
    assert_eq!(summary_back.source_backend, middle_db.backend);
    let next_user = middle
        .add_user(None, "after the move", UserRole::Volunteer, "$argon2id$x")
        .await
        .unwrap();
    assert_eq!(next_user.id, 3, "the counters came along");
    middle.close().await;

    // ... and back to SQLite.
    let last_db = TempDb::sqlite();
    let (last, _) = restore(
        &last_db,
        &archive_back,
        &RestoreKey::passphrase(PASSPHRASE.into()),
    )
    .await;
    assert_same(
        &table_digests(&last).await.unwrap(),
        &original,
        "back on SQLite",
    );
    let (meta, bytes) = last
        .attachment(1)
        .await
        .unwrap()
        .expect("the first attachment");
    assert_eq!(meta.file_name, "фото.jpg");
    assert_eq!(bytes, photo_bytes());
    assert!(last.verify_log().await.unwrap().is_ok());
    last.close().await;
}

#[tokio::test]
async fn archive_covers_every_catalog_table_including_new_ones() {
    for source_db in fresh_targets().await {
        let b = source_db.backend;
        let source = open(&source_db).await;
        fill(&source).await;
        add_future_tables(&source_db).await;
        fill_future_tables(&source_db).await;
        let original = table_digests(&source).await.unwrap();
        let (archive, summary) = backup(&source, &passphrase()).await;
        source.close().await;

        let catalog = catalog_tables(&source_db).await;
        assert!(catalog.len() >= 25, "{b}: {catalog:?}");
        let archived: BTreeSet<String> = summary.tables.iter().map(|t| t.name.clone()).collect();
        assert_eq!(archived, catalog, "{b}: the archive must hold every table");
        assert_eq!(summary.tables.len(), catalog.len(), "{b}");
        for table in ["zz_future", "zz_tags", "log_entries", "vault", "counters"] {
            assert!(archived.contains(table), "{b}: {table} missing");
        }
        // Referenced tables come first.
        let position = |name: &str| summary.tables.iter().position(|t| t.name == name).unwrap();
        assert!(position("documents") < position("zz_future"), "{b}");
        assert!(position("users") < position("reports"), "{b}");
        assert!(position("reports") < position("attachments"), "{b}");
        assert!(position("events") < position("sources"), "{b}");

        // Into a database of the other kind that has the new tables too.
        let target_db = other_than(b).await;
        let prepared = open(&target_db).await;
        add_future_tables(&target_db).await;
        prepared.close().await;
        let (target, _) = restore(
            &target_db,
            &archive,
            &RestoreKey::passphrase(PASSPHRASE.into()),
        )
        .await;
        assert_same(
            &table_digests(&target).await.unwrap(),
            &original,
            &format!("{b} to {}", target_db.backend),
        );
        target.close().await;
        if target_db.backend == Backend::Postgres {
            // The serial column's sequence continues after the restored ids.
            let pool = raw(&target_db).await;
            let id: i64 =
                sqlx::query_scalar("INSERT INTO zz_future (note) VALUES ('new') RETURNING id")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert_eq!(id, 4);
            pool.close().await;
        }
    }
}

#[tokio::test]
async fn wrong_key_or_damaged_archive_writes_nothing() {
    let source_db = TempDb::sqlite();
    let source = open(&source_db).await;
    fill(&source).await;
    let (archive, _) = backup(&source, &passphrase()).await;
    source.close().await;
    let x25519 = age::x25519::Identity::generate();
    let identity_text = {
        use age::secrecy::ExposeSecret;
        x25519.to_string().expose_secret().to_string()
    };

    let mut flipped = archive.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let cases: Vec<(&str, Vec<u8>, RestoreKey)> = vec![
        (
            "wrong passphrase",
            archive.clone(),
            RestoreKey::passphrase("not the passphrase".into()),
        ),
        (
            "an identity for a passphrase archive",
            archive.clone(),
            RestoreKey::identity_file(&identity_text).unwrap(),
        ),
        (
            "cut in half",
            archive[..archive.len() / 2].to_vec(),
            RestoreKey::passphrase(PASSPHRASE.into()),
        ),
        (
            "last byte missing",
            archive[..archive.len() - 1].to_vec(),
            RestoreKey::passphrase(PASSPHRASE.into()),
        ),
        (
            "a byte flipped",
            flipped,
            RestoreKey::passphrase(PASSPHRASE.into()),
        ),
        (
            "not an archive",
            b"kuager-backup v1\n{}\n".to_vec(),
            RestoreKey::passphrase(PASSPHRASE.into()),
        ),
        (
            "empty",
            Vec::new(),
            RestoreKey::passphrase(PASSPHRASE.into()),
        ),
    ];
    for target_db in fresh_targets().await {
        let b = target_db.backend;
        let target = open(&target_db).await;
        let before = table_digests(&target).await.unwrap();
        for (what, bytes, key) in &cases {
            let err = restore_backup(&target, bytes.as_slice(), key)
                .await
                .expect_err(what);
            let expected = match *what {
                "wrong passphrase" | "an identity for a passphrase archive" => {
                    matches!(err, BackupError::WrongKey(_))
                }
                "not an archive" | "empty" => matches!(err, BackupError::Unreadable(_)),
                _ => matches!(err, BackupError::Damaged(_)),
            };
            assert!(expected, "{b}, {what}: unexpected error {err:?}");
            assert!(
                err.to_string().contains("nothing was restored"),
                "{b}, {what}: {err}"
            );
            assert_same(
                &table_digests(&target).await.unwrap(),
                &before,
                &format!("{b}, after {what}"),
            );
        }
        // The same target still takes the intact archive.
        let summary = restore_backup(
            &target,
            archive.as_slice(),
            &RestoreKey::passphrase(PASSPHRASE.into()),
        )
        .await
        .unwrap();
        assert!(summary.rows > 0);
        target.close().await;
    }
}

#[tokio::test]
async fn a_target_with_data_is_refused() {
    let source_db = TempDb::sqlite();
    let source = open(&source_db).await;
    fill(&source).await;
    let (archive, _) = backup(&source, &passphrase()).await;
    source.close().await;
    for target_db in fresh_targets().await {
        let b = target_db.backend;
        let target = open(&target_db).await;
        target
            .add_user(None, "someone", UserRole::Admin, "$argon2id$s")
            .await
            .unwrap();
        let before = table_digests(&target).await.unwrap();
        let err = restore_backup(
            &target,
            archive.as_slice(),
            &RestoreKey::passphrase(PASSPHRASE.into()),
        )
        .await
        .expect_err("a register with data must not be overwritten");
        assert!(
            matches!(&err, BackupError::TargetNotEmpty { table, .. }
                if !kuager_store::dump::SEEDED_TABLES.contains(&table.as_str())),
            "{b}: {err:?}"
        );
        assert!(err.to_string().contains("already holds data"), "{err}");
        assert_same(
            &table_digests(&target).await.unwrap(),
            &before,
            &format!("{b}"),
        );
        target.close().await;
    }
}

#[tokio::test]
async fn x25519_recipient_and_identity_file() {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let identity_file = {
        use age::secrecy::ExposeSecret;
        format!(
            "# created: by the test\n# public key: {public}\n{}\n",
            identity.to_string().expose_secret()
        )
    };
    assert!(BackupKey::recipient("age1notakey").is_err());
    assert!(RestoreKey::identity_file("no identities here\n").is_err());

    let source_db = TempDb::sqlite();
    let source = open(&source_db).await;
    fill(&source).await;
    let original = table_digests(&source).await.unwrap();
    let (archive, _) = backup(&source, &BackupKey::recipient(&public).unwrap()).await;
    source.close().await;

    let target_db = other_than(Backend::Sqlite).await;
    let target = open(&target_db).await;
    let err = restore_backup(
        &target,
        archive.as_slice(),
        &RestoreKey::passphrase(PASSPHRASE.into()),
    )
    .await
    .expect_err("a passphrase does not open a recipient archive");
    assert!(matches!(err, BackupError::WrongKey(_)), "{err:?}");
    let other = {
        use age::secrecy::ExposeSecret;
        age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string()
    };
    let err = restore_backup(
        &target,
        archive.as_slice(),
        &RestoreKey::identity_file(&other).unwrap(),
    )
    .await
    .expect_err("another identity does not open it");
    assert!(matches!(err, BackupError::WrongKey(_)), "{err:?}");
    target.close().await;

    let (target, _) = restore(
        &target_db,
        &archive,
        &RestoreKey::identity_file(&identity_file).unwrap(),
    )
    .await;
    assert_same(&table_digests(&target).await.unwrap(), &original, "x25519");
    target.close().await;
}

#[tokio::test]
async fn an_archive_from_a_newer_schema_is_refused() {
    let source_db = TempDb::sqlite();
    let source = open(&source_db).await;
    fill(&source).await;
    // As if a later kuager had migrated the source.
    let pool = raw(&source_db).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let (archive, summary) = backup(&source, &passphrase()).await;
    assert_eq!(summary.schema_version, 9999);
    source.close().await;

    let target_db = TempDb::sqlite();
    let target = open(&target_db).await;
    let before = table_digests(&target).await.unwrap();
    let err = restore_backup(
        &target,
        archive.as_slice(),
        &RestoreKey::passphrase(PASSPHRASE.into()),
    )
    .await
    .expect_err("newer schema");
    assert!(
        matches!(err, BackupError::SchemaTooNew { archive: 9999, .. }),
        "{err:?}"
    );
    assert_same(
        &table_digests(&target).await.unwrap(),
        &before,
        "newer schema",
    );
    target.close().await;
}
