//! The register of assembly notifications and their yearly counts.
//!
//! Not sealed: a notification is an act addressed to the authorities, and
//! its organiser, place and purpose are what the counts and publications
//! are made of (decision 0015). What a witness says about the day goes in
//! a report, which is sealed.

use super::{field_error, Audited, CaseError, CaseResult};
use crate::{Result, Store};
use kuager_case::{
    AssemblyAnswer, AssemblyDraft, AssemblyFact, AssemblyOutcome, Day, OrganiserKind, RefusalReason,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssemblyRecord {
    pub id: i64,
    pub draft: AssemblyDraft,
    /// Events that followed (detentions, fines), by id.
    pub events: Vec<i64>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

const ASSEMBLY_COLUMNS: &str = "id, organiser_kind, organiser, place_key, place_detail, \
     assembly_date, purpose, expected, answer, refusal_reason, refusal_detail, outcome, \
     created_by, created_at, updated_at, version";

impl Store {
    pub async fn add_assembly(&self, actor: i64, draft: &AssemblyDraft) -> CaseResult<i64> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let id = change.next_id("assemblies").await?;
        sqlx::query(
            "INSERT INTO assemblies (id, organiser_kind, organiser, place_key, place_detail, \
             assembly_date, purpose, expected, answer, refusal_reason, refusal_detail, outcome, \
             created_by, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1)",
        )
        .bind(id)
        .bind(draft.organiser_kind.code())
        .bind(draft.organiser.trim())
        .bind(draft.place_key.as_str())
        .bind(draft.place_detail.trim())
        .bind(draft.date.iso())
        .bind(draft.purpose.trim())
        .bind(draft.expected.map(i64::from))
        .bind(draft.answer.code())
        .bind(draft.refusal_reason.map(RefusalReason::code))
        .bind(draft.refusal_detail.trim())
        .bind(draft.outcome.map(AssemblyOutcome::code))
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing assembly {id}"), e))?;
        let after = self.assembly_audit(&mut change.tx, id).await?;
        change
            .commit("create", "assembly", &id.to_string(), None, Some(after))
            .await?;
        Ok(id)
    }

    /// Replaces a notification's details; version-checked.
    pub async fn update_assembly(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        draft: &AssemblyDraft,
    ) -> CaseResult<()> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.assembly_audit(&mut change.tx, id).await?;
        let done = sqlx::query(
            "UPDATE assemblies SET organiser_kind = $3, organiser = $4, place_key = $5, \
             place_detail = $6, assembly_date = $7, purpose = $8, expected = $9, answer = $10, \
             refusal_reason = $11, refusal_detail = $12, outcome = $13, updated_at = $14, \
             version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(draft.organiser_kind.code())
        .bind(draft.organiser.trim())
        .bind(draft.place_key.as_str())
        .bind(draft.place_detail.trim())
        .bind(draft.date.iso())
        .bind(draft.purpose.trim())
        .bind(draft.expected.map(i64::from))
        .bind(draft.answer.code())
        .bind(draft.refusal_reason.map(RefusalReason::code))
        .bind(draft.refusal_detail.trim())
        .bind(draft.outcome.map(AssemblyOutcome::code))
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("updating assembly {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("assemblies", "assembly", id, version).await);
        }
        let after = self.assembly_audit(&mut change.tx, id).await?;
        change
            .commit(
                "update",
                "assembly",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    /// Links (or with `link` false unlinks) an event that followed the
    /// assembly. Not version-checked: links are not part of the form.
    pub async fn link_assembly_event(
        &self,
        actor: i64,
        id: i64,
        event_id: i64,
        link: bool,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.assembly_audit(&mut change.tx, id).await?;
        let context = format!("linking event {event_id} to assembly {id}");
        if link {
            let found = sqlx::query("SELECT 1 FROM events WHERE id = $1")
                .bind(event_id)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
            if found.is_none() {
                return Err(CaseError::NotFound {
                    entity: "event",
                    id: event_id.to_string(),
                });
            }
            sqlx::query(
                "INSERT INTO assembly_events (assembly_id, event_id) VALUES ($1, $2) \
                 ON CONFLICT (assembly_id, event_id) DO NOTHING",
            )
            .bind(id)
            .bind(event_id)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        } else {
            sqlx::query("DELETE FROM assembly_events WHERE assembly_id = $1 AND event_id = $2")
                .bind(id)
                .bind(event_id)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
        }
        let after = self.assembly_audit(&mut change.tx, id).await?;
        let action = if link { "link" } else { "unlink" };
        change
            .commit(
                action,
                "assembly",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    pub async fn assembly(&self, id: i64) -> Result<Option<AssemblyRecord>> {
        let mut conn = self.reader().await?;
        self.read_assembly(&mut conn, id).await
    }

    /// Notifications of a year (all when `None`), newest first.
    pub async fn assemblies(&self, year: Option<i32>) -> Result<Vec<AssemblyRecord>> {
        let mut sql = format!("SELECT {ASSEMBLY_COLUMNS} FROM assemblies");
        if year.is_some() {
            sql.push_str(" WHERE assembly_date >= $1 AND assembly_date < $2");
        }
        sql.push_str(" ORDER BY assembly_date DESC, id DESC");
        let mut query = sqlx::query(&sql);
        if let Some(y) = year {
            query = query
                .bind(format!("{y:04}-01-01"))
                .bind(format!("{:04}-01-01", y + 1));
        }
        let mut conn = self.reader().await?;
        let rows = query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("listing assemblies", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut a = self.assembly_row(row)?;
            a.events = self.assembly_events(&mut conn, a.id).await?;
            out.push(a);
        }
        Ok(out)
    }

    /// Notifications grouped by year, city, answer and reason: the input
    /// of [`kuager_case::AssemblyStats::from_facts`].
    pub async fn assembly_facts(&self) -> Result<Vec<AssemblyFact>> {
        let rows = sqlx::query(
            "SELECT substr(assembly_date, 1, 4), place_key, answer, refusal_reason, COUNT(*) \
             FROM assemblies GROUP BY substr(assembly_date, 1, 4), place_key, answer, \
             refusal_reason",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("counting assemblies", e))?;
        rows.iter()
            .map(|row| {
                let year: String = self.get(row, 0)?;
                let reason: Option<String> = self.get(row, 3)?;
                let reason = reason
                    .map(|r| {
                        RefusalReason::from_code(&r)
                            .ok_or_else(|| self.corrupt(format!("refusal reason {r:?}")))
                    })
                    .transpose()?;
                let count: i64 = self.get(row, 4)?;
                Ok(AssemblyFact {
                    year: year
                        .parse()
                        .map_err(|_| self.corrupt(format!("assembly year {year:?}")))?,
                    place_key: self.get(row, 1)?,
                    answer: self.term(row, 2, AssemblyAnswer::from_code, "assembly answer")?,
                    reason,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn assembly_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let record = self
            .read_assembly(conn, id)
            .await?
            .ok_or_else(|| CaseError::NotFound {
                entity: "assembly",
                id: id.to_string(),
            })?;
        Ok(self.audit_json("assembly", &record)?)
    }

    async fn read_assembly(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<AssemblyRecord>> {
        let sql = format!("SELECT {ASSEMBLY_COLUMNS} FROM assemblies WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("reading assembly {id}"), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut record = self.assembly_row(&row)?;
        record.events = self.assembly_events(conn, id).await?;
        Ok(Some(record))
    }

    async fn assembly_events(&self, conn: &mut AnyConnection, id: i64) -> Result<Vec<i64>> {
        sqlx::query_scalar(
            "SELECT event_id FROM assembly_events WHERE assembly_id = $1 ORDER BY event_id",
        )
        .bind(id)
        .fetch_all(conn)
        .await
        .map_err(|e| self.query_error(format!("reading the events of assembly {id}"), e))
    }

    fn assembly_row(&self, row: &AnyRow) -> Result<AssemblyRecord> {
        let id: i64 = self.get(row, 0)?;
        let date: String = self.get(row, 5)?;
        let date = Day::parse_iso(&date)
            .map_err(|e| self.corrupt(format!("date of assembly {id}: {e}")))?;
        let expected: Option<i64> = self.get(row, 7)?;
        let expected = expected
            .map(|v| u32::try_from(v).map_err(|_| self.corrupt(format!("expected number {v}"))))
            .transpose()?;
        let reason: Option<String> = self.get(row, 9)?;
        let outcome: Option<String> = self.get(row, 11)?;
        Ok(AssemblyRecord {
            id,
            draft: AssemblyDraft {
                organiser_kind: self.term(row, 1, OrganiserKind::from_code, "organiser kind")?,
                organiser: self.get(row, 2)?,
                place_key: self.get(row, 3)?,
                place_detail: self.get(row, 4)?,
                date,
                purpose: self.get(row, 6)?,
                expected,
                answer: self.term(row, 8, AssemblyAnswer::from_code, "assembly answer")?,
                refusal_reason: reason
                    .map(|r| {
                        RefusalReason::from_code(&r)
                            .ok_or_else(|| self.corrupt(format!("refusal reason {r:?}")))
                    })
                    .transpose()?,
                refusal_detail: self.get(row, 10)?,
                outcome: outcome
                    .map(|o| {
                        AssemblyOutcome::from_code(&o)
                            .ok_or_else(|| self.corrupt(format!("assembly outcome {o:?}")))
                    })
                    .transpose()?,
            },
            events: Vec::new(),
            created_by: self.get(row, 12)?,
            created_at: self.get(row, 13)?,
            updated_at: self.get(row, 14)?,
            version: self.get(row, 15)?,
        })
    }
}
