//! Portable, encrypted backups of the whole register: every application
//! table (register, casework, vault, log), read generically from the
//! database catalog, written as one age-encrypted stream, and restored into
//! an empty database on either backend. A backup is also how a team moves
//! from an embedded SQLite file to a PostgreSQL server and back.
//!
//! # What is included
//!
//! Every table of the database except sqlx's `_sqlx_migrations` (and
//! SQLite's internal `sqlite_*` tables): the tables are found in the catalog
//! (`sqlite_master` / `information_schema`), so a table added by a later
//! migration is backed up without a change here. Tables come in foreign-key
//! order (referenced tables first; a cycle between tables is refused),
//! columns in catalog order, rows in primary-key order (all columns when a
//! table has none), text ordered by code point on both backends. Values are
//! NULL, 64-bit integers, doubles, UTF-8 text or bytes: the types the
//! schema uses (BIGINT, DOUBLE PRECISION/REAL, TEXT, BLOB/BYTEA).
//!
//! # Format (version 1)
//!
//! An [age](https://age-encryption.org/v1) file, encrypted to a passphrase
//! (scrypt) or to an X25519 recipient (`age1...`). Its plaintext is UTF-8
//! lines:
//!
//! ```text
//! kuager-backup v1
//! {"format":"kuager-backup","format_version":1,"schema_version":4,"created_at":"…","source_backend":"sqlite","kuager_version":"0.1.0","tables":[{"name":"documents","columns":[{"name":"sha256","kind":"text"},…],"primary_key":["sha256"]},…]}
//! {"table":{"name":"documents"}}
//! ["00a1…","file.txt",…,42,null,{"real":"0.25"},{"base64":"iVBORw0…"}]
//! …
//! {"end_table":{"name":"documents","rows":2,"sha256":"…"}}
//! …one section per table, in the header's order…
//! {"end":{"tables":31,"rows":1234}}
//! ```
//!
//! A row is a JSON array in column order: `null`, an integer, a string, or
//! `{"real": "<shortest round-trip decimal>"}` / `{"base64": "<standard
//! base64>"}`. Each table ends with its row count and the SHA-256 of its
//! canonical form (see [`table_digests`]), so a restore verifies every
//! table before it commits; the `end` line shows the stream is complete
//! (age itself detects truncation and tampering too).
//!
//! # Restoring
//!
//! [`restore_backup`] writes into a store opened at the current schema
//! (migrations applied) that holds no data: every table must be empty,
//! except the bookkeeping rows a fresh database starts with (see
//! [`SEEDED_TABLES`]: counters, data key, the change log's start), which
//! the archive's rows replace. Everything
//! happens in one transaction: a wrong key, a damaged or truncated archive,
//! or a mismatch found on verification leaves the target as it was.
//!
//! The archive carries the source's data key itself (the `vault` row as
//! an unprotected one, `kdf = 'none'`), protected by the archive's own
//! encryption: the restored register is opened with whatever key its new
//! home uses (a key file, a passphrase, or none), which wraps the data key
//! at once. Sealed fields and the log's signing key stay the same. Reopen
//! any [`Store`] that was open on the target: it still holds the key it
//! loaded before the restore.

use crate::{Backend, Store, StoreError};
use age::secrecy::SecretString;
use base64::Engine as _;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row, ValueRef as _};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// First line of every backup's plaintext.
pub const FORMAT_LINE: &str = "kuager-backup v1";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Bookkeeping tables a freshly opened database already has rows in: the
/// migrations' counters, the data key, and the change log, which starts with
/// a baseline entry (its tree head and state). A restore replaces their rows
/// instead of counting them as data; every other table must be empty.
pub const SEEDED_TABLES: &[&str] = &[
    "counters",
    "vault",
    "log_state",
    "log_entries",
    "tree_heads",
];

/// sqlx's bookkeeping: the target's own migrations, never copied.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Rows buffered before an INSERT is sent, at most (and at most this many
/// bytes of values).
const FLUSH_BYTES: usize = 8 * 1024 * 1024;

/// What can go wrong making or restoring a backup.
#[derive(thiserror::Error, Debug)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("invalid backup key: {0}")]
    Key(String),

    #[error("cannot encrypt the backup: {0}")]
    Encrypt(String),

    #[error("cannot write the backup: {0}")]
    Write(io::Error),

    #[error("cannot decrypt the backup: wrong passphrase or key ({0}); nothing was restored")]
    WrongKey(String),

    #[error("cannot read the backup: {0}; nothing was restored")]
    Unreadable(String),

    #[error("the backup is damaged or incomplete: {0}; nothing was restored")]
    Damaged(String),

    #[error(
        "the backup has schema version {archive}, newer than this kuager's {supported}: \
         restore it with a kuager at least as new as the one that made it"
    )]
    SchemaTooNew { archive: i64, supported: i64 },

    #[error(
        "refusing to restore into {url}: it already holds data (table {table} is not empty); \
         restore into a new, empty database"
    )]
    TargetNotEmpty { url: String, table: String },

    #[error("cannot restore into {url}: {detail}")]
    SchemaMismatch { url: String, detail: String },

    #[error("database {url}: {detail}")]
    Unsupported { url: String, detail: String },
}

pub type BackupResult<T> = std::result::Result<T, BackupError>;

/// Whom a backup is encrypted to.
pub struct BackupKey(EncryptTo);

enum EncryptTo {
    Passphrase {
        passphrase: SecretString,
        work_factor: Option<u8>,
    },
    X25519(Box<age::x25519::Recipient>),
}

impl BackupKey {
    /// Encrypt with a passphrase (age's scrypt recipient, tuned to about a
    /// second of work on this machine).
    pub fn passphrase(passphrase: String) -> BackupKey {
        BackupKey(EncryptTo::Passphrase {
            passphrase: SecretString::from(passphrase),
            work_factor: None,
        })
    }

    /// Encrypt to an age X25519 public key (`age1...`); the matching
    /// identity file decrypts.
    pub fn recipient(public_key: &str) -> BackupResult<BackupKey> {
        let recipient = public_key
            .trim()
            .parse::<age::x25519::Recipient>()
            .map_err(|e| {
                BackupError::Key(format!(
                    "{:?} is not an age X25519 recipient (age1...): {e}",
                    public_key.trim()
                ))
            })?;
        Ok(BackupKey(EncryptTo::X25519(Box::new(recipient))))
    }

