//! Passwords, logging in and out, and the language switch.

use crate::ctx::{self, Ctx};
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
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
    let found = state.store.user_by_name(form.name.trim()).await?;
    let password = form.password.clone();
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), h),
        None => (None, DUMMY_HASH.clone()),
    };
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let user = match user {
        Some(u) if ok && u.active => u,
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("form", "error-login-failed");
            let mut r = login_form(&ctx, &form.name, &errors);
            *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            return Ok(r);
        }
    };
    let token = ctx::random_token();
    let csrf = ctx::random_token();
    let hours = state.config.session_hours;
    state
        .store
        .create_session(
            &ctx::token_hash(&token),
            user.id,
            &csrf,
            &crate::timestamp_after(hours * 3600),
        )
        .await?;
    state
        .store
        .audit_event(Some(user.id), "login", "user", &user.id.to_string())
        .await?;
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        ctx::set_cookie(&state, ctx::SESSION_COOKIE, &token, Some(hours * 3600)),
    );
    Ok(r)
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
        if let Some(u) = &ctx.user {
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
}
