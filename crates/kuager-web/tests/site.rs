//! The public site over HTTP on both backends: nothing is public until an
//! editor publishes it, a confidential participant never shows anywhere
//! (pages, downloads, API, statistics), answers carry ETags that change
//! when publication changes, and unpublishing takes a person off again.

mod common;

use common::*;
use kuager_case::{Consent, Publication, UserRole};

/// Every public address a reader can reach for `person`.
fn public_paths(person: &str) -> Vec<String> {
    let mut paths = vec![
        "/public".to_string(),
        "/statistics".into(),
        "/officials".into(),
        "/data".into(),
        "/api/v1/statistics".into(),
        "/api/v1/events".into(),
        "/api/v1/officials".into(),
        format!("/people/{person}"),
        format!("/api/v1/people/{person}"),
    ];
    for list in [
        "political-prisoners",
        "persecuted",
        "killed",
        "missing",
        "detained",
    ] {
        paths.push(format!("/lists/{list}"));
        paths.push(format!("/data/{list}.csv"));
        paths.push(format!("/data/{list}.json"));
        paths.push(format!("/api/v1/lists/{list}"));
    }
    paths
}

async fn create_event(
    app: &TestApp,
    c: &reqwest::Client,
    token: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let mut form: Vec<(&str, &str)> = vec![("csrf", token)];
    form.extend_from_slice(fields);
    let r = c.post(app.url("/events")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303, "event saved on {}", app.backend);
    location(&r)
        .trim_start_matches("/events/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn only_what_an_editor_published_reaches_the_public_site() {
    for app in apps().await {
        let b = app.backend;
        let person = app.seed_register().await;
        let editor = app.add_user("edna", UserRole::Editor).await;
        app.add_user("alan", UserRole::Analyst).await;
        let (alan, token) = login(&app, "alan").await;
        let detention = create_event(
            &app,
            &alan,
            &token,
            &[
                ("event_type", "detention"),
                ("date", "2022-01-06"),
                ("place", "kz-zhanaozen"),
                ("description", "Detained outside his home"),
                ("verification", "corroborated"),
                ("p0_role", "victim"),
                ("p0_person", person.as_str()),
                ("p1_role", "perpetrator"),
                ("p1_name", "Captain Serik Omarov"),
                ("p1_position", "police captain"),
                ("p2_role", "witness"),
                ("p2_name", "Dana Confidentova"),
                ("source_citation", "Statement of 7 January 2022"),
                ("source_url", "https://example.org/statement"),
            ],
        )
        .await;
        let reader = client();

        // Nothing published: the person has no page, no list names him.
        let r = reader
            .get(app.url(&format!("/people/{person}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{b}");
        let list = get_text(&reader, app.url("/lists/persecuted")).await;
        assert!(!list.contains("Mendygaziyev"), "{b}: {list}");
        let home = get_text(&reader, app.url("/public")).await;
        assert!(
            home.contains("href=\"/lists/political-prisoners\""),
            "{b}: the public home page"
        );

        // Published, with consent for the victim and the official; the
        // witness gave none.
        let version = app.store.event(detention).await.unwrap().unwrap().version;
        app.store
            .set_event_publication(editor, detention, version, Publication::Published)
            .await
            .unwrap();
        app.store
            .set_participant_consent(editor, detention, 0, Consent::Public)
            .await
            .unwrap();
        app.store
            .set_participant_consent(editor, detention, 1, Consent::Public)
            .await
            .unwrap();
        let anchor = app.store.person(&person).await.unwrap().unwrap().mentions[0]
            .key
            .clone();
        app.store
            .set_person_consent(editor, &anchor, Consent::Public)
            .await
            .unwrap();

        let list = get_text(&reader, app.url("/lists/persecuted")).await;
        assert!(list.contains("Bekizhan Mendygaziyev"), "{b}: {list}");
        let page = get_text(&reader, app.url(&format!("/people/{person}"))).await;
        assert!(page.contains("Bekizhan Mendygaziyev"), "{b}");
        let dossiers = get_text(&reader, app.url("/officials")).await;
        assert!(dossiers.contains("Captain Serik Omarov"), "{b}: {dossiers}");
        let csv = get_text(&reader, app.url("/data/persecuted.csv")).await;
        assert!(csv.starts_with("id,page,name"), "{b}: {csv}");
        assert!(csv.contains(&person), "{b}: {csv}");
        let api: serde_json::Value = serde_json::from_str(
            &get_text(
                &reader,
                app.url("/api/v1/lists/persecuted?region=kz-region-mangystau"),
            )
            .await,
        )
        .unwrap();
        assert_eq!(api["total"], 1, "{b}: {api}");
        assert_eq!(api["items"][0]["id"], person.as_str(), "{b}");

        // The witness without consent appears on no public address at all.
        for path in public_paths(&person) {
            let r = reader.get(app.url(&path)).send().await.unwrap();
            let status = r.status();
            let body = r.text().await.unwrap();
            assert!(status.is_success(), "{b}: {path} answered {status}");
            assert!(
                !body.contains("Confidentova"),
                "{b}: {path} shows the witness"
            );
        }

        // Statistics and a chart.
        let stats = get_text(&reader, app.url("/statistics")).await;
        assert!(stats.contains("statistics/charts/map.png"), "{b}");
        let png = reader
            .get(app.url("/statistics/charts/map.png"))
            .send()
            .await
            .unwrap();
        assert_eq!(png.headers()["content-type"], "image/png");
        let bytes = png.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{b}");

        // ETags: the same answer is 304; a publication changes the tag.
        let r = reader
            .get(app.url("/lists/persecuted"))
            .send()
            .await
            .unwrap();
        let tag = r.headers()["etag"].to_str().unwrap().to_string();
        let r = reader
            .get(app.url("/lists/persecuted"))
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304, "{b}");

        // Bad filters are named.
        let r = reader
            .get(app.url("/api/v1/lists/persecuted?type=riot"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("type"), "{b}");
        let r = reader
            .get(app.url("/lists/persecuted?from=2022-13"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{b}");

        // Unpublished again: off the lists, the page gone, the tag new.
        let version = app.store.event(detention).await.unwrap().unwrap().version;
        app.store
            .set_event_publication(editor, detention, version, Publication::Unpublished)
            .await
            .unwrap();
        let r = reader
            .get(app.url("/lists/persecuted"))
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}: the old tag no longer matches");
        assert!(!r.text().await.unwrap().contains("Mendygaziyev"), "{b}");
        let r = reader
            .get(app.url(&format!("/people/{person}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{b}");
        let dossiers = get_text(&reader, app.url("/officials")).await;
        assert!(!dossiers.contains("Omarov"), "{b}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_description_names_every_api_route() {
    let app = apps().await.into_iter().next().unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&get_text(&client(), app.url("/api/v1/openapi.json")).await).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for route in kuager_web::routes::ROUTES {
        if route.path.starts_with("/api/v1/") && !route.path.ends_with("openapi.json") {
            assert!(
                paths.contains_key(route.path),
                "{} is not described",
                route.path
            );
        }
    }
}
