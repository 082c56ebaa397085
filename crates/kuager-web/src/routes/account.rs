//! The user's own account: the second factor (set up at the first login
//! for analysts, editors and admins, by choice for volunteers), the list
//! of their sessions with a way to end each, and changing the password.

use crate::auth;
use crate::ctx::{self, Ctx};
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::{client, totp, AppState};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::UserRole;
use maud::{html, Markup};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

/// How a session is named in forms: derived from the stored token hash,
/// which itself is never sent to the browser.
pub fn session_handle(token_hash: &str) -> String {
    let digest = Sha256::digest(format!("kuager-session-handle:{token_hash}").as_bytes());
    hex::encode(&digest[..8])
}

/// "Firefox · Android" (unknown parts in the visitor's language).
pub fn client_label(ctx: &Ctx, summary: &str) -> String {
    let (browser, system) = client::parts(summary);
    let word = |w: &str| {
        if w == "other" {
            ctx.t("client-other")
        } else if w == "program" {
            ctx.t("client-program")
        } else {
            w.to_string()
        }
    };
    format!("{} · {}", word(browser), word(system))
}

fn when(ctx: &Ctx, at: Option<&str>) -> String {
    at.map(|t| kuager_i18n::format_timestamp(ctx.locale, t))
        .unwrap_or_else(|| "—".into())
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    errors: &FieldErrors,
    done: Option<&str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let sessions = state.store.user_sessions(user.id, &crate::now()).await?;
    let current = ctx.session_hash.as_deref();
    Ok(layout::page(
        ctx,
        &ctx.t("account-title"),
        html! {
            @if let Some(d) = done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            (layout::error_summary(ctx, errors))
            dl.facts {
                dt { (ctx.t("field-user-name")) } dd { (user.name) }
                dt { (ctx.t("field-role")) } dd { (ctx.t(&user.role.message_id())) }
                dt { (ctx.t("field-second-factor")) }
                dd {
                    @if let Some(since) = &account.totp_enabled_at {
                        (ctx.t("totp-on")) " · " (kuager_i18n::format_timestamp(ctx.locale, since))
                    } @else {
                        (ctx.t("totp-off"))
                    }
                }
                @if let Some(changed) = &account.password_changed_at {
                    dt { (ctx.t("field-password-changed")) } dd { (kuager_i18n::format_timestamp(ctx.locale, changed)) }
                }
            }
            @if account.totp_enabled_at.is_none() {
                p { (ctx.t("totp-volunteer-hint")) }
                p { a.button href="/account/totp" { (ctx.t("action-set-up-totp")) } }
            }
            h2 { (ctx.t("sessions-title")) }
            p.hint { (ctx.t("sessions-hint")) }
            (session_table(ctx, &sessions.iter().map(|s| SessionRow {
                handle: session_handle(&s.token_hash),
                current: Some(s.token_hash.as_str()) == current,
                created_at: s.created_at.clone(),
                last_seen_at: s.last_seen_at.clone(),
                client: s.client.clone(),
                second_factor: s.second_factor,
            }).collect::<Vec<_>>(), true))
            h2 { (ctx.t("password-change-title")) }
            form.stack method="post" action="/account/password" {
                (layout::csrf_field(ctx))
                (errors.show(ctx, "form"))
                label for="current" { (ctx.t("field-current-password")) }
                input #current type="password" name="current" autocomplete="current-password" required;
                (errors.show(ctx, "current"))
                label for="new" { (ctx.t("field-new-password")) }
                input #new type="password" name="new" autocomplete="new-password" required;
                (errors.show(ctx, "new"))
                label for="repeat" { (ctx.t("field-repeat-password")) }
                input #repeat type="password" name="repeat" autocomplete="new-password" required;
                (errors.show(ctx, "repeat"))
                p.hint { (ctx.t("password-change-hint")) }
                button type="submit" { (ctx.t("action-change-password")) }
            }
        },
    ))
}

