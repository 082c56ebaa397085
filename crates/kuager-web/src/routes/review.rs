//! The identity review queue: pairs the resolver was unsure of, decided
//! by an analyst as the same person or two people.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout;
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::UserRole;
use maud::html;

/// Pairs shown at once.
const PAGE: usize = 50;

pub async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let pairs = state.store.review_pairs().await?;
    let total = pairs.len();
    let mut shown = Vec::new();
    for p in pairs.into_iter().take(PAGE) {
        let (a, b) = (
            state.store.person(&p.a).await?,
            state.store.person(&p.b).await?,
        );
        if let (Some(a), Some(b)) = (a, b) {
            shown.push((p, a, b));
        }
    }
    Ok(layout::page(
        &ctx,
        &ctx.t("review-title"),
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            p { (ctx.t_args("review-count", &[("count", kuager_i18n::ArgValue::Num(total as i64))])) }
            p { a href="/review/lists" { (ctx.t("link-review-title")) } }
            @for (p, a, b) in &shown {
                section.pair {
                    div.pair-people {
                        @for person in [a, b] {
                            div {
                                a href=(format!("/persons/{}", person.id)) { strong { (person.name) } }
                                @if !person.aliases.is_empty() { br; small { (person.aliases.join(", ")) } }
                                br; small { (ctx.t_args("mentions-count", &[("count", kuager_i18n::ArgValue::Num(person.mentions.len() as i64))])) }
                            }
                        }
                    }
                    p.evidence { (ctx.t("review-score")) " " (format!("{:.2}", p.score)) @for e in &p.evidence { " · " (e) } }
                    form.inline method="post" action="/review" {
                        (layout::csrf_field(&ctx))
                        input type="hidden" name="a" value=(p.a);
                        input type="hidden" name="b" value=(p.b);
                        button type="submit" name="decision" value="merge" { (ctx.t("action-same-person")) }
                        button type="submit" name="decision" value="distinct" { (ctx.t("action-different-people")) }
                    }
                }
            }
        },
    ))
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<super::PairForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    let merge = match f.decision.as_str() {
        "merge" => true,
        "distinct" => false,
        _ => return Err(AppError::BadRequest(ctx.t("error-required"))),
    };
    if state.store.person(&f.a).await?.is_none() || state.store.person(&f.b).await?.is_none() {
        return Err(AppError::NotFound);
    }
    kuager_register::decide(&state.store, &f.a, &f.b, merge).await?;
    state
        .store
        .audit_event(
            Some(user.id),
            if merge { "merge" } else { "distinct" },
            "person",
            &format!("{} {}", f.a, f.b),
        )
        .await?;
    Ok(Redirect::to("/review?done=decided").into_response())
}
