//! Political-prisoner recognitions of persons of the register.

use super::{
    bucket, mention_keys, padded, placeholders, Audited, CaseResult, RecognitionRecord, LIST_CHUNK,
};
use crate::{to_i64, Result, Store};
use kuager_case::{CaseDate, PaceCriterion, Recognition, RecognitionDecision};
use kuager_domain::MentionKey;
use sqlx::any::AnyRow;

impl Store {
    // ---- recognitions ---------------------------------------------------

    /// Records a recognition decision about the person of a (stored)
    /// mention; its rules are checked first.
    pub async fn add_recognition(
        &self,
        actor: i64,
        person: &MentionKey,
        recognition: &Recognition,
    ) -> CaseResult<i64> {
        recognition.check()?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        self.check_mention(&mut change.tx, person).await?;
        let id = change.next_id("recognitions").await?;
        let criteria: Vec<&str> = recognition.criteria.iter().map(|c| c.code()).collect();
        sqlx::query(
            "INSERT INTO recognitions (id, mention_sha256, mention_start, decision, criteria, \
             decided_by, decided_on, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(person.sha256.as_str())
        .bind(to_i64(person.start, "offset")?)
        .bind(recognition.decision.code())
        .bind(criteria.join(","))
        .bind(recognition.decided_by.as_str())
        .bind(recognition.decided_on.to_input())
        .bind(recognition.note.as_str())
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing recognition {id}"), e))?;
        let record = RecognitionRecord {
            id,
            person: person.clone(),
            recognition: recognition.clone(),
            recorded_by: Some(actor),
            recorded_at: change.now.clone(),
        };
        let after = self.audit_json("recognition", &record)?;
        change
            .commit("create", "recognition", &id.to_string(), None, Some(after))
            .await?;
        Ok(id)
    }

    /// Recognitions of any of `mentions`, oldest first.
    pub async fn recognitions_of_mentions(
        &self,
        mentions: &[MentionKey],
    ) -> Result<Vec<RecognitionRecord>> {
        let keys = mention_keys(mentions)?;
        let mut conn = self.reader().await?;
        let mut found = Vec::new();
        for chunk in keys.chunks(LIST_CHUNK) {
            let sql = format!(
                "WITH k (sha256, start_char) AS (VALUES {}) \
                 SELECT DISTINCT r.id, r.mention_sha256, r.mention_start, r.decision, \
                 r.criteria, r.decided_by, r.decided_on, r.note, r.recorded_by, r.recorded_at \
                 FROM k JOIN recognitions r \
                 ON r.mention_sha256 = k.sha256 AND r.mention_start = k.start_char",
                placeholders(self.backend, bucket(chunk.len()), 2)
            );
            let mut query = sqlx::query(&sql);
            for (sha256, start) in padded(chunk) {
                query = query.bind(sha256).bind(start);
            }
            let rows = query
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error("reading recognitions", e))?;
            for row in &rows {
                found.push(self.recognition_row(row)?);
            }
        }
        found.sort_by_key(|r| r.id);
        found.dedup_by_key(|r| r.id);
        Ok(found)
    }

    pub(super) fn recognition_row(&self, row: &AnyRow) -> Result<RecognitionRecord> {
        let id: i64 = self.get(row, 0)?;
        let criteria: String = self.get(row, 4)?;
        let criteria = criteria
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| {
                PaceCriterion::from_code(c)
                    .ok_or_else(|| self.corrupt(format!("criterion {c:?} of recognition {id}")))
            })
            .collect::<Result<_>>()?;
        let decided_on: String = self.get(row, 6)?;
        let decided_on = CaseDate::parse(&decided_on)
            .map_err(|e| self.corrupt(format!("date of recognition {id}: {e}")))?;
        Ok(RecognitionRecord {
            id,
            person: MentionKey {
                sha256: self.get(row, 1)?,
                start: self.offset(row, 2)?,
            },
            recognition: Recognition {
                decision: self.term(
                    row,
                    3,
                    RecognitionDecision::from_code,
                    "recognition decision",
                )?,
                criteria,
                decided_by: self.get(row, 5)?,
                decided_on,
                note: self.get(row, 7)?,
            },
            recorded_by: self.get(row, 8)?,
            recorded_at: self.get(row, 9)?,
        })
    }
}
