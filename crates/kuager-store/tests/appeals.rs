//! Collective appeals on SQLite and PostgreSQL: drafting with a version
//! check, citations, the states an appeal goes through, signatures with
//! sealed addresses found by a keyed hash (one per address per appeal),
//! hashed confirmation secrets that work once, moderation and its
//! filters; all of it audited, without an address in the audit log.

use kuager_case::{
    AppealDraft, AppealState, CaseDate, Citation, EventDraft, EventType, LegalDetails, Moderation,
    Participant, ParticipantRole, SignatureDraft, UserRole, Verification,
};
use kuager_store::testing::temp_databases;
use kuager_store::{CaseError, Confirmation, Confirmed, SignatureFilter, Signed, Store};

fn draft() -> AppealDraft {
    AppealDraft {
        title: "Ашық хат: саяси тұтқындарды босатыңыз".into(),
        addressees: "Secretary General of the OSCE\nVienna".into(),
        language: "kk".into(),
        body: "Біз **талап етеміз**.".into(),
    }
}

fn signature(name: &str, email: &str) -> SignatureDraft {
    SignatureDraft {
        name: name.into(),
        role: "journalist".into(),
        organisation: "Free Press, Almaty".into(),
        city: "Almaty".into(),
        country: "Kazakhstan".into(),
        political_group: String::new(),
        email: email.into(),
    }
}

fn confirmation(token: &str) -> Confirmation {
    Confirmation {
        token_hash: format!("hash-of-{token}"),
        expires_at: kuager_store::timestamp_after(3600),
    }
}

async fn editor(store: &Store) -> i64 {
    store
        .add_user(None, "edna", UserRole::Editor, "$argon2id$e")
        .await
        .unwrap()
        .id
}

