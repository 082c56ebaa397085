//! Keys and the verifiable log on the command line: `kuager key new`,
//! `init`, `encrypt`, `rekey` and `log ...`. The work is in kuager-store.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use kuager_store::{KeySource, MasterKey, Rekeyed, Store};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// The operator's key, from the global options; every command opens the
/// register with it.
static KEY: OnceLock<KeySource> = OnceLock::new();

/// The global key options.
#[derive(Args, Debug, Clone)]
pub struct KeyOptions {
    /// File holding the master key (64 hex digits, from `kuager key new`).
    #[arg(long, global = true, env = "KUAGER_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Ask for the passphrase of an encrypted embedded database (read from
    /// KUAGER_PASSPHRASE when set, for scripts).
    #[arg(long, global = true)]
    pub passphrase: bool,
}

impl KeyOptions {
    pub fn source(&self) -> Result<KeySource> {
        if let Some(path) = &self.key_file {
            if self.passphrase {
                bail!("give either --key-file (KUAGER_KEY_FILE) or --passphrase, not both");
            }
            return Ok(KeySource::KeyFile(path.clone()));
        }
        if self.passphrase || std::env::var_os("KUAGER_PASSPHRASE").is_some() {
            return Ok(KeySource::Passphrase(read_passphrase(
                "Passphrase: ",
                false,
            )?));
        }
        Ok(KeySource::None)
    }
}

/// Remembers the key for [`open`]. Call once, before any command runs.
pub fn set_key(source: KeySource) {
    let _ = KEY.set(source);
}

pub fn key() -> &'static KeySource {
    KEY.get_or_init(KeySource::default)
}

/// Opens the register with the configured key.
pub async fn open(db: &str) -> Result<Store> {
    Store::open_with(db, key())
        .await
        .with_context(|| format!("opening the register at {db}"))
}

/// A passphrase from KUAGER_PASSPHRASE, the terminal (no echo; twice when
/// `confirm`), or one line of a pipe.
fn read_passphrase(prompt: &str, confirm: bool) -> Result<Zeroizing<String>> {
    if let Ok(value) = std::env::var("KUAGER_PASSPHRASE") {
        return Ok(Zeroizing::new(value));
    }
    let passphrase = if std::io::stdin().is_terminal() {
        let first = Zeroizing::new(rpassword::prompt_password(prompt)?);
        if confirm {
            let again = Zeroizing::new(rpassword::prompt_password("Again: ")?);
            if *first != *again {
                bail!("the two passphrases differ");
            }
        }
        first
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().read_line(&mut line)?;
        Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_string())
    };
    if passphrase.chars().count() < 12 {
        bail!("a passphrase must have at least 12 characters");
    }
    Ok(passphrase)
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Write a new random master key to FILE (readable by you only). Keep a
    /// copy apart from the database: without it the data cannot be read.
    New { file: PathBuf },
}

#[derive(Args, Debug)]
pub struct InitOptions {
    /// Make an encrypted register: with --key-file (the file is created
    /// when it does not exist) or --passphrase.
    #[arg(long)]
    pub encrypt: bool,
}

#[derive(Args, Debug)]
pub struct RekeyOptions {
    /// The new key file (created when it does not exist).
    #[arg(long, conflicts_with = "new_passphrase")]
    pub new_key_file: Option<PathBuf>,
    /// Ask for a new passphrase.
    #[arg(long)]
    pub new_passphrase: bool,
}

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Recompute the log and check every record against it; exit 1 on any
    /// problem.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// The latest signed tree head and the log's public key.
    Head,
    /// An inclusion proof for a log entry (by number, or the latest entry of
    /// a record: --table events --key 42), against the latest tree head or
    /// the one of --size.
    Proof {
        #[arg(long, conflicts_with_all = ["table", "key", "from"])]
        entry: Option<u64>,
        #[arg(long, requires = "key")]
        table: Option<String>,
        #[arg(long, requires = "table")]
        key: Option<String>,
        #[arg(long)]
        size: Option<u64>,
        /// A consistency proof from the tree head of this size to the
        /// latest (or --size).
        #[arg(long)]
        from: Option<u64>,
    },
    /// Check a proof file offline with the public key alone (no database).
    Check {
        proof: PathBuf,
        #[arg(long)]
        public_key: String,
    },
}

pub fn key_new(file: &std::path::Path) -> Result<ExitCode> {
    MasterKey::generate()
        .write_key_file(file)
        .with_context(|| "writing a new key")?;
    println!("wrote a new master key to {}", file.display());
    println!("keep a copy apart from the database: without it the register cannot be read");
    Ok(ExitCode::SUCCESS)
}

/// Creates a key file that does not exist yet (for init/rekey).
fn ensure_key_file(path: &std::path::Path) -> Result<()> {
    if !path.exists() {
        MasterKey::generate().write_key_file(path)?;
        eprintln!("wrote a new master key to {}", path.display());
    }
    Ok(())
}

