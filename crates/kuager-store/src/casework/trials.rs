//! Trial monitoring: hearings and the monitors assigned to them,
//! monitoring reports (notes and attachments sealed), the findings the
//! per-court and per-judge summaries count, and monitors' private
//! calendar feeds.

use super::{field_error, Actor, Audited, CaseError, CaseResult, NewAttachment};
use crate::{to_i64, Result, Store};
use kuager_case::{
    ChecklistAnswer, FairTrialStandard, HearingAccess, HearingDraft, HearingTime, HearingType,
    MonitoringDraft,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HearingRecord {
    pub id: i64,
    pub draft: HearingDraft,
    /// The hearing whose monitoring report set this one.
    pub follows: Option<i64>,
    /// Assigned monitors: (user id, name), by name.
    pub monitors: Vec<(i64, String)>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

impl HearingRecord {
    pub fn is_monitor(&self, user_id: i64) -> bool {
        self.monitors.iter().any(|(id, _)| *id == user_id)
    }
}

/// Which hearings to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HearingFilter {
    /// On or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Before this day (`YYYY-MM-DD`).
    pub before: Option<String>,
    /// Only those this user is assigned to.
    pub monitor: Option<i64>,
    /// Only those of this case (event).
    pub event: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitoringAttachmentMeta {
    pub id: i64,
    pub report_id: i64,
    pub file_name: String,
    pub content_type: String,
    /// SHA-256 of the original bytes (the evidence hash).
    pub sha256: String,
    pub size: i64,
    pub uploaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitoringRecord {
    pub id: i64,
    pub hearing_id: i64,
    pub monitor_id: i64,
    pub monitor_name: String,
    pub draft: MonitoringDraft,
    /// The hearing created from `draft.next_hearing`.
    pub next_hearing_id: Option<i64>,
    pub filed_at: String,
    pub updated_at: String,
    pub version: i64,
    pub attachments: Vec<MonitoringAttachmentMeta>,
}

const HEARING_COLUMNS: &str = "id, event_id, court, judge, place_key, courtroom, hearing_date, \
     hearing_time, hearing_type, access, follows, created_by, created_at, updated_at, version";

fn notes_context(id: i64) -> String {
    format!("monitoring_reports.notes:{id}")
}

fn attachment_context(column: &str, id: i64) -> String {
    format!("monitoring_attachments.{column}:{id}")
}

/// Shown in the audit log instead of sealed text.
const SEALED_MARK: &str = "[sealed]";

impl Store {
    // ---- hearings -------------------------------------------------------

    /// Schedules a hearing in the case of a (stored) event.
    pub async fn add_hearing(&self, actor: i64, draft: &HearingDraft) -> CaseResult<i64> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let id = self.insert_hearing(&mut change, draft, None).await?;
        let after = self.hearing_audit(&mut change.tx, id).await?;
        change
            .commit("create", "hearing", &id.to_string(), None, Some(after))
            .await?;
        Ok(id)
    }

    /// Replaces a hearing's details; version-checked.
    pub async fn update_hearing(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        draft: &HearingDraft,
    ) -> CaseResult<()> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.hearing_audit(&mut change.tx, id).await?;
        self.check_event(&mut change.tx, draft.event_id).await?;
        let done = sqlx::query(
            "UPDATE hearings SET event_id = $3, court = $4, judge = $5, place_key = $6, \
             courtroom = $7, hearing_date = $8, hearing_time = $9, hearing_type = $10, \
             access = $11, updated_at = $12, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(draft.event_id)
        .bind(draft.court.trim())
        .bind(draft.judge.trim())
        .bind(draft.place_key.as_deref())
        .bind(draft.courtroom.trim())
        .bind(draft.at.day.iso())
        .bind(draft.at.clock())
        .bind(draft.hearing_type.code())
        .bind(draft.access.code())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("updating hearing {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("hearings", "hearing", id, version).await);
        }
        let after = self.hearing_audit(&mut change.tx, id).await?;
        change
            .commit(
                "update",
                "hearing",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    pub async fn hearing(&self, id: i64) -> Result<Option<HearingRecord>> {
        let mut conn = self.reader().await?;
        self.read_hearing(&mut conn, id).await
    }

    /// Hearings in date and time order (those without a time first on
    /// their day).
    pub async fn hearings(&self, filter: &HearingFilter) -> Result<Vec<HearingRecord>> {
        let mut sql = format!("SELECT {HEARING_COLUMNS} FROM hearings h WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if filter.from.is_some() {
            sql.push_str(&format!(" AND h.hearing_date >= ${}", next()));
        }
        if filter.before.is_some() {
            sql.push_str(&format!(" AND h.hearing_date < ${}", next()));
        }
        if filter.monitor.is_some() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM hearing_monitors m \
                 WHERE m.hearing_id = h.id AND m.user_id = ${})",
                next()
            ));
        }
        if filter.event.is_some() {
            sql.push_str(&format!(" AND h.event_id = ${}", next()));
        }
        sql.push_str(" ORDER BY h.hearing_date, COALESCE(h.hearing_time, ''), h.id");
        let mut query = sqlx::query(&sql);
        if let Some(v) = &filter.from {
            query = query.bind(v.as_str());
        }
        if let Some(v) = &filter.before {
            query = query.bind(v.as_str());
        }
        if let Some(v) = filter.monitor {
            query = query.bind(v);
        }
        if let Some(v) = filter.event {
            query = query.bind(v);
        }
        let mut conn = self.reader().await?;
        let rows = query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("listing hearings", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut h = self.hearing_row(row)?;
            h.monitors = self.hearing_monitors(&mut conn, h.id).await?;
            out.push(h);
        }
        Ok(out)
    }

    /// Assigns (`assign` true) or removes a monitor; the account must
    /// exist and be active to be assigned.
    pub async fn set_hearing_monitor(
        &self,
        actor: i64,
        hearing_id: i64,
        user_id: i64,
        assign: bool,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.hearing_audit(&mut change.tx, hearing_id).await?;
        let context = format!("changing the monitors of hearing {hearing_id}");
        if assign {
            let active: Option<i64> = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
            if active != Some(1) {
                return Err(CaseError::NotFound {
                    entity: "user",
                    id: user_id.to_string(),
                });
            }
            sqlx::query(
                "INSERT INTO hearing_monitors (hearing_id, user_id, assigned_by, assigned_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (hearing_id, user_id) DO NOTHING",
            )
            .bind(hearing_id)
            .bind(user_id)
            .bind(actor)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        } else {
            sqlx::query("DELETE FROM hearing_monitors WHERE hearing_id = $1 AND user_id = $2")
                .bind(hearing_id)
                .bind(user_id)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
        }
        let after = self.hearing_audit(&mut change.tx, hearing_id).await?;
        let action = if assign { "assign" } else { "unassign" };
        change
            .commit(
                action,
                "hearing",
                &hearing_id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    // ---- monitoring reports ---------------------------------------------

    /// Files a monitor's report on a hearing, with its attachments, in one
    /// transaction. A next hearing date in the report schedules that
    /// hearing (same case, court, judge, courtroom and access; of
    /// `next_type`, or the same type) with the same monitors assigned.
    /// Returns the report's id and the new hearing's.
    pub async fn file_monitoring_report(
        &self,
        monitor: i64,
        hearing_id: i64,
        draft: &MonitoringDraft,
        next_type: Option<HearingType>,
        attachments: &[NewAttachment],
    ) -> CaseResult<(i64, Option<i64>)> {
        let mut change = Audited::begin(self, Some(monitor)).await?;
        let hearing = self
            .read_hearing(&mut change.tx, hearing_id)
            .await?
            .ok_or_else(|| CaseError::NotFound {
                entity: "hearing",
                id: hearing_id.to_string(),
            })?;
        field_error(draft.validate(&hearing.draft.at))?;
        let id = change.next_id("monitoring_reports").await?;
        let next_id = match &draft.next_hearing {
            None => None,
            Some(at) => {
                let next = HearingDraft {
                    at: *at,
                    hearing_type: next_type.unwrap_or(hearing.draft.hearing_type),
                    ..hearing.draft.clone()
                };
                let next_id = self
                    .insert_hearing(&mut change, &next, Some(hearing_id))
                    .await?;
                for (user, _) in &hearing.monitors {
                    sqlx::query(
                        "INSERT INTO hearing_monitors (hearing_id, user_id, assigned_by, \
                         assigned_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(next_id)
                    .bind(user)
                    .bind(monitor)
                    .bind(change.now.as_str())
                    .execute(&mut *change.tx)
                    .await
                    .map_err(|e| {
                        self.query_error(format!("assigning monitors to hearing {next_id}"), e)
                    })?;
                }
                Some(next_id)
            }
        };
        sqlx::query(
            "INSERT INTO monitoring_reports (id, hearing_id, monitor_id, took_place, notes, \
             next_hearing, filed_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)",
        )
        .bind(id)
        .bind(hearing_id)
        .bind(monitor)
        .bind(i64::from(draft.took_place))
        .bind(self.seal_text(&notes_context(id), &draft.notes))
        .bind(next_id)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing monitoring report {id}"), e))?;
        for (standard, answer) in &draft.answers {
            sqlx::query(
                "INSERT INTO monitoring_answers (report_id, standard, answer) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(standard.code())
            .bind(answer.code())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("storing the checklist of report {id}"), e))?;
        }
        for a in attachments {
            let attachment = change.next_id("monitoring_attachments").await?;
            // The evidence hash is of the original bytes, taken before sealing.
            let sha256 = hex::encode(Sha256::digest(&a.bytes));
            sqlx::query(
                "INSERT INTO monitoring_attachments (id, report_id, file_name, content_type, \
                 sha256, size, bytes, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(attachment)
            .bind(id)
            .bind(self.seal_text(&attachment_context("file_name", attachment), &a.file_name))
            .bind(a.content_type.as_str())
            .bind(sha256)
            .bind(to_i64(a.bytes.len(), "attachment size")?)
            .bind(self.seal_bytes(&attachment_context("bytes", attachment), &a.bytes))
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| {
                self.query_error(
                    format!(
                        "storing attachment {:?} of monitoring report {id}",
                        a.file_name
                    ),
                    e,
                )
            })?;
        }
        if let Some(next_id) = next_id {
            let after = self.hearing_audit(&mut change.tx, next_id).await?;
            change
                .record_also("create", "hearing", &next_id.to_string(), Some(after))
                .await?;
        }
        let record = self
            .read_monitoring_report(&mut change.tx, id)
            .await?
            .ok_or_else(|| self.corrupt(format!("monitoring report {id} vanished")))?;
        let after = self.audit_json("monitoring report", &sealed_view(&record))?;
        change
            .commit(
                "create",
                "monitoring-report",
                &id.to_string(),
                None,
                Some(after),
            )
            .await?;
        Ok((id, next_id))
    }

    pub async fn monitoring_report(&self, id: i64) -> Result<Option<MonitoringRecord>> {
        let mut conn = self.reader().await?;
        self.read_monitoring_report(&mut conn, id).await
    }

    /// The reports on a hearing, oldest first.
    pub async fn monitoring_reports_of_hearing(
        &self,
        hearing_id: i64,
    ) -> Result<Vec<MonitoringRecord>> {
        let mut conn = self.reader().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM monitoring_reports WHERE hearing_id = $1 ORDER BY id",
        )
        .bind(hearing_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("listing reports on hearing {hearing_id}"), e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = self.read_monitoring_report(&mut conn, id).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Metadata and (opened) bytes of a monitoring report's attachment.
    pub async fn monitoring_attachment(
        &self,
        id: i64,
    ) -> Result<Option<(MonitoringAttachmentMeta, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at, bytes \
             FROM monitoring_attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading monitoring attachment {id}"), e))?;
        row.map(|row| {
            let meta = self.monitoring_attachment_row(&row)?;
            let stored: Vec<u8> = self.get(&row, 7)?;
            let bytes = self.open_bytes(&attachment_context("bytes", id), &stored)?;
            Ok((meta, bytes))
        })
        .transpose()
    }

    /// Every checklist of a hearing that sat, with the hearing's court and
    /// judge: what the per-court and per-judge summaries count.
    pub async fn monitoring_findings(
        &self,
    ) -> Result<
        Vec<(
            i64,
            String,
            String,
            BTreeMap<FairTrialStandard, ChecklistAnswer>,
        )>,
    > {
        let rows = sqlx::query(
            "SELECT r.id, h.id, h.court, h.judge, a.standard, a.answer \
             FROM monitoring_reports r JOIN hearings h ON h.id = r.hearing_id \
             JOIN monitoring_answers a ON a.report_id = r.id \
             WHERE r.took_place = 1 ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading monitoring findings", e))?;
        let mut out: Vec<(i64, i64, String, String, BTreeMap<_, _>)> = Vec::new();
        for row in &rows {
            let report: i64 = self.get(row, 0)?;
            if out.last().is_none_or(|last| last.0 != report) {
                out.push((
                    report,
                    self.get(row, 1)?,
                    self.get(row, 2)?,
                    self.get(row, 3)?,
                    BTreeMap::new(),
                ));
            }
            let standard = self.term(row, 4, FairTrialStandard::from_code, "standard")?;
            let answer = self.term(row, 5, ChecklistAnswer::from_code, "checklist answer")?;
            if let Some(last) = out.last_mut() {
                last.4.insert(standard, answer);
            }
        }
        Ok(out
            .into_iter()
            .map(|(_, hearing, court, judge, answers)| (hearing, court, judge, answers))
            .collect())
    }

    // ---- private calendar feeds -----------------------------------------

    /// Gives `user_id` a private feed whose secret hashes to `token_hash`,
    /// replacing any earlier one (whose address stops working). Audited,
    /// not part of the register's log (like sessions).
    pub async fn issue_calendar_feed(
        &self,
        actor: Actor,
        user_id: i64,
        token_hash: &str,
    ) -> Result<()> {
        let mut change = Audited::begin(self, actor).await?;
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, created_at = $3",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("issuing the calendar feed of user {user_id}"), e))?;
        change
            .commit("issue", "calendar-feed", &user_id.to_string(), None, None)
            .await
    }

    /// Ends `user_id`'s private feed.
    pub async fn revoke_calendar_feed(&self, actor: Actor, user_id: i64) -> Result<()> {
        let mut change = Audited::begin(self, actor).await?;
        sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| {
                self.query_error(format!("revoking the calendar feed of user {user_id}"), e)
            })?;
        change
            .commit("revoke", "calendar-feed", &user_id.to_string(), None, None)
            .await
    }

    /// When `user_id`'s feed was issued, if there is one.
    pub async fn calendar_feed_issued(&self, user_id: i64) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error("reading a calendar feed", e))
    }

    /// The active account whose feed secret hashes to `token_hash`.
    pub async fn calendar_feed_user(&self, token_hash: &str) -> Result<Option<super::UserRecord>> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND u.active = 1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("looking up a calendar feed", e))?;
        match id {
            Some(id) => self.user(id).await,
            None => Ok(None),
        }
    }

    // ---- helpers --------------------------------------------------------

    async fn insert_hearing(
        &self,
        change: &mut Audited<'_>,
        draft: &HearingDraft,
        follows: Option<i64>,
    ) -> CaseResult<i64> {
        self.check_event(&mut change.tx, draft.event_id).await?;
        let id = change.next_id("hearings").await?;
        sqlx::query(
            "INSERT INTO hearings (id, event_id, court, judge, place_key, courtroom, \
             hearing_date, hearing_time, hearing_type, access, follows, created_by, created_at, \
             updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1)",
        )
        .bind(id)
        .bind(draft.event_id)
        .bind(draft.court.trim())
        .bind(draft.judge.trim())
        .bind(draft.place_key.as_deref())
        .bind(draft.courtroom.trim())
        .bind(draft.at.day.iso())
        .bind(draft.at.clock())
        .bind(draft.hearing_type.code())
        .bind(draft.access.code())
        .bind(follows)
        .bind(change.actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing hearing {id}"), e))?;
        Ok(id)
    }

    async fn check_event(&self, conn: &mut AnyConnection, event_id: i64) -> CaseResult<()> {
        let found = sqlx::query("SELECT 1 FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(conn)
            .await
            .map_err(|e| self.query_error(format!("looking up event {event_id}"), e))?;
        match found {
            Some(_) => Ok(()),
            None => Err(CaseError::NotFound {
                entity: "event",
                id: event_id.to_string(),
            }),
        }
    }

    /// The hearing as JSON for the audit log, or NotFound.
    async fn hearing_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let hearing = self
            .read_hearing(conn, id)
            .await?
            .ok_or_else(|| CaseError::NotFound {
                entity: "hearing",
                id: id.to_string(),
            })?;
        Ok(self.audit_json("hearing", &hearing)?)
    }

    async fn read_hearing(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<HearingRecord>> {
        let sql = format!("SELECT {HEARING_COLUMNS} FROM hearings WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("reading hearing {id}"), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut hearing = self.hearing_row(&row)?;
        hearing.monitors = self.hearing_monitors(conn, id).await?;
        Ok(Some(hearing))
    }

    async fn hearing_monitors(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name FROM hearing_monitors m JOIN users u ON u.id = m.user_id \
             WHERE m.hearing_id = $1 ORDER BY u.name",
        )
        .bind(id)
        .fetch_all(conn)
        .await
        .map_err(|e| self.query_error(format!("reading the monitors of hearing {id}"), e))?;
        rows.iter()
            .map(|row| Ok((self.get(row, 0)?, self.get(row, 1)?)))
            .collect()
    }

    fn hearing_row(&self, row: &AnyRow) -> Result<HearingRecord> {
        let id: i64 = self.get(row, 0)?;
        let day: String = self.get(row, 6)?;
        let clock: Option<String> = self.get(row, 7)?;
        let at = HearingTime::from_stored(&day, clock.as_deref())
            .map_err(|e| self.corrupt(format!("time of hearing {id}: {e}")))?;
        Ok(HearingRecord {
            id,
            draft: HearingDraft {
                event_id: self.get(row, 1)?,
                court: self.get(row, 2)?,
                judge: self.get(row, 3)?,
                place_key: self.get(row, 4)?,
                courtroom: self.get(row, 5)?,
                at,
                hearing_type: self.term(row, 8, HearingType::from_code, "hearing type")?,
                access: self.term(row, 9, HearingAccess::from_code, "hearing access")?,
            },
            follows: self.get(row, 10)?,
            monitors: Vec::new(),
            created_by: self.get(row, 11)?,
            created_at: self.get(row, 12)?,
            updated_at: self.get(row, 13)?,
            version: self.get(row, 14)?,
        })
    }

    async fn read_monitoring_report(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<MonitoringRecord>> {
        let context = || format!("reading monitoring report {id}");
        let row = sqlx::query(
            "SELECT r.id, r.hearing_id, r.monitor_id, u.name, r.took_place, r.notes, \
             r.next_hearing, r.filed_at, r.updated_at, r.version \
             FROM monitoring_reports r JOIN users u ON u.id = r.monitor_id WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let answers =
            sqlx::query("SELECT standard, answer FROM monitoring_answers WHERE report_id = $1")
                .bind(id)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error(context(), e))?;
        let answers = answers
            .iter()
            .map(|r| {
                Ok((
                    self.term(r, 0, FairTrialStandard::from_code, "standard")?,
                    self.term(r, 1, ChecklistAnswer::from_code, "checklist answer")?,
                ))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        let next_hearing_id: Option<i64> = self.get(&row, 6)?;
        let next_hearing = match next_hearing_id {
            Some(next) => self.read_hearing(conn, next).await?.map(|h| h.draft.at),
            None => None,
        };
        let attachments = sqlx::query(
            "SELECT id, report_id, file_name, content_type, sha256, size, uploaded_at \
             FROM monitoring_attachments WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(context(), e))?;
        let notes: String = self.get(&row, 5)?;
        Ok(Some(MonitoringRecord {
            id,
            hearing_id: self.get(&row, 1)?,
            monitor_id: self.get(&row, 2)?,
            monitor_name: self.get(&row, 3)?,
            draft: MonitoringDraft {
                took_place: self.get::<i64>(&row, 4)? == 1,
                answers,
                notes: self.open_text(&notes_context(id), &notes)?,
                next_hearing,
            },
            next_hearing_id,
            filed_at: self.get(&row, 7)?,
            updated_at: self.get(&row, 8)?,
            version: self.get(&row, 9)?,
            attachments: attachments
                .iter()
                .map(|r| self.monitoring_attachment_row(r))
                .collect::<Result<_>>()?,
        }))
    }

    fn monitoring_attachment_row(&self, row: &AnyRow) -> Result<MonitoringAttachmentMeta> {
        let id: i64 = self.get(row, 0)?;
        let file_name: String = self.get(row, 2)?;
        Ok(MonitoringAttachmentMeta {
            id,
            report_id: self.get(row, 1)?,
            file_name: self.open_text(&attachment_context("file_name", id), &file_name)?,
            content_type: self.get(row, 3)?,
            sha256: self.get(row, 4)?,
            size: self.get(row, 5)?,
            uploaded_at: self.get(row, 6)?,
        })
    }
}

/// A report as the audit log may hold it: sealed text replaced by a mark.
fn sealed_view(record: &MonitoringRecord) -> MonitoringRecord {
    let mut view = record.clone();
    if !view.draft.notes.is_empty() {
        view.draft.notes = SEALED_MARK.to_string();
    }
    for a in &mut view.attachments {
        a.file_name = SEALED_MARK.to_string();
    }
    view
}
