//! `kuager eval`: ingest annotated documents into a fresh embedded
//! database and compare the register with the gold annotations.

use anyhow::{bail, Context, Result};
use kuager_eval::{evaluate, load_gold_with, PredictedMention};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Options {
    /// Gold TSV files (file, surface, occurrence, person).
    #[arg(long = "gold", required = true)]
    pub gold: Vec<PathBuf>,
    /// Directories holding the annotated documents.
    #[arg(long = "docs", required = true)]
    pub docs: Vec<PathBuf>,
    #[arg(long)]
    pub json: bool,
    /// Fail unless mention F1 reaches this.
    #[arg(long)]
    pub min_mention_f1: Option<f64>,
    /// Fail unless pair precision reaches this.
    #[arg(long)]
    pub min_pair_precision: Option<f64>,
    /// Fail unless pair recall reaches this.
    #[arg(long)]
    pub min_pair_recall: Option<f64>,
}

pub async fn run(opts: Options) -> Result<ExitCode> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let url = format!("sqlite://{}", dir.path().join("eval.db").display());
    let store = crate::register::open(&url).await?;
    let summary = crate::ingest::ingest(&store, &opts.docs, 64 * 1024 * 1024).await?;
    if !summary.failed.is_empty() {
        bail!(
            "{} annotated document(s) failed to ingest",
            summary.failed.len()
        );
    }
    // Offsets refer to the text Kuager extracted (HTML is reduced to
    // visible text), so gold spans are resolved against that text.
    let mut texts: HashMap<String, String> = HashMap::new();
    for d in store.documents().await? {
        if let Some(doc) = store.document(&d.sha256).await? {
            texts.insert(doc.file_name.clone(), doc.text);
        }
    }
    let mut gold = Vec::new();
    for g in &opts.gold {
        gold.extend(
            load_gold_with(g, |name| texts.get(name).cloned())
                .with_context(|| format!("reading gold {}", g.display()))?,
        );
    }
    let mut predicted = Vec::new();
    for p in store.persons().await? {
        for m in &p.mentions {
            predicted.push(PredictedMention {
                source: m.source.clone(),
                text: m.text.clone(),
                start: m.start,
                end: m.end,
                person: p.id.clone(),
            });
        }
    }
    let report = evaluate(&gold, &predicted);
    if opts.json {
        let s = |x: &kuager_eval::Scores| serde_json::json!({"precision": x.precision, "recall": x.recall, "f1": x.f1, "tp": x.tp, "fp": x.fp, "fn": x.fn_});
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"mentions": s(&report.mentions), "pairs": s(&report.pairs)})
            )?
        );
    } else {
        println!("{}", report.render());
    }
    let mut ok = true;
    let mut check = |name: &str, value: f64, min: Option<f64>| {
        if let Some(min) = min {
            if value < min {
                eprintln!("below target: {name} {value:.3} < {min:.3}");
                ok = false;
            }
        }
    };
    check("mention F1", report.mentions.f1, opts.min_mention_f1);
    check(
        "pair precision",
        report.pairs.precision,
        opts.min_pair_precision,
    );
    check("pair recall", report.pairs.recall, opts.min_pair_recall);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
