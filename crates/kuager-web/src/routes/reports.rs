//! Reports: the volunteer's form and list, the public form, the intake
//! queue, and the analyst's work on a report (review, linking names to the
//! register, creating people).

use super::form::{self, MultipartForm};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::{view, AppState};
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::{places, Consent, ReportDraft, ReportState, UserRole};
use kuager_store::{NewAttachment, ReportRecord, ReportSummary};
use maud::{html, Markup};
use serde::Deserialize;
use std::net::SocketAddr;

/// Most attachments one report takes.
const MAX_ATTACHMENTS: usize = 10;

/// Where a report form posts to and what it shows.
enum FormKind {
    Volunteer,
    Public,
    Amend { id: i64, version: i64 },
}

fn draft_from(form: &MultipartForm) -> ReportDraft {
    let place = form.get("place");
    ReportDraft {
        what: form.get("what"),
        when: form.get("when"),
        place_key: (!place.is_empty()).then_some(place),
        place_detail: form.get("place_detail"),
        who: form.get("who"),
        consent: Consent::from_code(&form.get("consent")),
        contact: form.get("contact"),
    }
}

/// Checks the draft and the files; returns the attachments to store.
fn validate(
    form: &MultipartForm,
    draft: &ReportDraft,
    max: usize,
) -> (FieldErrors, Vec<NewAttachment>) {
    let mut errors = FieldErrors::default();
    for e in draft.validate() {
        errors.add(e.field, e.message);
    }
    let mut attachments = Vec::new();
    // Upload messages carry a file name: marked here, worded in the
    // visitor's language by `translate_upload_errors`.
    for (_, name) in &form.too_large {
        errors.0.push((
            "attachments".into(),
            format!("@too-large:{}:{name}", max / (1024 * 1024)),
        ));
    }
    for (field, upload) in &form.files {
        if field != "attachments" {
            continue;
        }
        match form::sniff_attachment(&upload.bytes) {
            Some(kind) => attachments.push(NewAttachment {
                file_name: form::clean_file_name(&upload.file_name),
                content_type: kind.to_string(),
                bytes: upload.bytes.clone(),
            }),
            None => errors.0.push((
                "attachments".into(),
                format!("@bad-type::{}", form::clean_file_name(&upload.file_name)),
            )),
        }
    }
    if attachments.len() > MAX_ATTACHMENTS {
        errors.add("attachments", "error-too-many-files");
    }
    (errors, attachments)
}

/// Renders the special attachment messages (which carry a file name).
fn translate_upload_errors(ctx: &Ctx, errors: &mut FieldErrors) {
    for (_, m) in errors.0.iter_mut() {
        if let Some(rest) = m.strip_prefix("@too-large:") {
            let (mb, name) = rest.split_once(':').unwrap_or(("", rest));
            let limit: i64 = mb.parse().unwrap_or(0);
            *m = format!(
                "!{name}: {}",
                ctx.t_args(
                    "error-file-too-large",
                    &[("megabytes", kuager_i18n::ArgValue::Num(limit))]
                )
            );
        } else if let Some(rest) = m.strip_prefix("@bad-type::") {
            *m = format!("!{rest}: {}", ctx.t("error-file-type"));
        }
    }
}

