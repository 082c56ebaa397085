//! Keys at open: the SQLCipher page key of an embedded database and the
//! register's data key (unwrapped from the `vault` table), and sealing of
//! confidential fields with it. See docs/decisions/0012.

use crate::url::Target;
use crate::{Result, Store, StoreError};
use kuager_vault::{BlindIndex, DataKey, FieldCipher, KdfParams, MasterKey};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// Where the operator's master key comes from.
#[derive(Clone, Default)]
pub enum KeySource {
    /// No key: an embedded database stays plain and the data key is kept
    /// unwrapped (an unprotected register; `kuager serve` says so).
    #[default]
    None,
    /// A key file: 64 hex digits (`kuager key new FILE`).
    KeyFile(PathBuf),
    /// A passphrase, stretched with Argon2id; its parameters are kept in
    /// `<database file>.kdf.json`.
    Passphrase(Zeroizing<String>),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::None => f.write_str("None"),
            KeySource::KeyFile(path) => write!(f, "KeyFile({})", path.display()),
            KeySource::Passphrase(_) => f.write_str("Passphrase(..)"),
        }
    }
}

impl KeySource {
    pub fn is_none(&self) -> bool {
        matches!(self, KeySource::None)
    }

    /// The label stored in `vault.kdf`.
    pub(crate) fn kdf_label(&self) -> &'static str {
        match self {
            KeySource::None => "none",
            KeySource::KeyFile(_) => "key-file",
            KeySource::Passphrase(_) => "passphrase",
        }
    }
}

/// The sidecar file with a passphrase's Argon2id parameters.
pub fn kdf_params_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".kdf.json");
    PathBuf::from(name)
}

/// The master key, for a database at `file` (None: PostgreSQL or memory).
/// A passphrase for a database that does not exist yet gets fresh
/// parameters, written beside it.
pub(crate) fn master_key(
    source: &KeySource,
    file: Option<&Path>,
    url: &str,
) -> Result<Option<MasterKey>> {
    let vault_error = |cause| StoreError::Vault {
        url: url.to_string(),
        cause,
    };
    match source {
        KeySource::None => Ok(None),
        KeySource::KeyFile(path) => MasterKey::from_key_file(path)
            .map(Some)
            .map_err(vault_error),
        KeySource::Passphrase(passphrase) => {
            let Some(file) = file else {
                return Err(StoreError::Invalid {
                    what: format!("a passphrase for {url}"),
                    detail: "a passphrase protects an embedded database; a server database \
                             takes a key file (KUAGER_KEY_FILE)"
                        .to_string(),
                });
            };
            let params_path = kdf_params_path(file);
            let params = if params_path.exists() {
                KdfParams::load(&params_path).map_err(vault_error)?
            } else if database_is_new(file) {
                let params = KdfParams::new_random();
                params.save(&params_path).map_err(vault_error)?;
                params
            } else {
                return Err(StoreError::Invalid {
                    what: format!("a passphrase for {url}"),
                    detail: format!(
                        "{} is missing: this database was not encrypted with a passphrase",
                        params_path.display()
                    ),
                });
            };
            MasterKey::from_passphrase(passphrase, &params)
                .map(Some)
                .map_err(vault_error)
        }
    }
}

pub(crate) fn database_is_new(file: &Path) -> bool {
    std::fs::metadata(file).map_or(true, |m| m.len() == 0)
}

/// Does the file start with SQLite's plain-text header? (An SQLCipher file
/// starts with random salt.)
pub(crate) fn is_plain_sqlite(file: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(file)?;
    let n = f.read(&mut header)?;
    Ok(n == 16 && &header == b"SQLite format 3\0")
}

/// Checks the key against what the embedded file is, before connecting.
pub(crate) fn check_file_against_key(target: &Target, master: Option<&MasterKey>) -> Result<()> {
    let Some(file) = &target.file else {
        return Ok(());
    };
    if database_is_new(file) {
        return Ok(());
    }
    let plain = is_plain_sqlite(file).map_err(|e| StoreError::Invalid {
        what: format!("database {}", target.display),
        detail: format!("cannot read {}: {e}", file.display()),
    })?;
    match (plain, master) {
        (true, Some(_)) => Err(StoreError::NotEncrypted {
            url: target.display.clone(),
        }),
        (false, None) => Err(StoreError::KeyRequired {
            url: target.display.clone(),
        }),
        _ => Ok(()),
    }
}

/// The register's keys, held by the [`Store`] while it is open.
pub(crate) struct Keys {
    data: DataKey,
    cipher: FieldCipher,
    index: BlindIndex,
    signing: ed25519_dalek::SigningKey,
    protected: bool,
}

impl Keys {
    fn new(data: DataKey, protected: bool) -> Keys {
        Keys {
            cipher: data.field_cipher(),
            index: data.blind_index(),
            signing: data.log_signing_key(),
            data,
            protected,
        }
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys {{ protected: {} }}", self.protected)
    }
}

