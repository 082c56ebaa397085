//! Accounts and the audit log, for admins.

use super::account::{session_table, SessionRow};
use crate::auth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::UserRole;
use maud::html;
use serde::Deserialize;

async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    errors: &FieldErrors,
    name: &str,
    done: Option<&str>,
) -> AppResult<Response> {
    let users = state.store.users().await?;
    let sessions = state.store.all_sessions(&crate::now()).await?;
    let with_totp = state.store.users_with_totp().await?;
    let rows_of = |user_id: i64| -> Vec<SessionRow> {
        sessions
            .iter()
            .filter(|s| s.user_id == user_id)
            .map(|s| SessionRow {
                handle: String::new(),
                current: ctx.session_hash.as_deref() == Some(s.token_hash.as_str()),
                created_at: s.created_at.clone(),
                last_seen_at: s.last_seen_at.clone(),
                client: s.client.clone(),
                second_factor: s.second_factor,
            })
            .collect()
    };
    Ok(layout::page(
        ctx,
        &ctx.t("users-title"),
        html! {
            @if let Some(d) = done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            (errors.show(ctx, "form"))
            table.users {
                thead { tr {
                    th { (ctx.t("field-user-name")) }
                    th { (ctx.t("field-role")) " · " (ctx.t("field-active")) }
                    th { (ctx.t("field-second-factor")) }
                    th { (ctx.t("sessions-title")) }
                } }
                tbody {
                    @for u in &users {
                        @let rows = rows_of(u.id);
                        tr {
                            td { (u.name) }
                            td {
                                form.inline method="post" action=(format!("/admin/users/{}", u.id)) {
                                    (layout::csrf_field(ctx))
                                    input type="hidden" name="version" value=(u.version);
                                    select name="role" aria-label=(ctx.t("field-role")) {
                                        @for r in UserRole::ALL { option value=(r.code()) selected[*r == u.role] { (ctx.t(&r.message_id())) } }
                                    }
                                    label.choice { input type="checkbox" name="active" value="1" checked[u.active]; (ctx.t("field-active")) }
                                    button type="submit" { (ctx.t("action-save")) }
                                }
                            }
                            td {
                                @if with_totp.contains(&u.id) {
                                    (ctx.t("totp-on"))
                                    form.inline method="post" action=(format!("/admin/users/{}/totp", u.id)) {
                                        (layout::csrf_field(ctx))
                                        button type="submit" { (ctx.t("action-reset-totp")) }
                                    }
                                } @else {
                                    (ctx.t("totp-off"))
                                }
                            }
                            td {
                                (ctx.t_args("sessions-count", &[("count", kuager_i18n::ArgValue::Num(rows.len() as i64))]))
                                @if !rows.is_empty() {
                                    form.inline method="post" action=(format!("/admin/users/{}/sessions", u.id)) {
                                        (layout::csrf_field(ctx))
                                        button type="submit" { (ctx.t("action-end-all-sessions")) }
                                    }
                                    details {
                                        summary { (ctx.t("sessions-list")) }
                                        (session_table(ctx, &rows, false))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("action-add-user")) }
            form.stack method="post" action="/admin/users" {
                (layout::csrf_field(ctx))
                label for="name" { (ctx.t("field-user-name")) }
                input #name type="text" name="name" value=(name) required autocomplete="off";
                (errors.show(ctx, "name"))
                label for="role" { (ctx.t("field-role")) }
                select #role name="role" { @for r in UserRole::ALL { option value=(r.code()) { (ctx.t(&r.message_id())) } } }
                label for="password" { (ctx.t("field-password")) }
                input #password type="password" name="password" autocomplete="new-password" required;
                (errors.show(ctx, "password"))
                button type="submit" { (ctx.t("action-add-user")) }
            }
        },
    ))
}

pub async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Admin)?;
    users_page(
        &state,
        &ctx,
        &FieldErrors::default(),
        "",
        done.done.as_deref(),
    )
    .await
}

#[derive(Deserialize)]
pub struct NewUser {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<NewUser>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(UserRole::Admin)?;
    let mut errors = FieldErrors::default();
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.add("name", "error-user-name");
    }
    if let Err(m) = auth::check_password_strength(&f.password) {
        errors.add("password", m);
    }
    let role = UserRole::from_code(&f.role)
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    if errors.is_empty() {
        let password = f.password.clone();
        let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(AppError::Internal)?;
        match state
            .store
            .add_user(Some(admin.id), name, role, &hash)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/admin/users?done=saved").into_response()),
            Err(kuager_store::CaseError::NameTaken(_)) => errors.add("name", "error-name-taken"),
            Err(e) => return Err(e.into()),
        }
    }
    let mut r = users_page(&state, &ctx, &errors, name, None).await?;
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

#[derive(Deserialize)]
pub struct UpdateUser {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    role: String,
    active: Option<String>,
}

pub async fn update_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<UpdateUser>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(UserRole::Admin)?;
    let role = UserRole::from_code(&f.role)
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    let active = f.active.is_some();
    if id == admin.id && (!active || role != UserRole::Admin) {
        // The last way back in must not be closed from the inside.
        return Err(AppError::BadRequest(ctx.t("error-self-demote")));
    }
    let before = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    match state
        .store
        .update_user(Some(admin.id), id, f.version, role, active)
        .await
    {
        Ok(after) => {
            // A new role starts from a new login (deactivation already
            // ended the sessions, in the same transaction).
            if after.active && after.role != before.role {
                state.store.end_sessions(Some(admin.id), id, None).await?;
            }
            Ok(Redirect::to("/admin/users?done=saved").into_response())
        }
        Err(kuager_store::CaseError::StaleVersion { .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("form", "error-stale");
            let mut r = users_page(&state, &ctx, &errors, "", None).await?;
            *r.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Ends every session of a user at once: "cut off a lost phone".
pub async fn end_sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(UserRole::Admin)?;
    state.store.user(id).await?.ok_or(AppError::NotFound)?;
    state.store.end_sessions(Some(admin.id), id, None).await?;
    Ok(Redirect::to("/admin/users?done=sessions-ended").into_response())
}

/// Removes a user's second factor (and ends their sessions): they set up
/// a new one at their next login.
pub async fn reset_totp(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(UserRole::Admin)?;
    state.store.reset_totp(Some(admin.id), id).await?;
    Ok(Redirect::to("/admin/users?done=totp-reset").into_response())
}

pub async fn audit(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Admin)?;
    let records = state.store.audit_recent(300).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("audit-title"),
        html! {
            table.audit {
                thead { tr { th { (ctx.t("audit-when")) } th { (ctx.t("audit-who")) } th { (ctx.t("audit-what")) } th { (ctx.t("audit-change")) } } }
                tbody {
                    @for r in &records {
                        tr {
                            td { (kuager_i18n::format_timestamp(ctx.locale, &r.at)) }
                            td { @if let Some(u) = r.user_id { "#" (u) } @else { "—" } }
                            td { (r.action) " " (r.entity) " " (r.entity_id) }
                            td {
                                details {
                                    summary { (ctx.t("audit-details")) }
                                    @if let Some(b) = &r.before { pre { (b) } }
                                    @if let Some(a) = &r.after { pre { (a) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}