    /// Sets scrypt's work factor (log2 N) for a passphrase; for tests,
    /// where a second per backup adds up. No effect for a recipient.
    pub fn with_work_factor(mut self, log_n: u8) -> BackupKey {
        if let EncryptTo::Passphrase { work_factor, .. } = &mut self.0 {
            *work_factor = Some(log_n.clamp(1, 63));
        }
        self
    }
}

impl fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            EncryptTo::Passphrase { .. } => f.write_str("BackupKey::Passphrase(..)"),
            EncryptTo::X25519(r) => write!(f, "BackupKey::Recipient({r})"),
        }
    }
}

/// What decrypts a backup.
pub struct RestoreKey(DecryptWith);

enum DecryptWith {
    Passphrase(SecretString),
    Identities(Vec<Box<dyn age::Identity + Send + Sync>>),
}

impl RestoreKey {
    pub fn passphrase(passphrase: String) -> RestoreKey {
        RestoreKey(DecryptWith::Passphrase(SecretString::from(passphrase)))
    }

    /// The text of an age identity file (`AGE-SECRET-KEY-1...` lines;
    /// comments and blank lines allowed).
    pub fn identity_file(text: &str) -> BackupResult<RestoreKey> {
        let file = age::IdentityFile::from_buffer(text.as_bytes())
            .map_err(|e| BackupError::Key(format!("not an age identity file: {e}")))?;
        let identities = file
            .into_identities()
            .map_err(|e| BackupError::Key(format!("unusable identity file: {e}")))?;
        if identities.is_empty() {
            return Err(BackupError::Key(
                "the identity file holds no identity (AGE-SECRET-KEY-1...)".to_string(),
            ));
        }
        Ok(RestoreKey(DecryptWith::Identities(identities)))
    }
}

impl fmt::Debug for RestoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            DecryptWith::Passphrase(_) => f.write_str("RestoreKey::Passphrase(..)"),
            DecryptWith::Identities(ids) => write!(f, "RestoreKey::Identities({})", ids.len()),
        }
    }
}

/// One table of a backup or restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    pub name: String,
    pub rows: u64,
    /// SHA-256 of the table's canonical form, as [`table_digests`] gives.
    pub sha256: String,
}

/// What [`write_backup`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// Highest migration applied to the source.
    pub schema_version: i64,
    pub source_backend: Backend,
    pub created_at: String,
    /// In the order written (referenced tables first).
    pub tables: Vec<TableSummary>,
    pub rows: u64,
    /// Encrypted bytes written.
    pub bytes: u64,
}

/// What [`restore_backup`] restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    /// The archive's schema version (the target's may be newer).
    pub schema_version: i64,
    pub source_backend: String,
    /// When the backup was made.
    pub created_at: String,
    pub tables: Vec<TableSummary>,
    pub rows: u64,
    /// Encrypted bytes read.
    pub bytes: u64,
}

/// Per table: (rows, SHA-256 of its canonical form), for every table of the
/// database (as [`write_backup`] would include them). Equal on SQLite and
/// PostgreSQL for equal data, so two databases compare table by table.
///
/// The canonical form: `kuager-table v1`, the table name and its column
/// names, then each row in backup order, each value as `N;` (NULL),
/// `I<decimal>;`, `R<16 hex digits of the IEEE-754 bits, -0 as 0>;`, `T<bytes>:<UTF-8>;`
/// or `B<bytes>:<hex>;`, the row ended by a newline.
pub async fn table_digests(store: &Store) -> BackupResult<BTreeMap<String, (u64, String)>> {
    let mut tx = read_snapshot(store).await?;
    let tables = catalog(store, &mut tx).await?;
    let mut out = BTreeMap::new();
    for table in &tables {
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let digest = digest_table(store, &mut tx, table, &columns).await?;
        out.insert(table.name.clone(), (digest.rows, digest.sha256));
    }
    tx.rollback()
        .await
        .map_err(|e| store.query_error("ending the read transaction", e))?;
    Ok(out)
}

/// The tables a backup of this database would include, in backup order.
pub async fn backup_tables(store: &Store) -> BackupResult<Vec<String>> {
    let mut tx = read_snapshot(store).await?;
    let tables = catalog(store, &mut tx).await?;
    tx.rollback()
        .await
        .map_err(|e| store.query_error("ending the read transaction", e))?;
    Ok(tables.into_iter().map(|t| t.name).collect())
}

