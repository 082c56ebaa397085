//! The verifiable history: every change to the register appends an entry
//! to an RFC 6962 Merkle tree (crate `kuager-log`), in the same
//! transaction as the change, with a signed tree head after it.
//!
//! An entry names a record of the register (an *aggregate*: an event with
//! its participants, charges and sources; a document with its mentions; a
//! report with its attachments...) and carries the SHA-256 of the record's
//! canonical encoding as stored — sealed fields as ciphertext, so the log
//! holds no confidential plaintext. [`Store::verify_log`] recomputes the
//! tree and every record's digest, so a row edited, deleted or inserted
//! behind Kuager's back, and a log entry altered, removed or reordered, is
//! reported by table and entry.

pub(crate) mod canonical;

use crate::{Result, Store, StoreError};
pub(crate) use canonical::digest_encoded;
use canonical::{encode_row, KeyValue};
use futures_util::TryStreamExt;
use kuager_log::{Frontier, LogEntry, SignedTreeHead, TreeHead};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// The kind of a key column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Int,
    Text,
}

/// A table that belongs to an aggregate, with the columns that hold the
/// aggregate's key (in key order).
struct Part {
    table: &'static str,
    columns: &'static [&'static str],
}

/// A record of the register as the log sees it. Its name is the table
/// reported by `kuager log verify`.
pub(crate) struct Aggregate {
    pub name: &'static str,
    key: &'static [KeyKind],
    /// The first part is the root table: a key exists while it has a row.
    parts: &'static [Part],
}

impl Aggregate {
    /// The tables of the aggregate, in the order its digest takes them.
    pub(crate) fn tables(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.parts.iter().map(|p| p.table)
    }
}

const AGGREGATES: &[Aggregate] = &[
    Aggregate {
        name: "documents",
        key: &[KeyKind::Text],
        parts: &[
            Part {
                table: "documents",
                columns: &["sha256"],
            },
            Part {
                table: "person_mentions",
                columns: &["sha256"],
            },
            Part {
                table: "place_mentions",
                columns: &["sha256"],
            },
            Part {
                table: "date_mentions",
                columns: &["sha256"],
            },
            Part {
                table: "figure_mentions",
                columns: &["sha256"],
            },
        ],
    },
    // Who is who: one record for the whole resolution.
    Aggregate {
        name: "persons",
        key: &[],
        parts: &[
            Part {
                table: "persons",
                columns: &[],
            },
            Part {
                table: "person_members",
                columns: &[],
            },
        ],
    },
    Aggregate {
        name: "decisions",
        key: &[KeyKind::Int],
        parts: &[Part {
            table: "decisions",
            columns: &["seq"],
        }],
    },
    Aggregate {
        name: "reports",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "reports",
                columns: &["id"],
            },
            Part {
                table: "attachments",
                columns: &["report_id"],
            },
            Part {
                table: "report_links",
                columns: &["report_id"],
            },
            Part {
                table: "report_tokens",
                columns: &["report_id"],
            },
        ],
    },
    Aggregate {
        name: "events",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "events",
                columns: &["id"],
            },
            Part {
                table: "event_participants",
                columns: &["event_id"],
            },
            Part {
                table: "event_charges",
                columns: &["event_id"],
            },
            Part {
                table: "sources",
                columns: &["event_id"],
            },
            Part {
                table: "event_figures",
                columns: &["event_id"],
            },
        ],
    },
    Aggregate {
        name: "recognitions",
        key: &[KeyKind::Int],
        parts: &[Part {
            table: "recognitions",
            columns: &["id"],
        }],
    },
    // A hearing with its monitors; a monitoring report with its checklist
    // and attachments (sealed, so logged as ciphertext); an assembly
    // notification with the events that followed it.
    Aggregate {
        name: "hearings",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "hearings",
                columns: &["id"],
            },
            Part {
                table: "hearing_monitors",
                columns: &["hearing_id"],
            },
        ],
    },
    Aggregate {
        name: "monitoring_reports",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "monitoring_reports",
                columns: &["id"],
            },
            Part {
                table: "monitoring_answers",
                columns: &["report_id"],
            },
            Part {
                table: "monitoring_attachments",
                columns: &["report_id"],
            },
        ],
    },
    Aggregate {
        name: "assemblies",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "assemblies",
                columns: &["id"],
            },
            Part {
                table: "assembly_events",
                columns: &["assembly_id"],
            },
        ],
    },
    Aggregate {
        name: "person_consent",
        key: &[KeyKind::Text, KeyKind::Int],
        parts: &[Part {
            table: "person_consent",
            columns: &["mention_sha256", "mention_start"],
        }],
    },
    Aggregate {
        name: "lists",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "lists",
                columns: &["id"],
            },
            Part {
                table: "list_records",
                columns: &["list_id"],
            },
        ],
    },
    Aggregate {
        name: "link_decisions",
        key: &[KeyKind::Int],
        parts: &[Part {
            table: "link_decisions",
            columns: &["seq"],
        }],
    },
    // A staged list with its rows (sealed, so logged as ciphertext).
    Aggregate {
        name: "staging",
        key: &[KeyKind::Int],
        parts: &[
            Part {
                table: "staging_imports",
                columns: &["id"],
            },
            Part {
                table: "staging_rows",
                columns: &["import_id"],
            },
        ],
    },
    // The latest linkage as one record, like the resolution.
    Aggregate {
        name: "linkage",
        key: &[],
        parts: &[
            Part {
                table: "link_runs",
                columns: &[],
            },
            Part {
                table: "link_clusters",
                columns: &[],
            },
            Part {
                table: "link_review",
                columns: &[],
            },
        ],
    },
];

