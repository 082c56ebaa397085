//! The data key and what is derived from it.

use crate::kdf::derive;
use crate::{MasterKey, Result, VaultError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Version byte of every sealed value, so the format can change later.
const SEAL_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
/// Sealed text in a TEXT column: this prefix, then URL-safe base64.
pub const SEALED_TEXT_PREFIX: &str = "kv1:";
/// Associated data of the wrapped data key.
const WRAP_CONTEXT: &str = "kuager data key v1";

/// The register's data key. Zeroed when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    pub fn generate() -> DataKey {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        DataKey(key)
    }

    /// The data key sealed under the master key, for the `vault` table.
    pub fn wrap(&self, master: &MasterKey) -> Vec<u8> {
        let kek = master.derive(b"kuager key wrapping v1");
        seal_bytes(&kek, &self.0, WRAP_CONTEXT)
    }

    pub fn unwrap(wrapped: &[u8], master: &MasterKey) -> Result<DataKey> {
        let kek = master.derive(b"kuager key wrapping v1");
        let plain = open_bytes(&kek, wrapped, WRAP_CONTEXT).map_err(|_| VaultError::WrongKey)?;
        let key: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::WrongKey)?;
        Ok(DataKey(key))
    }

    /// An unprotected register stores its data key as is (`kdf = 'none'`).
    pub fn to_unprotected_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.0.to_vec())
    }

    pub fn from_unprotected_bytes(bytes: &[u8]) -> Result<DataKey> {
        let key: [u8; 32] = bytes.try_into().map_err(|_| VaultError::WrongKey)?;
        Ok(DataKey(key))
    }

    pub fn field_cipher(&self) -> FieldCipher {
        FieldCipher {
            key: derive(&self.0, b"kuager field sealing v1"),
        }
    }

    pub fn blind_index(&self) -> BlindIndex {
        BlindIndex {
            key: derive(&self.0, b"kuager blind index v1"),
        }
    }

    /// The log's signing key: derived, so it survives a master-key change
    /// and travels with a backup.
    pub fn log_signing_key(&self) -> ed25519_dalek::SigningKey {
        let seed = derive(&self.0, b"kuager log signing v1");
        ed25519_dalek::SigningKey::from_bytes(&seed)
    }
}

fn seal_bytes(key: &[u8; 32], plaintext: &[u8], context: &str) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let payload = Payload {
        msg: plaintext,
        aad: context.as_bytes(),
    };
    // Encryption with a valid key and nonce length only fails for messages
    // beyond 256 GiB, which no field or attachment reaches.
    let sealed = match cipher.encrypt(XNonce::from_slice(&nonce), payload) {
        Ok(sealed) => sealed,
        Err(_) => unreachable!("XChaCha20-Poly1305 encryption of a bounded message"),
    };
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(SEAL_VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

fn open_bytes(key: &[u8; 32], sealed: &[u8], context: &str) -> Result<Vec<u8>> {
    let malformed = || VaultError::Malformed {
        context: context.to_string(),
    };
    if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != SEAL_VERSION {
        return Err(malformed());
    }
    let (nonce, body) = sealed[1..].split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| VaultError::Tampered {
            context: context.to_string(),
        })
}

/// Seals and opens confidential fields. The context (table, column and row,
/// such as `reports.contact:42`) is bound as associated data, so a sealed
/// value copied to another row or column no longer opens.
#[derive(Clone)]
pub struct FieldCipher {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for FieldCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldCipher(..)")
    }
}

impl FieldCipher {
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        seal_bytes(&self.key, plaintext, context)
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>> {
        open_bytes(&self.key, sealed, context)
    }

    /// Sealed text for a TEXT column: `kv1:` + URL-safe base64.
    pub fn seal_text(&self, plaintext: &str, context: &str) -> String {
        let sealed = self.seal(plaintext.as_bytes(), context);
        format!("{SEALED_TEXT_PREFIX}{}", URL_SAFE_NO_PAD.encode(sealed))
    }