/// A session as listed.
pub struct SessionRow {
    pub handle: String,
    pub current: bool,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub client: String,
    pub second_factor: bool,
}

/// The table of sessions; `own`: with a button to end each.
pub fn session_table(ctx: &Ctx, rows: &[SessionRow], own: bool) -> Markup {
    html! {
        @if rows.is_empty() {
            p.empty { (ctx.t("no-sessions")) }
        } @else {
            table.sessions {
                thead { tr {
                    th { (ctx.t("session-started")) }
                    th { (ctx.t("session-last-seen")) }
                    th { (ctx.t("session-client")) }
                    th { (ctx.t("field-second-factor")) }
                    @if own { th {} }
                } }
                tbody {
                    @for s in rows {
                        tr {
                            td { (kuager_i18n::format_timestamp(ctx.locale, &s.created_at)) }
                            td { (when(ctx, s.last_seen_at.as_deref())) }
                            td {
                                (client_label(ctx, &s.client))
                                @if s.current { " " strong { "(" (ctx.t("session-this")) ")" } }
                            }
                            td { (ctx.t(if s.second_factor { "yes" } else { "no" })) }
                            @if own {
                                td {
                                    form.inline method="post" action="/account/sessions/end" {
                                        (layout::csrf_field(ctx))
                                        input type="hidden" name="session" value=(s.handle);
                                        button type="submit" { (ctx.t("action-end-session")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    account_page(&state, &ctx, &FieldErrors::default(), done.done.as_deref()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Volunteer)?;
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let mut errors = FieldErrors::default();
    if auth::is_locked(account.locked_until.as_deref(), &crate::now()) {
        errors.add("form", "error-login-paused");
    } else {
        let (current, hash) = (f.current.clone(), account.password_hash.clone());
        let ok = tokio::task::spawn_blocking(move || auth::verify_password(&current, &hash))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if !ok {
            auth::note_failure(&state, user.id).await?;
            errors.add("current", "error-password-wrong");
        }
    }
    if let Err(m) = auth::check_password_strength(&f.new) {
        errors.add("new", m);
    }
    if f.new != f.repeat {
        errors.add("repeat", "error-password-repeat");
    }
    if !errors.is_empty() {
        let mut r = account_page(&state, &ctx, &errors, None).await?;
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let new = f.new.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&new))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    state
        .store
        .change_password(Some(user.id), user.id, &hash, ctx.session_hash.as_deref())
        .await?;
    Ok(Redirect::to("/account?done=password-changed").into_response())
}

#[derive(Deserialize)]
pub struct EndSessionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    session: String,
}

pub async fn end_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<EndSessionForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Volunteer)?;
    let sessions = state.store.user_sessions(user.id, &crate::now()).await?;
    let target = sessions
        .iter()
        .find(|s| session_handle(&s.token_hash) == f.session)
        .ok_or(AppError::NotFound)?;
    state
        .store
        .end_session(Some(user.id), user.id, &target.token_hash)
        .await?;
    if ctx.session_hash.as_deref() == Some(target.token_hash.as_str()) {
        let mut r = Redirect::to("/login").into_response();
        r.headers_mut().append(
            header::SET_COOKIE,
            ctx::set_cookie(&state, ctx::SESSION_COOKIE, "", Some(0)),
        );
        return Ok(r);
    }
    Ok(Redirect::to("/account?done=session-ended").into_response())
}

// ---- the second factor ---------------------------------------------------

fn enrol_page(
    ctx: &Ctx,
    name: &str,
    secret: &str,
    required: bool,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let uri = totp::uri(secret, name)
        .ok_or_else(|| AppError::Internal("cannot make the otpauth URI".into()))?;
    Ok(layout::page(
        ctx,
        &ctx.t("totp-enrol-title"),
        html! {
            (layout::error_summary(ctx, errors))
            p { (ctx.t(if required { "totp-enrol-required" } else { "totp-enrol-optional" })) }
            ol.steps {
                li {
                    p { (ctx.t("totp-enrol-scan")) }
                    img.qr src="/account/totp/qr.png" width="240" height="240" alt=(ctx.t("totp-qr-alt"));
                }
                li {
                    p { (ctx.t("totp-enrol-type")) }
                    p { code #totp-secret.secret { (secret) } }
                    p.hint { (ctx.t("totp-enrol-uri")) }
                    p { a #totp-uri href=(uri) { code { (uri) } } }
                }
                li {
                    form.stack method="post" action="/account/totp" {
                        (layout::csrf_field(ctx))
                        (errors.show(ctx, "form"))
                        (auth::code_input(ctx))
                        button type="submit" { (ctx.t("action-confirm")) }
                    }
                }
            }
            p.hint { (ctx.t("totp-enrol-secret-hint")) }
        },
    ))
}

/// The account enrolling: a login waiting for its second factor, or a
/// signed-in user setting one up by choice.
fn enrolling(ctx: &Ctx) -> AppResult<(&kuager_store::UserRecord, bool)> {
    match (&ctx.user, &ctx.pending) {
        (Some(u), _) => Ok((u, false)),
        (None, Some(p)) => Ok((&p.user, true)),
        (None, None) => Err(AppError::LoginRequired),
    }
}

pub async fn totp_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (user, pending) = enrolling(&ctx)?;
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    if account.totp_enabled() {
        return Ok(Redirect::to(if pending { "/login/code" } else { "/account" }).into_response());
    }
    let secret = match account.totp_secret {
        Some(s) => s,
        None => {
            let s = totp::new_secret();
            if !state.store.start_totp(user.id, &s).await? {
                return Ok(Redirect::to("/account").into_response());
            }
            s
        }
    };
    let required = user.role.includes(UserRole::Analyst);
    enrol_page(&ctx, &user.name, &secret, required, &FieldErrors::default())
}

pub async fn totp_qr(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (user, _) = enrolling(&ctx)?;
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let enabled = account.totp_enabled();
    let secret = account
        .totp_secret
        .filter(|_| !enabled)
        .ok_or(AppError::NotFound)?;
    let name = user.name.clone();
    let png = tokio::task::spawn_blocking(move || totp::qr_png(&secret, &name))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .ok_or_else(|| AppError::Internal("cannot draw the QR code".into()))?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    Form(f): Form<auth::CodeForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    let (user, pending) = enrolling(&ctx)?;
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    if account.totp_enabled() {
        return Ok(Redirect::to(if pending { "/login/code" } else { "/account" }).into_response());
    }
    let Some(secret) = account.totp_secret.clone() else {
        return Ok(Redirect::to("/account/totp").into_response());
    };
    let required = user.role.includes(UserRole::Analyst);
    let id = user.id.to_string();
    let refuse = |message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("form", message);
        let mut r = enrol_page(&ctx, &user.name, &secret, required, &errors)?;
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        Ok::<_, AppError>(r)
    };
    if auth::is_locked(account.locked_until.as_deref(), &crate::now()) {
        return refuse("error-login-paused");
    }
    let enabled = match totp::matching_step(&secret, &f.code, totp::unix_now()) {
        Some(step) => {
            let step = i64::try_from(step).map_err(|e| AppError::Internal(e.to_string()))?;
            state
                .store
                .enable_totp(Some(user.id), user.id, step)
                .await?
        }
        None => false,
    };
    if !enabled {
        auth::note_failure(&state, user.id).await?;
        state
            .store
            .audit_event(Some(user.id), "totp-enrol-failed", "user", &id)
            .await?;
        return refuse("error-totp-code");
    }
    state.store.login_succeeded(user.id).await?;
    let cookie = auth::start_session(&state, &ctx, user.id, true, true).await?;
    if pending {
        state
            .store
            .audit_event(Some(user.id), "login", "user", &id)
            .await?;
        Ok(auth::redirect_with_cookie("/", cookie))
    } else {
        Ok(auth::redirect_with_cookie(
            "/account?done=totp-enabled",
            cookie,
        ))
    }
}