/// The highest schema version (migration) this build knows for `backend`.
pub fn supported_schema_version(backend: Backend) -> i64 {
    let migrator = match backend {
        Backend::Sqlite => &crate::SQLITE_MIGRATIONS,
        Backend::Postgres => &crate::POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Writes an encrypted backup of every table to `out`, table by table from
/// one consistent snapshot of the database (rows are streamed, not held).
/// `out` is not flushed to disk: callers that write a file should sync it.
pub async fn write_backup<W: Write>(
    store: &Store,
    out: W,
    key: &BackupKey,
) -> BackupResult<BackupSummary> {
    let mut tx = read_snapshot(store).await?;
    let tables = catalog(store, &mut tx).await?;
    for table in &tables {
        if let Some(column) = table.columns.iter().find(|c| c.kind.is_none()) {
            return Err(BackupError::Unsupported {
                url: store.url.clone(),
                detail: format!(
                    "column {}.{} has type {}, which a backup cannot carry \
                     (the schema keeps to BIGINT, DOUBLE PRECISION, TEXT and BLOB/BYTEA)",
                    table.name, column.name, column.declared
                ),
            });
        }
    }
    let schema_version = schema_version(store, &mut tx).await?;
    let created_at = crate::time::now_utc();
    let header = Header {
        format: "kuager-backup".to_string(),
        format_version: FORMAT_VERSION,
        schema_version,
        created_at: created_at.clone(),
        source_backend: store.backend.name().to_string(),
        kuager_version: env!("CARGO_PKG_VERSION").to_string(),
        tables: tables.iter().map(TableHeader::of).collect(),
    };

    let counter = CountingWriter {
        inner: out,
        bytes: 0,
    };
    let encryptor = encryptor(key)?;
    let mut writer = encryptor.wrap_output(counter).map_err(BackupError::Write)?;
    writeln!(writer, "{FORMAT_LINE}").map_err(BackupError::Write)?;
    json_line(&mut writer, &header)?;

    let mut summaries = Vec::with_capacity(tables.len());
    let mut total_rows = 0;
    for table in &tables {
        json_line(
            &mut writer,
            &Control::Table {
                name: table.name.clone(),
            },
        )?;
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let mut digest = TableDigest::new(&table.name, &columns);
        let sql = select_sql(store.backend, table, &columns);
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        let mut line = Vec::new();
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(|e| store.query_error(format!("reading table {}", table.name), e))?
        {
            let mut values = decode_row(store, &table.name, &columns, &row)?;
            if table.name == "vault" {
                carry_data_key(store, &columns, &mut values);
            }
            digest.add(&values);
            line.clear();
            encode_row(&values, &mut line)?;
            writer.write_all(&line).map_err(BackupError::Write)?;
        }
        drop(rows);
        let done = digest.finish();
        total_rows += done.rows;
        json_line(
            &mut writer,
            &Control::EndTable {
                name: table.name.clone(),
                rows: done.rows,
                sha256: done.sha256.clone(),
            },
        )?;
        summaries.push(TableSummary {
            name: table.name.clone(),
            rows: done.rows,
            sha256: done.sha256,
        });
    }
    json_line(
        &mut writer,
        &Control::End {
            tables: summaries.len(),
            rows: total_rows,
        },
    )?;
    let mut counter = writer.finish().map_err(BackupError::Write)?;
    counter.flush().map_err(BackupError::Write)?;
    tx.rollback()
        .await
        .map_err(|e| store.query_error("ending the read transaction", e))?;
    Ok(BackupSummary {
        schema_version,
        source_backend: store.backend,
        created_at,
        tables: summaries,
        rows: total_rows,
        bytes: counter.bytes,
    })
}

/// Restores a backup into `store`, which must hold no data (see the module
/// documentation), in one transaction: on any error nothing is written.
/// Every table is verified twice: the archive's rows against the digest
/// written with them, and the rows as stored against the same digest
/// before committing.
///
/// Reopen any other [`Store`] on the target afterwards: the restored vault
/// row replaces the data key it loaded at open.
pub async fn restore_backup<R: Read>(
    store: &Store,
    input: R,
    key: &RestoreKey,
) -> BackupResult<RestoreSummary> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let counter = CountingReader {
        inner: input,
        bytes: Arc::clone(&bytes_read),
    };
    let decryptor = age::Decryptor::new(counter).map_err(|e| match e {
        age::DecryptError::Io(e) => BackupError::Unreadable(format!(
            "not an age-encrypted kuager backup, or cut short ({e})"
        )),
        e => BackupError::Unreadable(format!("not an age-encrypted kuager backup ({e})")),
    })?;
    let reader = match &key.0 {
        DecryptWith::Passphrase(passphrase) => {
            if !decryptor.is_scrypt() {
                return Err(BackupError::WrongKey(
                    "the backup is encrypted to a public key: give its identity file".to_string(),
                ));
            }
            let identity = age::scrypt::Identity::new(passphrase.clone());
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))
        }
        DecryptWith::Identities(identities) => {
            if decryptor.is_scrypt() {
                return Err(BackupError::WrongKey(
                    "the backup is encrypted with a passphrase, not to a public key".to_string(),
                ));
            }
            decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
    }
    .map_err(|e| match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed => BackupError::WrongKey(e.to_string()),
        e => BackupError::Unreadable(e.to_string()),
    })?;
    let mut archive = Archive {
        reader: BufReader::with_capacity(256 * 1024, reader),
        line: String::new(),
        number: 0,
    };

    let first = archive.next_line()?;
    if first != Some(FORMAT_LINE) {
        return Err(match first {
            Some(line) if line.starts_with("kuager-backup ") => BackupError::Unreadable(format!(
                "backup format {:?} is not supported by this kuager (it reads {FORMAT_LINE:?})",
                line
            )),
            _ => BackupError::Damaged("it does not start with the kuager-backup line".into()),
        });
    }
    let header: Header = archive.json("the header")?;
    if header.format_version != FORMAT_VERSION {
        return Err(BackupError::Unreadable(format!(
            "backup format version {} is not supported by this kuager (it reads {FORMAT_VERSION})",
            header.format_version
        )));
    }
    let supported = supported_schema_version(store.backend);
    if header.schema_version > supported {
        return Err(BackupError::SchemaTooNew {
            archive: header.schema_version,
            supported,
        });
    }

    let mut tx = store
        .pool
        .begin()
        .await
        .map_err(|e| store.query_error("starting the restore transaction", e))?;
    let target = catalog(store, &mut tx).await?;
    let plans = plan_restore(store, &header, &target)?;
    for table in &target {
        let has_rows = sqlx::query(&format!("SELECT 1 FROM {} LIMIT 1", quote(&table.name)))
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| store.query_error(format!("checking table {} is empty", table.name), e))?
            .is_some();
        if !has_rows {
            continue;
        }
        let archived = header.tables.iter().any(|t| t.name == table.name);
        if !SEEDED_TABLES.contains(&table.name.as_str()) {
            return Err(BackupError::TargetNotEmpty {
                url: store.url.clone(),
                table: table.name.clone(),
            });
        }
        if archived {
            sqlx::query(&format!("DELETE FROM {}", quote(&table.name)))
                .execute(&mut *tx)
                .await
                .map_err(|e| store.query_error(format!("clearing table {}", table.name), e))?;
        }
    }

    let mut summaries = Vec::with_capacity(plans.len());
    let mut total_rows = 0;
    for plan in &plans {
        let summary = restore_table(store, &mut tx, &mut archive, plan).await?;
        total_rows += summary.rows;
        summaries.push(summary);
    }
    match archive.json::<Control>("the end of the backup")? {
        Control::End { tables, rows } if tables == summaries.len() && rows == total_rows => {}
        Control::End { tables, rows } => {
            return Err(BackupError::Damaged(format!(
                "it ends claiming {tables} tables and {rows} rows, but holds {} and {total_rows}",
                summaries.len()
            )))
        }
        other => {
            return Err(BackupError::Damaged(format!(
                "expected the end of the backup, found {other:?}"
            )))
        }
    }
    // Reading on to the end makes age check the stream's final chunk.
    if let Some(extra) = archive.next_line()? {
        return Err(BackupError::Damaged(format!(
            "unexpected data after the end: {:?}",
            extra.chars().take(80).collect::<String>()
        )));
    }

    // The rows as the target stored them must hash as the archive's did.
    for (plan, summary) in plans.iter().zip(&summaries) {
        let columns: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
        let stored = digest_table(store, &mut tx, &plan.target, &columns).await?;
        if stored.rows != summary.rows || stored.sha256 != summary.sha256 {
            return Err(BackupError::Damaged(format!(
                "table {} reads back differently from {} after restoring \
                 ({} rows, sha256 {}; the backup has {} rows, sha256 {})",
                plan.target.name,
                store.url,
                stored.rows,
                stored.sha256,
                summary.rows,
                summary.sha256
            )));
        }
    }
    if store.backend == Backend::Postgres {
        reset_sequences(store, &mut tx).await?;
    }
    tx.commit()
        .await
        .map_err(|e| store.query_error("committing the restore", e))?;
    let bytes = bytes_read.load(Ordering::Relaxed);
    Ok(RestoreSummary {
        schema_version: header.schema_version,
        source_backend: header.source_backend,
        created_at: header.created_at,
        tables: summaries,
        rows: total_rows,
        bytes,
    })
}

