//! Casework storage (accounts, sessions, reports, events, recognitions,
//! audit log), each test run against SQLite and PostgreSQL.

mod common;

use common::*;
use kuager_case::{
    CaseDate, Charge, Consent, EventDraft, EventType, LegalCode, LegalDetails, PaceCriterion,
    Participant, ParticipantRole, Recognition, RecognitionDecision, ReportDraft, ReportState,
    RuleError, SentenceKind, SourceRef, UserRole, Verification,
};
use kuager_domain::MentionKey;
use kuager_store::testing::{temp_databases, TempDb};
use kuager_store::{
    AuditRecord, CaseError, EventRecord, InsertOutcome, NewAttachment, ReportSummary, Store,
    WorkCounts,
};

async fn open(db: &TempDb) -> Store {
    match db.open().await {
        Ok(store) => store,
        Err(e) => panic!("{}: cannot open {}: {e}", db.backend, db.url),
    }
}

/// An admin and an analyst; returns their ids.
async fn accounts(store: &Store) -> (i64, i64) {
    let admin = store
        .add_user(None, "admin", UserRole::Admin, "$argon2id$admin")
        .await
        .unwrap();
    let analyst = store
        .add_user(Some(admin.id), "Айгерим", UserRole::Analyst, "$argon2id$a")
        .await
        .unwrap();
    (admin.id, analyst.id)
}

