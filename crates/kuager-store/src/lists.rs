//! External lists, human decisions about their records, and the latest
//! linkage of all of them (issue 6).
//!
//! A list is imported whole in one transaction, with its audit record and
//! change-log entry; the same file imported again changes nothing. A
//! linkage run replaces the previous one in one transaction. Decisions are
//! appended and name records by (list name, record id), so they outlive a
//! re-import and a re-link.

use crate::casework::{Actor, Audited};
use crate::write::{build_rows, insert_rows, rows_per_statement, Arg};
use crate::{to_i64, Result, Store, StoreError};
use futures_util::TryStreamExt;
use serde::Serialize;

/// The list name under which the register's people take part in linkage
/// (`kuager_linkage::REGISTER_LIST`; repeated here so the store needs no
/// linkage code).
pub const REGISTER_LIST: &str = "register";

/// A record of a list, as the list gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub record_id: String,
    pub row_number: i64,
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    pub birth_year: Option<i64>,
    pub birth_date: Option<String>,
    pub city: Option<String>,
    pub event_date: Option<String>,
    pub event_type: Option<String>,
    pub notes: String,
}

/// The fields of a list record that record linkage compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkageRecord {
    pub record_id: String,
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    pub birth_year: Option<i64>,
    pub city: Option<String>,
    pub event_date: Option<String>,
    pub event_type: Option<String>,
}

/// A list about to be imported: the source and its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewList {
    pub name: String,
    pub compiled_by: String,
    pub as_of: Option<String>,
    /// Event type of the list's records where a row does not say
    /// (`detention` for a list of the detained).
    pub event_type: Option<String>,
    pub file_name: String,
    pub file_sha256: String,
    pub encoding: String,
    /// How the columns were read: (field, header).
    pub columns: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListSummary {
    pub id: i64,
    pub name: String,
    pub compiled_by: String,
    pub as_of: Option<String>,
    pub event_type: Option<String>,
    pub file_name: String,
    pub file_sha256: String,
    pub records: i64,
    pub imported_at: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListImport {
    Imported {
        id: i64,
        records: usize,
    },
    /// The same file under the same name: nothing changed.
    Unchanged {
        id: i64,
    },
    /// `replace`: the list's records now come from the new file.
    Replaced {
        id: i64,
        records: usize,
    },
}

/// A human decision about two records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkDecisionRecord {
    pub seq: i64,
    pub a: (String, String),
    pub b: (String, String),
    pub same: bool,
    pub decided_by: Option<i64>,
    pub decided_at: String,
}

/// A pair of records left for review by the latest linkage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReviewRow {
    pub id: i64,
    pub a: (String, String),
    pub b: (String, String),
    pub probability: f64,
    /// JSON: the per-field evidence.
    pub evidence: String,
    pub refused: Option<String>,
}

/// The latest linkage run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRun {
    pub id: i64,
    pub at: String,
    pub records: i64,
    pub clusters: i64,
    pub review_pairs: i64,
    /// JSON: the estimated parameters and thresholds.
    pub parameters: String,
}

/// One record's person in a linkage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkAssignment {
    pub list: String,
    pub record_id: String,
    pub person: String,
}

const LIST_RECORD_COLUMNS: usize = 13;