// ---- the archive ----------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    schema_version: i64,
    created_at: String,
    source_backend: String,
    kuager_version: String,
    tables: Vec<TableHeader>,
}

#[derive(Debug, Serialize, Deserialize)]
struct TableHeader {
    name: String,
    columns: Vec<ColumnHeader>,
    primary_key: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ColumnHeader {
    name: String,
    kind: ColumnKind,
}

impl TableHeader {
    fn of(table: &Table) -> TableHeader {
        TableHeader {
            name: table.name.clone(),
            columns: table
                .columns
                .iter()
                .map(|c| ColumnHeader {
                    name: c.name.clone(),
                    kind: c.kind.unwrap_or(ColumnKind::Text),
                })
                .collect(),
            primary_key: table.primary_key.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Control {
    Table {
        name: String,
    },
    EndTable {
        name: String,
        rows: u64,
        sha256: String,
    },
    End {
        tables: usize,
        rows: u64,
    },
}

fn json_line<W: Write>(out: &mut W, value: &impl Serialize) -> BackupResult<()> {
    serde_json::to_writer(&mut *out, value).map_err(|e| BackupError::Write(io::Error::other(e)))?;
    out.write_all(b"\n").map_err(BackupError::Write)
}

fn encryptor(key: &BackupKey) -> BackupResult<age::Encryptor> {
    let encryptor = match &key.0 {
        EncryptTo::Passphrase {
            passphrase,
            work_factor,
        } => {
            let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
            if let Some(log_n) = work_factor {
                recipient.set_work_factor(*log_n);
            }
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        }
        EncryptTo::X25519(recipient) => age::Encryptor::with_recipients(std::iter::once(
            recipient.as_ref() as &dyn age::Recipient,
        )),
    };
    encryptor.map_err(|e| BackupError::Encrypt(e.to_string()))
}

/// The decrypted plaintext, line by line.
struct Archive<R: BufRead> {
    reader: R,
    line: String,
    number: u64,
}

impl<R: BufRead> Archive<R> {
    /// The next line without its newline; None at the end of the stream.
    fn next_line(&mut self) -> BackupResult<Option<&str>> {
        self.line.clear();
        let n = self.reader.read_line(&mut self.line).map_err(|e| {
            if e.kind() == io::ErrorKind::InvalidData && e.to_string().contains("UTF-8") {
                BackupError::Damaged(format!("line {} is not UTF-8", self.number + 1))
            } else {
                // age reports a cut-off or altered stream as an I/O error.
                BackupError::Damaged(format!(
                    "decryption stopped after line {}: {e}",
                    self.number
                ))
            }
        })?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        if !self.line.ends_with('\n') {
            return Err(BackupError::Damaged(format!(
                "line {} is cut off",
                self.number
            )));
        }
        Ok(Some(self.line.trim_end_matches('\n')))
    }

    /// The next line, which must be present and be `what` as JSON.
    fn json<T: for<'de> Deserialize<'de>>(&mut self, what: &str) -> BackupResult<T> {
        let number = self.number + 1;
        let line = self.next_line()?.ok_or_else(|| {
            BackupError::Damaged(format!("it ends at line {} before {what}", number - 1))
        })?;
        serde_json::from_str(line)
            .map_err(|e| BackupError::Damaged(format!("line {number}, {what}: {e}")))
    }
}

struct CountingWriter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

struct CountingReader<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

// ---- values ---------------------------------------------------------------

/// One stored value, as both backends have it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// Rough size in memory, for batching.
    fn weight(&self) -> usize {
        match self {
            Value::Text(s) => s.len() + 16,
            Value::Bytes(b) => b.len() + 16,
            _ => 16,
        }
    }
}

fn decode_row(
    store: &Store,
    table: &str,
    columns: &[&str],
    row: &AnyRow,
) -> BackupResult<Vec<Value>> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        let bad = |e: sqlx::Error| {
            BackupError::Store(store.corrupt(format!("table {table}, column {column}: {e}")))
        };
        let raw = row.try_get_raw(i).map_err(bad)?;
        if raw.is_null() {
            values.push(Value::Null);
            continue;
        }
        use sqlx::any::AnyTypeInfoKind as K;
        let kind = raw.type_info().kind();
        values.push(match kind {
            K::SmallInt | K::Integer | K::BigInt => Value::Int(row.try_get(i).map_err(bad)?),
            K::Real | K::Double => Value::Real(row.try_get(i).map_err(bad)?),
            K::Text => Value::Text(row.try_get(i).map_err(bad)?),
            K::Blob => Value::Bytes(row.try_get(i).map_err(bad)?),
            K::Null => Value::Null,
            K::Bool => {
                return Err(BackupError::Unsupported {
                    url: store.url.clone(),
                    detail: format!(
                        "table {table}, column {column} holds a boolean, which a backup \
                         cannot carry (the schema stores flags as BIGINT 0/1)"
                    ),
                })
            }
        });
    }
    Ok(values)
}

/// A row as its archive line: a JSON array and a newline.
fn encode_row(values: &[Value], out: &mut Vec<u8>) -> BackupResult<()> {
    let to_io = |e: serde_json::Error| BackupError::Write(io::Error::other(e));
    out.push(b'[');
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match value {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::Real(r) => {
                out.extend_from_slice(b"{\"real\":\"");
                out.extend_from_slice(format!("{r:?}").as_bytes());
                out.extend_from_slice(b"\"}");
            }
            Value::Text(s) => serde_json::to_writer(&mut *out, s).map_err(to_io)?,
            Value::Bytes(b) => {
                out.extend_from_slice(b"{\"base64\":\"");
                out.extend_from_slice(
                    base64::engine::general_purpose::STANDARD
                        .encode(b)
                        .as_bytes(),
                );
                out.extend_from_slice(b"\"}");
            }
        }
    }
    out.extend_from_slice(b"]\n");
    Ok(())
}

