//! The newsletter: the editor's pages (build an issue for a period and an
//! edition from published events, arrange it by section, write the
//! introduction, preview, publish, follow the delivery) and the public
//! ones (archive, issue pages, Atom feed, subscribing with double opt-in,
//! one-click unsubscribing). Decision 0017.
//!
//! Every public view of an issue, and the editor's preview, is rendered by
//! `kuager_register::newsletter::render_issue`, which redacts each event
//! again from the register.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::newsletter::{DeliveryState, Section, SubscriberState, EDITION_LANGUAGES};
use kuager_case::{Day, UserRole};
use kuager_i18n::{ArgValue, Locale};
use kuager_publish::newsletter as render;
use kuager_register::newsletter::{self as nl, NewsletterError};
use kuager_store::{CaseError, IssueDraft, IssueItem, IssueRecord};
use maud::{html, Markup};
use std::collections::HashMap;
use std::net::SocketAddr;

impl From<NewsletterError> for AppError {
    fn from(e: NewsletterError) -> Self {
        match e {
            NewsletterError::Case(e) => e.into(),
            NewsletterError::Store(e) => e.into(),
            NewsletterError::NoSuchIssue(_) => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

fn with_status(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

fn edition_name(code: &str) -> &'static str {
    Locale::from_code(code).map_or("?", |l| l.native_name())
}

fn day_text(ctx: &Ctx, d: Day) -> String {
    kuager_i18n::format_day(ctx.locale, d.year, d.month, d.day)
}

fn edition_select(selected: &str) -> Markup {
    html! {
        select #language name="language" required {
            @for code in EDITION_LANGUAGES {
                option value=(code) selected[selected == code] { (edition_name(code)) }
            }
        }
    }
}

// ---- the editor's pages ---------------------------------------------------

/// The new-issue form's fields as typed.
#[derive(Debug, Default, Clone)]
struct NewIssueInput {
    language: String,
    period_start: String,
    period_end: String,
    title: String,
}

impl NewIssueInput {
    fn from_form(f: &HashMap<String, String>) -> NewIssueInput {
        let g = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        NewIssueInput {
            language: g("language"),
            period_start: g("period_start"),
            period_end: g("period_end"),
            title: g("title"),
        }
    }

    fn parse(&self) -> Result<IssueDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !EDITION_LANGUAGES.contains(&self.language.as_str()) {
            errors.add("language", "newsletter-error-language");
        }
        let start = Day::parse_iso(&self.period_start).ok();
        if start.is_none() {
            errors.add("period_start", "error-bad-day");
        }
        let end = Day::parse_iso(&self.period_end).ok();
        if end.is_none() {
            errors.add("period_end", "error-bad-day");
        }
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errors.add("period_end", "newsletter-error-period");
            }
        }
        if self.title.is_empty() {
            errors.add("title", "error-required");
        } else if self.title.chars().count() > 200 {
            errors.add("title", "newsletter-error-title");
        }
        match (start, end, errors.is_empty()) {
            (Some(period_start), Some(period_end), true) => Ok(IssueDraft {
                language: self.language.clone(),
                period_start,
                period_end,
                title: self.title.clone(),
                introduction: String::new(),
            }),
            _ => Err(errors),
        }
    }
}

fn new_issue_form(ctx: &Ctx, input: &NewIssueInput, errors: &FieldErrors) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    let language = if input.language.is_empty() {
        ctx.locale.code()
    } else {
        input.language.as_str()
    };
    html! {
        (layout::error_summary(ctx, errors))
        form.stack #new-issue method="post" action="/editor/newsletter" {
            (layout::csrf_field(ctx))
            label for="language" { (ctx.t("newsletter-field-edition")) }
            (edition_select(language))
            (errors.show(ctx, "language"))
            label for="period_start" { (ctx.t("newsletter-field-period-start")) }
            input #period_start type="text" name="period_start" value=(input.period_start) placeholder="2020-12-01" required aria-invalid=[invalid("period_start")];
            (errors.show(ctx, "period_start"))
            label for="period_end" { (ctx.t("newsletter-field-period-end")) }
            input #period_end type="text" name="period_end" value=(input.period_end) placeholder="2020-12-07" required aria-invalid=[invalid("period_end")];
            (errors.show(ctx, "period_end"))
            label for="title" { (ctx.t("newsletter-field-title")) }
            input #title type="text" name="title" value=(input.title) required aria-invalid=[invalid("title")];
            (errors.show(ctx, "title"))
            button type="submit" { (ctx.t("newsletter-action-create")) }
        }
    }
}

