//! Proof documents: self-contained JSON a partner checks offline with only
//! the log's public key.

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Deserializer, Serialize};

use crate::codec::{decode_fixed, hash_from_hex, hash_to_hex};
use crate::head::verify_head_in;
use crate::merkle::{
    consistency_path_len, inclusion_path_len, root_from_inclusion, roots_from_consistency,
};
use crate::{
    empty_root, parse_public_key, public_key_hex, Hash, LogEntry, LogError, SignedTreeHead,
};

pub const INCLUSION_KIND: &str = "inclusion";
pub const CONSISTENCY_KIND: &str = "consistency";

/// Shows that `entry` is leaf `leaf_index` of the tree that `tree_head` signs.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct InclusionProofDoc {
    /// Always `"inclusion"`.
    pub kind: String,
    pub public_key: String,
    pub tree_head: SignedTreeHead,
    pub entry: LogEntry,
    pub leaf_index: u64,
    /// Hex hashes, from the leaf's sibling up to the root's child.
    pub audit_path: Vec<String>,
}

/// Shows that the tree `old` signs is a prefix of the tree `new` signs:
/// nothing logged before `old` was changed or removed.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct ConsistencyProofDoc {
    /// Always `"consistency"`.
    pub kind: String,
    pub public_key: String,
    pub old: SignedTreeHead,
    pub new: SignedTreeHead,
    pub path: Vec<String>,
}

/// Either proof document; JSON is told apart by its `"kind"` field.
#[derive(Serialize, Clone, Debug)]
#[serde(untagged)]
pub enum ProofDoc {
    Inclusion(InclusionProofDoc),
    Consistency(ConsistencyProofDoc),
}

impl InclusionProofDoc {
    pub fn new(
        public_key: &VerifyingKey,
        tree_head: SignedTreeHead,
        entry: LogEntry,
        leaf_index: u64,
        audit_path: &[Hash],
    ) -> Self {
        Self {
            kind: INCLUSION_KIND.to_string(),
            public_key: public_key_hex(public_key),
            tree_head,
            entry,
            leaf_index,
            audit_path: audit_path.iter().map(hash_to_hex).collect(),
        }
    }

    /// Checks the document against `trusted`; returns a human summary.
    pub fn verify(&self, trusted: &VerifyingKey) -> Result<String, LogError> {
        check_kind(&self.kind, INCLUSION_KIND)?;
        check_document_key(&self.public_key, trusted)?;
        let th = &self.tree_head;
        verify_head_in(th, trusted, "tree_head")?;
        let size = th.head.size;
        let index = self.leaf_index;
        if index >= size {
            return Err(LogError::IndexOutOfRange { index, size });
        }
        if self.entry.seq != index {
            return Err(LogError::SeqMismatch {
                seq: self.entry.seq,
                leaf_index: index,
            });
        }
        let expected = inclusion_path_len(index, size);
        if self.audit_path.len() != expected {
            return Err(LogError::PathLength {
                field: "audit_path".into(),
                what: format!("leaf {index} in a tree of size {size}"),
                got: self.audit_path.len(),
                expected,
            });
        }
        let path = parse_hashes("audit_path", &self.audit_path)?;
        let signed_root = hash_from_hex("tree_head.root", &th.head.root)?;
        let computed = root_from_inclusion(&self.entry.leaf_hash(), index, size, &path)
            // Unreachable after the length check; kept so no path panics.
            .ok_or_else(|| LogError::RootMismatch {
                detail: "the audit path does not lead to any root".into(),
            })?;
        if computed != signed_root {
            return Err(LogError::RootMismatch {
                detail: format!(
                    "the entry and audit_path lead to root {}, but the signed tree head says {} \
                     (the entry or the path was altered, or the entry is not leaf {index} of this tree)",
                    hash_to_hex(&computed),
                    th.head.root
                ),
            });
        }
        let e = &self.entry;
        Ok(format!(
            "inclusion verified: log entry {} ({} {} {} at {}, digest {}) is leaf {} of the log \
             tree of size {} with root {}, signed at {} by key {}",
            e.seq,
            e.action,
            e.table,
            e.key,
            e.at,
            e.digest,
            index,
            size,
            th.head.root,
            th.head.timestamp,
            public_key_hex(trusted)
        ))
    }
}

impl ConsistencyProofDoc {
    pub fn new(
        public_key: &VerifyingKey,
        old: SignedTreeHead,
        new: SignedTreeHead,
        path: &[Hash],
    ) -> Self {
        Self {
            kind: CONSISTENCY_KIND.to_string(),
            public_key: public_key_hex(public_key),
            old,
            new,
            path: path.iter().map(hash_to_hex).collect(),
        }
    }

