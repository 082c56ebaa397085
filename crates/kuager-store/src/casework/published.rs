//! Reading everything the public site is built from in a few set-based
//! statements: the published events whole, who each of their participants
//! is in the register, those people's names, consent and recognitions,
//! the titles of cited documents, when each event was published, and the
//! reported figures attached to published events.
//!
//! This is the *input* of redaction (kuager-publish): it holds
//! confidential values (participants without consent, internal notes are
//! not read at all) and must only be handed to the redaction layer.

use super::EventRecord;
use crate::{Result, Store};
use kuager_case::{Consent, FigureReporter, Recognition};
use kuager_domain::{MentionKey, Qualifier};
use std::collections::{HashMap, HashSet};

/// A person of the register as the public site needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonNames {
    pub name: String,
    pub aliases: Vec<String>,
}

/// A reported figure attached to a published event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFigure {
    pub event_id: i64,
    pub value: u64,
    pub qualifier: Qualifier,
    /// What is counted ("people", "refusals").
    pub unit: String,
    /// What happened to them ("died", "detained"), if said.
    pub what: Option<String>,
    pub reported_by: FigureReporter,
    /// The reporting institution by name; may be empty.
    pub reporter: String,
}

/// Everything published, with what redaction needs to decide about it.
#[derive(Debug, Clone, Default)]
pub struct PublicationSnapshot {
    /// Published events, by id.
    pub events: Vec<EventRecord>,
    /// Consent of each participant of each published event, by ordinal.
    pub participant_consent: HashMap<i64, Vec<Consent>>,
    /// The person each participant's mention is in now.
    pub person_of_mention: HashMap<MentionKey, String>,
    /// Names of those persons.
    pub persons: HashMap<String, PersonNames>,
    /// Consent recorded for those persons (on their anchor mention); a
    /// person missing here has none recorded, i.e. is confidential.
    pub person_consent: HashMap<String, Consent>,
    /// Recognitions of those persons, oldest first.
    pub recognitions: HashMap<String, Vec<Recognition>>,
    /// Titles of documents cited by published events.
    pub document_titles: HashMap<String, String>,
    /// When each published event was last published (RFC 3339).
    pub published_at: HashMap<i64, String>,
    pub figures: Vec<PublishedFigure>,
    /// Changes when anything in the register may have changed (see
    /// [`Store::change_fingerprint`]), read before the rest.
    pub fingerprint: String,
}

impl Store {
    /// A value that changes with every audited change and every entry of
    /// the change log: when it is the same, nothing was published,
    /// withdrawn or edited since it was read. Cheap (two indexed reads).
    pub async fn change_fingerprint(&self) -> Result<String> {
        let mut conn = self.reader().await?;
        let audit: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading the audit log's length", e))?;
        let log: Option<i64> = sqlx::query_scalar("SELECT MAX(size) FROM log_state")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading the change log's size", e))?;
        Ok(format!("{}.{}", audit.unwrap_or(0), log.unwrap_or(0)))
    }