fn report_draft(what: &str) -> ReportDraft {
    ReportDraft {
        what: what.to_string(),
        when: "вчера вечером".to_string(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: "у дома".to_string(),
        who: "Арон Атабек\nЖанар".to_string(),
        consent: Some(Consent::Anonymised),
        contact: "+7 700 000 00 00".to_string(),
    }
}

fn attachment(name: &str, bytes: &[u8]) -> NewAttachment {
    NewAttachment {
        file_name: name.to_string(),
        content_type: "application/octet-stream".to_string(),
        bytes: bytes.to_vec(),
    }
}

fn participant(role: ParticipantRole, person: Option<MentionKey>, name: &str) -> Participant {
    Participant {
        role,
        person,
        name: name.to_string(),
        position: String::new(),
        organisation: String::new(),
    }
}

fn event_draft(date: &str, verification: Verification, victim: Option<MentionKey>) -> EventDraft {
    EventDraft {
        event_type: EventType::Detention,
        date: CaseDate::parse(date).unwrap(),
        place_key: Some("kz-almaty".to_string()),
        place_detail: "Абая, 10".to_string(),
        description: "Задержан у дома".to_string(),
        verification,
        participants: vec![
            participant(ParticipantRole::Victim, victim, "Арон Атабек"),
            Participant {
                role: ParticipantRole::Perpetrator,
                person: None,
                name: String::new(),
                position: "начальник".to_string(),
                organisation: "ДП г. Алматы".to_string(),
            },
        ],
        legal: LegalDetails {
            charges: vec![
                Charge::parse(LegalCode::Criminal, "174-1").unwrap(),
                Charge::parse(LegalCode::Administrative, "488").unwrap(),
            ],
            court: "СМУС".to_string(),
            judge: String::new(),
            verdict: String::new(),
            sentence_kind: Some(SentenceKind::Imprisonment),
            sentence_months: Some(84),
            sentence_days: None,
            fine_kzt: Some(3_000_000_000),
        },
    }
}

/// The first person mention of the Kazakh sample document.
async fn sample_mention(store: &Store) -> MentionKey {
    let (doc, x) = kazakh_document();
    assert_eq!(
        store.insert_document(&doc, &x).await.unwrap(),
        InsertOutcome::Inserted
    );
    key(&doc.sha256, x.persons[0].span.start)
}

fn document_source(sha256: &str) -> SourceRef {
    SourceRef::Document {
        sha256: sha256.to_string(),
        start: 0,
        end: 20,
    }
}

fn json(text: &Option<String>) -> serde_json::Value {
    serde_json::from_str(text.as_deref().expect("JSON in the audit record")).unwrap()
}

#[tokio::test]
async fn accounts_and_sessions() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        let (admin, analyst) = accounts(&store).await;
        assert!(matches!(
            store
                .add_user(Some(admin), "admin", UserRole::Volunteer, "x")
                .await,
            Err(CaseError::NameTaken(name)) if name == "admin"
        ));
        let (user, hash) = store.user_by_name("Айгерим").await.unwrap().unwrap();
        assert_eq!(
            (user.id, user.role, user.active),
            (analyst, UserRole::Analyst, true),
            "{b}"
        );
        assert_eq!(hash, "$argon2id$a", "{b}");
        assert_eq!(
            store.user(analyst).await.unwrap(),
            Some(user.clone()),
            "{b}"
        );
        assert_eq!(store.user(999).await.unwrap(), None, "{b}");
        let names: Vec<String> = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["admin", "Айгерим"], "{b}");

        store
            .create_session("live", analyst, "csrf1", "2999-01-01T00:00:00.000Z")
            .await
            .unwrap();
        store
            .create_session("old", analyst, "csrf2", "2000-01-01T00:00:00.000Z")
            .await
            .unwrap();
        let now = "2024-05-01T12:00:00.000Z";
        let session = store.session("live", now).await.unwrap().unwrap();
        assert_eq!(
            (session.user, session.csrf_token.as_str()),
            (user.clone(), "csrf1"),
            "{b}"
        );
        assert_eq!(store.session("old", now).await.unwrap(), None, "{b}");
        assert_eq!(store.session("nope", now).await.unwrap(), None, "{b}");
        assert_eq!(store.purge_sessions(now).await.unwrap(), 1, "{b}");

        // A stale edit is refused; a missing user is not found.
        assert!(matches!(
            store
                .update_user(Some(admin), analyst, 7, UserRole::Editor, true)
                .await,
            Err(CaseError::StaleVersion {
                entity: "user",
                edited: 7,
                current: 1,
                ..
            })
        ));
        assert!(matches!(
            store
                .update_user(Some(admin), 999, 1, UserRole::Editor, true)
                .await,
            Err(CaseError::NotFound { entity: "user", .. })
        ));
        let promoted = store
            .update_user(Some(admin), analyst, 1, UserRole::Editor, true)
            .await
            .unwrap();
        assert_eq!(
            (promoted.role, promoted.version),
            (UserRole::Editor, 2),
            "{b}"
        );
        assert!(store.session("live", now).await.unwrap().is_some(), "{b}");

        // Deactivating ends the sessions at once, for good.
        let gone = store
            .update_user(Some(admin), analyst, 2, UserRole::Editor, false)
            .await
            .unwrap();
        assert!(!gone.active, "{b}");
        assert_eq!(store.session("live", now).await.unwrap(), None, "{b}");
        store
            .update_user(Some(admin), analyst, 3, UserRole::Editor, true)
            .await
            .unwrap();
        assert_eq!(store.session("live", now).await.unwrap(), None, "{b}");

        // An inactive user's session is not valid even if it exists.
        store
            .create_session("again", analyst, "csrf3", "2999-01-01T00:00:00.000Z")
            .await
            .unwrap();
        store
            .update_user(Some(admin), analyst, 4, UserRole::Editor, false)
            .await
            .unwrap();
        assert_eq!(store.session("again", now).await.unwrap(), None, "{b}");

        store
            .set_password(Some(admin), analyst, "$argon2id$new")
            .await
            .unwrap();
        let (after, hash) = store.user_by_name("Айгерим").await.unwrap().unwrap();
        assert_eq!((hash.as_str(), after.version), ("$argon2id$new", 5), "{b}");
        store.delete_session("again").await.unwrap();

        // Audited, without password hashes.
        store
            .audit_event(Some(admin), "login", "user", &admin.to_string())
            .await
            .unwrap();
        let log = store.audit_of("user", &analyst.to_string()).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "create",
                "role",
                "deactivate",
                "activate",
                "deactivate",
                "password"
            ],
            "{b}"
        );
        for a in &log {
            for text in [&a.before, &a.after].into_iter().flatten() {
                assert!(!text.contains("argon2"), "{b}: {text}");
            }
        }
        assert_eq!(json(&log[1].before)["role"], "analyst", "{b}");
        assert_eq!(json(&log[1].after)["role"], "editor", "{b}");
        let latest = store.audit_recent(1).await.unwrap();
        assert_eq!(latest[0].action, "login", "{b}");
        let login = &store.audit_of("user", &admin.to_string()).await.unwrap()[1];
        assert_eq!(
            (
                login.action.as_str(),
                login.user_id,
                &login.before,
                &login.after
            ),
            ("login", Some(admin), &None, &None),
            "{b}"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn reports_with_attachments_amendments_and_reviews() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        let (admin, analyst) = accounts(&store).await;
        let volunteer = store
            .add_user(Some(admin), "vol", UserRole::Volunteer, "h")
            .await
            .unwrap()
            .id;

        let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 255]).collect();
        let long_what = "Ж".repeat(150) + &"z".repeat(100);
        let id = store
            .add_report(
                Some(volunteer),
                &report_draft(&long_what),
                "ru",
                &[attachment("фото.jpg", &bytes), attachment("empty.txt", b"")],
            )
            .await
            .unwrap();
        let report = store.report(id).await.unwrap().unwrap();
        assert_eq!(report.draft, report_draft(&long_what), "{b}");
        assert_eq!(
            (
                report.author_id,
                report.author_name.as_deref(),
                report.state,
                report.version
            ),
            (Some(volunteer), Some("vol"), ReportState::New, 1),
            "{b}"
        );
        assert_eq!(report.attachments.len(), 2, "{b}");
        let meta = &report.attachments[0];
        assert_eq!(meta.size, 259, "{b}");
        assert_eq!(
            report.attachments[1].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "{b}"
        );
        let (stored_meta, stored_bytes) = store.attachment(meta.id).await.unwrap().unwrap();
        assert_eq!(&stored_meta, meta, "{b}");
        assert_eq!(stored_bytes, bytes, "{b}");
        let (_, empty) = store
            .attachment(report.attachments[1].id)
            .await
            .unwrap()
            .unwrap();
        assert!(empty.is_empty(), "{b}");
        assert_eq!(store.attachment(999).await.unwrap(), None, "{b}");

        // From the public form: no author.
        let public = store
            .add_report(None, &report_draft("anonymous"), "kk", &[])
            .await
            .unwrap();
        let queue = store.reports_in_state(ReportState::New, 10).await.unwrap();
        assert_eq!(
            queue.iter().map(|r| r.id).collect::<Vec<_>>(),
            [public, id],
            "{b}"
        );
        assert_eq!(
            queue[1],
            ReportSummary {
                id,
                author_name: Some("vol".to_string()),
                state: ReportState::New,
                consent: Consent::Anonymised,
                what_excerpt: "Ж".repeat(150) + &"z".repeat(50),
                created_at: report.created_at.clone(),
            },
            "{b}"
        );
        assert_eq!(queue[0].author_name, None, "{b}");
        assert_eq!(
            store
                .reports_in_state(ReportState::New, 1)
                .await
                .unwrap()
                .len(),
            1
        );
        let own = store.reports_by_author(volunteer).await.unwrap();
        assert_eq!(own.iter().map(|r| r.id).collect::<Vec<_>>(), [id], "{b}");

        // A stale amendment changes nothing, not even attachments.
        let audit_before = store.audit_recent(100).await.unwrap().len();
        let refused = store
            .amend_report(
                volunteer,
                id,
                5,
                &report_draft("changed"),
                &[attachment("x", b"x")],
            )
            .await;
        assert!(
            matches!(
                refused,
                Err(CaseError::StaleVersion {
                    entity: "report",
                    edited: 5,
                    current: 1,
                    ..
                })
            ),
            "{b}: {refused:?}"
        );
        assert_eq!(store.report(id).await.unwrap().unwrap(), report, "{b}");
        assert_eq!(
            store.audit_recent(100).await.unwrap().len(),
            audit_before,
            "{b}"
        );
        assert!(matches!(
            store
                .amend_report(volunteer, 999, 1, &report_draft("x"), &[])
                .await,
            Err(CaseError::NotFound {
                entity: "report",
                ..
            })
        ));

        store
            .amend_report(
                volunteer,
                id,
                1,
                &report_draft("changed"),
                &[attachment("x", b"x")],
            )
            .await
            .unwrap();
        let amended = store.report(id).await.unwrap().unwrap();
        assert_eq!(
            (amended.draft.what.as_str(), amended.version),
            ("changed", 2),
            "{b}"
        );
        assert_eq!(amended.attachments.len(), 3, "{b}");

        // Review: stale refused, then recorded; duplicates name the original.
        assert!(matches!(
            store
                .review_report(analyst, id, 1, ReportState::Verified, "ok", None)
                .await,
            Err(CaseError::StaleVersion { .. })
        ));
        store
            .review_report(analyst, id, 2, ReportState::Verified, "проверено", None)
            .await
            .unwrap();
        let reviewed = store.report(id).await.unwrap().unwrap();
        assert_eq!(
            (
                reviewed.state,
                reviewed.reviewed_by,
                reviewed.review_note.as_str(),
                reviewed.version
            ),
            (ReportState::Verified, Some(analyst), "проверено", 3),
            "{b}"
        );
        assert!(matches!(
            store
                .review_report(analyst, public, 1, ReportState::Duplicate, "", Some(999))
                .await,
            Err(CaseError::NotFound {
                entity: "report",
                ..
            })
        ));
        store
            .review_report(analyst, public, 1, ReportState::Duplicate, "", Some(id))
            .await
            .unwrap();
        assert_eq!(
            store.report(public).await.unwrap().unwrap().duplicate_of,
            Some(id)
        );
        assert!(store
            .reports_in_state(ReportState::New, 10)
            .await
            .unwrap()
            .is_empty());

        // Names linked to persons, and unlinked.
        let mention = sample_mention(&store).await;
        store
            .link_report_name(analyst, id, "Арон Атабек", Some(&mention))
            .await
            .unwrap();
        let missing = key(&sha(0xDEAD), 0);
        assert!(matches!(
            store
                .link_report_name(analyst, id, "Жанар", Some(&missing))
                .await,
            Err(CaseError::NotFound {
                entity: "mention",
                ..
            })
        ));
        let linked = store.report(id).await.unwrap().unwrap();
        assert_eq!(
            linked.links,
            vec![("Арон Атабек".to_string(), mention.clone())],
            "{b}"
        );
        assert_eq!(linked.version, 3, "{b}");
        store
            .link_report_name(analyst, id, "Арон Атабек", None)
            .await
            .unwrap();
        assert!(
            store.report(id).await.unwrap().unwrap().links.is_empty(),
            "{b}"
        );

        let log = store.audit_of("report", &id.to_string()).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            ["create", "update", "review", "link", "unlink"],
            "{b}"
        );
        assert_eq!(log[0].user_id, Some(volunteer), "{b}");
        let created = json(&log[0].after);
        // The audit log records that fields changed, never what the
        // reporter wrote (sealed fields).
        assert_eq!(created["draft"]["contact"], "[sealed]", "{b}");
        assert!(
            log.iter()
                .all(|a| !format!("{:?}{:?}", a.before, a.after).contains("+7 700")),
            "{b}"
        );
        assert!(!log[0].after.as_ref().unwrap().contains("bytes"), "{b}");
        assert_eq!(
            created["attachments"][0]["sha256"],
            meta.sha256.as_str(),
            "{b}"
        );
        assert_eq!(json(&log[1].before)["version"], 1, "{b}");
        assert_eq!(json(&log[1].after)["draft"]["what"], "[sealed]", "{b}");
        assert_eq!(
            store.report(id).await.unwrap().unwrap().draft.what,
            "changed",
            "{b}"
        );
        let public_log = store.audit_of("report", &public.to_string()).await.unwrap();
        assert_eq!(public_log[0].user_id, None, "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn events_with_participants_charges_and_sources() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        let (_, analyst) = accounts(&store).await;
        let mention = sample_mention(&store).await;
        let report = store
            .add_report(Some(analyst), &report_draft("seen"), "ru", &[])
            .await
            .unwrap();

        // A verified event needs a source.
        let draft = event_draft("2022-01-05", Verification::Verified, Some(mention.clone()));
        assert!(matches!(
            store.add_event(analyst, &draft, &[]).await,
            Err(CaseError::Rule(RuleError::UnsourcedVerification(
                "verified"
            )))
        ));
        // What the sources name must exist.
        assert!(matches!(
            store
                .add_event(analyst, &draft, &[document_source(&sha(0xDEAD))])
                .await,
            Err(CaseError::NotFound {
                entity: "document",
                ..
            })
        ));
        assert!(matches!(
            store
                .add_event(analyst, &draft, &[SourceRef::Report { report_id: 999 }])
                .await,
            Err(CaseError::NotFound {
                entity: "report",
                ..
            })
        ));
        assert!(store.recent_events(10).await.unwrap().is_empty(), "{b}");

        let sources = [
            document_source(&mention.sha256),
            SourceRef::Report { report_id: report },
            SourceRef::Reference {
                citation: "Vlast.kz, 6 January 2022".to_string(),
                url: "https://vlast.kz/".to_string(),
            },
        ];
        let id = store.add_event(analyst, &draft, &sources).await.unwrap();
        let event = store.event(id).await.unwrap().unwrap();
        assert_eq!(event.draft, draft, "{b}");
        assert_eq!(
            event
                .sources
                .iter()
                .map(|s| s.source.clone())
                .collect::<Vec<_>>(),
            sources,
            "{b}"
        );
        assert!(event
            .sources
            .iter()
            .all(|s| s.added_by == Some(analyst) && s.event_id == id));
        assert_eq!((event.version, event.created_by), (1, Some(analyst)), "{b}");
        assert_eq!(store.event(999).await.unwrap(), None, "{b}");

        // Found through the mention, also among many keys (several chunks).
        let others: Vec<MentionKey> = (0..600).map(|i| key(&sha(0xF00), i)).collect();
        let mut keys = others.clone();
        keys.insert(300, mention.clone());
        assert_eq!(
            store.events_of_mentions(&keys).await.unwrap(),
            vec![event.clone()],
            "{b}"
        );
        assert!(
            store.events_of_mentions(&others).await.unwrap().is_empty(),
            "{b}"
        );
        assert!(
            store.events_of_mentions(&[]).await.unwrap().is_empty(),
            "{b}"
        );
        assert_eq!(
            store.events_of_report(report).await.unwrap(),
            vec![event.clone()]
        );

        // Ordered by date, then id; recent events by id, latest first.
        let earlier = store
            .add_event(
                analyst,
                &event_draft("2021", Verification::Reported, Some(mention.clone())),
                &[],
            )
            .await
            .unwrap();
        let later = store
            .add_event(
                analyst,
                &event_draft("2023-03", Verification::Reported, Some(mention.clone())),
                &[],
            )
            .await
            .unwrap();
        let same_day = store
            .add_event(
                analyst,
                &event_draft("2022-01-05", Verification::Disputed, Some(mention.clone())),
                &[],
            )
            .await
            .unwrap();
        let ids = |events: Vec<EventRecord>| events.into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(
            ids(store
                .events_of_mentions(std::slice::from_ref(&mention))
                .await
                .unwrap()),
            [earlier, id, same_day, later],
            "{b}"
        );
        assert_eq!(
            ids(store.recent_events(2).await.unwrap()),
            [same_day, later],
            "{b}"
        );

        // Update: stale refused with nothing changed; then participants and
        // charges replaced as a whole.
        let mut edited = draft.clone();
        edited.participants.truncate(1);
        edited.participants[0].person = None;
        edited
            .participants
            .push(participant(ParticipantRole::Witness, None, "Жанар"));
        edited.legal.charges = vec![Charge::parse(LegalCode::Criminal, "405-2").unwrap()];
        edited.date = CaseDate::parse("2022-01-04..2022-01-07").unwrap();
        edited.legal.fine_kzt = None;
        assert!(matches!(
            store.update_event(analyst, id, 2, &edited).await,
            Err(CaseError::StaleVersion {
                entity: "event",
                edited: 2,
                current: 1,
                ..
            })
        ));
        assert!(matches!(
            store.update_event(analyst, 999, 1, &edited).await,
            Err(CaseError::NotFound {
                entity: "event",
                ..
            })
        ));
        assert_eq!(store.event(id).await.unwrap().unwrap(), event, "{b}");
        store.update_event(analyst, id, 1, &edited).await.unwrap();
        let updated = store.event(id).await.unwrap().unwrap();
        assert_eq!((&updated.draft, updated.version), (&edited, 2), "{b}");
        assert_eq!(updated.sources, event.sources, "{b}");
        assert_eq!(
            ids(store
                .events_of_mentions(std::slice::from_ref(&mention))
                .await
                .unwrap()),
            [earlier, same_day, later],
            "{b}"
        );

        // Sources: the last one of a verified event stays.
        for source in &event.sources[..2] {
            store.remove_source(analyst, source.id).await.unwrap();
        }
        let last = event.sources[2].id;
        assert!(matches!(
            store.remove_source(analyst, last).await,
            Err(CaseError::Rule(RuleError::UnsourcedVerification(
                "verified"
            )))
        ));
        assert!(matches!(
            store.remove_source(analyst, 999).await,
            Err(CaseError::NotFound {
                entity: "source",
                ..
            })
        ));
        let added = store
            .add_source(analyst, earlier, &document_source(&mention.sha256))
            .await
            .unwrap();
        let with_source = store.event(earlier).await.unwrap().unwrap();
        assert_eq!(with_source.sources[0].id, added, "{b}");
        assert_eq!(with_source.version, 1, "{b}");
        // A reported event may lose its last source.
        store.remove_source(analyst, added).await.unwrap();
        // Verifying needs a source.
        let mut verify = event_draft("2021", Verification::Verified, Some(mention.clone()));
        assert!(matches!(
            store.update_event(analyst, earlier, 1, &verify).await,
            Err(CaseError::Rule(RuleError::UnsourcedVerification(
                "verified"
            )))
        ));
        assert_eq!(
            store.event(earlier).await.unwrap().unwrap().version,
            1,
            "{b}"
        );
        verify.verification = Verification::Reported;
        store
            .update_event(analyst, earlier, 1, &verify)
            .await
            .unwrap();

        // Figures.
        store
            .attach_figure(analyst, id, &mention.sha256, 1)
            .await
            .unwrap();
        store
            .attach_figure(analyst, id, &mention.sha256, 1)
            .await
            .unwrap();
        store
            .attach_figure(analyst, id, &mention.sha256, 0)
            .await
            .unwrap();
        assert!(matches!(
            store.attach_figure(analyst, id, &mention.sha256, 9).await,
            Err(CaseError::NotFound {
                entity: "figure",
                ..
            })
        ));
        assert_eq!(
            store.event(id).await.unwrap().unwrap().figures,
            vec![(mention.sha256.clone(), 0), (mention.sha256.clone(), 1)],
            "{b}"
        );
        store
            .detach_figure(analyst, id, &mention.sha256, 0)
            .await
            .unwrap();
        assert_eq!(
            store.event(id).await.unwrap().unwrap().figures.len(),
            1,
            "{b}"
        );

        // The audit log has the event's history with before and after.
        let log: Vec<AuditRecord> = store.audit_of("event", &id.to_string()).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "create",
                "update",
                "remove-source",
                "remove-source",
                "attach-figure",
                "attach-figure",
                "detach-figure"
            ],
            "{b}"
        );
        assert_eq!(log[0].before, None, "{b}");
        assert_eq!(json(&log[0].after)["version"], 1, "{b}");
        let (before, after) = (json(&log[1].before), json(&log[1].after));
        assert_eq!(
            (&before["version"], &after["version"]),
            (&1.into(), &2.into()),
            "{b}"
        );
        assert_eq!(
            before["draft"]["legal"]["charges"][0]["article"], 174,
            "{b}"
        );
        assert_eq!(after["draft"]["legal"]["charges"][0]["article"], 405, "{b}");
        assert!(log.iter().all(|a| a.user_id == Some(analyst)), "{b}");
        assert!(log.windows(2).all(|w| w[0].seq < w[1].seq), "{b}");
        store.close().await;
    }
}

