//! Every write to the register goes through this module.
//!
//! Public `Store` methods describe what they want changed as a [`Change`]
//! and hand it to [`apply`], which runs it in exactly one transaction. No
//! other module changes data (the migrations aside).
//!
//! This is the single place where encryption at rest (encrypting column
//! values before they are bound) and the tamper-evident change log
//! (appending a hash-chained record of each applied `Change` inside the same
//! transaction) will hook in later.

use crate::{to_i64, Backend, Result, Store, StoreError};
use kuager_domain::{Decision, Document, Extraction, MentionKey, Person, ReviewPair};
use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;
use sqlx::AnyConnection;
use std::collections::HashSet;
use std::fmt::Write as _;

/// A change to the register.
pub(crate) enum Change<'a> {
    /// A document and everything extracted from it; nothing is written if a
    /// document with the same sha256 is already stored.
    InsertDocument {
        doc: &'a Document,
        extraction: &'a Extraction,
        ingested_at: String,
    },
    /// Replace the whole resolution: persons, their mentions and search
    /// keys, and the review pairs.
    ReplaceResolution {
        persons: &'a [Person],
        review: &'a [ReviewPair],
    },
    /// Append a human decision.
    AddDecision {
        decision: &'a Decision,
        decided_at: String,
    },
}

/// What [`apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    Inserted,
    AlreadyPresent,
    Replaced,
    Recorded,
}

/// Applies one change in one transaction: all of it or nothing.
///
/// The one function every write passes through: encryption at rest and the
/// tamper-evident change log will hook in here.
pub(crate) async fn apply(store: &Store, change: Change<'_>) -> Result<Applied> {
    let mut tx = store
        .pool
        .begin()
        .await
        .map_err(|e| store.query_error("starting a transaction", e))?;
    let conn: &mut AnyConnection = &mut tx;
    let now = crate::time::now_utc();
    let (applied, logged) = match change {
        Change::InsertDocument {
            doc,
            extraction,
            ingested_at,
        } => (
            insert_document(store, conn, doc, extraction, &ingested_at).await?,
            ("document", doc.sha256.clone(), "ingest"),
        ),
        Change::ReplaceResolution { persons, review } => (
            replace_resolution(store, conn, persons, review).await?,
            ("resolution", "current".to_string(), "resolve"),
        ),
        Change::AddDecision {
            decision,
            decided_at,
        } => {
            let (applied, seq) = add_decision(store, conn, decision, &decided_at).await?;
            (applied, ("decision", seq.to_string(), "decide"))
        }
    };
    if applied != Applied::AlreadyPresent {
        let (entity, key, action) = logged;
        if let Some(aggregate) = crate::log::aggregate_of_entity(entity) {
            store
                .log_change(conn, aggregate, &key, action, &now)
                .await?;
        }
    }
    if applied == Applied::AlreadyPresent {
        tx.rollback()
            .await
            .map_err(|e| store.query_error("rolling back", e))?;
    } else {
        tx.commit()
            .await
            .map_err(|e| store.query_error("committing", e))?;
    }
    Ok(applied)
}