fn report_form(ctx: &Ctx, kind: &FormKind, draft: &ReportDraft, errors: &FieldErrors) -> Markup {
    let action = match kind {
        FormKind::Volunteer => "/reports".to_string(),
        FormKind::Public => "/report".to_string(),
        FormKind::Amend { id, .. } => format!("/reports/{id}/edit"),
    };
    let invalid = |f: &str| errors.has(f).then_some("true");
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action=(action) enctype="multipart/form-data" {
            (layout::csrf_field(ctx))
            @if let FormKind::Amend { version, .. } = kind {
                input type="hidden" name="version" value=(version);
            }
            @if let FormKind::Public = kind {
                // Honeypot: hidden from people by the stylesheet, filled in
                // by form-filling robots. No JavaScript, no third party.
                div.hp aria-hidden="true" {
                    label for="website" { (ctx.t("field-honeypot")) }
                    input #website type="text" name="website" tabindex="-1" autocomplete="off";
                }
            }
            label for="what" { (ctx.t("field-what")) }
            p.hint { (ctx.t("field-what-hint")) }
            textarea #what name="what" rows="8" required aria-invalid=[invalid("what")] { (draft.what) }
            (errors.show(ctx, "what"))

            label for="when" { (ctx.t("field-when")) }
            p.hint { (ctx.t("field-when-hint")) }
            input #when type="text" name="when" value=(draft.when) aria-invalid=[invalid("when")];
            (errors.show(ctx, "when"))

            label for="place" { (ctx.t("field-place")) }
            (place_select(ctx, "place", draft.place_key.as_deref()))
            (errors.show(ctx, "place"))
            label for="place_detail" { (ctx.t("field-place-detail")) }
            input #place_detail type="text" name="place_detail" value=(draft.place_detail);
            (errors.show(ctx, "place_detail"))

            label for="who" { (ctx.t("field-who")) }
            p.hint { (ctx.t("field-who-hint")) }
            textarea #who name="who" rows="3" { (draft.who) }
            (errors.show(ctx, "who"))

            fieldset aria-invalid=[invalid("consent")] {
                legend { (ctx.t("field-consent")) }
                @for c in Consent::ALL {
                    label.choice {
                        input type="radio" name="consent" value=(c.code()) checked[draft.consent == Some(*c)];
                        strong { (ctx.t(&c.message_id())) }
                        " — " (ctx.t(&format!("{}-help", c.message_id())))
                    }
                }
                (errors.show(ctx, "consent"))
            }

            label for="contact" { (ctx.t("field-contact")) }
            p.hint { (ctx.t("field-contact-hint")) }
            input #contact type="text" name="contact" value=(draft.contact) autocomplete="off";
            (errors.show(ctx, "contact"))

            label for="attachments" { (ctx.t("field-attachments")) }
            p.hint { (ctx.t("field-attachments-hint")) }
            input #attachments type="file" name="attachments" multiple accept="image/*,application/pdf";
            (errors.show(ctx, "attachments"))

            button type="submit" { (ctx.t(if matches!(kind, FormKind::Amend { .. }) { "action-save" } else { "action-send-report" })) }
        }
    }
}

