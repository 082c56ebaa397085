//! Staged lists (analysts): upload a list, look at each row beside the
//! register's candidates for it, decide link / new / reject, and commit the
//! decided rows into the register. The work is
//! `kuager_register::staging`; nothing enters the register before a human
//! decided a row.

use super::form;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::{EventType, UserRole};
use kuager_i18n::ArgValue;
use kuager_ingest::lists::RowError;
use kuager_register::staging::{self as use_case, RowChoice, StagingOptions};
use kuager_register::RegisterError;
use kuager_store::{CaseError, StagingChoice, StagingImportRecord, StagingRowRecord, StoreError};
use maud::{html, Markup};
use serde::Deserialize;

/// What the upload form sent, kept to show it again.
#[derive(Debug, Default)]
struct UploadInput {
    source: String,
    url: String,
    event_type: String,
    columns: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let imports = use_case::staging_imports(&state.store).await?;
    Ok(imports_page(
        &ctx,
        &imports,
        done.done.as_deref(),
        &UploadInput::default(),
        &FieldErrors::default(),
    ))
}

fn imports_page(
    ctx: &Ctx,
    imports: &[StagingImportRecord],
    done: Option<&str>,
    input: &UploadInput,
    errors: &FieldErrors,
) -> Response {
    let num = |n: i64| kuager_i18n::format_number(ctx.locale, n);
    layout::page(
        ctx,
        &ctx.t("staging-title"),
        html! {
            @if let Some(d) = done { (layout::notice(&ctx.t(&format!("done-staging-{d}")))) }
            p { (ctx.t("staging-intro")) }
            @if imports.is_empty() {
                p { (ctx.t("staging-none")) }
            } @else {
                table.staging {
                    thead { tr {
                        th { (ctx.t("staging-col-file")) }
                        th { (ctx.t("staging-col-source")) }
                        th.num { (ctx.t("staging-col-rows")) }
                        th.num { (ctx.t("staging-col-pending")) }
                        th.num { (ctx.t("staging-col-committed")) }
                        th { (ctx.t("staging-col-imported")) }
                    } }
                    tbody {
                        @for i in imports {
                            tr {
                                td { a href=(format!("/staging/{}", i.id)) { (i.file_name) } }
                                td { (i.citation) }
                                td.num { (num(i.counts.rows)) }
                                td.num { (num(i.counts.pending)) }
                                td.num { (num(i.counts.committed)) }
                                td { (i.imported_at) }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("staging-upload-title")) }
            (upload_form(ctx, input, errors))
        },
    )
}

fn upload_form(ctx: &Ctx, input: &UploadInput, errors: &FieldErrors) -> Markup {
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action="/staging" enctype="multipart/form-data" {
            (layout::csrf_field(ctx))
            label for="list" { (ctx.t("staging-field-file")) }
            p.hint { (ctx.t("staging-field-file-hint")) }
            input #list type="file" name="list" accept=".csv,.tsv,.txt,.xlsx,text/csv";
            (errors.show(ctx, "list"))
            label for="source" { (ctx.t("staging-field-source")) }
            input #source type="text" name="source" value=(input.source) required;
            (errors.show(ctx, "source"))
            label for="url" { (ctx.t("staging-field-url")) }
            input #url type="text" name="url" value=(input.url);
            label for="event_type" { (ctx.t("staging-field-event-type")) }
            select #event_type name="event_type" {
                option value="" selected[input.event_type.is_empty()] { (ctx.t("staging-event-type-from-rows")) }
                @for t in EventType::ALL {
                    option value=(t.code()) selected[input.event_type == t.code()] { (ctx.t(&t.message_id())) }
                }
            }
            (errors.show(ctx, "event_type"))
            label for="columns" { (ctx.t("staging-field-columns")) }
            p.hint { (ctx.t("staging-field-columns-hint")) }
            textarea #columns name="columns" rows="3" { (input.columns) }
            (errors.show(ctx, "columns"))
            button type="submit" { (ctx.t("staging-action-upload")) }
        }
    }
}

pub async fn upload(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    let user = ctx.require(UserRole::Analyst)?;
    let input = UploadInput {
        source: form.get("source").trim().to_string(),
        url: form.get("url").trim().to_string(),
        event_type: form.get("event_type").trim().to_string(),
        columns: form.get("columns"),
    };
    let mut errors = FieldErrors::default();
    if let Some((_, name)) = form.too_large.first() {
        errors.add_text(
            "list",
            format!(
                "{name}: {}",
                ctx.t_args(
                    "error-file-too-large",
                    &[(
                        "megabytes",
                        ArgValue::Num((state.config.max_upload_bytes / (1024 * 1024)) as i64)
                    )]
                )
            ),
        );
    }
    let file = form.files.iter().find(|(f, _)| f == "list").map(|(_, u)| u);
    if file.is_none() && errors.is_empty() {
        errors.add("list", "error-required");
    }
    if input.source.is_empty() {
        errors.add("source", "error-required");
    }
    if let (Some(upload), true) = (file, errors.is_empty()) {
        let name = form::clean_file_name(&upload.file_name);
        let options = StagingOptions {
            citation: input.source.clone(),
            url: input.url.clone(),
            event_type: (!input.event_type.is_empty()).then(|| input.event_type.clone()),
            columns: input
                .columns
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        };
        match use_case::import_staging(&state.store, Some(user.id), &name, &upload.bytes, &options)
            .await
        {
            Ok(report) => {
                let id = report.import.id;
                if !report.import.created {
                    return Ok(
                        Redirect::to(&format!("/staging/{id}?done=unchanged")).into_response()
                    );
                }
                if report.row_errors.is_empty() {
                    return Ok(Redirect::to(&format!("/staging/{id}?done=staged")).into_response());
                }
                // The bad rows are shown now; they are not kept anywhere.
                return Ok(bad_rows_page(&ctx, id, report.rows, &report.row_errors));
            }
            Err(RegisterError::BadList { file, reason }) => {
                let reason = reason
                    .strip_prefix(&format!("{file}: "))
                    .unwrap_or(&reason)
                    .to_string();
                errors.add_text("list", format!("{file}: {reason}"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let imports = use_case::staging_imports(&state.store).await?;
    let mut r = imports_page(&ctx, &imports, None, &input, &errors);
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

fn bad_rows_page(ctx: &Ctx, id: i64, staged: usize, row_errors: &[RowError]) -> Response {
    layout::page(
        ctx,
        &ctx.t("staging-title"),
        html! {
            (layout::notice(&ctx.t_args("staging-staged-with-errors", &[
                ("rows", ArgValue::Num(staged as i64)),
                ("bad", ArgValue::Num(row_errors.len() as i64)),
            ])))
            ul.row-errors {
                @for e in row_errors { li { (e.to_string()) } }
            }
            p { a href=(format!("/staging/{id}")) { (ctx.t("staging-review-link")) } }
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let (import, rows) = match use_case::staging_import(&state.store, id).await {
        Ok(found) => found,
        Err(RegisterError::NoSuchStaging { .. }) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let c = &import.counts;
    let num = |n: i64| ArgValue::Num(n);
    let ready = rows
        .iter()
        .filter(|r| {
            r.committed_at.is_none()
                && matches!(r.choice, StagingChoice::Link { .. } | StagingChoice::Create)
        })
        .count();
    Ok(layout::page(
        &ctx,
        &ctx.t_args(
            "staging-import-title",
            &[("file", ArgValue::Str(&import.file_name))],
        ),
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-staging-{d}")))) }
            dl.facts {
                dt { (ctx.t("staging-col-source")) } dd { (import.citation) @if !import.url.is_empty() { " · " (import.url) } }
                dt { "SHA-256" } dd { code { (import.sha256) } }
                dt { (ctx.t("staging-field-event-type")) }
                dd {
                    @match import.event_type.as_deref().and_then(EventType::from_code) {
                        Some(t) => { (ctx.t(&t.message_id())) }
                        None => { (ctx.t("staging-event-type-from-rows")) }
                    }
                }
                dt { (ctx.t("staging-col-imported")) } dd { (import.imported_at) @if let Some(n) = &import.imported_by_name { " · " (n) } }
            }
            p { (ctx.t_args("staging-counts", &[
                ("rows", num(c.rows)), ("pending", num(c.pending)), ("link", num(c.link)),
                ("create", num(c.create)), ("reject", num(c.reject)), ("committed", num(c.committed)),
            ])) }
            form.inline method="post" action=(format!("/staging/{id}/commit")) {
                (layout::csrf_field(&ctx))
                button type="submit" disabled[ready == 0] { (ctx.t_args("staging-action-commit", &[("count", ArgValue::Num(ready as i64))])) }
            }
            p.hint { (ctx.t("staging-commit-hint")) }
            @for row in &rows { (row_section(&ctx, id, row)) }
        },
    ))
}

fn row_section(ctx: &Ctx, id: i64, row: &StagingRowRecord) -> Markup {
    let f = &row.fields;
    let action = format!("/staging/{id}/rows/{}", row.row_number);
    let committed = row.committed_at.is_some();
    html! {
        section.pair id=(format!("row-{}", row.row_number)) {
            h2 { (ctx.t_args("staging-row", &[("row", ArgValue::Num(row.row_number))])) " · " (f.full_name) }
            p {
                strong { (decision_label(ctx, &row.choice)) }
                @if committed {
                    " · " (ctx.t("staging-committed"))
                    @if let Some(e) = row.event_id { " · " a href=(format!("/events/{e}")) { (ctx.t("staging-event-link")) " " (e) } }
                }
            }
            div.pair-people {
                div {
                    dl.facts {
                        dt { (ctx.t("staging-field-name")) } dd { (f.full_name) }
                        @if let Some(y) = f.birth_year { dt { (ctx.t("staging-field-born")) } dd { (y) } }
                        @if let Some(v) = &f.city { dt { (ctx.t("staging-field-city")) } dd { (v) } }
                        @if let Some(v) = &f.event_date { dt { (ctx.t("staging-field-date")) } dd { (v) } }
                        @if let Some(v) = &f.event_type {
                            dt { (ctx.t("staging-field-event")) }
                            dd { @match EventType::from_code(v) { Some(t) => { (ctx.t(&t.message_id())) } None => { (v) } } }
                        }
                        @if let Some(v) = &f.source { dt { (ctx.t("staging-field-row-source")) } dd { (v) } }
                        @if !f.notes.is_empty() { dt { (ctx.t("staging-field-notes")) } dd { (f.notes) } }
                    }
                    @if !committed {
                        form.inline method="post" action=(action) {
                            (layout::csrf_field(ctx))
                            button type="submit" name="decision" value="new" { (ctx.t("staging-action-new")) }
                            button type="submit" name="decision" value="reject" { (ctx.t("staging-action-reject")) }
                            @if row.choice != StagingChoice::Pending {
                                button type="submit" name="decision" value="pending" { (ctx.t("staging-action-pending")) }
                            }
                        }
                    }
                }
                div {
                    @if row.candidates.is_empty() {
                        p { (ctx.t("staging-no-candidates")) }
                    }
                    @for c in &row.candidates {
                        div.candidate {
                            a href=(format!("/persons/{}", c.person_id)) { strong { (c.name) } }
                            " (" (c.person_id) ")"
                            p.evidence { (ctx.t("review-score")) " " (format!("{:.2}", c.score)) @for e in &c.evidence { " · " (e) } }
                            @if !committed {
                                form.inline method="post" action=(action) {
                                    (layout::csrf_field(ctx))
                                    input type="hidden" name="person" value=(c.person_id);
                                    button type="submit" name="decision" value="link" { (ctx.t("staging-action-link")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn decision_label(ctx: &Ctx, choice: &StagingChoice) -> String {
    match choice {
        StagingChoice::Link { person_id, .. } => ctx.t_args(
            "staging-decision-link",
            &[("person", ArgValue::Str(person_id))],
        ),
        other => ctx.t(&format!("staging-decision-{}", other.code())),
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    person: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, row)): Path<(i64, i64)>,
    Form(f): Form<DecideForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    let choice = match f.decision.as_str() {
        "link" if !f.person.trim().is_empty() => RowChoice::Link(f.person.trim().to_string()),
        "new" => RowChoice::New,
        "reject" => RowChoice::Reject,
        "pending" => RowChoice::Pending,
        _ => return Err(AppError::BadRequest(ctx.t("error-required"))),
    };
    match use_case::decide_staging(&state.store, Some(user.id), id, row, &choice).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/staging/{id}?done=decided#row-{row}")).into_response())
        }
        Err(
            RegisterError::NoSuchStaging { .. }
            | RegisterError::NoSuchStagingRow { .. }
            | RegisterError::NoSuchPerson { .. },
        ) => Err(AppError::NotFound),
        // A row already committed: what it became is the register's now.
        Err(RegisterError::Case(CaseError::Store(StoreError::Invalid { what, detail }))) => {
            Err(AppError::BadRequest(format!("{what}: {detail}")))
        }
        Err(RegisterError::Case(e)) => Err(e.into()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CommitForm {
    #[serde(default)]
    csrf: String,
}

pub async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CommitForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    match use_case::commit_staging(&state.store, Some(user.id), id).await {
        Ok(_) => Ok(Redirect::to(&format!("/staging/{id}?done=committed")).into_response()),
        Err(RegisterError::NoSuchStaging { .. }) => Err(AppError::NotFound),
        Err(RegisterError::Case(e)) => Err(e.into()),
        Err(e) => Err(e.into()),
    }
}
