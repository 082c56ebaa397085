//! Staging of external lists: a list's rows wait here, each with the
//! register's candidates for the person it names, until an analyst decided
//! what each row is (a person already in the register, a new person, or
//! nothing to keep) and committed the import.
//!
//! A row's fields and candidates are sealed (decision 0019): they are
//! personal data from outside that nobody has reviewed yet, like a report.
//! The decision, who took it and what the commit created stay plain.
//!
//! A commit writes everything it creates — record documents, identity
//! decisions, events with their source, and the rows' new state — in one
//! audited transaction, and skips rows committed before, so committing twice
//! creates nothing twice.

use super::{Audited, CaseError, CaseResult};
use crate::write::{self, Applied};
use crate::{to_i64, Result, Store, StoreError};
use kuager_case::{EventDraft, SourceRef};
use kuager_domain::{Decision, Document, Extraction, MentionKey};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// What a list row says about a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagingFields {
    /// The name as the list writes it (or built from its parts).
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    pub birth_year: Option<i32>,
    pub city: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub event_date: Option<String>,
    /// An event-type code, or the list's words when they are not one.
    pub event_type: Option<String>,
    /// The row's own source column, if the list has one.
    pub source: Option<String>,
    /// Other columns, one `Header: value` line each.
    pub notes: String,
}

/// A person of the register the row may name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StagingCandidate {
    pub person_id: String,
    pub name: String,
    /// The person's anchor mention when the row was matched: what a
    /// decision about this candidate is recorded on.
    pub anchor: MentionKey,
    /// The name comparison's belief that they are the same person, 0..1.
    pub score: f64,
    /// Why: the comparison's evidence, in words.
    pub evidence: Vec<String>,
}

/// What an analyst decided a row is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum StagingChoice {
    Pending,
    /// The person `person_id` of the register (whose anchor mention then
    /// was `anchor`).
    Link {
        person_id: String,
        anchor: MentionKey,
    },
    /// A person not yet in the register.
    Create,
    /// Nothing to keep.
    Reject,
}

impl StagingChoice {
    pub fn code(&self) -> &'static str {
        match self {
            StagingChoice::Pending => "pending",
            StagingChoice::Link { .. } => "link",
            StagingChoice::Create => "create",
            StagingChoice::Reject => "reject",
        }
    }
}

/// A file to stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStagingImport {
    pub file_name: String,
    /// SHA-256 of the file's bytes: the same file is the same import.
    pub sha256: String,
    pub citation: String,
    pub url: String,
    /// The event-type code for every row, or `None` for each row's own.
    pub event_type: Option<String>,
    pub encoding: String,
    /// How the columns were read: (field, header).
    pub columns: Vec<(String, String)>,
}

/// A row to stage.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStagingRow {
    pub row_number: i64,
    pub fields: StagingFields,
    pub candidates: Vec<StagingCandidate>,
}

/// What [`Store::add_staging_import`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StagingImported {
    pub id: i64,
    /// False when the same file (by SHA-256) was staged before: nothing
    /// was written and `id` is the earlier import.
    pub created: bool,
}

/// Rows of an import by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StagingCounts {
    pub rows: i64,
    pub pending: i64,
    pub link: i64,
    pub create: i64,
    pub reject: i64,
    pub committed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StagingImportRecord {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub citation: String,
    pub url: String,
    pub event_type: Option<String>,
    pub encoding: String,
    pub columns: Vec<(String, String)>,
    pub imported_by: Option<i64>,
    pub imported_by_name: Option<String>,
    pub imported_at: String,
    pub version: i64,
    pub counts: StagingCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StagingRowRecord {
    pub import_id: i64,
    pub row_number: i64,
    pub fields: StagingFields,
    pub candidates: Vec<StagingCandidate>,
    pub choice: StagingChoice,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
    /// The record mention the row became (once committed).
    pub mention: Option<MentionKey>,
    pub event_id: Option<i64>,
    pub committed_at: Option<String>,
}

/// What committing one decided row writes, prepared by the register.
#[derive(Debug, Clone, PartialEq)]
pub struct StagingCommitRow {
    pub row_number: i64,
    /// The row's record document and its one person mention (at 0).
    pub document: Document,
    pub extraction: Extraction,
    /// Merge with the linked person, or distinct from every candidate.
    pub decisions: Vec<Decision>,
    /// The event the row reports, with its sources; `None` when the row
    /// says too little for one (no date or no event type).
    pub event: Option<(EventDraft, Vec<SourceRef>)>,
}

/// One row a commit wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StagingCommitted {
    pub row_number: i64,
    pub mention: MentionKey,
    pub event_id: Option<i64>,
}

