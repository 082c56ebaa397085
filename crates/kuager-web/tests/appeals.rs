//! Collective appeals end to end, on both backends, over real HTTP and a
//! real SMTP conversation with a local sink: an editor drafts an appeal
//! citing a public and a confidential person and opens it; people sign on
//! the public form, the confirmation mail arrives in the sink, they
//! confirm through its link, the editor approves or rejects; only the
//! confirmed and approved signatory shows on the public page, in the
//! PDF's text and in the CSV (which is guarded against formulas), the
//! confidential person nowhere, the addresses never; closing stops
//! signing.

mod common;

use common::*;
use kuager_case::{Consent, UserRole};
use kuager_mail::sink::SmtpSink;
use kuager_store::SignatureFilter;
use std::time::Duration;

const PUBLIC_URL: &str = "http://kuager.test";

struct Signer {
    name: &'static str,
    role: &'static str,
    organisation: &'static str,
    city: &'static str,
    country: &'static str,
    group: &'static str,
    email: &'static str,
}

const APPROVED: Signer = Signer {
    name: "Әйгерім \"Aigerim\" Нұрланқызы",
    role: "+7 lawyer",
    organisation: "=cmd|' /C calc'!A0",
    city: "-Орал",
    country: "Қазақстан, Batys",
    group: "@SOC",
    email: "aigerim.signer@example.org",
};

const REJECTED: Signer = Signer {
    name: "Rejected Ruslanov",
    role: "troll",
    organisation: "",
    city: "Nowhere",
    country: "",
    group: "",
    email: "troll.signer@example.org",
};

const UNCONFIRMED: Signer = Signer {
    name: "Unconfirmed Ulanova",
    role: "poet",
    organisation: "",
    city: "Astana",
    country: "Kazakhstan",
    group: "",
    email: "late.signer@example.org",
};

async fn start(db: kuager_store::testing::TempDb, sink: &SmtpSink) -> TestApp {
    let relay = kuager_mail::RelayConfig::parse(&sink.url(), "Kuager <appeals@example.org>")
        .expect("the sink's URL is a loopback relay");
    let mailer = kuager_mail::Mailer::new(relay).expect("a mailer");
    TestApp::start_app(db, test_config(), move |mut state| {
        state.mail = Some(mailer);
        state.public_url = PUBLIC_URL.to_string();
        kuager_web::app(state)
    })
    .await
}

async fn sign(app: &TestApp, id: i64, s: &Signer) -> reqwest::Response {
    let c = client();
    // The sign page of a closed appeal has no form: the token (the same
    // for every form of this visitor) comes from the login page.
    let page = get_text(&c, app.url("/login")).await;
    let token = csrf(&page);
    c.post(app.url(&format!("/appeals/{id}/sign")))
        .header("accept-language", "kk")
        .form(&[
            ("csrf", token.as_str()),
            ("name", s.name),
            ("role", s.role),
            ("organisation", s.organisation),
            ("city", s.city),
            ("country", s.country),
            ("political_group", s.group),
            ("email", s.email),
        ])
        .send()
        .await
        .unwrap()
}

/// The confirmation path in the mail sent to `email`.
fn link_for(sink: &SmtpSink, email: &str) -> String {
    let messages = sink.messages();
    let mail = messages
        .iter()
        .rev()
        .find(|m| m.to == vec![email.to_string()])
        .unwrap_or_else(|| panic!("a mail to {email}"));
    let text = mail.text().expect("a plain-text part");
    let marker = format!("{PUBLIC_URL}/appeals/confirm/");
    let at = text.find(&marker).expect("the link") + PUBLIC_URL.len();
    text[at..at + "/appeals/confirm/".len() + 64].to_string()
}