    pub fn open_text(&self, sealed: &str, context: &str) -> Result<String> {
        let body =
            sealed
                .strip_prefix(SEALED_TEXT_PREFIX)
                .ok_or_else(|| VaultError::Malformed {
                    context: context.to_string(),
                })?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| VaultError::Malformed {
                context: context.to_string(),
            })?;
        let plain = self.open(&bytes, context)?;
        String::from_utf8(plain).map_err(|_| VaultError::NotText {
            context: context.to_string(),
        })
    }

    pub fn is_sealed_text(value: &str) -> bool {
        value.starts_with(SEALED_TEXT_PREFIX)
    }
}

/// Keyed hashes of words, so sealed text can be searched by whole words
/// without the database holding the words. Equal words give equal tokens
/// (that is the point, and its leak: frequencies; docs/security.md).
#[derive(Clone)]
pub struct BlindIndex {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlindIndex(..)")
    }
}

impl BlindIndex {
    /// The token of one word (normalised first), or None for a word too
    /// short to be worth indexing.
    pub fn token(&self, word: &str) -> Option<String> {
        let word = normalise_word(word);
        if word.chars().count() < 2 {
            return None;
        }
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_ref()) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(word.as_bytes());
        let digest = mac.finalize().into_bytes();
        Some(hex::encode(&digest[..16]))
    }

    /// The distinct tokens of every word of a text, sorted.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        words(text)
            .filter_map(|word| self.token(word))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// Words as the blind index sees them: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn normalise_word(word: &str) -> String {
    word.nfc()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_in_its_context_and_with_its_key() {
        let key = DataKey::generate();
        let cipher = key.field_cipher();
        let sealed = cipher.seal_text("Айгүл +7 701 555 0199", "reports.contact:7");
        assert!(FieldCipher::is_sealed_text(&sealed));
        assert!(!sealed.contains("Айгүл") && !sealed.contains("0199"));
        assert_eq!(
            cipher.open_text(&sealed, "reports.contact:7").unwrap(),
            "Айгүл +7 701 555 0199"
        );
        assert!(matches!(
            cipher.open_text(&sealed, "reports.contact:8"),
            Err(VaultError::Tampered { .. })
        ));
        let other = DataKey::generate().field_cipher();
        assert!(other.open_text(&sealed, "reports.contact:7").is_err());
        // Same plaintext twice: different ciphertexts (random nonces).
        assert_ne!(
            sealed,
            cipher.seal_text("Айгүл +7 701 555 0199", "reports.contact:7")
        );
    }

    #[test]
    fn flipped_bit_is_detected() {
        let cipher = DataKey::generate().field_cipher();
        let mut sealed = cipher.seal(b"witness statement", "attachments.bytes:1");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(matches!(
            cipher.open(&sealed, "attachments.bytes:1"),
            Err(VaultError::Tampered { .. })
        ));
        assert!(matches!(
            cipher.open(&[1, 2, 3], "x"),
            Err(VaultError::Malformed { .. })
        ));
    }

    #[test]
    fn data_key_unwraps_only_with_its_master_key() {
        let master = MasterKey::generate();
        let data = DataKey::generate();
        let wrapped = data.wrap(&master);
        let back = DataKey::unwrap(&wrapped, &master).unwrap();
        assert_eq!(back.to_unprotected_bytes(), data.to_unprotected_bytes());
        assert!(matches!(
            DataKey::unwrap(&wrapped, &MasterKey::generate()),
            Err(VaultError::WrongKey)
        ));
    }

    #[test]
    fn blind_index_matches_words_regardless_of_case_and_form() {
        let index = DataKey::generate().blind_index();
        let tokens = index.tokens("Задержан ЖАНБОЛАТ, Алматы; ёлка");
        assert!(tokens.contains(&index.token("жанболат").unwrap()));
        assert!(tokens.contains(&index.token("ЕЛКА").unwrap()));
        assert!(!tokens.contains(&index.token("астана").unwrap()));
        assert_eq!(index.token("a"), None);
        let other = DataKey::generate().blind_index();
        assert_ne!(index.token("алматы"), other.token("алматы"));
    }

    #[test]
    fn signing_key_is_stable_per_data_key() {
        let data = DataKey::generate();
        assert_eq!(
            data.log_signing_key().verifying_key(),
            data.log_signing_key().verifying_key()
        );
        assert_ne!(
            data.log_signing_key().verifying_key(),
            DataKey::generate().log_signing_key().verifying_key()
        );
    }
}
