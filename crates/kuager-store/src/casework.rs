//! Casework storage: accounts and sessions, reports and attachments,
//! events (participants, charges, sources, figures), recognitions,
//! collective appeals and their signatures, and the audit log.
//!
//! Every change runs in one transaction together with its audit record
//! (who, when, what, before and after as JSON), so the log cannot miss a
//! change nor record one that did not happen. Editable records carry a
//! `version`: an update names the version it was based on and is refused
//! with [`CaseError::StaleVersion`] when
//! someone saved in between, instead of silently overwriting their work.
//!
//! These changes run their own transactions (see `Audited`) rather than
//! going through `write::apply`, which serves the register's bulk writes.

mod accounts;
mod appeals;
pub use appeals::{
    AppealRecord, Confirmation, Confirmed, SignatureFilter, SignatureRecord, Signed,
};
mod assemblies;
pub use assemblies::AssemblyRecord;
mod events;
mod newsletter;
pub use newsletter::{
    newsletter_token_hash, DeliveryCounts, DeliveryRecord, IssueDraft, IssueItem, IssueRecord,
    OpenDelivery, Subscribed, SubscriberCounts, SubscriberRecord,
};
mod publication;
pub use publication::EventPublication;
mod published;
pub use published::{PublicationSnapshot, PublishedFigure};
mod recognitions;
mod reports;
mod staging;
pub use staging::{
    NewStagingImport, NewStagingRow, StagingCandidate, StagingChoice, StagingCommitRow,
    StagingCommitted, StagingCounts, StagingFields, StagingImportRecord, StagingImported,
    StagingRowRecord,
};
mod trials;
pub use trials::{HearingFilter, HearingRecord, MonitoringAttachmentMeta, MonitoringRecord};

use crate::{to_i64, Backend, Result, Store, StoreError};
use kuager_case::{
    Consent, EventDraft, Recognition, ReportDraft, ReportState, SourceRef, UserRole,
};
use kuager_domain::MentionKey;
use serde::Serialize;
use sqlx::any::{Any, AnyRow};
use sqlx::{AnyConnection, Transaction};

/// Who is making a change: recorded in the audit log. `None` for the
/// public report form and for the CLI's bootstrap of the first account.
pub type Actor = Option<i64>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub role: UserRole,
    pub active: bool,
    pub created_at: String,
    pub version: i64,
}

/// A logged-in session, as found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserRecord,
    /// The per-session secret every state-changing form must echo.
    pub csrf_token: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentMeta {
    pub id: i64,
    pub report_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub uploaded_at: String,
}

/// An uploaded file, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRecord {
    pub id: i64,
    /// `None`: sent through the public form.
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub state: ReportState,
    pub draft: ReportDraft,
    /// Language of the UI the report was written in (`ru`, `kk`, `en`).
    pub language: String,
    pub created_at: String,
    pub updated_at: String,
    pub reviewed_by: Option<i64>,
    pub review_note: String,
    pub duplicate_of: Option<i64>,
    pub version: i64,
    pub attachments: Vec<AttachmentMeta>,
    /// Names of the report linked to persons of the register.
    pub links: Vec<(String, MentionKey)>,
}

