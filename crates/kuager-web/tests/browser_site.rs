//! The public site in a real headless Chromium with JavaScript off, on
//! SQLite and PostgreSQL: every public page renders, the charts are drawn
//! (images at their size, screenshots in target/e2e-artifacts/), and a
//! published event's confidential participant never shows.

mod common;

use anyhow::{ensure, Context, Result};
use common::*;
use kuager_browser::{Browser, Viewport};
use kuager_case::{Consent, Publication, UserRole};

async fn scenario(app: &TestApp) -> Result<()> {
    let tag = format!("{}-site", app.backend);
    let person = app.seed_register().await;
    let editor = app.add_user("edna", UserRole::Editor).await;
    app.add_user("alan", UserRole::Analyst).await;
    let (alan, token) = login(app, "alan").await;
    let mut ids = Vec::new();
    for (date, place, kind) in [
        ("2022-01-06", "kz-zhanaozen", "detention"),
        ("2022-01-20", "kz-aktau", "administrative-arrest"),
        ("2022-02-11", "kz-almaty", "criminal-charge"),
    ] {
        let r = alan
            .post(app.url("/events"))
            .form(&[
                ("csrf", token.as_str()),
                ("event_type", kind),
                ("date", date),
                ("place", place),
                ("verification", "corroborated"),
                ("p0_role", "victim"),
                ("p0_person", person.as_str()),
                ("p1_role", "witness"),
                ("p1_name", "Saule Nepublikuyeva"),
                ("source_citation", "Own statement"),
            ])
            .send()
            .await?;
        ensure!(r.status() == 303, "event saved: {}", r.status());
        let id: i64 = location(&r)
            .trim_start_matches("/events/")
            .split('?')
            .next()
            .context("event id")?
            .parse()?;
        ids.push(id);
    }
    for id in &ids {
        let version = app.store.event(*id).await?.context("event")?.version;
        app.store
            .set_event_publication(editor, *id, version, Publication::Published)
            .await?;
        app.store
            .set_participant_consent(editor, *id, 0, Consent::Public)
            .await?;
    }
    let anchor = app.store.person(&person).await?.context("person")?.mentions[0]
        .key
        .clone();
    app.store
        .set_person_consent(editor, &anchor, Consent::Public)
        .await?;

    let b = Browser::start(Viewport::Desktop).await?;
    let pages = [
        ("/public", "01-home"),
        ("/lists/persecuted", "02-list"),
        (&format!("/people/{person}") as &str, "03-person"),
        ("/officials", "04-officials"),
        ("/statistics", "05-statistics"),
        ("/data", "06-data"),
    ];
    for (path, name) in pages {
        b.goto(&app.url(path)).await?;
        let text = b.page_text().await?;
        ensure!(
            !text.contains("Nepublikuyeva"),
            "{path} shows the confidential witness"
        );
        ensure!(b.exists("main h1").await?, "{path} has a heading");
        b.screenshot(&format!("{tag}-{name}")).await?;
    }
    b.goto(&app.url("/lists/persecuted")).await?;
    ensure!(
        b.page_text().await?.contains("Bekizhan Mendygaziyev"),
        "the published person is listed"
    );
    // The charts are images the browser drew at their size (a broken
    // image would be an icon a few pixels wide).
    b.goto(&app.url("/statistics")).await?;
    for img in b.find_all("figure.chart img").await? {
        let (_, _, width, height) = img.rectangle().await?;
        ensure!(
            width > 300.0 && height > 100.0,
            "chart drawn at {width}×{height}"
        );
    }
    ensure!(
        b.find_all("figure.chart img").await?.len() >= 4,
        "months, map, regions and status charts"
    );
    // In Russian, with the filters of the list form (a GET form, no script).
    b.goto(&app.url("/lang/ru?back=/lists/persecuted")).await?;
    b.select("select[name=region]", "kz-region-mangystau")
        .await?;
    b.click("form.filters button[type=submit]").await?;
    let text = b.page_text().await?;
    ensure!(
        text.contains("Bekizhan Mendygaziyev"),
        "filtered list: {text}"
    );
    ensure!(
        b.current_url()
            .await?
            .contains("region=kz-region-mangystau"),
        "the filter is in the address"
    );
    b.screenshot(&format!("{tag}-07-list-filtered-ru")).await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn public_pages_render_with_charts_and_without_javascript() {
    for app in apps().await {
        scenario(&app)
            .await
            .with_context(|| format!("on {}", app.backend))
            .unwrap();
    }
}
