//! The register's storage: one interface over embedded SQLite and
//! PostgreSQL.
//!
//! [`Store::open`] takes a database URL (or a plain file path for SQLite),
//! connects through sqlx's `Any` driver and brings the schema up to date
//! with the versioned migrations in `migrations/{sqlite,postgres}`. Reads
//! are plain methods on [`Store`]; every write goes through the private
//! `write` module, one transaction per change. No other crate writes SQL.
//!
//! Offsets are character offsets, as everywhere in Kuager. Ids are the
//! application's: a document's sha256, a person's `Person::id`.

pub mod bulk;
mod bulk_read;
mod casework;
pub mod dump;
mod encrypt;
mod error;
mod keys;
pub mod lists;
pub mod log;
pub mod lookup;
mod reading;
#[cfg(feature = "testing")]
pub mod testing;
mod time;
mod url;
mod write;

pub use casework::*;
pub use encrypt::{change_key, database_exists, Rekeyed};
pub use error::{Result, StoreError};
pub use keys::{kdf_params_path, KeySource};
pub use kuager_vault::MasterKey;
pub use reading::DocumentMention;
pub use time::{now_utc, timestamp_after};

use futures_util::TryStreamExt;
use kuager_domain::{
    DateMention, Decision, Document, DocumentFormat, Extraction, FigureMention, Language,
    MentionKey, PartialDate, Person, PersonName, PlaceKind, PlaceMention, Qualifier, ReviewPair,
    Span, StoredMention,
};
use serde::Serialize;
use sqlx::any::{Any, AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Connection, Decode, Executor, Row, Type};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use write::{Applied, Change};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Per-connection SQLite settings. WAL mode is set once at open (it is a
/// property of the file). The page cache is 256 MB: replacing a national
/// register's resolution rewrites indexes of a million rows in random key
/// order, which took 11.4 s with 32 MB and 7.9 s with 256 MB
/// (docs/benchmarks.md); pages are allocated only as they are used.
///
/// `secure_delete` zeroes deleted and overwritten content, so a witness's
/// details removed or sealed later do not linger in free pages of a seized
/// file.
const SQLITE_CONNECTION_PRAGMAS: &str =
    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;";

/// Keys per statement in [`Store::find_by_keys`].
const KEYS_PER_QUERY: usize = 1000;

/// Which database system a [`Store`] is backed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What [`Store::insert_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InsertOutcome {
    Inserted,
    /// A document with the same sha256 was already stored; nothing written.
    AlreadyPresent,
}

/// One line of the document list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    pub sha256: String,
    pub file_name: String,
    pub language: Language,
    pub title: String,
    pub format: DocumentFormat,
    /// Length of the text in characters.
    pub chars: usize,
    /// Number of person mentions extracted from the document.
    pub persons: usize,
    /// Number of figures extracted from the document.
    pub figures: usize,
}

/// A person as read back, mentions carrying their source file name and offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRecord {
    pub key: MentionKey,
    /// File name of the source document.
    pub source: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A person of the current resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Ordered by (source, start).
    pub mentions: Vec<MentionRecord>,
}

/// A figure with the document it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRecord {
    /// File name of the source document.
    pub source: String,
    pub sha256: String,
    pub figure: FigureMention,
}

/// A stored decision with its place in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// 1, 2, 3, ... in the order the decisions were made.
    pub seq: u64,
    /// When it was recorded, RFC 3339 UTC.
    pub decided_at: String,
    pub decision: Decision,
}

/// The register's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The embedded database's file, for bulk reads beside the pool.
    embedded: Option<bulk_read::EmbeddedFile>,
    /// The URL as given, password masked: for messages.
    url: String,
    keys: std::sync::Arc<keys::Keys>,
}