/// A row from its archive line (without the newline).
fn parse_row(line: &str, columns: usize) -> std::result::Result<Vec<Value>, String> {
    let cells: Vec<serde_json::Value> =
        serde_json::from_str(line).map_err(|e| format!("not a row: {e}"))?;
    if cells.len() != columns {
        return Err(format!("{} values for {columns} columns", cells.len()));
    }
    cells
        .into_iter()
        .map(|cell| match cell {
            serde_json::Value::Null => Ok(Value::Null),
            serde_json::Value::String(s) => Ok(Value::Text(s)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Value::Int)
                .ok_or_else(|| format!("{n} is not a 64-bit integer")),
            serde_json::Value::Object(map) if map.len() == 1 => match map.into_iter().next() {
                Some((k, serde_json::Value::String(s))) if k == "real" => s
                    .parse::<f64>()
                    .map(Value::Real)
                    .map_err(|e| format!("real {s:?}: {e}")),
                Some((k, serde_json::Value::String(s))) if k == "base64" => {
                    base64::engine::general_purpose::STANDARD
                        .decode(s.as_bytes())
                        .map(Value::Bytes)
                        .map_err(|e| format!("base64: {e}"))
                }
                other => Err(format!("unknown value {other:?}")),
            },
            other => Err(format!("unknown value {other}")),
        })
        .collect()
}

/// SHA-256 over a table's canonical form (see [`table_digests`]).
struct TableDigest {
    hasher: Sha256,
    rows: u64,
    buf: Vec<u8>,
}

struct DigestDone {
    rows: u64,
    sha256: String,
}

impl TableDigest {
    fn new(table: &str, columns: &[&str]) -> TableDigest {
        let mut digest = TableDigest {
            hasher: Sha256::new(),
            rows: 0,
            buf: Vec::new(),
        };
        digest.hasher.update(b"kuager-table v1\n");
        let mut head = vec![Value::Text(table.to_string())];
        head.extend(columns.iter().map(|c| Value::Text(c.to_string())));
        digest.add_values(&head);
        digest
    }

    fn add(&mut self, values: &[Value]) {
        self.rows += 1;
        self.add_values(values);
    }

    fn add_values(&mut self, values: &[Value]) {
        use std::fmt::Write as _;
        let mut text = String::new();
        self.buf.clear();
        for value in values {
            text.clear();
            match value {
                Value::Null => self.buf.extend_from_slice(b"N;"),
                Value::Int(n) => {
                    let _ = write!(text, "I{n};");
                    self.buf.extend_from_slice(text.as_bytes());
                }
                Value::Real(r) => {
                    // SQLite keeps no negative zero (it stores 0.0 as the
                    // integer 0): -0.0 counts as 0.0, as SQL compares it.
                    let r = if *r == 0.0 { 0.0f64 } else { *r };
                    let _ = write!(text, "R{:016x};", r.to_bits());
                    self.buf.extend_from_slice(text.as_bytes());
                }
                Value::Text(s) => {
                    let _ = write!(text, "T{}:", s.len());
                    self.buf.extend_from_slice(text.as_bytes());
                    self.buf.extend_from_slice(s.as_bytes());
                    self.buf.push(b';');
                }
                Value::Bytes(b) => {
                    let _ = write!(text, "B{}:", b.len());
                    self.buf.extend_from_slice(text.as_bytes());
                    self.buf.extend_from_slice(hex::encode(b).as_bytes());
                    self.buf.push(b';');
                }
            }
        }
        self.buf.push(b'\n');
        self.hasher.update(&self.buf);
    }

    fn finish(self) -> DigestDone {
        DigestDone {
            rows: self.rows,
            sha256: hex::encode(self.hasher.finalize()),
        }
    }
}

// ---- the catalog ----------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ColumnKind {
    Int,
    Real,
    Text,
    Bytes,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    /// The type as declared.
    declared: String,
    /// None: a type backups do not carry.
    kind: Option<ColumnKind>,
    nullable: bool,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    /// Foreign keys: (referenced table, referencing columns).
    references: Vec<(String, Vec<String>)>,
}

/// A read transaction over one snapshot of the database.
async fn read_snapshot(store: &Store) -> BackupResult<sqlx::Transaction<'static, sqlx::Any>> {
    let mut tx = store
        .pool
        .begin()
        .await
        .map_err(|e| store.query_error("starting a read transaction", e))?;
    if store.backend == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(|e| store.query_error("starting a snapshot", e))?;
    }
    // SQLite: a deferred transaction reads one snapshot from its first read.
    Ok(tx)
}

async fn schema_version(store: &Store, conn: &mut AnyConnection) -> BackupResult<i64> {
    let version: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT MAX(version) FROM {MIGRATIONS_TABLE} WHERE success"
    ))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| store.query_error("reading the schema version", e))?;
    Ok(version.unwrap_or(0))
}

/// Every application table, referenced tables before referencing ones
/// (ties by name).
async fn catalog(store: &Store, conn: &mut AnyConnection) -> BackupResult<Vec<Table>> {
    let q = |context: &'static str| move |e| store.query_error(context, e);
    let names: Vec<String> = match store.backend {
        Backend::Sqlite => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $1",
        ),
        Backend::Postgres => sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> $1",
        ),
    }
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut *conn)
    .await
    .map_err(q("listing tables"))?;

    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let table = match store.backend {
            Backend::Sqlite => sqlite_table(store, conn, name).await?,
            Backend::Postgres => postgres_table(store, conn, name).await?,
        };
        tables.push(table);
    }
    order_by_references(store, tables)
}

