//! Reports, their attachments and the names linked to persons.

use super::{
    AttachmentMeta, Audited, CaseError, CaseResult, NewAttachment, ReportRecord, ReportSummary,
};
use crate::{to_i64, Result, Store, StoreError};
use kuager_case::{Consent, ReportDraft, ReportState};
use kuager_domain::MentionKey;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// Columns of a [`ReportSummary`]; the excerpt is the first 200
/// characters (`substr` counts characters on both backends).
const SUMMARY_SQL: &str = "SELECT r.id, u.name, r.state, r.consent, substr(r.what, 1, 200), \
     r.created_at FROM reports r LEFT JOIN users u ON u.id = r.author_id";

impl Store {
    // ---- reports --------------------------------------------------------

    /// Stores a new report with its attachments (SHA-256 computed here) in
    /// one transaction. `author` None = public form.
    pub async fn add_report(
        &self,
        author: Option<i64>,
        draft: &ReportDraft,
        language: &str,
        attachments: &[NewAttachment],
    ) -> CaseResult<i64> {
        let consent = required_consent(draft)?;
        let mut change = Audited::begin(self, author).await?;
        let id = change.next_id("reports").await?;
        sqlx::query(
            "INSERT INTO reports (id, author_id, state, what, happened, place_key, place_detail, \
             who, consent, contact, language, created_at, updated_at, review_note, version) \
             VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, '', 1)",
        )
        .bind(id)
        .bind(author)
        .bind(draft.what.as_str())
        .bind(draft.when.as_str())
        .bind(draft.place_key.as_deref())
        .bind(draft.place_detail.as_str())
        .bind(draft.who.as_str())
        .bind(consent.code())
        .bind(draft.contact.as_str())
        .bind(language)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing report {id}"), e))?;
        self.insert_attachments(&mut change, id, attachments)
            .await?;
        let after = self.read_report(&mut change.tx, id).await?.ok_or_else(|| {
            self.corrupt(format!("report {id} vanished while it was being stored"))
        })?;
        let after = self.audit_json("report", &after)?;
        change
            .commit("create", "report", &id.to_string(), None, Some(after))
            .await?;
        Ok(id)
    }

    pub async fn report(&self, id: i64) -> Result<Option<ReportRecord>> {
        let mut conn = self.reader().await?;
        self.read_report(&mut conn, id).await
    }