pub(crate) async fn insert_document(
    store: &Store,
    conn: &mut AnyConnection,
    doc: &Document,
    extraction: &Extraction,
    ingested_at: &str,
) -> Result<Applied> {
    let sha = doc.sha256.as_str();
    let chars = to_i64(doc.text.chars().count(), "document length")?;
    // Inserting first (rather than checking first) takes the write lock at
    // once, so two writers cannot both decide the document is new.
    let done = sqlx::query(
        "INSERT INTO documents \
         (sha256, file_name, format, encoding, language, title, body, chars, ingested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha)
    .bind(doc.file_name.as_str())
    .bind(doc.format.as_str())
    .bind(doc.encoding.as_str())
    .bind(doc.language.code())
    .bind(doc.title.as_str())
    .bind(doc.text.as_str())
    .bind(chars)
    .bind(ingested_at)
    .execute(&mut *conn)
    .await
    .map_err(|e| store.query_error(format!("inserting document {sha}"), e))?;
    if done.rows_affected() == 0 {
        return Ok(Applied::AlreadyPresent);
    }

    let context = format!("inserting person mentions of document {sha}");
    let per = rows_per_statement(store.backend, 7);
    for (n, chunk) in extraction.persons.chunks(per).enumerate() {
        let args = build_rows(chunk, 7, |i, m, row| {
            let name = serde_json::to_string(&m.name).map_err(|e| StoreError::Invalid {
                what: format!("person name in document {sha}"),
                detail: e.to_string(),
            })?;
            row.push(Arg::Text(sha));
            row.push(Arg::Int(to_i64(m.span.start, "offset")?));
            row.push(Arg::Int(to_i64(m.span.end, "offset")?));
            row.push(Arg::Int(to_i64(n * per + i, "ordinal")?));
            row.push(Arg::Text(&m.text));
            row.push(Arg::OwnedText(name));
            row.push(Arg::OptInt(
                m.refers_to.map(|r| to_i64(r, "refers_to")).transpose()?,
            ));
            Ok(())
        })?;
        let head = "INSERT INTO person_mentions \
                    (sha256, start_char, end_char, ordinal, text, name_json, refers_to)";
        insert_rows(store, conn, &context, head, 7, args).await?;
    }

    let context = format!("inserting place mentions of document {sha}");
    let per = rows_per_statement(store.backend, 8);
    for (n, chunk) in extraction.places.chunks(per).enumerate() {
        let args = build_rows(chunk, 8, |i, p, row| {
            row.push(Arg::Text(sha));
            row.push(Arg::Int(to_i64(n * per + i, "ordinal")?));
            row.push(Arg::Int(to_i64(p.span.start, "offset")?));
            row.push(Arg::Int(to_i64(p.span.end, "offset")?));
            row.push(Arg::Text(&p.text));
            row.push(Arg::Text(&p.place_key));
            row.push(Arg::Text(&p.name));
            row.push(Arg::Text(p.kind.as_str()));
            Ok(())
        })?;
        let head = "INSERT INTO place_mentions \
                    (sha256, ordinal, start_char, end_char, text, place_key, name, kind)";
        insert_rows(store, conn, &context, head, 8, args).await?;
    }

    let context = format!("inserting date mentions of document {sha}");
    let per = rows_per_statement(store.backend, 8);
    for (n, chunk) in extraction.dates.chunks(per).enumerate() {
        let args = build_rows(chunk, 8, |i, d, row| {
            row.push(Arg::Text(sha));
            row.push(Arg::Int(to_i64(n * per + i, "ordinal")?));
            row.push(Arg::Int(to_i64(d.span.start, "offset")?));
            row.push(Arg::Int(to_i64(d.span.end, "offset")?));
            row.push(Arg::Text(&d.text));
            row.push(Arg::Int(i64::from(d.date.year)));
            row.push(Arg::OptInt(d.date.month.map(i64::from)));
            row.push(Arg::OptInt(d.date.day.map(i64::from)));
            Ok(())
        })?;
        let head = "INSERT INTO date_mentions \
                    (sha256, ordinal, start_char, end_char, text, year, month, day)";
        insert_rows(store, conn, &context, head, 8, args).await?;
    }

    let context = format!("inserting figures of document {sha}");
    let per = rows_per_statement(store.backend, 9);
    for (n, chunk) in extraction.figures.chunks(per).enumerate() {
        let args = build_rows(chunk, 9, |i, f, row| {
            let value = i64::try_from(f.value).map_err(|_| StoreError::Invalid {
                what: format!("figure {:?} in document {sha}", f.text),
                detail: format!("value {} is larger than {}", f.value, i64::MAX),
            })?;
            row.push(Arg::Text(sha));
            row.push(Arg::Int(to_i64(n * per + i, "ordinal")?));
            row.push(Arg::Int(to_i64(f.span.start, "offset")?));
            row.push(Arg::Int(to_i64(f.span.end, "offset")?));
            row.push(Arg::Text(&f.text));
            row.push(Arg::Int(value));
            row.push(Arg::Text(f.qualifier.as_str()));
            row.push(Arg::Text(&f.unit));
            row.push(Arg::OptText(f.event.as_deref()));
            Ok(())
        })?;
        let head = "INSERT INTO figure_mentions \
                    (sha256, ordinal, start_char, end_char, text, value, qualifier, unit, event)";
        insert_rows(store, conn, &context, head, 9, args).await?;
    }

    Ok(Applied::Inserted)
}

async fn replace_resolution(
    store: &Store,
    conn: &mut AnyConnection,
    persons: &[Person],
    review: &[ReviewPair],
) -> Result<Applied> {
    // Review pairs must name persons of this resolution.
    let ids: HashSet<&str> = persons.iter().map(|p| p.id.as_str()).collect();
    for r in review {
        for id in [&r.a, &r.b] {
            if !ids.contains(id.as_str()) {
                return Err(StoreError::PersonNotFound {
                    a: r.a.clone(),
                    b: r.b.clone(),
                    missing: id.clone(),
                });
            }
        }
    }
    drop(ids);

    // Empty the old resolution. SQLite empties a whole table in one step
    // when there is no WHERE clause. PostgreSQL's DELETE would leave a
    // million dead rows per replacement for VACUUM and slow the inserts that
    // follow; TRUNCATE does not (it also locks the tables until commit, so
    // readers wait for the new resolution instead of seeing the old one).
    let clear: &[&str] = match store.backend {
        Backend::Sqlite => &[
            "DELETE FROM review_pairs",
            "DELETE FROM person_keys",
            "DELETE FROM person_members",
            "DELETE FROM persons",
        ],
        Backend::Postgres => &["TRUNCATE review_pairs, person_keys, person_members, persons"],
    };
    for statement in clear {
        sqlx::query(statement)
            .execute(&mut *conn)
            .await
            .map_err(|e| store.query_error("clearing the old resolution", e))?;
    }

    let per = rows_per_statement(store.backend, 3);
    for chunk in persons.chunks(per) {
        let args = build_rows(chunk, 3, |_, p, row| {
            let aliases = serde_json::to_string(&p.aliases).map_err(|e| StoreError::Invalid {
                what: format!("aliases of person {}", p.id),
                detail: e.to_string(),
            })?;
            row.push(Arg::Text(&p.id));
            row.push(Arg::Text(&p.name));
            row.push(Arg::OwnedText(aliases));
            Ok(())
        })?;
        let head = "INSERT INTO persons (id, name, aliases_json)";
        insert_rows(store, conn, "inserting persons", head, 3, args).await?;
    }

    let members: Vec<(&str, &MentionKey)> = persons
        .iter()
        .flat_map(|p| p.mentions.iter().map(move |m| (p.id.as_str(), m)))
        .collect();
    let per = rows_per_statement(store.backend, 3);
    for chunk in members.chunks(per) {
        let args = build_rows(chunk, 3, |_, (id, m), row| {
            row.push(Arg::Text(&m.sha256));
            row.push(Arg::Int(to_i64(m.start, "offset")?));
            row.push(Arg::Text(id));
            Ok(())
        })?;
        let head = "INSERT INTO person_members (sha256, start_char, person_id)";
        let context = "inserting person mention assignments";
        insert_rows(store, conn, context, head, 3, args).await?;
    }
    drop(members);

    // Every assigned mention must be stored: one anti-join instead of a
    // foreign-key check per row.
    let missing = sqlx::query(
        "SELECT pm.person_id, pm.sha256, pm.start_char FROM person_members pm \
         WHERE NOT EXISTS (SELECT 1 FROM person_mentions m \
         WHERE m.sha256 = pm.sha256 AND m.start_char = pm.start_char) \
         ORDER BY pm.person_id, pm.sha256, pm.start_char LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| store.query_error("checking person mention assignments", e))?;
    if let Some(row) = missing {
        return Err(StoreError::MentionNotFound {
            person: store.get(&row, 0)?,
            key: MentionKey {
                sha256: store.get(&row, 1)?,
                start: store.offset(&row, 2)?,
            },
        });
    }

    // Each person's keys once; the same key may belong to many persons.
    let mut keys: Vec<(&Person, &str)> = Vec::new();
    for p in persons {
        let mut own: Vec<&str> = p.search_keys.iter().map(String::as_str).collect();
        own.sort_unstable();
        own.dedup();
        keys.extend(own.into_iter().map(|k| (p, k)));
    }
    let per = rows_per_statement(store.backend, 4);
    for chunk in keys.chunks(per) {
        let args = build_rows(chunk, 4, |_, (p, key), row| {
            row.push(Arg::Text(key));
            row.push(Arg::Text(&p.id));
            row.push(Arg::Int(to_i64(p.mentions.len(), "count")?));
            row.push(Arg::Text(&p.name));
            Ok(())
        })?;
        let head = "INSERT INTO person_keys (search_key, person_id, mentions, name)";
        insert_rows(store, conn, "inserting person search keys", head, 4, args).await?;
    }
    drop(keys);

    let per = rows_per_statement(store.backend, 4);
    for chunk in review.chunks(per) {
        let args = build_rows(chunk, 4, |_, r, row| {
            if !r.score.is_finite() {
                return Err(StoreError::Invalid {
                    what: format!("review pair ({}, {})", r.a, r.b),
                    detail: format!("score {} is not a finite number", r.score),
                });
            }
            let evidence = serde_json::to_string(&r.evidence).map_err(|e| StoreError::Invalid {
                what: format!("evidence of review pair ({}, {})", r.a, r.b),
                detail: e.to_string(),
            })?;
            row.push(Arg::Text(&r.a));
            row.push(Arg::Text(&r.b));
            row.push(Arg::Real(r.score));
            row.push(Arg::OwnedText(evidence));
            Ok(())
        })?;
        let head = "INSERT INTO review_pairs (person_a, person_b, score, evidence_json)";
        insert_rows(store, conn, "inserting review pairs", head, 4, args).await?;
    }

    Ok(Applied::Replaced)
}

pub(crate) async fn add_decision(
    store: &Store,
    conn: &mut AnyConnection,
    decision: &Decision,
    decided_at: &str,
) -> Result<(Applied, i64)> {
    let (kind, a, b) = match decision {
        Decision::Merge { a, b } => ("merge", a, Some(b)),
        Decision::Distinct { a, b } => ("distinct", a, Some(b)),
        Decision::Split { mention } => ("split", mention, None),
    };
    // Taking the number locks the counter row until commit, so concurrent
    // writers queue up and numbers follow the order decisions are made.
    let seq: i64 = sqlx::query_scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'decisions' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| store.query_error("numbering a decision", e))?;
    sqlx::query(
        "INSERT INTO decisions (seq, decided_at, kind, a_sha256, a_start, b_sha256, b_start) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(seq)
    .bind(decided_at)
    .bind(kind)
    .bind(a.sha256.as_str())
    .bind(to_i64(a.start, "offset")?)
    .bind(b.map(|k| k.sha256.as_str()))
    .bind(b.map(|k| to_i64(k.start, "offset")).transpose()?)
    .execute(&mut *conn)
    .await
    .map_err(|e| store.query_error(format!("recording {kind} decision {seq}"), e))?;
    Ok((Applied::Recorded, seq))
}

/// One bound value of a multi-row INSERT.
pub(crate) enum Arg<'a> {
    Text(&'a str),
    OwnedText(String),
    OptText(Option<&'a str>),
    Int(i64),
    OptInt(Option<i64>),
    Real(f64),
}

/// Upper bound on rows per INSERT statement. Larger statements stop paying
/// off well before the bind-parameter limits; this keeps SQL text and
/// prepared-statement caches small.
const MAX_ROWS_PER_STATEMENT: usize = 1000;

/// Bind parameters one statement may carry.
pub(crate) fn max_bind_parameters(backend: Backend) -> usize {
    match backend {
        // SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32.
        Backend::Sqlite => 32_766,
        // The protocol counts parameters in 16 bits.
        Backend::Postgres => 65_535,
    }
}

/// Rows per multi-row INSERT with `columns` columns.
pub(crate) fn rows_per_statement(backend: Backend, columns: usize) -> usize {
    (max_bind_parameters(backend) / columns.max(1)).clamp(1, MAX_ROWS_PER_STATEMENT)
}

/// The bound values of the rows for `items`, `columns` per row: `push`
/// gets each item's index in `items` and appends its values in column order.
pub(crate) fn build_rows<'a, T>(
    items: &'a [T],
    columns: usize,
    mut push: impl FnMut(usize, &'a T, &mut Vec<Arg<'a>>) -> Result<()>,
) -> Result<Vec<Arg<'a>>> {
    let mut args = Vec::with_capacity(items.len() * columns);
    for (i, item) in items.iter().enumerate() {
        push(i, item, &mut args)?;
    }
    Ok(args)
}

/// One multi-row `INSERT ... VALUES` of `args.len() / columns` rows. Callers
/// cut their rows into chunks of [`rows_per_statement`], which keeps every
/// statement under the bind-parameter limit.
///
/// (Callers build the values before awaiting this, rather than passing an
/// iterator and a closure in, so that the futures stay `Send`.)
pub(crate) async fn insert_rows(
    store: &Store,
    conn: &mut AnyConnection,
    context: &str,
    head: &str,
    columns: usize,
    args: Vec<Arg<'_>>,
) -> Result<()> {
    let rows = args.len() / columns.max(1);
    if rows == 0
        || rows * columns != args.len()
        || rows > rows_per_statement(store.backend, columns)
    {
        return Err(StoreError::Invalid {
            what: context.to_string(),
            detail: format!(
                "internal error: {} values for rows of {columns} columns",
                args.len()
            ),
        });
    }
    let sql = values_sql(store.backend, head, columns, rows);
    // Kept prepared (in sqlx's per-connection LRU cache): documents tend to
    // have similar numbers of mentions, so the same row counts recur.
    let mut query = sqlx::query(&sql);
    for arg in args {
        query = bind(query, arg);
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| store.query_error(context, e))?;
    Ok(())
}

fn bind<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    arg: Arg<'q>,
) -> Query<'q, Any, AnyArguments<'q>> {
    match arg {
        Arg::Text(v) => query.bind(v),
        Arg::OwnedText(v) => query.bind(v),
        Arg::OptText(v) => query.bind(v),
        Arg::Int(v) => query.bind(v),
        Arg::OptInt(v) => query.bind(v),
        Arg::Real(v) => query.bind(v),
    }
}

