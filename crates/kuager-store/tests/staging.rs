//! Staging of external lists, on SQLite and PostgreSQL: an import and its
//! rows stored once per file, the rows' personal data sealed, decisions
//! recorded, and a commit that writes record documents, identity decisions
//! and unpublished events in one audited, logged transaction — and nothing
//! when repeated.

use kuager_case::{
    CaseDate, EventDraft, EventType, LegalDetails, Participant, ParticipantRole, Publication,
    SourceRef, UserRole, Verification,
};
use kuager_domain::{
    Decision, Document, DocumentFormat, Extraction, Language, MentionKey, PersonMention,
    PersonName, Span,
};
use kuager_store::testing::temp_databases;
use kuager_store::{
    CaseError, NewStagingImport, NewStagingRow, StagingCandidate, StagingChoice, StagingCommitRow,
    StagingFields, Store, StoreError,
};

const NAME: &str = "Сапарғали Әлібекұлы";

fn import() -> NewStagingImport {
    NewStagingImport {
        file_name: "ustaldy-tizim.csv".into(),
        sha256: "ab".repeat(32),
        citation: "Тізім of the Almaty defenders' group".into(),
        url: String::new(),
        event_type: Some("detention".into()),
        encoding: "UTF-8".into(),
        columns: vec![("full_name".into(), "Аты-жөні".into())],
    }
}

fn rows() -> Vec<NewStagingRow> {
    vec![
        NewStagingRow {
            row_number: 2,
            fields: StagingFields {
                full_name: NAME.into(),
                birth_year: Some(1981),
                city: Some("Алматы".into()),
                event_date: Some("2022-01-06".into()),
                ..StagingFields::default()
            },
            candidates: vec![StagingCandidate {
                person_id: "p0000000001".into(),
                name: "Saparghali Alibekuly".into(),
                anchor: MentionKey {
                    sha256: "cd".repeat(32),
                    start: 4,
                },
                score: 0.97,
                evidence: vec!["same family name".into(), "same given name".into()],
            }],
        },
        NewStagingRow {
            row_number: 3,
            fields: StagingFields {
                full_name: "Gulnara Temirova".into(),
                ..StagingFields::default()
            },
            candidates: Vec::new(),
        },
    ]
}