impl Store {
    /// Imports a list in one transaction. A list of the same name from the
    /// same file is left as it is; from another file it is refused unless
    /// `replace`.
    pub async fn import_list(
        &self,
        actor: Actor,
        list: &NewList,
        rows: &[ListRow],
        replace: bool,
    ) -> Result<ListImport> {
        if list.name.trim().is_empty() {
            return Err(StoreError::Invalid {
                what: "list".into(),
                detail: "the list needs a name (--name)".into(),
            });
        }
        if list.name == REGISTER_LIST {
            return Err(StoreError::Invalid {
                what: format!("list {}", list.name),
                detail: format!(
                    "'{REGISTER_LIST}' names the register's own people; choose another name"
                ),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            if !seen.insert(row.record_id.as_str()) {
                return Err(StoreError::Invalid {
                    what: format!("list {}", list.name),
                    detail: format!(
                        "record id {} appears twice (second time in row {})",
                        row.record_id, row.row_number
                    ),
                });
            }
        }
        let mut change = Audited::begin(self, actor).await?;
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, file_sha256 FROM lists WHERE name = $1")
                .bind(list.name.as_str())
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("looking up list {}", list.name), e))?;
        let columns = serde_json::to_string(&list.columns).map_err(|e| StoreError::Invalid {
            what: format!("columns of list {}", list.name),
            detail: e.to_string(),
        })?;
        let count = to_i64(rows.len(), "record count")?;
        let (id, replaced) = match existing {
            Some((id, sha)) if sha == list.file_sha256 => {
                // Dropping the change rolls it back: nothing was written.
                drop(change);
                return Ok(ListImport::Unchanged { id });
            }
            Some((id, sha)) => {
                if !replace {
                    return Err(StoreError::Invalid {
                        what: format!("list {}", list.name),
                        detail: format!(
                            "already imported from another file (SHA-256 {}…); pass --replace to \
                             replace its records, or import it under another --name",
                            &sha[..sha.len().min(12)]
                        ),
                    });
                }
                sqlx::query("DELETE FROM list_records WHERE list_id = $1")
                    .bind(id)
                    .execute(&mut *change.tx)
                    .await
                    .map_err(|e| self.query_error(format!("replacing list {}", list.name), e))?;
                sqlx::query(
                    "UPDATE lists SET compiled_by = $1, as_of = $2, event_type = $3, \
                     file_name = $4, file_sha256 = $5, encoding = $6, columns = $7, records = $8, \
                     imported_at = $9 WHERE id = $10",
                )
                .bind(list.compiled_by.as_str())
                .bind(list.as_of.as_deref())
                .bind(list.event_type.as_deref())
                .bind(list.file_name.as_str())
                .bind(list.file_sha256.as_str())
                .bind(list.encoding.as_str())
                .bind(columns.as_str())
                .bind(count)
                .bind(change.now.as_str())
                .bind(id)
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("replacing list {}", list.name), e))?;
                (id, true)
            }
            None => {
                let id = change.next_id("lists").await?;
                sqlx::query(
                    "INSERT INTO lists (id, name, compiled_by, as_of, event_type, file_name, \
                     file_sha256, encoding, columns, records, imported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(id)
                .bind(list.name.as_str())
                .bind(list.compiled_by.as_str())
                .bind(list.as_of.as_deref())
                .bind(list.event_type.as_deref())
                .bind(list.file_name.as_str())
                .bind(list.file_sha256.as_str())
                .bind(list.encoding.as_str())
                .bind(columns.as_str())
                .bind(count)
                .bind(change.now.as_str())
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("storing list {}", list.name), e))?;
                (id, false)
            }
        };
        let context = format!("storing the records of list {}", list.name);
        let per = rows_per_statement(self.backend, LIST_RECORD_COLUMNS);
        for chunk in rows.chunks(per) {
            let args = build_rows(chunk, LIST_RECORD_COLUMNS, |_, r, row| {
                row.push(Arg::Int(id));
                row.push(Arg::Text(&r.record_id));
                row.push(Arg::Int(r.row_number));
                row.push(Arg::Text(&r.full_name));
                row.push(Arg::OptText(r.given.as_deref()));
                row.push(Arg::OptText(r.family.as_deref()));
                row.push(Arg::OptText(r.patronymic.as_deref()));
                row.push(Arg::OptInt(r.birth_year));
                row.push(Arg::OptText(r.birth_date.as_deref()));
                row.push(Arg::OptText(r.city.as_deref()));
                row.push(Arg::OptText(r.event_date.as_deref()));
                row.push(Arg::OptText(r.event_type.as_deref()));
                row.push(Arg::Text(&r.notes));
                Ok(())
            })?;
            insert_rows(
                self,
                &mut change.tx,
                &context,
                "INSERT INTO list_records (list_id, record_id, row_number, full_name, given, \
                 family, patronymic, birth_year, birth_date, city, event_date, event_type, notes)",
                LIST_RECORD_COLUMNS,
                args,
            )
            .await?;
        }
        let after = self.audit_json(
            "list",
            &serde_json::json!({
                "name": list.name,
                "compiled_by": list.compiled_by,
                "as_of": list.as_of,
                "file_name": list.file_name,
                "file_sha256": list.file_sha256,
                "records": rows.len(),
            }),
        )?;
        let action = if replaced { "replace" } else { "import" };
        change
            .commit(action, "list", &id.to_string(), None, Some(after))
            .await?;
        Ok(if replaced {
            ListImport::Replaced {
                id,
                records: rows.len(),
            }
        } else {
            ListImport::Imported {
                id,
                records: rows.len(),
            }
        })
    }

    /// Every imported list, by name.
    pub async fn lists(&self) -> Result<Vec<ListSummary>> {
        let rows = sqlx::query(
            "SELECT id, name, compiled_by, as_of, event_type, file_name, file_sha256, records, \
             imported_at FROM lists ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing lists", e))?;
        rows.iter()
            .map(|row| {
                Ok(ListSummary {
                    id: self.get(row, 0)?,
                    name: self.get(row, 1)?,
                    compiled_by: self.get(row, 2)?,
                    as_of: self.get(row, 3)?,
                    event_type: self.get(row, 4)?,
                    file_name: self.get(row, 5)?,
                    file_sha256: self.get(row, 6)?,
                    records: self.get(row, 7)?,
                    imported_at: self.get(row, 8)?,
                })
            })
            .collect()
    }

    /// Every record of every list with its list's name, ordered by list
    /// and record id. A record without an event type of its own takes its
    /// list's.
    pub async fn all_list_records(&self) -> Result<Vec<(String, ListRow)>> {
        self.read_all_lists(
            "record_id, row_number, full_name, given, family, patronymic, birth_year, \
             birth_date, city, event_date, event_type, notes",
            |store, row| store.list_row(row, 0),
            |row: &mut ListRow, event_type| {
                if row.event_type.is_none() {
                    row.event_type.clone_from(event_type);
                }
            },
        )
        .await
    }

    /// What record linkage compares of every list record, in the order of
    /// [`Store::all_list_records`].
    pub async fn linkage_records(&self) -> Result<Vec<(String, LinkageRecord)>> {
        if let Some(file) = self.embedded.clone() {
            let url = self.url.clone();
            return tokio::task::spawn_blocking(move || crate::bulk_read::linkage_records(&file))
                .await
                .map_err(|e| StoreError::EmbeddedRead {
                    url: url.clone(),
                    context: "reading list records".into(),
                    cause: e.to_string(),
                })?
                .map_err(|e| StoreError::EmbeddedRead {
                    url,
                    context: e.step.into(),
                    cause: e.cause.to_string(),
                });
        }
        self.read_all_lists(
            "record_id, full_name, given, family, patronymic, birth_year, city, event_date, \
             event_type",
            |store, row| {
                Ok(LinkageRecord {
                    record_id: store.get(row, 0)?,
                    full_name: store.get(row, 1)?,
                    given: store.get(row, 2)?,
                    family: store.get(row, 3)?,
                    patronymic: store.get(row, 4)?,
                    birth_year: store.get(row, 5)?,
                    city: store.get(row, 6)?,
                    event_date: store.get(row, 7)?,
                    event_type: store.get(row, 8)?,
                })
            },
            |row: &mut LinkageRecord, event_type| {
                if row.event_type.is_none() {
                    row.event_type.clone_from(event_type);
                }
            },
        )
        .await
    }

    /// `columns` of every list record, decoded by `decode`, with the
    /// list's event type offered to `inherit`. A national linkage reads
    /// millions of rows: each list is read by a task of its own, so the
    /// rows are decoded on several threads.
    async fn read_all_lists<T: Send + 'static>(
        &self,
        columns: &'static str,
        decode: fn(&Store, &sqlx::any::AnyRow) -> Result<T>,
        inherit: fn(&mut T, &Option<String>),
    ) -> Result<Vec<(String, T)>> {
        let lists = sqlx::query("SELECT id, name, event_type FROM lists ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("reading lists", e))?;
        let mut reads = Vec::with_capacity(lists.len());
        for list in &lists {
            let id: i64 = self.get(list, 0)?;
            let name: String = self.get(list, 1)?;
            let event_type: Option<String> = self.get(list, 2)?;
            let store = self.clone();
            reads.push(tokio::spawn(async move {
                let sql = format!(
                    "SELECT {columns} FROM list_records WHERE list_id = $1 ORDER BY record_id"
                );
                let mut rows = sqlx::query(&sql).bind(id).fetch(&store.pool);
                let mut out = Vec::new();
                while let Some(row) = rows.try_next().await.map_err(|e| {
                    store.query_error(format!("reading the records of list {name}"), e)
                })? {
                    let mut record = decode(&store, &row)?;
                    inherit(&mut record, &event_type);
                    out.push((name.clone(), record));
                }
                Ok::<_, StoreError>(out)
            }));
        }
        let mut out = Vec::new();
        for read in reads {
            let records = read.await.map_err(|e| StoreError::Invalid {
                what: "reading list records".to_string(),
                detail: e.to_string(),
            })??;
            out.extend(records);
        }
        Ok(out)
    }

    /// Does this record exist (a list record, or a person of the register
    /// under [`REGISTER_LIST`])?
    pub async fn has_list_record(&self, list: &str, record_id: &str) -> Result<bool> {
        let found: Option<i64> = if list == REGISTER_LIST {
            sqlx::query_scalar("SELECT 1 FROM persons WHERE id = $1")
                .bind(record_id)
                .fetch_optional(&self.pool)
                .await
        } else {
            sqlx::query_scalar(
                "SELECT 1 FROM list_records r JOIN lists l ON l.id = r.list_id \
                 WHERE l.name = $1 AND r.record_id = $2",
            )
            .bind(list)
            .bind(record_id)
            .fetch_optional(&self.pool)
            .await
        }
        .map_err(|e| self.query_error(format!("looking up record {list}:{record_id}"), e))?;
        Ok(found.is_some())
    }

    /// Records a human decision about two records, both of which must
    /// exist.
    pub async fn add_link_decision(
        &self,
        actor: Actor,
        a: (&str, &str),
        b: (&str, &str),
        same: bool,
    ) -> Result<i64> {
        for (list, record) in [a, b] {
            if !self.has_list_record(list, record).await? {
                return Err(StoreError::Invalid {
                    what: "link decision".into(),
                    detail: format!(
                        "no record {list}:{record} (give LIST:RECORD_ID of an imported list, or \
                         {REGISTER_LIST}:PERSON_ID)"
                    ),
                });
            }
        }
        if a == b {
            return Err(StoreError::Invalid {
                what: "link decision".into(),
                detail: format!("both sides are record {}:{}", a.0, a.1),
            });
        }
        let mut change = Audited::begin(self, actor).await?;
        let seq = change.next_id("link_decisions").await?;
        sqlx::query(
            "INSERT INTO link_decisions (seq, a_list, a_record, b_list, b_record, same, \
             decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(a.0)
        .bind(a.1)
        .bind(b.0)
        .bind(b.1)
        .bind(i64::from(same))
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("recording link decision {seq}"), e))?;
        let after = self.audit_json(
            "link decision",
            &serde_json::json!({"a": a, "b": b, "same": same}),
        )?;
        change
            .commit(
                "decide",
                "link-decision",
                &seq.to_string(),
                None,
                Some(after),
            )
            .await?;
        Ok(seq)
    }

    /// Every link decision, oldest first.
    pub async fn link_decisions(&self) -> Result<Vec<LinkDecisionRecord>> {
        let rows = sqlx::query(
            "SELECT seq, a_list, a_record, b_list, b_record, same, decided_by, decided_at \
             FROM link_decisions ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading link decisions", e))?;
        rows.iter()
            .map(|row| {
                let same: i64 = self.get(row, 5)?;
                Ok(LinkDecisionRecord {
                    seq: self.get(row, 0)?,
                    a: (self.get(row, 1)?, self.get(row, 2)?),
                    b: (self.get(row, 3)?, self.get(row, 4)?),
                    same: same == 1,
                    decided_by: self.get(row, 6)?,
                    decided_at: self.get(row, 7)?,
                })
            })
            .collect()
    }

    /// Replaces the linkage (assignments, review pairs, run) in one
    /// transaction.
    pub async fn replace_linkage(
        &self,
        actor: Actor,
        assignments: &[LinkAssignment],
        review: &[LinkReviewRow],
        run: &LinkRun,
    ) -> Result<i64> {
        let mut change = Audited::begin(self, actor).await?;
        for table in ["link_clusters", "link_review", "link_runs"] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("clearing {table}"), e))?;
        }
        // A million inserts into the index by person cost more than building
        // it once from the table; the transaction keeps the schema whole.
        sqlx::query("DROP INDEX link_clusters_by_person")
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error("dropping the index of link_clusters", e))?;
        let id = change.next_id("link_runs").await?;
        let context = "storing the linkage";
        // In key order the primary-key index of link_clusters grows at its
        // end instead of taking a million random inserts.
        let mut in_key_order: Vec<&LinkAssignment> = assignments.iter().collect();
        in_key_order.sort_unstable_by(|x, y| (&x.list, &x.record_id).cmp(&(&y.list, &y.record_id)));
        let per = rows_per_statement(self.backend, 3);
        for chunk in in_key_order.chunks(per) {
            let args = build_rows(chunk, 3, |_, a, row| {
                row.push(Arg::Text(&a.list));
                row.push(Arg::Text(&a.record_id));
                row.push(Arg::Text(&a.person));
                Ok(())
            })?;
            insert_rows(
                self,
                &mut change.tx,
                context,
                "INSERT INTO link_clusters (list_name, record_id, person)",
                3,
                args,
            )
            .await?;
        }
        // Same definition as migration 0005.
        sqlx::query("CREATE INDEX link_clusters_by_person ON link_clusters (person)")
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error("indexing link_clusters by person", e))?;
        let per = rows_per_statement(self.backend, 8);
        for chunk in review.chunks(per) {
            let args = build_rows(chunk, 8, |_, r, row| {
                row.push(Arg::Int(r.id));
                row.push(Arg::Text(&r.a.0));
                row.push(Arg::Text(&r.a.1));
                row.push(Arg::Text(&r.b.0));
                row.push(Arg::Text(&r.b.1));
                row.push(Arg::Real(r.probability));
                row.push(Arg::Text(&r.evidence));
                row.push(Arg::OptText(r.refused.as_deref()));
                Ok(())
            })?;
            insert_rows(
                self,
                &mut change.tx,
                "storing linkage review pairs",
                "INSERT INTO link_review (id, a_list, a_record, b_list, b_record, probability, \
                 evidence, refused)",
                8,
                args,
            )
            .await?;
        }
        sqlx::query(
            "INSERT INTO link_runs (id, at, records, clusters, review_pairs, parameters) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(change.now.as_str())
        .bind(run.records)
        .bind(run.clusters)
        .bind(run.review_pairs)
        .bind(run.parameters.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("storing the linkage run", e))?;
        let after = self.audit_json(
            "linkage",
            &serde_json::json!({
                "run": id,
                "records": run.records,
                "clusters": run.clusters,
                "review_pairs": run.review_pairs,
            }),
        )?;
        let digest = self.linkage_digest(id, &change.now, run, &in_key_order, review)?;
        change
            .commit_digested("link", "linkage", "current", Some(after), &digest)
            .await?;
        Ok(id)
    }

    /// The log digest of the linkage [`Store::replace_linkage`] stores,
    /// from its rows in memory: reading 2 million rows back took longer
    /// than writing them. It must be what the log's verification computes
    /// from the stored rows (the linkage tests verify the log after
    /// storing one).
    fn linkage_digest(
        &self,
        id: i64,
        at: &str,
        run: &LinkRun,
        assignments: &[&LinkAssignment],
        review: &[LinkReviewRow],
    ) -> Result<String> {
        use crate::log::canonical::{encode_cells, Cell};
        let aggregate = crate::log::aggregate_of_entity("linkage")
            .ok_or_else(|| self.corrupt("the log knows no linkage record"))?;
        let mut tables = Vec::new();
        for table in aggregate.tables() {
            let rows: Vec<Vec<u8>> = match table {
                "link_runs" => vec![encode_cells(&mut [
                    ("id", Cell::Int(id)),
                    ("at", Cell::Text(at)),
                    ("records", Cell::Int(run.records)),
                    ("clusters", Cell::Int(run.clusters)),
                    ("review_pairs", Cell::Int(run.review_pairs)),
                    ("parameters", Cell::Text(&run.parameters)),
                ])],
                "link_clusters" => assignments
                    .iter()
                    .map(|a| {
                        encode_cells(&mut [
                            ("list_name", Cell::Text(&a.list)),
                            ("record_id", Cell::Text(&a.record_id)),
                            ("person", Cell::Text(&a.person)),
                        ])
                    })
                    .collect(),
                "link_review" => review
                    .iter()
                    .map(|r| {
                        encode_cells(&mut [
                            ("id", Cell::Int(r.id)),
                            ("a_list", Cell::Text(&r.a.0)),
                            ("a_record", Cell::Text(&r.a.1)),
                            ("b_list", Cell::Text(&r.b.0)),
                            ("b_record", Cell::Text(&r.b.1)),
                            ("probability", Cell::Real(r.probability)),
                            ("evidence", Cell::Text(&r.evidence)),
                            (
                                "refused",
                                r.refused.as_deref().map_or(Cell::Null, Cell::Text),
                            ),
                        ])
                    })
                    .collect(),
                other => {
                    return Err(self.corrupt(format!(
                        "the linkage's log record has a table {other} its writer does not know"
                    )))
                }
            };
            tables.push((table, rows));
        }
        Ok(crate::log::digest_encoded(tables))
    }

    /// The latest linkage: every record's person.
    pub async fn linkage(&self) -> Result<Vec<LinkAssignment>> {
        let mut rows = sqlx::query(
            "SELECT list_name, record_id, person FROM link_clusters ORDER BY person, list_name, record_id",
        )
        .fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(|e| self.query_error("reading the linkage", e))?
        {
            out.push(LinkAssignment {
                list: self.get(&row, 0)?,
                record_id: self.get(&row, 1)?,
                person: self.get(&row, 2)?,
            });
        }
        Ok(out)
    }

    /// Review pairs of the latest linkage that no decision has settled,
    /// most uncertain first.
    pub async fn link_review(&self, limit: i64) -> Result<Vec<LinkReviewRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.a_list, r.a_record, r.b_list, r.b_record, r.probability, r.evidence, \
             r.refused FROM link_review r \
             WHERE NOT EXISTS (SELECT 1 FROM link_decisions d WHERE \
               (d.a_list = r.a_list AND d.a_record = r.a_record AND d.b_list = r.b_list AND d.b_record = r.b_record) \
               OR (d.a_list = r.b_list AND d.a_record = r.b_record AND d.b_list = r.a_list AND d.b_record = r.a_record)) \
             ORDER BY r.id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("reading linkage review pairs", e))?;
        rows.iter()
            .map(|row| {
                Ok(LinkReviewRow {
                    id: self.get(row, 0)?,
                    a: (self.get(row, 1)?, self.get(row, 2)?),
                    b: (self.get(row, 3)?, self.get(row, 4)?),
                    probability: self.get(row, 5)?,
                    evidence: self.get(row, 6)?,
                    refused: self.get(row, 7)?,
                })
            })
            .collect()
    }

    /// One list record by (list, record id), for showing review pairs.
    pub async fn list_record(&self, list: &str, record_id: &str) -> Result<Option<ListRow>> {
        let row = sqlx::query(
            "SELECT r.record_id, r.row_number, r.full_name, r.given, r.family, r.patronymic, \
             r.birth_year, r.birth_date, r.city, r.event_date, COALESCE(r.event_type, l.event_type), \
             r.notes FROM list_records r JOIN lists l ON l.id = r.list_id \
             WHERE l.name = $1 AND r.record_id = $2",
        )
        .bind(list)
        .bind(record_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading record {list}:{record_id}"), e))?;
        row.map(|row| self.list_row(&row, 0)).transpose()
    }

    /// A [`ListRow`] from the columns `record_id, row_number, full_name,
    /// given, family, patronymic, birth_year, birth_date, city, event_date,
    /// event_type, notes`, starting at column `at`.
    fn list_row(&self, row: &sqlx::any::AnyRow, at: usize) -> Result<ListRow> {
        Ok(ListRow {
            record_id: self.get(row, at)?,
            row_number: self.get(row, at + 1)?,
            full_name: self.get(row, at + 2)?,
            given: self.get(row, at + 3)?,
            family: self.get(row, at + 4)?,
            patronymic: self.get(row, at + 5)?,
            birth_year: self.get(row, at + 6)?,
            birth_date: self.get(row, at + 7)?,
            city: self.get(row, at + 8)?,
            event_date: self.get(row, at + 9)?,
            event_type: self.get(row, at + 10)?,
            notes: self.get(row, at + 11)?,
        })
    }

    /// The latest linkage run, if any.
    pub async fn last_link_run(&self) -> Result<Option<LinkRun>> {
        let row = sqlx::query(
            "SELECT id, at, records, clusters, review_pairs, parameters FROM link_runs \
             ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("reading the linkage run", e))?;
        row.map(|row| {
            Ok(LinkRun {
                id: self.get(&row, 0)?,
                at: self.get(&row, 1)?,
                records: self.get(&row, 2)?,
                clusters: self.get(&row, 3)?,
                review_pairs: self.get(&row, 4)?,
                parameters: self.get(&row, 5)?,
            })
        })
        .transpose()
    }
}
