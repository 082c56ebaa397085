//! Documents of the register: the list, uploads to ingest, and the source
//! page (the text with its person mentions and figures highlighted).

use super::form;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kuager_case::UserRole;
use maud::html;

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let docs = state.store.documents().await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("documents-title"),
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            (upload_form(&ctx, &FieldErrors::default()))
            table.documents {
                thead { tr { th { (ctx.t("field-title")) } th { (ctx.t("field-file")) } th { (ctx.t("field-language")) } th.num { (ctx.t("field-people")) } } }
                tbody {
                    @for d in &docs {
                        tr {
                            td { a href=(format!("/sources/{}", d.sha256)) { (d.title) } }
                            td { (d.file_name) }
                            td { (d.language.code()) }
                            td.num { (kuager_i18n::format_number(ctx.locale, d.persons as i64)) }
                        }
                    }
                }
            }
        },
    ))
}

fn upload_form(ctx: &Ctx, errors: &FieldErrors) -> maud::Markup {
    html! {
        form.stack method="post" action="/documents" enctype="multipart/form-data" {
            (layout::csrf_field(ctx))
            label for="document" { (ctx.t("field-upload-document")) }
            p.hint { (ctx.t("field-upload-document-hint")) }
            input #document type="file" name="document" accept=".txt,.md,.html,.htm,.pdf,text/plain,text/html,application/pdf";
            (errors.show(ctx, "document"))
            button type="submit" { (ctx.t("action-upload")) }
        }
    }
}

pub async fn upload(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    let user = ctx.require(UserRole::Analyst)?;
    let mut errors = FieldErrors::default();
    if let Some((_, name)) = form.too_large.first() {
        errors.add_text(
            "document",
            format!(
                "{name}: {}",
                ctx.t_args(
                    "error-file-too-large",
                    &[(
                        "megabytes",
                        kuager_i18n::ArgValue::Num(
                            (state.config.max_upload_bytes / (1024 * 1024)) as i64
                        )
                    )]
                )
            ),
        );
    }
    let file = form
        .files
        .iter()
        .find(|(f, _)| f == "document")
        .map(|(_, u)| u);
    if errors.is_empty() {
        match file {
            None => errors.add("document", "error-required"),
            Some(upload) => {
                let name = form::clean_file_name(&upload.file_name);
                let limits = kuager_register::IngestOptions {
                    max_bytes: state.config.max_upload_bytes as u64,
                };
                match kuager_register::ingest_bytes(&state.store, &name, &upload.bytes, &limits)
                    .await
                {
                    Ok(result) => {
                        state
                            .store
                            .audit_event(Some(user.id), "ingest", "document", &result.sha256)
                            .await?;
                        return Ok(Redirect::to(&format!(
                            "/sources/{}?done=ingested",
                            result.sha256
                        ))
                        .into_response());
                    }
                    Err(e) => errors.add_text("document", e.to_string()),
                }
            }
        }
    }
    let mut r = layout::page(&ctx, &ctx.t("documents-title"), upload_form(&ctx, &errors));
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(sha): Path<String>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let doc = state
        .store
        .document(&sha)
        .await?
        .ok_or(AppError::NotFound)?;
    let mentions = state.store.document_mentions(&sha).await?;
    let figures = state.store.document_figures(&sha).await?;
    let mut marks: Vec<(usize, usize, &str, String)> = mentions
        .iter()
        .map(|(m, pid)| {
            (
                m.span.start,
                m.span.end,
                "person",
                pid.clone().unwrap_or_default(),
            )
        })
        .collect();
    marks.extend(
        figures
            .iter()
            .map(|(_, f)| (f.span.start, f.span.end, "figure", f.unit.clone())),
    );
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    Ok(layout::page(
        &ctx,
        &doc.title,
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            dl.facts {
                dt { (ctx.t("field-file")) } dd { (doc.file_name) }
                dt { "SHA-256" } dd { code { (doc.sha256) } }
                dt { (ctx.t("field-language")) } dd { (doc.language.code()) }
            }
            div.document-text lang=(doc.language.code()) { (layout::highlighted(&doc.text, &marks)) }
            h2 { (ctx.t("field-people")) }
            ul.mentions {
                @for (m, pid) in &mentions {
                    li {
                        a href=(format!("#m{}", m.span.start)) { (m.text) }
                        @if let Some(pid) = pid { " → " a href=(format!("/persons/{pid}")) { (pid) } }
                        " [" (m.span.start) "–" (m.span.end) "]"
                    }
                }
            }
        },
    ))
}
