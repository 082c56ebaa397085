//! `kuager lists`, `kuager link`, `kuager estimate`: external lists, their
//! linkage and the estimate of the undocumented. The work is
//! `kuager_register::lists`; this parses, shows progress and prints.

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use kuager_register::lists::{self as use_case, ImportOptions, Strata};
use kuager_store::lists::ListImport;
use kuager_store::Store;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand, Debug)]
pub enum ListsCommand {
    /// Import a list (CSV in any delimiter, UTF-8 or Windows-1251; XLSX).
    /// Rows that cannot be read are reported with their row number; the
    /// rest import. The same file again changes nothing.
    Import {
        file: PathBuf,
        /// The list's name, used to refer to its records (NAME:RECORD_ID).
        #[arg(long)]
        name: String,
        /// Who compiled the list (an organisation, a ministry, a newspaper).
        #[arg(long)]
        compiled_by: Option<String>,
        /// The date the list is as of.
        #[arg(long)]
        as_of: Option<String>,
        /// What happened to the people on it, where a row does not say
        /// (detention, killing, disappearance...).
        #[arg(long)]
        event_type: Option<String>,
        /// Map a field to a header: full_name=ФИО, birth_year=Год, city=
        /// (no such column). Repeatable.
        #[arg(long = "column", value_name = "FIELD=HEADER")]
        columns: Vec<String>,
        /// Replace the records of a list of this name imported from
        /// another file.
        #[arg(long)]
        replace: bool,
        #[arg(long)]
        json: bool,
    },
    /// The imported lists.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LinkArgs {
    #[command(subcommand)]
    pub command: Option<LinkCommand>,
    /// Print the clusters as JSON: [{"person", "records": [{"list",
    /// "record_id"}]}].
    #[arg(long)]
    pub json: bool,
    /// Merge pairs at or above this match probability (default: the
    /// threshold with the best expected F1, chosen from the scores).
    #[arg(long)]
    pub merge_at: Option<f64>,
    /// Send pairs at or above this (and not merged) to review.
    #[arg(long, default_value_t = 0.15)]
    pub review_at: f64,
}

