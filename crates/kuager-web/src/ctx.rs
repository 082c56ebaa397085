//! Who is asking, in which language: the per-request context every page
//! handler receives, built once by [`context_layer`] from the cookies.
//!
//! Sessions: the browser holds a random token in an HttpOnly,
//! SameSite=Strict cookie; the database holds only its SHA-256, with the
//! session's anti-forgery (CSRF) token. Anonymous visitors get a separate
//! random CSRF cookie so the login and public report forms are protected
//! too (double submit: the form field must equal the cookie).
//!
//! A session of an analyst, editor or admin (or of anyone who set up a
//! second factor) is only half open after the password: until the code is
//! given, or the second factor set up, `Ctx::user` is empty and
//! `Ctx::pending` says which step is missing, so no handler can mistake
//! it for a login.

use crate::error::{AppError, ErrorPage};
use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kuager_case::UserRole;
use kuager_i18n::Locale;
use kuager_store::UserRecord;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "kuager_session";
pub const CSRF_COOKIE: &str = "kuager_csrf";
pub const LANG_COOKIE: &str = "kuager_lang";

/// Only this origin, for everything; no scripts (there are none), no
/// plugins, no framing, forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self'; \
     style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// The step of logging in still to be done after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// No second factor yet, and the role requires one: set it up.
    Enrol,
    /// Give the code from the authenticator app.
    Code,
}

/// A session that has passed the password but not the second factor.
#[derive(Debug, Clone)]
pub struct Pending {
    pub user: UserRecord,
    pub step: SecondStep,
}

/// Seconds between two updates of a session's "last seen" time.
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Clone)]
pub struct Ctx {
    pub locale: Locale,
    /// The fully logged-in user.
    pub user: Option<UserRecord>,
    /// A login waiting for its second factor.
    pub pending: Option<Pending>,
    /// Whether the session gave a second factor.
    pub second_factor: bool,
    /// The token forms must send back.
    pub csrf: String,
    /// SHA-256 of the session token, when logged in.
    pub session_hash: Option<String>,
    /// Path and query of this request, for the language switch.
    pub path: String,
    /// Browser/system from the User-Agent (for the session list).
    pub client: String,
}

impl Ctx {
    pub fn t(&self, id: &str) -> String {
        kuager_i18n::tr(self.locale, id)
    }

    pub fn t_args(&self, id: &str, args: &[(&str, kuager_i18n::ArgValue)]) -> String {
        kuager_i18n::tr_args(self.locale, id, args)
    }

    /// The logged-in user, or a redirect to the login page.
    pub fn user(&self) -> Result<&UserRecord, AppError> {
        self.user.as_ref().ok_or(AppError::LoginRequired)
    }

    /// The logged-in user if their role includes `role`.
    pub fn require(&self, role: UserRole) -> Result<&UserRecord, AppError> {
        let user = self.user()?;
        if user.role.includes(role) {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The account signed in with at least the password: the full user or
    /// the one whose second factor is pending.
    pub fn account(&self) -> Option<&UserRecord> {
        self.user
            .as_ref()
            .or(self.pending.as_ref().map(|p| &p.user))
    }

    pub fn has_role(&self, role: UserRole) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.includes(role))
    }

    /// Checks a submitted anti-forgery token (constant time).
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        let a = self.csrf.as_bytes();
        let b = submitted.as_bytes();
        let same =
            a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if same && !a.is_empty() {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

/// A new random token: 32 bytes, hex.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Value of cookie `name` in the request's Cookie headers.
pub fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A Set-Cookie value with the flags every Kuager cookie carries.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age_secs {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if state.config.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// Builds the [`Ctx`] of each request, renders error pages in the
/// visitor's language, and sets the headers every response carries.
pub async fn context_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let headers = req.headers();
    let locale = cookie(headers, LANG_COOKIE)
        .and_then(Locale::from_code)
        .unwrap_or_else(|| {
            kuager_i18n::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        });
    let mut user = None;
    let mut pending = None;
    let mut second_factor = false;
    let mut session_hash = None;
    let mut csrf = None;
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let hash = token_hash(token);
        let now = crate::now();
        match state.store.session_state(&hash, &now).await {
            Ok(Some(s)) => {
                let needs_code = s.session.user.role.includes(UserRole::Analyst) || s.totp_enabled;
                if needs_code && !s.second_factor {
                    pending = Some(Pending {
                        user: s.session.user,
                        step: if s.totp_enabled {
                            SecondStep::Code
                        } else {
                            SecondStep::Enrol
                        },
                    });
                } else {
                    user = Some(s.session.user);
                }
                second_factor = s.second_factor;
                csrf = Some(s.session.csrf_token);
                let stale = crate::timestamp_after(-TOUCH_EVERY_SECS);
                if s.last_seen_at.as_deref().is_none_or(|t| t < stale.as_str()) {
                    if let Err(e) = state.store.touch_session(&hash, &now).await {
                        tracing::warn!(error = %e, "noting the use of a session");
                    }
                }
                session_hash = Some(hash);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "reading a session");
                return AppError::Internal("session lookup failed".into()).into_response();
            }
        }
    }
    let mut new_anon_csrf = None;
    let csrf = match csrf {
        Some(c) => c,
        None => match cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 64) {
            Some(c) => c.to_string(),
            None => {
                let c = random_token();
                new_anon_csrf = Some(c.clone());
                c
            }
        },
    };
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let client = crate::client::summarize(
        headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    let ctx = Ctx {
        locale,
        user,
        pending,
        second_factor,
        csrf,
        session_hash,
        path,
        client,
    };
    req.extensions_mut().insert(ctx.clone());
    let mut response = next.run(req).await;
    if let Some(page) = response.extensions().get::<ErrorPage>().cloned() {
        let status = page.status;
        response = crate::layout::error_page(&ctx, &page).into_response();
        *response.status_mut() = status;
    }
    let h = response.headers_mut();
    if let Some(c) = new_anon_csrf {
        h.append(
            header::SET_COOKIE,
            set_cookie(&state, CSRF_COOKIE, &c, None),
        );
    }
    // Everything from this origin only, no script at all, no framing.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.config.secure_cookies {
        // Served over TLS: browsers must not come back over plain HTTP.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages hold confidential data: no copies in shared or disk caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
    response
}
