//! `kuager-gen`: write a synthetic corpus, or score a register against its
//! truth.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use kuager_bench::eval::{evaluate, load_persons, load_truth, print_report};
use kuager_bench::generate::{write_corpus, Config};
use std::path::PathBuf;
use std::time::Instant;

/// Synthetic human-rights documents from Kazakhstan (English, Russian,
/// Kazakh) naming a synthetic population, with the truth of who is who.
#[derive(Parser, Debug)]
#[command(
    name = "kuager-gen",
    version,
    about,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    /// Number of documents.
    #[arg(long, required = true)]
    docs: Option<usize>,
    /// Output directory (documents, truth.tsv, population.tsv).
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// Random seed; the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Size of the population (default: docs / 5, at least 200).
    #[arg(long)]
    people: Option<usize>,
    /// Approximate document size in bytes.
    #[arg(long, default_value_t = 2000)]
    bytes: usize,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score `kuager persons --json` against a truth.tsv.
    Eval {
        #[arg(long)]
        truth: PathBuf,
        #[arg(long)]
        persons: PathBuf,
        #[arg(long)]
        json: bool,
        /// How many over-merges and splits to show.
        #[arg(long, default_value_t = 8)]
        examples: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Eval {
        truth,
        persons,
        json,
        examples,
    }) = cli.command
    {
        let truth_rows =
            load_truth(&truth).with_context(|| format!("reading {}", truth.display()))?;
        let predicted =
            load_persons(&persons).with_context(|| format!("reading {}", persons.display()))?;
        let report = evaluate(&truth_rows, &predicted, examples);
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print_report(&report);
        }
        return Ok(());
    }
    let (Some(docs), Some(out)) = (cli.docs, cli.out) else {
        anyhow::bail!("--docs and --out are required");
    };
    let cfg = Config {
        docs,
        people: cli.people.unwrap_or_else(|| Config::default_people(docs)),
        seed: cli.seed,
        target_bytes: cli.bytes,
    };
    let started = Instant::now();
    let stats = write_corpus(&cfg, &out).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "{} documents ({} en, {} ru, {} kk), {:.0} bytes on average, {} mentions of {} people ({} named) in {:.2} s -> {}",
        stats.docs,
        stats.by_lang[0],
        stats.by_lang[1],
        stats.by_lang[2],
        stats.bytes as f64 / stats.docs.max(1) as f64,
        stats.mentions,
        stats.people,
        stats.people_mentioned,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
