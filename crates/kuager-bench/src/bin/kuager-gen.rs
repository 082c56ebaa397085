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
    /// Fill an empty database with a synthetic register for the web
    /// benchmark (people, documents naming them, events, reports, an
    /// analyst's account), and list person pages and search queries for
    /// the load tool.
    Casework(CaseworkArgs),
    /// Write partial lists of people affected by the January 2022 events
    /// (official, NGO, abroad, media, in their own scripts, encodings and
    /// spellings), `truth.csv` (record_id,person_id) and `manifest.json`.
    Lists(ListsArgs),
}

#[derive(clap::Args, Debug)]
struct ListsArgs {
    /// People on at least one list.
    #[arg(long, default_value_t = 10_000)]
    people: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    /// Number of lists (3 to 5).
    #[arg(long, default_value_t = 4)]
    lists: usize,
}

#[derive(clap::Args, Debug)]
struct CaseworkArgs {
    /// Database: a SQLite file (path or sqlite:// URL, created if missing)
    /// or a postgres:// URL. Must be empty.
    #[arg(long)]
    db: String,
    #[arg(long, default_value_t = 100_000)]
    people: usize,
    #[arg(long, default_value_t = 300_000)]
    events: usize,
    #[arg(long, default_value_t = 1_000)]
    reports: usize,
    #[arg(long, default_value_t = 500)]
    recognitions: usize,
    /// Percentage of events to publish (with consent recorded for their
    /// participants and people), for the public-site benchmark.
    #[arg(long, default_value_t = 0)]
    publish: u32,
    /// Events per transaction.
    #[arg(long, default_value_t = 2_000)]
    batch: usize,
    /// Person mentions per document (about).
    #[arg(long, default_value_t = 30)]
    mentions_per_doc: usize,
    /// The analyst account to create.
    #[arg(long, default_value = "bench")]
    user: String,
    #[arg(long, default_value = "bench-password-2026")]
    password: String,
    /// Where to write person-paths.txt, search-paths.txt and
    /// search-queries.tsv.
    #[arg(long)]
    samples: PathBuf,
    /// How many person pages and queries to list.
    #[arg(long, default_value_t = 5_000)]
    sample_count: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let eval = match cli.command {
        Some(Command::Casework(args)) => return casework(args),
        Some(Command::Lists(args)) => return lists(args),
        Some(Command::Eval {
            truth,
            persons,
            json,
            examples,
        }) => Some((truth, persons, json, examples)),
        None => None,
    };
    if let Some((truth, persons, json, examples)) = eval {
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

fn casework(args: CaseworkArgs) -> Result<()> {
    let cfg = kuager_bench::casework::Config {
        people: args.people,
        events: args.events,
        reports: args.reports,
        recognitions: args.recognitions,
        publish: args.publish,
        seed: args.seed,
        batch: args.batch,
        mentions_per_doc: args.mentions_per_doc,
        user: args.user,
        password: args.password,
        samples: args.sample_count,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let started = Instant::now();
        let store = kuager_store::Store::open(&args.db)
            .await
            .with_context(|| format!("opening {}", args.db))?;
        eprintln!("filling {} ({})", store.url(), store.backend());
        let s = kuager_bench::casework::fill(&store, &cfg, &args.samples).await?;
        store.close().await;
        let (median, p99, most, none) = s.events_per_person;
        let (m_median, m_p99, m_most) = s.mentions_per_person;
        eprintln!(
            "{} documents, {} mentions, {} persons ({} search keys), {} events ({} participants, \
             {} charges, {} sources), {} reports, {} recognitions in {:.1} s\n\
             events a person: median {median}, 99th percentile {p99}, most {most}, none {none}; \
             mentions a person: median {m_median}, 99th percentile {m_p99}, most {m_most}\n\
             samples -> {}",
            s.documents,
            s.mentions,
            s.persons,
            s.search_keys,
            s.events,
            s.participants,
            s.charges,
            s.sources,
            s.reports,
            s.recognitions,
            started.elapsed().as_secs_f64(),
            args.samples.display()
        );
        Ok(())
    })
}

fn lists(args: ListsArgs) -> Result<()> {
    let cfg = kuager_bench::lists::Config {
        people: args.people,
        seed: args.seed,
        lists: args.lists,
    };
    let started = Instant::now();
    let s = kuager_bench::lists::generate(&cfg, &args.out)
        .with_context(|| format!("writing lists to {}", args.out.display()))?;
    eprintln!(
        "{} documented people of {} affected, {} records ({:.2} a person; per list {:?}), \
         {} within-list duplicates, {} sibling pairs ({} twins), {} fathers and sons, \
         {} couples in {:.2} s -> {}",
        s.people_documented,
        s.true_total,
        s.records,
        s.records as f64 / s.people_documented.max(1) as f64,
        s.records_per_list,
        s.within_list_duplicates,
        s.sibling_pairs,
        s.twin_pairs,
        s.father_son_pairs,
        s.married_pairs,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
