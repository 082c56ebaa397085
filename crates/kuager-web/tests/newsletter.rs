//! The newsletter over HTTP on both backends, with mail going through a
//! real SMTP conversation to the loopback sink: subscribing → the
//! confirmation mail → its link → confirmed; the one-click unsubscribe
//! POST of RFC 8058 (no cookie, no form token); the editor building,
//! previewing and publishing an issue from one published and one
//! confidential event, and the archive page, the issue page and the Atom
//! feed showing the first and not a word of the second.

mod common;

use common::*;
use kuager_case::newsletter::SubscriberState;
use kuager_case::{
    CaseDate, Consent, EventDraft, EventType, LegalDetails, Participant, ParticipantRole,
    Publication, UserRole, Verification,
};
use kuager_mail::sink::SmtpSink;
use std::time::Duration;

const SECRET_WORDS: [&str; 3] = ["Qoblandy", "Tastak", "Zhelsiz"];

async fn start(db: kuager_store::testing::TempDb, sink: &SmtpSink) -> TestApp {
    let relay = kuager_mail::RelayConfig::parse(&sink.url(), "Kuager <news@example.org>").unwrap();
    let mailer = kuager_mail::Mailer::new(relay).unwrap();
    TestApp::start_app(db, test_config(), move |mut state| {
        state.mail = Some(mailer);
        state.public_url = "https://news.example.org".to_string();
        kuager_web::app(state)
    })
    .await
}

