//! The newsletter's use cases on SQLite and PostgreSQL, with a real SMTP
//! conversation against the loopback sink: an issue built from published
//! events shows them and not a word of a confidential one (text and HTML
//! parts, feed), an event unpublished later disappears, and sending is
//! resumable: a relay that starts refusing half-way leaves the rest
//! deferred, and the next run sends exactly the rest — every confirmed
//! subscriber exactly once, nobody unconfirmed or unsubscribed.

use kuager_case::newsletter::{DeliveryState, Section};
use kuager_case::{
    CaseDate, Consent, Day, EventDraft, EventType, LegalDetails, Participant, ParticipantRole,
    Publication, UserRole, Verification,
};
use kuager_mail::sink::{AfterLimit, SmtpSink};
use kuager_mail::{Mailer, RelayConfig};
use kuager_register::newsletter::{self as nl, NewsletterError};
use kuager_store::testing::temp_databases;
use kuager_store::{IssueDraft, IssueItem, Store};
use std::collections::BTreeMap;
use std::time::Duration;

const PUBLIC_URL: &str = "https://news.example.org";
/// Words of the event that must never leave the register.
const SECRET_WORDS: [&str; 3] = ["Qoblandy", "Tastak", "Zhelsiz"];

async fn editor(store: &Store) -> i64 {
    store
        .add_user(None, "edna", UserRole::Editor, "$argon2id$e")
        .await
        .unwrap()
        .id
}

