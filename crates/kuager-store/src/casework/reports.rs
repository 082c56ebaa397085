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

/// Columns of a [`ReportSummary`]; `what` is sealed, so the excerpt is
/// cut after opening it.
const SUMMARY_SQL: &str = "SELECT r.id, u.name, r.state, r.consent, r.what, \
     r.created_at, r.sealed FROM reports r LEFT JOIN users u ON u.id = r.author_id";

/// The report columns sealed by the application (all free text a reporter
/// writes; `place_key` stays plain for statistics).
const SEALED_COLUMNS: [&str; 5] = ["what", "happened", "place_detail", "who", "contact"];

/// Sealing context of a report column.
fn report_context(column: &str, id: i64) -> String {
    format!("reports.{column}:{id}")
}

/// Shown in the audit log instead of a sealed field's text.
const SEALED_MARK: &str = "[sealed]";

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
        let sealed = self.seal_draft(id, draft);
        sqlx::query(
            "INSERT INTO reports (id, author_id, state, what, happened, place_key, place_detail, \
             who, consent, contact, language, created_at, updated_at, review_note, version, \
             sealed) \
             VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, '', 1, 1)",
        )
        .bind(id)
        .bind(author)
        .bind(sealed[0].as_str())
        .bind(sealed[1].as_str())
        .bind(draft.place_key.as_deref())
        .bind(sealed[2].as_str())
        .bind(sealed[3].as_str())
        .bind(consent.code())
        .bind(sealed[4].as_str())
        .bind(language)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing report {id}"), e))?;
        self.index_report(&mut change.tx, id, draft).await?;
        self.insert_attachments(&mut change, id, attachments)
            .await?;
        let after = self.read_report(&mut change.tx, id).await?.ok_or_else(|| {
            self.corrupt(format!("report {id} vanished while it was being stored"))
        })?;
        let after = self.audit_json("report", &sealed_view(&after))?;
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
        let sealed = self.seal_draft(id, draft);
        let done = sqlx::query(
            "UPDATE reports SET what = $3, happened = $4, place_key = $5, place_detail = $6, \
             who = $7, consent = $8, contact = $9, updated_at = $10, version = version + 1, \
             sealed = 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(sealed[0].as_str())
        .bind(sealed[1].as_str())
        .bind(draft.place_key.as_deref())
        .bind(sealed[2].as_str())
        .bind(sealed[3].as_str())
        .bind(consent.code())
        .bind(sealed[4].as_str())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("amending report {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("reports", "report", id, version).await);
        }
        self.index_report(&mut change.tx, id, draft).await?;
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
        let context = format!("linking a name of report {report_id}");
        // Names are sealed (random nonces): find the stored form by opening.
        let stored = sqlx::query("SELECT name FROM report_links WHERE report_id = $1")
            .bind(report_id)
            .fetch_all(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        for row in &stored {
            let stored_name: String = self.get(row, 0)?;
            if self.open_link_name(report_id, &stored_name)? == name {
                sqlx::query("DELETE FROM report_links WHERE report_id = $1 AND name = $2")
                    .bind(report_id)
                    .bind(stored_name.as_str())
                    .execute(&mut *change.tx)
                    .await
                    .map_err(|e| self.query_error(context.as_str(), e))?;
            }
        }
        if let Some(key) = person {
            self.check_mention(&mut change.tx, key).await?;
            sqlx::query(
                "INSERT INTO report_links (report_id, name, mention_sha256, mention_start) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(report_id)
            .bind(self.seal_text(&link_context(report_id), name))
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
    /// Metadata and bytes (opened) of an attachment.
    pub async fn attachment(&self, id: i64) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at, sealed, \
             bytes FROM attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading attachment {id}"), e))?;
        row.map(|row| {
            let meta = self.attachment_row(&row)?;
            let stored: Vec<u8> = self.get(&row, 8)?;
            let bytes = if self.get::<i64>(&row, 7)? == 1 {
                self.open_bytes(&format!("attachments.bytes:{id}"), &stored)?
            } else {
                stored
            };
            Ok((meta, bytes))
        })
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
            // The evidence hash is of the original bytes, taken before sealing.
            let sha256 = hex::encode(Sha256::digest(&a.bytes));
            sqlx::query(
                "INSERT INTO attachments \
                 (id, report_id, file_name, content_type, sha256, size, bytes, uploaded_at, \
                 sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
            )
            .bind(id)
            .bind(report_id)
            .bind(self.seal_text(&format!("attachments.file_name:{id}"), &a.file_name))
            .bind(a.content_type.as_str())
            .bind(sha256)
            .bind(to_i64(a.bytes.len(), "attachment size")?)
            .bind(self.seal_bytes(&format!("attachments.bytes:{id}"), &a.bytes))
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
            self.audit_json("report", &sealed_view(before))?,
            self.audit_json("report", &sealed_view(&after))?,
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
             r.updated_at, r.reviewed_by, r.review_note, r.duplicate_of, r.version, r.sealed \
             FROM reports r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let sealed = self.get::<i64>(&row, 18)? == 1;
        let field = |index: usize, column: &str| -> Result<String> {
            let stored: String = self.get(&row, index)?;
            if sealed {
                self.open_text(&report_context(column, id), &stored)
            } else {
                Ok(stored)
            }
        };
        let draft = ReportDraft {
            what: field(4, "what")?,
            when: field(5, "happened")?,
            place_key: self.get(&row, 6)?,
            place_detail: field(7, "place_detail")?,
            who: field(8, "who")?,
            consent: Some(self.term(&row, 9, Consent::from_code, "consent")?),
            contact: field(10, "contact")?,
        };
        let attachments = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at, sealed \
             FROM attachments WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let links = sqlx::query(
            "SELECT name, mention_sha256, mention_start FROM report_links \
             WHERE report_id = $1",
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
            draft,
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
            links: {
                let mut links = links
                    .iter()
                    .map(|row| {
                        Ok((
                            self.open_link_name(id, &self.get::<String>(row, 0)?)?,
                            MentionKey {
                                sha256: self.get(row, 1)?,
                                start: self.offset(row, 2)?,
                            },
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                links.sort();
                links
            },
        }))
    }

    fn attachment_row(&self, row: &AnyRow) -> Result<AttachmentMeta> {
        let id: i64 = self.get(row, 0)?;
        let file_name: String = self.get(row, 2)?;
        let file_name = if self.get::<i64>(row, 7)? == 1 {
            self.open_text(&format!("attachments.file_name:{id}"), &file_name)?
        } else {
            file_name
        };
        Ok(AttachmentMeta {
            id,
            report_id: self.get(row, 1)?,
            file_name,
            content_type: self.get(row, 3)?,
            sha256: self.get(row, 4)?,
            size: self.get(row, 5)?,
            uploaded_at: self.get(row, 6)?,
        })
    }

    fn summary_row(&self, row: &AnyRow) -> Result<ReportSummary> {
        let id: i64 = self.get(row, 0)?;
        let what: String = self.get(row, 4)?;
        let what = if self.get::<i64>(row, 6)? == 1 {
            self.open_text(&report_context("what", id), &what)?
        } else {
            what
        };
        Ok(ReportSummary {
            id,
            author_name: self.get(row, 1)?,
            state: self.term(row, 2, ReportState::from_code, "report state")?,
            consent: self.term(row, 3, Consent::from_code, "consent")?,
            what_excerpt: what.chars().take(200).collect(),
            created_at: self.get(row, 5)?,
        })
    }

    /// The sealed forms of a draft's free-text fields, in [`SEALED_COLUMNS`]
    /// order.
    fn seal_draft(&self, id: i64, draft: &ReportDraft) -> [String; 5] {
        let texts = [
            &draft.what,
            &draft.when,
            &draft.place_detail,
            &draft.who,
            &draft.contact,
        ];
        std::array::from_fn(|i| self.seal_text(&report_context(SEALED_COLUMNS[i], id), texts[i]))
    }

    /// Replaces the blind-index tokens of a report (the words analysts can
    /// search: not the contact).
    async fn index_report(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        draft: &ReportDraft,
    ) -> Result<()> {
        sqlx::query("DELETE FROM report_tokens WHERE report_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("indexing report {id}"), e))?;
        let text = format!(
            "{} {} {} {}",
            draft.what, draft.when, draft.place_detail, draft.who
        );
        for token in self.blind_tokens(&text) {
            sqlx::query("INSERT INTO report_tokens (report_id, token) VALUES ($1, $2)")
                .bind(id)
                .bind(token)
                .execute(&mut *conn)
                .await
                .map_err(|e| self.query_error(format!("indexing report {id}"), e))?;
        }
        Ok(())
    }

    /// A linked name as stored: sealed, or plain from before sealing.
    fn open_link_name(&self, report_id: i64, stored: &str) -> Result<String> {
        if kuager_vault::FieldCipher::is_sealed_text(stored) {
            self.open_text(&link_context(report_id), stored)
        } else {
            Ok(stored.to_string())
        }
    }

    /// Seals the reports, attachments and linked names stored in plain by
    /// versions before sealing (run once, in the upgrade's transaction).
    pub(crate) async fn seal_legacy_rows(&self, conn: &mut AnyConnection) -> Result<()> {
        let context = "sealing reports stored before encryption";
        let rows = sqlx::query(
            "SELECT id, what, happened, place_key, place_detail, who, contact FROM reports \
             WHERE sealed = 0",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(context, e))?;
        for row in &rows {
            let id: i64 = self.get(row, 0)?;
            let draft = ReportDraft {
                what: self.get(row, 1)?,
                when: self.get(row, 2)?,
                place_key: self.get(row, 3)?,
                place_detail: self.get(row, 4)?,
                who: self.get(row, 5)?,
                consent: None,
                contact: self.get(row, 6)?,
            };
            let sealed = self.seal_draft(id, &draft);
            sqlx::query(
                "UPDATE reports SET what = $2, happened = $3, place_detail = $4, who = $5, \
                 contact = $6, sealed = 1 WHERE id = $1",
            )
            .bind(id)
            .bind(sealed[0].as_str())
            .bind(sealed[1].as_str())
            .bind(sealed[2].as_str())
            .bind(sealed[3].as_str())
            .bind(sealed[4].as_str())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(context, e))?;
            self.index_report(conn, id, &draft).await?;
        }
        let rows = sqlx::query("SELECT id, file_name, bytes FROM attachments WHERE sealed = 0")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error(context, e))?;
        for row in &rows {
            let id: i64 = self.get(row, 0)?;
            let name: String = self.get(row, 1)?;
            let bytes: Vec<u8> = self.get(row, 2)?;
            sqlx::query(
                "UPDATE attachments SET file_name = $2, bytes = $3, sealed = 1 WHERE id = $1",
            )
            .bind(id)
            .bind(self.seal_text(&format!("attachments.file_name:{id}"), &name))
            .bind(self.seal_bytes(&format!("attachments.bytes:{id}"), &bytes))
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(context, e))?;
        }
        let rows = sqlx::query("SELECT report_id, name FROM report_links")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error(context, e))?;
        for row in &rows {
            let report_id: i64 = self.get(row, 0)?;
            let name: String = self.get(row, 1)?;
            if kuager_vault::FieldCipher::is_sealed_text(&name) {
                continue;
            }
            sqlx::query("UPDATE report_links SET name = $3 WHERE report_id = $1 AND name = $2")
                .bind(report_id)
                .bind(name.as_str())
                .bind(self.seal_text(&link_context(report_id), &name))
                .execute(&mut *conn)
                .await
                .map_err(|e| self.query_error(context, e))?;
        }
        Ok(())
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

/// Sealing context of the names linked from a report.
fn link_context(report_id: i64) -> String {
    format!("report_links.name:{report_id}")
}

/// A report as the audit log records it: sealed fields marked, not shown
/// (the log of changes must not hold what the reporter wrote).
fn sealed_view(record: &ReportRecord) -> ReportRecord {
    let mut view = record.clone();
    for text in [
        &mut view.draft.what,
        &mut view.draft.when,
        &mut view.draft.place_detail,
        &mut view.draft.who,
        &mut view.draft.contact,
    ] {
        *text = SEALED_MARK.to_string();
    }
    for attachment in &mut view.attachments {
        attachment.file_name = SEALED_MARK.to_string();
    }
    for (name, _) in &mut view.links {
        *name = SEALED_MARK.to_string();
    }
    view
}