pub async fn init(db: &str, options: &InitOptions, keys: &KeyOptions) -> Result<ExitCode> {
    if kuager_store::database_exists(db)? {
        bail!("{db} already exists; `kuager encrypt` converts an existing register");
    }
    if options.encrypt {
        match &keys.key_file {
            Some(path) => ensure_key_file(path)?,
            None if keys.passphrase => {}
            None => bail!("--encrypt needs --key-file FILE (KUAGER_KEY_FILE) or --passphrase"),
        }
    }
    let source = if options.encrypt && keys.passphrase && keys.key_file.is_none() {
        KeySource::Passphrase(read_passphrase("New passphrase: ", true)?)
    } else {
        keys.source()?
    };
    let store = Store::open_with(db, &source)
        .await
        .with_context(|| format!("creating the register at {db}"))?;
    println!(
        "created {} register at {}",
        if store.is_protected() {
            "an encrypted"
        } else {
            "an UNENCRYPTED"
        },
        store.url()
    );
    println!("log public key: {}", store.log_public_key());
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `kuager encrypt` (current key: none) and `kuager rekey`.
pub async fn change_key(db: &str, new: &RekeyOptions, encrypting: bool) -> Result<ExitCode> {
    let current = key().clone();
    if encrypting && !current.is_none() {
        bail!("`kuager encrypt` takes the new key as --new-key-file or --new-passphrase; the register must not have one yet");
    }
    if !encrypting && current.is_none() {
        bail!(
            "`kuager rekey` needs the current key (--key-file / KUAGER_KEY_FILE or --passphrase)"
        );
    }
    let new_source = match (&new.new_key_file, new.new_passphrase) {
        (Some(path), _) => {
            ensure_key_file(path)?;
            KeySource::KeyFile(path.clone())
        }
        (None, true) => {
            // KUAGER_PASSPHRASE holds the current one, if any: ask.
            let prompt = "New passphrase: ";
            let passphrase = if std::io::stdin().is_terminal() {
                let first = Zeroizing::new(rpassword::prompt_password(prompt)?);
                let again = Zeroizing::new(rpassword::prompt_password("Again: ")?);
                if *first != *again {
                    bail!("the two passphrases differ");
                }
                first
            } else if let Ok(value) = std::env::var("KUAGER_NEW_PASSPHRASE") {
                Zeroizing::new(value)
            } else {
                bail!("give the new passphrase on a terminal or in KUAGER_NEW_PASSPHRASE");
            };
            KeySource::Passphrase(passphrase)
        }
        (None, false) => bail!("give the new key: --new-key-file FILE or --new-passphrase"),
    };
    match kuager_store::change_key(db, &current, &new_source).await? {
        Rekeyed::File { path } => println!("re-encrypted {} under the new key", path.display()),
        Rekeyed::DataKey => println!("the data key of {db} is now wrapped under the new key"),
    }
    if encrypting {
        println!("copies of the old plain file (backups, other disks) still hold the data in plain: destroy them");
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn log(db: &str, command: LogCommand) -> Result<ExitCode> {
    if let LogCommand::Check { proof, public_key } = &command {
        let text = std::fs::read_to_string(proof)
            .with_context(|| format!("reading {}", proof.display()))?;
        return match kuager_log::check_proof_json(&text, public_key) {
            Ok(summary) => {
                println!("OK: {summary}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("FAILED: {e}");
                Ok(ExitCode::from(1))
            }
        };
    }
    let store = open(db).await?;
    let code = match command {
        LogCommand::Verify { json } => {
            let report = store.verify_log().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "{} entries, {} signed tree heads, {} records checked; root {}",
                    report.entries, report.tree_heads, report.records, report.root
                );
                println!("public key {}", report.public_key);
                for p in &report.problems {
                    println!("PROBLEM {} {}: {}", p.table, p.entry, p.problem);
                }
                println!(
                    "{}",
                    if report.is_ok() {
                        "log verified: every record matches its last entry".to_string()
                    } else {
                        format!("{} problem(s) found", report.problems.len())
                    }
                );
            }
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        LogCommand::Head => {
            let head = store.tree_head(None).await?;
            let out = serde_json::json!({
                "public_key": store.log_public_key(),
                "tree_head": head,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
            ExitCode::SUCCESS
        }
        LogCommand::Proof {
            entry,
            table,
            key,
            size,
            from,
        } => {
            let json = if let Some(from) = from {
                serde_json::to_string_pretty(&store.consistency_proof(from, size).await?)?
            } else {
                let seq = match (entry, table, key) {
                    (Some(seq), _, _) => seq,
                    (None, Some(table), Some(key)) => {
                        store
                            .latest_log_entry(&table, &key)
                            .await?
                            .with_context(|| format!("{table} {key} is not in the log"))?
                            .seq
                    }
                    _ => bail!("give --entry N, --table T --key K, or --from SIZE"),
                };
                serde_json::to_string_pretty(&store.inclusion_proof(seq, size).await?)?
            };
            println!("{json}");
            ExitCode::SUCCESS
        }
        LogCommand::Check { .. } => ExitCode::SUCCESS,
    };
    store.close().await;
    Ok(code)
}