/// A `<select>` of the gazetteer: regions, then cities grouped by region.
pub fn place_select(ctx: &Ctx, name: &str, selected: Option<&str>) -> Markup {
    let lang = ctx.locale.code();
    let regions: Vec<_> = places::all()
        .iter()
        .filter(|p| p.kind == "region")
        .collect();
    let top_cities: Vec<_> = places::all()
        .iter()
        .filter(|p| p.kind == "city" && p.region.is_none())
        .collect();
    html! {
        select id=(name) name=(name) {
            option value="" { (ctx.t("field-place-unknown")) }
            optgroup label=(ctx.t("places-republican-cities")) {
                @for p in &top_cities {
                    option value=(p.key) selected[selected == Some(p.key)] { (p.name(lang)) }
                }
            }
            optgroup label=(ctx.t("places-regions")) {
                @for p in &regions {
                    option value=(p.key) selected[selected == Some(p.key)] { (p.name(lang)) }
                }
            }
            @for r in &regions {
                optgroup label=(r.name(lang)) {
                    @for p in places::all().iter().filter(|p| p.region == Some(r.key)) {
                        option value=(p.key) selected[selected == Some(p.key)] { (p.name(lang)) }
                    }
                }
            }
        }
    }
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Volunteer)?;
    Ok(layout::page(
        &ctx,
        &ctx.t("new-report-title"),
        report_form(
            &ctx,
            &FormKind::Volunteer,
            &ReportDraft::default(),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    let user = ctx.require(UserRole::Volunteer)?;
    let draft = draft_from(&form);
    let (mut errors, attachments) = validate(&form, &draft, state.config.max_upload_bytes);
    if !errors.is_empty() {
        translate_upload_errors(&ctx, &mut errors);
        let mut r = layout::page(
            &ctx,
            &ctx.t("new-report-title"),
            report_form(&ctx, &FormKind::Volunteer, &draft, &errors),
        );
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let id = state
        .store
        .add_report(Some(user.id), &draft, ctx.locale.code(), &attachments)
        .await?;
    Ok(Redirect::to(&format!("/reports/{id}?done=sent")).into_response())
}

pub async fn public_form(ctx: Ctx) -> Response {
    layout::page(
        &ctx,
        &ctx.t("public-report-title"),
        html! {
            p { (ctx.t("public-report-intro")) }
            (report_form(&ctx, &FormKind::Public, &ReportDraft::default(), &FieldErrors::default()))
        },
    )
}

pub async fn public_submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    mp: Multipart,
) -> AppResult<Response> {
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    if !form.get("website").is_empty() {
        // A robot filled the honeypot: thank it and store nothing.
        tracing::info!("public report dropped: honeypot filled");
        return Ok(Redirect::to("/report/thanks").into_response());
    }
    let draft = draft_from(&form);
    let (mut errors, attachments) = validate(&form, &draft, state.config.max_upload_bytes);
    if !errors.is_empty() {
        translate_upload_errors(&ctx, &mut errors);
        let mut r = layout::page(
            &ctx,
            &ctx.t("public-report-title"),
            report_form(&ctx, &FormKind::Public, &draft, &errors),
        );
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    state
        .store
        .add_report(None, &draft, ctx.locale.code(), &attachments)
        .await?;
    Ok(Redirect::to("/report/thanks").into_response())
}

pub async fn public_thanks(ctx: Ctx) -> Response {
    layout::page(
        &ctx,
        &ctx.t("public-report-thanks-title"),
        html! { p { (ctx.t("public-report-thanks")) } },
    )
}

fn report_list(ctx: &Ctx, reports: &[ReportSummary]) -> Markup {
    html! {
        @if reports.is_empty() {
            p.empty { (ctx.t("no-reports")) }
        } @else {
            ul.cards {
                @for r in reports {
                    li {
                        a href=(format!("/reports/{}", r.id)) { "#" (r.id) " — " (r.what_excerpt) }
                        div.meta {
                            span class=(format!("state {}", r.state.code())) { (ctx.t(&r.state.message_id())) }
                            " · " (ctx.t(&r.consent.message_id()))
                            " · " (kuager_i18n::format_timestamp(ctx.locale, &r.created_at))
                            @if let Some(a) = &r.author_name { " · " (a) } @else { " · " (ctx.t("public-form")) }
                        }
                    }
                }
            }
        }
    }
}

pub async fn my_reports(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require(UserRole::Volunteer)?;
    let reports = state.store.reports_by_author(user.id).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("my-reports-title"),
        html! {
            p { a.button href="/reports/new" { (ctx.t("nav-new-report")) } }
            (report_list(&ctx, &reports))
        },
    ))
}

#[derive(Deserialize)]
pub struct StateQuery {
    state: Option<String>,
}

pub async fn intake(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StateQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let wanted = q
        .state
        .as_deref()
        .and_then(ReportState::from_code)
        .unwrap_or(ReportState::New);
    let reports = state.store.reports_in_state(wanted, 200).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("intake-title"),
        html! {
            nav.tabs {
                @for s in ReportState::ALL {
                    @if *s == wanted { strong { (ctx.t(&s.message_id())) } }
                    @else { a href=(format!("/intake?state={}", s.code())) { (ctx.t(&s.message_id())) } }
                }
            }
            (report_list(&ctx, &reports))
        },
    ))
}

