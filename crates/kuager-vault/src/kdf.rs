//! The master key: from a key file or a passphrase.

use crate::{Result, VaultError};
use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::io::Write;
use std::path::Path;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The operator's key. Zeroed when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    pub fn generate() -> MasterKey {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        MasterKey(key)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        MasterKey(bytes)
    }

    /// Reads a key file: 64 hex digits, surrounding whitespace ignored.
    pub fn from_key_file(path: &Path) -> Result<MasterKey> {
        let shown = path.display().to_string();
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|cause| {
            VaultError::KeyFileUnreadable {
                path: shown.clone(),
                cause,
            }
        })?);
        let mut key = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut key)
            .map_err(|_| VaultError::KeyFileMalformed { path: shown })?;
        Ok(MasterKey(key))
    }

    /// Writes a new key file readable by its owner only; refuses to
    /// overwrite, since losing a key loses the data sealed under it.
    pub fn write_key_file(&self, path: &Path) -> Result<()> {
        let shown = path.display().to_string();
        let write_error = |cause| VaultError::KeyFileWrite {
            path: shown.clone(),
            cause,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(write_error)?;
        let text = Zeroizing::new(format!("{}\n", hex::encode(self.0)));
        file.write_all(text.as_bytes()).map_err(write_error)?;
        file.sync_all().map_err(write_error)
    }

    /// Stretches a passphrase with Argon2id under the given parameters.
    pub fn from_passphrase(passphrase: &str, params: &KdfParams) -> Result<MasterKey> {
        if passphrase.is_empty() {
            return Err(VaultError::EmptyPassphrase);
        }
        let argon_params =
            Params::new(params.memory_kib, params.iterations, params.lanes, Some(32))
                .map_err(|e| VaultError::Kdf(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
        let salt =
            hex::decode(&params.salt).map_err(|_| VaultError::Kdf("salt is not hex".into()))?;
        let mut key = [0u8; 32];
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, &mut key)
            .map_err(|e| VaultError::Kdf(e.to_string()))?;
        Ok(MasterKey(key))
    }

    /// The raw SQLCipher page key, as the `x'…'` literal `PRAGMA key` takes.
    /// Derived rather than the master key itself, so the two uses never
    /// share key material.
    pub fn sqlcipher_key_literal(&self) -> Zeroizing<String> {
        let key = self.derive(b"kuager sqlcipher page key v1");
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(*key)))
    }

    pub(crate) fn derive(&self, info: &[u8]) -> Zeroizing<[u8; 32]> {
        derive(&self.0, info)
    }
}

pub(crate) fn derive(secret: &[u8; 32], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let hk = Hkdf::<Sha256>::new(None, secret);
    let mut out = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA-256's 8160-byte limit: cannot fail.
    if hk.expand(info, out.as_mut()).is_err() {
        unreachable!("HKDF output length is fixed and valid");
    }
    out
}

/// Argon2id parameters for a passphrase. Not secret: kept beside the
/// database file (`<db>.kdf.json`) so the passphrase alone opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub algorithm: String,
    /// 16 random bytes, hex.
    pub salt: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl KdfParams {
    /// Fresh parameters: 64 MiB, 3 passes (OWASP's Argon2id guidance; about
    /// half a second on a 2-core laptop, paid once per start).
    pub fn new_random() -> KdfParams {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        KdfParams {
            algorithm: "argon2id".into(),
            salt: hex::encode(salt),
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 1,
        }
    }

    pub fn load(path: &Path) -> Result<KdfParams> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| VaultError::KdfParams {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        let params: KdfParams = serde_json::from_str(&text).map_err(|e| VaultError::KdfParams {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        if params.algorithm != "argon2id" {
            return Err(VaultError::KdfParams {
                path: shown,
                detail: format!("unknown algorithm {:?}", params.algorithm),
            });
        }
        Ok(params)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let shown = path.display().to_string();
        let text = serde_json::to_string_pretty(self).map_err(|e| VaultError::KdfParams {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        std::fs::write(path, text + "\n")
            .map_err(|cause| VaultError::KeyFileWrite { path: shown, cause })
    }
}