#[tokio::test]
async fn recognitions_and_work_counts() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        assert_eq!(
            store.work_counts().await.unwrap(),
            WorkCounts::default(),
            "{b}"
        );
        let (_, analyst) = accounts(&store).await;
        let mention = sample_mention(&store).await;

        let mut recognition = Recognition {
            decision: RecognitionDecision::Recognised,
            criteria: vec![],
            decided_by: "Kuager editorial board".to_string(),
            decided_on: CaseDate::parse("~2023-02").unwrap(),
            note: "PACE 1900".to_string(),
        };
        assert!(matches!(
            store.add_recognition(analyst, &mention, &recognition).await,
            Err(CaseError::Rule(RuleError::NoCriterion))
        ));
        recognition.criteria = vec![PaceCriterion::A, PaceCriterion::D];
        assert!(matches!(
            store
                .add_recognition(analyst, &key(&sha(0xDEAD), 0), &recognition)
                .await,
            Err(CaseError::NotFound {
                entity: "mention",
                ..
            })
        ));
        let first = store
            .add_recognition(analyst, &mention, &recognition)
            .await
            .unwrap();
        let withdrawn = Recognition {
            decision: RecognitionDecision::Withdrawn,
            criteria: vec![],
            decided_by: "Memorial".to_string(),
            decided_on: CaseDate::parse("2024-03-01").unwrap(),
            note: String::new(),
        };
        let second = store
            .add_recognition(analyst, &mention, &withdrawn)
            .await
            .unwrap();
        let found = store
            .recognitions_of_mentions(&[key(&sha(0xF00), 1), mention.clone(), mention.clone()])
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|r| r.id).collect::<Vec<_>>(),
            [first, second],
            "{b}"
        );
        assert_eq!(found[0].recognition, recognition, "{b}");
        assert_eq!(found[1].recognition, withdrawn, "{b}");
        assert_eq!(
            (&found[0].person, found[0].recorded_by),
            (&mention, Some(analyst)),
            "{b}"
        );
        let log = store
            .audit_of("recognition", &first.to_string())
            .await
            .unwrap();
        assert_eq!(log.len(), 1, "{b}");
        assert_eq!(
            json(&log[0].after)["recognition"]["criteria"][1],
            "d",
            "{b}"
        );

        store
            .add_report(None, &report_draft("a"), "ru", &[])
            .await
            .unwrap();
        store
            .add_report(None, &report_draft("b"), "ru", &[])
            .await
            .unwrap();
        let source = [document_source(&mention.sha256)];
        for verification in [
            Verification::Reported,
            Verification::Disputed,
            Verification::Verified,
        ] {
            let draft = event_draft("2022", verification, None);
            store.add_event(analyst, &draft, &source).await.unwrap();
        }
        assert_eq!(
            store.work_counts().await.unwrap(),
            WorkCounts {
                new_reports: 2,
                review_pairs: 0,
                unverified_events: 2,
                events: 3,
                persons: 0,
                documents: 1,
            },
            "{b}"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn concurrent_changes_get_distinct_numbers() {
    for db in temp_databases().await {
        let store = open(&db).await;
        let b = db.backend;
        let tasks: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut ids = Vec::new();
                    for i in 0..5 {
                        let draft = report_draft(&format!("report {t}.{i}"));
                        ids.push(store.add_report(None, &draft, "ru", &[]).await.unwrap());
                    }
                    ids
                })
            })
            .collect();
        let mut ids = Vec::new();
        for task in tasks {
            ids.extend(task.await.unwrap());
        }
        ids.sort_unstable();
        assert_eq!(ids, (1..=40).collect::<Vec<i64>>(), "{b}");
        let log = store.audit_recent(100).await.unwrap();
        let seqs: Vec<i64> = log.iter().rev().map(|a| a.seq).collect();
        assert_eq!(seqs, (1..=40).collect::<Vec<i64>>(), "{b}");
        // Audit numbers follow commit order, and so do report numbers.
        let entity_ids: Vec<String> = log.iter().rev().map(|a| a.entity_id.clone()).collect();
        let in_order: Vec<String> = (1..=40).map(|i: i64| i.to_string()).collect();
        assert_eq!(entity_ids, in_order, "{b}");
        assert_eq!(store.work_counts().await.unwrap().new_reports, 40, "{b}");
        store.close().await;
    }
}