impl Store {
    /// URL: "sqlite://path/to/file.db" (file created if missing, WAL mode,
    /// foreign keys on), a bare file path is treated as sqlite,
    /// "sqlite::memory:" allowed for tests, "postgres://..." /
    /// "postgresql://...". Runs pending migrations.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, &KeySource::None).await
    }

    /// [`Store::open`] with the operator's key: an embedded database is
    /// encrypted as a whole (SQLCipher) under it, and the data key that
    /// seals confidential fields is wrapped under it on every backend.
    pub async fn open_with(url: &str, key: &KeySource) -> Result<Store> {
        let target = url::parse(url)?;
        sqlx::any::install_default_drivers();
        let open_error = |cause| StoreError::Open {
            url: target.display.clone(),
            cause,
        };
        let master = keys::master_key(key, target.file.as_deref(), &target.display)?;
        keys::check_file_against_key(&target, master.as_ref())?;
        // The SQLCipher key pragma must come before anything reads the file.
        // Statement logging is off: that pragma must never reach a log.
        let page_key = match (&master, target.backend) {
            (Some(master), Backend::Sqlite) if !target.in_memory => {
                Some(std::sync::Arc::new(master.sqlcipher_key_literal()))
            }
            _ => None,
        };
        let options = AnyConnectOptions::from_str(&target.connect_url)
            .map_err(open_error)?
            .log_statements(::log::LevelFilter::Off)
            .log_slow_statements(::log::LevelFilter::Off, Duration::from_secs(3600));

        // Connect once outside the pool: the pool retries refused
        // connections until it times out and then reports only that, while
        // a direct connection fails at once with the real reason.
        let mut first = options.connect().await.map_err(open_error)?;
        if let Some(page_key) = &page_key {
            first
                .execute(format!("PRAGMA key = {};", page_key.as_str()).as_str())
                .await
                .map_err(open_error)?;
            // A wrong key shows only at the first read.
            if sqlx::query("SELECT count(*) FROM sqlite_master")
                .fetch_one(&mut first)
                .await
                .is_err()
            {
                return Err(StoreError::WrongKey {
                    url: target.display.clone(),
                });
            }
        }
        if target.backend == Backend::Sqlite && !target.in_memory {
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut first)
                .await
                .map_err(open_error)?;
            if !mode.eq_ignore_ascii_case("wal") {
                first
                    .execute("PRAGMA journal_mode = WAL")
                    .await
                    .map_err(open_error)?;
            }
        }
        first.close().await.map_err(open_error)?;

        // A path with '%' came percent-encoded in a sqlite:// URL, which
        // sqlx decodes and rusqlite would not: such a file keeps the sqlx
        // path for bulk reads too.
        let embedded = match (&target.file, target.in_memory) {
            (Some(path), false) if !path.to_string_lossy().contains('%') => {
                Some(bulk_read::EmbeddedFile {
                    path: path.clone(),
                    page_key: page_key.clone(),
                })
            }
            _ => None,
        };
        let sqlite = target.backend == Backend::Sqlite;
        let pool_options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                let page_key = page_key.clone();
                Box::pin(async move {
                    if let Some(page_key) = page_key {
                        conn.execute(format!("PRAGMA key = {};", page_key.as_str()).as_str())
                            .await?;
                    }
                    if sqlite {
                        conn.execute(SQLITE_CONNECTION_PRAGMAS).await?;
                    }
                    Ok(())
                })
            });
        let pool_options = match (target.backend, target.in_memory) {
            // Every connection to "sqlite::memory:" is the same database
            // only while one stays open: keep exactly one, forever.
            (Backend::Sqlite, true) => pool_options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            (Backend::Sqlite, false) => pool_options.max_connections(4),
            (Backend::Postgres, _) => pool_options.max_connections(8),
        };
        let pool = pool_options
            .connect_with(options)
            .await
            .map_err(open_error)?;

        let migrator = match target.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        if let Err(cause) = migrator.run(&pool).await {
            pool.close().await;
            return Err(StoreError::Migrate {
                url: target.display,
                cause,
            });
        }
        let keys = match Self::load_keys(&pool, master.as_ref(), key, &target.display).await {
            Ok(keys) => keys,
            Err(e) => {
                pool.close().await;
                return Err(e);
            }
        };
        let store = Store {
            pool,
            backend: target.backend,
            embedded,
            url: target.display,
            keys,
        };
        if let Err(e) = store.upgrade_protection().await {
            store.pool.close().await;
            return Err(e);
        }
        Ok(store)
    }

    async fn load_keys(
        pool: &AnyPool,
        master: Option<&MasterKey>,
        key: &KeySource,
        url: &str,
    ) -> Result<std::sync::Arc<keys::Keys>> {
        let query_error = |context: &str, cause| StoreError::Query {
            url: url.to_string(),
            context: context.to_string(),
            cause,
        };
        let mut tx = pool
            .begin()
            .await
            .map_err(|e| query_error("starting a transaction", e))?;
        let keys = keys::load_keys(&mut tx, master, key, url).await?;
        tx.commit()
            .await
            .map_err(|e| query_error("storing the data key", e))?;
        Ok(keys)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database URL as given to [`Store::open`], password masked.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub async fn has_document(&self, sha256: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM documents WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("looking up document {sha256}"), e))?;
        Ok(row.is_some())
    }

    /// One transaction: the document row + all its extraction rows (persons
    /// mentions with parsed name serialized as JSON, ordinal = index in
    /// extraction.persons, refers_to; places; dates; figures). If a document
    /// with the same sha256 exists, returns AlreadyPresent and writes
    /// nothing.
    pub async fn insert_document(
        &self,
        doc: &Document,
        extraction: &Extraction,
    ) -> Result<InsertOutcome> {
        let change = Change::InsertDocument {
            doc,
            extraction,
            ingested_at: time::now_utc(),
        };
        match write::apply(self, change).await? {
            Applied::AlreadyPresent => Ok(InsertOutcome::AlreadyPresent),
            _ => Ok(InsertOutcome::Inserted),
        }
    }

    /// All documents, ordered by file_name, sha256.
    pub async fn documents(&self) -> Result<Vec<DocumentSummary>> {
        let rows = sqlx::query(
            "SELECT d.sha256, d.file_name, d.language, d.title, d.format, d.chars, \
             (SELECT COUNT(*) FROM person_mentions m WHERE m.sha256 = d.sha256), \
             (SELECT COUNT(*) FROM figure_mentions f WHERE f.sha256 = d.sha256) \
             FROM documents d ORDER BY d.file_name, d.sha256",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing documents", e))?;
        rows.iter()
            .map(|row| {
                Ok(DocumentSummary {
                    sha256: self.get(row, 0)?,
                    file_name: self.get(row, 1)?,
                    language: Language::from_code(&self.get::<String>(row, 2)?),
                    title: self.get(row, 3)?,
                    format: self.format(row, 4)?,
                    chars: self.count(row, 5)?,
                    persons: self.count(row, 6)?,
                    figures: self.count(row, 7)?,
                })
            })
            .collect()
    }

    pub async fn document(&self, sha256: &str) -> Result<Option<Document>> {
        let row = sqlx::query(
            "SELECT file_name, sha256, format, encoding, language, title, body \
             FROM documents WHERE sha256 = $1",
        )
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading document {sha256}"), e))?;
        row.map(|row| {
            Ok(Document {
                file_name: self.get(&row, 0)?,
                sha256: self.get(&row, 1)?,
                format: self.format(&row, 2)?,
                encoding: self.get(&row, 3)?,
                language: Language::from_code(&self.get::<String>(&row, 4)?),
                title: self.get(&row, 5)?,
                text: self.get(&row, 6)?,
            })
        })
        .transpose()
    }

    /// All person mentions, ordered by (sha256, start).
    ///
    /// One row per document, its mentions aggregated to JSON by the
    /// database: a million single-mention rows would cost several seconds
    /// in per-row driver overhead alone.
    pub async fn person_mentions(&self) -> Result<Vec<StoredMention>> {
        const CONTEXT: &str = "reading person mentions";
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT d.sha256, d.file_name, \
                 (SELECT json_group_array(json_array(m.start_char, m.ordinal, m.text, \
                  m.end_char, json(m.name_json), m.refers_to)) \
                  FROM person_mentions m WHERE m.sha256 = d.sha256) \
                 FROM documents d ORDER BY d.sha256"
            }
            Backend::Postgres => {
                "SELECT d.sha256, d.file_name, \
                 (SELECT json_agg(json_build_array(m.start_char, m.ordinal, m.text, \
                  m.end_char, m.name_json::json, m.refers_to)) \
                  FROM person_mentions m WHERE m.sha256 = d.sha256)::text \
                 FROM documents d ORDER BY d.sha256"
            }
        };
        type Entry = (usize, usize, String, usize, PersonName, Option<usize>);
        let mut rows = sqlx::query(sql).fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(|e| self.query_error(CONTEXT, e))?
        {
            let sha256: String = self.get(&row, 0)?;
            let source: String = self.get(&row, 1)?;
            let Some(json) = self.get::<Option<String>>(&row, 2)? else {
                continue;
            };
            let mut mentions: Vec<Entry> = serde_json::from_str(&json)
                .map_err(|e| self.corrupt(format!("person mentions of document {sha256}: {e}")))?;
            mentions.sort_unstable_by_key(|m| m.0);
            out.extend(
                mentions
                    .into_iter()
                    .map(
                        |(start, ordinal, text, end, name, refers_to)| StoredMention {
                            key: MentionKey {
                                sha256: sha256.clone(),
                                start,
                            },
                            source: source.clone(),
                            ordinal,
                            text,
                            end,
                            name,
                            refers_to,
                        },
                    ),
            );
        }
        Ok(out)
    }

    /// One transaction: replace all persons, person-mention assignments,
    /// person search keys and review pairs with the given resolution.
    pub async fn replace_resolution(
        &self,
        persons: &[Person],
        review: &[ReviewPair],
    ) -> Result<()> {
        write::apply(self, Change::ReplaceResolution { persons, review })
            .await
            .map(|_| ())
    }

    /// All persons, ordered by name then id; mentions ordered by (source, start).
    pub async fn persons(&self) -> Result<Vec<PersonRecord>> {
        let sql = self.persons_sql(false);
        let mut rows = sqlx::query(&sql).fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(|e| self.query_error("listing persons", e))?
        {
            out.push(self.person_row(&row)?);
        }
        Ok(out)
    }

    pub async fn person(&self, id: &str) -> Result<Option<PersonRecord>> {
        let sql = self.persons_sql(true);
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("reading person {id}"), e))?;
        row.map(|row| self.person_row(&row)).transpose()
    }

    /// Persons with their mentions aggregated to JSON, one row per person:
    /// all of them ordered by name and id, or only the one whose id is `$1`.
    fn persons_sql(&self, only_one: bool) -> String {
        const MEMBERS: &str = "FROM person_members pm \
             JOIN person_mentions m ON m.sha256 = pm.sha256 AND m.start_char = pm.start_char \
             JOIN documents d ON d.sha256 = m.sha256";
        const MENTION: &str = "d.file_name, m.sha256, m.start_char, m.end_char, m.text";
        let tail = if only_one {
            "WHERE p.id = $1"
        } else {
            "ORDER BY p.name, p.id"
        };
        match (self.backend, only_one) {
            // All persons on PostgreSQL: one grouped hash join, about twice
            // as fast there as a subquery per person.
            (Backend::Postgres, false) => format!(
                "SELECT p.id, p.name, p.aliases_json, agg.mentions FROM persons p \
                 LEFT JOIN (SELECT pm.person_id, \
                 json_agg(json_build_array({MENTION}))::text AS mentions {MEMBERS} \
                 GROUP BY pm.person_id) agg ON agg.person_id = p.id {tail}"
            ),
            // Otherwise a subquery per person, walking the indexes.
            (Backend::Postgres, true) => format!(
                "SELECT p.id, p.name, p.aliases_json, \
                 (SELECT json_agg(json_build_array({MENTION})) {MEMBERS} \
                 WHERE pm.person_id = p.id)::text FROM persons p {tail}"
            ),
            (Backend::Sqlite, _) => format!(
                "SELECT p.id, p.name, p.aliases_json, \
                 (SELECT json_group_array(json_array({MENTION})) {MEMBERS} \
                 WHERE pm.person_id = p.id) FROM persons p {tail}"
            ),
        }
    }

    fn person_row(&self, row: &AnyRow) -> Result<PersonRecord> {
        let id: String = self.get(row, 0)?;
        let aliases_json: String = self.get(row, 2)?;
        let aliases = serde_json::from_str(&aliases_json)
            .map_err(|e| self.corrupt(format!("aliases of person {id}: {e}")))?;
        let mut mentions: Vec<(String, String, usize, usize, String)> =
            match self.get::<Option<String>>(row, 3)? {
                Some(json) => serde_json::from_str(&json)
                    .map_err(|e| self.corrupt(format!("mentions of person {id}: {e}")))?,
                None => Vec::new(),
            };
        mentions.sort_unstable_by(|a, b| (&a.0, &a.1, a.2).cmp(&(&b.0, &b.1, b.2)));
        Ok(PersonRecord {
            name: self.get(row, 1)?,
            aliases,
            mentions: mentions
                .into_iter()
                .map(|(source, sha256, start, end, text)| MentionRecord {
                    key: MentionKey { sha256, start },
                    source,
                    text,
                    start,
                    end,
                })
                .collect(),
            id,
        })
    }

    /// Person ids whose search keys equal any of `keys`, with the number of
    /// distinct keys matched, best first (ties by id).
    pub async fn find_by_keys(&self, keys: &[String]) -> Result<Vec<(String, usize)>> {
        let mut unique: Vec<&str> = keys.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for chunk in unique.chunks(KEYS_PER_QUERY) {
            let placeholders = (1..=chunk.len())
                .map(|i| match self.backend {
                    // Anonymous: SQLite binds numbered parameters in
                    // quadratic time (see write::values_sql).
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${i}"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT person_id, COUNT(*) FROM person_keys \
                 WHERE search_key IN ({placeholders}) GROUP BY person_id"
            );
            let mut query = sqlx::query(&sql).persistent(false);
            for key in chunk {
                query = query.bind(*key);
            }
            let rows = query
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.query_error("searching persons by key", e))?;
            for row in &rows {
                *counts.entry(self.get(row, 0)?).or_default() += self.count(row, 1)?;
            }
        }
        let mut found: Vec<(String, usize)> = counts.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(found)
    }

    /// Which person a mention is currently in.
    pub async fn person_of_mention(&self, key: &MentionKey) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT person_id FROM person_members WHERE sha256 = $1 AND start_char = $2",
        )
        .bind(key.sha256.as_str())
        .bind(to_i64(key.start, "offset")?)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("looking up the person of mention {key}"), e))?;
        row.map(|row| self.get(&row, 0)).transpose()
    }

    /// Each person's anchor: the smallest of its mention keys. The
    /// resolver uses these to keep person ids stable from one resolution
    /// to the next.
    pub async fn person_anchors(&self) -> Result<Vec<(String, MentionKey)>> {
        let rows = sqlx::query(
            "SELECT pm.person_id, pm.sha256, MIN(pm.start_char) FROM person_members pm \
             JOIN (SELECT person_id, MIN(sha256) AS first_sha FROM person_members GROUP BY person_id) f \
             ON f.person_id = pm.person_id AND f.first_sha = pm.sha256 \
             GROUP BY pm.person_id, pm.sha256 ORDER BY pm.person_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading person anchors", e))?;
        rows.iter()
            .map(|row| {
                Ok((
                    self.get(row, 0)?,
                    MentionKey {
                        sha256: self.get(row, 1)?,
                        start: self.offset(row, 2)?,
                    },
                ))
            })
            .collect()
    }

    /// All figures, ordered by source, start.
    pub async fn figures(&self) -> Result<Vec<FigureRecord>> {
        let rows = sqlx::query(
            "SELECT d.file_name, f.sha256, f.start_char, f.end_char, f.text, f.value, \
             f.qualifier, f.unit, f.event \
             FROM figure_mentions f JOIN documents d ON d.sha256 = f.sha256 \
             ORDER BY d.file_name, f.start_char, f.sha256, f.ordinal",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing figures", e))?;
        rows.iter()
            .map(|row| {
                let qualifier: String = self.get(row, 6)?;
                Ok(FigureRecord {
                    source: self.get(row, 0)?,
                    sha256: self.get(row, 1)?,
                    figure: FigureMention {
                        span: self.span(row, 2, 3)?,
                        text: self.get(row, 4)?,
                        value: u64::try_from(self.get::<i64>(row, 5)?)
                            .map_err(|e| self.corrupt(format!("figure value: {e}")))?,
                        qualifier: Qualifier::parse(&qualifier)
                            .ok_or_else(|| self.corrupt(format!("qualifier {qualifier:?}")))?,
                        unit: self.get(row, 7)?,
                        event: self.get(row, 8)?,
                    },
                })
            })
            .collect()
    }

    /// All places with the file name of their document, ordered by source, start.
    pub async fn places(&self) -> Result<Vec<(String, PlaceMention)>> {
        let rows = sqlx::query(
            "SELECT d.file_name, p.start_char, p.end_char, p.text, p.place_key, p.name, p.kind \
             FROM place_mentions p JOIN documents d ON d.sha256 = p.sha256 \
             ORDER BY d.file_name, p.start_char, p.sha256, p.ordinal",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing places", e))?;
        rows.iter()
            .map(|row| {
                let kind: String = self.get(row, 6)?;
                let kind = match kind.as_str() {
                    "city" => PlaceKind::City,
                    "region" => PlaceKind::Region,
                    "country" => PlaceKind::Country,
                    _ => return Err(self.corrupt(format!("place kind {kind:?}"))),
                };
                Ok((
                    self.get(row, 0)?,
                    PlaceMention {
                        span: self.span(row, 1, 2)?,
                        text: self.get(row, 3)?,
                        place_key: self.get(row, 4)?,
                        name: self.get(row, 5)?,
                        kind,
                    },
                ))
            })
            .collect()
    }

    /// All dates with the file name of their document, ordered by source, start.
    pub async fn dates(&self) -> Result<Vec<(String, DateMention)>> {
        let rows = sqlx::query(
            "SELECT d.file_name, t.start_char, t.end_char, t.text, t.year, t.month, t.day \
             FROM date_mentions t JOIN documents d ON d.sha256 = t.sha256 \
             ORDER BY d.file_name, t.start_char, t.sha256, t.ordinal",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing dates", e))?;
        rows.iter()
            .map(|row| {
                let year = i32::try_from(self.get::<i64>(row, 4)?)
                    .map_err(|e| self.corrupt(format!("year: {e}")))?;
                let small = |i| -> Result<Option<u8>> {
                    self.get::<Option<i64>>(row, i)?
                        .map(|v| u8::try_from(v).map_err(|e| self.corrupt(format!("date: {e}"))))
                        .transpose()
                };
                Ok((
                    self.get(row, 0)?,
                    DateMention {
                        span: self.span(row, 1, 2)?,
                        text: self.get(row, 3)?,
                        date: PartialDate {
                            year,
                            month: small(5)?,
                            day: small(6)?,
                        },
                    },
                ))
            })
            .collect()
    }

    /// Human identity decisions, append-only, in the order made. Each gets
    /// a sequence number and a timestamp.
    pub async fn add_decision(&self, decision: &Decision) -> Result<()> {
        let change = Change::AddDecision {
            decision,
            decided_at: time::now_utc(),
        };
        write::apply(self, change).await.map(|_| ())
    }

    /// All decisions in the order made.
    pub async fn decisions(&self) -> Result<Vec<Decision>> {
        Ok(self
            .decision_records()
            .await?
            .into_iter()
            .map(|r| r.decision)
            .collect())
    }

    /// All decisions in the order made, with sequence number and time.
    pub async fn decision_records(&self) -> Result<Vec<DecisionRecord>> {
        let rows = sqlx::query(
            "SELECT seq, decided_at, kind, a_sha256, a_start, b_sha256, b_start \
             FROM decisions ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading decisions", e))?;
        rows.iter()
            .map(|row| {
                let kind: String = self.get(row, 2)?;
                let a = MentionKey {
                    sha256: self.get(row, 3)?,
                    start: self.offset(row, 4)?,
                };
                let b = match (
                    self.get::<Option<String>>(row, 5)?,
                    self.get::<Option<i64>>(row, 6)?,
                ) {
                    (Some(sha256), Some(start)) => Some(MentionKey {
                        sha256,
                        start: self.to_usize(start)?,
                    }),
                    _ => None,
                };
                let decision = match (kind.as_str(), b) {
                    ("merge", Some(b)) => Decision::Merge { a, b },
                    ("distinct", Some(b)) => Decision::Distinct { a, b },
                    ("split", None) => Decision::Split { mention: a },
                    _ => return Err(self.corrupt(format!("decision of kind {kind:?}"))),
                };
                let seq = self.get::<i64>(row, 0)?;
                Ok(DecisionRecord {
                    seq: u64::try_from(seq)
                        .map_err(|e| self.corrupt(format!("decision number: {e}")))?,
                    decided_at: self.get(row, 1)?,
                    decision,
                })
            })
            .collect()
    }

    /// The review pairs of the current resolution, ordered by score desc,
    /// then a, b.
    pub async fn review_pairs(&self) -> Result<Vec<ReviewPair>> {
        let rows = sqlx::query(
            "SELECT person_a, person_b, score, evidence_json FROM review_pairs \
             ORDER BY score DESC, person_a, person_b",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading review pairs", e))?;
        rows.iter()
            .map(|row| {
                let evidence_json: String = self.get(row, 3)?;
                Ok(ReviewPair {
                    a: self.get(row, 0)?,
                    b: self.get(row, 1)?,
                    score: self.get(row, 2)?,
                    evidence: serde_json::from_str(&evidence_json).map_err(|e| {
                        self.corrupt(format!("review evidence {evidence_json:?}: {e}"))
                    })?,
                })
            })
            .collect()
    }

    /// Closes all connections; waits for running queries to finish.
    pub async fn close(self) {
        self.pool.close().await;
    }

    fn query_error(&self, context: impl Into<String>, cause: sqlx::Error) -> StoreError {
        StoreError::Query {
            url: self.url.clone(),
            context: context.into(),
            cause,
        }
    }

    fn corrupt(&self, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            url: self.url.clone(),
            detail: detail.into(),
        }
    }

    fn get<'r, T>(&self, row: &'r AnyRow, index: usize) -> Result<T>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        row.try_get(index)
            .map_err(|e| self.corrupt(format!("column {index}: {e}")))
    }

    fn to_usize(&self, value: i64) -> Result<usize> {
        usize::try_from(value)
            .map_err(|_| self.corrupt(format!("negative offset or count {value}")))
    }

    fn offset(&self, row: &AnyRow, index: usize) -> Result<usize> {
        self.to_usize(self.get::<i64>(row, index)?)
    }

    fn count(&self, row: &AnyRow, index: usize) -> Result<usize> {
        self.offset(row, index)
    }

    fn span(&self, row: &AnyRow, start: usize, end: usize) -> Result<Span> {
        let (start, end) = (self.offset(row, start)?, self.offset(row, end)?);
        if end < start {
            return Err(self.corrupt(format!("span {start}..{end}")));
        }
        Ok(Span { start, end })
    }

    fn format(&self, row: &AnyRow, index: usize) -> Result<DocumentFormat> {
        let format: String = self.get(row, index)?;
        DocumentFormat::parse(&format)
            .ok_or_else(|| self.corrupt(format!("document format {format:?}")))
    }
}

/// An offset, ordinal or length as the database's integer type.
pub(crate) fn to_i64(value: usize, what: &str) -> Result<i64> {
    i64::try_from(value).map_err(|_| StoreError::Invalid {
        what: what.to_string(),
        detail: format!("{value} does not fit in a 64-bit signed integer"),
    })
}