async fn sqlite_table(
    store: &Store,
    conn: &mut AnyConnection,
    name: String,
) -> BackupResult<Table> {
    let context = |what: &str| format!("reading the {what} of table {name}");
    let rows =
        sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| store.query_error(context("columns"), e))?;
    let mut columns = Vec::with_capacity(rows.len());
    let mut key: Vec<(i64, String)> = Vec::new();
    for row in &rows {
        let column: String = store.get(row, 0)?;
        let declared: String = store.get(row, 1)?;
        let not_null: i64 = store.get(row, 2)?;
        let pk: i64 = store.get(row, 3)?;
        if pk > 0 {
            key.push((pk, column.clone()));
        }
        columns.push(Column {
            kind: sqlite_kind(&declared),
            declared,
            nullable: not_null == 0 && pk == 0,
            name: column,
        });
    }
    key.sort();
    let rows = sqlx::query(
        "SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list($1) ORDER BY id, seq",
    )
    .bind(&name)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| store.query_error(context("foreign keys"), e))?;
    let mut references: Vec<(i64, String, Vec<String>)> = Vec::new();
    for row in &rows {
        let id: i64 = store.get(row, 0)?;
        let table: String = store.get(row, 1)?;
        let from: String = store.get(row, 2)?;
        match references.last_mut() {
            Some((last, _, cols)) if *last == id => cols.push(from),
            _ => references.push((id, table, vec![from])),
        }
    }
    Ok(Table {
        name,
        columns,
        primary_key: key.into_iter().map(|(_, c)| c).collect(),
        references: references.into_iter().map(|(_, t, c)| (t, c)).collect(),
    })
}

/// SQLite's type affinity rules (datatype3.html, 3.1), as far as a backup
/// needs them.
fn sqlite_kind(declared: &str) -> Option<ColumnKind> {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Some(ColumnKind::Int)
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Some(ColumnKind::Text)
    } else if t.contains("BLOB") || t.is_empty() {
        Some(ColumnKind::Bytes)
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Some(ColumnKind::Real)
    } else {
        None
    }
}

async fn postgres_table(
    store: &Store,
    conn: &mut AnyConnection,
    name: String,
) -> BackupResult<Table> {
    let context = |what: &str| format!("reading the {what} of table {name}");
    let rows = sqlx::query(
        "SELECT column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 \
         ORDER BY ordinal_position",
    )
    .bind(&name)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| store.query_error(context("columns"), e))?;
    let mut columns = Vec::with_capacity(rows.len());
    for row in &rows {
        let declared: String = store.get(row, 1)?;
        let nullable: String = store.get(row, 2)?;
        columns.push(Column {
            name: store.get(row, 0)?,
            kind: match declared.as_str() {
                "bigint" | "integer" | "smallint" => Some(ColumnKind::Int),
                "double precision" | "real" => Some(ColumnKind::Real),
                "text" | "character varying" | "character" => Some(ColumnKind::Text),
                "bytea" => Some(ColumnKind::Bytes),
                _ => None,
            },
            declared,
            nullable: nullable == "YES",
        });
    }
    let primary_key: Vec<String> = sqlx::query_scalar(
        "SELECT a.attname::text FROM pg_index i \
         JOIN pg_class c ON c.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
         WHERE i.indisprimary AND n.nspname = current_schema() AND c.relname = $1 \
         ORDER BY k.position",
    )
    .bind(&name)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| store.query_error(context("primary key"), e))?;
    let rows = sqlx::query(
        "SELECT con.conname::text, r.relname::text, a.attname::text FROM pg_constraint con \
         JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_class r ON r.oid = con.confrelid \
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
         WHERE con.contype = 'f' AND n.nspname = current_schema() AND c.relname = $1 \
         ORDER BY con.conname, k.position",
    )
    .bind(&name)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| store.query_error(context("foreign keys"), e))?;
    let mut references: Vec<(String, String, Vec<String>)> = Vec::new();
    for row in &rows {
        let constraint: String = store.get(row, 0)?;
        let table: String = store.get(row, 1)?;
        let column: String = store.get(row, 2)?;
        match references.last_mut() {
            Some((last, _, cols)) if *last == constraint => cols.push(column),
            _ => references.push((constraint, table, vec![column])),
        }
    }
    Ok(Table {
        name,
        columns,
        primary_key,
        references: references.into_iter().map(|(_, t, c)| (t, c)).collect(),
    })
}

