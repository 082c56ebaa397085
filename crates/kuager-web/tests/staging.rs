//! Staged lists over HTTP on both backends: an analyst uploads a list,
//! sees the bad row reported, the register's candidate beside the row that
//! names him in another script, decides each row with the anti-forgery
//! token, and commits; only then are the person's new name and the events
//! in the register, unpublished.

mod common;

use common::*;
use kuager_case::UserRole;

const LIST: &str = "\
ФИО;Год рождения;Город;Дата задержания
Мендыгазиев Бекижан;1981;Жаңаөзен;06.01.2022
Тұрсынов Ерлан;1988;Жаңаөзен;04.01.2022
Qalieva Aigerim;nineteen;Almaty;05.01.2022
";

fn upload_form(token: &str, source: &str, bytes: &[u8]) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", token.to_string())
        .text("source", source.to_string())
        .text("url", String::new())
        .text("event_type", "detention".to_string())
        .text("columns", String::new())
        .part(
            "list",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("zhanaozen-list.csv"),
        )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_analyst_stages_decides_and_commits_a_list() {
    for app in apps().await {
        let b = app.backend;
        let bekizhan = app.seed_register().await;
        app.add_user("alan", UserRole::Analyst).await;
        app.add_user("vera", UserRole::Volunteer).await;
        let (c, token) = login(&app, "alan").await;

        let page = get_text(&c, app.url("/staging")).await;
        assert!(shows(&page, "staging-none"), "{b}");
        assert!(page.contains("enctype=\"multipart/form-data\""));

        // Without a source the list is not staged and the form says why.
        let r = c
            .post(app.url("/staging"))
            .header("accept-language", "en")
            .multipart(upload_form(&token, "", LIST.as_bytes()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{b}");
        assert!(app.store.staging_imports().await.unwrap().is_empty());

        // A wrong token changes nothing.
        let r = c
            .post(app.url("/staging"))
            .multipart(upload_form(&"0".repeat(64), "Bulletin", LIST.as_bytes()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{b}");
        assert!(app.store.staging_imports().await.unwrap().is_empty());

        let r = c
            .post(app.url("/staging"))
            .header("accept-language", "en")
            .multipart(upload_form(
                &token,
                "Zhanaozen volunteers' list",
                LIST.as_bytes(),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}: the bad row is shown");
        let page = r.text().await.unwrap();
        assert!(page.contains("row 4, birth_year"), "{b}: {page}");
        let imports = app.store.staging_imports().await.unwrap();
        assert_eq!(imports.len(), 1, "{b}");
        let id = imports[0].id;
        assert_eq!(imports[0].counts.rows, 2, "{b}");
        let persons_before = app.store.persons().await.unwrap().len();

        let page = get_text(&c, app.url(&format!("/staging/{id}"))).await;
        assert!(page.contains("Мендыгазиев Бекижан"), "{b}");
        assert!(page.contains("Тұрсынов Ерлан"), "{b}");
        assert!(
            page.contains(&format!("value=\"{bekizhan}\"")),
            "{b}: the man the documents name is offered for row 2"
        );
        assert!(page.contains(&format!("action=\"/staging/{id}/rows/2\"")));
        assert!(page.contains(&format!("action=\"/staging/{id}/commit\"")));

        // A volunteer may not see staged lists.
        let (v, _) = login(&app, "vera").await;
        let r = v
            .get(app.url(&format!("/staging/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{b}");

        let decide = |row: i64, form: Vec<(&'static str, String)>| {
            let c = c.clone();
            let url = app.url(&format!("/staging/{id}/rows/{row}"));
            async move { c.post(url).form(&form).send().await.unwrap() }
        };
        let r = decide(
            2,
            vec![
                ("csrf", "0".repeat(64)),
                ("decision", "link".into()),
                ("person", bekizhan.clone()),
            ],
        )
        .await;
        assert_eq!(r.status(), 403, "{b}: no token, no decision");
        let r = decide(
            2,
            vec![
                ("csrf", token.clone()),
                ("decision", "link".into()),
                ("person", bekizhan.clone()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "{b}");
        assert!(location(&r).starts_with(&format!("/staging/{id}?done=decided")));
        let r = decide(3, vec![("csrf", token.clone()), ("decision", "new".into())]).await;
        assert_eq!(r.status(), 303, "{b}");
        // Decided, not committed: still nothing in the register.
        assert_eq!(app.store.persons().await.unwrap().len(), persons_before);
        assert!(app.store.recent_events(10).await.unwrap().is_empty());

        let r = c
            .post(app.url(&format!("/staging/{id}/commit")))
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        assert_eq!(location(&r), format!("/staging/{id}?done=committed"));

        let person = app.store.person(&bekizhan).await.unwrap().unwrap();
        assert!(
            person
                .mentions
                .iter()
                .any(|m| m.text == "Мендыгазиев Бекижан"),
            "{b}: {person:?}"
        );
        assert_eq!(
            app.store.persons().await.unwrap().len(),
            persons_before + 1,
            "{b}: Tursynov is new"
        );
        let events = app.store.recent_events(10).await.unwrap();
        assert_eq!(events.len(), 2, "{b}");
        for e in &events {
            let p = app.store.event_publication(e.id).await.unwrap().unwrap();
            assert_eq!(p.publication.code(), "unpublished", "{b}");
            assert_eq!(e.draft.place_key.as_deref(), Some("kz-zhanaozen"), "{b}");
        }
        let page = get_text(&c, app.url(&format!("/staging/{id}?done=committed"))).await;
        assert!(shows(&page, "done-staging-committed"), "{b}");
        assert!(
            !page.contains(&format!("action=\"/staging/{id}/rows/2\"")),
            "{b}"
        );

        // Uploading the same file again stages nothing new.
        let r = c
            .post(app.url("/staging"))
            .multipart(upload_form(
                &token,
                "Zhanaozen volunteers' list",
                LIST.as_bytes(),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        assert_eq!(location(&r), format!("/staging/{id}?done=unchanged"));
        assert_eq!(app.store.staging_imports().await.unwrap().len(), 1);
    }
}
