//! Newsletter storage on SQLite and PostgreSQL: issues (version-checked,
//! frozen once published, numbered), subscribers (sealed addresses found
//! by a keyed hash, never duplicated, erased on unsubscribing; tokens
//! stored hashed), and deliveries made idempotently with stable
//! Message-IDs.

use kuager_case::newsletter::{DeliveryState, Section, SubscriberState};
use kuager_case::{
    CaseDate, Day, EventDraft, EventType, LegalDetails, Participant, ParticipantRole, UserRole,
    Verification,
};
use kuager_store::testing::temp_databases;
use kuager_store::{newsletter_token_hash, CaseError, IssueDraft, IssueItem, Store};
use sqlx::{Connection, Row};

const ADDRESS: &str = "aigerim.reader@example.org";

async fn raw_subscribers(url: &str) -> Vec<String> {
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT COALESCE(address_hash, ''), COALESCE(address, ''), COALESCE(confirm_hash, ''), \
         unsubscribe_hash, COALESCE(unsubscribe_token, '') FROM newsletter_subscribers",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.iter()
        .flat_map(|r| (0..5).map(|i| r.get::<String, _>(i)).collect::<Vec<_>>())
        .collect()
}

async fn one_event(store: &Store, actor: i64) -> i64 {
    store
        .add_event(
            actor,
            &EventDraft {
                event_type: EventType::Detention,
                date: CaseDate::parse("2020-12-02").unwrap(),
                place_key: None,
                place_detail: String::new(),
                description: "Detained at a picket".into(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: None,
                    name: "Nurlan Abenov".into(),
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
async fn subscribers_are_sealed_found_blind_never_duplicated_and_erased_on_leaving() {
    sqlx::any::install_default_drivers();
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let expires = kuager_store::timestamp_after(3600);
        let first = store
            .newsletter_subscribe(
                ADDRESS,
                "ru",
                &newsletter_token_hash("confirm-first"),
                &expires,
                "unsubscribe-first",
            )
            .await
            .unwrap();
        assert!(first.new, "{b}");
        // The same address again, differently typed: the same subscriber.
        let again = store
            .newsletter_subscribe(
                " Aigerim.Reader@EXAMPLE.org",
                "kk",
                &newsletter_token_hash("confirm-second"),
                &expires,
                "unsubscribe-second",
            )
            .await
            .unwrap();
        assert_eq!(
            (again.subscriber_id, again.new),
            (first.subscriber_id, false),
            "{b}"
        );
        // Nothing stored shows the address or a token.
        let raw = raw_subscribers(&db.url).await;
        assert_eq!(raw.len(), 5, "{b}: one row");
        for value in &raw {
            for secret in [
                "aigerim",
                "example.org",
                "confirm-second",
                "unsubscribe-first",
            ] {
                assert!(!value.contains(secret), "{b}: {secret} in {value}");
            }
        }
        // The first link was replaced by the second; the pending
        // subscriber takes the edition last asked for.
        let now = kuager_store::now_utc();
        assert!(store
            .newsletter_confirm(&newsletter_token_hash("confirm-first"), &now)
            .await
            .unwrap()
            .is_none());
        let s = store
            .newsletter_confirm(&newsletter_token_hash("confirm-second"), &now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (s.state, s.language.as_str()),
            (SubscriberState::Confirmed, "kk")
        );
        // A used link does not work twice; an expired one never.
        assert!(store
            .newsletter_confirm(&newsletter_token_hash("confirm-second"), &now)
            .await
            .unwrap()
            .is_none());
        store
            .newsletter_subscribe(
                ADDRESS,
                "en",
                &newsletter_token_hash("confirm-third"),
                &now,
                "unsubscribe-third",
            )
            .await
            .unwrap();
        let later = kuager_store::timestamp_after(10);
        assert!(store
            .newsletter_confirm(&newsletter_token_hash("confirm-third"), &later)
            .await
            .unwrap()
            .is_none());
        // A confirmed subscriber asking for another edition keeps theirs
        // until they follow the link.
        let counts = store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(counts.count("kk", SubscriberState::Confirmed), 1, "{b}");
        assert_eq!(
            store
                .newsletter_subscriber_address(first.subscriber_id)
                .await
                .unwrap()
                .as_deref(),
            Some(ADDRESS)
        );

        // Unsubscribing by the first token (the one kept) erases the
        // address; doing it again changes nothing; a wrong token is none.
        let gone = store
            .newsletter_unsubscribe(&newsletter_token_hash("unsubscribe-first"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(gone.state, SubscriberState::Unsubscribed);
        assert!(store
            .newsletter_unsubscribe(&newsletter_token_hash("unsubscribe-first"))
            .await
            .unwrap()
            .is_some());
        assert!(store
            .newsletter_unsubscribe(&newsletter_token_hash("unsubscribe-second"))
            .await
            .unwrap()
            .is_none());
        assert!(store
            .newsletter_subscriber_address(first.subscriber_id)
            .await
            .unwrap()
            .is_none());
        let raw = raw_subscribers(&db.url).await;
        assert_eq!(raw[0], "", "{b}: the keyed hash is erased");
        assert_eq!(raw[1], "", "{b}: the sealed address is erased");
        // Coming back makes a new subscriber, pending again.
        let back = store
            .newsletter_subscribe(
                ADDRESS,
                "ru",
                &newsletter_token_hash("confirm-fourth"),
                &expires,
                "unsubscribe-fourth",
            )
            .await
            .unwrap();
        assert!(back.new && back.subscriber_id != first.subscriber_id, "{b}");
        // Every change is audited, without the address.
        let audit = store
            .audit_of("newsletter-subscriber", &first.subscriber_id.to_string())
            .await
            .unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "subscribe",
                "subscribe",
                "confirm",
                "subscribe",
                "unsubscribe"
            ],
            "{b}"
        );
        for a in &audit {
            assert!(!a.after.clone().unwrap_or_default().contains("aigerim"));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn issues_are_version_checked_frozen_when_published_and_deliveries_made_once() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let actor = store
            .add_user(None, "edna", UserRole::Editor, "$argon2id$e")
            .await
            .unwrap()
            .id;
        let event = one_event(&store, actor).await;
        let draft = IssueDraft {
            language: "en".into(),
            period_start: Day::parse_iso("2020-12-01").unwrap(),
            period_end: Day::parse_iso("2020-12-07").unwrap(),
            title: "Week 49".into(),
            introduction: String::new(),
        };
        let bad = IssueDraft {
            language: "de".into(),
            ..draft.clone()
        };
        let err = store
            .add_newsletter_issue(actor, &bad, &[])
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                CaseError::Field {
                    field: "language",
                    ..
                }
            ),
            "{b}: {err}"
        );
        let item = IssueItem {
            event_id: event,
            section: Section::Persecution,
            position: 10,
        };
        let err = store
            .add_newsletter_issue(actor, &draft, &[item.clone(), item.clone()])
            .await
            .unwrap_err();
        assert!(
            matches!(err, CaseError::Field { field: "items", .. }),
            "{b}"
        );
        let id = store
            .add_newsletter_issue(actor, &draft, std::slice::from_ref(&item))
            .await
            .unwrap();
        let moved = IssueItem {
            section: Section::Solidarity,
            ..item.clone()
        };
        store
            .update_newsletter_issue(
                actor,
                id,
                1,
                "Week 49",
                "Intro",
                std::slice::from_ref(&moved),
            )
            .await
            .unwrap();
        let err = store
            .update_newsletter_issue(actor, id, 1, "Week 49", "Lost", &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err, CaseError::StaleVersion { current: 2, .. }),
            "{b}: {err}"
        );
        let number = store.publish_newsletter_issue(actor, id, 2).await.unwrap();
        assert_eq!(number, 1, "{b}");
        let err = store
            .update_newsletter_issue(actor, id, 3, "Changed", "", &[])
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                CaseError::Field {
                    message: "newsletter-error-published",
                    ..
                }
            ),
            "{b}: {err}"
        );
        let issue = store.newsletter_issue_by_number(1).await.unwrap().unwrap();
        assert_eq!((issue.id, issue.items.clone()), (id, vec![moved]), "{b}");
        assert!(issue.published && issue.introduction == "Intro");

        // Deliveries: only confirmed subscribers of the edition, once.
        let expires = kuager_store::timestamp_after(3600);
        let now = kuager_store::now_utc();
        for (i, lang, confirm) in [
            (0, "en", true),
            (1, "en", false),
            (2, "ru", true),
            (3, "en", true),
        ] {
            let c = format!("c{i}");
            store
                .newsletter_subscribe(
                    &format!("r{i}@example.org"),
                    lang,
                    &newsletter_token_hash(&c),
                    &expires,
                    &format!("u{i}"),
                )
                .await
                .unwrap();
            if confirm {
                store
                    .newsletter_confirm(&newsletter_token_hash(&c), &now)
                    .await
                    .unwrap()
                    .unwrap();
            }
        }
        assert_eq!(
            store
                .newsletter_start_deliveries(Some(actor), id, "example.org")
                .await
                .unwrap(),
            2,
            "{b}"
        );
        assert_eq!(
            store
                .newsletter_start_deliveries(Some(actor), id, "example.org")
                .await
                .unwrap(),
            0,
            "{b}: made once"
        );
        let open = store.newsletter_open_deliveries(id).await.unwrap();
        let addresses: Vec<_> = open.iter().filter_map(|d| d.address.clone()).collect();
        assert_eq!(addresses, ["r0@example.org", "r3@example.org"], "{b}");
        assert_eq!(open[0].unsubscribe_token.as_deref(), Some("u0"));
        let first = &open[0];
        assert_eq!(
            first.message_id,
            format!("{id}.{}.newsletter@example.org", first.subscriber_id)
        );
        store
            .newsletter_mark_delivery(id, first.subscriber_id, DeliveryState::InFlight, None)
            .await
            .unwrap();
        store
            .newsletter_mark_delivery(id, first.subscriber_id, DeliveryState::Sent, None)
            .await
            .unwrap();
        let counts = store.newsletter_delivery_counts(id).await.unwrap();
        assert_eq!(
            (counts.sent, counts.pending, counts.open()),
            (1, 1, 1),
            "{b}"
        );
        let rows = store.newsletter_deliveries(id).await.unwrap();
        assert_eq!(rows[0].attempts, 1);
        assert!(rows[0].sent_at.is_some());
        // The draft of another issue cannot be sent.
        let draft_id = store
            .add_newsletter_issue(actor, &draft, &[])
            .await
            .unwrap();
        assert!(store
            .newsletter_start_deliveries(Some(actor), draft_id, "example.org")
            .await
            .is_err());
        // Only published events of the period are suggested.
        assert!(store
            .published_events_between(draft.period_start, draft.period_end)
            .await
            .unwrap()
            .is_empty());
    }
}
