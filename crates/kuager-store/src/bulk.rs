//! Bulk loading of casework: many events in one transaction.
//!
//! [`Store::add_event`] takes about a dozen statements and one commit per
//! event, which is right for a person at a form and far too slow to load
//! hundreds of thousands of events (a migration from another system, or the
//! synthetic register of the web benchmark). [`Store::add_events`] stores a
//! batch of events with the same rows and the same checks, set-based: a few
//! multi-row statements per table and one commit per batch. Every event
//! still gets its own audit record ("create", the event as stored), so the
//! audit log reads as if each had been added on its own.

use crate::write::{rows_per_statement, tuples};
use crate::{to_i64, Backend, CaseError, CaseResult, EventRecord, Result, SourceRecord, Store};
use crate::{StoreError, KEYS_PER_QUERY};
use kuager_case::{EventDraft, SentenceKind, SourceRef};
use kuager_domain::MentionKey;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

/// An event to store with [`Store::add_events`]: its draft and its first
/// sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub draft: EventDraft,
    pub sources: Vec<SourceRef>,
}

/// One bound value.
enum Value<'a> {
    Text(&'a str),
    OwnedText(String),
    OptText(Option<&'a str>),
    Int(i64),
    OptInt(Option<i64>),
}

type AnyQuery<'q> = Query<'q, Any, AnyArguments<'q>>;

fn bind<'q>(query: AnyQuery<'q>, value: Value<'q>) -> AnyQuery<'q> {
    match value {
        Value::Text(v) => query.bind(v),
        Value::OwnedText(v) => query.bind(v),
        Value::OptText(v) => query.bind(v),
        Value::Int(v) => query.bind(v),
        Value::OptInt(v) => query.bind(v),
    }
}

/// `?, ?, ?` or `$1, $2, $3`.
fn list(backend: Backend, count: usize) -> String {
    (1..=count)
        .map(|n| match backend {
            Backend::Sqlite => "?".to_string(),
            Backend::Postgres => format!("${n}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows of `columns` values, inserted with as few statements as the
/// bind-parameter limits allow.
struct Rows<'a> {
    head: &'static str,
    columns: usize,
    values: Vec<Value<'a>>,
}

impl<'a> Rows<'a> {
    fn new(head: &'static str, columns: usize) -> Rows<'a> {
        Rows {
            head,
            columns,
            values: Vec::new(),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = Value<'a>>) {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(self.values.len() - before, self.columns);
    }

    async fn insert(self, store: &Store, conn: &mut AnyConnection, context: &str) -> Result<()> {
        let per = rows_per_statement(store.backend, self.columns);
        let mut values = self.values.into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<Value<'a>> = values.by_ref().take(per * self.columns).collect();
            let rows = chunk.len() / self.columns;
            let sql = format!(
                "{} VALUES {}",
                self.head,
                tuples(store.backend, self.columns, rows)
            );
            let mut query = sqlx::query(&sql);
            for value in chunk {
                query = bind(query, value);
            }
            query
                .execute(&mut *conn)
                .await
                .map_err(|e| store.query_error(context, e))?;
        }
        Ok(())
    }
}

/// The first of `count` numbers taken from counter `name` at once.
async fn take_numbers(
    store: &Store,
    conn: &mut AnyConnection,
    name: &str,
    count: usize,
) -> Result<i64> {
    let count = to_i64(count, "count")?;
    let last = sqlx::query_scalar::<Any, i64>(
        "UPDATE counters SET value = value + $2 WHERE name = $1 RETURNING value",
    )
    .bind(name)
    .bind(count)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| store.query_error(format!("numbering from counter {name}"), e))?
    .ok_or_else(|| store.corrupt(format!("counter {name} is missing")))?;
    Ok(last - count + 1)
}

impl Store {
    /// Stores `events` in one transaction, each with its sources, and
    /// returns their ids in order. The same rules and checks as
    /// [`Store::add_event`]: each draft is checked against its number of
    /// sources; participants' mentions and source documents must be stored
    /// (else [`CaseError::NotFound`], and nothing is stored); document
    /// spans must lie within the document. Each event gets its own audit
    /// record by `actor`.
    ///
    /// For loading: a few thousand events per call keep transactions and
    /// memory small.
    pub async fn add_events(&self, actor: i64, events: &[NewEvent]) -> CaseResult<Vec<i64>> {
        for e in events {
            e.draft.check(e.sources.len())?;
        }
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let now = crate::time::now_utc();
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| self.query_error("starting a transaction", e))?;
        let conn: &mut AnyConnection = &mut tx;
        // Audit numbers first, as for a single change: the transaction is
        // a writer from its first statement.
        let first_audit = take_numbers(self, conn, "audit", events.len()).await?;
        let first_event = take_numbers(self, conn, "events", events.len()).await?;
        let source_count: usize = events.iter().map(|e| e.sources.len()).sum();
        let first_source = if source_count > 0 {
            take_numbers(self, conn, "sources", source_count).await?
        } else {
            0
        };

        self.check_mentions_exist(conn, events).await?;
        self.check_source_documents(conn, events).await?;

        let mut event_rows = Rows::new(
            "INSERT INTO events (id, event_type, date_precision, date_start, date_end, \
             place_key, place_detail, description, verification, court, judge, verdict, \
             sentence_kind, sentence_months, sentence_days, fine_kzt, created_by, created_at, \
             updated_at, version)",
            20,
        );
        let mut participant_rows = Rows::new(
            "INSERT INTO event_participants (event_id, ordinal, role, mention_sha256, \
             mention_start, name, position, organisation)",
            8,
        );
        let mut charge_rows = Rows::new(
            "INSERT INTO event_charges (event_id, ordinal, code, article, part)",
            5,
        );
        let mut source_rows = Rows::new(
            "INSERT INTO sources (id, event_id, kind, doc_sha256, start_char, end_char, \
             report_id, citation, url, added_by, added_at)",
            11,
        );
        let mut audit_rows = Rows::new(
            "INSERT INTO audit (seq, at, user_id, action, entity, entity_id, before, after)",
            8,
        );
        let mut ids = Vec::with_capacity(events.len());
        let mut source_id = first_source;
        for (n, e) in events.iter().enumerate() {
            let n = to_i64(n, "count")?;
            let id = first_event + n;
            ids.push(id);
            let draft = &e.draft;
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
            event_rows.push([
                Value::Int(id),
                Value::Text(draft.event_type.code()),
                Value::Text(draft.date.precision.code()),
                Value::OwnedText(draft.date.start.iso()),
                Value::OwnedText(draft.date.end.iso()),
                Value::OptText(draft.place_key.as_deref()),
                Value::Text(&draft.place_detail),
                Value::Text(&draft.description),
                Value::Text(draft.verification.code()),
                Value::Text(&legal.court),
                Value::Text(&legal.judge),
                Value::Text(&legal.verdict),
                Value::OptText(legal.sentence_kind.map(SentenceKind::code)),
                Value::OptInt(legal.sentence_months.map(i64::from)),
                Value::OptInt(legal.sentence_days.map(i64::from)),
                Value::OptInt(fine),
                Value::Int(actor),
                Value::Text(&now),
                Value::Text(&now),
                Value::Int(1),
            ]);
            for (ordinal, p) in draft.participants.iter().enumerate() {
                participant_rows.push([
                    Value::Int(id),
                    Value::Int(to_i64(ordinal, "ordinal")?),
                    Value::Text(p.role.code()),
                    Value::OptText(p.person.as_ref().map(|k| k.sha256.as_str())),
                    Value::OptInt(
                        p.person
                            .as_ref()
                            .map(|k| to_i64(k.start, "offset"))
                            .transpose()?,
                    ),
                    Value::Text(&p.name),
                    Value::Text(&p.position),
                    Value::Text(&p.organisation),
                ]);
            }
            for (ordinal, c) in legal.charges.iter().enumerate() {
                charge_rows.push([
                    Value::Int(id),
                    Value::Int(to_i64(ordinal, "ordinal")?),
                    Value::Text(c.code.code()),
                    Value::Int(i64::from(c.article)),
                    Value::OptInt(c.part.map(i64::from)),
                ]);
            }
            let mut records = Vec::with_capacity(e.sources.len());
            for source in &e.sources {
                let (mut sha256, mut start, mut end) = (None, None, None);
                let (mut report_id, mut citation, mut url) = (None, "", "");
                match source {
                    SourceRef::Document {
                        sha256: sha,
                        start: s,
                        end: t,
                    } => {
                        sha256 = Some(sha.as_str());
                        start = Some(to_i64(*s, "offset")?);
                        end = Some(to_i64(*t, "offset")?);
                    }
                    SourceRef::Report { report_id: r } => report_id = Some(*r),
                    SourceRef::Reference {
                        citation: c,
                        url: u,
                    } => (citation, url) = (c.as_str(), u.as_str()),
                }
                source_rows.push([
                    Value::Int(source_id),
                    Value::Int(id),
                    Value::Text(source.kind().code()),
                    Value::OptText(sha256),
                    Value::OptInt(start),
                    Value::OptInt(end),
                    Value::OptInt(report_id),
                    Value::Text(citation),
                    Value::Text(url),
                    Value::Int(actor),
                    Value::Text(&now),
                ]);
                records.push(SourceRecord {
                    id: source_id,
                    event_id: id,
                    source: source.clone(),
                    added_by: Some(actor),
                    added_at: now.clone(),
                });
                source_id += 1;
            }
            // The event as `Store::event` reads it back.
            let record = EventRecord {
                id,
                draft: draft.clone(),
                sources: records,
                figures: Vec::new(),
                created_by: Some(actor),
                created_at: now.clone(),
                updated_at: now.clone(),
                version: 1,
            };
            let after = serde_json::to_string(&record).map_err(|e| StoreError::Invalid {
                what: "the audit record of an event".to_string(),
                detail: e.to_string(),
            })?;
            audit_rows.push([
                Value::Int(first_audit + n),
                Value::Text(&now),
                Value::Int(actor),
                Value::Text("create"),
                Value::Text("event"),
                Value::OwnedText(id.to_string()),
                Value::OptText(None),
                Value::OwnedText(after),
            ]);
        }
        event_rows.insert(self, conn, "storing events").await?;
        participant_rows
            .insert(self, conn, "storing the participants of events")
            .await?;
        charge_rows
            .insert(self, conn, "storing the charges of events")
            .await?;
        source_rows
            .insert(self, conn, "storing the sources of events")
            .await?;
        audit_rows
            .insert(self, conn, "recording the creation of events")
            .await?;
        if let Some(aggregate) = crate::log::aggregate("events") {
            for id in &ids {
                self.log_change(conn, aggregate, &id.to_string(), "create", &now)
                    .await?;
            }
        }
        tx.commit()
            .await
            .map_err(|e| self.query_error("committing events", e))?;
        Ok(ids)
    }

    /// NotFound for the first participant mention that is not stored.
    async fn check_mentions_exist(
        &self,
        conn: &mut AnyConnection,
        events: &[NewEvent],
    ) -> CaseResult<()> {
        let keys: BTreeSet<&MentionKey> = events
            .iter()
            .flat_map(|e| e.draft.participants.iter())
            .filter_map(|p| p.person.as_ref())
            .collect();
        let keys: Vec<&MentionKey> = keys.into_iter().collect();
        for chunk in keys.chunks(rows_per_statement(self.backend, 2)) {
            let sql = format!(
                "WITH k (sha256, start_char) AS (VALUES {}) \
                 SELECT k.sha256, k.start_char FROM k WHERE NOT EXISTS \
                 (SELECT 1 FROM person_mentions m \
                  WHERE m.sha256 = k.sha256 AND m.start_char = k.start_char) LIMIT 1",
                tuples(self.backend, 2, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for key in chunk {
                query = query
                    .bind(key.sha256.as_str())
                    .bind(to_i64(key.start, "offset")?);
            }
            let missing = query
                .fetch_optional(&mut *conn)
                .await
                .map_err(|e| self.query_error("looking up the participants' mentions", e))?;
            if let Some(row) = missing {
                let key = MentionKey {
                    sha256: self.get(&row, 0)?,
                    start: self.offset(&row, 1)?,
                };
                return Err(CaseError::NotFound {
                    entity: "mention",
                    id: key.to_string(),
                });
            }
        }
        Ok(())
    }

    /// NotFound for a source document that is not stored; Invalid for a
    /// span outside its document. (Reports named as sources are checked by
    /// their foreign key.)
    async fn check_source_documents(
        &self,
        conn: &mut AnyConnection,
        events: &[NewEvent],
    ) -> CaseResult<()> {
        let spans: Vec<(&str, usize, usize)> = events
            .iter()
            .flat_map(|e| e.sources.iter())
            .filter_map(|s| match s {
                SourceRef::Document { sha256, start, end } => Some((sha256.as_str(), *start, *end)),
                _ => None,
            })
            .collect();
        let shas: BTreeSet<&str> = spans.iter().map(|s| s.0).collect();
        let shas: Vec<&str> = shas.into_iter().collect();
        let mut chars: HashMap<String, i64> = HashMap::with_capacity(shas.len());
        for chunk in shas.chunks(KEYS_PER_QUERY) {
            let sql = format!(
                "SELECT sha256, chars FROM documents WHERE sha256 IN ({})",
                list(self.backend, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for sha in chunk {
                query = query.bind(*sha);
            }
            let rows = query
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| self.query_error("looking up source documents", e))?;
            for row in &rows {
                chars.insert(self.get(row, 0)?, self.get(row, 1)?);
            }
        }
        for (sha, start, end) in spans {
            let Some(&length) = chars.get(sha) else {
                return Err(CaseError::NotFound {
                    entity: "document",
                    id: sha.to_string(),
                });
            };
            if start > end || to_i64(end, "offset")? > length {
                return Err(StoreError::Invalid {
                    what: format!("a source in document {sha}"),
                    detail: format!("{start}..{end} is not a span of its {length} characters"),
                }
                .into());
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use super::NewEvent;
    use crate::testing::temp_databases;
    use crate::CaseError;
    use kuager_case::{
        CaseDate, Charge, Day, EventDraft, EventType, LegalCode, LegalDetails, Participant,
        ParticipantRole, SourceRef, UserRole, Verification,
    };
    use kuager_domain::{
        Document, DocumentFormat, Extraction, Language, MentionKey, PersonMention, PersonName, Span,
    };

    fn document() -> Document {
        Document {
            file_name: "a.txt".into(),
            sha256: "cd".repeat(32),
            format: DocumentFormat::Text,
            encoding: "UTF-8".into(),
            language: Language::En,
            title: "a".into(),
            text: "Aset Abishev was detained.".into(),
        }
    }

    fn event(start: usize, charges: usize, sources: usize) -> NewEvent {
        NewEvent {
            draft: EventDraft {
                event_type: EventType::Detention,
                date: CaseDate::day(Day::new(2022, 1, 5).unwrap()),
                place_key: None,
                place_detail: String::new(),
                description: "detained".into(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: Some(MentionKey {
                        sha256: "cd".repeat(32),
                        start,
                    }),
                    name: "Aset Abishev".into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails {
                    charges: (0..charges)
                        .map(|i| Charge {
                            code: LegalCode::Criminal,
                            article: 174 + i as u32,
                            part: Some(1),
                        })
                        .collect(),
                    ..LegalDetails::default()
                },
            },
            sources: (0..sources)
                .map(|_| SourceRef::Document {
                    sha256: "cd".repeat(32),
                    start: 0,
                    end: 12,
                })
                .collect(),
        }
    }

    #[tokio::test]
    async fn bulk_events_read_back_like_single_ones() {
        for db in temp_databases().await {
            let store = db.open().await.unwrap();
            let doc = document();
            let extraction = Extraction {
                persons: vec![PersonMention {
                    span: Span::new(0, 12),
                    text: "Aset Abishev".into(),
                    name: PersonName {
                        given: vec!["Aset".into()],
                        family: vec!["Abishev".into()],
                        ..PersonName::default()
                    },
                    refers_to: None,
                }],
                ..Extraction::default()
            };
            store.insert_document(&doc, &extraction).await.unwrap();
            let user = store
                .add_user(None, "a", UserRole::Analyst, "x")
                .await
                .unwrap();
            let single = store
                .add_event(user.id, &event(0, 1, 1).draft, &event(0, 1, 1).sources)
                .await
                .unwrap();
            let batch = [event(0, 2, 1), event(0, 0, 2), event(0, 1, 0)];
            let ids = store.add_events(user.id, &batch).await.unwrap();
            assert_eq!(
                ids,
                vec![single + 1, single + 2, single + 3],
                "{}",
                db.backend
            );
            for (id, e) in ids.iter().zip(&batch) {
                let got = store.event(*id).await.unwrap().unwrap();
                assert_eq!(got.draft, e.draft, "{}", db.backend);
                let sources: Vec<_> = got.sources.iter().map(|s| s.source.clone()).collect();
                assert_eq!(sources, e.sources, "{}", db.backend);
                let audit = store.audit_of("event", &id.to_string()).await.unwrap();
                assert_eq!(audit.len(), 1, "{}", db.backend);
                let after: serde_json::Value =
                    serde_json::from_str(audit[0].after.as_deref().unwrap()).unwrap();
                assert_eq!(after, serde_json::to_value(&got).unwrap(), "{}", db.backend);
            }
            let key = MentionKey {
                sha256: "cd".repeat(32),
                start: 0,
            };
            let of_person = store.events_of_mentions(&[key]).await.unwrap();
            assert_eq!(of_person.len(), 4, "{}", db.backend);

            // An unknown mention stores nothing.
            let before = store.work_counts().await.unwrap().events;
            let err = store
                .add_events(user.id, &[event(0, 0, 1), event(3, 0, 1)])
                .await
                .unwrap_err();
            assert!(matches!(err, CaseError::NotFound { .. }), "{err}");
            assert_eq!(store.work_counts().await.unwrap().events, before);
            // A span outside its document is refused.
            let mut bad = event(0, 0, 1);
            bad.sources[0] = SourceRef::Document {
                sha256: "cd".repeat(32),
                start: 0,
                end: 500,
            };
            assert!(store.add_events(user.id, &[bad]).await.is_err());
            store.close().await;
        }
    }
}

impl Store {
    /// Publishes part of a synthetic register, for the public-site
    /// benchmark (`kuager-gen casework --publish PERCENT`): about `percent`
    /// of the events (picked by id), the consent of their participants
    /// (8 in 10 public, 1 anonymised, 1 confidential) and of the people
    /// (the same shares, on their anchor mentions). Set-based, one
    /// transaction, one audit record for the whole: an editor publishes
    /// one event at a time with [`Store::set_event_publication`].
    pub async fn publish_for_benchmark(&self, actor: i64, percent: u32) -> CaseResult<u64> {
        let mut change = crate::casework::Audited::begin(self, Some(actor)).await?;
        let share = i64::from(percent.min(100));
        let published =
            sqlx::query("UPDATE events SET publication = 'published' WHERE (id * 7919) % 100 < $1")
                .bind(share)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error("publishing events", e))?
                .rows_affected();
        sqlx::query(
            "UPDATE event_participants SET consent = CASE \
             WHEN (event_id * 31 + ordinal * 17) % 10 < 8 THEN 'public' \
             WHEN (event_id * 31 + ordinal * 17) % 10 < 9 THEN 'anonymised' \
             ELSE 'confidential' END",
        )
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("recording participants' consent", e))?;
        sqlx::query(
            "INSERT INTO person_consent (mention_sha256, mention_start, consent, recorded_by, recorded_at) \
             SELECT a.sha256, a.start_char, CASE WHEN a.start_char % 10 < 8 THEN 'public' \
             WHEN a.start_char % 10 < 9 THEN 'anonymised' ELSE 'confidential' END, $1, $2 \
             FROM (SELECT pm.sha256 AS sha256, MIN(pm.start_char) AS start_char \
             FROM person_members pm JOIN (SELECT person_id, MIN(sha256) AS first_sha \
             FROM person_members GROUP BY person_id) f \
             ON f.person_id = pm.person_id AND f.first_sha = pm.sha256 \
             GROUP BY pm.person_id, pm.sha256) a WHERE true \
             ON CONFLICT DO NOTHING",
        )
        .bind(actor)
        .bind(change.now.clone())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("recording people's consent", e))?;
        let after =
            serde_json::json!({ "published_events": published, "percent": share }).to_string();
        change
            .commit("bulk-publish", "register", "benchmark", None, Some(after))
            .await?;
        Ok(published)
    }
}