fn link_after(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).expect("the link") + prefix.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn subscribe(app: &TestApp, sink: &SmtpSink, address: &str, lang: &str) -> String {
    let c = client();
    let page = get_text(&c, app.url("/newsletter/subscribe")).await;
    assert!(page.contains("name=\"email\""), "{page}");
    let before = sink.messages().len();
    let r = c
        .post(app.url("/newsletter/subscribe"))
        .form(&[
            ("csrf", csrf(&page).as_str()),
            ("email", address),
            ("language", lang),
            ("website", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "on {}", app.backend);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(&kuager_i18n::tr(
            kuager_i18n::Locale::En,
            "newsletter-subscribe-sent"
        )) || body.contains("role=\"status\""),
        "{body}"
    );
    let got = sink.wait_for(before + 1, Duration::from_secs(10)).await;
    let mail = &got[before];
    assert_eq!(mail.to, vec![address.to_string()]);
    mail.text().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribe_confirm_and_unsubscribe_with_one_click() {
    for db in kuager_store::testing::temp_databases().await {
        let sink = SmtpSink::start().await.unwrap();
        let app = start(db, &sink).await;
        let b = app.backend;
        let text = subscribe(&app, &sink, "reader@example.org", "kk").await;
        assert!(
            text.contains("https://news.example.org/newsletter/confirm/"),
            "{b}: {text}"
        );
        let token = link_after(&text, "/newsletter/confirm/");
        assert_eq!(token.len(), 64);
        let counts = app.store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(counts.count("kk", SubscriberState::Pending), 1, "{b}");

        // The same address again: the same answer, one subscriber.
        let again = subscribe(&app, &sink, "reader@example.org", "kk").await;
        let token2 = link_after(&again, "/newsletter/confirm/");
        assert_ne!(token, token2);
        let counts = app.store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(counts.count("kk", SubscriberState::Pending), 1, "{b}");
        // The replaced link no longer works; the new one does, once.
        let c = client();
        let r = c
            .get(app.url(&format!("/newsletter/confirm/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{b}");
        let r = c
            .get(app.url(&format!("/newsletter/confirm/{token2}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}");
        assert!(r.text().await.unwrap().contains("id=\"confirmed\""));
        let counts = app.store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(counts.count("kk", SubscriberState::Confirmed), 1, "{b}");

        // A bad address is refused next to the field, nothing is sent.
        let page = get_text(&c, app.url("/newsletter/subscribe")).await;
        let before = sink.messages().len();
        let r = c
            .post(app.url("/newsletter/subscribe"))
            .form(&[
                ("csrf", csrf(&page).as_str()),
                ("email", "no at sign"),
                ("language", "ru"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{b}");
        assert!(r.text().await.unwrap().contains("email-error"));
        assert_eq!(sink.messages().len(), before);

        // An issue reaches the subscriber with one-click headers.
        let editor = app.add_user("edna", UserRole::Editor).await;
        let issue = app
            .store
            .add_newsletter_issue(
                editor,
                &kuager_store::IssueDraft {
                    language: "kk".into(),
                    period_start: kuager_case::Day::parse_iso("2020-12-01").unwrap(),
                    period_end: kuager_case::Day::parse_iso("2020-12-07").unwrap(),
                    title: "Апта шолуы".into(),
                    introduction: String::new(),
                },
                &[],
            )
            .await
            .unwrap();
        app.store
            .publish_newsletter_issue(editor, issue, 1)
            .await
            .unwrap();
        let mailer = kuager_mail::Mailer::new(
            kuager_mail::RelayConfig::parse(&sink.url(), "news@example.org").unwrap(),
        )
        .unwrap();
        kuager_register::newsletter::send_issue(
            &app.store,
            &mailer,
            "https://news.example.org",
            issue,
            None,
            &mut |_| {},
        )
        .await
        .unwrap();
        let mail = sink.messages().last().cloned().unwrap();
        assert_eq!(mail.to, vec!["reader@example.org".to_string()]);
        let header = mail.header("List-Unsubscribe").unwrap();
        let url = header.trim_start_matches('<').trim_end_matches('>');
        let path = url.trim_start_matches("https://news.example.org");
        assert!(path.starts_with("/newsletter/unsubscribe/"), "{b}: {url}");

        // The page behind the link asks first.
        let page = get_text(&client(), app.url(path)).await;
        assert!(page.contains("id=\"unsubscribe\""), "{b}: {page}");
        // RFC 8058: a bare POST, no cookie, no form token.
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = bare
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}");
        let counts = app.store.newsletter_subscriber_counts().await.unwrap();
        assert_eq!(counts.count("kk", SubscriberState::Unsubscribed), 1, "{b}");
        assert_eq!(counts.count("kk", SubscriberState::Confirmed), 0, "{b}");
        // Without the one-click body, a POST needs the form token.
        let r = bare.post(app.url(path)).body("x=1").send().await.unwrap();
        assert_eq!(r.status(), 403, "{b}");
        // An unknown token is not found.
        let r = bare
            .post(app.url(&format!("/newsletter/unsubscribe/{}", "0".repeat(64))))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{b}");
    }
}

async fn two_events(app: &TestApp, actor: i64) -> (i64, i64) {
    let mut ids = Vec::new();
    for (name, text, kind, publish) in [
        (
            "Asel Marzhanova",
            "The blogger was taken to a psychiatric clinic against her will after a post.",
            EventType::PsychiatricPlacement,
            true,
        ),
        (
            "Dariga Qoblandy",
            "A witness from Tastak saw the search of the Zhelsiz flat.",
            EventType::SearchSeizure,
            false,
        ),
    ] {
        let id = app
            .store
            .add_event(
                actor,
                &EventDraft {
                    event_type: kind,
                    date: CaseDate::parse("2020-12-03").unwrap(),
                    place_key: Some("kz-almaty".into()),
                    place_detail: String::new(),
                    description: text.into(),
                    verification: Verification::Reported,
                    participants: vec![Participant {
                        role: ParticipantRole::Victim,
                        person: None,
                        name: name.into(),
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
            app.store
                .set_participant_consent(actor, id, 0, Consent::Public)
                .await
                .unwrap();
            let v = app.store.event(id).await.unwrap().unwrap().version;
            app.store
                .set_event_publication(actor, id, v, Publication::Published)
                .await
                .unwrap();
        }
        ids.push(id);
    }
    (ids[0], ids[1])
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_builds_an_issue_and_the_public_sees_only_what_is_published() {
    for db in kuager_store::testing::temp_databases().await {
        let sink = SmtpSink::start().await.unwrap();
        let app = start(db, &sink).await;
        let b = app.backend;
        let editor = app.add_user("edna", UserRole::Editor).await;
        let (public, secret) = two_events(&app, editor).await;
        let (c, token) = login(&app, "edna").await;
        let r = c
            .post(app.url("/editor/newsletter"))
            .form(&[
                ("csrf", token.as_str()),
                ("language", "en"),
                ("period_start", "2020-12-01"),
                ("period_end", "2020-12-07"),
                ("title", "Week of 1 December"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let to = location(&r);
        let id: i64 = to
            .trim_start_matches("/editor/newsletter/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let page = get_text(&c, app.url(&to)).await;
        assert!(page.contains(&format!("id=\"item-{public}\"")), "{b}");
        assert!(!page.contains(&format!("id=\"item-{secret}\"")), "{b}");
        // The editor adds the confidential event, moves the other and
        // writes the introduction.
        let r = c
            .post(app.url(&format!("/editor/newsletter/{id}")))
            .form(&[
                ("csrf", token.as_str()),
                ("version", "1"),
                ("title", "Week of 1 December"),
                ("introduction", "Our weekly digest."),
                (&format!("include_{public}"), "1"),
                (&format!("section_{public}"), "solidarity"),
                (&format!("position_{public}"), "5"),
                ("add_event", &secret.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let page = get_text(&c, app.url(&format!("/editor/newsletter/{id}"))).await;
        assert!(page.contains(&format!("id=\"item-{secret}\"")), "{b}");
        let preview = &page[page.find("id=\"preview\"").unwrap()..];
        assert!(preview.contains("Asel Marzhanova") && preview.contains("section-solidarity"));
        for word in SECRET_WORDS {
            assert!(!preview.contains(word), "{b}: {word} in the preview");
        }
        let r = c
            .post(app.url(&format!("/editor/newsletter/{id}/publish")))
            .form(&[("csrf", token.as_str()), ("version", "2")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let issue = app.store.newsletter_issue(id).await.unwrap().unwrap();
        let number = issue.number.expect("published");

        let anonymous = client();
        let archive = get_text(&anonymous, app.url("/newsletter")).await;
        assert!(
            archive.contains(&format!("href=\"/newsletter/{number}\"")),
            "{b}"
        );
        let page = get_text(&anonymous, app.url(&format!("/newsletter/{number}"))).await;
        let feed = anonymous
            .get(app.url("/newsletter/feed.atom"))
            .send()
            .await
            .unwrap();
        assert!(feed
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml"));
        let feed = feed.text().await.unwrap();
        for (what, text) in [("issue page", &page), ("feed", &feed)] {
            assert!(text.contains("Asel Marzhanova"), "{b}: {what}");
            assert!(text.contains("Our weekly digest."), "{b}: {what}");
            for word in SECRET_WORDS {
                assert!(!text.contains(word), "{b}: {word} in the {what}");
            }
        }
        assert!(
            feed.contains(&format!("href=\"/newsletter/{number}\"")),
            "{b}"
        );
        // Publishing froze it.
        let r = c
            .post(app.url(&format!("/editor/newsletter/{id}")))
            .form(&[("csrf", token.as_str()), ("version", "3"), ("title", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{b}");

        // The mail of the issue: the published event, not the other.
        subscribe(&app, &sink, "reader@example.org", "en").await;
        let text = sink.messages().last().unwrap().text().unwrap();
        let confirm = link_after(&text, "/newsletter/confirm/");
        let r = anonymous
            .get(app.url(&format!("/newsletter/confirm/{confirm}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        // The editor sends it with the page's button; the run goes on in
        // the server after the answer.
        let page = get_text(&c, app.url(&format!("/editor/newsletter/{id}"))).await;
        assert!(page.contains("id=\"send-form\""), "{b}: no send button");
        let before = sink.messages().len();
        let r = c
            .post(app.url(&format!("/editor/newsletter/{id}/send")))
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        assert!(location(&r).ends_with("done=newsletter-sending"), "{b}");
        let mut waited = 0;
        while sink.messages().len() == before
            || app
                .store
                .newsletter_send_lease_until(id)
                .await
                .unwrap()
                .is_some()
        {
            assert!(waited < 200, "{b}: the issue was not sent within 20 s");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
        assert_eq!(
            sink.messages().len(),
            before + 1,
            "{b}: one reader, one mail"
        );
        let mail = sink.messages().last().cloned().unwrap();
        assert_eq!(mail.to, vec!["reader@example.org".to_string()], "{b}");
        for part in [mail.text().unwrap(), mail.html().unwrap()] {
            assert!(part.contains("Asel Marzhanova"), "{b}: {part}");
            for word in SECRET_WORDS {
                assert!(!part.contains(word), "{b}: {word} in the mail");
            }
        }
        // A second press while nothing is left sends nobody twice.
        let r = c
            .post(app.url(&format!("/editor/newsletter/{id}/send")))
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        while app
            .store
            .newsletter_send_lease_until(id)
            .await
            .unwrap()
            .is_some()
        {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(sink.messages().len(), before + 1, "{b}: sent once");
        // The editor's page shows the delivery.
        let page = get_text(&c, app.url(&format!("/editor/newsletter/{id}"))).await;
        assert!(page.contains("id=\"delivery-status\""), "{b}");
        let sent_row = &page[page.find("class=\"sent\"").unwrap()..];
        assert!(sent_row[..200].contains("<td>1</td>"), "{b}: {sent_row}");
    }
}