/// An event in December 2020 with one named victim; published (with the
/// victim public by name) when `publish`.
async fn event(
    store: &Store,
    actor: i64,
    event_type: EventType,
    date: &str,
    victim: &str,
    description: &str,
    publish: bool,
) -> i64 {
    let id = store
        .add_event(
            actor,
            &EventDraft {
                event_type,
                date: CaseDate::parse(date).unwrap(),
                place_key: Some("kz-almaty".into()),
                place_detail: String::new(),
                description: description.into(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: None,
                    name: victim.into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            &[],
        )
        .await
        .unwrap();
    if publish {
        store
            .set_participant_consent(actor, id, 0, Consent::Public)
            .await
            .unwrap();
        let version = store.event(id).await.unwrap().unwrap().version;
        store
            .set_event_publication(actor, id, version, Publication::Published)
            .await
            .unwrap();
    }
    id
}

/// A published event, a confidential one, an issue for December 2020 in
/// Russian holding the published one; returns (editor, public event,
/// confidential event, issue).
async fn issue_with_two_events(store: &Store) -> (i64, i64, i64, i64) {
    let actor = editor(store).await;
    let public = event(
        store,
        actor,
        EventType::PsychiatricPlacement,
        "2020-12-03",
        "Asel Marzhanova",
        "The blogger was taken to a psychiatric clinic against her will after a post.",
        true,
    )
    .await;
    let secret = event(
        store,
        actor,
        EventType::SearchSeizure,
        "2020-12-04",
        "Dariga Qoblandy",
        "A witness from Tastak saw the search of the Zhelsiz flat.",
        false,
    )
    .await;
    // Outside the period: not suggested.
    event(
        store,
        actor,
        EventType::Detention,
        "2021-02-01",
        "Serik Omarov",
        "Detained at the square.",
        true,
    )
    .await;
    let issue = nl::create_issue(
        store,
        actor,
        &IssueDraft {
            language: "ru".into(),
            period_start: Day::parse_iso("2020-12-01").unwrap(),
            period_end: Day::parse_iso("2020-12-07").unwrap(),
            title: "Неделя правозащитника".into(),
            introduction: String::new(),
        },
    )
    .await
    .unwrap();
    (actor, public, secret, issue)
}

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(RelayConfig::parse(&sink.url(), "Kuager <news@example.org>").unwrap()).unwrap()
}

/// Subscribes and confirms `address` through the use cases, reading the
/// link from the confirmation mail the sink received.
async fn confirmed(store: &Store, mailer: &Mailer, sink: &SmtpSink, address: &str, lang: &str) {
    let before = sink.messages().len();
    nl::subscribe(store, mailer, PUBLIC_URL, address, lang)
        .await
        .unwrap();
    let got = sink.wait_for(before + 1, Duration::from_secs(10)).await;
    let mail = got.last().unwrap();
    assert_eq!(mail.to, vec![address.to_string()]);
    let text = mail.text().unwrap();
    let token = confirm_token(&text);
    assert!(nl::confirm(store, &token).await.unwrap().is_some());
}

fn confirm_token(text: &str) -> String {
    let start = text
        .find("/newsletter/confirm/")
        .expect("a confirmation link")
        + "/newsletter/confirm/".len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_issue_shows_published_events_by_section_and_nothing_confidential() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let (actor, public, secret, issue_id) = issue_with_two_events(&store).await;
        let issue = store.newsletter_issue(issue_id).await.unwrap().unwrap();
        // Only the published event of the period, in its suggested section.
        assert_eq!(
            issue.items,
            vec![IssueItem {
                event_id: public,
                section: Section::PunitivePsychiatry,
                position: 10
            }],
            "{b}"
        );
        // The editor adds the confidential event by hand and moves nothing
        // else: rendering still leaves it out.
        let mut items = issue.items.clone();
        items.push(IssueItem {
            event_id: secret,
            section: Section::Persecution,
            position: 20,
        });
        store
            .update_newsletter_issue(
                actor,
                issue_id,
                issue.version,
                &issue.title,
                "Вступление редактора.",
                &items,
            )
            .await
            .unwrap();
        let number = store
            .publish_newsletter_issue(actor, issue_id, issue.version + 1)
            .await
            .unwrap();
        let issue = store.newsletter_issue(issue_id).await.unwrap().unwrap();
        assert_eq!(issue.number, Some(number));
        let rendered = nl::render_issue(&store, &issue).await.unwrap();
        assert_eq!(
            rendered.events().map(|e| e.id()).collect::<Vec<_>>(),
            vec![public],
            "{b}"
        );

        let sink = SmtpSink::start().await.unwrap();
        let mailer = mailer(&sink);
        confirmed(&store, &mailer, &sink, "reader@example.org", "ru").await;
        let report = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        assert_eq!((report.sent, report.counts.sent), (1, 1), "{b}");
        let got = sink.messages();
        let mail = got.last().unwrap();
        let text = mail.text().unwrap();
        let html = mail.html().unwrap();
        for part in [&text, &html] {
            assert!(part.contains("Asel Marzhanova"), "{b}: {part}");
            assert!(part.contains("psychiatric clinic"), "{b}: {part}");
            for word in SECRET_WORDS {
                assert!(!part.contains(word), "{b}: {word} in {part}");
            }
        }
        assert!(mail.raw.contains("multipart/alternative"), "{b}");
        assert!(!mail.raw.contains("Qoblandy") && !mail.raw.contains("Tastak"));
        assert!(text.contains("Карательная психиатрия"), "{b}: {text}");
        let unsubscribe = mail.header("List-Unsubscribe").unwrap();
        assert!(
            unsubscribe.starts_with("<https://news.example.org/newsletter/unsubscribe/"),
            "{b}: {unsubscribe}"
        );
        assert_eq!(
            mail.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let delivery = &store.newsletter_deliveries(issue_id).await.unwrap()[0];
        assert_eq!(
            mail.header("Message-ID"),
            Some(format!("<{}>", delivery.message_id))
        );

        // The Atom feed says the same.
        let info = kuager_publish::atom::FeedInfo {
            id: "tag:example.org,2026:newsletter".into(),
            title: "Newsletter".into(),
            author: "Kuager".into(),
            updated: "2026-01-01T00:00:00Z".into(),
            self_href: "/newsletter/feed.atom".into(),
            event_href_prefix: "/newsletter/".into(),
        };
        let feed = kuager_publish::atom::issues_feed(
            std::slice::from_ref(&rendered),
            &info,
            "/newsletter/",
            kuager_i18n::Locale::Ru,
        );
        assert!(feed.contains("Asel Marzhanova") && feed.contains("punitive-psychiatry"));
        for word in SECRET_WORDS {
            assert!(!feed.contains(word), "{b}: {word} in the feed");
        }

        // Unpublished later: gone from the archive's rendering and from
        // the mails of a later send.
        let version = store.event(public).await.unwrap().unwrap().version;
        store
            .set_event_publication(actor, public, version, Publication::Unpublished)
            .await
            .unwrap();
        let rendered = nl::render_issue(&store, &issue).await.unwrap();
        assert_eq!(rendered.events().count(), 0, "{b}");
        confirmed(&store, &mailer, &sink, "late@example.org", "ru").await;
        nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        let got = sink.messages();
        let late = got.last().unwrap();
        assert_eq!(late.to, vec!["late@example.org".to_string()]);
        assert!(!late.text().unwrap().contains("Asel Marzhanova"), "{b}");
        assert!(!late.html().unwrap().contains("Asel Marzhanova"), "{b}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_failing_half_way_is_resumed_and_everyone_gets_the_issue_once() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let (actor, _, _, issue_id) = issue_with_two_events(&store).await;
        let issue = store.newsletter_issue(issue_id).await.unwrap().unwrap();
        let sink = SmtpSink::start().await.unwrap();
        let mailer = mailer(&sink);
        // A draft is not sent.
        let err = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(err, NewsletterError::NotPublished(_)),
            "{b}: {err}"
        );
        store
            .publish_newsletter_issue(actor, issue_id, issue.version)
            .await
            .unwrap();

        let readers: Vec<String> = (0..6).map(|i| format!("reader{i}@example.org")).collect();
        for r in &readers {
            confirmed(&store, &mailer, &sink, r, "ru").await;
        }
        // Subscribing again does not duplicate (and confirms nothing new).
        confirmed(&store, &mailer, &sink, "READER0@example.org", "ru").await;
        // Someone who never confirmed, one of another edition, one who left.
        nl::subscribe(&store, &mailer, PUBLIC_URL, "pending@example.org", "ru")
            .await
            .unwrap();
        confirmed(&store, &mailer, &sink, "kazakh@example.org", "kk").await;
        confirmed(&store, &mailer, &sink, "gone@example.org", "ru").await;
        let counts = store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(
            counts.count("ru", kuager_case::newsletter::SubscriberState::Confirmed),
            7,
            "{b}"
        );
        let before = sink.messages().len();
        // `gone` unsubscribes with the token of a first (partial) run's
        // mail: here simply from the store, by its sealed token.
        let gone_token = {
            store
                .newsletter_start_deliveries(None, issue_id, "example.org")
                .await
                .unwrap();
            let open = store.newsletter_open_deliveries(issue_id).await.unwrap();
            let gone = open
                .iter()
                .find(|d| d.address.as_deref() == Some("gone@example.org"))
                .unwrap();
            gone.unsubscribe_token.clone().unwrap()
        };
        assert!(nl::unsubscribe(&store, &gone_token)
            .await
            .unwrap()
            .is_some());

        sink.fail_after(before + 2, AfterLimit::Refuse);
        let mut seen = Vec::new();
        let first = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |p| {
            seen.push(p)
        })
        .await
        .unwrap();
        assert_eq!(first.sent, 2, "{b}: {first:?}");
        assert_eq!(first.deferred, 4, "{b}: {first:?}");
        assert_eq!(first.skipped, 1, "{b}: {first:?}");
        assert_eq!(first.counts.open(), 4, "{b}");
        assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((7, 7)));
        let status = store.newsletter_deliveries(issue_id).await.unwrap();
        let deferred: Vec<_> = status
            .iter()
            .filter(|d| d.state == DeliveryState::Deferred)
            .collect();
        assert_eq!(deferred.len(), 4, "{b}");
        let why = store
            .newsletter_delivery_error(issue_id, deferred[0].subscriber_id)
            .await
            .unwrap()
            .unwrap();
        assert!(why.contains("451"), "{b}: {why}");

        sink.recover();
        let second = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        assert_eq!((second.sent, second.deferred), (4, 0), "{b}: {second:?}");
        assert_eq!(second.counts.open(), 0, "{b}");
        // A third run has nothing left to do.
        let third = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(third.sent, 0, "{b}");

        let mut received: BTreeMap<String, usize> = BTreeMap::new();
        for m in &sink.messages()[before..] {
            *received.entry(m.to[0].clone()).or_default() += 1;
        }
        let expected: BTreeMap<String, usize> = readers.iter().map(|r| (r.clone(), 1)).collect();
        assert_eq!(
            received, expected,
            "{b}: every confirmed reader exactly once"
        );
        assert!(store
            .newsletter_subscriber_address(
                status
                    .iter()
                    .find(|d| d.state == DeliveryState::Skipped)
                    .unwrap()
                    .subscriber_id
            )
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_run_at_a_time_sends_an_issue() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let (actor, _, _, issue_id) = issue_with_two_events(&store).await;
        let issue = store.newsletter_issue(issue_id).await.unwrap().unwrap();
        store
            .publish_newsletter_issue(actor, issue_id, issue.version)
            .await
            .unwrap();
        let sink = SmtpSink::start().await.unwrap();
        let mailer = mailer(&sink);
        confirmed(&store, &mailer, &sink, "one@example.org", "ru").await;
        let before = sink.messages().len();

        // Another run holds the issue: this one sends nothing.
        assert!(store
            .newsletter_take_send_lease(issue_id, "other-run", 60)
            .await
            .unwrap());
        assert!(store
            .newsletter_send_lease_until(issue_id)
            .await
            .unwrap()
            .is_some());
        let err = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(err, NewsletterError::AlreadySending(id) if id == issue_id),
            "{b}: {err}"
        );
        assert_eq!(sink.messages().len(), before, "{b}: nothing sent");
        // Someone else cannot take it either, the holder can renew it.
        assert!(!store
            .newsletter_take_send_lease(issue_id, "third-run", 60)
            .await
            .unwrap());
        assert!(store
            .newsletter_take_send_lease(issue_id, "other-run", 60)
            .await
            .unwrap());

        // The other run crashed: once its hold has expired, a run resumes.
        assert!(store
            .newsletter_take_send_lease(issue_id, "other-run", -1)
            .await
            .unwrap());
        assert_eq!(
            store.newsletter_send_lease_until(issue_id).await.unwrap(),
            None,
            "{b}"
        );
        let report = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(report.sent, 1, "{b}: {report:?}");
        assert_eq!(sink.messages().len(), before + 1, "{b}");
        // The finished run gave the lease back: the next starts at once.
        assert_eq!(
            store.newsletter_send_lease_until(issue_id).await.unwrap(),
            None,
            "{b}"
        );
        let again = nl::send_issue(&store, &mailer, PUBLIC_URL, issue_id, None, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(again.sent, 0, "{b}");
    }
}
