//! The web app over real HTTP on loopback, on SQLite and PostgreSQL:
//! access rules, anti-forgery, reports, linking, events, version
//! conflicts, accounts, languages, and what pages may contain.

mod common;

use common::*;
use kuager_case::UserRole;
use reqwest::multipart::{Form, Part};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

fn report_form(token: &str, what: &str, who: &str) -> Form {
    Form::new()
        .text("csrf", token.to_string())
        .text("what", what.to_string())
        .text("when", "2022-01-06".to_string())
        .text("place", "kz-zhanaozen".to_string())
        .text("place_detail", "".to_string())
        .text("who", who.to_string())
        .text("consent", "anonymised".to_string())
        .text("contact", "".to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymous_visitors_reach_only_login_and_public_pages() {
    for app in apps().await {
        let c = client();
        for path in [
            "/",
            "/reports",
            "/reports/1",
            "/intake",
            "/persons/p-1",
            "/events/1",
            "/search?q=a",
            "/admin/users",
            "/documents",
            "/review",
            "/attachments/1",
            "/sources/abc",
        ] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 303, "{path} on {}", app.backend);
            assert_eq!(location(&r), "/login", "{path}");
        }
        for path in ["/login", "/report", "/static/style.css"] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path} on {}", app.backend);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_post_without_the_token_is_refused() {
    for app in apps().await {
        app.add_user("ana", UserRole::Admin).await;
        let (c, _) = login(&app, "ana").await;
        let posts = kuager_web::routes::ROUTES
            .iter()
            .filter(|r| r.verb == kuager_web::routes::Verb::Post);
        for route in posts {
            let path = route.example("1");
            let request = c.post(app.url(&path));
            let request = if route.multipart {
                request.multipart(Form::new().text("csrf", "0".repeat(64)).text("what", "x"))
            } else {
                request.form(&[("csrf", "0".repeat(64))])
            };
            let r = request.send().await.unwrap();
            assert_eq!(
                r.status(),
                403,
                "POST {path} with a wrong token on {}",
                app.backend
            );
        }
        // Still logged in: the refusals changed nothing.
        let r = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let anon = client();
        let r = anon
            .post(app.url("/report"))
            .multipart(Form::new().text("what", "x"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "no token at all");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn volunteers_see_only_their_own_reports() {
    for app in apps().await {
        app.add_user("vera", UserRole::Volunteer).await;
        app.add_user("vlad", UserRole::Volunteer).await;
        let (vera, token) = login(&app, "vera").await;
        let form = report_form(
            &token,
            "Задержали у дома <script>alert(1)</script>",
            "Бекижан Мендыгазиев",
        )
        .part(
            "attachments",
            Part::bytes(PNG.to_vec())
                .file_name("photo.png")
                .mime_str("image/png")
                .unwrap(),
        );
        let r = vera
            .post(app.url("/reports"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", app.backend);
        let report_path = location(&r).split('?').next().unwrap().to_string();
        let page = vera
            .get(app.url(&report_path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Бекижан Мендыгазиев"));
        assert!(page.contains("&lt;script&gt;"), "user text is escaped");
        assert!(!page.contains("<script>alert"));
        let sha = hex_sha256(PNG);
        assert!(page.contains(&sha), "the attachment's SHA-256 is shown");

        let (vlad, _) = login(&app, "vlad").await;
        let r = vlad.get(app.url(&report_path)).send().await.unwrap();
        assert_eq!(
            r.status(),
            404,
            "another volunteer cannot open it on {}",
            app.backend
        );
        let r = vlad.get(app.url("/attachments/1")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let r = vlad
            .get(app.url(&format!("{report_path}/edit")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let mine = vlad
            .get(app.url("/reports"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!mine.contains("Задержали"));
        let r = vlad.get(app.url("/intake")).send().await.unwrap();
        assert_eq!(r.status(), 403, "volunteers have no intake queue");
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_reports_keep_what_was_typed_and_big_files_are_refused() {
    let config = kuager_web::Config {
        max_upload_bytes: 1024 * 1024,
        ..Default::default()
    };
    for app in apps_with(config).await {
        app.add_user("vera", UserRole::Volunteer).await;
        let (vera, token) = login(&app, "vera").await;
        let form = Form::new()
            .text("csrf", token.clone())
            .text("what", "Обыск в редакции".to_string())
            .text("who", "Duman Mukhammedkarim".to_string())
            .part(
                "attachments",
                Part::bytes(vec![b'%'; 2 * 1024 * 1024]).file_name("big.pdf"),
            );
        let r = vera
            .post(app.url("/reports"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains("Обыск в редакции"), "typed text kept");
        assert!(page.contains("Duman Mukhammedkarim"));
        assert!(page.contains("big.pdf"), "the refused file is named");
        assert!(
            page.contains("consent-error"),
            "missing consent flagged at its field"
        );
        assert!(
            app.store.reports_by_author(1).await.unwrap().is_empty(),
            "nothing stored"
        );
        let form = report_form(&token, "x", "").part(
            "attachments",
            Part::bytes(b"<html>".to_vec()).file_name("a.html"),
        );
        let r = vera
            .post(app.url("/reports"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "only images and PDF");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn analyst_links_a_cyrillic_name_and_records_a_sourced_event() {
    for app in apps().await {
        let person = app.seed_register().await;
        app.add_user("vera", UserRole::Volunteer).await;
        app.add_user("alan", UserRole::Analyst).await;
        let (vera, token) = login(&app, "vera").await;
        let r = vera
            .post(app.url("/reports"))
            .multipart(report_form(
                &token,
                "Бекижана Мендыгазиева задержали",
                "Бекижан Мендыгазиев",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let (alan, token) = login(&app, "alan").await;
        let intake = alan
            .get(app.url("/intake"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(intake.contains("Бекижана Мендыгазиева задержали"));
        let page = alan
            .get(app.url("/reports/1"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("value=\"{person}\"")),
            "the Latin-script person is suggested for the Cyrillic name on {}",
            app.backend
        );
        let r = alan
            .post(app.url("/reports/1/link"))
            .form(&[
                ("csrf", token.as_str()),
                ("name", "Бекижан Мендыгазиев"),
                ("person", person.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        // The new-event form is prefilled from the report and its link.
        let form = alan
            .get(app.url("/events/new?report=1"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains(&format!("value=\"{person}\"")));
        // Verified without a source is refused, with the input kept.
        let mut fields = vec![
            ("csrf", token.clone()),
            ("event_type", "detention".into()),
            ("date", "2022-01-06".into()),
            ("place", "kz-zhanaozen".into()),
            ("description", "Detained outside his home".into()),
            ("verification", "verified".into()),
            ("p0_role", "victim".into()),
            ("p0_person", person.clone()),
            ("c0_code", "criminal".into()),
            ("c0_article", "272-2".into()),
        ];
        let r = alan
            .post(app.url("/events"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{}", app.backend);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Detained outside his home"));
        fields.push(("source_report", "1".into()));
        let r = alan
            .post(app.url("/events"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let event_path = location(&r).split('?').next().unwrap().to_string();
        let person_page = alan
            .get(app.url(&format!("/persons/{person}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            person_page.contains(&event_path),
            "the event is on the person page"
        );
        assert!(
            person_page.contains("status detained"),
            "status derived from the event"
        );
        assert!(person_page.contains("/reports/1"), "the source is shown");
        // Two analysts edit the same event: the second save is refused.
        let edit = alan
            .get(app.url(&format!("{event_path}/edit")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(edit.contains("name=\"version\" value=\"1\""));
        let mut update = fields.clone();
        update.retain(|(k, _)| !k.starts_with("source_"));
        update.push(("version", "1".into()));
        let r = alan
            .post(app.url(&format!("{event_path}/edit")))
            .form(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        update
            .iter_mut()
            .filter(|(k, _)| *k == "description")
            .for_each(|(_, v)| *v = "A second analyst's text".into());
        let r = alan
            .post(app.url(&format!("{event_path}/edit")))
            .form(&update)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409, "stale version on {}", app.backend);
        assert!(
            r.text().await.unwrap().contains("A second analyst"),
            "the refused input is kept"
        );
        let id: i64 = event_path.trim_start_matches("/events/").parse().unwrap();
        let stored = app.store.event(id).await.unwrap().unwrap();
        assert_eq!(stored.draft.description, "Detained outside his home");
        let audit = app.store.audit_of("event", &id.to_string()).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|a| a.before.is_some() && a.after.is_some()),
            "audit keeps before and after"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deactivating_a_user_ends_their_sessions_at_once() {
    for app in apps().await {
        app.add_user("root", UserRole::Admin).await;
        let vid = app.add_user("vera", UserRole::Volunteer).await;
        let (vera, _) = login(&app, "vera").await;
        let (root, token) = login(&app, "root").await;
        let users = root
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(users.contains("vera"));
        let r = root
            .post(app.url(&format!("/admin/users/{vid}")))
            .form(&[
                ("csrf", token.as_str()),
                ("version", "1"),
                ("role", "volunteer"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", app.backend);
        let r = vera.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 303, "the deactivated user's session is gone");
        let c = client();
        let page = c
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let r = c
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf(&page).as_str()),
                ("name", "vera"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "and cannot log in again");
        // A new account from the web app.
        let r = root
            .post(app.url("/admin/users"))
            .form(&[
                ("csrf", token.as_str()),
                ("name", "nurlan"),
                ("role", "analyst"),
                ("password", "short"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "weak password refused");
        let r = root
            .post(app.url("/admin/users"))
            .form(&[
                ("csrf", token.as_str()),
                ("name", "nurlan"),
                ("role", "analyst"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        login(&app, "nurlan").await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_public_form_holds_off_robots() {
    let config = kuager_web::Config {
        attempts_per_minute: 3,
        ..Default::default()
    };
    for app in apps_with(config).await {
        let c = client();
        let page = c
            .get(app.url("/report"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("name=\"website\""), "honeypot present");
        let token = csrf(&page);
        let robot = report_form(&token, "buy now", "").text("website", "http://spam.example");
        let r = c
            .post(app.url("/report"))
            .multipart(robot)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "the robot is thanked");
        let r = c
            .post(app.url("/report"))
            .multipart(report_form(&token, "Моего сына задержали", "Арман"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let queue = app
            .store
            .reports_in_state(kuager_case::ReportState::New, 10)
            .await
            .unwrap();
        assert_eq!(
            queue.len(),
            1,
            "only the person's report is stored on {}",
            app.backend
        );
        assert_eq!(queue[0].author_name, None);
        let r = c
            .post(app.url("/report"))
            .multipart(report_form(&token, "a", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = c
            .post(app.url("/report"))
            .multipart(report_form(&token, "b", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429, "rate limited per address");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_follow_the_language_and_load_nothing_from_elsewhere() {
    for app in apps().await {
        let c = client();
        let kk = c
            .get(app.url("/login"))
            .header("accept-language", "kk-KZ,kk;q=0.9,ru;q=0.5")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            kk.contains("lang=\"kk\"") && kk.contains("Құпиясөз"),
            "{}",
            app.backend
        );
        let en = c
            .get(app.url("/login"))
            .header("accept-language", "en-GB")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(en.contains("Password"));
        let r = c
            .get(app.url("/lang/ru?back=/report"))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/report");
        let ru = c
            .get(app.url("/report"))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let csp = ru
            .headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'self'"));
        let ru = ru.text().await.unwrap();
        assert!(
            ru.contains("Что произошло?"),
            "the cookie wins over Accept-Language"
        );
        let r = c
            .get(app.url("/lang/en?back=//evil.example/"))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/", "no open redirect");
        for page in [&kk, &en, &ru] {
            assert!(!page.contains("<script"), "no scripts");
            for attr in [
                "src=\"http",
                "href=\"http",
                "src=\"//",
                "href=\"//",
                "action=\"http",
            ] {
                assert!(!page.contains(attr), "no third-party resource: {attr}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn analysts_upload_search_review_and_editors_recognise() {
    for app in apps().await {
        let person = app.seed_register().await;
        app.add_user("alan", UserRole::Analyst).await;
        app.add_user("edna", UserRole::Editor).await;
        let (alan, token) = login(&app, "alan").await;
        // Upload a document: it is ingested and shown with its mentions marked.
        let text = "Almaty, 5 January 2022. More than 300 people were detained in Almaty, \
                    among them Bekizhan Mendygaziyev and the journalist Duman Mukhammedkarim.\n";
        let form = Form::new().text("csrf", token.clone()).part(
            "document",
            Part::bytes(text.as_bytes().to_vec()).file_name("almaty.txt"),
        );
        let r = alan
            .post(app.url("/documents"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", app.backend);
        let source = location(&r).split('?').next().unwrap().to_string();
        let page = alan
            .get(app.url(&source))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<mark class=\"person\""),
            "mentions highlighted"
        );
        assert!(
            page.contains("<mark class=\"figure\""),
            "figures highlighted"
        );
        // An empty upload is refused with a message naming the file.
        let form = Form::new()
            .text("csrf", token.clone())
            .part("document", Part::bytes(Vec::new()).file_name("empty.txt"));
        let r = alan
            .post(app.url("/documents"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("empty.txt"));

        // Search by a Cyrillic spelling finds the Latin-spelled person.
        let found = alan
            .get(app.url(
                "/search?q=%D0%9C%D0%B5%D0%BD%D0%B4%D1%8B%D0%B3%D0%B0%D0%B7%D0%B8%D0%B5%D0%B2",
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            found.contains(&format!("/persons/{person}")),
            "Мендыгазиев finds {person} on {}",
            app.backend
        );

        // An event sourced from the document, with the reported figure attached.
        let sha = source.trim_start_matches("/sources/").to_string();
        let r = alan
            .post(app.url("/events"))
            .form(&[
                ("csrf", token.as_str()),
                ("event_type", "detention"),
                ("date", "2022-01-05"),
                ("place", "kz-almaty"),
                ("verification", "corroborated"),
                ("p0_role", "victim"),
                ("p0_person", person.as_str()),
                ("source_doc", sha.as_str()),
                ("source_start", "24"),
                ("source_end", "69"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let event_path = location(&r).split('?').next().unwrap().to_string();
        let figures = app.store.document_figures(&sha).await.unwrap();
        assert!(!figures.is_empty(), "the figure was extracted");
        let figure = format!("{sha}:{}", figures[0].0);
        let r = alan
            .post(app.url(&format!("{event_path}/figures")))
            .form(&[("csrf", token.as_str()), ("figure", figure.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let event = alan
            .get(app.url(&event_path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            event.contains("table class=\"figures\""),
            "attached figure shown"
        );

        // Recognition: analysts may not, editors may; a criterion is required.
        let rec = |t: &str| {
            vec![
                ("csrf".to_string(), t.to_string()),
                ("decision".to_string(), "recognised".to_string()),
                (
                    "decided_by".to_string(),
                    "Kuager editorial board".to_string(),
                ),
                ("decided_on".to_string(), "2022-03".to_string()),
            ]
        };
        let r = alan
            .post(app.url(&format!("/persons/{person}/recognitions")))
            .form(&rec(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let (edna, etoken) = login(&app, "edna").await;
        let r = edna
            .post(app.url(&format!("/persons/{person}/recognitions")))
            .form(&rec(&etoken))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "recognised without a criterion");
        let mut with = rec(&etoken);
        with.push(("criterion_a".into(), "1".into()));
        let r = edna
            .post(app.url(&format!("/persons/{person}/recognitions")))
            .form(&with)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let page = edna
            .get(app.url(&format!("/persons/{person}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Kuager editorial board"));

        // The review queue: the two Mendygaziyev brothers may be queued;
        // whatever is there, a decision removes the pair.
        let pairs = app.store.review_pairs().await.unwrap();
        if let Some(p) = pairs.first() {
            let r = alan
                .post(app.url("/review"))
                .form(&[
                    ("csrf", token.as_str()),
                    ("a", p.a.as_str()),
                    ("b", p.b.as_str()),
                    ("decision", "distinct"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303);
            assert!(app.store.review_pairs().await.unwrap().len() < pairs.len());
        }
        let r = alan.get(app.url("/review")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn volunteers_amend_their_reports_and_analysts_decide_with_a_reason() {
    for app in apps().await {
        app.add_user("vera", UserRole::Volunteer).await;
        app.add_user("alan", UserRole::Analyst).await;
        let (vera, vtoken) = login(&app, "vera").await;
        for what in ["Первое сообщение", "Второе сообщение о том же"]
        {
            let r = vera
                .post(app.url("/reports"))
                .multipart(report_form(&vtoken, what, "Арман"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303);
        }
        // Amend with the current version, then again with the stale one.
        let form = vera
            .get(app.url("/reports/1/edit"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("Первое сообщение") && form.contains("name=\"version\" value=\"1\""));
        let amend = |what: &str| report_form(&vtoken, what, "Арман").text("version", "1");
        let r = vera
            .post(app.url("/reports/1/edit"))
            .multipart(amend("Первое сообщение, уточнено"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", app.backend);
        let r = vera
            .post(app.url("/reports/1/edit"))
            .multipart(amend("Другая правка"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409, "a stale amendment is refused");
        assert!(
            r.text().await.unwrap().contains("Другая правка"),
            "and what was typed is kept"
        );
        assert_eq!(
            app.store.report(1).await.unwrap().unwrap().draft.what,
            "Первое сообщение, уточнено"
        );

        let (alan, token) = login(&app, "alan").await;
        let review = |state: &str, note: &str, dup: &str, version: &str| {
            vec![
                ("csrf".to_string(), token.clone()),
                ("version".to_string(), version.to_string()),
                ("state".to_string(), state.to_string()),
                ("note".to_string(), note.to_string()),
                ("duplicate_of".to_string(), dup.to_string()),
            ]
        };
        let r = alan
            .post(app.url("/reports/2/review"))
            .form(&review("rejected", "", "", "1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "rejecting needs a reason");
        let r = alan
            .post(app.url("/reports/2/review"))
            .form(&review("duplicate", "", "2", "1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "a report is not its own duplicate");
        let r = alan
            .post(app.url("/reports/2/review"))
            .form(&review("duplicate", "", "1", "1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = alan
            .post(app.url("/reports/1/review"))
            .form(&review("verified", "Confirmed by phone", "", "2"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let two = app.store.report(2).await.unwrap().unwrap();
        assert_eq!(
            (two.state, two.duplicate_of),
            (kuager_case::ReportState::Duplicate, Some(1))
        );
        let queue = alan
            .get(app.url("/intake"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !queue.contains("/reports/1\""),
            "reviewed reports leave the queue"
        );
        let mine = vera
            .get(app.url("/reports/1"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            mine.contains("Confirmed by phone"),
            "the volunteer sees the decision"
        );
        let audit = app.store.audit_of("report", "1").await.unwrap();
        assert!(audit.len() >= 3, "create, amend, review audited: {audit:?}");
    }
}