/// A database made before casework existed is brought up to date, keeping
/// its documents.
#[tokio::test]
async fn upgrading_a_register_without_casework() {
    use sqlx::migrate::Migrator;
    use sqlx::Connection;

    for db in temp_databases().await {
        let b = db.backend;
        // Only the first migration, applied by sqlx as an older version
        // of the store would have.
        let dir = tempfile::tempdir().unwrap();
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(b.name())
            .join("0001_register.sql");
        std::fs::copy(&source, dir.path().join("0001_register.sql")).unwrap();
        let migrator = Migrator::new(dir.path()).await.unwrap();
        let insert = "INSERT INTO documents \
            (sha256, file_name, format, encoding, language, title, body, chars, ingested_at) \
            VALUES ('abc', 'old.txt', 'text', 'UTF-8', 'ru', 'Old', 'Старый текст', 12, \
            '2024-01-01T00:00:00.000Z')";
        match b {
            kuager_store::Backend::Sqlite => {
                let url = format!("{}?mode=rwc", db.url);
                let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
                migrator.run(&mut conn).await.unwrap();
                sqlx::query(insert).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
            kuager_store::Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                migrator.run(&mut conn).await.unwrap();
                sqlx::query(insert).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
        }

        let store = open(&db).await;
        let doc = store.document("abc").await.unwrap().unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.text.as_str()),
            ("Old", "Старый текст"),
            "{b}"
        );
        let (admin, _) = accounts(&store).await;
        let event = event_draft("2022", Verification::Reported, None);
        let source = SourceRef::Document {
            sha256: "abc".to_string(),
            start: 0,
            end: 6,
        };
        let id = store.add_event(admin, &event, &[source]).await.unwrap();
        assert_eq!(store.event(id).await.unwrap().unwrap().draft, event, "{b}");
        assert_eq!(store.work_counts().await.unwrap().documents, 1, "{b}");
        store.close().await;
        // Opening again migrates nothing more.
        open(&db).await.close().await;
    }
}

