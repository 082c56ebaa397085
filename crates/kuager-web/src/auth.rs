//! Passwords, logging in and out, and the language switch.

use crate::ctx::{self, Ctx, SecondStep};
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::totp;
use crate::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;
use std::net::SocketAddr;

/// An Argon2id PHC string (the crate's defaults: m=19 MiB, t=2, p=1, the
/// OWASP-recommended minimum).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Minimum password length; long passphrases are encouraged.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn check_password_strength(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err("error-password-short")
    } else {
        Ok(())
    }
}

/// A fixed hash to verify against when the user does not exist, so a
/// wrong name and a wrong password take the same time.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("not a real password").unwrap_or_default());

/// Failed attempts (passwords and codes) an account may have before
/// logging in to it is paused.
pub const FREE_FAILURES: i64 = 5;
/// The first pause; each further failure doubles it, up to [`MAX_LOCK_SECS`].
pub const FIRST_LOCK_SECS: i64 = 60;
pub const MAX_LOCK_SECS: i64 = 3600;
/// How long a login may wait between the password and the second factor.
pub const SECOND_STEP_SECS: i64 = 15 * 60;

/// How long logging in is paused after `failures` failed attempts.
pub fn lock_seconds(failures: i64) -> Option<i64> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(12);
    Some((FIRST_LOCK_SECS << doublings).min(MAX_LOCK_SECS))
}

/// True while logging in is paused.
pub fn is_locked(locked_until: Option<&str>, now: &str) -> bool {
    locked_until.is_some_and(|until| until > now)
}

/// Counts a failed attempt on `user_id` and pauses its logins when the
/// count calls for it.
pub async fn note_failure(state: &AppState, user_id: i64) -> AppResult<()> {
    let failures = state.store.login_failed(user_id).await?;
    if let Some(secs) = lock_seconds(failures) {
        state
            .store
            .lock_logins(user_id, &crate::timestamp_after(secs))
            .await?;
    }
    Ok(())
}

/// Opens a session for `user_id` (ending the visitor's current one, so a
/// session token never survives a change of what it may do) and returns
/// the cookie to set. A session waiting for its second factor lasts
/// [`SECOND_STEP_SECS`].
pub async fn start_session(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    second_factor: bool,
    complete: bool,
) -> AppResult<header::HeaderValue> {
    if let Some(old) = &ctx.session_hash {
        state.store.delete_session(old).await?;
    }
    let token = ctx::random_token();
    let csrf = ctx::random_token();
    let secs = if complete {
        state.config.session_hours * 3600
    } else {
        SECOND_STEP_SECS
    };
    state
        .store
        .open_session(
            &ctx::token_hash(&token),
            user_id,
            &csrf,
            &crate::timestamp_after(secs),
            &ctx.client,
            second_factor,
        )
        .await?;
    Ok(ctx::set_cookie(
        state,
        ctx::SESSION_COOKIE,
        &token,
        Some(secs),
    ))
}

/// A redirect that also sets a cookie.
pub fn redirect_with_cookie(to: &str, cookie: header::HeaderValue) -> Response {
    let mut r = Redirect::to(to).into_response();
    r.headers_mut().append(header::SET_COOKIE, cookie);
    r
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub password: String,
}

pub async fn login_page(ctx: Ctx) -> Response {
    if ctx.user.is_some() {
        return Redirect::to("/").into_response();
    }
    login_form(&ctx, "", &FieldErrors::default())
}

fn login_form(ctx: &Ctx, name: &str, errors: &FieldErrors) -> Response {
    layout::page(
        ctx,
        &ctx.t("login-title"),
        html! {
            (layout::error_summary(ctx, errors))
            form.stack method="post" action="/login" {
                (layout::csrf_field(ctx))
                (errors.show(ctx, "form"))
                label for="name" { (ctx.t("field-user-name")) }
                input #name type="text" name="name" value=(name) autocomplete="username" required autofocus;
                label for="password" { (ctx.t("field-password")) }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { (ctx.t("action-login")) }
            }
            p { a href="/report" { (ctx.t("login-public-report-hint")) } }
        },
    )
}

/// The answer to every failed login, whatever the reason (unknown name,
/// wrong password, deactivated, paused): it must not tell which.
fn login_failed(ctx: &Ctx, name: &str) -> Response {
    let mut errors = FieldErrors::default();
    errors.add("form", "error-login-failed");
    let mut r = login_form(ctx, name, &errors);
    *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
    r
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    let found = state.store.login_account_by_name(form.name.trim()).await?;
    // Unknown names verify against a fixed hash: the same work, the same time.
    let hash = found
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let password = form.password.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = crate::now();
    let Some(account) = found else {
        // Audited without the name typed (it may be a password typed in
        // the wrong field) and never with the password.
        state
            .store
            .audit_event(None, "login-failed", "user", "")
            .await?;
        return Ok(login_failed(&ctx, &form.name));
    };
    let user = &account.user;
    let id = user.id.to_string();
    if !user.active || is_locked(account.locked_until.as_deref(), &now) {
        // Attempts while paused are refused without looking at the
        // password, and do not lengthen the pause.
        state
            .store
            .audit_event(None, "login-refused", "user", &id)
            .await?;
        return Ok(login_failed(&ctx, &form.name));
    }
    if !ok {
        note_failure(&state, user.id).await?;
        state
            .store
            .audit_event(None, "login-failed", "user", &id)
            .await?;
        return Ok(login_failed(&ctx, &form.name));
    }
    let needs_second_factor =
        user.role.includes(kuager_case::UserRole::Analyst) || account.totp_enabled();
    if needs_second_factor {
        // The failure count is kept until the code is given too: a known
        // password must not reset the count of wrong codes.
        let cookie = start_session(&state, &ctx, user.id, false, false).await?;
        state
            .store
            .audit_event(Some(user.id), "login-password", "user", &id)
            .await?;
        let to = if account.totp_enabled() {
            "/login/code"
        } else {
            "/account/totp"
        };
        return Ok(redirect_with_cookie(to, cookie));
    }
    state.store.login_succeeded(user.id).await?;
    let cookie = start_session(&state, &ctx, user.id, false, true).await?;
    state
        .store
        .audit_event(Some(user.id), "login", "user", &id)
        .await?;
    Ok(redirect_with_cookie("/", cookie))
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub code: String,
}