/// The aggregate an audited entity belongs to, if the log covers it
/// (accounts and sessions are not part of the register).
pub(crate) fn aggregate_of_entity(entity: &str) -> Option<&'static Aggregate> {
    let name = match entity {
        "report" => "reports",
        "event" => "events",
        "recognition" => "recognitions",
        "consent" => "person_consent",
        "document" => "documents",
        "decision" => "decisions",
        "resolution" => "persons",
        "list" => "lists",
        "link-decision" => "link_decisions",
        "linkage" => "linkage",
        "hearing" => "hearings",
        "monitoring-report" => "monitoring_reports",
        "assembly" => "assemblies",
        "staging-import" => "staging",
        _ => return None,
    };
    aggregate(name)
}

pub(crate) fn aggregate(name: &str) -> Option<&'static Aggregate> {
    AGGREGATES.iter().find(|a| a.name == name)
}

/// One problem `kuager log verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogProblem {
    /// The table (aggregate) concerned, or "log_entries" / "tree_heads".
    pub table: String,
    /// The record's key, or the log entry's number.
    pub entry: String,
    pub problem: String,
}

/// What [`Store::verify_log`] checked.
#[derive(Debug, Clone, Serialize)]
pub struct LogReport {
    pub entries: u64,
    pub records: u64,
    pub tree_heads: u64,
    pub root: String,
    pub public_key: String,
    pub problems: Vec<LogProblem>,
}

impl LogReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn parse_key(aggregate: &Aggregate, key: &str) -> Option<Vec<KeyValue>> {
    if aggregate.key.is_empty() {
        return Some(Vec::new());
    }
    let pieces: Vec<&str> = if aggregate.key.len() == 1 {
        vec![key]
    } else {
        // Composite keys are "text:int"; the text part may hold ':' itself.
        let (text, int) = key.rsplit_once(':')?;
        vec![text, int]
    };
    if pieces.len() != aggregate.key.len() {
        return None;
    }
    aggregate
        .key
        .iter()
        .zip(pieces)
        .map(|(kind, piece)| match kind {
            KeyKind::Int => piece.parse().ok().map(KeyValue::Int),
            KeyKind::Text => Some(KeyValue::Text(piece.to_string())),
        })
        .collect()
}

/// The key of the aggregate's record a row belongs to, from the part's key
/// columns.
fn row_key(
    aggregate: &Aggregate,
    part: &Part,
    row: &AnyRow,
) -> std::result::Result<String, sqlx::Error> {
    if part.columns.is_empty() {
        return Ok("current".to_string());
    }
    let mut out = Vec::new();
    for (column, kind) in part.columns.iter().zip(aggregate.key) {
        match kind {
            KeyKind::Int => out.push(row.try_get::<i64, _>(*column)?.to_string()),
            KeyKind::Text => out.push(row.try_get::<String, _>(*column)?),
        }
    }
    Ok(out.join(":"))
}