async fn event(store: &Store, actor: i64) -> i64 {
    store
        .add_event(
            actor,
            &EventDraft {
                event_type: EventType::Detention,
                date: CaseDate::parse("2022-01-06").unwrap(),
                place_key: Some("kz-almaty".into()),
                place_detail: String::new(),
                description: String::new(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: None,
                    name: "Name Only".into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            &[],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_appeal_is_drafted_cited_opened_and_closed() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let editor = editor(&store).await;
        let id = store.add_appeal(editor, &draft()).await.unwrap();
        let a = store.appeal(id).await.unwrap().unwrap();
        assert_eq!((a.state, a.version), (AppealState::Draft, 1), "{b}");
        assert_eq!(a.draft, draft(), "{b}");

        // Bad input names its field; a stale version is refused.
        let mut bad = draft();
        bad.language = "fr".into();
        match store.add_appeal(editor, &bad).await {
            Err(CaseError::Field { field, .. }) => assert_eq!(field, "language", "{b}"),
            other => panic!("{b}: {other:?}"),
        }
        let mut changed = draft();
        changed.title = "Open letter".into();
        store.update_appeal(editor, id, 1, &changed).await.unwrap();
        assert!(matches!(
            store.update_appeal(editor, id, 1, &draft()).await,
            Err(CaseError::StaleVersion { current: 2, .. })
        ));

        // Citations: an existing event, in order, once; a missing one refused.
        let e = event(&store, editor).await;
        store
            .set_appeal_citation(editor, id, &Citation::Event(e), true)
            .await
            .unwrap();
        store
            .set_appeal_citation(editor, id, &Citation::Event(e), true)
            .await
            .unwrap();
        assert!(matches!(
            store
                .set_appeal_citation(editor, id, &Citation::Event(e + 100), true)
                .await,
            Err(CaseError::NotFound {
                entity: "event",
                ..
            })
        ));
        let a = store.appeal(id).await.unwrap().unwrap();
        assert_eq!(a.citations, vec![Citation::Event(e)], "{b}");

        // States move forward only; a closed appeal is final.
        assert!(store
            .set_appeal_state(editor, id, AppealState::Closed)
            .await
            .is_err());
        store
            .set_appeal_state(editor, id, AppealState::Open)
            .await
            .unwrap();
        assert_eq!(
            store.appeals(&[AppealState::Open]).await.unwrap().len(),
            1,
            "{b}"
        );
        store
            .set_appeal_state(editor, id, AppealState::Closed)
            .await
            .unwrap();
        let a = store.appeal(id).await.unwrap().unwrap();
        assert!(a.opened_at.is_some() && a.closed_at.is_some(), "{b}");
        assert!(matches!(
            store.update_appeal(editor, id, a.version, &draft()).await,
            Err(CaseError::Field {
                message: "error-appeal-closed",
                ..
            })
        ));
        let actions: Vec<String> = store
            .audit_of("appeal", &id.to_string())
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            vec!["create", "update", "cite", "open", "closed"],
            "{b}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn signatures_are_sealed_confirmed_once_moderated_and_stop_at_closing() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let editor = editor(&store).await;
        let id = store.add_appeal(editor, &draft()).await.unwrap();

        // A draft takes no signatures.
        assert!(matches!(
            store
                .sign_appeal(
                    id,
                    &signature("Early", "early@example.org"),
                    "en",
                    &confirmation("t0")
                )
                .await,
            Err(CaseError::Field {
                message: "error-appeal-not-open",
                ..
            })
        ));
        store
            .set_appeal_state(editor, id, AppealState::Open)
            .await
            .unwrap();

        let first = store
            .sign_appeal(
                id,
                &signature("Әсел Құрманова", "Asel.Witness@Example.org"),
                "kk",
                &confirmation("t1"),
            )
            .await
            .unwrap();
        let Signed::New(asel) = first else {
            panic!("{b}: {first:?}")
        };
        // The same address (in another case) renews the unconfirmed one.
        let again = store
            .sign_appeal(
                id,
                &signature("Асель Курманова", " asel.witness@example.ORG "),
                "ru",
                &confirmation("t2"),
            )
            .await
            .unwrap();
        assert_eq!(again, Signed::Renewed(asel), "{b}");
        assert!(store
            .has_signed(id, "ASEL.WITNESS@example.org")
            .await
            .unwrap());
        assert!(!store.has_signed(id, "other@example.org").await.unwrap());
        // The old secret no longer works; the new one works once.
        assert_eq!(
            store.confirm_signature("hash-of-t1").await.unwrap(),
            Confirmed::Unknown,
            "{b}"
        );
        assert_eq!(
            store.confirm_signature("hash-of-t2").await.unwrap(),
            Confirmed::Confirmed {
                appeal_id: id,
                signature_id: asel
            },
            "{b}"
        );
        assert_eq!(
            store.confirm_signature("hash-of-t2").await.unwrap(),
            Confirmed::Unknown,
            "{b}"
        );
        // Signing again after confirming changes nothing.
        assert_eq!(
            store
                .sign_appeal(
                    id,
                    &signature("Someone Else", "asel.witness@example.org"),
                    "en",
                    &confirmation("t3")
                )
                .await
                .unwrap(),
            Signed::AlreadyConfirmed(asel),
            "{b}"
        );

        // An expired link does not confirm.
        let Signed::New(late) = store
            .sign_appeal(
                id,
                &signature("Late Signer", "late@example.org"),
                "en",
                &Confirmation {
                    token_hash: "hash-of-old".into(),
                    expires_at: kuager_store::timestamp_after(-60),
                },
            )
            .await
            .unwrap()
        else {
            panic!("{b}")
        };
        assert_eq!(
            store.confirm_signature("hash-of-old").await.unwrap(),
            Confirmed::Unknown,
            "{b}"
        );
        let Signed::New(troll) = store
            .sign_appeal(
                id,
                &signature("Troll", "troll@example.org"),
                "en",
                &confirmation("t4"),
            )
            .await
            .unwrap()
        else {
            panic!("{b}")
        };
        store.confirm_signature("hash-of-t4").await.unwrap();

        // Moderation and the list's filters.
        store
            .moderate_signature(editor, id, asel, Moderation::Approved)
            .await
            .unwrap();
        store
            .moderate_signature(editor, id, troll, Moderation::Rejected)
            .await
            .unwrap();
        assert!(matches!(
            store
                .moderate_signature(editor, id + 1, asel, Moderation::Rejected)
                .await,
            Err(CaseError::NotFound { .. })
        ));
        let counted = store
            .signatures(id, &SignatureFilter::counted())
            .await
            .unwrap();
        assert_eq!(counted.len(), 1, "{b}");
        assert_eq!(
            counted[0].line(),
            "Асель Курманова — journalist, Free Press, Almaty, Almaty, Kazakhstan",
            "{b}"
        );
        let unconfirmed = store
            .signatures(
                id,
                &SignatureFilter {
                    moderation: None,
                    confirmed: Some(false),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            unconfirmed.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![late],
            "{b}"
        );
        let rejected = store
            .signatures(
                id,
                &SignatureFilter {
                    moderation: Some(Moderation::Rejected),
                    confirmed: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            rejected.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![troll]
        );
        assert_eq!(
            store
                .signatures(id, &SignatureFilter::default())
                .await
                .unwrap()
                .len(),
            3,
            "{b}"
        );

        // Addresses are sealed, found only by their keyed hash, and never
        // in the audit log; secrets are not stored as given.
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT email, email_hash FROM appeal_signatures ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        for (email, hash) in &rows {
            assert!(!email.to_lowercase().contains("example.org"), "{b}: sealed");
            assert!(!hash.contains('@') && !hash.contains("example"), "{b}");
        }
        let audit: Vec<(Option<String>,)> =
            sqlx::query_as("SELECT after FROM audit WHERE entity = 'appeal-signature'")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert!(!audit.is_empty());
        for (after,) in &audit {
            let after = after.as_deref().unwrap_or("");
            assert!(!after.contains("example.org"), "{b}: {after}");
        }
        pool.close().await;

        // Closing stops signing and confirming.
        let Signed::New(_) = store
            .sign_appeal(
                id,
                &signature("Last", "last@example.org"),
                "en",
                &confirmation("t5"),
            )
            .await
            .unwrap()
        else {
            panic!("{b}")
        };
        store
            .set_appeal_state(editor, id, AppealState::Closed)
            .await
            .unwrap();
        assert_eq!(
            store.confirm_signature("hash-of-t5").await.unwrap(),
            Confirmed::Closed { appeal_id: id },
            "{b}"
        );
        assert!(store
            .sign_appeal(
                id,
                &signature("After", "after@example.org"),
                "en",
                &confirmation("t6")
            )
            .await
            .is_err());
    }
}
