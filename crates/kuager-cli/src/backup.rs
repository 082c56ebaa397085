//! `kuager backup FILE` and `kuager restore FILE`: the whole register
//! (documents, casework, attachments, the change log) in one encrypted
//! archive, restored on SQLite or PostgreSQL — also how a team moves from a
//! laptop to a server and back. The work is in `kuager_store::dump`.
//!
//! The archive is an age file encrypted with a passphrase, or to an age
//! public key with `--recipient age1...` (restore with `--identity FILE`).
//! The passphrase comes from `KUAGER_BACKUP_PASSPHRASE`, else one line of
//! standard input when it is a pipe, else the terminal (not echoed).

use anyhow::{bail, Context, Result};
use kuager_store::dump::{self, BackupKey, RestoreKey, TableSummary};
use std::io::{BufRead, BufReader, BufWriter, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use zeroize::Zeroizing;

/// Environment variable holding the archive's passphrase (for scripts).
pub const PASSPHRASE_ENV: &str = "KUAGER_BACKUP_PASSPHRASE";

/// Shortest passphrase a new archive accepts. An archive holds the whole
/// register, confidential reports included, and can be attacked offline.
const MIN_PASSPHRASE_CHARS: usize = 12;

#[derive(clap::Args, Debug)]
pub struct BackupOptions {
    /// The archive to write. An existing file is never overwritten.
    pub file: PathBuf,
    /// Encrypt to this age public key (age1...) instead of a passphrase;
    /// restore with the matching identity file.
    #[arg(long)]
    pub recipient: Option<String>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct RestoreOptions {
    /// The archive to restore, into the register given by --db, which must
    /// be new or empty.
    pub file: PathBuf,
    /// age identity file (AGE-SECRET-KEY-1...) for an archive made with
    /// --recipient.
    #[arg(long)]
    pub identity: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn backup(db: &str, opts: BackupOptions) -> Result<ExitCode> {
    let file = &opts.file;
    if file.exists() {
        bail!(
            "{} already exists: a backup never overwrites a file; choose a new name",
            file.display()
        );
    }
    let (key, encrypted_to) = match &opts.recipient {
        Some(recipient) => (
            BackupKey::recipient(recipient)?,
            format!("to {}", recipient.trim()),
        ),
        None => (
            BackupKey::passphrase(read_passphrase(true)?.to_string()),
            "with a passphrase".to_string(),
        ),
    };
    let store = crate::register::open(db).await?;
    let url = store.url().to_string();

    // Written next to FILE under a temporary name, synced, then moved into
    // place only if FILE still does not exist: a failed or interrupted
    // backup leaves no half archive behind.
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut partial = tempfile::Builder::new()
        .prefix(".kuager-backup-")
        .suffix(".partial")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    let written = dump::write_backup(
        &store,
        BufWriter::with_capacity(1 << 20, partial.as_file_mut()),
        &key,
    )
    .await;
    store.close().await;
    let summary = written.with_context(|| format!("backing up {url}"))?;
    partial
        .as_file()
        .sync_all()
        .with_context(|| format!("writing {}", file.display()))?;
    partial.persist_noclobber(file).map_err(|e| {
        anyhow::Error::new(e.error).context(format!(
            "cannot move the finished backup to {} (does it exist now?)",
            file.display()
        ))
    })?;

    if opts.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "backup of {url} written to {}, encrypted {encrypted_to}",
            file.display()
        );
        print_tables(&summary.tables);
        println!(
            "{} tables, {} rows, {} (schema version {})",
            summary.tables.len(),
            summary.rows,
            human_bytes(summary.bytes),
            summary.schema_version
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(db: &str, opts: RestoreOptions) -> Result<ExitCode> {
    let file = &opts.file;
    let input = std::fs::File::open(file)
        .with_context(|| format!("cannot open the backup {}", file.display()))?;
    let key = match &opts.identity {
        Some(path) => {
            let text =
                Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read the identity file {}", path.display())
                })?);
            RestoreKey::identity_file(&text)
                .with_context(|| format!("identity file {}", path.display()))?
        }
        None => RestoreKey::passphrase(read_passphrase(false)?.to_string()),
    };
    let store = crate::register::open(db).await?;
    let url = store.url().to_string();
    let restored =
        dump::restore_backup(&store, BufReader::with_capacity(1 << 20, input), &key).await;
    store.close().await;
    let summary = restored.with_context(|| format!("restoring {} into {url}", file.display()))?;

    // Open it again as the next command will: the restored data key must
    // open with the key given to this command.
    match crate::register::open(db).await {
        Ok(store) => store.close().await,
        Err(e) => bail!(
            "{} was restored into {url}, but the register does not open with the key given \
             ({e:#}); open it with the key (--key-file) of the register that was backed up",
            file.display()
        ),
    }

    if opts.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "restored {} into {url} (made {} on {}, schema version {})",
            file.display(),
            summary.created_at,
            summary.source_backend,
            summary.schema_version
        );
        print_tables(&summary.tables);
        println!(
            "{} tables, {} rows, {} read; every table verified",
            summary.tables.len(),
            summary.rows,
            human_bytes(summary.bytes)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_tables(tables: &[TableSummary]) {
    let width = tables.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for table in tables.iter().filter(|t| t.rows > 0) {
        println!("  {:<width$}  {:>9}", table.name, table.rows);
    }
}

/// The archive's passphrase: from KUAGER_BACKUP_PASSPHRASE, one line of a
/// piped standard input, or the terminal without echo (asked twice for a
/// new archive).
fn read_passphrase(new_archive: bool) -> Result<Zeroizing<String>> {
    let passphrase = if let Ok(value) = std::env::var(PASSPHRASE_ENV) {
        Zeroizing::new(value)
    } else if std::io::stdin().is_terminal() {
        let first = Zeroizing::new(
            rpassword::prompt_password("Backup passphrase: ")
                .context("reading the passphrase from the terminal")?,
        );
        if new_archive {
            let again = Zeroizing::new(
                rpassword::prompt_password("Again: ")
                    .context("reading the passphrase from the terminal")?,
            );
            if *first != *again {
                bail!("the two passphrases differ");
            }
        }
        first
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the passphrase from standard input")?;
        Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_string())
    };
    if passphrase.is_empty() {
        bail!(
            "no passphrase: set {PASSPHRASE_ENV}, pipe it on standard input, \
             or type it at the prompt"
        );
    }
    if new_archive && passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        bail!("a backup passphrase must have at least {MIN_PASSPHRASE_CHARS} characters");
    }
    Ok(passphrase)
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_345_678_901), "2.3 GB");
    }
}
