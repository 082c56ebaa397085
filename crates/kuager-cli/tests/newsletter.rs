//! `kuager newsletter send` SIGKILLed part-way through and run again, on
//! SQLite and PostgreSQL, against the loopback SMTP sink: every confirmed
//! subscriber gets the issue, nobody twice unless their delivery was in
//! flight at the kill (at most one, with the same Message-ID both times),
//! and the unconfirmed address gets nothing. `newsletter status --json`
//! reports the deliveries.

use kuager_case::{
    CaseDate, Consent, Day, EventDraft, EventType, LegalDetails, Participant, ParticipantRole,
    Publication, UserRole, Verification,
};
use kuager_mail::sink::SmtpSink;
use kuager_store::testing::temp_databases;
use kuager_store::{newsletter_token_hash, IssueDraft, Store};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KUAGER: &str = env!("CARGO_BIN_EXE_kuager");
const SUBSCRIBERS: usize = 60;

fn kuager(db: &str) -> Command {
    let mut c = Command::new(KUAGER);
    c.arg("--db").arg(db);
    c.env_remove("KUAGER_DB")
        .env_remove("KUAGER_KEY_FILE")
        .env_remove("KUAGER_PASSPHRASE")
        .env_remove("KUAGER_SMTP_URL")
        .env_remove("KUAGER_MAIL_FROM")
        .env_remove("KUAGER_PUBLIC_URL")
        .env("NO_COLOR", "1");
    c
}

fn send(db: &str, issue: i64, sink: &SmtpSink) -> Command {
    let mut c = kuager(db);
    c.args(["newsletter", "send", &issue.to_string()])
        .args(["--smtp-url", &sink.url()])
        .args(["--mail-from", "Kuager <news@example.org>"])
        .args(["--public-url", "https://news.example.org"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// A published issue with one published event, `SUBSCRIBERS` confirmed
/// subscribers and one who never confirmed.
async fn seed(store: &Store) -> i64 {
    let actor = store
        .add_user(None, "edna", UserRole::Editor, "$argon2id$e")
        .await
        .unwrap()
        .id;
    let event = store
        .add_event(
            actor,
            &EventDraft {
                event_type: EventType::Detention,
                date: CaseDate::parse("2020-12-02").unwrap(),
                place_key: Some("kz-almaty".into()),
                place_detail: String::new(),
                description: "Detained on the way to a picket.".into(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: None,
                    name: "Timur Abenov".into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            &[],
        )
        .await
        .unwrap();
    store
        .set_participant_consent(actor, event, 0, Consent::Public)
        .await
        .unwrap();
    let v = store.event(event).await.unwrap().unwrap().version;
    store
        .set_event_publication(actor, event, v, Publication::Published)
        .await
        .unwrap();
    let issue = kuager_register::newsletter::create_issue(
        store,
        actor,
        &IssueDraft {
            language: "en".into(),
            period_start: Day::parse_iso("2020-12-01").unwrap(),
            period_end: Day::parse_iso("2020-12-07").unwrap(),
            title: "Week 49".into(),
            introduction: "Seven days.".into(),
        },
    )
    .await
    .unwrap();
    store
        .publish_newsletter_issue(actor, issue, 1)
        .await
        .unwrap();
    let expires = kuager_store::timestamp_after(3600);
    let now = kuager_store::now_utc();
    for i in 0..=SUBSCRIBERS {
        let confirm = format!("confirm-{i}");
        store
            .newsletter_subscribe(
                &format!("reader{i:03}@example.org"),
                "en",
                &newsletter_token_hash(&confirm),
                &expires,
                &format!("unsubscribe-{i}"),
            )
            .await
            .unwrap();
        // The last one never confirms.
        if i < SUBSCRIBERS {
            store
                .newsletter_confirm(&newsletter_token_hash(&confirm), &now)
                .await
                .unwrap()
                .unwrap();
        }
    }
    issue
}

#[tokio::test(flavor = "multi_thread")]
async fn send_killed_part_way_and_rerun_reaches_everyone_once() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let b = store.backend().name();
        let issue = seed(&store).await;
        let sink = SmtpSink::start().await.unwrap();

        let mut child = send(&db.url, issue, &sink).spawn().unwrap();
        // Kill it once a few mails went through (no timing assertion: the
        // rerun must fix whatever point the kill hit).
        let deadline = Instant::now() + Duration::from_secs(120);
        while sink.messages().len() < 5 && Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let still_running = child.try_wait().unwrap().is_none();
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // A message the killed run finished sending may still be on its
        // way into the sink: count once its connection has closed.
        assert!(
            sink.wait_idle(Duration::from_secs(30)).await,
            "{b}: the killed run's connection stays open"
        );
        let at_kill = sink.messages().len();
        eprintln!("{b}: killed (running: {still_running}) after {at_kill} mails");
        assert!(at_kill >= 5, "{b}: the first run sent some mail");

        // The killed run still holds the issue: a plain rerun says so and
        // sends nothing; the operator, knowing it is dead, takes over.
        // (A run that had finished before the kill gave it back.)
        if still_running {
            let before_rerun = sink.messages().len();
            let refused = send(&db.url, issue, &sink).output().unwrap();
            assert!(!refused.status.success(), "{b}: rerun beside a held lease");
            let why = String::from_utf8_lossy(&refused.stderr);
            assert!(why.contains("being sent by another run"), "{b}: {why}");
            assert_eq!(sink.messages().len(), before_rerun, "{b}");
        }
        let out = send(&db.url, issue, &sink)
            .arg("--take-over")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{b}: the rerun failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        let mut by_reader: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in sink.messages() {
            by_reader
                .entry(m.to[0].clone())
                .or_default()
                .push(m.header("Message-ID").unwrap_or_default());
        }
        let expected: Vec<String> = (0..SUBSCRIBERS)
            .map(|i| format!("reader{i:03}@example.org"))
            .collect();
        assert_eq!(
            by_reader.keys().cloned().collect::<Vec<_>>(),
            expected,
            "{b}: every confirmed subscriber, nobody else"
        );
        let twice: Vec<_> = by_reader.iter().filter(|(_, ids)| ids.len() > 1).collect();
        assert!(
            twice.len() <= 1,
            "{b}: only a delivery in flight at the kill may repeat: {twice:?}"
        );
        for (reader, ids) in &twice {
            assert_eq!(ids.len(), 2, "{b}: {reader}");
            assert_eq!(ids[0], ids[1], "{b}: a repeat carries the same Message-ID");
            assert!(still_running, "{b}: a repeat without an interruption");
        }

        let out = kuager(&db.url)
            .args(["newsletter", "status", &issue.to_string(), "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            status["counts"]["sent"], SUBSCRIBERS as u64,
            "{b}: {status}"
        );
        assert_eq!(status["counts"]["in_flight"], 0, "{b}");
        let repeated = status["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["attempts"].as_i64() == Some(2))
            .count();
        // A delivery in flight at the kill is tried twice, whether or not
        // the relay had taken it the first time.
        assert!(
            repeated <= 1 && repeated >= twice.len(),
            "{b}: {repeated} retried, {} received twice",
            twice.len()
        );
        // A third run sends nothing.
        let before = sink.messages().len();
        let out = send(&db.url, issue, &sink).output().unwrap();
        assert!(out.status.success());
        assert_eq!(sink.messages().len(), before, "{b}");
    }
}
