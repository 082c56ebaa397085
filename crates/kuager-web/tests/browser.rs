//! The scenario in a real headless Chromium with JavaScript OFF,
//! on SQLite and PostgreSQL. Screenshots go to target/e2e-artifacts/.

mod common;

use anyhow::{ensure, Context, Result};
use common::*;
use kuager_browser::{Browser, Viewport};
use kuager_case::UserRole;
use kuager_i18n::{tr, Locale};

async fn log_in(b: &Browser, app: &TestApp, name: &str) -> Result<()> {
    b.goto(&app.url("/login")).await?;
    b.fill("#name", name).await?;
    b.fill("#password", PASSWORD).await?;
    b.click("form[action='/login'] button[type=submit]").await?;
    match b.current_path().await?.as_str() {
        "/account/totp" => {
            // First login of an analyst: set up the second factor as a
            // person would, reading the secret off the page.
            ensure!(
                b.exists("img[src='/account/totp/qr.png']").await?,
                "the QR code is shown"
            );
            let uri = b.attr("#totp-uri", "href").await?.unwrap_or_default();
            ensure!(uri.starts_with("otpauth://totp/"), "otpauth URI: {uri}");
            let secret = b.text("#totp-secret").await?.trim().to_string();
            b.screenshot(&format!("{}-00-totp-enrol-{name}", app.backend))
                .await?;
            let step = unix_now() / 30;
            app.note_enrolment(name, &secret, step);
            b.fill("#code", &totp_code(&secret, step)).await?;
            b.click("form[action='/account/totp'] button[type=submit]")
                .await?;
        }
        "/login/code" => {
            let code = app.next_code(name).await;
            b.fill("#code", &code).await?;
            b.click("form[action='/login/code'] button[type=submit]")
                .await?;
        }
        _ => {}
    }
    ensure!(b.current_path().await? == "/", "{name} is logged in");
    Ok(())
}

async fn log_out(b: &Browser) -> Result<()> {
    b.click("form[action='/logout'] button").await
}

async fn scenario(app: &TestApp) -> Result<()> {
    let tag = app.backend;
    let person = app.seed_register().await;
    app.add_user("vera", UserRole::Volunteer).await;
    app.add_user("vlad", UserRole::Volunteer).await;
    app.add_user("alan", UserRole::Analyst).await;

    // An anonymous visitor is sent to the login page.
    let phone = Browser::start(Viewport::Phone).await?;
    phone.goto(&app.url("/reports/new")).await?;
    ensure!(
        phone.current_path().await? == "/login",
        "anonymous visitor sent to login"
    );
    phone.screenshot(&format!("{tag}-01-login-phone")).await?;

    // A volunteer reports in Russian from a phone.
    log_in(&phone, app, "vera").await?;
    phone.click("a[lang=ru]").await?;
    phone.goto(&app.url("/reports/new")).await?;
    ensure!(
        phone.page_text().await?.contains("Что произошло?"),
        "the form is in Russian"
    );
    phone
        .fill(
            "#what",
            "Бекижана Мендыгазиева задержали у дома в Жанаозене, увезли в городской отдел полиции.",
        )
        .await?;
    phone.fill("#when", "2022-01-06").await?;
    phone.select("#place", "kz-zhanaozen").await?;
    phone.fill("#who", "Бекижан Мендыгазиев").await?;
    phone
        .click_in_place("input[name=consent][value=public]")
        .await?;
    phone
        .screenshot(&format!("{tag}-02-report-form-ru"))
        .await?;
    phone
        .click("form[action='/reports'] button[type=submit]")
        .await?;
    let report_path = phone.current_path().await?;
    ensure!(
        report_path.starts_with("/reports/"),
        "report saved: {report_path}"
    );
    let report_path = report_path
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    ensure!(phone.page_text().await?.contains("Бекижан Мендыгазиев"));
    phone.screenshot(&format!("{tag}-03-report-sent")).await?;
    log_out(&phone).await?;

    // A second volunteer cannot see it, even by its address.
    log_in(&phone, app, "vlad").await?;
    phone.goto(&app.url(&report_path)).await?;
    let text = phone.page_text().await?;
    ensure!(
        !text.contains("Мендыгазиев"),
        "the second volunteer does not see the report"
    );
    phone
        .screenshot(&format!("{tag}-04-other-volunteer"))
        .await?;
    phone.close().await?;

    // An analyst links the name to the Latin-script person and records a
    // sourced detention.
    let desk = Browser::start(Viewport::Desktop).await?;
    log_in(&desk, app, "alan").await?;
    desk.goto(&app.url("/intake")).await?;
    desk.click(&format!("a[href='{report_path}']")).await?;
    desk.screenshot(&format!("{tag}-05-analyst-report")).await?;
    let link_button = format!("form[action='{report_path}/link'] input[value='{person}'] ~ button");
    ensure!(
        desk.exists(&link_button).await?,
        "the resolver suggests person {person} for the Cyrillic name"
    );
    desk.click(&link_button).await?;
    ensure!(
        desk.exists(&format!("a[href='/persons/{person}']")).await?,
        "name linked"
    );
    desk.click(&format!(
        "a[href='/events/new?report={}']",
        report_path.trim_start_matches("/reports/")
    ))
    .await?;
    ensure!(
        desk.value("input[name=p0_person]").await? == person,
        "victim prefilled from the link"
    );
    ensure!(
        desk.value("#source_report").await? == report_path.trim_start_matches("/reports/"),
        "report offered as source"
    );
    desk.select("#event_type", "detention").await?;
    desk.select("#verification", "corroborated").await?;
    desk.fill(
        "#description",
        "Detained outside his home, taken to the city police department.",
    )
    .await?;
    desk.screenshot(&format!("{tag}-06-event-form")).await?;
    desk.click("form[action='/events'] button[type=submit]")
        .await?;
    let event_path = desk.current_path().await?;
    ensure!(
        event_path.starts_with("/events/"),
        "event saved: {event_path}"
    );
    desk.screenshot(&format!("{tag}-07-event")).await?;

    // The person page shows the event in all three languages.
    for locale in [Locale::Ru, Locale::Kk, Locale::En] {
        desk.goto(&app.url(&format!("/persons/{person}"))).await?;
        if !desk
            .exists(&format!("nav.lang strong[lang={}]", locale.code()))
            .await?
        {
            desk.click(&format!("nav.lang a[lang={}]", locale.code()))
                .await?;
        }
        // WebDriver reports no-break spaces as plain ones.
        let text = desk.page_text().await?.replace('\u{a0}', " ");
        let label = tr(locale, "event-type-detention");
        ensure!(
            text.contains(&label),
            "{locale:?}: person page names the event ({label})"
        );
        let status = tr(locale, "status-detained");
        ensure!(text.contains(&status), "{locale:?}: status {status}");
        let date = kuager_i18n::format_day(locale, 2022, 1, 6).replace('\u{a0}', " ");
        ensure!(text.contains(&date), "{locale:?}: date {date}");
        ensure!(
            desk.exists(&format!("a[href='{report_path}']")).await?,
            "source shown"
        );
        desk.screenshot(&format!("{tag}-08-person-{}", locale.code()))
            .await?;
    }
    desk.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn volunteer_report_to_event_on_the_person_page_without_javascript() {
    for app in apps().await {
        scenario(&app)
            .await
            .with_context(|| format!("on {}", app.backend))
            .unwrap();
    }
}
