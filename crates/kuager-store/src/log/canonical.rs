//! The canonical encoding of a record's rows, identical on SQLite and
//! PostgreSQL (so a register moved by backup and restore still verifies).
//!
//! A row is its columns sorted by name, each `name NUL` then a typed value
//! (tag byte; integers and reals as 8 big-endian bytes; text and bytes
//! length-prefixed). The rows of a table are sorted as encoded (the
//! databases' orders differ); a record is, per table in a fixed order, the
//! table name, the row count and the rows, each length-prefixed. Its digest
//! is the SHA-256 of that.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Column, Row, ValueRef};

/// Digest logged when a change removed the record.
pub(crate) const ABSENT: &str = "absent";
/// Digest given to child rows whose root row is gone.
pub(crate) const ORPHANED: &str = "orphaned";

/// A key value of an aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyValue {
    Int(i64),
    Text(String),
}

/// One stored value, whatever the backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// Reads column `index` by the kind of value it holds (SQLite types
    /// values, not columns). Deciding by kind, rather than trying decoders
    /// in turn, keeps the per-change digest cheap: a failed decode builds
    /// an error with formatted text.
    pub fn read(row: &AnyRow, index: usize) -> Result<Value, String> {
        use sqlx::any::AnyTypeInfoKind as Kind;
        use sqlx::TypeInfo;
        let raw = row
            .try_get_raw(index)
            .map_err(|e| format!("column {index}: {e}"))?;
        if raw.is_null() {
            return Ok(Value::Null);
        }
        let kind = raw.type_info().kind();
        let bad = |e: sqlx::Error| format!("column {index} ({}): {e}", raw.type_info().name());
        Ok(match kind {
            Kind::Null => Value::Null,
            Kind::Bool | Kind::SmallInt | Kind::Integer | Kind::BigInt => {
                Value::Int(row.try_get::<i64, _>(index).map_err(bad)?)
            }
            Kind::Real | Kind::Double => Value::Real(row.try_get::<f64, _>(index).map_err(bad)?),
            Kind::Text => Value::Text(row.try_get::<String, _>(index).map_err(bad)?),
            Kind::Blob => Value::Bytes(row.try_get::<Vec<u8>, _>(index).map_err(bad)?),
        })
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Value::Null => out.push(0),
            Value::Int(v) => {
                out.push(1);
                out.extend_from_slice(&v.to_be_bytes());
            }
            Value::Real(v) => {
                out.push(2);
                out.extend_from_slice(&v.to_bits().to_be_bytes());
            }
            Value::Text(v) => {
                out.push(3);
                out.extend_from_slice(&(v.len() as u64).to_be_bytes());
                out.extend_from_slice(v.as_bytes());
            }
            Value::Bytes(v) => {
                out.push(4);
                out.extend_from_slice(&(v.len() as u64).to_be_bytes());
                out.extend_from_slice(v);
            }
        }
    }
}

/// A row's canonical bytes.
pub(crate) fn encode_row(row: &AnyRow) -> Result<Vec<u8>, String> {
    let mut columns: Vec<(&str, usize)> = row
        .columns()
        .iter()
        .map(|c| (c.name(), c.ordinal()))
        .collect();
    columns.sort_unstable();
    let mut out = Vec::new();
    for (name, index) in columns {
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        encode_value(row, index, &mut out)?;
    }
    Ok(out)
}

/// A value held in memory, for [`encode_cells`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

/// The canonical bytes of a row its writer holds in memory, exactly as
/// [`encode_row`] makes them from the stored row: a writer that knows
/// every row it stored (the linkage: millions) logs the digest without
/// reading them back.
pub(crate) fn encode_cells(cells: &mut [(&str, Cell<'_>)]) -> Vec<u8> {
    cells.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (name, cell) in cells.iter() {
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        match *cell {
            Cell::Null => Value::Null.encode(&mut out),
            Cell::Int(v) => Value::Int(v).encode(&mut out),
            Cell::Real(v) => Value::Real(v).encode(&mut out),
            Cell::Text(text) => {
                out.push(3);
                out.extend_from_slice(&(text.len() as u64).to_be_bytes());
                out.extend_from_slice(text.as_bytes());
            }
        }
    }
    out
}

/// [`Value::read`] then [`Value::encode`], without the copy of the text in
/// between (a linkage digest reads millions of values).
fn encode_value(row: &AnyRow, index: usize, out: &mut Vec<u8>) -> Result<(), String> {
    use sqlx::any::AnyTypeInfoKind as Kind;
    use sqlx::TypeInfo;
    let raw = row
        .try_get_raw(index)
        .map_err(|e| format!("column {index}: {e}"))?;
    if !raw.is_null() && raw.type_info().kind() == Kind::Text {
        let text: &str = row
            .try_get(index)
            .map_err(|e| format!("column {index} ({}): {e}", raw.type_info().name()))?;
        out.push(3);
        out.extend_from_slice(&(text.len() as u64).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    Value::read(row, index)?.encode(out);
    Ok(())
}

/// The digest of a record: its tables' rows, in the aggregate's order,
/// each row encoded with [`encode_row`] as it is read (a record of a
/// million rows is not held as database rows).
pub(crate) fn digest_encoded(tables: Vec<(&str, Vec<Vec<u8>>)>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kuager-record-v1");
    for (table, mut encoded) in tables {
        encoded.sort_unstable();
        hasher.update((table.len() as u64).to_be_bytes());
        hasher.update(table.as_bytes());
        hasher.update((encoded.len() as u64).to_be_bytes());
        for row in encoded {
            hasher.update((row.len() as u64).to_be_bytes());
            hasher.update(&row);
        }
    }
    hex::encode(hasher.finalize())
}