    /// The author's amendment: replaces the draft, adds attachments;
    /// version-checked.
    pub async fn amend_report(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        draft: &ReportDraft,
        attachments: &[NewAttachment],
    ) -> CaseResult<()> {
        let consent = required_consent(draft)?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_report(&mut change, id).await?;
        let done = sqlx::query(
            "UPDATE reports SET what = $3, happened = $4, place_key = $5, place_detail = $6, \
             who = $7, consent = $8, contact = $9, updated_at = $10, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(draft.what.as_str())
        .bind(draft.when.as_str())
        .bind(draft.place_key.as_deref())
        .bind(draft.place_detail.as_str())
        .bind(draft.who.as_str())
        .bind(consent.code())
        .bind(draft.contact.as_str())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("amending report {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("reports", "report", id, version).await);
        }
        self.insert_attachments(&mut change, id, attachments)
            .await?;
        self.commit_report_change(change, "update", id, &before)
            .await
    }

    /// An analyst's decision on a report; version-checked. `duplicate_of`
    /// only with `ReportState::Duplicate` (ignored with any other state).
    pub async fn review_report(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        state: ReportState,
        note: &str,
        duplicate_of: Option<i64>,
    ) -> CaseResult<()> {
        let duplicate_of = duplicate_of.filter(|_| state == ReportState::Duplicate);
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_report(&mut change, id).await?;
        if let Some(original) = duplicate_of {
            if original == id {
                return Err(StoreError::Invalid {
                    what: format!("review of report {id}"),
                    detail: "a report cannot be a duplicate of itself".to_string(),
                }
                .into());
            }
            self.existing_report(&mut change, original).await?;
        }
        let done = sqlx::query(
            "UPDATE reports SET state = $3, review_note = $4, reviewed_by = $5, \
             duplicate_of = $6, updated_at = $7, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(state.code())
        .bind(note)
        .bind(actor)
        .bind(duplicate_of)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("recording the review of report {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("reports", "report", id, version).await);
        }
        self.commit_report_change(change, "review", id, &before)
            .await
    }

    /// Links (or with `None` unlinks) a name of a report to a person mention.
    ///
    /// Not version-checked and does not change the report's version (links
    /// are not part of what its author edits). The mention must be stored.
    /// Audited as "link" or "unlink" of the report.
    pub async fn link_report_name(
        &self,
        actor: i64,
        report_id: i64,
        name: &str,
        person: Option<&MentionKey>,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_report(&mut change, report_id).await?;
        let context = format!("linking name {name:?} of report {report_id}");
        sqlx::query("DELETE FROM report_links WHERE report_id = $1 AND name = $2")
            .bind(report_id)
            .bind(name)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        if let Some(key) = person {
            self.check_mention(&mut change.tx, key).await?;
            sqlx::query(
                "INSERT INTO report_links (report_id, name, mention_sha256, mention_start) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(report_id)
            .bind(name)
            .bind(key.sha256.as_str())
            .bind(to_i64(key.start, "offset")?)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        }
        let action = if person.is_some() { "link" } else { "unlink" };
        self.commit_report_change(change, action, report_id, &before)
            .await
    }

    /// Reports in a state (the intake queue: `New`), newest first.
    pub async fn reports_in_state(
        &self,
        state: ReportState,
        limit: i64,
    ) -> Result<Vec<ReportSummary>> {
        let sql = format!("{SUMMARY_SQL} WHERE r.state = $1 ORDER BY r.id DESC LIMIT $2");
        let rows = sqlx::query(&sql)
            .bind(state.code())
            .bind(limit.max(0))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("listing {state} reports"), e))?;
        rows.iter().map(|row| self.summary_row(row)).collect()
    }

    /// The author's reports, newest first.
    pub async fn reports_by_author(&self, author: i64) -> Result<Vec<ReportSummary>> {
        let sql = format!("{SUMMARY_SQL} WHERE r.author_id = $1 ORDER BY r.id DESC");
        let rows = sqlx::query(&sql)
            .bind(author)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("listing the reports of user {author}"), e))?;
        rows.iter().map(|row| self.summary_row(row)).collect()
    }

    /// Metadata and bytes of an attachment.
    pub async fn attachment(&self, id: i64) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at, bytes \
             FROM attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading attachment {id}"), e))?;
        row.map(|row| Ok((self.attachment_row(&row)?, self.get(&row, 7)?)))
            .transpose()
    }

    // ---- helpers --------------------------------------------------------

    async fn insert_attachments(
        &self,
        change: &mut Audited<'_>,
        report_id: i64,
        attachments: &[NewAttachment],
    ) -> Result<()> {
        for a in attachments {
            let id = change.next_id("attachments").await?;
            let sha256 = hex::encode(Sha256::digest(&a.bytes));
            sqlx::query(
                "INSERT INTO attachments \
                 (id, report_id, file_name, content_type, sha256, size, bytes, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(report_id)
            .bind(a.file_name.as_str())
            .bind(a.content_type.as_str())
            .bind(sha256)
            .bind(to_i64(a.bytes.len(), "attachment size")?)
            .bind(a.bytes.as_slice())
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| {
                self.query_error(
                    format!("storing attachment {:?} of report {report_id}", a.file_name),
                    e,
                )
            })?;
        }
        Ok(())
    }

    /// The report, or NotFound.
    async fn existing_report(&self, change: &mut Audited<'_>, id: i64) -> CaseResult<ReportRecord> {
        self.read_report(&mut change.tx, id)
            .await?
            .ok_or_else(|| CaseError::NotFound {
                entity: "report",
                id: id.to_string(),
            })
    }

    /// Audits a change of report `id` (reading it back) and commits.
    async fn commit_report_change(
        &self,
        mut change: Audited<'_>,
        action: &str,
        id: i64,
        before: &ReportRecord,
    ) -> CaseResult<()> {
        let after = self.read_report(&mut change.tx, id).await?.ok_or_else(|| {
            self.corrupt(format!("report {id} vanished while it was being changed"))
        })?;
        let (before, after) = (
            self.audit_json("report", before)?,
            self.audit_json("report", &after)?,
        );
        change
            .commit(action, "report", &id.to_string(), Some(before), Some(after))
            .await?;
        Ok(())
    }

    async fn read_report(&self, conn: &mut AnyConnection, id: i64) -> Result<Option<ReportRecord>> {
        let context = || format!("reading report {id}");
        let row = sqlx::query(
            "SELECT r.id, r.author_id, u.name, r.state, r.what, r.happened, r.place_key, \
             r.place_detail, r.who, r.consent, r.contact, r.language, r.created_at, \
             r.updated_at, r.reviewed_by, r.review_note, r.duplicate_of, r.version \
             FROM reports r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let attachments = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at \
             FROM attachments WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let links = sqlx::query(
            "SELECT name, mention_sha256, mention_start FROM report_links \
             WHERE report_id = $1 ORDER BY name",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        Ok(Some(ReportRecord {
            id: self.get(&row, 0)?,
            author_id: self.get(&row, 1)?,
            author_name: self.get(&row, 2)?,
            state: self.term(&row, 3, ReportState::from_code, "report state")?,
            draft: ReportDraft {
                what: self.get(&row, 4)?,
                when: self.get(&row, 5)?,
                place_key: self.get(&row, 6)?,
                place_detail: self.get(&row, 7)?,
                who: self.get(&row, 8)?,
                consent: Some(self.term(&row, 9, Consent::from_code, "consent")?),
                contact: self.get(&row, 10)?,
            },
            language: self.get(&row, 11)?,
            created_at: self.get(&row, 12)?,
            updated_at: self.get(&row, 13)?,
            reviewed_by: self.get(&row, 14)?,
            review_note: self.get(&row, 15)?,
            duplicate_of: self.get(&row, 16)?,
            version: self.get(&row, 17)?,
            attachments: attachments
                .iter()
                .map(|row| self.attachment_row(row))
                .collect::<Result<_>>()?,
            links: links
                .iter()
                .map(|row| {
                    Ok((
                        self.get(row, 0)?,
                        MentionKey {
                            sha256: self.get(row, 1)?,
                            start: self.offset(row, 2)?,
                        },
                    ))
                })
                .collect::<Result<_>>()?,
        }))
    }

    fn attachment_row(&self, row: &AnyRow) -> Result<AttachmentMeta> {
        Ok(AttachmentMeta {
            id: self.get(row, 0)?,
            report_id: self.get(row, 1)?,
            file_name: self.get(row, 2)?,
            content_type: self.get(row, 3)?,
            sha256: self.get(row, 4)?,
            size: self.get(row, 5)?,
            uploaded_at: self.get(row, 6)?,
        })
    }

    fn summary_row(&self, row: &AnyRow) -> Result<ReportSummary> {
        Ok(ReportSummary {
            id: self.get(row, 0)?,
            author_name: self.get(row, 1)?,
            state: self.term(row, 2, ReportState::from_code, "report state")?,
            consent: self.term(row, 3, Consent::from_code, "consent")?,
            what_excerpt: self.get(row, 4)?,
            created_at: self.get(row, 5)?,
        })
    }

    /// NotFound unless the person mention is stored.
    pub(super) async fn check_mention(
        &self,
        conn: &mut AnyConnection,
        key: &MentionKey,
    ) -> CaseResult<()> {
        let found =
            sqlx::query("SELECT 1 FROM person_mentions WHERE sha256 = $1 AND start_char = $2")
                .bind(key.sha256.as_str())
                .bind(to_i64(key.start, "offset")?)
                .fetch_optional(conn)
                .await
                .map_err(|e| self.query_error(format!("looking up mention {key}"), e))?;
        match found {
            Some(_) => Ok(()),
            None => Err(CaseError::NotFound {
                entity: "mention",
                id: key.to_string(),
            }),
        }
    }
}

/// The consent a stored report must have.
fn required_consent(draft: &ReportDraft) -> Result<Consent> {
    draft.consent.ok_or_else(|| StoreError::Invalid {
        what: "a report".to_string(),
        detail: "it has no consent level (public, anonymised or confidential)".to_string(),
    })
}
