//! Search across the register by any spelling: people through their
//! transliteration keys, reports by their text.

use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::layout;
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use kuager_case::UserRole;
use maud::html;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// Hits shown per kind.
const LIMIT: usize = 50;

pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let query = q.q.trim();
    let persons = if query.is_empty() {
        Vec::new()
    } else {
        kuager_register::search_limited(&state.store, query, LIMIT)
            .await
            .unwrap_or_default()
    };
    let reports = if query.chars().count() >= 3 {
        state.store.search_reports(query, 20).await?
    } else {
        Vec::new()
    };
    Ok(layout::page(
        &ctx,
        &ctx.t("search-title"),
        html! {
            form.search method="get" action="/search" role="search" {
                label for="q" { (ctx.t("search-label")) }
                input #q type="search" name="q" value=(query) autofocus;
                button type="submit" { (ctx.t("action-search")) }
            }
            @if !query.is_empty() {
                h2 { (ctx.t("field-people")) }
                @if persons.is_empty() { p.empty { (ctx.t("no-results")) } }
                ul.results {
                    @for h in &persons {
                        li {
                            a href=(format!("/persons/{}", h.id)) { (h.name) }
                            @if !h.aliases.is_empty() { " (" (h.aliases.join(", ")) ")" }
                            " · " (ctx.t_args("mentions-count", &[("count", kuager_i18n::ArgValue::Num(h.mentions as i64))]))
                        }
                    }
                }
                @if !reports.is_empty() {
                    h2 { (ctx.t("nav-intake")) }
                    ul.results {
                        @for r in &reports {
                            li { a href=(format!("/reports/{}", r.id)) { "#" (r.id) " — " (r.what_excerpt) } }
                        }
                    }
                }
            }
        },
    ))
}
