//! The public site a running server shows: one immutable
//! [`kuager_site::Site`], rebuilt when the register changed, and the
//! HTTP caching that goes with it.
//!
//! Whether the register changed is one cheap query (the audit log's and
//! the change log's lengths, [`kuager_store::Store::change_fingerprint`]),
//! asked at most once per `Config::site_refresh` by whichever public
//! request comes first; that request rebuilds while every other keeps
//! reading the site as it was, so a reader sees a publication whole or
//! not at all. Changes made by another process (the CLI, a second server)
//! are seen the same way.

use crate::error::AppError;
use crate::AppState;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kuager_register::public::{build_site, EstimateCache};
use kuager_site::Site;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

struct Refresh {
    fingerprint: Option<String>,
    estimates: EstimateCache,
}

/// The site being served, shared by every request.
pub struct PublicSite {
    current: RwLock<Option<Arc<Site>>>,
    refresh: tokio::sync::Mutex<Refresh>,
    generation: AtomicU64,
    /// When the fingerprint was last compared (ms since `epoch`).
    checked_ms: AtomicU64,
    epoch: Instant,
    /// Rendered chart images of the current generation, by name.
    charts: Mutex<HashMap<String, Arc<kuager_charts::Chart>>>,
    renderer: kuager_charts::Renderer,
}

impl Default for PublicSite {
    fn default() -> Self {
        PublicSite::new()
    }
}

impl std::fmt::Debug for PublicSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicSite")
            .field("generation", &self.generation.load(Ordering::Relaxed))
            .finish()
    }
}

impl PublicSite {
    pub fn new() -> PublicSite {
        PublicSite {
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(Refresh {
                fingerprint: None,
                estimates: EstimateCache::default(),
            }),
            generation: AtomicU64::new(0),
            checked_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            charts: Mutex::new(HashMap::new()),
            renderer: kuager_charts::Renderer::from_env(),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Was the register compared less than `every` ago? (Never, for zero.)
    fn checked_within(&self, every: Duration) -> bool {
        let since = self
            .now_ms()
            .saturating_sub(self.checked_ms.load(Ordering::Acquire));
        !every.is_zero() && Duration::from_millis(since) < every
    }

    fn snapshot(&self) -> Option<Arc<Site>> {
        self.current.read().ok().and_then(|s| s.clone())
    }

    /// The site to answer with: the current one, after checking (at most
    /// once per `every`) whether the register changed since it was built.
    pub async fn get(&self, state: &AppState) -> Result<Arc<Site>, AppError> {
        let every = state.config.site_refresh;
        let current = self.snapshot();
        if let Some(site) = &current {
            if self.checked_within(every) {
                return Ok(site.clone());
            }
        }
        // One request checks (and rebuilds); the others keep the site they
        // have, unless there is none yet.
        let mut refresh = match (self.refresh.try_lock(), &current) {
            (Ok(guard), _) => guard,
            (Err(_), Some(site)) => return Ok(site.clone()),
            (Err(_), None) => self.refresh.lock().await,
        };
        if let Some(site) = self.snapshot() {
            // Someone else may have rebuilt while this one waited.
            if self.checked_within(every) {
                return Ok(site);
            }
        }
        let fingerprint = state.store.change_fingerprint().await?;
        if let (Some(site), Some(known)) = (self.snapshot(), &refresh.fingerprint) {
            if *known == fingerprint {
                self.checked_ms.store(self.now_ms(), Ordering::Release);
                return Ok(site);
            }
        }
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        let (site, report) = build_site(&state.store, generation, &mut refresh.estimates).await?;
        tracing::info!(
            generation,
            events = report.events,
            persons = report.persons,
            reading_ms = report.millis_reading as u64,
            redacting_ms = report.millis_redacting as u64,
            "public site rebuilt"
        );
        let site = Arc::new(site);
        if let Ok(mut slot) = self.current.write() {
            *slot = Some(site.clone());
        }
        if let Ok(mut charts) = self.charts.lock() {
            charts.clear();
        }
        refresh.fingerprint = Some(report.fingerprint);
        self.checked_ms.store(self.now_ms(), Ordering::Release);
        Ok(site)
    }

    /// A chart of the current generation, rendered once.
    pub fn chart(
        &self,
        key: &str,
        render: impl FnOnce(&kuager_charts::Renderer) -> Result<kuager_charts::Chart, String>,
    ) -> Result<Arc<kuager_charts::Chart>, AppError> {
        if let Some(c) = self.charts.lock().ok().and_then(|c| c.get(key).cloned()) {
            return Ok(c);
        }
        let chart = Arc::new(render(&self.renderer).map_err(AppError::Internal)?);
        if let Ok(mut charts) = self.charts.lock() {
            // Bounded: charts × languages × a few filters.
            if charts.len() > 512 {
                charts.clear();
            }
            charts.insert(key.to_string(), chart.clone());
        }
        Ok(chart)
    }
}

/// The entity tag of a public answer: the site's generation, what was
/// asked (path and query) and in which language. Anything that changes
/// what the register publishes changes the generation.
pub fn etag(site: &Site, what: &str, locale: &str) -> String {
    let digest = Sha256::digest(format!("{}\0{what}\0{locale}", site.generation()).as_bytes());
    format!("\"{}\"", &hex::encode(digest)[..24])
}

/// True when the request's If-None-Match already names `tag`.
pub fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

/// A public answer with its entity tag: 304 when the client has it.
/// Caches may keep it but must ask again each time (`no-cache`), so an
/// unpublished event does not linger in a cache.
pub fn cached(headers: &HeaderMap, tag: &str, body: impl FnOnce() -> Response) -> Response {
    let mut response = if not_modified(headers, tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    response
}
