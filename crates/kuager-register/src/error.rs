//! The register's error type.

use kuager_ingest::IngestError;
use kuager_store::StoreError;

/// Why a use case failed. Every message names what it is about: the
/// database, the file, the person id or the mention as the user gave it.
#[derive(thiserror::Error, Debug)]
pub enum RegisterError {
    /// The database failed; the message names it and what was being done.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// A casework change was refused; the message says why.
    #[error(transparent)]
    Case(#[from] kuager_store::CaseError),

    /// A document could not be read; the message names the file.
    #[error(transparent)]
    Document(#[from] IngestError),

    /// A document was read but the database refused it.
    #[error("{file}: not stored: {cause}")]
    NotStored { file: String, cause: StoreError },

    /// A part of Kuager crashed (a panic, caught).
    #[error("internal error: {0}")]
    Internal(String),

    /// A list file could not be read or imported as asked.
    #[error("{file}: {reason}")]
    BadList { file: String, reason: String },

    #[error("record {spec:?}: expected LIST:RECORD_ID (register people as register:PERSON_ID)")]
    RecordSyntax { spec: String },

    #[error("no lists imported yet: import some with `kuager lists import FILE --name NAME`")]
    NoLists,

    #[error("no linkage yet: run `kuager link` first")]
    NotLinked,

    #[error("no list named {name:?} (imported: {})", known.join(", "))]
    NoSuchList { name: String, known: Vec<String> },

    #[error("the query {query:?} has no letters to search for")]
    EmptyQuery { query: String },

    #[error("no person with id {id:?}")]
    NoSuchPerson { id: String },

    #[error("person {id} has no mentions")]
    NoMentions { id: String },

    #[error("both ids are {id}: name two different people")]
    SamePerson { id: String },

    #[error("mention {spec:?}: expected FILE:START or SHA256-PREFIX:START")]
    MentionSyntax { spec: String },

    #[error("mention {spec:?}: START must be a character offset, got {start:?}")]
    MentionOffset { spec: String, start: String },

    #[error("mention {spec:?}: no document named or hashed {document:?}")]
    MentionDocument { spec: String, document: String },

    #[error("mention {spec:?}: {document:?} names {count} documents; use the SHA-256 prefix")]
    MentionAmbiguous {
        spec: String,
        document: String,
        count: usize,
    },

    #[error("mention {spec:?}: no person mention starts at offset {start} in that document")]
    NoMentionAt { spec: String, start: usize },

    /// [`add_person_record`](crate::add_person_record) was given something
    /// that is not a name.
    #[error("cannot record a person named {name:?}: {reason}")]
    NotAName { name: String, reason: &'static str },

    #[error("no staging import {id}: `kuager staging show` lists them")]
    NoSuchStaging { id: i64 },

    #[error("staging import {import}: no row {row} (rows: {known})")]
    NoSuchStagingRow {
        import: i64,
        row: i64,
        known: String,
    },

    #[error("{0}")]
    BadStagingChoice(String),
}

/// Result of every use case.
pub type Result<T> = std::result::Result<T, RegisterError>;
