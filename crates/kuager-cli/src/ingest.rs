//! `kuager ingest`: files in, register out. The pipeline is
//! `kuager_register::ingest`; this shows its progress and prints the
//! summary.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use kuager_register::{Batch, FileStatus, IngestEvent, IngestOptions, Summary};
use kuager_store::Store;
use std::io::IsTerminal;
use std::path::PathBuf;

pub async fn ingest(store: &Store, inputs: &[PathBuf], max_bytes: u64) -> Result<Summary> {
    let batch = Batch::collect(inputs);
    for f in &batch.failed {
        eprintln!("error: {}", f.error);
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(batch.files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    // Parsers may print diagnostics on stdout (pdf-extract does); stdout
    // belongs to our results, and nothing of ours prints to it while
    // documents are being read.
    let mut quiet = gag::Gag::stdout().ok();
    let options = IngestOptions { max_bytes };
    let summary = kuager_register::ingest(store, batch, &options, |event| match event {
        IngestEvent::Stored(_) => bar.inc(1),
        IngestEvent::Failed(failure) => {
            bar.inc(1);
            bar.suspend(|| eprintln!("error: {}", failure.error));
        }
        IngestEvent::FilesDone => {
            quiet.take();
            bar.finish_and_clear();
        }
    })
    .await;
    drop(quiet);
    summary.map_err(crate::register::cli_error)
}

pub fn print_summary(summary: &Summary, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    for d in &summary.documents {
        if d.status == FileStatus::Unchanged {
            println!("{}: unchanged (already in the register)", d.path);
        }
    }
    println!(
        "{} file(s) found: {} ingested, {} unchanged, {} failed; register: {} people, {} pairs to review ({:.2} s)",
        summary.files,
        summary.ingested,
        summary.unchanged,
        summary.failed.len(),
        summary.persons,
        summary.review,
        summary.seconds
    );
    Ok(())
}