/// What committing row 2 as a new person writes.
fn commit_row(source_doc: &Document) -> StagingCommitRow {
    let text = format!("{NAME}\n\nrow 2");
    let name = PersonName {
        given: vec!["Сапарғали".into()],
        family: vec!["Әлібекұлы".into()],
        ..PersonName::default()
    };
    let document = Document {
        file_name: "staging:1:2".into(),
        sha256: "ef".repeat(32),
        format: DocumentFormat::Text,
        encoding: "UTF-8".into(),
        language: Language::Kk,
        title: "List row".into(),
        text,
    };
    let mention = MentionKey {
        sha256: document.sha256.clone(),
        start: 0,
    };
    StagingCommitRow {
        row_number: 2,
        extraction: Extraction {
            persons: vec![PersonMention {
                span: Span::new(0, NAME.chars().count()),
                text: NAME.into(),
                name,
                refers_to: None,
            }],
            ..Extraction::default()
        },
        document,
        decisions: vec![Decision::Distinct {
            a: mention.clone(),
            b: MentionKey {
                sha256: source_doc.sha256.clone(),
                start: 0,
            },
        }],
        event: Some((
            EventDraft {
                event_type: EventType::Detention,
                date: CaseDate::parse("2022-01-06").unwrap(),
                place_key: Some("kz-almaty".into()),
                place_detail: "Алматы".into(),
                description: String::new(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: Some(mention),
                    name: NAME.into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            vec![SourceRef::Reference {
                citation: "Тізім of the Almaty defenders' group, row 2".into(),
                url: String::new(),
            }],
        )),
    }
}

/// A document already in the register (a candidate's mention).
async fn register_document(store: &Store) -> Document {
    let doc = Document {
        file_name: "report.txt".into(),
        sha256: "cd".repeat(32),
        format: DocumentFormat::Text,
        encoding: "UTF-8".into(),
        language: Language::En,
        title: "Report".into(),
        text: "Saparghali Alibekuly was seen.".into(),
    };
    let extraction = Extraction {
        persons: vec![PersonMention {
            span: Span::new(0, 20),
            text: "Saparghali Alibekuly".into(),
            name: PersonName {
                given: vec!["Saparghali".into()],
                family: vec!["Alibekuly".into()],
                ..PersonName::default()
            },
            refers_to: None,
        }],
        ..Extraction::default()
    };
    store.insert_document(&doc, &extraction).await.unwrap();
    doc
}

#[tokio::test(flavor = "multi_thread")]
async fn a_staged_list_is_stored_once_sealed_and_committed_once() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let analyst = store
            .add_user(None, "Дана", UserRole::Analyst, "$argon2id$x")
            .await
            .unwrap()
            .id;
        let source_doc = register_document(&store).await;

        let first = store
            .add_staging_import(Some(analyst), &import(), &rows())
            .await
            .unwrap();
        assert!(first.created, "{b}");
        // The same file again: the same import, nothing new.
        let again = store
            .add_staging_import(Some(analyst), &import(), &rows())
            .await
            .unwrap();
        assert_eq!((again.id, again.created), (first.id, false), "{b}");
        let imports = store.staging_imports().await.unwrap();
        assert_eq!(imports.len(), 1, "{b}");
        assert_eq!(imports[0].counts.rows, 2, "{b}");
        assert_eq!(imports[0].counts.pending, 2, "{b}");
        assert_eq!(imports[0].imported_by_name.as_deref(), Some("Дана"));

        let (_, staged) = store.staging_import(first.id).await.unwrap().unwrap();
        assert_eq!(staged[0].fields.full_name, NAME, "{b}: opened");
        assert_eq!(staged[0].fields.birth_year, Some(1981));
        assert_eq!(staged[0].candidates[0].person_id, "p0000000001");
        assert_eq!(staged[0].choice, StagingChoice::Pending);

        // Sealed at rest: the name is nowhere in the rows' columns.
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT fields || candidates FROM staging_rows ORDER BY row_number")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(stored.len(), 2, "{b}");
        for s in &stored {
            assert!(!s.contains("Сапарғали"), "{b}: {s}");
            assert!(!s.contains("Temirova"), "{b}: {s}");
            assert!(!s.contains("same family name"), "{b}: {s}");
        }
        pool.close().await;

        store
            .decide_staging_row(Some(analyst), first.id, 2, &StagingChoice::Create)
            .await
            .unwrap();
        store
            .decide_staging_row(Some(analyst), first.id, 3, &StagingChoice::Reject)
            .await
            .unwrap();
        let missing = store
            .decide_staging_row(Some(analyst), first.id, 9, &StagingChoice::Reject)
            .await;
        assert!(
            matches!(missing, Err(CaseError::NotFound { .. })),
            "{b}: {missing:?}"
        );

        let written = store
            .commit_staging(Some(analyst), first.id, &[commit_row(&source_doc)])
            .await
            .unwrap();
        assert_eq!(written.len(), 1, "{b}");
        let event_id = written[0].event_id.expect("an event");
        let event = store.event(event_id).await.unwrap().unwrap();
        assert_eq!(event.draft.event_type, EventType::Detention);
        assert_eq!(event.sources.len(), 1);
        assert_eq!(
            store
                .event_publication(event_id)
                .await
                .unwrap()
                .unwrap()
                .publication,
            Publication::Unpublished,
            "{b}: events from a list wait for an editor"
        );
        assert!(store.has_document(&"ef".repeat(32)).await.unwrap());
        let decisions = store.decisions().await.unwrap();
        assert_eq!(decisions.len(), 1, "{b}");
        assert!(matches!(decisions[0], Decision::Distinct { .. }));

        let (import, staged) = store.staging_import(first.id).await.unwrap().unwrap();
        assert_eq!(import.counts.committed, 1, "{b}");
        assert_eq!(staged[0].event_id, Some(event_id));
        assert_eq!(staged[0].mention.as_ref().unwrap().sha256, "ef".repeat(32));
        assert!(staged[0].committed_at.is_some());
        assert!(
            staged[1].committed_at.is_none(),
            "{b}: a rejected row stays out"
        );

        // Committing again writes nothing twice.
        let events_before = store.recent_events(100).await.unwrap().len();
        let twice = store
            .commit_staging(Some(analyst), first.id, &[commit_row(&source_doc)])
            .await
            .unwrap();
        assert!(twice.is_empty(), "{b}");
        assert_eq!(store.recent_events(100).await.unwrap().len(), events_before);
        assert_eq!(store.decisions().await.unwrap().len(), 1, "{b}");

        // A committed row's decision cannot change any more.
        let late = store
            .decide_staging_row(Some(analyst), first.id, 2, &StagingChoice::Reject)
            .await;
        assert!(
            matches!(late, Err(CaseError::Store(StoreError::Invalid { .. }))),
            "{b}: {late:?}"
        );

        // Audited and in the verifiable log.
        let audit = store.audit_recent(100).await.unwrap();
        for action in ["create", "decide", "commit"] {
            assert!(
                audit
                    .iter()
                    .any(|a| a.entity == "staging-import" && a.action == action),
                "{b}: no {action} of the staging import in the audit log"
            );
        }
        assert!(audit
            .iter()
            .any(|a| a.entity == "event" && a.entity_id == event_id.to_string()));
        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
    }
}
