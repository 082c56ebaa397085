//! The list-linkage review queue: pairs of list records `kuager link` was
//! unsure of, with the evidence of each field, decided by an analyst as
//! one person or two. A decision is stored at once and applied by the next
//! linkage run; a "different people" decision is a hard constraint.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout;
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::UserRole;
use kuager_i18n::ArgValue;
use kuager_linkage::em::Contribution;
use kuager_store::lists::ListRow;
use maud::{html, Markup};

/// Pairs shown at once.
const PAGE: i64 = 50;

fn record(ctx: &Ctx, list: &str, id: &str, r: &Option<ListRow>) -> Markup {
    html! {
        div {
            small { (list) ":" (id) }
            br;
            @match r {
                Some(r) => {
                    strong { (r.full_name) }
                    br;
                    small {
                        (ctx.t("link-born")) " " (r.birth_year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()))
                        " · " (r.city.as_deref().unwrap_or("—"))
                        " · " (r.event_date.as_deref().unwrap_or("—"))
                        @if let Some(t) = &r.event_type { " · " (t) }
                    }
                }
                None => { em { (ctx.t("link-record-gone")) } }
            }
        }
    }
}

pub async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let items = kuager_register::lists::link_review_queue(&state.store, PAGE).await?;
    let run = state.store.last_link_run().await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("link-review-title"),
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            @match &run {
                Some(run) => p { (ctx.t_args("link-review-run", &[
                    ("records", ArgValue::Num(run.records)),
                    ("people", ArgValue::Num(run.clusters)),
                    ("pairs", ArgValue::Num(run.review_pairs)),
                ])) },
                None => p { (ctx.t("link-review-none")) },
            }
            @for item in &items {
                section.pair {
                    div.pair-people {
                        (record(&ctx, &item.pair.a.0, &item.pair.a.1, &item.a))
                        (record(&ctx, &item.pair.b.0, &item.pair.b.1, &item.b))
                    }
                    p.evidence {
                        (ctx.t("link-probability")) " " (format!("{:.2}", item.pair.probability))
                        @for c in serde_json::from_str::<Vec<Contribution>>(&item.pair.evidence).unwrap_or_default() {
                            " · " (ctx.t(&format!("link-field-{}", c.field.code()))) ": "
                            (ctx.t(&format!("link-level-{}", c.field.level_code(c.level))))
                            " (" (format!("{:+.1}", c.weight)) ")"
                        }
                    }
                    @if let Some(reason) = &item.pair.refused {
                        p.evidence { (ctx.t("link-not-merged")) " " (reason) }
                    }
                    form.inline method="post" action="/review/lists" {
                        (layout::csrf_field(&ctx))
                        input type="hidden" name="a" value=(format!("{}:{}", item.pair.a.0, item.pair.a.1));
                        input type="hidden" name="b" value=(format!("{}:{}", item.pair.b.0, item.pair.b.1));
                        button type="submit" name="decision" value="same" { (ctx.t("action-same-person")) }
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
    let same = match f.decision.as_str() {
        "same" => true,
        "distinct" => false,
        _ => return Err(AppError::BadRequest(ctx.t("error-required"))),
    };
    match kuager_register::lists::decide_link(&state.store, Some(user.id), &f.a, &f.b, same).await {
        Ok(_) => Ok(Redirect::to("/review/lists?done=decided").into_response()),
        Err(kuager_register::RegisterError::RecordSyntax { .. }) => Err(AppError::NotFound),
        Err(kuager_register::RegisterError::Store(kuager_store::StoreError::Invalid {
            ..
        })) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}
