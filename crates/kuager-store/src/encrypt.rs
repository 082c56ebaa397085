//! `kuager encrypt` and `kuager rekey`: changing the key of a register.
//!
//! An embedded database is re-written whole with SQLCipher's
//! `sqlcipher_export` into a new file beside it, checked, and renamed over
//! the old one, so a crash at any point leaves either the old file or the
//! new one, never a half-converted one. On PostgreSQL only the data key is
//! rewrapped (the server's own disk encryption is the operator's business).

use crate::keys::{kdf_params_path, KeySource};
use crate::{url, Backend, Result, Store, StoreError};
use kuager_vault::{KdfParams, MasterKey};
use sqlx::Executor;
use std::path::{Path, PathBuf};

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rekeyed {
    /// The embedded file was re-encrypted (and its data key rewrapped).
    File { path: PathBuf },
    /// Only the data key was rewrapped (PostgreSQL).
    DataKey,
}

/// A new master key for `source`. A passphrase gets fresh Argon2id
/// parameters, returned to be saved beside the file once it is in place.
fn new_master(source: &KeySource) -> Result<(MasterKey, Option<KdfParams>)> {
    let vault_error = |cause| StoreError::Vault {
        url: String::from("(new key)"),
        cause,
    };
    match source {
        KeySource::None => Err(StoreError::Invalid {
            what: "a new key".to_string(),
            detail: "no new key was given".to_string(),
        }),
        KeySource::KeyFile(path) => {
            Ok((MasterKey::from_key_file(path).map_err(vault_error)?, None))
        }
        KeySource::Passphrase(passphrase) => {
            let params = KdfParams::new_random();
            let key = MasterKey::from_passphrase(passphrase, &params).map_err(vault_error)?;
            Ok((key, Some(params)))
        }
    }
}

/// Encrypts a plain register (`kuager encrypt`), or changes the key of an
/// encrypted one (`kuager rekey`: `current` is its key now).
pub async fn change_key(db_url: &str, current: &KeySource, new: &KeySource) -> Result<Rekeyed> {
    let target = url::parse(db_url)?;
    let (master, params) = new_master(new)?;
    let store = Store::open_with(db_url, current).await?;
    store.rewrap_data_key(&master, new).await?;
    if target.backend == Backend::Postgres || target.in_memory {
        store.close().await;
        return Ok(Rekeyed::DataKey);
    }
    let Some(file) = target.file.clone() else {
        store.close().await;
        return Ok(Rekeyed::DataKey);
    };
    let fresh = sibling(&file, ".rekey-new");
    remove_database_files(&fresh);
    let exported = store.export_encrypted(&fresh, &master).await;
    store.close().await;
    if let Err(e) = exported {
        remove_database_files(&fresh);
        return Err(e);
    }
    // The new file must open with the new key before it replaces the old.
    let fresh_url = fresh.display().to_string();
    if let Some(params) = &params {
        params
            .save(&kdf_params_path(&fresh))
            .map_err(|cause| StoreError::Vault {
                url: fresh_url.clone(),
                cause,
            })?;
    }
    match Store::open_with(&fresh_url, new).await {
        Ok(check) => check.close().await,
        Err(e) => {
            remove_database_files(&fresh);
            let _ = std::fs::remove_file(kdf_params_path(&fresh));
            return Err(e);
        }
    }
    let io_error = |what: &str, e: std::io::Error| StoreError::Invalid {
        what: format!("database {}", target.display),
        detail: format!("{what}: {e}"),
    };
    // A clean close leaves no journal; one left over would hold pages the
    // renamed file needs.
    if std::fs::metadata(sibling(&fresh, "-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::Invalid {
            what: format!("database {}", target.display),
            detail: format!(
                "{} was not checkpointed; the old file is untouched",
                fresh.display()
            ),
        });
    }
    // Old journal files belong to the old file: gone before the rename.
    remove_wal_files(&file);
    std::fs::rename(&fresh, &file)
        .map_err(|e| io_error("putting the re-encrypted file in place", e))?;
    remove_wal_files(&fresh);
    let params_path = kdf_params_path(&file);
    match params {
        Some(_) => std::fs::rename(kdf_params_path(&fresh), &params_path)
            .map_err(|e| io_error("putting the key parameters in place", e))?,
        None => {
            if params_path.exists() {
                std::fs::remove_file(&params_path)
                    .map_err(|e| io_error("removing the old key parameters", e))?;
            }
        }
    }
    Ok(Rekeyed::File { path: file })
}

impl Store {
    /// Writes the whole database, encrypted under `master`, to `path`.
    async fn export_encrypted(&self, path: &Path, master: &MasterKey) -> Result<()> {
        let mut conn = self.reader().await?;
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .map_err(|e| self.query_error("checkpointing before export", e))?;
        let quoted = path.display().to_string().replace('\'', "''");
        let key = master.sqlcipher_key_literal();
        let attach = zeroize::Zeroizing::new(format!(
            "ATTACH DATABASE '{quoted}' AS kuager_export KEY {}",
            key.as_str()
        ));
        conn.execute(attach.as_str())
            .await
            .map_err(|e| self.query_error("attaching the new encrypted file", e))?;
        let exported = conn
            .execute("SELECT sqlcipher_export('kuager_export')")
            .await
            .map_err(|e| self.query_error("copying into the new encrypted file", e));
        let detached = conn
            .execute("DETACH DATABASE kuager_export")
            .await
            .map_err(|e| self.query_error("detaching the new encrypted file", e));
        exported?;
        detached?;
        Ok(())
    }
}

/// `file` with `suffix` added to its name.
fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_wal_files(file: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(file, suffix));
    }
}

fn remove_database_files(file: &Path) {
    let _ = std::fs::remove_file(file);
    remove_wal_files(file);
}

/// Checks a key source against a database without opening it for work:
/// used by `kuager init` to refuse an existing file.
pub fn database_exists(db_url: &str) -> Result<bool> {
    let target = url::parse(db_url)?;
    Ok(target
        .file
        .as_deref()
        .is_some_and(|f| !crate::keys::database_is_new(f)))
}