/// Reads (or on first open makes) the data key. An unprotected data key
/// met with a master key gets wrapped under it: that is how a register on
/// PostgreSQL becomes protected.
pub(crate) async fn load_keys(
    conn: &mut AnyConnection,
    master: Option<&MasterKey>,
    source: &KeySource,
    url: &str,
) -> Result<Arc<Keys>> {
    let query_error = |context: &str, cause| StoreError::Query {
        url: url.to_string(),
        context: context.to_string(),
        cause,
    };
    let row = sqlx::query("SELECT kdf, wrapped_key FROM vault WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| query_error("reading the vault", e))?;
    let now = crate::time::now_utc();
    let Some(row) = row else {
        let data = DataKey::generate();
        let (kdf, stored) = match master {
            Some(master) => (source.kdf_label(), data.wrap(master)),
            None => ("none", data.to_unprotected_bytes().to_vec()),
        };
        sqlx::query("INSERT INTO vault (id, kdf, wrapped_key, created_at) VALUES (1, $1, $2, $3)")
            .bind(kdf)
            .bind(stored)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(|e| query_error("creating the data key", e))?;
        return Ok(Arc::new(Keys::new(data, master.is_some())));
    };
    let kdf: String = row
        .try_get(0)
        .map_err(|e| query_error("reading the vault", e))?;
    let stored: Vec<u8> = row
        .try_get(1)
        .map_err(|e| query_error("reading the vault", e))?;
    let vault_error = |cause| StoreError::Vault {
        url: url.to_string(),
        cause,
    };
    if kdf == "none" {
        let data = DataKey::from_unprotected_bytes(&stored).map_err(vault_error)?;
        if let Some(master) = master {
            sqlx::query(
                "UPDATE vault SET kdf = $1, wrapped_key = $2, rekeyed_at = $3 WHERE id = 1",
            )
            .bind(source.kdf_label())
            .bind(data.wrap(master))
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(|e| query_error("wrapping the data key", e))?;
            return Ok(Arc::new(Keys::new(data, true)));
        }
        return Ok(Arc::new(Keys::new(data, false)));
    }
    let Some(master) = master else {
        return Err(StoreError::FieldKeyRequired {
            url: url.to_string(),
        });
    };
    let data = DataKey::unwrap(&stored, master).map_err(|_| StoreError::WrongKey {
        url: url.to_string(),
    })?;
    Ok(Arc::new(Keys::new(data, true)))
}

impl Store {
    /// True when the data key is wrapped under a master key the database
    /// does not hold.
    pub fn is_protected(&self) -> bool {
        self.keys.protected
    }

    /// Seals a confidential text for storage. `context` names the table,
    /// column and row (`reports.contact:42`); the sealed value opens only
    /// under the same context.
    pub fn seal_text(&self, context: &str, plaintext: &str) -> String {
        self.keys.cipher.seal_text(plaintext, context)
    }

    pub fn open_text(&self, context: &str, sealed: &str) -> Result<String> {
        self.keys
            .cipher
            .open_text(sealed, context)
            .map_err(|cause| StoreError::Vault {
                url: self.url.clone(),
                cause,
            })
    }

    pub(crate) fn seal_bytes(&self, context: &str, plaintext: &[u8]) -> Vec<u8> {
        self.keys.cipher.seal(plaintext, context)
    }

    pub(crate) fn open_bytes(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        self.keys
            .cipher
            .open(sealed, context)
            .map_err(|cause| StoreError::Vault {
                url: self.url.clone(),
                cause,
            })
    }

    /// The data key itself, for a backup archive (which is encrypted).
    pub(crate) fn data_key_bytes(&self) -> Zeroizing<Vec<u8>> {
        self.keys.data.to_unprotected_bytes()
    }

    /// Secret material for the public pseudonyms of anonymised people,
    /// derived from the data key under its own label: it moves with a
    /// backup (so pseudonyms stay the same after a restore) and is never
    /// stored or shown itself.
    pub fn pseudonym_secret(&self) -> [u8; 32] {
        let data = self.data_key_bytes();
        let mut hasher = Sha256::new();
        hasher.update(b"kuager pseudonym secret v1\0");
        hasher.update(&data[..]);
        hasher.finalize().into()
    }

    /// Blind-index tokens of a text's words.
    pub(crate) fn blind_tokens(&self, text: &str) -> Vec<String> {
        self.keys.index.tokens(text)
    }

    pub(crate) fn blind_token(&self, word: &str) -> Option<String> {
        self.keys.index.token(word)
    }

    pub(crate) fn signing_key(&self) -> &ed25519_dalek::SigningKey {
        &self.keys.signing
    }

    /// The log's public key (Ed25519, hex): what partners check proofs with.
    pub fn log_public_key(&self) -> String {
        kuager_log::public_key_hex(&self.keys.signing.verifying_key())
    }

    /// Wraps the data key under a new master key (`kuager rekey`, and the
    /// first step of `kuager encrypt`). Nothing sealed is rewritten.
    pub async fn rewrap_data_key(&self, new_master: &MasterKey, source: &KeySource) -> Result<()> {
        sqlx::query("UPDATE vault SET kdf = $1, wrapped_key = $2, rekeyed_at = $3 WHERE id = 1")
            .bind(source.kdf_label())
            .bind(self.keys.data.wrap(new_master))
            .bind(crate::time::now_utc())
            .execute(&self.pool)
            .await
            .map_err(|e| self.query_error("rewrapping the data key", e))?;
        Ok(())
    }
}
