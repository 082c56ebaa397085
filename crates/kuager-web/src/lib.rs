//! `kuager serve`: the web application monitors work in.
//!
//! Server-rendered HTML (maud), every function reachable with JavaScript
//! off; nothing loaded from another host; Russian, Kazakh and English.
//! Handlers are thin: they check who may do what, read forms, call the
//! case model (`kuager-case`), the register (`kuager-register`) and the
//! store, and render. One module per area under `routes/`.
//!
//! Who may use which route is one table (`routes::ROUTES`), enforced for
//! every request by `access::guard`.

pub mod access;
pub mod auth;
pub mod client;
pub mod ctx;
pub mod error;
pub mod layout;
pub mod media;
pub mod publishing;
pub mod routes;
pub mod site;
pub mod totp;
pub mod view;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use kuager_store::Store;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Settings of a running web app.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest file in an upload (an attachment or a document); a request
    /// may carry up to four such files.
    pub max_upload_bytes: usize,
    /// Mark cookies Secure and send Strict-Transport-Security (set when
    /// served over TLS, directly or behind a TLS-terminating proxy).
    pub secure_cookies: bool,
    /// Public-form and login attempts per address per minute.
    pub attempts_per_minute: u32,
    /// How long a session lasts without logging in again.
    pub session_hours: i64,
    /// How often the public site asks whether the register changed (a
    /// cheap query); zero: on every public request.
    pub site_refresh: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_upload_bytes: 20 * 1024 * 1024,
            secure_cookies: false,
            attempts_per_minute: 10,
            session_hours: 12,
            site_refresh: std::time::Duration::ZERO,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// Per-address limit on the public report form and on login attempts.
    pub limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// The public site being served (rebuilt when the register changes).
    pub site: Arc<site::PublicSite>,
    /// The relay mail goes through (newsletter confirmations); `None`: no
    /// relay configured, nothing is sent.
    pub mail: Option<kuager_mail::Mailer>,
    /// The site's public address for links in mail (`https://example.org`);
    /// pages themselves link relatively.
    pub public_url: String,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        let per_minute =
            NonZeroU32::new(config.attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        AppState {
            store,
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            config: Arc::new(config),
            site: Arc::new(site::PublicSite::new()),
            mail: None,
            public_url: String::new(),
        }
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    app_with_routes(routes::router(), state)
}

/// The application around `router`: every route goes through the access
/// guard (which refuses routes without a policy) and gets the request
/// context, error pages and security headers.
pub fn app_with_routes(router: Router<AppState>, state: AppState) -> Router {
    // A request may carry several files of up to `max_upload_bytes` each;
    // each file is checked on its own (so the form can say which one was
    // too big and keep the rest), the request as a whole here.
    let limit = state.config.max_upload_bytes.saturating_mul(4) + 256 * 1024;
    router
        .route_layer(axum::middleware::from_fn(access::guard))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ctx::context_layer,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(store: Store, addr: SocketAddr, config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(listener, store, config).await
}

pub async fn serve_on(
    listener: tokio::net::TcpListener,
    store: Store,
    config: Config,
) -> std::io::Result<()> {
    serve_app(listener, app(AppState::new(store, config))).await
}

/// Serves the app of `state` (made with [`AppState::new`], then given a
/// mailer and the public address) on `listener`.
pub async fn serve_state(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> std::io::Result<()> {
    serve_app(listener, app(state)).await
}

/// Serves `app` (from [`app`] or [`app_with_routes`]) on `listener`.
pub async fn serve_app(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// The current time, RFC 3339 UTC with milliseconds, as the store writes it.
pub fn now() -> String {
    kuager_store::now_utc()
}

/// RFC 3339 UTC time `secs` seconds from now.
pub fn timestamp_after(secs: i64) -> String {
    kuager_store::timestamp_after(secs)
}

/// Percent-encodes a query-string value.
pub fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_sort_as_text() {
        let a = super::now();
        let b = super::timestamp_after(3600);
        assert!(a < b, "{a} {b}");
        assert_eq!(a.len(), "2026-11-22T03:04:05.678Z".len());
    }
}