/// A row of the intake queue or of a volunteer's own list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSummary {
    pub id: i64,
    pub author_name: Option<String>,
    pub state: ReportState,
    pub consent: Consent,
    pub what_excerpt: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRecord {
    pub id: i64,
    pub event_id: i64,
    pub source: SourceRef,
    pub added_by: Option<i64>,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub id: i64,
    pub draft: EventDraft,
    pub sources: Vec<SourceRecord>,
    /// Figures of documents attached to the event: (sha256, ordinal).
    pub figures: Vec<(String, i64)>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecognitionRecord {
    pub id: i64,
    pub person: MentionKey,
    pub recognition: Recognition,
    pub recorded_by: Option<i64>,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Counts for the dashboard of open work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkCounts {
    pub new_reports: i64,
    pub review_pairs: i64,
    pub unverified_events: i64,
    pub events: i64,
    pub persons: i64,
    pub documents: i64,
}

/// The first problem of a form the case model refused, as an error.
fn field_error(errors: Vec<kuager_case::FieldError>) -> CaseResult<()> {
    match errors.first() {
        Some(e) => Err(CaseError::Field {
            field: e.field,
            message: e.message,
        }),
        None => Ok(()),
    }
}

/// Casework failures a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{entity} {id} was changed by someone else (now version {current}, you edited version {edited}): reload it and apply your changes again")]
    StaleVersion {
        entity: &'static str,
        id: i64,
        edited: i64,
        current: i64,
    },
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    #[error("a user named {0:?} already exists")]
    NameTaken(String),
    #[error(transparent)]
    Rule(#[from] kuager_case::RuleError),
    /// A form value the case model refuses: the field and the Fluent id
    /// of the reason (the first of them, when there are several).
    #[error("field {field}: {message}")]
    Field {
        field: &'static str,
        message: &'static str,
    },
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

pub type CaseResult<T> = std::result::Result<T, CaseError>;

/// Ids or mention keys per statement when reading by a list. Lists are
/// padded (repeating their last item) to 1, 4, 16, 64 or 256 items, so a
/// handful of prepared statements serve every list length.
const LIST_CHUNK: usize = 256;

/// The padded length of a list of `n` (1..=LIST_CHUNK) items.
fn bucket(n: usize) -> usize {
    let mut b = 1;
    while b < n {
        b *= 4;
    }
    b.min(LIST_CHUNK)
}

/// `count` placeholders separated by commas, in groups of `group`
/// wrapped in parentheses when `group > 1`: `?, ?` or `($1, $2), ($3, $4)`.
/// Numbered for PostgreSQL, anonymous for SQLite (which binds numbered
/// parameters in quadratic time, see `write::values_sql`).
fn placeholders(backend: Backend, count: usize, group: usize) -> String {
    let mut sql = String::with_capacity(count * group * 6);
    let mut n = 0;
    for i in 0..count {
        if i > 0 {
            sql.push_str(", ");
        }
        if group > 1 {
            sql.push('(');
        }
        for j in 0..group {
            if j > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
        }
        if group > 1 {
            sql.push(')');
        }
    }
    sql
}

/// The items of `chunk` padded to [`bucket`] length with its last item.
fn padded<T: Copy>(chunk: &[T]) -> impl Iterator<Item = T> + '_ {
    let last = chunk.last().copied();
    chunk
        .iter()
        .copied()
        .chain(std::iter::repeat_n(last, bucket(chunk.len()) - chunk.len()).flatten())
}

/// Mention keys as bound values, sorted and without repeats.
fn mention_keys(mentions: &[MentionKey]) -> Result<Vec<(&str, i64)>> {
    let mut keys = mentions
        .iter()
        .map(|m| Ok((m.sha256.as_str(), to_i64(m.start, "offset")?)))
        .collect::<Result<Vec<_>>>()?;
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}

/// One change in progress: a transaction that has taken its audit number
/// and will write its audit record when it commits.
///
/// Taking the number first makes the transaction a writer from its first
/// statement: SQLite then waits for the write lock at once (a transaction
/// that read first could only fail when it later tries to write), and on
/// PostgreSQL the counter row's lock queues concurrent changes, so audit
/// numbers follow commit order. Dropping it without `commit` rolls back.
pub(crate) struct Audited<'s> {
    store: &'s Store,
    pub(crate) tx: Transaction<'static, Any>,
    seq: i64,
    pub(crate) now: String,
    actor: Actor,
}

impl<'s> Audited<'s> {
    pub(crate) async fn begin(store: &'s Store, actor: Actor) -> Result<Audited<'s>> {
        let mut tx = store
            .pool
            .begin()
            .await
            .map_err(|e| store.query_error("starting a transaction", e))?;
        let seq = next_value(store, &mut tx, "audit").await?;
        Ok(Audited {
            store,
            tx,
            seq,
            now: crate::time::now_utc(),
            actor,
        })
    }

    /// A new id from the counter `name`, in this transaction.
    pub(crate) async fn next_id(&mut self, name: &str) -> Result<i64> {
        next_value(self.store, &mut self.tx, name).await
    }

    /// The error for an update of `table` row `id` based on version
    /// `edited` that changed no row: the row is gone, or someone saved a
    /// newer version.
    async fn refused(
        &mut self,
        table: &'static str,
        entity: &'static str,
        id: i64,
        edited: i64,
    ) -> CaseError {
        let sql = format!("SELECT version FROM {table} WHERE id = $1");
        let current = sqlx::query_scalar::<Any, i64>(&sql)
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await;
        match current {
            Ok(Some(current)) => CaseError::StaleVersion {
                entity,
                id,
                edited,
                current,
            },
            Ok(None) => CaseError::NotFound {
                entity,
                id: id.to_string(),
            },
            Err(e) => self
                .store
                .query_error(format!("reading the version of {entity} {id}"), e)
                .into(),
        }
    }

    /// Records a second change made in this transaction (the next hearing
    /// a monitoring report sets): its own audit record and log entry, so
    /// the history shows both.
    async fn record_also(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: &str,
        after: Option<String>,
    ) -> Result<()> {
        let store = self.store;
        let seq = next_value(store, &mut self.tx, "audit").await?;
        sqlx::query(
            "INSERT INTO audit (seq, at, user_id, action, entity, entity_id, before, after) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
        )
        .bind(seq)
        .bind(self.now.as_str())
        .bind(self.actor)
        .bind(action)
        .bind(entity)
        .bind(entity_id)
        .bind(after)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| store.query_error(format!("recording {action} of {entity} {entity_id}"), e))?;
        if let Some(aggregate) = crate::log::aggregate_of_entity(entity) {
            store
                .log_change(&mut self.tx, aggregate, entity_id, action, &self.now)
                .await?;
        }
        Ok(())
    }

    /// Writes the audit record and commits.
    pub(crate) async fn commit(
        self,
        action: &str,
        entity: &str,
        entity_id: &str,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        self.finish(action, entity, entity_id, before, after, None)
            .await
    }

    /// [`Audited::commit`] for a writer that computed the record's log
    /// digest from the rows it stored, instead of reading them back.
    pub(crate) async fn commit_digested(
        self,
        action: &str,
        entity: &str,
        entity_id: &str,
        after: Option<String>,
        digest: &str,
    ) -> Result<()> {
        self.finish(action, entity, entity_id, None, after, Some(digest))
            .await
    }

    async fn finish(
        mut self,
        action: &str,
        entity: &str,
        entity_id: &str,
        before: Option<String>,
        after: Option<String>,
        digest: Option<&str>,
    ) -> Result<()> {
        let store = self.store;
        sqlx::query(
            "INSERT INTO audit (seq, at, user_id, action, entity, entity_id, before, after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.seq)
        .bind(self.now.as_str())
        .bind(self.actor)
        .bind(action)
        .bind(entity)
        .bind(entity_id)
        .bind(before)
        .bind(after)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| store.query_error(format!("recording {action} of {entity} {entity_id}"), e))?;
        if let Some(aggregate) = crate::log::aggregate_of_entity(entity) {
            store
                .log_change_with_digest(
                    &mut self.tx,
                    aggregate,
                    entity_id,
                    action,
                    digest,
                    &self.now,
                )
                .await?;
        }
        self.tx.commit().await.map_err(|e| {
            store.query_error(format!("committing {action} of {entity} {entity_id}"), e)
        })
    }
}

/// `UPDATE counters ... RETURNING`: the next number of counter `name`.
async fn next_value(store: &Store, conn: &mut AnyConnection, name: &str) -> Result<i64> {
    sqlx::query_scalar::<Any, i64>(
        "UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
    )
    .bind(name)
    .fetch_optional(conn)
    .await
    .map_err(|e| store.query_error(format!("numbering from counter {name}"), e))?
    .ok_or_else(|| store.corrupt(format!("counter {name} is missing")))
}

impl Store {
    /// A record as JSON for the audit log.
    pub(crate) fn audit_json<T: Serialize>(&self, entity: &str, value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(|e| StoreError::Invalid {
            what: format!("the audit record of a {entity}"),
            detail: e.to_string(),
        })
    }

    /// A pooled connection for reads made of several statements.
    pub(crate) async fn reader(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        self.pool
            .acquire()
            .await
            .map_err(|e| self.query_error("getting a database connection", e))
    }

    /// A term of a vocabulary read from column `index`.
    fn term<T>(
        &self,
        row: &AnyRow,
        index: usize,
        from_code: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<T> {
        let code: String = self.get(row, index)?;
        from_code(&code).ok_or_else(|| self.corrupt(format!("{what} {code:?}")))
    }

    /// An optional non-negative number from column `index`.
    fn opt_u32(&self, row: &AnyRow, index: usize, what: &str) -> Result<Option<u32>> {
        self.get::<Option<i64>>(row, index)?
            .map(|v| u32::try_from(v).map_err(|_| self.corrupt(format!("{what} {v}"))))
            .transpose()
    }

    // ---- audit and dashboard --------------------------------------------

    /// Records an event that changes no record (logging in, logging out) in
    /// the audit log: `before` and `after` are left empty.
    pub async fn audit_event(
        &self,
        actor: Actor,
        action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<()> {
        Audited::begin(self, actor)
            .await?
            .commit(action, entity, entity_id, None, None)
            .await
    }

    /// Audit records of an entity (e.g. "event", "42"), oldest first.
    pub async fn audit_of(&self, entity: &str, entity_id: &str) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, user_id, action, entity, entity_id, before, after FROM audit \
             WHERE entity = $1 AND entity_id = $2 ORDER BY seq",
        )
        .bind(entity)
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| {
            self.query_error(format!("reading the audit log of {entity} {entity_id}"), e)
        })?;
        rows.iter().map(|row| self.audit_row(row)).collect()
    }

    /// The latest audit records, newest first.
    pub async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, user_id, action, entity, entity_id, before, after FROM audit \
             ORDER BY seq DESC LIMIT $1",
        )
        .bind(limit.max(0))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading the audit log", e))?;
        rows.iter().map(|row| self.audit_row(row)).collect()
    }

    fn audit_row(&self, row: &AnyRow) -> Result<AuditRecord> {
        Ok(AuditRecord {
            seq: self.get(row, 0)?,
            at: self.get(row, 1)?,
            user_id: self.get(row, 2)?,
            action: self.get(row, 3)?,
            entity: self.get(row, 4)?,
            entity_id: self.get(row, 5)?,
            before: self.get(row, 6)?,
            after: self.get(row, 7)?,
        })
    }

    pub async fn work_counts(&self) -> Result<WorkCounts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM reports WHERE state = 'new'), \
             (SELECT COUNT(*) FROM review_pairs), \
             (SELECT COUNT(*) FROM events WHERE verification IN ('reported', 'disputed')), \
             (SELECT COUNT(*) FROM events), \
             (SELECT COUNT(*) FROM persons), \
             (SELECT COUNT(*) FROM documents)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.query_error("counting open work", e))?;
        Ok(WorkCounts {
            new_reports: self.get(&row, 0)?,
            review_pairs: self.get(&row, 1)?,
            unverified_events: self.get(&row, 2)?,
            events: self.get(&row, 3)?,
            persons: self.get(&row, 4)?,
            documents: self.get(&row, 5)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_padded_to_few_lengths() {
        assert_eq!(bucket(1), 1);
        assert_eq!(bucket(2), 4);
        assert_eq!(bucket(4), 4);
        assert_eq!(bucket(5), 16);
        assert_eq!(bucket(200), 256);
        assert_eq!(bucket(256), 256);
        let items = [1, 2, 3, 4, 5];
        assert_eq!(padded(&items).count(), 16);
        assert_eq!(padded(&items).last(), Some(5));
    }

    #[test]
    fn builds_placeholders() {
        assert_eq!(placeholders(Backend::Sqlite, 3, 1), "?, ?, ?");
        assert_eq!(placeholders(Backend::Postgres, 3, 1), "$1, $2, $3");
        assert_eq!(placeholders(Backend::Postgres, 2, 2), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
