//! Publication decisions and consent: what may leave the register.
//! Each is an audited change and an entry in the verifiable log.

use super::{Audited, CaseError, CaseResult};
use crate::{to_i64, Result, Store};
use kuager_case::{Consent, Publication};
use kuager_domain::MentionKey;

/// An event's publication state and its participants' consent, by ordinal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPublication {
    pub publication: Publication,
    pub participant_consent: Vec<Consent>,
}

impl Store {
    /// An editor publishes, withholds or unpublishes an event;
    /// version-checked like any edit of the event.
    pub async fn set_event_publication(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        publication: Publication,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, id).await?;
        let done = sqlx::query(
            "UPDATE events SET publication = $3, updated_at = $4, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(publication.code())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("setting the publication of event {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("events", "event", id, version).await);
        }
        let action = match publication {
            Publication::Published => "publish",
            Publication::Withheld => "withhold",
            Publication::Unpublished => "unpublish",
        };
        self.commit_event_change(change, action, id, Some(&before))
            .await
    }

    /// Records what a participant of an event consented to (by ordinal).
    pub async fn set_participant_consent(
        &self,
        actor: i64,
        event_id: i64,
        ordinal: usize,
        consent: Consent,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let done = sqlx::query(
            "UPDATE event_participants SET consent = $3 WHERE event_id = $1 AND ordinal = $2",
        )
        .bind(event_id)
        .bind(to_i64(ordinal, "ordinal")?)
        .bind(consent.code())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("recording consent in event {event_id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(CaseError::NotFound {
                entity: "participant",
                id: format!("{event_id}/{ordinal}"),
            });
        }
        self.commit_event_change(change, "consent", event_id, Some(&before))
            .await
    }

    /// Records what a person (by the anchor mention of the register)
    /// consented to.
    pub async fn set_person_consent(
        &self,
        actor: i64,
        person: &MentionKey,
        consent: Consent,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        self.check_mention(&mut change.tx, person).await?;
        let start = to_i64(person.start, "offset")?;
        let context = format!("recording the consent of {}:{start}", person.sha256);
        sqlx::query("DELETE FROM person_consent WHERE mention_sha256 = $1 AND mention_start = $2")
            .bind(person.sha256.as_str())
            .bind(start)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        sqlx::query(
            "INSERT INTO person_consent (mention_sha256, mention_start, consent, recorded_by, \
             recorded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person.sha256.as_str())
        .bind(start)
        .bind(consent.code())
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(context.as_str(), e))?;
        let key = format!("{}:{start}", person.sha256);
        let after = serde_json::json!({ "consent": consent.code() }).to_string();
        change
            .commit("consent", "consent", &key, None, Some(after))
            .await?;
        Ok(())
    }

    pub async fn event_publication(&self, id: i64) -> Result<Option<EventPublication>> {
        let publication: Option<String> =
            sqlx::query_scalar("SELECT publication FROM events WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.query_error(format!("reading event {id}"), e))?;
        let Some(code) = publication else {
            return Ok(None);
        };
        let publication = Publication::from_code(&code)
            .ok_or_else(|| self.corrupt(format!("publication {code:?} of event {id}")))?;
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT consent FROM event_participants WHERE event_id = $1 ORDER BY ordinal",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading the consent in event {id}"), e))?;
        let participant_consent = codes
            .iter()
            .map(|c| {
                Consent::from_code(c)
                    .ok_or_else(|| self.corrupt(format!("consent {c:?} in event {id}")))
            })
            .collect::<Result<_>>()?;
        Ok(Some(EventPublication {
            publication,
            participant_consent,
        }))
    }

    /// A person's recorded consent; None when nothing was recorded (which
    /// publication must treat as no consent).
    pub async fn person_consent(&self, person: &MentionKey) -> Result<Option<Consent>> {
        let code: Option<String> = sqlx::query_scalar(
            "SELECT consent FROM person_consent WHERE mention_sha256 = $1 AND mention_start = $2",
        )
        .bind(person.sha256.as_str())
        .bind(to_i64(person.start, "offset")?)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("reading a person's consent", e))?;
        code.map(|c| Consent::from_code(&c).ok_or_else(|| self.corrupt(format!("consent {c:?}"))))
            .transpose()
    }
}
