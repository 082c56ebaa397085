//! Events with their participants, charges, sources and figures; and
//! political-prisoner recognitions.

use super::{
    bucket, mention_keys, padded, placeholders, Audited, CaseError, CaseResult, EventRecord,
    SourceRecord, LIST_CHUNK,
};
use crate::{to_i64, Backend, Result, Store, StoreError};
use kuager_case::{
    CaseDate, Charge, EventDraft, EventType, FigureReporter, LegalCode, LegalDetails, Participant,
    ParticipantRole, RuleError, SentenceKind, SourceRef, Verification,
};
use kuager_domain::MentionKey;
use sqlx::any::{Any, AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::AnyConnection;
use std::collections::HashMap;

const EVENT_COLUMNS: &str = "id, event_type, date_precision, date_start, date_end, place_key, \
     place_detail, description, verification, court, judge, verdict, sentence_kind, \
     sentence_months, sentence_days, fine_kzt, created_by, created_at, updated_at, version";

/// The columns an [`EventDraft`] is stored in, in the order
/// [`bind_draft`] binds them.
const DRAFT_COLUMNS: [&str; 15] = [
    "event_type",
    "date_precision",
    "date_start",
    "date_end",
    "place_key",
    "place_detail",
    "description",
    "verification",
    "court",
    "judge",
    "verdict",
    "sentence_kind",
    "sentence_months",
    "sentence_days",
    "fine_kzt",
];

type AnyQuery<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Binds the draft's values for [`DRAFT_COLUMNS`].
fn bind_draft<'q>(query: AnyQuery<'q>, draft: &'q EventDraft) -> Result<AnyQuery<'q>> {
    let legal = &draft.legal;
    let fine = legal
        .fine_kzt
        .map(|f| {
            i64::try_from(f).map_err(|_| StoreError::Invalid {
                what: "an event".to_string(),
                detail: format!("the fine {f} is too large"),
            })
        })
        .transpose()?;
    Ok(query
        .bind(draft.event_type.code())
        .bind(draft.date.precision.code())
        .bind(draft.date.start.iso())
        .bind(draft.date.end.iso())
        .bind(draft.place_key.as_deref())
        .bind(draft.place_detail.as_str())
        .bind(draft.description.as_str())
        .bind(draft.verification.code())
        .bind(legal.court.as_str())
        .bind(legal.judge.as_str())
        .bind(legal.verdict.as_str())
        .bind(legal.sentence_kind.map(SentenceKind::code))
        .bind(legal.sentence_months.map(i64::from))
        .bind(legal.sentence_days.map(i64::from))
        .bind(fine))
}

impl Store {
    // ---- events ---------------------------------------------------------

    /// Creates an event with its first sources in one transaction; the
    /// draft's rules are checked against the number of sources given.
    /// Participants' mentions, documents and reports named must be stored
    /// (else [`CaseError::NotFound`]).
    pub async fn add_event(
        &self,
        actor: i64,
        draft: &EventDraft,
        sources: &[SourceRef],
    ) -> CaseResult<i64> {
        draft.check(sources.len())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let id = self
            .insert_event(&mut change, Some(actor), draft, sources)
            .await?;
        self.commit_event_change(change, "create", id, None).await?;
        Ok(id)
    }

    /// Creates an event inside a change that writes more than it (a
    /// staging commit), with an audit record and log entry of its own.
    pub(super) async fn add_event_in(
        &self,
        change: &mut Audited<'_>,
        actor: Option<i64>,
        draft: &EventDraft,
        sources: &[SourceRef],
    ) -> CaseResult<i64> {
        draft.check(sources.len())?;
        let id = self.insert_event(change, actor, draft, sources).await?;
        let after = self
            .read_events(&mut change.tx, &[id])
            .await?
            .pop()
            .ok_or_else(|| {
                self.corrupt(format!("event {id} vanished while it was being stored"))
            })?;
        let after = self.audit_json("event", &after)?;
        change
            .record_also("create", "event", &id.to_string(), Some(after))
            .await?;
        Ok(id)
    }

    /// The event's row, participants, charges and sources.
    async fn insert_event(
        &self,
        change: &mut Audited<'_>,
        actor: Option<i64>,
        draft: &EventDraft,
        sources: &[SourceRef],
    ) -> CaseResult<i64> {
        let id = change.next_id("events").await?;
        let sql = format!(
            "INSERT INTO events (id, {}, created_by, created_at, updated_at, version) \
             VALUES ($1, {}, $17, $18, $18, 1)",
            DRAFT_COLUMNS.join(", "),
            (2..=16)
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        bind_draft(sqlx::query(&sql).bind(id), draft)?
            .bind(actor)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("storing event {id}"), e))?;
        self.insert_event_parts(&mut change.tx, id, draft).await?;
        for source in sources {
            self.insert_source(change, id, source).await?;
        }
        Ok(id)
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventRecord>> {
        let mut conn = self.reader().await?;
        Ok(self.read_events(&mut conn, &[id]).await?.pop())
    }

    /// Replaces the event's fields, participants and charges;
    /// version-checked; rules checked against its stored sources.
    pub async fn update_event(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        draft: &EventDraft,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, id).await?;
        let sql = format!(
            "UPDATE events SET {}, updated_at = $18, version = version + 1 \
             WHERE id = $1 AND version = $2",
            DRAFT_COLUMNS
                .iter()
                .zip(3..)
                .map(|(column, n)| format!("{column} = ${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let done = bind_draft(sqlx::query(&sql).bind(id).bind(version), draft)?
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("updating event {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("events", "event", id, version).await);
        }
        draft.check(before.sources.len())?;
        let consents = self.participant_consents(&mut change.tx, id).await?;
        for table in ["event_participants", "event_charges"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE event_id = $1"))
                .bind(id)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("updating event {id}"), e))?;
        }
        self.insert_event_parts(&mut change.tx, id, draft).await?;
        self.restore_consents(&mut change.tx, id, draft, &consents)
            .await?;
        self.commit_event_change(change, "update", id, Some(&before))
            .await
    }

    /// The consent recorded for each participant, keyed by who they are
    /// (an edit rewrites the participant rows; consent must survive it).
    async fn participant_consents(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT role, mention_sha256, mention_start, name, position, organisation, consent \
             FROM event_participants WHERE event_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("reading the consent in event {id}"), e))?;
        rows.iter()
            .map(|row| {
                let identity = serde_json::json!([
                    self.get::<String>(row, 0)?,
                    self.get::<Option<String>>(row, 1)?,
                    self.get::<Option<i64>>(row, 2)?,
                    self.get::<String>(row, 3)?,
                    self.get::<String>(row, 4)?,
                    self.get::<String>(row, 5)?,
                ])
                .to_string();
                Ok((identity, self.get::<String>(row, 6)?))
            })
            .collect()
    }

    async fn restore_consents(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        draft: &EventDraft,
        consents: &[(String, String)],
    ) -> Result<()> {
        for (ordinal, p) in draft.participants.iter().enumerate() {
            let start = p
                .person
                .as_ref()
                .map(|k| to_i64(k.start, "offset"))
                .transpose()?;
            let identity = serde_json::json!([
                p.role.code(),
                p.person.as_ref().map(|k| k.sha256.as_str()),
                start,
                p.name,
                p.position,
                p.organisation,
            ])
            .to_string();
            if let Some((_, consent)) = consents.iter().find(|(who, _)| *who == identity) {
                sqlx::query(
                    "UPDATE event_participants SET consent = $3 WHERE event_id = $1 AND ordinal = $2",
                )
                .bind(id)
                .bind(to_i64(ordinal, "ordinal")?)
                .bind(consent.as_str())
                .execute(&mut *conn)
                .await
                .map_err(|e| self.query_error(format!("keeping the consent in event {id}"), e))?;
            }
        }
        Ok(())
    }

    /// Adds a source to an event (audited as "add-source" of the event; the
    /// event's version does not change); returns the source's id.
    pub async fn add_source(
        &self,
        actor: i64,
        event_id: i64,
        source: &SourceRef,
    ) -> CaseResult<i64> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let id = self.insert_source(&mut change, event_id, source).await?;
        self.touch_event(&mut change, event_id).await?;
        self.commit_event_change(change, "add-source", event_id, Some(&before))
            .await?;
        Ok(id)
    }

    /// Removing the last source of a verified or corroborated event is
    /// refused (RuleError::UnsourcedVerification). Audited as
    /// "remove-source" of the event.
    pub async fn remove_source(&self, actor: i64, source_id: i64) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let event_id: i64 =
            sqlx::query_scalar::<Any, i64>("SELECT event_id FROM sources WHERE id = $1")
                .bind(source_id)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("reading source {source_id}"), e))?
                .ok_or_else(|| CaseError::NotFound {
                    entity: "source",
                    id: source_id.to_string(),
                })?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let verification = before.draft.verification;
        if before.sources.len() <= 1
            && matches!(
                verification,
                Verification::Verified | Verification::Corroborated
            )
        {
            return Err(RuleError::UnsourcedVerification(verification.code()).into());
        }
        sqlx::query("DELETE FROM sources WHERE id = $1")
            .bind(source_id)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("removing source {source_id}"), e))?;
        self.touch_event(&mut change, event_id).await?;
        self.commit_event_change(change, "remove-source", event_id, Some(&before))
            .await
    }

    /// Attaches a figure (document sha256, figure ordinal) to an event,
    /// audited as "attach-figure"; attaching it again changes nothing.
    pub async fn attach_figure(
        &self,
        actor: i64,
        event_id: i64,
        sha256: &str,
        ordinal: i64,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let figure =
            sqlx::query("SELECT 1 FROM figure_mentions WHERE sha256 = $1 AND ordinal = $2")
                .bind(sha256)
                .bind(ordinal)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| {
                    self.query_error(format!("looking up figure {sha256}#{ordinal}"), e)
                })?;
        if figure.is_none() {
            return Err(CaseError::NotFound {
                entity: "figure",
                id: format!("{sha256}#{ordinal}"),
            });
        }
        let done = sqlx::query(
            "INSERT INTO event_figures (event_id, sha256, ordinal) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(event_id)
        .bind(sha256)
        .bind(ordinal)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("attaching a figure to event {event_id}"), e))?;
        if done.rows_affected() == 0 {
            return Ok(()); // already attached: rolled back, nothing to audit
        }
        self.touch_event(&mut change, event_id).await?;
        self.commit_event_change(change, "attach-figure", event_id, Some(&before))
            .await
    }

    /// Says who reported a figure attached to an event (official,
    /// independent...) and by name, audited as "attribute-figure".
    pub async fn set_figure_reporter(
        &self,
        actor: i64,
        event_id: i64,
        sha256: &str,
        ordinal: i64,
        reported_by: FigureReporter,
        reporter: &str,
    ) -> CaseResult<()> {
        let reporter = reporter.trim();
        if reporter.chars().count() > 200 {
            return Err(CaseError::Field {
                field: "reporter",
                message: "error-too-long",
            });
        }
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let done = sqlx::query(
            "UPDATE event_figures SET reported_by = $4, reporter = $5 \
             WHERE event_id = $1 AND sha256 = $2 AND ordinal = $3",
        )
        .bind(event_id)
        .bind(sha256)
        .bind(ordinal)
        .bind(reported_by.code())
        .bind(reporter)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("attributing a figure of event {event_id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(CaseError::NotFound {
                entity: "figure",
                id: format!("{sha256}#{ordinal} of event {event_id}"),
            });
        }
        self.touch_event(&mut change, event_id).await?;
        self.commit_event_change(change, "attribute-figure", event_id, Some(&before))
            .await
    }

    /// Every published event, read whole, by id: what the public site is
    /// built from (redaction decides what of each is shown).
    pub async fn published_events(&self) -> Result<Vec<EventRecord>> {
        let sql = self.events_sql("", "WHERE e.publication = 'published' ORDER BY e.id");
        let mut conn = self.reader().await?;
        let rows = sqlx::query(&sql)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading the published events", e))?;
        rows.iter().map(|row| self.event_row(row)).collect()
    }

    /// Detaches a figure from an event, audited as "detach-figure";
    /// detaching one that is not attached changes nothing.
    pub async fn detach_figure(
        &self,
        actor: i64,
        event_id: i64,
        sha256: &str,
        ordinal: i64,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.existing_event(&mut change.tx, event_id).await?;
        let done = sqlx::query(
            "DELETE FROM event_figures WHERE event_id = $1 AND sha256 = $2 AND ordinal = $3",
        )
        .bind(event_id)
        .bind(sha256)
        .bind(ordinal)
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("detaching a figure from event {event_id}"), e))?;
        if done.rows_affected() == 0 {
            return Ok(());
        }
        self.touch_event(&mut change, event_id).await?;
        self.commit_event_change(change, "detach-figure", event_id, Some(&before))
            .await
    }

    /// Events in which any of `mentions` takes part (any role), by date
    /// (`date.start`), then id.
    ///
    /// One statement per 256 mentions, finding the events through the
    /// index on participants' mentions and reading them whole.
    pub async fn events_of_mentions(&self, mentions: &[MentionKey]) -> Result<Vec<EventRecord>> {
        let keys = mention_keys(mentions)?;
        let mut conn = self.reader().await?;
        let mut events: Vec<EventRecord> = Vec::new();
        for chunk in keys.chunks(LIST_CHUNK) {
            let sql = self.events_sql(
                &format!(
                    "WITH k (sha256, start_char) AS (VALUES {})",
                    placeholders(self.backend, bucket(chunk.len()), 2)
                ),
                "WHERE e.id IN (SELECT p.event_id FROM k JOIN event_participants p \
                 ON p.mention_sha256 = k.sha256 AND p.mention_start = k.start_char)",
            );
            let mut query = sqlx::query(&sql);
            for (sha256, start) in padded(chunk) {
                query = query.bind(sha256).bind(start);
            }
            let rows = query
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error("reading the events of a person", e))?;
            for row in &rows {
                events.push(self.event_row(row)?);
            }
        }
        sort_by_date(&mut events);
        events.dedup_by_key(|e| e.id);
        Ok(events)
    }

    /// Events whose source is the report, by date, then id.
    pub async fn events_of_report(&self, report_id: i64) -> Result<Vec<EventRecord>> {
        let sql = self.events_sql(
            "",
            "WHERE e.id IN (SELECT s.event_id FROM sources s WHERE s.report_id = $1)",
        );
        let rows = sqlx::query(&sql)
            .bind(report_id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| {
                self.query_error(format!("reading the events of report {report_id}"), e)
            })?;
        let mut events = rows
            .iter()
            .map(|row| self.event_row(row))
            .collect::<Result<Vec<_>>>()?;
        sort_by_date(&mut events);
        Ok(events)
    }

    /// Latest events first (dashboard, lists), with a limit.
    pub async fn recent_events(&self, limit: i64) -> Result<Vec<EventRecord>> {
        let sql = self.events_sql("", "ORDER BY e.id DESC LIMIT $1");
        let rows = sqlx::query(&sql)
            .bind(limit.max(0))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("reading recent events", e))?;
        rows.iter().map(|row| self.event_row(row)).collect()
    }

    // ---- helpers --------------------------------------------------------

    /// The event, or NotFound.
    pub(super) async fn existing_event(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> CaseResult<EventRecord> {
        self.read_events(conn, &[id])
            .await?
            .pop()
            .ok_or_else(|| CaseError::NotFound {
                entity: "event",
                id: id.to_string(),
            })
    }

    /// Audits a change of event `id` (reading it back) and commits.
    pub(super) async fn commit_event_change(
        &self,
        mut change: Audited<'_>,
        action: &str,
        id: i64,
        before: Option<&EventRecord>,
    ) -> CaseResult<()> {
        let after = self
            .read_events(&mut change.tx, &[id])
            .await?
            .pop()
            .ok_or_else(|| {
                self.corrupt(format!("event {id} vanished while it was being changed"))
            })?;
        let before = before.map(|b| self.audit_json("event", b)).transpose()?;
        let after = self.audit_json("event", &after)?;
        change
            .commit(action, "event", &id.to_string(), before, Some(after))
            .await?;
        Ok(())
    }

    /// Marks the event as changed now (for changes that keep its version).
    async fn touch_event(&self, change: &mut Audited<'_>, id: i64) -> Result<()> {
        sqlx::query("UPDATE events SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("updating event {id}"), e))?;
        Ok(())
    }

    /// Inserts the draft's participants and charges.
    async fn insert_event_parts(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        draft: &EventDraft,
    ) -> CaseResult<()> {
        for (ordinal, p) in draft.participants.iter().enumerate() {
            if let Some(key) = &p.person {
                self.check_mention(conn, key).await?;
            }
            sqlx::query(
                "INSERT INTO event_participants (event_id, ordinal, role, mention_sha256, \
                 mention_start, name, position, organisation) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(to_i64(ordinal, "ordinal")?)
            .bind(p.role.code())
            .bind(p.person.as_ref().map(|k| k.sha256.as_str()))
            .bind(
                p.person
                    .as_ref()
                    .map(|k| to_i64(k.start, "offset"))
                    .transpose()?,
            )
            .bind(p.name.as_str())
            .bind(p.position.as_str())
            .bind(p.organisation.as_str())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("storing the participants of event {id}"), e))?;
        }
        for (ordinal, c) in draft.legal.charges.iter().enumerate() {
            sqlx::query(
                "INSERT INTO event_charges (event_id, ordinal, code, article, part) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(to_i64(ordinal, "ordinal")?)
            .bind(c.code.code())
            .bind(i64::from(c.article))
            .bind(c.part.map(i64::from))
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("storing the charges of event {id}"), e))?;
        }
        Ok(())
    }

    /// Checks that what the source names is stored, then stores it.
    async fn insert_source(
        &self,
        change: &mut Audited<'_>,
        event_id: i64,
        source: &SourceRef,
    ) -> CaseResult<i64> {
        let conn = &mut *change.tx;
        let (mut sha256, mut start, mut end) = (None, None, None);
        let (mut report_id, mut citation, mut url) = (None, "", "");
        match source {
            SourceRef::Document {
                sha256: sha,
                start: s,
                end: e,
            } => {
                let chars =
                    sqlx::query_scalar::<Any, i64>("SELECT chars FROM documents WHERE sha256 = $1")
                        .bind(sha.as_str())
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(|e| self.query_error(format!("looking up document {sha}"), e))?
                        .ok_or_else(|| CaseError::NotFound {
                            entity: "document",
                            id: sha.clone(),
                        })?;
                let (s64, e64) = (to_i64(*s, "offset")?, to_i64(*e, "offset")?);
                if s64 > e64 || e64 > chars {
                    return Err(StoreError::Invalid {
                        what: format!("a source in document {sha}"),
                        detail: format!("{s}..{e} is not a span of its {chars} characters"),
                    }
                    .into());
                }
                (sha256, start, end) = (Some(sha.as_str()), Some(s64), Some(e64));
            }
            SourceRef::Report { report_id: r } => {
                let found = sqlx::query("SELECT 1 FROM reports WHERE id = $1")
                    .bind(*r)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(|e| self.query_error(format!("looking up report {r}"), e))?;
                if found.is_none() {
                    return Err(CaseError::NotFound {
                        entity: "report",
                        id: r.to_string(),
                    });
                }
                report_id = Some(*r);
            }
            SourceRef::Reference {
                citation: c,
                url: u,
            } => (citation, url) = (c.as_str(), u.as_str()),
        }
        let id = change.next_id("sources").await?;
        sqlx::query(
            "INSERT INTO sources (id, event_id, kind, doc_sha256, start_char, end_char, \
             report_id, citation, url, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(event_id)
        .bind(source.kind().code())
        .bind(sha256)
        .bind(start)
        .bind(end)
        .bind(report_id)
        .bind(citation)
        .bind(url)
        .bind(change.actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing a source of event {event_id}"), e))?;
        Ok(id)
    }

    /// The events of `ids` that exist, in the order of `ids`, each with
    /// its participants, charges, sources and figures: one statement per
    /// [`LIST_CHUNK`] events.
    async fn read_events(&self, conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<EventRecord>> {
        let context = || match ids {
            [id] => format!("reading event {id}"),
            _ => format!("reading {} events", ids.len()),
        };
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let mut found: HashMap<i64, EventRecord> = HashMap::with_capacity(unique.len());
        for chunk in unique.chunks(LIST_CHUNK) {
            let sql = self.events_sql(
                "",
                &format!(
                    "WHERE e.id IN ({})",
                    placeholders(self.backend, bucket(chunk.len()), 1)
                ),
            );
            let mut query = sqlx::query(&sql);
            for id in padded(chunk) {
                query = query.bind(id);
            }
            let rows = query
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error(context(), e))?;
            for row in &rows {
                let event = self.event_row(row)?;
                found.insert(event.id, event);
            }
        }
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// `SELECT` of whole events (the [`EVENT_COLUMNS`] of `events e`, then
    /// its participants, charges, sources and figures each as one JSON
    /// array) with `with` before it and `tail` (`WHERE ...`) after it.
    ///
    /// One statement instead of one per table: the statements were short,
    /// but each costs a round trip and driver overhead, which made up most
    /// of the time of a person's page.
    fn events_sql(&self, with: &str, tail: &str) -> String {
        let (group, array, cast) = match self.backend {
            Backend::Sqlite => ("json_group_array", "json_array", ""),
            Backend::Postgres => ("json_agg", "json_build_array", "::text"),
        };
        let columns = EVENT_COLUMNS
            .split(", ")
            .map(|c| format!("e.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{with} SELECT {columns}, \
             (SELECT {group}({array}(p.ordinal, p.role, p.mention_sha256, p.mention_start, \
              p.name, p.position, p.organisation)) \
              FROM event_participants p WHERE p.event_id = e.id){cast}, \
             (SELECT {group}({array}(c.ordinal, c.code, c.article, c.part)) \
              FROM event_charges c WHERE c.event_id = e.id){cast}, \
             (SELECT {group}({array}(s.id, s.kind, s.doc_sha256, s.start_char, s.end_char, \
              s.report_id, s.citation, s.url, s.added_by, s.added_at)) \
              FROM sources s WHERE s.event_id = e.id){cast}, \
             (SELECT {group}({array}(f.sha256, f.ordinal)) \
              FROM event_figures f WHERE f.event_id = e.id){cast} \
             FROM events e {tail}"
        )
    }

    /// A JSON array of column `index` (NULL: empty), sorted by `order`.
    fn json_rows<T, K: Ord>(
        &self,
        row: &AnyRow,
        index: usize,
        what: &str,
        order: impl FnMut(&T) -> K,
    ) -> Result<Vec<T>>
    where
        T: serde::de::DeserializeOwned,
    {
        let mut items: Vec<T> = match self.get::<Option<String>>(row, index)? {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| self.corrupt(format!("{what}: {e}")))?
            }
            None => Vec::new(),
        };
        items.sort_by_key(order);
        Ok(items)
    }

    /// An event from a row of [`Store::events_sql`].
    fn event_row(&self, row: &AnyRow) -> Result<EventRecord> {
        let id: i64 = self.get(row, 0)?;
        let precision: String = self.get(row, 2)?;
        let start: String = self.get(row, 3)?;
        let end: String = self.get(row, 4)?;
        let date = CaseDate::from_parts(&precision, &start, &end)
            .map_err(|e| self.corrupt(format!("date of event {id}: {e}")))?;
        let fine = self.get::<Option<i64>>(row, 15)?;
        let u32_of = |v: i64, what: &str| {
            u32::try_from(v).map_err(|_| self.corrupt(format!("{what} {v} of event {id}")))
        };
        let offset = |v: Option<i64>| -> Result<usize> {
            v.and_then(|v| usize::try_from(v).ok()).ok_or_else(|| {
                self.corrupt(format!("a document source of event {id} without its span"))
            })
        };

        type ParticipantJson = (
            i64,
            String,
            Option<String>,
            Option<i64>,
            String,
            String,
            String,
        );
        let participants = self
            .json_rows(
                row,
                20,
                &format!("participants of event {id}"),
                |p: &ParticipantJson| p.0,
            )?
            .into_iter()
            .map(|(_, role, sha256, start, name, position, organisation)| {
                let person = match (sha256, start) {
                    (Some(sha256), Some(start)) => Some(MentionKey {
                        sha256,
                        start: self.to_usize(start)?,
                    }),
                    (None, None) => None,
                    _ => return Err(self.corrupt(format!("half a mention key in event {id}"))),
                };
                Ok(Participant {
                    role: ParticipantRole::from_code(&role)
                        .ok_or_else(|| self.corrupt(format!("participant role {role:?}")))?,
                    person,
                    name,
                    position,
                    organisation,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        type ChargeJson = (i64, String, i64, Option<i64>);
        let charges = self
            .json_rows(
                row,
                21,
                &format!("charges of event {id}"),
                |c: &ChargeJson| c.0,
            )?
            .into_iter()
            .map(|(_, code, article, part)| {
                Ok(Charge {
                    code: LegalCode::from_code(&code)
                        .ok_or_else(|| self.corrupt(format!("legal code {code:?}")))?,
                    article: u32_of(article, "article")?,
                    part: part.map(|p| u32_of(p, "article part")).transpose()?,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        type SourceJson = (
            i64,
            String,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            String,
            String,
            Option<i64>,
            String,
        );
        let sources = self
            .json_rows(
                row,
                22,
                &format!("sources of event {id}"),
                |s: &SourceJson| s.0,
            )?
            .into_iter()
            .map(
                |(
                    source_id,
                    kind,
                    sha256,
                    start,
                    end,
                    report_id,
                    citation,
                    url,
                    added_by,
                    added_at,
                )| {
                    let source = match kind.as_str() {
                        "document" => SourceRef::Document {
                            sha256: sha256.ok_or_else(|| {
                                self.corrupt(format!("source {source_id} without its document"))
                            })?,
                            start: offset(start)?,
                            end: offset(end)?,
                        },
                        "report" => SourceRef::Report {
                            report_id: report_id.ok_or_else(|| {
                                self.corrupt(format!("source {source_id} without its report"))
                            })?,
                        },
                        "reference" => SourceRef::Reference { citation, url },
                        _ => return Err(self.corrupt(format!("source kind {kind:?}"))),
                    };
                    Ok(SourceRecord {
                        id: source_id,
                        event_id: id,
                        source,
                        added_by,
                        added_at,
                    })
                },
            )
            .collect::<Result<Vec<_>>>()?;

        let figures = self.json_rows(
            row,
            23,
            &format!("figures of event {id}"),
            |f: &(String, i64)| f.clone(),
        )?;

        Ok(EventRecord {
            id,
            draft: EventDraft {
                event_type: self.term(row, 1, EventType::from_code, "event type")?,
                date,
                place_key: self.get(row, 5)?,
                place_detail: self.get(row, 6)?,
                description: self.get(row, 7)?,
                verification: self.term(row, 8, Verification::from_code, "verification")?,
                participants,
                legal: LegalDetails {
                    charges,
                    court: self.get(row, 9)?,
                    judge: self.get(row, 10)?,
                    verdict: self.get(row, 11)?,
                    sentence_kind: self
                        .get::<Option<String>>(row, 12)?
                        .map(|k| {
                            SentenceKind::from_code(&k)
                                .ok_or_else(|| self.corrupt(format!("sentence kind {k:?}")))
                        })
                        .transpose()?,
                    sentence_months: self.opt_u32(row, 13, "sentence months")?,
                    sentence_days: self.opt_u32(row, 14, "sentence days")?,
                    fine_kzt: fine
                        .map(|f| u64::try_from(f).map_err(|_| self.corrupt(format!("fine {f}"))))
                        .transpose()?,
                },
            },
            sources,
            figures,
            created_by: self.get(row, 16)?,
            created_at: self.get(row, 17)?,
            updated_at: self.get(row, 18)?,
            version: self.get(row, 19)?,
        })
    }
}

fn sort_by_date(events: &mut [EventRecord]) {
    events.sort_by_key(|e| (e.draft.date.start, e.id));
}