const IMPORT_COLUMNS: &str = "i.id, i.file_name, i.sha256, i.citation, i.url, i.event_type, \
     i.encoding, i.columns, i.imported_by, u.name, i.imported_at, i.version";

const ROW_COLUMNS: &str = "import_id, row_number, fields, candidates, decision, person_id, \
     anchor_sha256, anchor_start, decided_by, decided_at, mention_sha256, mention_start, \
     event_id, committed_at";

/// Sealing context of a row's column.
fn row_context(column: &str, import_id: i64, row_number: i64) -> String {
    format!("staging_rows.{column}:{import_id}:{row_number}")
}

/// The audit view of an import: its header and every row's state, never
/// the sealed fields.
#[derive(Serialize)]
struct AuditView<'a> {
    import: &'a StagingImportRecord,
    rows: Vec<AuditRow<'a>>,
}

#[derive(Serialize)]
struct AuditRow<'a> {
    row_number: i64,
    choice: &'a StagingChoice,
    mention: &'a Option<MentionKey>,
    event_id: Option<i64>,
}

impl Store {
    /// Stages a list: the import and all its rows in one transaction. The
    /// same file (by SHA-256) staged again writes nothing and answers the
    /// earlier import's id, its rows and decisions untouched.
    pub async fn add_staging_import(
        &self,
        actor: Option<i64>,
        import: &NewStagingImport,
        rows: &[NewStagingRow],
    ) -> CaseResult<StagingImported> {
        if let Some(id) = self.staging_import_by_sha(&import.sha256).await? {
            return Ok(StagingImported { id, created: false });
        }
        let mut change = Audited::begin(self, actor).await?;
        // Checked again inside the transaction (which holds the write lock
        // from its first statement), so two uploads cannot both create it.
        let again: Option<i64> =
            sqlx::query_scalar("SELECT id FROM staging_imports WHERE sha256 = $1")
                .bind(import.sha256.as_str())
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error("looking up a staged file", e))?;
        if let Some(id) = again {
            return Ok(StagingImported { id, created: false });
        }
        let id = change.next_id("staging_imports").await?;
        let columns = self.audit_json("staging import", &import.columns)?;
        sqlx::query(
            "INSERT INTO staging_imports (id, file_name, sha256, citation, url, event_type, \
             encoding, columns, imported_by, imported_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)",
        )
        .bind(id)
        .bind(import.file_name.as_str())
        .bind(import.sha256.as_str())
        .bind(import.citation.trim())
        .bind(import.url.trim())
        .bind(import.event_type.as_deref())
        .bind(import.encoding.as_str())
        .bind(columns)
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing staging import {id}"), e))?;
        for row in rows {
            let fields = self.audit_json("staging row", &row.fields)?;
            let candidates = self.audit_json("staging row", &row.candidates)?;
            sqlx::query(
                "INSERT INTO staging_rows (import_id, row_number, fields, candidates, decision) \
                 VALUES ($1, $2, $3, $4, 'pending')",
            )
            .bind(id)
            .bind(row.row_number)
            .bind(self.seal_text(&row_context("fields", id, row.row_number), &fields))
            .bind(self.seal_text(&row_context("candidates", id, row.row_number), &candidates))
            .execute(&mut *change.tx)
            .await
            .map_err(|e| {
                self.query_error(
                    format!("storing row {} of staging import {id}", row.row_number),
                    e,
                )
            })?;
        }
        let after = self.staging_audit(&mut change.tx, id).await?;
        change
            .commit(
                "create",
                "staging-import",
                &id.to_string(),
                None,
                Some(after),
            )
            .await?;
        Ok(StagingImported { id, created: true })
    }

    async fn staging_import_by_sha(&self, sha256: &str) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM staging_imports WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error("looking up a staged file", e))
    }

    /// Every import, newest first, with its rows counted by state.
    pub async fn staging_imports(&self) -> Result<Vec<StagingImportRecord>> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM staging_imports i \
             LEFT JOIN users u ON u.id = i.imported_by ORDER BY i.id DESC"
        );
        let mut conn = self.reader().await?;
        let rows = sqlx::query(&sql)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("listing staging imports", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut record = self.staging_import_row(row)?;
            record.counts = self.staging_counts(&mut conn, record.id).await?;
            out.push(record);
        }
        Ok(out)
    }

    /// An import and its rows (fields and candidates opened), in row order.
    pub async fn staging_import(
        &self,
        id: i64,
    ) -> Result<Option<(StagingImportRecord, Vec<StagingRowRecord>)>> {
        let mut conn = self.reader().await?;
        self.read_staging(&mut conn, id).await
    }

    /// Records what a row is. Refused for a row already committed: what it
    /// became is in the register now, where identity decisions change it.
    pub async fn decide_staging_row(
        &self,
        actor: Option<i64>,
        import_id: i64,
        row_number: i64,
        choice: &StagingChoice,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, actor).await?;
        let before = self.staging_audit(&mut change.tx, import_id).await?;
        let what = format!("row {row_number} of staging import {import_id}");
        let committed: Option<Option<String>> = sqlx::query_scalar(
            "SELECT committed_at FROM staging_rows WHERE import_id = $1 AND row_number = $2",
        )
        .bind(import_id)
        .bind(row_number)
        .fetch_optional(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("reading {what}"), e))?;
        match committed {
            None => {
                return Err(CaseError::NotFound {
                    entity: "staging row",
                    id: format!("{import_id}/{row_number}"),
                })
            }
            Some(Some(at)) => {
                return Err(StoreError::Invalid {
                    what,
                    detail: format!(
                        "it was committed at {at}; change the person in the register instead"
                    ),
                }
                .into())
            }
            Some(None) => {}
        }
        let (person, anchor) = match choice {
            StagingChoice::Link { person_id, anchor } => (Some(person_id.as_str()), Some(anchor)),
            _ => (None, None),
        };
        let (decided_by, decided_at) = match choice {
            StagingChoice::Pending => (None, None),
            _ => (actor, Some(change.now.as_str())),
        };
        sqlx::query(
            "UPDATE staging_rows SET decision = $3, person_id = $4, anchor_sha256 = $5, \
             anchor_start = $6, decided_by = $7, decided_at = $8 \
             WHERE import_id = $1 AND row_number = $2",
        )
        .bind(import_id)
        .bind(row_number)
        .bind(choice.code())
        .bind(person)
        .bind(anchor.map(|a| a.sha256.as_str()))
        .bind(anchor.map(|a| to_i64(a.start, "offset")).transpose()?)
        .bind(decided_by)
        .bind(decided_at)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("deciding {what}"), e))?;
        let after = self.staging_audit(&mut change.tx, import_id).await?;
        change
            .commit(
                "decide",
                "staging-import",
                &import_id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    /// Writes what decided rows become, all in one transaction: each row's
    /// record document, its identity decisions and its event (unpublished,
    /// as every new event), and marks the row committed. A row committed
    /// before, or no longer decided as link or create, is skipped, so a
    /// second commit writes nothing twice. Returns the rows written.
    pub async fn commit_staging(
        &self,
        actor: Option<i64>,
        import_id: i64,
        rows: &[StagingCommitRow],
    ) -> CaseResult<Vec<StagingCommitted>> {
        let mut change = Audited::begin(self, actor).await?;
        let before = self.staging_audit(&mut change.tx, import_id).await?;
        let mut written = Vec::new();
        for row in rows {
            let what = format!("row {} of staging import {import_id}", row.row_number);
            let state: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT decision, committed_at FROM staging_rows \
                 WHERE import_id = $1 AND row_number = $2",
            )
            .bind(import_id)
            .bind(row.row_number)
            .fetch_optional(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("reading {what}"), e))?;
            match state {
                None => {
                    return Err(CaseError::NotFound {
                        entity: "staging row",
                        id: format!("{import_id}/{}", row.row_number),
                    })
                }
                Some((decision, None)) if decision == "link" || decision == "create" => {}
                Some(_) => continue,
            }
            let sha = row.document.sha256.as_str();
            let applied = write::insert_document(
                self,
                &mut change.tx,
                &row.document,
                &row.extraction,
                &change.now,
            )
            .await?;
            if applied == Applied::Inserted {
                self.log_entity(&mut change.tx, "document", sha, "ingest", &change.now)
                    .await?;
            }
            for decision in &row.decisions {
                let (_, seq) =
                    write::add_decision(self, &mut change.tx, decision, &change.now).await?;
                self.log_entity(
                    &mut change.tx,
                    "decision",
                    &seq.to_string(),
                    "decide",
                    &change.now,
                )
                .await?;
            }
            let event_id = match &row.event {
                Some((draft, sources)) => Some(
                    self.add_event_in(&mut change, actor, draft, sources)
                        .await?,
                ),
                None => None,
            };
            sqlx::query(
                "UPDATE staging_rows SET mention_sha256 = $3, mention_start = 0, event_id = $4, \
                 committed_at = $5 WHERE import_id = $1 AND row_number = $2",
            )
            .bind(import_id)
            .bind(row.row_number)
            .bind(sha)
            .bind(event_id)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("committing {what}"), e))?;
            written.push(StagingCommitted {
                row_number: row.row_number,
                mention: MentionKey {
                    sha256: sha.to_string(),
                    start: 0,
                },
                event_id,
            });
        }
        if written.is_empty() {
            // Nothing to record: the transaction rolls back when dropped.
            return Ok(written);
        }
        let after = self.staging_audit(&mut change.tx, import_id).await?;
        change
            .commit(
                "commit",
                "staging-import",
                &import_id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(written)
    }

    /// Appends the verifiable log's entry for a record written inside a
    /// larger change.
    async fn log_entity(
        &self,
        conn: &mut AnyConnection,
        entity: &str,
        key: &str,
        action: &str,
        at: &str,
    ) -> Result<()> {
        if let Some(aggregate) = crate::log::aggregate_of_entity(entity) {
            self.log_change(conn, aggregate, key, action, at).await?;
        }
        Ok(())
    }

    async fn staging_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let (import, rows) =
            self.read_staging(conn, id)
                .await?
                .ok_or_else(|| CaseError::NotFound {
                    entity: "staging import",
                    id: id.to_string(),
                })?;
        let view = AuditView {
            import: &import,
            rows: rows
                .iter()
                .map(|r| AuditRow {
                    row_number: r.row_number,
                    choice: &r.choice,
                    mention: &r.mention,
                    event_id: r.event_id,
                })
                .collect(),
        };
        Ok(self.audit_json("staging import", &view)?)
    }

    async fn read_staging(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<(StagingImportRecord, Vec<StagingRowRecord>)>> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM staging_imports i \
             LEFT JOIN users u ON u.id = i.imported_by WHERE i.id = $1"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("reading staging import {id}"), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut import = self.staging_import_row(&row)?;
        import.counts = self.staging_counts(conn, id).await?;
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM staging_rows WHERE import_id = $1 ORDER BY row_number"
        );
        let rows = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("reading the rows of staging import {id}"), e))?;
        let rows = rows
            .iter()
            .map(|r| self.staging_row(r))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((import, rows)))
    }

    async fn staging_counts(&self, conn: &mut AnyConnection, id: i64) -> Result<StagingCounts> {
        let rows = sqlx::query(
            "SELECT decision, CAST(COUNT(committed_at) AS BIGINT), CAST(COUNT(*) AS BIGINT) \
             FROM staging_rows WHERE import_id = $1 GROUP BY decision",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("counting the rows of staging import {id}"), e))?;
        let mut counts = StagingCounts::default();
        for row in &rows {
            let decision: String = self.get(row, 0)?;
            let committed: i64 = self.get(row, 1)?;
            let n: i64 = self.get(row, 2)?;
            counts.rows += n;
            counts.committed += committed;
            match decision.as_str() {
                "pending" => counts.pending += n,
                "link" => counts.link += n,
                "create" => counts.create += n,
                "reject" => counts.reject += n,
                other => return Err(self.corrupt(format!("staging decision {other:?}"))),
            }
        }
        Ok(counts)
    }

    fn staging_import_row(&self, row: &AnyRow) -> Result<StagingImportRecord> {
        let columns: String = self.get(row, 7)?;
        let columns = serde_json::from_str(&columns)
            .map_err(|e| self.corrupt(format!("columns of a staging import: {e}")))?;
        Ok(StagingImportRecord {
            id: self.get(row, 0)?,
            file_name: self.get(row, 1)?,
            sha256: self.get(row, 2)?,
            citation: self.get(row, 3)?,
            url: self.get(row, 4)?,
            event_type: self.get(row, 5)?,
            encoding: self.get(row, 6)?,
            columns,
            imported_by: self.get(row, 8)?,
            imported_by_name: self.get(row, 9)?,
            imported_at: self.get(row, 10)?,
            version: self.get(row, 11)?,
            counts: StagingCounts::default(),
        })
    }

    fn staging_row(&self, row: &AnyRow) -> Result<StagingRowRecord> {
        let import_id: i64 = self.get(row, 0)?;
        let row_number: i64 = self.get(row, 1)?;
        let open = |index: usize, column: &str| -> Result<String> {
            let sealed: String = self.get(row, index)?;
            self.open_text(&row_context(column, import_id, row_number), &sealed)
        };
        let fields: StagingFields = serde_json::from_str(&open(2, "fields")?).map_err(|e| {
            self.corrupt(format!(
                "fields of row {row_number} of staging import {import_id}: {e}"
            ))
        })?;
        let candidates: Vec<StagingCandidate> = serde_json::from_str(&open(3, "candidates")?)
            .map_err(|e| {
                self.corrupt(format!(
                    "candidates of row {row_number} of staging import {import_id}: {e}"
                ))
            })?;
        let decision: String = self.get(row, 4)?;
        let person_id: Option<String> = self.get(row, 5)?;
        let anchor_sha: Option<String> = self.get(row, 6)?;
        let anchor_start: Option<i64> = self.get(row, 7)?;
        let choice = match decision.as_str() {
            "pending" => StagingChoice::Pending,
            "create" => StagingChoice::Create,
            "reject" => StagingChoice::Reject,
            "link" => match (person_id, anchor_sha, anchor_start) {
                (Some(person_id), Some(sha256), Some(start)) => StagingChoice::Link {
                    person_id,
                    anchor: MentionKey {
                        sha256,
                        start: self.to_usize(start)?,
                    },
                },
                _ => {
                    return Err(self.corrupt(format!(
                        "row {row_number} of staging import {import_id} links no person"
                    )))
                }
            },
            other => return Err(self.corrupt(format!("staging decision {other:?}"))),
        };
        let mention_sha: Option<String> = self.get(row, 10)?;
        let mention_start: Option<i64> = self.get(row, 11)?;
        let mention = match (mention_sha, mention_start) {
            (Some(sha256), Some(start)) => Some(MentionKey {
                sha256,
                start: self.to_usize(start)?,
            }),
            _ => None,
        };
        Ok(StagingRowRecord {
            import_id,
            row_number,
            fields,
            candidates,
            choice,
            decided_by: self.get(row, 8)?,
            decided_at: self.get(row, 9)?,
            mention,
            event_id: self.get(row, 12)?,
            committed_at: self.get(row, 13)?,
        })
    }
}