/// Kahn's algorithm, the smallest name first among the ready tables.
/// References to oneself are left to the restore (see [`self_references`]);
/// references to tables outside the backup are ignored.
fn order_by_references(store: &Store, tables: Vec<Table>) -> BackupResult<Vec<Table>> {
    let names: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    let mut waiting_on: HashMap<String, BTreeSet<String>> = HashMap::new();
    for table in &tables {
        let deps = table
            .references
            .iter()
            .map(|(t, _)| t.clone())
            .filter(|t| *t != table.name && names.contains(t))
            .collect();
        waiting_on.insert(table.name.clone(), deps);
    }
    let mut by_name: BTreeMap<String, Table> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut ordered = Vec::with_capacity(by_name.len());
    while !by_name.is_empty() {
        let ready = by_name
            .keys()
            .find(|name| waiting_on.get(*name).is_none_or(BTreeSet::is_empty))
            .cloned();
        let Some(name) = ready else {
            return Err(BackupError::Unsupported {
                url: store.url.clone(),
                detail: format!(
                    "the foreign keys of tables {} form a cycle, so there is no order to \
                     copy them in",
                    by_name.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        };
        for deps in waiting_on.values_mut() {
            deps.remove(&name);
        }
        if let Some(table) = by_name.remove(&name) {
            ordered.push(table);
        }
    }
    Ok(ordered)
}

/// Double-quoted identifier (both backends).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `SELECT columns FROM table ORDER BY key`, ordering text by code point and
/// NULL first on both backends so that rows come in the same order.
fn select_sql(backend: Backend, table: &Table, columns: &[&str]) -> String {
    let key: Vec<&str> = if table.primary_key.is_empty() {
        table.columns.iter().map(|c| c.name.as_str()).collect()
    } else {
        table.primary_key.iter().map(String::as_str).collect()
    };
    let order: Vec<String> = key
        .iter()
        .map(|name| {
            let text = table
                .columns
                .iter()
                .any(|c| c.name == *name && c.kind == Some(ColumnKind::Text));
            match (backend, text) {
                (Backend::Sqlite, true) => format!("{} COLLATE BINARY", quote(name)),
                (Backend::Sqlite, false) => quote(name),
                (Backend::Postgres, true) => format!("{} COLLATE \"C\" NULLS FIRST", quote(name)),
                (Backend::Postgres, false) => format!("{} NULLS FIRST", quote(name)),
            }
        })
        .collect();
    let list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let mut sql = format!("SELECT {} FROM {}", list.join(", "), quote(&table.name));
    if !order.is_empty() {
        sql.push_str(" ORDER BY ");
        sql.push_str(&order.join(", "));
    }
    sql
}

async fn digest_table(
    store: &Store,
    conn: &mut AnyConnection,
    table: &Table,
    columns: &[&str],
) -> BackupResult<DigestDone> {
    let mut digest = TableDigest::new(&table.name, columns);
    let sql = select_sql(store.backend, table, columns);
    let mut rows = sqlx::query(&sql).fetch(&mut *conn);
    while let Some(row) = rows
        .try_next()
        .await
        .map_err(|e| store.query_error(format!("reading table {}", table.name), e))?
    {
        digest.add(&decode_row(store, &table.name, columns, &row)?);
    }
    Ok(digest.finish())
}

// ---- restoring --------------------------------------------------------------

/// How one archived table goes into the target.
struct TablePlan {
    /// The target's table.
    target: Table,
    /// The archive's columns, in archive order, as the target has them.
    columns: Vec<Column>,
    /// Positions (in `columns`) of nullable columns referencing this same
    /// table: inserted as NULL, then set once all rows are in, so that a
    /// row may refer to one that comes after it.
    deferred: Vec<usize>,
    /// Positions of the primary key, to set the deferred columns by.
    key: Vec<usize>,
}

fn plan_restore(store: &Store, header: &Header, target: &[Table]) -> BackupResult<Vec<TablePlan>> {
    let mismatch = |detail: String| BackupError::SchemaMismatch {
        url: store.url.clone(),
        detail,
    };
    let mut plans = Vec::with_capacity(header.tables.len());
    for archived in &header.tables {
        let table = target
            .iter()
            .find(|t| t.name == archived.name)
            .ok_or_else(|| {
                mismatch(format!(
                    "the backup has table {}, which this database does not have \
                     (was the backup made by a newer kuager?)",
                    archived.name
                ))
            })?;
        let mut columns = Vec::with_capacity(archived.columns.len());
        for column in &archived.columns {
            let found = table
                .columns
                .iter()
                .find(|c| c.name == column.name)
                .ok_or_else(|| {
                    mismatch(format!(
                        "the backup has column {}.{}, which this database does not have",
                        archived.name, column.name
                    ))
                })?;
            columns.push(found.clone());
        }
        let position = |name: &str| columns.iter().position(|c| c.name == name);
        let key: Option<Vec<usize>> = table.primary_key.iter().map(|k| position(k)).collect();
        let (deferred, key) = match key {
            Some(key) if !key.is_empty() => {
                let mut deferred: Vec<usize> = table
                    .references
                    .iter()
                    .filter(|(to, _)| *to == table.name)
                    .flat_map(|(_, from)| from.iter())
                    .filter_map(|name| position(name))
                    .filter(|&i| columns[i].nullable && !key.contains(&i))
                    .collect();
                deferred.sort_unstable();
                deferred.dedup();
                (deferred, key)
            }
            _ => (Vec::new(), Vec::new()),
        };
        plans.push(TablePlan {
            target: table.clone(),
            columns,
            deferred,
            key,
        });
    }
    Ok(plans)
}

async fn restore_table<R: BufRead>(
    store: &Store,
    conn: &mut AnyConnection,
    archive: &mut Archive<R>,
    plan: &TablePlan,
) -> BackupResult<TableSummary> {
    let name = plan.target.name.as_str();
    match archive.json::<Control>(&format!("the start of table {name}"))? {
        Control::Table { name: found } if found == name => {}
        other => {
            return Err(BackupError::Damaged(format!(
                "expected the start of table {name}, found {other:?}"
            )))
        }
    }
    let column_names: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
    let mut digest = TableDigest::new(name, &column_names);
    let head = format!(
        "INSERT INTO {} ({})",
        quote(name),
        column_names
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let batch_rows = crate::write::rows_per_statement(store.backend, plan.columns.len());
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut batch_bytes = 0;
    // (key values, deferred values) of rows that refer to their own table.
    let mut pending: Vec<(Vec<Value>, Vec<Value>)> = Vec::new();
    let end = loop {
        let number = archive.number + 1;
        let line = archive
            .next_line()?
            .ok_or_else(|| BackupError::Damaged(format!("it ends inside table {name}")))?;
        if !line.starts_with('[') {
            break serde_json::from_str::<Control>(line)
                .map_err(|e| BackupError::Damaged(format!("line {number}: {e}")))?;
        }
        let mut values = parse_row(line, plan.columns.len())
            .map_err(|e| BackupError::Damaged(format!("line {number} (table {name}): {e}")))?;
        digest.add(&values);
        if plan.deferred.iter().any(|&i| values[i] != Value::Null) {
            let key = plan.key.iter().map(|&i| values[i].clone()).collect();
            let later = plan
                .deferred
                .iter()
                .map(|&i| std::mem::replace(&mut values[i], Value::Null))
                .collect();
            pending.push((key, later));
        }
        batch_bytes += values.iter().map(Value::weight).sum::<usize>();
        batch.push(values);
        if batch.len() >= batch_rows || batch_bytes >= FLUSH_BYTES {
            insert_batch(store, conn, plan, &head, std::mem::take(&mut batch)).await?;
            batch_bytes = 0;
        }
    };
    if !batch.is_empty() {
        insert_batch(store, conn, plan, &head, batch).await?;
    }
    let done = digest.finish();
    match end {
        Control::EndTable {
            name: found,
            rows,
            sha256,
        } if found == name => {
            if rows != done.rows || sha256 != done.sha256 {
                return Err(BackupError::Damaged(format!(
                    "table {name} holds {} rows with sha256 {}, but the backup recorded \
                     {rows} rows with sha256 {sha256}",
                    done.rows, done.sha256
                )));
            }
        }
        other => {
            return Err(BackupError::Damaged(format!(
                "expected the end of table {name}, found {other:?}"
            )))
        }
    }
    if !pending.is_empty() {
        let sets: Vec<String> = plan
            .deferred
            .iter()
            .enumerate()
            .map(|(n, &i)| format!("{} = {}", quote(&plan.columns[i].name), placeholder(n + 1)))
            .collect();
        let wheres: Vec<String> = plan
            .key
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                format!(
                    "{} = {}",
                    quote(&plan.columns[i].name),
                    placeholder(plan.deferred.len() + n + 1)
                )
            })
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE {}",
            quote(name),
            sets.join(", "),
            wheres.join(" AND ")
        );
        for (key, later) in pending {
            let mut query = sqlx::query(&sql);
            for (&i, value) in plan.deferred.iter().zip(later) {
                query = bind(query, value, plan.columns[i].kind);
            }
            for (&i, value) in plan.key.iter().zip(key) {
                query = bind(query, value, plan.columns[i].kind);
            }
            query.execute(&mut *conn).await.map_err(|e| {
                store.query_error(format!("restoring references within table {name}"), e)
            })?;
        }
    }
    Ok(TableSummary {
        name: name.to_string(),
        rows: done.rows,
        sha256: done.sha256,
    })
}

fn placeholder(n: usize) -> String {
    format!("${n}")
}

async fn insert_batch(
    store: &Store,
    conn: &mut AnyConnection,
    plan: &TablePlan,
    head: &str,
    rows: Vec<Vec<Value>>,
) -> BackupResult<()> {
    let sql = format!(
        "{head} VALUES {}",
        crate::write::tuples(store.backend, plan.columns.len(), rows.len())
    );
    let mut query = sqlx::query(&sql).persistent(false);
    for row in rows {
        for (value, column) in row.into_iter().zip(&plan.columns) {
            query = bind(query, value, column.kind);
        }
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| store.query_error(format!("restoring table {}", plan.target.name), e))?;
    Ok(())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a value; NULL is typed by the target column, as PostgreSQL wants.
fn bind(query: AnyQuery<'_>, value: Value, kind: Option<ColumnKind>) -> AnyQuery<'_> {
    match value {
        Value::Int(n) => query.bind(n),
        Value::Real(r) => query.bind(r),
        Value::Text(s) => query.bind(s),
        Value::Bytes(b) => query.bind(b),
        Value::Null => match kind {
            Some(ColumnKind::Int) => query.bind(None::<i64>),
            Some(ColumnKind::Real) => query.bind(None::<f64>),
            Some(ColumnKind::Bytes) => query.bind(None::<Vec<u8>>),
            Some(ColumnKind::Text) | None => query.bind(None::<String>),
        },
    }
}

/// Points every sequence behind a serial or identity column past the
/// restored values (the schema hands out ids itself and has none today).
async fn reset_sequences(store: &Store, conn: &mut AnyConnection) -> BackupResult<()> {
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() \
         AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| store.query_error("listing sequences", e))?;
    for row in &rows {
        let table: String = store.get(row, 0)?;
        let column: String = store.get(row, 1)?;
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), \
             COALESCE((SELECT MAX({c}) FROM {t}), 1), \
             (SELECT MAX({c}) FROM {t}) IS NOT NULL)",
            c = quote(&column),
            t = quote(&table),
        );
        sqlx::query(&sql)
            .bind(quote(&table))
            .bind(&column)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| {
                store.query_error(format!("resetting the sequence of {table}.{column}"), e)
            })?;
    }
    Ok(())
}