/// `head VALUES (.., ..), (.., ..), ...` with the backend's placeholders:
/// numbered `$1, $2, ...` for PostgreSQL, anonymous `?` for SQLite. (SQLite
/// understands `$N` too, but looks each numbered parameter up by name in a
/// list, which makes binding a statement quadratic in its parameter count.)
fn values_sql(backend: Backend, head: &str, columns: usize, rows: usize) -> String {
    format!("{head} VALUES {}", tuples(backend, columns, rows))
}

/// `(.., ..), (.., ..)`: `rows` groups of `columns` placeholders in the
/// backend's style (see [`values_sql`]).
pub(crate) fn tuples(backend: Backend, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 8);
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    let _ = write!(sql, "${n}");
                }
            }
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_parameter_limits() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            for columns in 1..=20 {
                let rows = rows_per_statement(backend, columns);
                assert!(rows >= 1);
                assert!(rows * columns <= max_bind_parameters(backend));
            }
        }
        assert_eq!(rows_per_statement(Backend::Sqlite, 100), 327);
        assert_eq!(rows_per_statement(Backend::Postgres, 100), 655);
    }

    #[test]
    fn builds_numbered_values() {
        assert_eq!(
            values_sql(Backend::Postgres, "INSERT INTO t (a, b)", 2, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            values_sql(Backend::Sqlite, "INSERT INTO t (a, b)", 2, 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