impl Store {
    /// The digest of one record as stored now, read in `conn` (None when the
    /// root row is gone).
    async fn record_digest(
        &self,
        conn: &mut AnyConnection,
        aggregate: &Aggregate,
        key: &str,
    ) -> Result<Option<String>> {
        let values = parse_key(aggregate, key).ok_or_else(|| StoreError::Invalid {
            what: format!("log entry for {} {key}", aggregate.name),
            detail: "the key does not have the record's form".to_string(),
        })?;
        let mut tables = Vec::with_capacity(aggregate.parts.len());
        for part in aggregate.parts {
            let mut sql = format!("SELECT * FROM {}", part.table);
            for (i, column) in part.columns.iter().enumerate() {
                sql.push_str(if i == 0 { " WHERE " } else { " AND " });
                sql.push_str(&format!("{column} = ${}", i + 1));
            }
            let mut query = sqlx::query(&sql);
            for value in &values {
                query = match value {
                    KeyValue::Int(v) => query.bind(*v),
                    KeyValue::Text(v) => query.bind(v.clone()),
                };
            }
            let mut rows = query.fetch(&mut *conn);
            let mut encoded = Vec::new();
            while let Some(row) = rows.try_next().await.map_err(|e| {
                self.query_error(format!("reading {} {key} for the log", part.table), e)
            })? {
                encoded.push(encode_row(&row).map_err(|detail| {
                    self.corrupt(format!("{} {key}: {detail}", aggregate.name))
                })?);
            }
            tables.push((part.table, encoded));
        }
        if tables.first().is_none_or(|(_, rows)| rows.is_empty()) && !aggregate.key.is_empty() {
            return Ok(None);
        }
        Ok(Some(digest_encoded(tables)))
    }

    /// Appends an entry for record `key` of `aggregate` as it stands in
    /// `conn` (the transaction of the change), and signs the new tree head.
    pub(crate) async fn log_change(
        &self,
        conn: &mut AnyConnection,
        aggregate: &Aggregate,
        key: &str,
        action: &str,
        at: &str,
    ) -> Result<()> {
        self.log_change_with_digest(conn, aggregate, key, action, None, at)
            .await
    }

    /// [`Store::log_change`], with the record's digest when the writer
    /// computed it from the rows it stored ([`canonical::encode_cells`])
    /// instead of reading them back. [`Store::verify_log`] recomputes it
    /// from the stored rows like any other.
    pub(crate) async fn log_change_with_digest(
        &self,
        conn: &mut AnyConnection,
        aggregate: &Aggregate,
        key: &str,
        action: &str,
        digest: Option<&str>,
        at: &str,
    ) -> Result<()> {
        let digest = match digest {
            Some(digest) => digest.to_string(),
            None => self
                .record_digest(conn, aggregate, key)
                .await?
                .unwrap_or_else(|| canonical::ABSENT.to_string()),
        };
        self.append_entry(conn, aggregate.name, key, action, &digest, at)
            .await
    }