/// The report if the visitor may see it: its author, or an analyst.
async fn visible_report(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<ReportRecord> {
    let user = ctx.require(UserRole::Volunteer)?;
    let report = state.store.report(id).await?.ok_or(AppError::NotFound)?;
    if report.author_id == Some(user.id) || user.role.includes(UserRole::Analyst) {
        Ok(report)
    } else {
        // Not "forbidden": do not confirm that the report exists.
        Err(AppError::NotFound)
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    let report = visible_report(&state, &ctx, id).await?;
    let is_analyst = ctx.has_role(UserRole::Analyst);
    let is_author = ctx.user.as_ref().map(|u| u.id) == report.author_id;
    let d = &report.draft;
    let mut suggestions = Vec::new();
    if is_analyst {
        for name in d.names() {
            let linked = report
                .links
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, k)| k.clone());
            let linked_person = match &linked {
                Some(k) => state.store.person_of_mention(k).await?,
                None => None,
            };
            let hits = kuager_register::search_limited(&state.store, name, 5)
                .await
                .unwrap_or_default();
            suggestions.push((name.to_string(), linked_person, hits));
        }
    }
    let events = if is_analyst {
        state.store.events_of_report(id).await?
    } else {
        Vec::new()
    };
    let title = format!("{} #{}", ctx.t("report"), report.id);
    Ok(layout::page(
        &ctx,
        &title,
        html! {
            @if let Some(done) = &done.done { (layout::notice(&ctx.t(&format!("done-{done}")))) }
            dl.facts {
                dt { (ctx.t("field-state")) } dd { span class=(format!("state {}", report.state.code())) { (ctx.t(&report.state.message_id())) } }
                @if !report.review_note.is_empty() { dt { (ctx.t("field-review-note")) } dd { (report.review_note) } }
                @if let Some(dup) = report.duplicate_of { dt { (ctx.t("field-duplicate-of")) } dd { a href=(format!("/reports/{dup}")) { "#" (dup) } } }
                dt { (ctx.t("field-consent")) } dd { (ctx.t(&d.consent.map(|c| c.message_id()).unwrap_or_default())) }
                dt { (ctx.t("field-author")) } dd { (report.author_name.clone().unwrap_or_else(|| ctx.t("public-form"))) }
                dt { (ctx.t("field-received")) } dd { (kuager_i18n::format_timestamp(ctx.locale, &report.created_at)) }
                dt { (ctx.t("field-when")) } dd { (d.when) }
                dt { (ctx.t("field-place")) } dd { (view::place(&ctx, d.place_key.as_deref(), &d.place_detail)) }
                dt { (ctx.t("field-who")) } dd { @for n in d.names() { span.name { (n) } br; } }
                @if !d.contact.is_empty() { dt { (ctx.t("field-contact")) } dd { (d.contact) } }
            }
            h2 { (ctx.t("field-what")) }
            div.text { (d.what) }
            @if !report.attachments.is_empty() {
                h2 { (ctx.t("field-attachments")) }
                ul.attachments { @for a in &report.attachments {
                    li {
                        a href=(format!("/attachments/{}", a.id)) { (a.file_name) } " · " (a.content_type) " · " (kuager_i18n::format_number(ctx.locale, a.size)) " B"
                        @if is_analyst && crate::media::STRIPPABLE.contains(&a.content_type.as_str()) {
                            " · " a href=(format!("/attachments/{}/clean", a.id)) { (ctx.t("action-download-clean")) }
                        }
                        dl.evidence {
                            dt { (ctx.t("evidence-hash")) }
                            dd { code.sha256 { (a.sha256) } }
                        }
                    }
                } }
            }
            @if is_author {
                p { a.button href=(format!("/reports/{id}/edit")) { (ctx.t("action-amend")) } }
            }
            @if is_analyst {
                h2 { (ctx.t("report-people")) }
                @for (name, linked, hits) in &suggestions {
                    section.link-name {
                        h3 { (name) }
                        @if let Some(pid) = linked {
                            p { (ctx.t("linked-to")) " " a href=(format!("/persons/{pid}")) { (pid) } }
                        }
                        @if hits.is_empty() { p.empty { (ctx.t("no-suggestions")) } }
                        ul.suggestions {
                            @for h in hits {
                                li {
                                    a href=(format!("/persons/{}", h.id)) { (h.name) }
                                    @if !h.aliases.is_empty() { " (" (h.aliases.join(", ")) ")" }
                                    " · " (ctx.t_args("mentions-count", &[("count", kuager_i18n::ArgValue::Num(h.mentions as i64))]))
                                    @if linked.as_deref() != Some(h.id.as_str()) {
                                        form.inline method="post" action=(format!("/reports/{id}/link")) {
                                            (layout::csrf_field(&ctx))
                                            input type="hidden" name="name" value=(name);
                                            input type="hidden" name="person" value=(h.id);
                                            button type="submit" { (ctx.t("action-link")) }
                                        }
                                    }
                                }
                            }
                        }
                        @if linked.is_none() {
                            form.inline method="post" action=(format!("/reports/{id}/person")) {
                                (layout::csrf_field(&ctx))
                                input type="hidden" name="name" value=(name);
                                button type="submit" { (ctx.t("action-new-person")) }
                            }
                        }
                    }
                }
                h2 { (ctx.t("report-events")) }
                ul.events { @for e in &events { (view::event_row(&ctx, e)) } }
                p { a.button href=(format!("/events/new?report={id}")) { (ctx.t("action-new-event")) } }
                h2 { (ctx.t("report-review")) }
                form.stack method="post" action=(format!("/reports/{id}/review")) {
                    (layout::csrf_field(&ctx))
                    input type="hidden" name="version" value=(report.version);
                    fieldset {
                        legend { (ctx.t("field-state")) }
                        @for s in [ReportState::Verified, ReportState::Duplicate, ReportState::Rejected, ReportState::New] {
                            label.choice { input type="radio" name="state" value=(s.code()) checked[report.state == s]; (ctx.t(&s.message_id())) }
                        }
                    }
                    label for="duplicate_of" { (ctx.t("field-duplicate-of")) }
                    input #duplicate_of type="number" name="duplicate_of" min="1" value=[report.duplicate_of];
                    label for="note" { (ctx.t("field-review-note")) }
                    textarea #note name="note" rows="2" { (report.review_note) }
                    button type="submit" { (ctx.t("action-save")) }
                }
            }
        },
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let report = visible_report(&state, &ctx, id).await?;
    if ctx.user.as_ref().map(|u| u.id) != report.author_id {
        return Err(AppError::Forbidden);
    }
    Ok(layout::page(
        &ctx,
        &ctx.t("amend-report-title"),
        report_form(
            &ctx,
            &FormKind::Amend {
                id,
                version: report.version,
            },
            &report.draft,
            &FieldErrors::default(),
        ),
    ))
}

pub async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    let report = visible_report(&state, &ctx, id).await?;
    let user = ctx.user()?;
    if Some(user.id) != report.author_id {
        return Err(AppError::Forbidden);
    }
    let version: i64 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("version missing".into()))?;
    let draft = draft_from(&form);
    let (mut errors, attachments) = validate(&form, &draft, state.config.max_upload_bytes);
    if errors.is_empty() {
        match state
            .store
            .amend_report(user.id, id, version, &draft, &attachments)
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("/reports/{id}?done=saved")).into_response()),
            Err(kuager_store::CaseError::StaleVersion { .. }) => errors.add("form", "error-stale"),
            Err(e) => return Err(e.into()),
        }
    }
    translate_upload_errors(&ctx, &mut errors);
    let mut r = layout::page(
        &ctx,
        &ctx.t("amend-report-title"),
        html! {
            (errors.show(&ctx, "form"))
            (report_form(&ctx, &FormKind::Amend { id, version }, &draft, &errors))
        },
    );
    *r.status_mut() = if errors.has("form") {
        axum::http::StatusCode::CONFLICT
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(r)
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    duplicate_of: String,
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    let new_state = ReportState::from_code(&f.state)
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-choose-state")))?;
    let duplicate_of = match (new_state, f.duplicate_of.trim()) {
        (ReportState::Duplicate, "") => {
            return Err(AppError::BadRequest(ctx.t("error-duplicate-needs-report")))
        }
        (ReportState::Duplicate, s) => {
            let other: i64 = s
                .parse()
                .map_err(|_| AppError::BadRequest(ctx.t("error-duplicate-needs-report")))?;
            if other == id || state.store.report(other).await?.is_none() {
                return Err(AppError::BadRequest(ctx.t("error-duplicate-needs-report")));
            }
            Some(other)
        }
        _ => None,
    };
    if matches!(new_state, ReportState::Rejected | ReportState::Duplicate)
        && f.note.trim().is_empty()
        && duplicate_of.is_none()
    {
        return Err(AppError::BadRequest(ctx.t("error-reason-required")));
    }
    match state
        .store
        .review_report(
            user.id,
            id,
            f.version,
            new_state,
            f.note.trim(),
            duplicate_of,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{id}?done=saved")).into_response()),
        Err(kuager_store::CaseError::StaleVersion { .. }) => {
            Err(AppError::BadRequest(ctx.t("error-stale")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks that report `id` exists and lists `name` among its people.
async fn named_in_report(state: &AppState, ctx: &Ctx, id: i64, name: &str) -> AppResult<()> {
    let report = state.store.report(id).await?.ok_or(AppError::NotFound)?;
    if report.draft.names().contains(&name) {
        Ok(())
    } else {
        Err(AppError::BadRequest(ctx.t("error-name-not-in-report")))
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    person: String,
}

pub async fn link(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<LinkForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    named_in_report(&state, &ctx, id, &f.name).await?;
    let key = if f.person.is_empty() {
        None
    } else {
        Some(
            kuager_register::anchor(&state.store, &f.person)
                .await
                .map_err(|_| AppError::NotFound)?,
        )
    };
    state
        .store
        .link_report_name(user.id, id, &f.name, key.as_ref())
        .await?;
    Ok(Redirect::to(&format!("/reports/{id}?done=linked")).into_response())
}

pub async fn create_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<super::NameForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    named_in_report(&state, &ctx, id, &f.name).await?;
    let person = kuager_register::add_person_record(&state.store, &f.name, None)
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let key = kuager_register::anchor(&state.store, &person)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .link_report_name(user.id, id, &f.name, Some(&key))
        .await?;
    Ok(Redirect::to(&format!("/reports/{id}?done=linked")).into_response())
}

pub async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = ctx.require(UserRole::Volunteer)?;
    let (meta, bytes) = state
        .store
        .attachment(id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Same rule as the report itself.
    visible_report(&state, &ctx, meta.report_id).await?;
    // A copy leaving the register: audited as an export.
    state
        .store
        .audit_event(Some(user.id), "export", "attachment", &id.to_string())
        .await?;
    Ok(download(&meta.file_name, &meta.content_type, bytes))
}

/// The attachment (an image) with its metadata removed: no GPS position,
/// camera, time or comments. The stored original is untouched; its SHA-256
/// stays the evidence hash.
pub async fn attachment_clean(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = ctx.require(UserRole::Analyst)?;
    let (meta, bytes) = state
        .store
        .attachment(id)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_report(&state, &ctx, meta.report_id).await?;
    let content_type = meta.content_type.clone();
    let clean = tokio::task::spawn_blocking(move || {
        crate::media::strip_image_metadata(&bytes, &content_type)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state
        .store
        .audit_event(Some(user.id), "export-clean", "attachment", &id.to_string())
        .await?;
    let name = format!("clean-{}", meta.file_name);
    Ok(download(&name, &meta.content_type, clean))
}

pub(super) fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        crate::url_encode(file_name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