    /// Checks the document against `trusted`; returns a human summary.
    pub fn verify(&self, trusted: &VerifyingKey) -> Result<String, LogError> {
        check_kind(&self.kind, CONSISTENCY_KIND)?;
        check_document_key(&self.public_key, trusted)?;
        verify_head_in(&self.old, trusted, "old")?;
        verify_head_in(&self.new, trusted, "new")?;
        let (m, n) = (self.old.head.size, self.new.head.size);
        if m > n {
            return Err(LogError::OldSizeTooLarge {
                old_size: m,
                new_size: n,
            });
        }
        let expected = consistency_path_len(m, n);
        if self.path.len() != expected {
            return Err(LogError::PathLength {
                field: "path".into(),
                what: format!("old size {m} and new size {n}"),
                got: self.path.len(),
                expected,
            });
        }
        let path = parse_hashes("path", &self.path)?;
        let old_root = hash_from_hex("old.root", &self.old.head.root)?;
        let new_root = hash_from_hex("new.root", &self.new.head.root)?;
        if m == 0 {
            if old_root != empty_root() {
                return Err(LogError::RootMismatch {
                    detail: format!(
                        "the old tree head has size 0 but its root {} is not the empty-tree root {}",
                        self.old.head.root,
                        hash_to_hex(&empty_root())
                    ),
                });
            }
            if n == 0 && new_root != old_root {
                return Err(LogError::RootMismatch {
                    detail: "both tree heads have size 0 but different roots".into(),
                });
            }
        } else if m == n {
            if old_root != new_root {
                return Err(LogError::RootMismatch {
                    detail: format!(
                        "both tree heads have size {n} but different roots {} and {}: \
                         the log shows two different histories",
                        self.old.head.root, self.new.head.root
                    ),
                });
            }
        } else {
            let (fr, sr) = roots_from_consistency(m, n, &old_root, &path).ok_or_else(|| {
                // Unreachable after the length check; kept so no path panics.
                LogError::RootMismatch {
                    detail: "the consistency path does not lead to any root".into(),
                }
            })?;
            if fr != old_root {
                return Err(LogError::RootMismatch {
                    detail: format!(
                        "the path rebuilds old root {}, but the old tree head says {}",
                        hash_to_hex(&fr),
                        self.old.head.root
                    ),
                });
            }
            if sr != new_root {
                return Err(LogError::RootMismatch {
                    detail: format!(
                        "the path rebuilds new root {}, but the new tree head says {} \
                         (the path was altered, or the old tree is not a prefix of the new one)",
                        hash_to_hex(&sr),
                        self.new.head.root
                    ),
                });
            }
        }
        Ok(format!(
            "consistency verified: the log tree of size {m} (root {}, signed at {}) is a prefix \
             of the log tree of size {n} (root {}, signed at {}); both heads signed by key {}",
            self.old.head.root,
            self.old.head.timestamp,
            self.new.head.root,
            self.new.head.timestamp,
            public_key_hex(trusted)
        ))
    }
}

impl ProofDoc {
    pub fn kind(&self) -> &str {
        match self {
            ProofDoc::Inclusion(_) => INCLUSION_KIND,
            ProofDoc::Consistency(_) => CONSISTENCY_KIND,
        }
    }

    pub fn from_json(json: &str) -> Result<Self, LogError> {
        serde_json::from_str(json).map_err(|e| LogError::MalformedDocument(e.to_string()))
    }

    pub fn to_json_pretty(&self) -> String {
        // Only strings, integers and arrays: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn verify(&self, trusted: &VerifyingKey) -> Result<String, LogError> {
        match self {
            ProofDoc::Inclusion(d) => d.verify(trusted),
            ProofDoc::Consistency(d) => d.verify(trusted),
        }
    }
}

impl<'de> Deserialize<'de> for ProofDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        match v.get("kind").and_then(|k| k.as_str()) {
            Some(INCLUSION_KIND) => serde_json::from_value(v)
                .map(ProofDoc::Inclusion)
                .map_err(D::Error::custom),
            Some(CONSISTENCY_KIND) => serde_json::from_value(v)
                .map(ProofDoc::Consistency)
                .map_err(D::Error::custom),
            Some(other) => Err(D::Error::custom(format!(
                "unknown kind {other:?}, expected \"inclusion\" or \"consistency\""
            ))),
            None => Err(D::Error::custom("missing string field \"kind\"")),
        }
    }
}

/// Parses a proof document and verifies it against `trusted_public_key` (hex,
/// obtained out of band). Returns a human summary of what was verified.
pub fn check_proof_json(json: &str, trusted_public_key: &str) -> Result<String, LogError> {
    let trusted = parse_public_key(trusted_public_key)?;
    ProofDoc::from_json(json)?.verify(&trusted)
}

fn check_kind(kind: &str, want: &str) -> Result<(), LogError> {
    if kind == want {
        Ok(())
    } else {
        Err(LogError::MalformedDocument(format!(
            "kind is {kind:?}, expected {want:?}"
        )))
    }
}

/// The key written in the document only has to agree with the trusted one;
/// it is never used to verify anything.
fn check_document_key(doc_key: &str, trusted: &VerifyingKey) -> Result<(), LogError> {
    let key = decode_fixed::<32>("public_key", doc_key)?;
    if key != trusted.to_bytes() {
        return Err(LogError::KeyMismatch {
            document: doc_key.to_string(),
            trusted: public_key_hex(trusted),
        });
    }
    Ok(())
}

fn parse_hashes(field: &str, items: &[String]) -> Result<Vec<Hash>, LogError> {
    items
        .iter()
        .enumerate()
        .map(|(i, s)| hash_from_hex(&format!("{field}[{i}]"), s))
        .collect()
}
