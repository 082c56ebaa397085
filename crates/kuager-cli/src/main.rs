//! `kuager`: the command line over the register.
//!
//! Thin glue: argument parsing and printing here, the work in the library
//! crates (the register's use cases in `kuager-register`, storage in
//! `kuager-store`).

mod backup;
mod demo;
mod eval;
mod ingest;
mod lists;
mod newsletter;
mod output;
mod protect;
mod register;
mod staging;
mod web;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Kuager (куәгер, "witness"): a register of people, events and sources
/// built from human-rights documents.
#[derive(Parser, Debug)]
#[command(name = "kuager", version, about)]
struct Cli {
    /// Database: a SQLite file path or sqlite:// URL (default, no server
    /// needed), or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "KUAGER_DB",
        default_value = "sqlite://kuager.db"
    )]
    db: String,

    #[command(flatten)]
    keys: protect::KeyOptions,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest documents (.txt .md .html .pdf; directories recursively).
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a machine-readable summary.
        #[arg(long)]
        json: bool,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = 64 * 1024 * 1024)]
        max_bytes: u64,
    },
    /// List the people in the register.
    Persons {
        #[arg(long)]
        json: bool,
    },
    /// Show one person: names, mentions in context, sources.
    Person {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Find people by any spelling in any script.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Reported figures with their sources.
    Figures {
        #[arg(long)]
        json: bool,
    },
    /// Ingested documents.
    Documents {
        #[arg(long)]
        json: bool,
    },
    /// Pairs of people the resolver is unsure of, with the evidence.
    Review {
        #[arg(long)]
        json: bool,
    },
    /// Record that two people are the same person.
    Merge { a: String, b: String },
    /// Record that two people are different people.
    Distinct { a: String, b: String },
    /// Split mentions off the person they were grouped with. A mention is
    /// named FILE:START or SHA256-PREFIX:START, as `kuager person` shows.
    Split {
        #[arg(required = true)]
        mentions: Vec<String>,
    },
    /// Recompute who is who from all mentions and decisions.
    Resolve,
    /// Ingest the built-in sample corpus into a fresh database and print
    /// the register.
    Demo {
        /// Keep the demo database here instead of a temporary file.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Measure extraction and identity quality against gold annotations.
    Eval(eval::Options),
    /// Run the web application monitors work in.
    Serve(web::ServeOptions),
    /// The register of assembly notifications.
    Assemblies {
        #[command(subcommand)]
        command: AssembliesCommand,
    },
    /// Manage accounts of the web application.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Make a new register (`--encrypt` with --key-file or --passphrase).
    Init(protect::InitOptions),
    /// Encrypt an existing plain register under a new key.
    Encrypt(protect::RekeyOptions),
    /// Change the key of an encrypted register (current key from --key-file
    /// or --passphrase).
    Rekey(protect::RekeyOptions),
    /// Master keys.
    Key {
        #[command(subcommand)]
        command: protect::KeyCommand,
    },
    /// The verifiable change log: verify, head, proofs, offline check.
    Log {
        #[command(subcommand)]
        command: protect::LogCommand,
    },
    /// Write the whole register (documents, casework, attachments, log) to
    /// an encrypted archive (age; passphrase from KUAGER_BACKUP_PASSPHRASE,
    /// standard input or the terminal).
    Backup(backup::BackupOptions),
    /// Restore an archive of `kuager backup` into a new, empty register,
    /// on SQLite or PostgreSQL whichever the archive came from.
    Restore(backup::RestoreOptions),
    /// External lists of people (detained, killed, missing): import, show.
    Lists {
        #[command(subcommand)]
        command: lists::ListsCommand,
    },
    /// Link all imported list records with each other and with the
    /// register; `link eval`, `link review`, `link same`, `link distinct`.
    Link(lists::LinkArgs),
    /// Bring an external list's people into the register after review:
    /// `staging import`, `show`, `decide`, `commit`.
    Staging {
        #[command(subcommand)]
        command: staging::StagingCommand,
    },
    /// Estimate from the linked lists how many people were affected,
    /// documented or not (multiple systems estimation).
    Estimate(lists::EstimateArgs),
    /// The newsletter: send a published issue (resumably), show its status.
    Newsletter {
        #[command(subcommand)]
        command: newsletter::NewsletterCommand,
    },
}

#[derive(Subcommand, Debug)]
enum AssembliesCommand {
    /// Notifications and refusals per year, by reason and by city.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        name: String,
        /// volunteer, analyst, editor or admin.
        #[arg(long)]
        role: String,
    },
}

fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`| head`) would
    // panic; a command-line tool should just stop, as others do.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to the default before any
    // thread starts has no memory-safety preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("KUAGER_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    use std::process::ExitCode;
    let db = cli.db;
    // Commands that make or change keys read the key options themselves.
    let manages_keys = matches!(
        cli.command,
        Command::Init(_)
            | Command::Key { .. }
            | Command::Log {
                command: protect::LogCommand::Check { .. }
            }
    );
    if !manages_keys {
        protect::set_key(cli.keys.source()?);
    }
    match cli.command {
        Command::Init(options) => protect::init(&db, &options, &cli.keys).await,
        Command::Encrypt(options) => protect::change_key(&db, &options, true).await,
        Command::Rekey(options) => protect::change_key(&db, &options, false).await,
        Command::Key {
            command: protect::KeyCommand::New { file },
        } => protect::key_new(&file),
        Command::Log { command } => protect::log(&db, command).await,
        Command::Backup(options) => backup::backup(&db, options).await,
        Command::Restore(options) => backup::restore(&db, options).await,
        Command::Ingest {
            paths,
            json,
            max_bytes,
        } => {
            let store = register::open(&db).await?;
            let summary = ingest::ingest(&store, &paths, max_bytes).await?;
            ingest::print_summary(&summary, json)?;
            Ok(if summary.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Persons { json } => {
            let store = register::open(&db).await?;
            output::persons(&store.persons().await?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Person { id, json } => {
            let store = register::open(&db).await?;
            register::show_person(&store, &id, json).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { query, json } => {
            let store = register::open(&db).await?;
            let hits = kuager_register::search(&store, &query)
                .await
                .map_err(register::cli_error)?;
            output::search(&hits, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Figures { json } => {
            let store = register::open(&db).await?;
            output::figures(&store.figures().await?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Documents { json } => {
            let store = register::open(&db).await?;
            output::documents(&store.documents().await?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Review { json } => {
            let store = register::open(&db).await?;
            register::show_review(&store, json).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { a, b } => {
            let store = register::open(&db).await?;
            register::decide(&store, &a, &b, true).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Distinct { a, b } => {
            let store = register::open(&db).await?;
            register::decide(&store, &a, &b, false).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Split { mentions } => {
            let store = register::open(&db).await?;
            register::split(&store, &mentions).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Resolve => {
            let store = register::open(&db).await?;
            let (persons, review) = kuager_register::resolve(&store)
                .await
                .map_err(register::cli_error)?;
            println!("{persons} people, {review} pairs to review");
            Ok(ExitCode::SUCCESS)
        }
        Command::Lists { command } => {
            let store = register::open(&db).await?;
            lists::lists(&store, command).await
        }
        Command::Link(args) => {
            let store = register::open(&db).await?;
            lists::link(&store, args).await
        }
        Command::Staging { command } => {
            let store = register::open(&db).await?;
            staging::staging(&store, command).await
        }
        Command::Estimate(args) => {
            let store = register::open(&db).await?;
            lists::estimate(&store, args).await
        }
        Command::Newsletter { command } => {
            let store = register::open(&db).await?;
            newsletter::run(&store, command).await
        }
        Command::Demo { keep } => demo::run(keep).await,
        Command::Eval(options) => eval::run(options).await,
        Command::Serve(options) => {
            let store = register::open(&db).await?;
            if !store.is_protected() {
                eprintln!(
                    "WARNING: this register is not encrypted: anyone who copies {} reads it. \
                     See docs/security.md (kuager encrypt).",
                    store.url()
                );
            }
            web::serve(store, options).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Assemblies {
            command: AssembliesCommand::Stats { json },
        } => {
            let store = register::open(&db).await?;
            let stats = kuager_case::AssemblyStats::from_facts(&store.assembly_facts().await?);
            output::assembly_stats(&stats, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command: UserCommand::Add { name, role },
        } => {
            let store = register::open(&db).await?;
            web::add_user(&store, &name, &role).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
