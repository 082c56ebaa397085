//! Keys and sealing for Kuager.
//!
//! Two layers of keys (envelope encryption, docs/decisions/0012):
//! - the **master key** belongs to the operator: a key file
//!   (`KUAGER_KEY_FILE`, 64 hex digits) or a passphrase stretched with
//!   Argon2id. It never enters the database. It keys SQLCipher (the whole
//!   embedded database file) and wraps the data key.
//! - the **data key** is random, made once per register and stored in the
//!   database only wrapped under the master key. Sub-keys derived from it
//!   seal confidential fields (XChaCha20-Poly1305), compute blind-index
//!   tokens (HMAC-SHA-256) and sign the log's tree heads (Ed25519). Changing
//!   the master key (`kuager rekey`) rewraps the data key; nothing sealed
//!   has to be rewritten and the log's public key stays the same.

mod kdf;
mod seal;

pub use kdf::{KdfParams, MasterKey};
pub use seal::{words, BlindIndex, DataKey, FieldCipher, SEALED_TEXT_PREFIX};

/// What can go wrong with keys and sealed data.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("cannot read the key file {path}: {cause}")]
    KeyFileUnreadable { path: String, cause: std::io::Error },
    #[error("the key file {path} does not hold a key: expected 64 hexadecimal digits (as written by `kuager key new`)")]
    KeyFileMalformed { path: String },
    #[error("cannot write the key file {path}: {cause}")]
    KeyFileWrite { path: String, cause: std::io::Error },
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    #[error("key derivation failed: {0}")]
    Kdf(String),
    #[error("the key parameters file {path} is unreadable or malformed: {detail}")]
    KdfParams { path: String, detail: String },
    #[error("wrong key: the data key of this register cannot be unwrapped with the key given")]
    WrongKey,
    #[error("sealed value for {context} is malformed")]
    Malformed { context: String },
    #[error("sealed value for {context} failed authentication (wrong key, or the stored value was altered or moved)")]
    Tampered { context: String },
    #[error("sealed value for {context} is not valid UTF-8 text")]
    NotText { context: String },
}

pub type Result<T, E = VaultError> = std::result::Result<T, E>;