/// Replaces the archived vault row's wrapped key by the data key itself
/// (see the module documentation).
fn carry_data_key(store: &Store, columns: &[&str], values: &mut [Value]) {
    for (column, value) in columns.iter().zip(values.iter_mut()) {
        match *column {
            "kdf" => *value = Value::Text("none".to_string()),
            "wrapped_key" => *value = Value::Bytes(store.data_key_bytes().to_vec()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_survive_their_archive_line() {
        let values = vec![
            Value::Null,
            Value::Int(i64::MIN),
            Value::Int(42),
            Value::Real(0.1 + 0.2),
            Value::Real(-0.0),
            Value::Real(1e300),
            Value::Text("Қожахметов \"ä\"\n\u{0}".to_string()),
            Value::Bytes(vec![0, 255, 10, 13]),
            Value::Bytes(vec![]),
        ];
        let mut line = Vec::new();
        encode_row(&values, &mut line).unwrap();
        let text = std::str::from_utf8(&line).unwrap();
        assert!(text.ends_with('\n') && !text[..text.len() - 1].contains('\n'));
        let back = parse_row(text.trim_end(), values.len()).unwrap();
        assert_eq!(back.len(), values.len());
        for (a, b) in values.iter().zip(&back) {
            match (a, b) {
                (Value::Real(x), Value::Real(y)) => assert_eq!(x.to_bits(), y.to_bits()),
                _ => assert_eq!(a, b),
            }
        }
        assert!(parse_row("[1.5]", 1).is_err());
        assert!(parse_row("[1,2]", 1).is_err());
        assert!(parse_row("[{\"x\":\"1\"}]", 1).is_err());
    }

    #[test]
    fn digests_tell_values_apart() {
        let digest = |values: &[Value]| {
            let mut d = TableDigest::new("t", &["a", "b"]);
            d.add(values);
            d.finish().sha256
        };
        let pairs = [
            (
                vec![Value::Null, Value::Text(String::new())],
                vec![Value::Text(String::new()), Value::Null],
            ),
            (
                vec![Value::Int(1), Value::Null],
                vec![Value::Real(1.0), Value::Null],
            ),
            (
                vec![Value::Text("ab".into()), Value::Text("c".into())],
                vec![Value::Text("a".into()), Value::Text("bc".into())],
            ),
            (
                vec![Value::Text("61".into()), Value::Null],
                vec![Value::Bytes(vec![0x61]), Value::Null],
            ),
        ];
        for (a, b) in pairs {
            assert_ne!(digest(&a), digest(&b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn sqlite_affinity() {
        assert_eq!(sqlite_kind("BIGINT"), Some(ColumnKind::Int));
        assert_eq!(sqlite_kind("TEXT"), Some(ColumnKind::Text));
        assert_eq!(sqlite_kind("BLOB"), Some(ColumnKind::Bytes));
        assert_eq!(sqlite_kind("REAL"), Some(ColumnKind::Real));
        assert_eq!(sqlite_kind("DOUBLE PRECISION"), Some(ColumnKind::Real));
        assert_eq!(sqlite_kind("NUMERIC"), None);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