async fn editor_list_page(
    state: &AppState,
    ctx: &Ctx,
    input: &NewIssueInput,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let issues = state.store.newsletter_issues(false).await?;
    let counts = state.store.newsletter_subscriber_counts().await?;
    Ok(layout::page(
        ctx,
        &ctx.t("newsletter-editor-title"),
        html! {
            p { a href="/newsletter" { (ctx.t("newsletter-public-page")) } }
            @if issues.is_empty() { p.empty { (ctx.t("newsletter-no-issues")) } }
            @else {
                table.issues {
                    thead { tr {
                        th { (ctx.t("newsletter-field-title")) }
                        th { (ctx.t("newsletter-field-edition")) }
                        th { (ctx.t("newsletter-field-period-start")) }
                        th { (ctx.t("newsletter-field-period-end")) }
                        th { "" }
                    } }
                    tbody {
                        @for i in &issues {
                            tr {
                                td { a href=(format!("/editor/newsletter/{}", i.id)) { (i.title) } }
                                td { (edition_name(&i.language)) }
                                td { (day_text(ctx, i.period_start)) }
                                td { (day_text(ctx, i.period_end)) }
                                td {
                                    @match i.number {
                                        Some(n) => { (ctx.t("newsletter-state-published")) " · " (ctx.t_args("newsletter-number", &[("number", ArgValue::Num(n))])) }
                                        None => { (ctx.t("newsletter-state-draft")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("newsletter-new-issue")) }
            (new_issue_form(ctx, input, errors))
            h2 { (ctx.t("newsletter-subscribers")) }
            table #subscriber-counts {
                thead { tr {
                    th { (ctx.t("newsletter-field-edition")) }
                    @for s in SubscriberState::ALL { th { (ctx.t(&s.message_id())) } }
                } }
                tbody {
                    @for code in EDITION_LANGUAGES {
                        tr {
                            th scope="row" { (edition_name(code)) }
                            @for s in SubscriberState::ALL { td { (counts.count(code, *s)) } }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn editor_list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    editor_list_page(
        &state,
        &ctx,
        &NewIssueInput::default(),
        &FieldErrors::default(),
    )
    .await
}

pub async fn editor_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let input = NewIssueInput::from_form(&f);
    match input.parse() {
        Ok(draft) => {
            let id = nl::create_issue(&state.store, user.id, &draft).await?;
            Ok(
                Redirect::to(&format!("/editor/newsletter/{id}?done=newsletter-created"))
                    .into_response(),
            )
        }
        Err(errors) => Ok(with_status(
            editor_list_page(&state, &ctx, &input, &errors).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}

/// A stored timestamp as the editor reads it: `2026-12-02 07:31 UTC`.
fn lease_time(stamp: &str) -> String {
    format!("{} UTC", stamp.get(..16).unwrap_or(stamp).replace('T', " "))
}

fn section_select(ctx: &Ctx, name: &str, selected: Section) -> Markup {
    html! {
        select name=(name) aria-label=(ctx.t("newsletter-field-section")) {
            @for s in Section::ALL {
                option value=(s.code()) selected[*s == selected] { (ctx.t(&s.message_id())) }
            }
        }
    }
}

async fn issue_page(
    state: &AppState,
    ctx: &Ctx,
    issue: &IssueRecord,
    notice: Option<String>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let rendered = nl::render_issue(&state.store, issue).await?;
    let public: std::collections::BTreeSet<i64> = rendered.events().map(|e| e.id()).collect();
    let mut rows = Vec::with_capacity(issue.items.len());
    for item in &issue.items {
        rows.push((item, state.store.event(item.event_id).await?));
    }
    let counts = state.store.newsletter_delivery_counts(issue.id).await?;
    let sending_until = state.store.newsletter_send_lease_until(issue.id).await?;
    let id = issue.id;
    Ok(layout::page(
        ctx,
        &issue.title,
        html! {
            @if let Some(n) = notice { (layout::notice(&n)) }
            (layout::error_summary(ctx, errors))
            @for (_, m) in &errors.0 { p.field-error role="alert" { (ctx.t(m)) } }
            dl.facts {
                dt { (ctx.t("newsletter-field-edition")) } dd { (edition_name(&issue.language)) }
                dt { (ctx.t("newsletter-field-period-start")) } dd { (day_text(ctx, issue.period_start)) }
                dt { (ctx.t("newsletter-field-period-end")) } dd { (day_text(ctx, issue.period_end)) }
                dd #issue-state {
                    @match issue.number {
                        Some(n) => { (ctx.t("newsletter-state-published")) " · " (ctx.t_args("newsletter-number", &[("number", ArgValue::Num(n))])) }
                        None => { (ctx.t("newsletter-state-draft")) }
                    }
                }
            }
            @if let Some(n) = issue.number {
                p { a href=(format!("/newsletter/{n}")) { (ctx.t("newsletter-public-page")) } }
                h2 { (ctx.t("newsletter-delivery-status")) }
                table #delivery-status {
                    tbody {
                        @for (s, count) in [
                            (DeliveryState::Pending, counts.pending),
                            (DeliveryState::InFlight, counts.in_flight),
                            (DeliveryState::Sent, counts.sent),
                            (DeliveryState::Deferred, counts.deferred),
                            (DeliveryState::Failed, counts.failed),
                            (DeliveryState::Skipped, counts.skipped),
                        ] {
                            tr class=(s.code()) { th scope="row" { (ctx.t(&s.message_id())) } td { (count) } }
                        }
                    }
                }
                @if let Some(until) = &sending_until {
                    p #sending-now { (ctx.t_args("newsletter-sending-now", &[("until", ArgValue::Str(&lease_time(until)))])) }
                } @else if state.mail.is_some() {
                    // Always offered: a run also reaches readers confirmed since the last.
                    form #send-form method="post" action=(format!("/editor/newsletter/{id}/send")) {
                        (layout::csrf_field(ctx))
                        p { (ctx.t("newsletter-send-about")) }
                        button type="submit" {
                            @if counts.open() > 0 { (ctx.t("newsletter-resume-button")) } @else { (ctx.t("newsletter-send-button")) }
                        }
                    }
                } @else {
                    p { (ctx.t("newsletter-send-no-relay")) }
                }
                p { code { (ctx.t_args("newsletter-send-hint", &[("number", ArgValue::Num(issue.id))])) } }
            } @else {
                form.stack #issue-form method="post" action=(format!("/editor/newsletter/{id}")) {
                    (layout::csrf_field(ctx))
                    input type="hidden" name="version" value=(issue.version);
                    label for="title" { (ctx.t("newsletter-field-title")) }
                    input #title type="text" name="title" value=(issue.title) required;
                    label for="introduction" { (ctx.t("newsletter-field-introduction")) }
                    textarea #introduction name="introduction" rows="6" { (issue.introduction) }
                    h2 { (ctx.t("newsletter-items")) }
                    table.items {
                        thead { tr {
                            th { (ctx.t("newsletter-field-include")) }
                            th { (ctx.t("newsletter-field-event-id")) }
                            th { (ctx.t("newsletter-field-section")) }
                            th { (ctx.t("newsletter-field-position")) }
                        } }
                        tbody {
                            @for (item, event) in &rows {
                                tr id=(format!("item-{}", item.event_id)) {
                                    td { input type="checkbox" name=(format!("include_{}", item.event_id)) value="1" checked aria-label=(ctx.t("newsletter-field-include")); }
                                    td {
                                        a href=(format!("/events/{}", item.event_id)) { "#" (item.event_id) }
                                        @if let Some(e) = event { " " (crate::view::event_title(ctx, &e.draft)) " · " (crate::view::date(ctx, &e.draft.date)) }
                                        @if !public.contains(&item.event_id) { p.withheld { (ctx.t("newsletter-item-not-public")) } }
                                    }
                                    td { (section_select(ctx, &format!("section_{}", item.event_id), item.section)) }
                                    td { input type="text" inputmode="numeric" size="4" name=(format!("position_{}", item.event_id)) value=(item.position) aria-label=(ctx.t("newsletter-field-position")); }
                                }
                            }
                        }
                    }
                    label for="add_event" { (ctx.t("newsletter-action-add-event")) }
                    input #add_event type="text" inputmode="numeric" name="add_event";
                    button type="submit" { (ctx.t("newsletter-action-save-issue")) }
                }
                form.inline #publish-form method="post" action=(format!("/editor/newsletter/{id}/publish")) {
                    (layout::csrf_field(ctx))
                    input type="hidden" name="version" value=(issue.version);
                    button type="submit" { (ctx.t("newsletter-action-publish")) }
                }
            }
            h2 { (ctx.t("newsletter-preview")) }
            div #preview { (render::body(&rendered)) }
        },
    ))
}

pub async fn editor_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    let issue = state
        .store
        .newsletter_issue(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let notice = done.done.map(|n| ctx.t(&format!("done-{n}")));
    issue_page(&state, &ctx, &issue, notice, &FieldErrors::default()).await
}

fn form_version(f: &HashMap<String, String>) -> AppResult<i64> {
    f.get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest("the form has no version".into()))
}

/// A refusal the editor can act on, shown on the issue page; anything else
/// is an error page.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    error: NewsletterError,
) -> AppResult<Response> {
    match error {
        NewsletterError::Case(CaseError::Field { field, message }) => {
            let issue = state
                .store
                .newsletter_issue(id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(with_status(
                issue_page(state, ctx, &issue, None, &errors).await?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        other => Err(other.into()),
    }
}

pub async fn editor_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let version = form_version(&f)?;
    let issue = state
        .store
        .newsletter_issue(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut items = Vec::new();
    for item in &issue.items {
        let e = item.event_id;
        if !f.contains_key(&format!("include_{e}")) {
            continue;
        }
        let section = f
            .get(&format!("section_{e}"))
            .and_then(|c| Section::from_code(c))
            .unwrap_or(item.section);
        let position = f
            .get(&format!("position_{e}"))
            .and_then(|p| p.trim().parse::<i64>().ok())
            .unwrap_or(item.position);
        items.push(IssueItem {
            event_id: e,
            section,
            position,
        });
    }
    let add = f.get("add_event").map(|s| s.trim()).unwrap_or_default();
    if !add.is_empty() {
        let Ok(event_id) = add.trim_start_matches('#').parse::<i64>() else {
            return refused(
                &state,
                &ctx,
                id,
                NewsletterError::Case(CaseError::Field {
                    field: "add_event",
                    message: "error-bad-number",
                }),
            )
            .await;
        };
        let event = state
            .store
            .event(event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !items.iter().any(|i| i.event_id == event_id) {
            let position = items.iter().map(|i| i.position).max().unwrap_or(0) + 10;
            items.push(IssueItem {
                event_id,
                section: Section::suggested(event.draft.event_type),
                position,
            });
        }
    }
    let title = f.get("title").map(String::as_str).unwrap_or_default();
    let introduction = f
        .get("introduction")
        .map(String::as_str)
        .unwrap_or_default();
    match state
        .store
        .update_newsletter_issue(user.id, id, version, title, introduction, &items)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/editor/newsletter/{id}?done=newsletter-saved")).into_response(),
        ),
        Err(e) => refused(&state, &ctx, id, e.into()).await,
    }
}

pub async fn editor_publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let version = form_version(&f)?;
    match state
        .store
        .publish_newsletter_issue(user.id, id, version)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/editor/newsletter/{id}?done=newsletter-published"
        ))
        .into_response()),
        Err(e) => refused(&state, &ctx, id, e.into()).await,
    }
}

/// The editor's "send" button: starts a sending run in the background
/// (the same run as `kuager newsletter send`, holding the issue's lease)
/// and comes back to the issue page, which shows how far it is.
pub async fn editor_send(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let issue = state
        .store
        .newsletter_issue(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !issue.published {
        return Err(NewsletterError::NotPublished(id).into());
    }
    let (Some(mailer), Ok(_)) = (state.mail.clone(), nl::public_base(&state.public_url)) else {
        return Err(AppError::BadRequest(ctx.t("newsletter-send-no-relay")));
    };
    if state.store.newsletter_send_lease_until(id).await?.is_some() {
        return Ok(Redirect::to(&format!(
            "/editor/newsletter/{id}?done=newsletter-already-sending"
        ))
        .into_response());
    }
    let store = state.store.clone();
    let public_url = state.public_url.clone();
    let actor = user.id;
    tokio::spawn(async move {
        match nl::send_issue(&store, &mailer, &public_url, id, Some(actor), &mut |_| {}).await {
            Ok(report) => tracing::info!(
                issue = id,
                sent = report.sent,
                deferred = report.deferred,
                refused = report.failed,
                open = report.counts.open(),
                "newsletter sending run finished"
            ),
            Err(NewsletterError::AlreadySending(_)) => {
                tracing::info!(issue = id, "newsletter already being sent by another run")
            }
            Err(e) => tracing::warn!(
                issue = id,
                error = %kuager_mail::redact_url(&e.to_string()),
                "newsletter sending run failed"
            ),
        }
    });
    Ok(Redirect::to(&format!("/editor/newsletter/{id}?done=newsletter-sending")).into_response())
}

// ---- public pages -----------------------------------------------------------

fn public_links(ctx: &Ctx) -> Markup {
    html! {
        p.newsletter-links {
            a href="/newsletter/subscribe" { (ctx.t("newsletter-subscribe-link")) }
            " · "
            a href="/newsletter/feed.atom" type="application/atom+xml" { (ctx.t("newsletter-feed-link")) }
        }
    }
}

pub async fn archive(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let issues = state.store.newsletter_issues(true).await?;
    Ok(layout::public_page(
        &ctx,
        &ctx.t("newsletter-archive-title"),
        html! {
            p { (ctx.t("newsletter-archive-intro")) }
            (public_links(&ctx))
            @if issues.is_empty() { p.empty { (ctx.t("newsletter-archive-empty")) } }
            ul.issues {
                @for i in &issues {
                    @if let Some(n) = i.number {
                        li lang=(i.language) {
                            a href=(format!("/newsletter/{n}")) { (i.title) }
                            " · " (ctx.t_args("newsletter-number", &[("number", ArgValue::Num(n))]))
                            " · " (day_text(&ctx, i.period_start)) " – " (day_text(&ctx, i.period_end))
                            " · " (edition_name(&i.language))
                        }
                    }
                }
            }
        },
    ))
}

pub async fn issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let issue = state
        .store
        .newsletter_issue_by_number(number)
        .await?
        .ok_or(AppError::NotFound)?;
    let rendered = nl::render_issue(&state.store, &issue).await?;
    Ok(layout::public_page(
        &ctx,
        &rendered.title,
        html! {
            (render::body(&rendered))
            (public_links(&ctx))
            p { a href="/newsletter" { (ctx.t("newsletter-archive-title")) } }
        },
    ))
}

pub async fn feed(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let records = state.store.newsletter_issues(true).await?;
    let mut issues = Vec::with_capacity(records.len());
    for r in &records {
        issues.push(nl::render_issue(&state.store, r).await?);
    }
    let updated = records
        .iter()
        .filter_map(|r| r.published_at.clone())
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let info = kuager_publish::atom::FeedInfo {
        id: "tag:kuager,2026:newsletter".to_string(),
        title: ctx.t("newsletter-feed-title"),
        author: ctx.t("site-name"),
        updated,
        self_href: "/newsletter/feed.atom".to_string(),
        event_href_prefix: "/newsletter/".to_string(),
    };
    let body = kuager_publish::atom::issues_feed(&issues, &info, "/newsletter/", ctx.locale);
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}

fn subscribe_form(ctx: &Ctx, email: &str, language: &str, errors: &FieldErrors) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    html! {
        (layout::error_summary(ctx, errors))
        form.stack #subscribe method="post" action="/newsletter/subscribe" {
            (layout::csrf_field(ctx))
            label for="email" { (ctx.t("newsletter-field-email")) }
            input #email type="email" name="email" value=(email) autocomplete="email" required aria-invalid=[invalid("email")];
            (errors.show(ctx, "email"))
            label for="language" { (ctx.t("newsletter-field-edition")) }
            (edition_select(language))
            (errors.show(ctx, "language"))
            // A field people do not see: robots fill it.
            div.hp aria-hidden="true" {
                label for="website" { (ctx.t("field-honeypot")) }
                input #website type="text" name="website" tabindex="-1" autocomplete="off";
            }
            button type="submit" { (ctx.t("newsletter-action-subscribe")) }
        }
    }
}

fn mail_available(state: &AppState) -> bool {
    state.mail.is_some() && nl::public_base(&state.public_url).is_ok()
}

pub async fn subscribe_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    Ok(layout::public_page(
        &ctx,
        &ctx.t("newsletter-subscribe-title"),
        html! {
            @if mail_available(&state) {
                p { (ctx.t("newsletter-subscribe-intro")) }
                (subscribe_form(&ctx, "", ctx.locale.code(), &FieldErrors::default()))
            } @else {
                p #unavailable { (ctx.t("newsletter-subscribe-unavailable")) }
            }
            p { a href="/newsletter" { (ctx.t("newsletter-archive-title")) } }
        },
    ))
}

fn thanks(ctx: &Ctx) -> Response {
    layout::public_page(
        ctx,
        &ctx.t("newsletter-subscribe-title"),
        html! {
            (layout::notice(&ctx.t("newsletter-subscribe-sent")))
            p { a href="/newsletter" { (ctx.t("newsletter-archive-title")) } }
        },
    )
}

pub async fn subscribe(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    if f.get("website").is_some_and(|w| !w.is_empty()) {
        tracing::info!("newsletter subscription dropped: honeypot filled");
        return Ok(thanks(&ctx));
    }
    let email = f.get("email").map(|s| s.trim()).unwrap_or_default();
    let language = f.get("language").map(|s| s.trim()).unwrap_or_default();
    let mut errors = FieldErrors::default();
    if !kuager_mail::valid_address(email) || email.chars().count() > 254 {
        errors.add("email", "newsletter-error-address");
    }
    if !EDITION_LANGUAGES.contains(&language) {
        errors.add("language", "newsletter-error-language");
    }
    let title = ctx.t("newsletter-subscribe-title");
    if !errors.is_empty() {
        return Ok(with_status(
            layout::public_page(&ctx, &title, subscribe_form(&ctx, email, language, &errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let Some(mailer) = state.mail.as_ref().filter(|_| mail_available(&state)) else {
        return Ok(with_status(
            layout::public_page(
                &ctx,
                &title,
                html! { p #unavailable { (ctx.t("newsletter-subscribe-unavailable")) } },
            ),
            StatusCode::SERVICE_UNAVAILABLE,
        ));
    };
    match nl::subscribe(&state.store, mailer, &state.public_url, email, language).await {
        Ok(()) => Ok(thanks(&ctx)),
        Err(NewsletterError::Mail(e)) => {
            // The relay failed: said the same way for every address, so it
            // tells nothing about who is subscribed.
            tracing::warn!(error = %kuager_mail::redact_url(&e.to_string()), "sending a confirmation link");
            Ok(with_status(
                layout::public_page(
                    &ctx,
                    &title,
                    html! { p #unavailable { (ctx.t("newsletter-subscribe-unavailable")) } },
                ),
                StatusCode::SERVICE_UNAVAILABLE,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match nl::confirm(&state.store, &token).await? {
        Some(_) => Ok(layout::public_page(
            &ctx,
            &ctx.t("newsletter-confirmed-title"),
            html! {
                p #confirmed { (ctx.t("newsletter-confirmed-text")) }
                p { a href="/newsletter" { (ctx.t("newsletter-archive-title")) } }
            },
        )),
        None => Ok(with_status(
            layout::public_page(
                &ctx,
                &ctx.t("newsletter-subscribe-title"),
                html! {
                    p #invalid { (ctx.t("newsletter-confirm-invalid")) }
                    p { a href="/newsletter/subscribe" { (ctx.t("newsletter-subscribe-link")) } }
                },
            ),
            StatusCode::NOT_FOUND,
        )),
    }
}

fn unsubscribe_invalid(ctx: &Ctx) -> Response {
    with_status(
        layout::public_page(
            ctx,
            &ctx.t("newsletter-unsubscribe-title"),
            html! { p #invalid { (ctx.t("newsletter-unsubscribe-invalid")) } },
        ),
        StatusCode::NOT_FOUND,
    )
}

fn unsubscribed(ctx: &Ctx) -> Response {
    layout::public_page(
        ctx,
        &ctx.t("newsletter-unsubscribe-title"),
        html! {
            p #unsubscribed { (ctx.t("newsletter-unsubscribed-text")) }
            p { a href="/newsletter" { (ctx.t("newsletter-archive-title")) } }
        },
    )
}

/// The page behind a mail's unsubscribe link: a button (a mail program's
/// prefetch of the link must not unsubscribe anyone).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(subscriber) = nl::unsubscribe_target(&state.store, &token).await? else {
        return Ok(unsubscribe_invalid(&ctx));
    };
    if subscriber.state == SubscriberState::Unsubscribed {
        return Ok(unsubscribed(&ctx));
    }
    Ok(layout::public_page(
        &ctx,
        &ctx.t("newsletter-unsubscribe-title"),
        html! {
            p { (ctx.t("newsletter-unsubscribe-question")) }
            form.inline #unsubscribe method="post" action=(format!("/newsletter/unsubscribe/{token}")) {
                (layout::csrf_field(&ctx))
                button type="submit" { (ctx.t("newsletter-action-unsubscribe")) }
            }
        },
    ))
}

/// Decodes `application/x-www-form-urlencoded` pairs.
fn form_pairs(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// Whether the body is RFC 8058's one-click request
/// (`List-Unsubscribe=One-Click`, URL-encoded or as a multipart field).
fn is_one_click(content_type: &str, body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    if content_type.starts_with("multipart/form-data") {
        return text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click");
    }
    form_pairs(&text)
        .iter()
        .any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click")
}

/// Unsubscribing: RFC 8058 one-click from a mail program (no cookie, no
/// anti-forgery token: the token in the address is the credential), or
/// the button of the page, which carries the anti-forgery token.
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let one_click = is_one_click(content_type, &body);
    if !one_click {
        let pairs = form_pairs(&String::from_utf8_lossy(&body));
        let csrf = pairs
            .iter()
            .find(|(k, _)| k == "csrf")
            .map_or("", |(_, v)| v.as_str());
        ctx.check_csrf(csrf)?;
    }
    match nl::unsubscribe(&state.store, &token).await? {
        Some(_) => Ok(unsubscribed(&ctx)),
        None => Ok(unsubscribe_invalid(&ctx)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_click_bodies_are_recognised() {
        assert!(is_one_click(
            "application/x-www-form-urlencoded",
            b"List-Unsubscribe=One-Click"
        ));
        assert!(!is_one_click(
            "application/x-www-form-urlencoded",
            b"csrf=00&List-Unsubscribe=Two-Clicks"
        ));
        let multipart = b"--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n";
        assert!(is_one_click("multipart/form-data; boundary=x", multipart));
        assert_eq!(
            form_pairs("a=1+2&b=%D0%B0"),
            vec![("a".into(), "1 2".into()), ("b".into(), "а".into())]
        );
    }
}
