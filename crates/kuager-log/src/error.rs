use thiserror::Error;

/// Everything that can go wrong building or checking the log. Messages name
/// the exact field or check that failed, because a partner reading them has
/// nothing else to go on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LogError {
    #[error("leaf index {index} is out of range for a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },

    #[error("old tree size {old_size} is larger than the new tree size {new_size}")]
    OldSizeTooLarge { old_size: u64, new_size: u64 },

    #[error("malformed hex in field {field}: {reason}")]
    MalformedHex { field: String, reason: String },

    #[error("invalid public key in {field}: {reason}")]
    InvalidPublicKey { field: String, reason: String },

    #[error(
        "the proof document names public key {document}, which is not the trusted key {trusted}"
    )]
    KeyMismatch { document: String, trusted: String },

    #[error(
        "bad signature on {what}: it was not made by the trusted key over exactly these fields"
    )]
    BadSignature { what: String },

    #[error("entry seq {seq} does not match leaf index {leaf_index} (seq is the 0-based position in the log)")]
    SeqMismatch { seq: u64, leaf_index: u64 },

    #[error("{field} has {got} hashes, but a proof for {what} has exactly {expected}")]
    PathLength {
        field: String,
        what: String,
        got: usize,
        expected: usize,
    },

    #[error("root mismatch: {detail}")]
    RootMismatch { detail: String },

    #[error("malformed frontier: {0}")]
    MalformedFrontier(String),

    #[error("malformed proof document: {0}")]
    MalformedDocument(String),
}
