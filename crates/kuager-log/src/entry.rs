use serde::{Deserialize, Serialize};

use crate::codec::{decode_fixed, put_str};
use crate::{Hash, LogError};

/// Domain tag that starts every entry's canonical bytes.
pub const ENTRY_TAG: &[u8] = b"kuager-log-entry-v1";

/// One logged change. Carries no confidential plaintext: `digest` is a
/// SHA-256 over the canonical encoding of the changed record (computed by the
/// storage layer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// 0-based position of this entry in the log; equals its leaf index.
    pub seq: u64,
    /// RFC 3339 UTC time of the change.
    pub at: String,
    pub table: String,
    pub key: String,
    pub action: String,
    /// 64 lowercase hex characters.
    pub digest: String,
}

impl LogEntry {
    /// `"kuager-log-entry-v1" || seq (u64 BE) || at || table || key || action
    /// || digest`, each string as `len (u64 BE) || UTF-8 bytes`.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let strings = [&self.at, &self.table, &self.key, &self.action, &self.digest];
        let cap = ENTRY_TAG.len() + 8 + strings.iter().map(|s| 8 + s.len()).sum::<usize>();
        let mut out = Vec::with_capacity(cap);
        out.extend_from_slice(ENTRY_TAG);
        out.extend_from_slice(&self.seq.to_be_bytes());
        for s in strings {
            put_str(&mut out, s);
        }
        out
    }

    /// The entry's Merkle leaf: `leaf_hash(canonical_bytes())`.
    pub fn leaf_hash(&self) -> Hash {
        crate::leaf_hash(&self.canonical_bytes())
    }

    /// Checks what the writer must guarantee before appending: a well-formed
    /// digest. Verification does not need it (the bytes are hashed as given).
    pub fn validate(&self) -> Result<(), LogError> {
        decode_fixed::<32>("entry.digest", &self.digest).map(|_| ())
    }
}
