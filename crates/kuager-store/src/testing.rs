//! Throwaway databases for tests, in this crate and in others (feature
//! `testing`, enabled as a dev-dependency feature).
//!
//! [`temp_databases`] returns one fresh SQLite file and one fresh
//! PostgreSQL database, so a test can run the same checks against both:
//!
//! ```ignore
//! for db in kuager_store::testing::temp_databases().await {
//!     let store = db.open().await.unwrap();
//!     // ...
//!     store.close().await;
//! } // each database is removed here, also when the test panics
//! ```
//!
//! PostgreSQL: the server comes from `KUAGER_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each [`TempDb`] creates
//! its own database `kuager_test_<random hex>` there and drops it when
//! dropped. If the server cannot be used the test fails with an explanation,
//! unless `KUAGER_SKIP_PG=1`, which leaves PostgreSQL out.

use crate::{Backend, Result, Store};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable naming the PostgreSQL server for tests.
pub const PG_URL_ENV: &str = "KUAGER_TEST_PG_URL";
/// Set to `1` to run tests without PostgreSQL.
pub const SKIP_PG_ENV: &str = "KUAGER_SKIP_PG";
/// The server used when `KUAGER_TEST_PG_URL` is unset.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A database that exists for as long as this value.
#[derive(Debug)]
pub struct TempDb {
    /// URL to pass to [`Store::open`] (or to `kuager --db`).
    pub url: String,
    pub backend: Backend,
    guard: Guard,
}

#[derive(Debug)]
enum Guard {
    /// Removing the directory removes the database file and its WAL.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        server_url: String,
        name: String,
    },
}

impl TempDb {
    /// A fresh SQLite database file in a new temporary directory.
    ///
    /// # Panics
    /// If no temporary directory can be created.
    pub fn sqlite() -> TempDb {
        let dir = tempfile::Builder::new()
            .prefix("kuager-test-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory for SQLite: {e}"));
        let url = format!("sqlite://{}", dir.path().join("register.db").display());
        TempDb {
            url,
            backend: Backend::Sqlite,
            guard: Guard::Sqlite { _dir: dir },
        }
    }

    /// A fresh, empty database on the test PostgreSQL server.
    ///
    /// # Panics
    /// If the server cannot be reached or the database cannot be created:
    /// a test that was meant to cover PostgreSQL must not pass without it.
    pub async fn postgres() -> TempDb {
        let (server_url, from_env) = pg_server_url();
        let name = format!("kuager_test_{}", random_hex());
        let mut admin = match connect(&server_url).await {
            Ok(conn) => conn,
            Err(e) => panic!(
                "PostgreSQL for tests is not usable at {server} ({origin}): {e}\n\
                 Run the tests with scripts/test.sh (it finds or starts a server), \
                 set {PG_URL_ENV} to a server whose user may create databases, \
                 or set {SKIP_PG_ENV}=1 to test SQLite only.",
                server = crate::url::redact(&server_url),
                origin = if from_env {
                    format!("from {PG_URL_ENV}")
                } else {
                    format!("default; {PG_URL_ENV} is unset")
                },
            ),
        };
        if let Err(e) = admin.execute(&*format!("CREATE DATABASE \"{name}\"")).await {
            panic!(
                "cannot create test database {name} on {}: {e}",
                crate::url::redact(&server_url)
            );
        }
        let _ = admin.close().await;
        TempDb {
            url: with_database(&server_url, &name),
            backend: Backend::Postgres,
            guard: Guard::Postgres { server_url, name },
        }
    }

    /// Opens the database as a [`Store`] (running the migrations).
    pub async fn open(&self) -> Result<Store> {
        Store::open(&self.url).await
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let Guard::Postgres { server_url, name } = &self.guard else {
            return;
        };
        // Drop may run inside an async test's runtime, which must not be
        // blocked on; a fresh runtime on its own thread does the work.
        let (server_url, db) = (server_url.clone(), name.clone());
        let outcome = std::thread::spawn(move || drop_database(&server_url, &db)).join();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {name}: {e}"),
            Err(_) => eprintln!("warning: dropping test database {name} panicked"),
        }
    }
}

/// Databases to run a test against: SQLite always, PostgreSQL unless
/// `KUAGER_SKIP_PG=1`.
///
/// # Panics
/// See [`TempDb::postgres`].
pub async fn temp_databases() -> Vec<TempDb> {
    let mut dbs = vec![TempDb::sqlite()];
    if pg_skipped() {
        eprintln!("{SKIP_PG_ENV}=1: not testing PostgreSQL");
    } else {
        dbs.push(TempDb::postgres().await);
    }
    dbs
}

/// True when `KUAGER_SKIP_PG=1`.
pub fn pg_skipped() -> bool {
    std::env::var(SKIP_PG_ENV).is_ok_and(|v| v == "1")
}

/// The test server URL and whether it came from the environment.
fn pg_server_url() -> (String, bool) {
    match std::env::var(PG_URL_ENV) {
        Ok(url) if !url.trim().is_empty() => (url.trim().to_string(), true),
        _ => (DEFAULT_PG_URL.to_string(), false),
    }
}

async fn connect(url: &str) -> std::result::Result<PgConnection, String> {
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect(url)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "no answer within {} seconds",
            CONNECT_TIMEOUT.as_secs()
        )),
    }
}

fn drop_database(server_url: &str, name: &str) -> std::result::Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut admin = connect(server_url).await?;
        // FORCE (PostgreSQL 13+) also ends connections a failed test left open.
        let forced = admin
            .execute(&*format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
        if forced.is_err() {
            admin
                .execute(&*format!("DROP DATABASE IF EXISTS \"{name}\""))
                .await
                .map_err(|e| e.to_string())?;
        }
        let _ = admin.close().await;
        Ok(())
    })
}

/// `server_url` with its database name replaced by `name`.
fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

/// 64 random bits as hex: a fresh randomly keyed hasher fed the time, the
/// process id and a counter.
fn random_hex() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h:1/db?sslmode=disable", "x"),
            "postgres://u:p@h:1/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }

    #[test]
    fn random_names_differ() {
        let a = random_hex();
        assert_eq!(a.len(), 16);
        assert_ne!(a, random_hex());
    }
}