    async fn append_entry(
        &self,
        conn: &mut AnyConnection,
        table: &str,
        key: &str,
        action: &str,
        digest: &str,
        at: &str,
    ) -> Result<()> {
        // Writing first takes the row lock (PostgreSQL) / the write lock
        // (SQLite) before reading, so appends are serialised.
        let locked = sqlx::query("UPDATE log_state SET size = size WHERE id = 1")
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error("locking the log", e))?;
        if locked.rows_affected() == 0 {
            return Err(self.corrupt("the log's state row is missing"));
        }
        let row = sqlx::query("SELECT size, frontier FROM log_state WHERE id = 1")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading the log state", e))?;
        let size: i64 = self.get(&row, 0)?;
        let bytes: Vec<u8> = self.get(&row, 1)?;
        let mut frontier = Frontier::from_bytes(&bytes)
            .map_err(|e| self.corrupt(format!("the log's frontier: {e}")))?;
        if frontier.size() != size as u64 {
            return Err(self.corrupt("the log's frontier does not match its size"));
        }
        let entry = LogEntry {
            seq: size as u64,
            at: at.to_string(),
            table: table.to_string(),
            key: key.to_string(),
            action: action.to_string(),
            digest: digest.to_string(),
        };
        let leaf = entry.leaf_hash();
        frontier.push(leaf);
        let root = hex::encode(frontier.root());
        sqlx::query(
            "INSERT INTO log_entries (seq, at, table_name, entry_key, action, digest, leaf_hash, root_after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(size)
        .bind(at)
        .bind(table)
        .bind(key)
        .bind(action)
        .bind(digest)
        .bind(hex::encode(leaf))
        .bind(root.as_str())
        .execute(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("appending log entry {size}"), e))?;
        sqlx::query("UPDATE log_state SET size = $1, frontier = $2 WHERE id = 1")
            .bind(size + 1)
            .bind(frontier.to_bytes())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error("updating the log state", e))?;
        let head = kuager_log::sign_head(
            TreeHead {
                size: size as u64 + 1,
                root,
                timestamp: at.to_string(),
            },
            self.signing_key(),
        );
        sqlx::query(
            "INSERT INTO tree_heads (size, root, signed_at, signature) VALUES ($1, $2, $3, $4)",
        )
        .bind(size + 1)
        .bind(head.head.root.as_str())
        .bind(head.head.timestamp.as_str())
        .bind(head.signature.as_str())
        .execute(&mut *conn)
        .await
        .map_err(|e| self.query_error("storing the signed tree head", e))?;
        Ok(())
    }

    /// After migration 0004: starts the log (one "baseline" entry per record
    /// already stored) and seals report fields and attachments stored in
    /// plain by earlier versions. One transaction; nothing happens when the
    /// log has already started.
    pub(crate) async fn upgrade_protection(&self) -> Result<()> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| self.query_error("starting a transaction", e))?;
        let started = sqlx::query("SELECT 1 FROM log_state WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.query_error("reading the log state", e))?;
        if started.is_some() {
            return Ok(());
        }
        sqlx::query("INSERT INTO log_state (id, size, frontier) VALUES (1, 0, $1)")
            .bind(Frontier::new().to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.query_error("starting the log", e))?;
        self.seal_legacy_rows(&mut tx).await?;
        let now = crate::time::now_utc();
        for aggregate in AGGREGATES {
            let digests = self.all_digests(&mut tx, aggregate).await?;
            for key in digests.keys() {
                self.log_change(&mut tx, aggregate, key, "baseline", &now)
                    .await?;
            }
        }
        tx.commit()
            .await
            .map_err(|e| self.query_error("committing the log's start", e))?;
        if self.backend == crate::Backend::Sqlite {
            // Plain text sealed just now must leave the journal too.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
                .map_err(|e| self.query_error("checkpointing after sealing", e))?;
        }
        Ok(())
    }

    /// The digest of every record of an aggregate, read table by table.
    async fn all_digests(
        &self,
        conn: &mut AnyConnection,
        aggregate: &Aggregate,
    ) -> Result<BTreeMap<String, String>> {
        let mut grouped: BTreeMap<String, Vec<Vec<Vec<u8>>>> = BTreeMap::new();
        for (index, part) in aggregate.parts.iter().enumerate() {
            // Streamed: the linkage alone is millions of rows, and only
            // their encoded bytes need to stay.
            let sql = format!("SELECT * FROM {}", part.table);
            let mut rows = sqlx::query(&sql).fetch(&mut *conn);
            while let Some(row) = rows
                .try_next()
                .await
                .map_err(|e| self.query_error(format!("reading {} for the log", part.table), e))?
            {
                let key = row_key(aggregate, part, &row)
                    .map_err(|e| self.query_error(format!("reading {} keys", part.table), e))?;
                if index > 0 && !grouped.contains_key(&key) {
                    // A child row without its root: the record's digest
                    // would differ anyway; keep it so it is reported.
                    grouped.insert(key.clone(), vec![Vec::new(); aggregate.parts.len()]);
                }
                let encoded = encode_row(&row).map_err(|detail| {
                    self.corrupt(format!("{} {key}: {detail}", aggregate.name))
                })?;
                grouped
                    .entry(key)
                    .or_insert_with(|| vec![Vec::new(); aggregate.parts.len()])[index]
                    .push(encoded);
            }
        }
        if aggregate.key.is_empty() && grouped.is_empty() {
            grouped.insert(
                "current".to_string(),
                vec![Vec::new(); aggregate.parts.len()],
            );
        }
        let mut out = BTreeMap::new();
        for (key, rows) in grouped {
            if !aggregate.key.is_empty() && rows[0].is_empty() {
                out.insert(key, canonical::ORPHANED.to_string());
                continue;
            }
            let tables: Vec<(&str, Vec<Vec<u8>>)> =
                aggregate.parts.iter().map(|p| p.table).zip(rows).collect();
            out.insert(key, digest_encoded(tables));
        }
        Ok(out)
    }

    /// Recomputes the log and checks every record against it.
    pub async fn verify_log(&self) -> Result<LogReport> {
        let mut conn = self.reader().await?;
        let public_key = self.signing_key().verifying_key();
        let mut problems = Vec::new();
        let problem = |table: &str, entry: String, text: String| LogProblem {
            table: table.to_string(),
            entry,
            problem: text,
        };

        // 1. The tree itself.
        let rows = sqlx::query(
            "SELECT seq, at, table_name, entry_key, action, digest, leaf_hash, root_after \
             FROM log_entries ORDER BY seq",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading the log", e))?;
        let mut frontier = Frontier::new();
        let mut roots: Vec<String> = Vec::with_capacity(rows.len());
        let mut latest: HashMap<(String, String), (u64, String, String)> = HashMap::new();
        let mut tree_broken = false;
        for row in &rows {
            let seq: i64 = self.get(row, 0)?;
            let entry = LogEntry {
                seq: seq as u64,
                at: self.get(row, 1)?,
                table: self.get(row, 2)?,
                key: self.get(row, 3)?,
                action: self.get(row, 4)?,
                digest: self.get(row, 5)?,
            };
            let leaf_hash: String = self.get(row, 6)?;
            let root_after: String = self.get(row, 7)?;
            let name = format!("#{seq} ({} {})", entry.table, entry.key);
            if seq as u64 != frontier.size() && !tree_broken {
                problems.push(problem(
                    "log_entries",
                    name.clone(),
                    format!(
                        "expected entry #{} here: entries were deleted or renumbered",
                        frontier.size()
                    ),
                ));
                tree_broken = true;
            }
            let leaf = entry.leaf_hash();
            if hex::encode(leaf) != leaf_hash && !tree_broken {
                problems.push(problem(
                    "log_entries",
                    name.clone(),
                    "the entry does not match its leaf hash: it was edited".to_string(),
                ));
                tree_broken = true;
            }
            frontier.push(leaf);
            let root = hex::encode(frontier.root());
            if root != root_after && !tree_broken {
                problems.push(problem(
                    "log_entries",
                    name,
                    "the tree after this entry differs from the recorded one: entries were \
                     edited, deleted or reordered"
                        .to_string(),
                ));
                tree_broken = true;
            }
            roots.push(root);
            latest.insert(
                (entry.table.clone(), entry.key.clone()),
                (seq as u64, entry.action, entry.digest),
            );
        }

        // 2. Signed tree heads: signature, and the root at their size.
        let heads =
            sqlx::query("SELECT size, root, signed_at, signature FROM tree_heads ORDER BY size")
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error("reading the tree heads", e))?;
        for row in &heads {
            let size: i64 = self.get(row, 0)?;
            let head = SignedTreeHead {
                head: TreeHead {
                    size: size as u64,
                    root: self.get(row, 1)?,
                    timestamp: self.get(row, 2)?,
                },
                signature: self.get(row, 3)?,
            };
            if kuager_log::verify_head(&head, &public_key).is_err() {
                problems.push(problem(
                    "tree_heads",
                    format!("size {size}"),
                    "the signature does not verify with the log's public key".to_string(),
                ));
            }
            match usize::try_from(size)
                .ok()
                .and_then(|s| s.checked_sub(1))
                .and_then(|i| roots.get(i))
            {
                Some(root) if *root == head.head.root => {}
                Some(_) => problems.push(problem(
                    "tree_heads",
                    format!("size {size}"),
                    "the signed root differs from the recomputed tree".to_string(),
                )),
                None => problems.push(problem(
                    "tree_heads",
                    format!("size {size}"),
                    "the head covers entries that are not in the log".to_string(),
                )),
            }
        }
        if heads.len() != rows.len() && !tree_broken {
            problems.push(problem(
                "tree_heads",
                format!("{} heads", heads.len()),
                format!("expected one signed head per entry ({})", rows.len()),
            ));
        }
        let state = sqlx::query("SELECT size FROM log_state WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading the log state", e))?;
        let state_size: Option<i64> = state.map(|row| self.get(&row, 0)).transpose()?;
        if state_size != Some(rows.len() as i64) && !tree_broken {
            problems.push(problem(
                "log_state",
                "1".to_string(),
                format!(
                    "the log's state says {state_size:?} entries but {} are stored",
                    rows.len()
                ),
            ));
        }

        // 3. Every record against its last entry.
        let mut records = 0u64;
        for aggregate in AGGREGATES {
            let current = self.all_digests(&mut conn, aggregate).await?;
            records += current.len() as u64;
            for (key, digest) in &current {
                match latest.get(&(aggregate.name.to_string(), key.clone())) {
                    None => problems.push(problem(
                        aggregate.name,
                        key.clone(),
                        "not in the log: written outside Kuager".to_string(),
                    )),
                    Some((seq, _, logged)) if logged != digest => problems.push(problem(
                        aggregate.name,
                        key.clone(),
                        if digest == canonical::ORPHANED {
                            format!("rows remain of a record whose main row is gone (last entry #{seq}): deleted outside Kuager")
                        } else if logged == canonical::ABSENT {
                            format!("present, but the log's last entry #{seq} removed it: written outside Kuager")
                        } else {
                            format!("differs from its last logged state (entry #{seq}): edited outside Kuager")
                        },
                    )),
                    Some(_) => {}
                }
            }
            for ((table, key), (seq, _, logged)) in &latest {
                if table == aggregate.name
                    && logged != canonical::ABSENT
                    && !current.contains_key(key)
                {
                    problems.push(problem(
                        aggregate.name,
                        key.clone(),
                        format!("logged (entry #{seq}) but missing: deleted outside Kuager"),
                    ));
                }
            }
        }
        problems.sort_by(|a, b| (&a.table, &a.entry).cmp(&(&b.table, &b.entry)));
        Ok(LogReport {
            entries: rows.len() as u64,
            records,
            tree_heads: heads.len() as u64,
            root: roots
                .last()
                .cloned()
                .unwrap_or_else(|| hex::encode(kuager_log::empty_root())),
            public_key: kuager_log::public_key_hex(&public_key),
            problems,
        })
    }

    /// All leaf hashes, in order.
    async fn leaves(&self) -> Result<Vec<kuager_log::Hash>> {
        let rows = sqlx::query("SELECT leaf_hash FROM log_entries ORDER BY seq")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("reading the log", e))?;
        rows.iter()
            .map(|row| {
                let text: String = self.get(row, 0)?;
                let mut hash = [0u8; 32];
                hex::decode_to_slice(&text, &mut hash)
                    .map_err(|_| self.corrupt(format!("log leaf hash {text:?}")))?;
                Ok(hash)
            })
            .collect()
    }

    /// A signed tree head: the latest, or the one of `size`.
    pub async fn tree_head(&self, size: Option<u64>) -> Result<Option<SignedTreeHead>> {
        let row = match size {
            Some(size) => sqlx::query("SELECT size, root, signed_at, signature FROM tree_heads WHERE size = $1")
                .bind(size as i64)
                .fetch_optional(&self.pool)
                .await,
            None => sqlx::query(
                "SELECT size, root, signed_at, signature FROM tree_heads ORDER BY size DESC LIMIT 1",
            )
            .fetch_optional(&self.pool)
            .await,
        }
        .map_err(|e| self.query_error("reading a tree head", e))?;
        row.map(|row| {
            let size: i64 = self.get(&row, 0)?;
            Ok(SignedTreeHead {
                head: TreeHead {
                    size: size as u64,
                    root: self.get(&row, 1)?,
                    timestamp: self.get(&row, 2)?,
                },
                signature: self.get(&row, 3)?,
            })
        })
        .transpose()
    }

    /// A log entry by number.
    pub async fn log_entry(&self, seq: u64) -> Result<Option<LogEntry>> {
        let row = sqlx::query(
            "SELECT seq, at, table_name, entry_key, action, digest FROM log_entries WHERE seq = $1",
        )
        .bind(seq as i64)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading log entry {seq}"), e))?;
        row.map(|row| {
            let seq: i64 = self.get(&row, 0)?;
            Ok(LogEntry {
                seq: seq as u64,
                at: self.get(&row, 1)?,
                table: self.get(&row, 2)?,
                key: self.get(&row, 3)?,
                action: self.get(&row, 4)?,
                digest: self.get(&row, 5)?,
            })
        })
        .transpose()
    }

    /// The latest log entry of a record (`table` as `kuager log verify`
    /// names it, e.g. "events", key "42").
    pub async fn latest_log_entry(&self, table: &str, key: &str) -> Result<Option<LogEntry>> {
        let seq: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(seq) FROM log_entries WHERE table_name = $1 AND entry_key = $2",
        )
        .bind(table)
        .bind(key)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.query_error("finding a log entry", e))?;
        match seq {
            Some(seq) => self.log_entry(seq as u64).await,
            None => Ok(None),
        }
    }

    /// Proof that entry `seq` is in the tree of the signed head of `size`
    /// (default: the latest).
    pub async fn inclusion_proof(
        &self,
        seq: u64,
        size: Option<u64>,
    ) -> Result<kuager_log::InclusionProofDoc> {
        let head = self
            .tree_head(size)
            .await?
            .ok_or_else(|| StoreError::Invalid {
                what: "an inclusion proof".to_string(),
                detail: match size {
                    Some(size) => format!("there is no signed tree head of size {size}"),
                    None => "the log is empty".to_string(),
                },
            })?;
        let entry = self
            .log_entry(seq)
            .await?
            .ok_or_else(|| StoreError::Invalid {
                what: "an inclusion proof".to_string(),
                detail: format!("there is no log entry #{seq}"),
            })?;
        if seq >= head.head.size {
            return Err(StoreError::Invalid {
                what: "an inclusion proof".to_string(),
                detail: format!(
                    "entry #{seq} is not covered by the tree head of size {}",
                    head.head.size
                ),
            });
        }
        let leaves = self.leaves().await?;
        let covered = leaves.get(..head.head.size as usize).ok_or_else(|| {
            self.corrupt(format!(
                "the tree head of size {} covers missing entries",
                head.head.size
            ))
        })?;
        let path = kuager_log::inclusion_proof(covered, seq)
            .map_err(|e| self.corrupt(format!("inclusion proof: {e}")))?;
        Ok(kuager_log::InclusionProofDoc {
            kind: "inclusion".to_string(),
            public_key: self.log_public_key(),
            tree_head: head,
            entry,
            leaf_index: seq,
            audit_path: path.iter().map(hex::encode).collect(),
        })
    }

    /// Proof that the tree of size `old` is a prefix of the tree of size
    /// `new` (default: the latest).
    pub async fn consistency_proof(
        &self,
        old: u64,
        new: Option<u64>,
    ) -> Result<kuager_log::ConsistencyProofDoc> {
        let missing = |size: u64| StoreError::Invalid {
            what: "a consistency proof".to_string(),
            detail: format!("there is no signed tree head of size {size}"),
        };
        let old_head = self
            .tree_head(Some(old))
            .await?
            .ok_or_else(|| missing(old))?;
        let new_head = self
            .tree_head(new)
            .await?
            .ok_or_else(|| missing(new.unwrap_or(0)))?;
        if old_head.head.size > new_head.head.size {
            return Err(StoreError::Invalid {
                what: "a consistency proof".to_string(),
                detail: format!(
                    "the old tree ({}) is larger than the new one ({})",
                    old_head.head.size, new_head.head.size
                ),
            });
        }
        let leaves = self.leaves().await?;
        let covered = leaves.get(..new_head.head.size as usize).ok_or_else(|| {
            self.corrupt(format!(
                "the tree head of size {} covers missing entries",
                new_head.head.size
            ))
        })?;
        let path = kuager_log::consistency_proof(covered, old)
            .map_err(|e| self.corrupt(format!("consistency proof: {e}")))?;
        Ok(kuager_log::ConsistencyProofDoc {
            kind: "consistency".to_string(),
            public_key: self.log_public_key(),
            old: old_head,
            new: new_head,
            path: path.iter().map(hex::encode).collect(),
        })
    }
}