/// The web app runs these on a multi-threaded runtime: their futures must
/// be `Send`.
#[allow(dead_code)]
fn futures_are_send(store: &Store, draft: &EventDraft, keys: &[MentionKey]) {
    fn send<T: Send>(_: T) {}
    send(store.add_user(None, "", UserRole::Admin, ""));
    send(store.session("", ""));
    send(store.add_report(None, &ReportDraft::default(), "", &[]));
    send(store.amend_report(1, 1, 1, &ReportDraft::default(), &[]));
    send(store.add_event(1, draft, &[]));
    send(store.update_event(1, 1, 1, draft));
    send(store.events_of_mentions(keys));
    send(store.recognitions_of_mentions(keys));
    send(store.audit_event(None, "", "", ""));
    send(store.work_counts());
}

/// The person page's query at the register's size: 300,000 events, two
/// per mention. Ignored by default; run with
/// `cargo nextest run -p kuager-store --run-ignored only --no-capture bench_events`.
#[tokio::test]
#[ignore]
async fn bench_events_of_mentions() {
    use sqlx::Connection;
    use std::time::Instant;

    const EVENTS: i64 = 300_000;
    for db in temp_databases().await {
        let b = db.backend;
        let store = open(&db).await;
        let (admin, _) = accounts(&store).await;
        store.close().await;
        // Bulk rows straight in SQL: one add_event per row would take minutes.
        let (series, sha_sql) = match b {
            kuager_store::Backend::Sqlite => (
                format!("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {EVENTS}) SELECT i FROM s"),
                "printf('%064x', 1)",
            ),
            kuager_store::Backend::Postgres => (
                format!("SELECT i FROM generate_series(1, {EVENTS}) AS s(i)"),
                "lpad('1', 64, '0')",
            ),
        };
        let statements = [
            format!(
                "INSERT INTO events (id, event_type, date_precision, date_start, date_end, \
                 place_key, place_detail, description, verification, created_by, created_at, \
                 updated_at) SELECT i, 'detention', 'day', '2022-01-05', '2022-01-05', \
                 'kz-almaty', '', 'Detained', 'reported', {admin}, '2024', '2024' FROM ({series}) n"
            ),
            format!(
                "INSERT INTO event_participants (event_id, ordinal, role, mention_sha256, \
                 mention_start, name, position, organisation) \
                 SELECT i, 0, 'victim', {sha_sql}, i % {}, 'Name', '', '' FROM ({series}) n",
                EVENTS / 2
            ),
            format!(
                "INSERT INTO event_participants (event_id, ordinal, role, name, position, \
                 organisation) SELECT i, 1, 'perpetrator', '', 'judge', 'Court' FROM ({series}) n"
            ),
            format!(
                "INSERT INTO event_charges (event_id, ordinal, code, article, part) \
                 SELECT i, 0, 'criminal', 174, 1 FROM ({series}) n"
            ),
            format!(
                "INSERT INTO sources (id, event_id, kind, citation, url, added_at) \
                 SELECT i, i, 'reference', 'Vlast.kz', 'https://vlast.kz', '2024' FROM ({series}) n"
            ),
            format!("UPDATE counters SET value = {EVENTS} WHERE name IN ('events', 'sources')"),
            "ANALYZE".to_string(),
        ];
        let t = Instant::now();
        match b {
            kuager_store::Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                for s in &statements {
                    sqlx::query(s).execute(&mut conn).await.unwrap();
                }
                conn.close().await.unwrap();
            }
            kuager_store::Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                for s in &statements {
                    sqlx::query(s).execute(&mut conn).await.unwrap();
                }
                conn.close().await.unwrap();
            }
        }
        eprintln!("{b}: {EVENTS} events stored in {:.2?}", t.elapsed());
        let store = open(&db).await;
        let person: Vec<MentionKey> = (0..5).map(|i| key(&sha(1), 1000 + i * 7)).collect();
        assert_eq!(
            store.events_of_mentions(&person).await.unwrap().len(),
            10,
            "{b}"
        );
        let rounds = 2000;
        let t = Instant::now();
        for _ in 0..rounds {
            store.events_of_mentions(&person).await.unwrap();
        }
        let one = t.elapsed() / rounds;
        let t = Instant::now();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (store, person) = (store.clone(), person.clone());
                tokio::spawn(async move {
                    for _ in 0..rounds / 8 {
                        store.events_of_mentions(&person).await.unwrap();
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let parallel = t.elapsed();
        eprintln!(
            "{b}: events_of_mentions (5 mentions, 10 events): {one:.2?} each; \
             {:.0}/s one at a time, {:.0}/s from 8 tasks",
            1.0 / one.as_secs_f64(),
            f64::from(rounds) / parallel.as_secs_f64()
        );
        let many: Vec<MentionKey> = (0..600).map(|i| key(&sha(1), i * 3)).collect();
        let t = Instant::now();
        let found = store.events_of_mentions(&many).await.unwrap();
        eprintln!(
            "{b}: 600 mentions, {} events: {:.2?}",
            found.len(),
            t.elapsed()
        );
        store.close().await;
    }
}
