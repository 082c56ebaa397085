use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::codec::{decode_fixed, hash_to_hex, put_str};
use crate::{Hash, LogError};

/// Domain tag that starts every tree head's signing bytes.
pub const TREE_HEAD_TAG: &[u8] = b"kuager-tree-head-v1";

/// The log's state at one moment: how many entries, and the root over them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeHead {
    pub size: u64,
    /// 64 lowercase hex characters.
    pub root: String,
    /// RFC 3339 UTC time the head was made.
    pub timestamp: String,
}

impl TreeHead {
    pub fn new(size: u64, root: &Hash, timestamp: impl Into<String>) -> Self {
        Self {
            size,
            root: hash_to_hex(root),
            timestamp: timestamp.into(),
        }
    }

    /// `"kuager-tree-head-v1" || size (u64 BE) || root || timestamp`, the
    /// strings as `len (u64 BE) || UTF-8 bytes`.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            TREE_HEAD_TAG.len() + 8 + 16 + self.root.len() + self.timestamp.len(),
        );
        out.extend_from_slice(TREE_HEAD_TAG);
        out.extend_from_slice(&self.size.to_be_bytes());
        put_str(&mut out, &self.root);
        put_str(&mut out, &self.timestamp);
        out
    }

    /// The root as bytes; errors if `root` is not 64 lowercase hex characters.
    pub fn root_hash(&self) -> Result<Hash, LogError> {
        decode_fixed::<32>("root", &self.root)
    }
}

/// A tree head with the log's Ed25519 signature over its signing bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedTreeHead {
    #[serde(flatten)]
    pub head: TreeHead,
    /// Hex of the 64-byte Ed25519 signature.
    pub signature: String,
}

pub fn sign_head(head: TreeHead, key: &SigningKey) -> SignedTreeHead {
    let signature = hex::encode(key.sign(&head.signing_bytes()).to_bytes());
    SignedTreeHead { head, signature }
}

pub fn verify_head(sth: &SignedTreeHead, public_key: &VerifyingKey) -> Result<(), LogError> {
    verify_head_in(sth, public_key, "")
}

/// `verify_head` with field names prefixed by where the head sits in a
/// proof document (`tree_head`, `old`, `new`).
pub(crate) fn verify_head_in(
    sth: &SignedTreeHead,
    public_key: &VerifyingKey,
    place: &str,
) -> Result<(), LogError> {
    let name = |f: &str| {
        if place.is_empty() {
            f.to_string()
        } else {
            format!("{place}.{f}")
        }
    };
    decode_fixed::<32>(&name("root"), &sth.head.root)?;
    let sig = decode_fixed::<64>(&name("signature"), &sth.signature)?;
    let what = if place.is_empty() {
        format!("the tree head of size {}", sth.head.size)
    } else {
        format!("{place} tree head (size {})", sth.head.size)
    };
    // Strict verification refuses malleable signatures and small-order keys.
    public_key
        .verify_strict(&sth.head.signing_bytes(), &Signature::from_bytes(&sig))
        .map_err(|_| LogError::BadSignature { what })
}

/// Lowercase hex of the 32-byte Ed25519 public key, as shown on the public site.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Parses a public key typed or pasted by a person: surrounding whitespace
/// and upper case are tolerated, the key itself must be a usable Ed25519 key.
pub fn parse_public_key(hex: &str) -> Result<VerifyingKey, LogError> {
    parse_public_key_in("public key", &hex.trim().to_ascii_lowercase())
}

/// Strict parse of a key stored in a document field.
pub(crate) fn parse_public_key_in(field: &str, hex: &str) -> Result<VerifyingKey, LogError> {
    let bytes = decode_fixed::<32>(field, hex)?;
    let invalid = |reason: &str| LogError::InvalidPublicKey {
        field: field.to_string(),
        reason: reason.to_string(),
    };
    let key = VerifyingKey::from_bytes(&bytes)
        .map_err(|_| invalid("not a point on the Ed25519 curve"))?;
    // A small-order key lets anyone forge signatures that verify under it.
    if key.is_weak() {
        return Err(invalid(
            "a weak (small-order) key, which anyone can forge signatures for",
        ));
    }
    Ok(key)
}
