//! The store's error type.

use kuager_domain::MentionKey;

/// Everything that can go wrong in the store.
///
/// Messages name the database (URL with any password masked, or file) and
/// what was being done; the underlying driver message is part of the text.
#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    #[error(
        "unsupported database URL {url}: expected sqlite://FILE, sqlite::memory:, \
         postgres://... (or postgresql://...), or a plain file path"
    )]
    UnsupportedUrl { url: String },

    #[error("cannot open database {url}: {cause}")]
    Open { url: String, cause: sqlx::Error },

    #[error("cannot bring database {url} to the current schema (migration failed): {cause}")]
    Migrate {
        url: String,
        cause: sqlx::migrate::MigrateError,
    },

    #[error("database {url}: {context} failed: {cause}")]
    Query {
        url: String,
        context: String,
        cause: sqlx::Error,
    },

    #[error("database {url}: {context} failed: {cause}")]
    EmbeddedRead {
        url: String,
        context: String,
        cause: String,
    },

    #[error("document {sha256} not found")]
    DocumentNotFound { sha256: String },

    #[error("person {person} refers to mention {key}, which is not stored")]
    MentionNotFound { person: String, key: MentionKey },

    #[error("review pair ({a}, {b}) refers to person {missing}, which is not in the resolution")]
    PersonNotFound {
        a: String,
        b: String,
        missing: String,
    },

    #[error("cannot store {what}: {detail}")]
    Invalid { what: String, detail: String },

    #[error(
        "database {url} is encrypted (or is not a Kuager database): give its key with \
         KUAGER_KEY_FILE=FILE or --key-file FILE, or its passphrase (--passphrase)"
    )]
    KeyRequired { url: String },

    #[error(
        "database {url}: its confidential fields are sealed under a master key that was not \
         given; set KUAGER_KEY_FILE=FILE (or --key-file FILE)"
    )]
    FieldKeyRequired { url: String },

    #[error("the key given does not open database {url} (wrong key file or passphrase)")]
    WrongKey { url: String },

    #[error(
        "database {url} is not encrypted, but a key was given; run `kuager encrypt` to \
         encrypt it with that key, or leave the key out"
    )]
    NotEncrypted { url: String },

    #[error("database {url}: {cause}")]
    Vault {
        url: String,
        cause: kuager_vault::VaultError,
    },

    #[error("database {url} holds data this version cannot read: {detail}")]
    Corrupt { url: String, detail: String },
}

impl StoreError {
    /// True if the database refused a write because it would duplicate a
    /// unique key.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Query { cause, .. } => cause
                .as_database_error()
                .is_some_and(|e| e.is_unique_violation()),
            _ => false,
        }
    }
}

/// Result of every store operation.
pub type Result<T> = std::result::Result<T, StoreError>;