/// The field where a code from the authenticator app is typed.
pub fn code_input(ctx: &Ctx) -> maud::Markup {
    html! {
        label for="code" { (ctx.t("field-totp-code")) }
        input #code type="text" name="code" inputmode="numeric" pattern="[0-9 ]*" maxlength="8"
            autocomplete="one-time-code" required autofocus;
    }
}

fn code_form(ctx: &Ctx, errors: &FieldErrors) -> Response {
    layout::page(
        ctx,
        &ctx.t("totp-code-title"),
        html! {
            (layout::error_summary(ctx, errors))
            p { (ctx.t("totp-code-intro")) }
            form.stack method="post" action="/login/code" {
                (layout::csrf_field(ctx))
                (errors.show(ctx, "form"))
                (code_input(ctx))
                button type="submit" { (ctx.t("action-confirm")) }
            }
        },
    )
}

pub async fn code_page(ctx: Ctx) -> Response {
    match &ctx.pending {
        Some(p) if p.step == SecondStep::Code => code_form(&ctx, &FieldErrors::default()),
        Some(_) => Redirect::to("/account/totp").into_response(),
        None => Redirect::to("/").into_response(),
    }
}

pub async fn code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    let user = match &ctx.pending {
        Some(p) if p.step == SecondStep::Code => p.user.clone(),
        Some(_) => return Ok(Redirect::to("/account/totp").into_response()),
        None => return Ok(Redirect::to("/").into_response()),
    };
    let id = user.id.to_string();
    let account = state
        .store
        .login_account(user.id)
        .await?
        .ok_or(AppError::LoginRequired)?;
    let fail = |message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("form", message);
        let mut r = code_form(&ctx, &errors);
        *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        r
    };
    if is_locked(account.locked_until.as_deref(), &crate::now()) {
        state
            .store
            .audit_event(Some(user.id), "login-refused", "user", &id)
            .await?;
        return Ok(fail("error-login-paused"));
    }
    let step = account
        .totp_secret
        .as_deref()
        .filter(|_| account.totp_enabled())
        .and_then(|secret| totp::matching_step(secret, &form.code, totp::unix_now()));
    let accepted = match step {
        Some(step) => {
            let step = i64::try_from(step).map_err(|e| AppError::Internal(e.to_string()))?;
            state.store.use_totp_step(user.id, step).await?
        }
        None => false,
    };
    if !accepted {
        note_failure(&state, user.id).await?;
        state
            .store
            .audit_event(Some(user.id), "login-code-failed", "user", &id)
            .await?;
        return Ok(fail("error-totp-code"));
    }
    state.store.login_succeeded(user.id).await?;
    let cookie = start_session(&state, &ctx, user.id, true, true).await?;
    state
        .store
        .audit_event(Some(user.id), "login", "user", &id)
        .await?;
    Ok(redirect_with_cookie("/", cookie))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CsrfOnly>,
) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    if let Some(hash) = &ctx.session_hash {
        state.store.delete_session(hash).await?;
        if let Some(u) = ctx.account() {
            state
                .store
                .audit_event(Some(u.id), "logout", "user", &u.id.to_string())
                .await?;
        }
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        ctx::set_cookie(&state, ctx::SESSION_COOKIE, "", Some(0)),
    );
    Ok(r)
}

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// The language switch: a plain link, so it works without JavaScript. It
/// only sets a preference cookie; `back` must be a local path.
pub async fn set_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Back>,
) -> AppResult<Response> {
    let locale = kuager_i18n::Locale::from_code(&code).ok_or(AppError::NotFound)?;
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut r = Redirect::to(&back).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        ctx::set_cookie(&state, ctx::LANG_COOKIE, locale.code(), Some(365 * 86400)),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(check_password_strength("short").is_err());
    }

    #[test]
    fn logins_pause_after_five_failures_doubling_to_an_hour() {
        assert_eq!(lock_seconds(4), None);
        assert_eq!(lock_seconds(5), Some(60));
        assert_eq!(lock_seconds(6), Some(120));
        assert_eq!(lock_seconds(10), Some(1920));
        assert_eq!(lock_seconds(11), Some(3600));
        assert_eq!(lock_seconds(500), Some(3600));
        assert!(is_locked(
            Some("2999-01-01T00:00:00.000Z"),
            "2026-01-01T00:00:00.000Z"
        ));
        assert!(!is_locked(
            Some("2000-01-01T00:00:00.000Z"),
            "2026-01-01T00:00:00.000Z"
        ));
        assert!(!is_locked(None, "2026-01-01T00:00:00.000Z"));
    }
}
