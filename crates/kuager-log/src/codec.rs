//! Byte encodings and strict hex parsing shared by entries, heads and proofs.

use crate::{Hash, LogError};

/// Appends `len (u64 big-endian) || utf8 bytes`; the length prefix makes
/// field boundaries unambiguous.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Decodes exactly `N` bytes from lowercase hex. Only one spelling is
/// accepted so that a signed string has exactly one meaning.
pub(crate) fn decode_fixed<const N: usize>(field: &str, s: &str) -> Result<[u8; N], LogError> {
    let bad = |reason: String| LogError::MalformedHex {
        field: field.to_string(),
        reason,
    };
    if s.len() != 2 * N {
        return Err(bad(format!(
            "expected {} lowercase hex characters, found {}",
            2 * N,
            s.chars().count()
        )));
    }
    if let Some(c) = s.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='f')) {
        return Err(bad(format!("{c:?} is not a lowercase hex digit")));
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(s, &mut out).map_err(|e| bad(e.to_string()))?;
    Ok(out)
}

/// Parses a 64-character lowercase hex hash.
pub fn hash_from_hex(field: &str, s: &str) -> Result<Hash, LogError> {
    decode_fixed::<32>(field, s)
}

/// Lowercase hex of a hash.
pub fn hash_to_hex(h: &Hash) -> String {
    hex::encode(h)
}