#[derive(Subcommand, Debug)]
pub enum LinkCommand {
    /// Pairwise precision, recall and F1 of the latest linkage against a
    /// truth file (CSV: record_id,person_id[,list]).
    Eval {
        truth: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Pairs the linkage was unsure of, with the evidence.
    Review {
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Record that two records (LIST:RECORD_ID) are one person.
    Same { a: String, b: String },
    /// Record that two records are different people: a hard constraint
    /// on every later linkage.
    Distinct { a: String, b: String },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum By {
    City,
    Month,
    EventType,
}

#[derive(Args, Debug)]
pub struct EstimateArgs {
    /// Lists to use, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub lists: Option<Vec<String>>,
    /// Estimate per stratum as well as for the whole.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    #[arg(long)]
    pub json: bool,
    /// Seed of the Bayesian sampler (the same seed, the same figures).
    #[arg(long, default_value_t = 20_220_105)]
    pub seed: u64,
}

pub async fn lists(store: &Store, command: ListsCommand) -> Result<ExitCode> {
    match command {
        ListsCommand::Import {
            file,
            name,
            compiled_by,
            as_of,
            event_type,
            columns,
            replace,
            json,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let file_name = file.display().to_string();
            let options = ImportOptions {
                name: name.clone(),
                compiled_by,
                as_of,
                event_type,
                columns,
                replace,
            };
            let report = use_case::import_list(store, None, &file_name, &bytes, &options)
                .await
                .map_err(crate::register::cli_error)?;
            for e in &report.row_errors {
                eprintln!("{file_name}: {e}");
            }
            let (status, id) = match report.outcome {
                ListImport::Imported { id, .. } => ("imported", id),
                ListImport::Replaced { id, .. } => ("replaced", id),
                ListImport::Unchanged { id } => ("unchanged", id),
            };
            if json {
                let out = serde_json::json!({
                    "list": name,
                    "id": id,
                    "status": status,
                    "records": report.records,
                    "encoding": report.encoding,
                    "columns": report.columns,
                    "row_errors": report.row_errors.iter().map(|e| serde_json::json!({
                        "row": e.row, "field": e.field, "reason": e.reason,
                    })).collect::<Vec<_>>(),
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                let columns: Vec<String> = report
                    .columns
                    .iter()
                    .map(|(field, header)| format!("{header} → {field}"))
                    .collect();
                match report.outcome {
                    ListImport::Unchanged { .. } => {
                        println!("{file_name}: unchanged (list {name} already holds this file)")
                    }
                    _ => println!(
                        "{file_name}: {status} as list {name}: {} records, {} rows not read ({}; {})",
                        report.records,
                        report.row_errors.len(),
                        report.encoding,
                        columns.join(", ")
                    ),
                }
            }
            Ok(if report.row_errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ListsCommand::Show { json } => {
            let lists = store.lists().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&lists)?);
            } else {
                for l in &lists {
                    println!(
                        "{}\t{} records\tcompiled by {}\tas of {}\t{} ({}…)",
                        l.name,
                        l.records,
                        if l.compiled_by.is_empty() {
                            "?"
                        } else {
                            &l.compiled_by
                        },
                        l.as_of.as_deref().unwrap_or("?"),
                        l.file_name,
                        &l.file_sha256[..l.file_sha256.len().min(12)]
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Progress of a linkage run as bars on a terminal, nothing otherwise.
struct Bars {
    bar: ProgressBar,
}

impl kuager_linkage::Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(name.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}

pub async fn link(store: &Store, args: LinkArgs) -> Result<ExitCode> {
    match args.command {
        Some(LinkCommand::Eval { truth, json }) => {
            let text = std::fs::read_to_string(&truth)
                .with_context(|| format!("cannot read {}", truth.display()))?;
            let score = use_case::link_eval(store, &truth.display().to_string(), &text)
                .await
                .map_err(crate::register::cli_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&score)?);
            } else {
                println!(
                    "precision {:.4}  recall {:.4}  F1 {:.4}  clusters {}  (true people {}, records {})",
                    score.precision,
                    score.recall,
                    score.f1,
                    score.clusters,
                    score.true_people,
                    score.records
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(LinkCommand::Review { limit, json }) => {
            let items = use_case::link_review_queue(store, limit)
                .await
                .map_err(crate::register::cli_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                for item in &items {
                    let show = |r: &Option<kuager_store::lists::ListRow>| match r {
                        Some(r) => format!(
                            "{} | born {} | {} | {}",
                            r.full_name,
                            r.birth_year
                                .map(|y| y.to_string())
                                .unwrap_or_else(|| "?".into()),
                            r.city.as_deref().unwrap_or("?"),
                            r.event_date.as_deref().unwrap_or("?")
                        ),
                        None => "(record no longer imported)".into(),
                    };
                    println!(
                        "{:.2}  {}:{}  {}\n      {}:{}  {}",
                        item.pair.probability,
                        item.pair.a.0,
                        item.pair.a.1,
                        show(&item.a),
                        item.pair.b.0,
                        item.pair.b.1,
                        show(&item.b)
                    );
                    if let Some(reason) = &item.pair.refused {
                        println!("      not merged: {reason}");
                    }
                    println!("      evidence: {}", item.pair.evidence);
                }
                if items.is_empty() {
                    println!("nothing to review");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(LinkCommand::Same { a, b }) => {
            decide(store, &a, &b, true).await?;
            Ok(ExitCode::SUCCESS)
        }
        Some(LinkCommand::Distinct { a, b }) => {
            decide(store, &a, &b, false).await?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let bar = if std::io::stderr().is_terminal() {
                let bar = ProgressBar::new(0);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{elapsed_precise} {msg:24} [{bar:40}] {pos}/{len}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar
            } else {
                ProgressBar::hidden()
            };
            let options = kuager_linkage::LinkOptions {
                merge_at: args
                    .merge_at
                    .unwrap_or(kuager_linkage::LinkOptions::default().merge_at),
                auto_merge: args.merge_at.is_none(),
                review_at: args.review_at,
                ..kuager_linkage::LinkOptions::default()
            };
            let started = std::time::Instant::now();
            let summary = use_case::link(store, &options, Arc::new(Bars { bar: bar.clone() }))
                .await
                .map_err(crate::register::cli_error)?;
            bar.finish_and_clear();
            if args.json {
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                serde_json::to_writer(&mut out, &summary.people)?;
                writeln!(out)?;
                out.flush()?;
            } else {
                let s = &summary.stats;
                let in_register = summary.people.iter().filter(|p| p.in_register).count();
                println!(
                    "{} records linked into {} people ({} of them in the register); {} pairs \
                     compared, {} to review ({:.1} s). `kuager link review` shows them.",
                    s.records,
                    s.clusters,
                    in_register,
                    s.candidate_pairs,
                    s.review_pairs,
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn decide(store: &Store, a: &str, b: &str, same: bool) -> Result<()> {
    let seq = use_case::decide_link(store, None, a, b, same)
        .await
        .map_err(crate::register::cli_error)?;
    let what = if same {
        "one person"
    } else {
        "different people"
    };
    println!("{a} and {b}: {what} (decision {seq}); run `kuager link` to apply it.");
    Ok(())
}

pub async fn estimate(store: &Store, args: EstimateArgs) -> Result<ExitCode> {
    let by = match args.by {
        None => Strata::Whole,
        Some(By::City) => Strata::City,
        Some(By::Month) => Strata::Month,
        Some(By::EventType) => Strata::EventType,
    };
    let strata = use_case::estimate(store, args.lists.as_deref(), by, args.seed)
        .await
        .map_err(crate::register::cli_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&strata)?);
        return Ok(ExitCode::SUCCESS);
    }
    for s in &strata {
        println!(
            "{} — documented (distinct people on any of {} lists): {}  [a minimum, not an estimate]",
            s.stratum,
            s.lists.len(),
            s.documented
        );
        for e in &s.estimates {
            println!(
                "    estimated total {:.0} (95% interval {:.0}–{:.0}), {} {}",
                e.estimate, e.lower, e.upper, e.method, e.model
            );
            for w in &e.warnings {
                println!("      caution: {w}");
            }
        }
        for why in &s.not_estimated {
            println!("    not estimated: {why}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
