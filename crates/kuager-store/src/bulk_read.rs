//! Reading every list record of the embedded database for linkage, without
//! sqlx. A national linkage reads 1.7 million records: through sqlx's `Any`
//! driver each row crosses a channel from the connection's worker thread
//! and is copied twice (into an `AnyRow`, then into our types), which took
//! 7–22 s where SQLite itself reads the rows in about a second
//! (docs/benchmarks.md, eighth round). Here one read-only connection of the
//! same SQLite library (rusqlite over the libsqlite3-sys that sqlx links,
//! so SQLCipher included) steps the rows itself. PostgreSQL and in-memory
//! databases keep the sqlx path (decision 0002).

use crate::lists::LinkageRecord;
use std::path::PathBuf;
use std::sync::Arc;
use zeroize::Zeroizing;

/// The embedded database's file and SQLCipher key literal, if encrypted.
#[derive(Clone)]
pub(crate) struct EmbeddedFile {
    pub path: PathBuf,
    pub page_key: Option<Arc<Zeroizing<String>>>,
}

impl std::fmt::Debug for EmbeddedFile {
    // The key must never reach a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedFile")
            .field("path", &self.path)
            .field("encrypted", &self.page_key.is_some())
            .finish()
    }
}

/// What went wrong, with the step it went wrong at.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub step: &'static str,
    pub cause: rusqlite::Error,
}

/// Every list record with its list's name, ordered by list id and record
/// id (the order the sqlx path reads them in); a record without an event
/// type of its own takes its list's.
pub(crate) fn linkage_records(
    file: &EmbeddedFile,
) -> Result<Vec<(String, LinkageRecord)>, ReadError> {
    use rusqlite::OpenFlags;
    let at = |step: &'static str| move |cause| ReadError { step, cause };
    let connection = rusqlite::Connection::open_with_flags(
        &file.path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(at("opening the database file"))?;
    if let Some(key) = &file.page_key {
        // Before anything reads a page, as on the pool's connections.
        connection
            .execute_batch(&format!("PRAGMA key = {};", key.as_str()))
            .map_err(at("applying the key"))?;
    }
    connection
        .execute_batch("PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;")
        .map_err(at("setting up the read"))?;
    let count: i64 = connection
        .query_row("SELECT count(*) FROM list_records", [], |row| row.get(0))
        .map_err(at("counting list records"))?;
    let mut statement = connection
        .prepare(
            "SELECT l.name, l.event_type, r.record_id, r.full_name, r.given, r.family, \
             r.patronymic, r.birth_year, r.city, r.event_date, r.event_type \
             FROM list_records r JOIN lists l ON l.id = r.list_id \
             ORDER BY r.list_id, r.record_id",
        )
        .map_err(at("preparing the read of list records"))?;
    let mut rows = statement.query([]).map_err(at("reading list records"))?;
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut list = String::new();
    let reading = at("reading list records");
    while let Some(row) = rows.next().map_err(reading)? {
        let name = row.get_ref(0).map_err(reading)?;
        let name = name
            .as_str()
            .map_err(|e| reading(rusqlite::Error::from(e)))?;
        if name != list {
            list = name.to_string();
        }
        let own_event_type: Option<String> = row.get(10).map_err(reading)?;
        out.push((
            list.clone(),
            LinkageRecord {
                record_id: row.get(2).map_err(reading)?,
                full_name: row.get(3).map_err(reading)?,
                given: row.get(4).map_err(reading)?,
                family: row.get(5).map_err(reading)?,
                patronymic: row.get(6).map_err(reading)?,
                birth_year: row.get(7).map_err(reading)?,
                city: row.get(8).map_err(reading)?,
                event_date: row.get(9).map_err(reading)?,
                event_type: match own_event_type {
                    Some(own) => Some(own),
                    None => row.get(1).map_err(reading)?,
                },
            },
        ));
    }
    Ok(out)
}