    /// Everything the public site is built from (see the module doc).
    pub async fn publication_snapshot(&self) -> Result<PublicationSnapshot> {
        let fingerprint = self.change_fingerprint().await?;
        let events = self.published_events().await?;
        let mut conn = self.reader().await?;

        let rows = sqlx::query(
            "SELECT p.event_id, p.ordinal, p.consent FROM event_participants p \
             JOIN events e ON e.id = p.event_id WHERE e.publication = 'published' \
             ORDER BY p.event_id, p.ordinal",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading the consent of published events", e))?;
        let mut participant_consent: HashMap<i64, Vec<Consent>> = HashMap::new();
        for row in &rows {
            let event: i64 = self.get(row, 0)?;
            let consent = self.term(row, 2, Consent::from_code, "consent")?;
            participant_consent.entry(event).or_default().push(consent);
        }

        let rows = sqlx::query(
            "SELECT DISTINCT p.mention_sha256, p.mention_start, pm.person_id \
             FROM event_participants p JOIN events e ON e.id = p.event_id \
             JOIN person_members pm ON pm.sha256 = p.mention_sha256 \
             AND pm.start_char = p.mention_start \
             WHERE e.publication = 'published'",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading who takes part in published events", e))?;
        let mut person_of_mention = HashMap::with_capacity(rows.len());
        for row in &rows {
            person_of_mention.insert(
                MentionKey {
                    sha256: self.get(row, 0)?,
                    start: self.offset(row, 1)?,
                },
                self.get::<String>(row, 2)?,
            );
        }
        let wanted: HashSet<&str> = person_of_mention.values().map(String::as_str).collect();

        let rows = sqlx::query("SELECT id, name, aliases_json FROM persons")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading person names", e))?;
        let mut persons = HashMap::with_capacity(wanted.len());
        for row in &rows {
            let id: String = self.get(row, 0)?;
            if !wanted.contains(id.as_str()) {
                continue;
            }
            let aliases: String = self.get(row, 2)?;
            let aliases = serde_json::from_str(&aliases)
                .map_err(|e| self.corrupt(format!("aliases of person {id}: {e}")))?;
            persons.insert(
                id,
                PersonNames {
                    name: self.get(row, 1)?,
                    aliases,
                },
            );
        }
        drop(conn);

        // Consent is recorded on a person's anchor (smallest mention key).
        let mut person_consent = HashMap::new();
        let anchors = self.person_anchors().await?;
        let mut conn = self.reader().await?;
        let rows = sqlx::query("SELECT mention_sha256, mention_start, consent FROM person_consent")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading consent", e))?;
        let mut consent_of_key: HashMap<MentionKey, Consent> = HashMap::with_capacity(rows.len());
        for row in &rows {
            consent_of_key.insert(
                MentionKey {
                    sha256: self.get(row, 0)?,
                    start: self.offset(row, 1)?,
                },
                self.term(row, 2, Consent::from_code, "consent")?,
            );
        }
        for (person, anchor) in anchors {
            if persons.contains_key(&person) {
                if let Some(c) = consent_of_key.get(&anchor) {
                    person_consent.insert(person, *c);
                }
            }
        }

        let rows = sqlx::query(
            "SELECT r.id, r.mention_sha256, r.mention_start, r.decision, r.criteria, \
             r.decided_by, r.decided_on, r.note, r.recorded_by, r.recorded_at, pm.person_id \
             FROM recognitions r JOIN person_members pm \
             ON pm.sha256 = r.mention_sha256 AND pm.start_char = r.mention_start \
             ORDER BY r.id",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading recognitions", e))?;
        let mut recognitions: HashMap<String, Vec<Recognition>> = HashMap::new();
        for row in &rows {
            let person: String = self.get(row, 10)?;
            if persons.contains_key(&person) {
                let record = self.recognition_row(row)?;
                recognitions
                    .entry(person)
                    .or_default()
                    .push(record.recognition);
            }
        }

        let rows = sqlx::query(
            "SELECT DISTINCT d.sha256, d.title FROM sources s \
             JOIN events e ON e.id = s.event_id JOIN documents d ON d.sha256 = s.doc_sha256 \
             WHERE e.publication = 'published'",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading the titles of cited documents", e))?;
        let mut document_titles = HashMap::with_capacity(rows.len());
        for row in &rows {
            document_titles.insert(self.get::<String>(row, 0)?, self.get::<String>(row, 1)?);
        }

        let rows = sqlx::query(
            "SELECT entity_id, MAX(at) FROM audit \
             WHERE entity = 'event' AND action = 'publish' GROUP BY entity_id",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading when events were published", e))?;
        let mut published_at = HashMap::with_capacity(rows.len());
        for row in &rows {
            let id: String = self.get(row, 0)?;
            if let Ok(id) = id.parse::<i64>() {
                published_at.insert(id, self.get::<String>(row, 1)?);
            }
        }

        let rows = sqlx::query(
            "SELECT ef.event_id, f.value, f.qualifier, f.unit, f.event, ef.reported_by, ef.reporter \
             FROM event_figures ef JOIN events e ON e.id = ef.event_id \
             JOIN figure_mentions f ON f.sha256 = ef.sha256 AND f.ordinal = ef.ordinal \
             WHERE e.publication = 'published' ORDER BY ef.event_id, ef.sha256, ef.ordinal",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error("reading the figures of published events", e))?;
        let mut figures = Vec::with_capacity(rows.len());
        for row in &rows {
            let value: i64 = self.get(row, 1)?;
            let qualifier: String = self.get(row, 2)?;
            figures.push(PublishedFigure {
                event_id: self.get(row, 0)?,
                value: u64::try_from(value)
                    .map_err(|_| self.corrupt(format!("figure value {value}")))?,
                qualifier: Qualifier::parse(&qualifier)
                    .ok_or_else(|| self.corrupt(format!("qualifier {qualifier:?}")))?,
                unit: self.get(row, 3)?,
                what: self.get(row, 4)?,
                reported_by: self.term(row, 5, FigureReporter::from_code, "figure reporter")?,
                reporter: self.get(row, 6)?,
            });
        }

        Ok(PublicationSnapshot {
            events,
            participant_consent,
            person_of_mention,
            persons,
            person_consent,
            recognitions,
            document_titles,
            published_at,
            figures,
            fingerprint,
        })
    }
}