async fn confirm(app: &TestApp, path: &str) -> (u16, String) {
    let c = client();
    let page = get_text(&c, app.url(path)).await;
    let r = c
        .post(app.url(path))
        .header("accept-language", "en")
        .form(&[("csrf", csrf(&page))])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_confirm_moderate_and_publish() {
    for db in kuager_store::testing::temp_databases().await {
        let sink = SmtpSink::start().await.unwrap();
        let app = start(db, &sink).await;
        let b = app.backend;
        let secret_id = app.seed_register().await;
        let public_id = kuager_register::search(&app.store, "Amanzhol Mendygaziyev")
            .await
            .unwrap()
            .into_iter()
            .next()
            .expect("the brother is registered")
            .id;
        let editor_id = app.add_user("edna", UserRole::Editor).await;
        for (person, consent) in [
            (&public_id, Consent::Public),
            (&secret_id, Consent::Confidential),
        ] {
            let anchor = kuager_register::anchor(&app.store, person).await.unwrap();
            app.store
                .set_person_consent(editor_id, &anchor, consent)
                .await
                .unwrap();
        }
        let (edna, token) = login(&app, "edna").await;

        // Draft.
        let r = edna
            .post(app.url("/editor/appeals"))
            .form(&[
                ("csrf", token.as_str()),
                ("addressees", "General Secretary of the OSCE\nVienna"),
                ("title", "Саяси тұтқындарды босатыңыз"),
                ("language", "kk"),
                (
                    "body",
                    "Біз **талап етеміз**.\n\n<img src=\"https://tracker.example/p.gif\">",
                ),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let id: i64 = location(&r)
            .trim_start_matches("/editor/appeals/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // Cite both people: the editor is told the confidential one will
        // not be shown.
        for (person, notice) in [
            (&public_id, "done=cited"),
            (&secret_id, "done=cited-not-public"),
        ] {
            let r = edna
                .post(app.url(&format!("/editor/appeals/{id}/citations")))
                .form(&[
                    ("csrf", token.as_str()),
                    ("op", "add"),
                    ("kind", "person"),
                    ("reference", person.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(
                location(&r),
                format!("/editor/appeals/{id}?{notice}"),
                "{b}"
            );
        }
        let page = get_text(&edna, app.url(&format!("/editor/appeals/{id}"))).await;
        assert!(
            shows(&page, "citation-not-public"),
            "{b}: the editor sees it"
        );
        // Not public before it is opened.
        let anon = client();
        let r = anon
            .get(app.url(&format!("/appeals/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{b}: a draft is not public");
        let r = edna
            .post(app.url(&format!("/editor/appeals/{id}/state")))
            .form(&[("csrf", token.as_str()), ("state", "open")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");

        // Three people sign; each gets a confirmation mail.
        for s in [&APPROVED, &REJECTED, &UNCONFIRMED] {
            let r = sign(&app, id, s).await;
            assert_eq!(r.status(), 200, "{b}: {}", s.name);
            assert!(shows(&r.text().await.unwrap(), "appeal-check-mail"), "{b}");
        }
        let got = sink.wait_for(3, Duration::from_secs(10)).await;
        assert_eq!(got.len(), 3, "{b}: three confirmation mails");
        assert!(
            got[0].subject().unwrap().contains("Саяси тұтқындарды"),
            "{b}"
        );
        // A bad address is refused at the form, and nothing is sent.
        let mut bad = REJECTED;
        bad.email = "not-an-address";
        let r = sign(&app, id, &bad).await;
        assert_eq!(r.status(), 422, "{b}");
        assert_eq!(sink.messages().len(), 3, "{b}");

        // Two confirm by the link; a made-up link confirms nothing.
        for s in [&APPROVED, &REJECTED] {
            let (status, body) = confirm(&app, &link_for(&sink, s.email)).await;
            assert_eq!(status, 200, "{b}");
            assert!(shows(&body, "appeal-confirmed"), "{b}");
        }
        let (status, _) = confirm(&app, &format!("/appeals/confirm/{}", "ab".repeat(32))).await;
        assert_eq!(status, 404, "{b}");
        // A used link does not work twice.
        let (status, _) = confirm(&app, &link_for(&sink, APPROVED.email)).await;
        assert_eq!(status, 404, "{b}");

        // The editor approves the first and the unconfirmed one, rejects
        // the second.
        let all = app
            .store
            .signatures(id, &SignatureFilter::default())
            .await
            .unwrap();
        assert_eq!(all.len(), 3, "{b}");
        let id_of = |name: &str| all.iter().find(|s| s.name == name).unwrap().id;
        for (name, decision) in [
            (APPROVED.name, "approved"),
            (UNCONFIRMED.name, "approved"),
            (REJECTED.name, "rejected"),
        ] {
            let r = edna
                .post(app.url(&format!("/editor/appeals/{id}/moderate")))
                .form(&[
                    ("csrf", token.as_str()),
                    ("signature", id_of(name).to_string().as_str()),
                    ("decision", decision),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "{b}");
        }
        // The editor's filters.
        let pending = get_text(
            &edna,
            app.url(&format!(
                "/editor/appeals/{id}?moderation=approved&confirmed=no"
            )),
        )
        .await;
        assert!(pending.contains(UNCONFIRMED.name), "{b}");
        assert!(!pending.contains("Rejected Ruslanov"), "{b}");

        // The public page: only the confirmed, approved signatory, the
        // public person, no address, no raw HTML.
        let page = get_text(&anon, app.url(&format!("/appeals/{id}"))).await;
        let approved_line = "Әйгерім &quot;Aigerim&quot; Нұрланқызы — +7 lawyer, =cmd|' /C calc'!A0, -Орал, Қазақстан, Batys / @SOC";
        assert!(page.contains(approved_line), "{b}: {page}");
        assert!(
            page.contains("Amanzhol Mendygaziyev"),
            "{b}: the public person"
        );
        for absent in [
            "Rejected Ruslanov",
            "Unconfirmed Ulanova",
            "Bekizhan",
            "example.org",
            "<img",
        ] {
            assert!(!page.contains(absent), "{b}: {absent} on the public page");
        }
        let list = get_text(&anon, app.url("/appeals")).await;
        assert!(list.contains(&format!("/appeals/{id}")), "{b}");

        // The PDF.
        let r = anon
            .get(app.url(&format!("/appeals/{id}/appeal.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}");
        assert_eq!(r.headers()["content-type"], "application/pdf", "{b}");
        let bytes = r.bytes().await.unwrap();
        let text = squeeze(&kuager_ingest::pdf_to_text(&bytes).expect("the PDF reads back"));
        assert!(text.contains(&squeeze(APPROVED.name)), "{b}: {text}");
        assert!(text.contains(&squeeze("Amanzhol Mendygaziyev")), "{b}");
        for absent in [
            "Rejected Ruslanov",
            "Unconfirmed Ulanova",
            "Bekizhan",
            "example.org",
        ] {
            assert!(!text.contains(&squeeze(absent)), "{b}: {absent} in the PDF");
        }

        // The CSV: editors only, the counted signatory only, every field
        // guarded and quoted as it needs, no address column.
        let r = anon
            .get(app.url(&format!("/editor/appeals/{id}/signatories.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/login", "{b}");
        let csv = get_text(
            &edna,
            app.url(&format!("/editor/appeals/{id}/signatories.csv")),
        )
        .await;
        assert_eq!(
            csv,
            "name,role,organisation,city,country,political_group\r\n\
             \"Әйгерім \"\"Aigerim\"\" Нұрланқызы\",'+7 lawyer,'=cmd|' /C calc'!A0,'-Орал,\"Қазақстан, Batys\",'@SOC\r\n",
            "{b}"
        );

        // Closing stops signing; the final appeal stays public.
        let r = edna
            .post(app.url(&format!("/editor/appeals/{id}/state")))
            .form(&[("csrf", token.as_str()), ("state", "closed")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let (status, body) = confirm(&app, &link_for(&sink, UNCONFIRMED.email)).await;
        assert_eq!(status, 200, "{b}");
        assert!(shows(&body, "appeal-closed-for-signing"), "{b}");
        let mut late = UNCONFIRMED;
        late.email = "new.signer@example.org";
        let r = sign(&app, id, &late).await;
        assert!(
            shows(&r.text().await.unwrap(), "appeal-closed-for-signing"),
            "{b}"
        );
        assert_eq!(sink.messages().len(), 3, "{b}: no mail after closing");
        let page = get_text(&anon, app.url(&format!("/appeals/{id}"))).await;
        assert!(page.contains(approved_line), "{b}");
        assert!(!page.contains("Unconfirmed Ulanova"), "{b}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_relay_the_form_says_signing_is_unavailable() {
    for db in kuager_store::testing::temp_databases().await {
        let app = TestApp::start(db, test_config()).await;
        let editor = app.add_user("edna", UserRole::Editor).await;
        let id = app
            .store
            .add_appeal(
                editor,
                &kuager_case::AppealDraft {
                    title: "Open letter".into(),
                    addressees: "PACE".into(),
                    language: "en".into(),
                    body: "Text".into(),
                },
            )
            .await
            .unwrap();
        app.store
            .set_appeal_state(editor, id, kuager_case::AppealState::Open)
            .await
            .unwrap();
        let page = get_text(&client(), app.url(&format!("/appeals/{id}/sign"))).await;
        assert!(
            shows(&page, "appeal-signing-unavailable"),
            "{}",
            app.backend
        );
        assert!(!page.contains("name=\"email\""), "{}", app.backend);
    }
}
