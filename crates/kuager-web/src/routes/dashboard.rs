//! The home page: the work waiting for the visitor.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout;
use crate::{view, AppState};
use axum::extract::State;
use axum::response::Response;
use kuager_case::{ReportState, UserRole};
use maud::html;

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user.clone().ok_or(AppError::LoginRequired)?;
    let num = |n: i64| kuager_i18n::format_number(ctx.locale, n);
    if !user.role.includes(UserRole::Analyst) {
        let mine = state.store.reports_by_author(user.id).await?;
        let open = mine.iter().filter(|r| r.state == ReportState::New).count();
        return Ok(layout::page(
            &ctx,
            &ctx.t("dashboard-title"),
            html! {
                p { a.button href="/reports/new" { (ctx.t("nav-new-report")) } }
                p { a href="/reports" { (ctx.t_args("dashboard-my-reports", &[("count", kuager_i18n::ArgValue::Num(mine.len() as i64)), ("open", kuager_i18n::ArgValue::Num(open as i64))])) } }
            },
        ));
    }
    let c = state.store.work_counts().await?;
    let recent = state.store.recent_events(10).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("dashboard-title"),
        html! {
            ul.counts {
                li { a href="/intake" { strong { (num(c.new_reports)) } " " (ctx.t("dashboard-new-reports")) } }
                li { a href="/review" { strong { (num(c.review_pairs)) } " " (ctx.t("dashboard-review-pairs")) } }
                li { a href="/events" { strong { (num(c.unverified_events)) } " " (ctx.t("dashboard-unverified-events")) } }
                li { strong { (num(c.events)) } " " (ctx.t("dashboard-events")) }
                li { strong { (num(c.persons)) } " " (ctx.t("dashboard-persons")) }
                li { a href="/documents" { strong { (num(c.documents)) } " " (ctx.t("dashboard-documents")) } }
            }
            form.search method="get" action="/search" role="search" {
                label for="q" { (ctx.t("search-label")) }
                input #q type="search" name="q";
                button type="submit" { (ctx.t("action-search")) }
            }
            h2 { (ctx.t("dashboard-recent-events")) }
            ul.events { @for e in &recent { (view::event_row(&ctx, e)) } }
        },
    ))
}
