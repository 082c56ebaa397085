//! `kuager ingest`: files in, register out.
//!
//! Reading and extraction run on all cores; the store inserts one document
//! per transaction, so a failure or crash leaves each document fully in or
//! not at all. Resolution runs once at the end over the whole register.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use kuager_domain::{Document, Extraction};
use kuager_ingest::{collect_files, read_document, IngestError, Limits};
use kuager_store::{InsertOutcome, Store};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct FileResult {
    pub path: String,
    pub sha256: String,
    pub status: &'static str,
    pub persons: usize,
    pub places: usize,
    pub dates: usize,
    pub figures: usize,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub files: usize,
    pub ingested: usize,
    pub unchanged: usize,
    pub failed: Vec<Failure>,
    pub documents: Vec<FileResult>,
    pub persons: usize,
    pub review: usize,
    pub seconds: f64,
}

/// A prepared document, or the failure message naming the file.
type Prepared = Result<(Document, Extraction), String>;

fn prepare(path: &Path, limits: &Limits) -> Prepared {
    let doc = read_document(path, limits).map_err(|e| e.to_string())?;
    let extraction = kuager_extract::extract(&doc.text, doc.language);
    Ok((doc, extraction))
}

/// Read and extract a batch of files on all cores, keeping their order.
fn prepare_batch(paths: &[PathBuf], limits: &Limits) -> Vec<Prepared> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(paths.len().max(1));
    let chunk = paths.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(|p| prepare(p, limits)).collect::<Vec<_>>())
            })
            .collect();
        let mut out = Vec::with_capacity(paths.len());
        for (h, part) in handles.into_iter().zip(paths.chunks(chunk)) {
            match h.join() {
                Ok(results) => out.extend(results),
                // A panic in a parser must not take the other files down.
                Err(_) => out.extend(part.iter().map(|p| {
                    Err(format!(
                        "{}: internal error: the parser crashed on this file",
                        p.display()
                    ))
                })),
            }
        }
        out
    })
}

pub async fn ingest(store: &Store, inputs: &[PathBuf], max_bytes: u64) -> Result<Summary> {
    let started = Instant::now();
    let limits = Limits { max_bytes };
    let (files, errors) = collect_files(inputs);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut summary = Summary {
        files: files.len(),
        ingested: 0,
        unchanged: 0,
        failed: errors.iter().map(failure).collect(),
        documents: Vec::new(),
        persons: 0,
        review: 0,
        seconds: 0.0,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    // Reading and extraction of the next batch overlap with storing the
    // current one: a producer thread feeds batches through a short queue.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(PathBuf, Prepared)>>(2);
    let producer_files = files.clone();
    let producer = std::thread::spawn(move || {
        // Parsers may print diagnostics on stdout (pdf-extract does);
        // stdout belongs to our results, and nothing of ours prints to it
        // while documents are being read.
        let _quiet = gag::Gag::stdout().ok();
        for batch in producer_files.chunks(128) {
            let prepared = prepare_batch(batch, &limits);
            let items: Vec<(PathBuf, Prepared)> = batch.iter().cloned().zip(prepared).collect();
            if tx.send(items).is_err() {
                break;
            }
        }
    });
    while let Ok(batch) = tokio::task::block_in_place(|| rx.recv()) {
        for (path, result) in batch {
            bar.inc(1);
            let (doc, extraction) = match result {
                Ok(x) => x,
                Err(message) => {
                    bar.suspend(|| eprintln!("error: {message}"));
                    summary.failed.push(Failure {
                        path: path.display().to_string(),
                        error: message,
                    });
                    continue;
                }
            };
            let outcome = match store.insert_document(&doc, &extraction).await {
                Ok(o) => o,
                Err(e) => {
                    let msg = format!("{}: not stored: {e}", path.display());
                    bar.suspend(|| eprintln!("error: {msg}"));
                    summary.failed.push(Failure {
                        path: path.display().to_string(),
                        error: msg,
                    });
                    continue;
                }
            };
            let status = match outcome {
                InsertOutcome::Inserted => {
                    summary.ingested += 1;
                    "ingested"
                }
                InsertOutcome::AlreadyPresent => {
                    summary.unchanged += 1;
                    "unchanged"
                }
            };
            summary.documents.push(FileResult {
                path: path.display().to_string(),
                sha256: doc.sha256,
                status,
                persons: extraction.persons.len(),
                places: extraction.places.len(),
                dates: extraction.dates.len(),
                figures: extraction.figures.len(),
            });
        }
    }
    if producer.join().is_err() {
        anyhow::bail!("internal error: the document reader crashed");
    }
    bar.finish_and_clear();
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        files = summary.files,
        "documents read, extracted and stored"
    );
    if summary.ingested > 0 {
        let (persons, review) = crate::register::resolve(store).await?;
        summary.persons = persons;
        summary.review = review;
    } else {
        summary.persons = store.persons().await?.len();
        summary.review = store.review_pairs().await?.len();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn failure(e: &IngestError) -> Failure {
    Failure {
        path: e.path().display().to_string(),
        error: e.to_string(),
    }
}

pub fn print_summary(summary: &Summary, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    for d in &summary.documents {
        if d.status == "unchanged" {
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
