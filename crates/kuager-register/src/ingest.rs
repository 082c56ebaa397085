//! Documents in, register out.
//!
//! Reading and extraction run on all cores; the store inserts one document
//! per transaction, so a failure or crash leaves each document fully in or
//! not at all. Resolution runs once at the end over the whole register.

use crate::{resolve, RegisterError, Result};
use kuager_domain::{Document, Extraction};
use kuager_ingest::{collect_files, read_document, read_document_bytes, IngestError, Limits};
use kuager_store::{InsertOutcome, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Documents read and extracted ahead of the store, per batch.
const BATCH: usize = 128;
/// Batches waiting for the store: enough to keep both sides busy, few
/// enough to bound memory.
const QUEUE: usize = 2;

/// How to ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestOptions {
    /// Refuse files larger than this many bytes.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: kuager_ingest::DEFAULT_MAX_BYTES,
        }
    }
}

impl IngestOptions {
    /// The limits of [`kuager_ingest`] these options set.
    pub fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_bytes,
        }
    }
}

/// A file that could not be ingested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The path as given or found.
    pub path: String,
    /// What went wrong, naming the file.
    pub error: String,
}

impl From<&IngestError> for Failure {
    fn from(e: &IngestError) -> Self {
        Failure {
            path: e.path().display().to_string(),
            error: e.to_string(),
        }
    }
}

/// What happened to a document that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Stored now.
    Ingested,
    /// The same bytes were already in the register; nothing changed.
    Unchanged,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ingested => "ingested",
            FileStatus::Unchanged => "unchanged",
        }
    }
}

/// A document that was read and is in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileResult {
    /// The path (or uploaded file name) as given.
    pub path: String,
    pub sha256: String,
    pub status: FileStatus,
    /// Person, place, date and figure mentions extracted.
    pub persons: usize,
    pub places: usize,
    pub dates: usize,
    pub figures: usize,
}

impl FileResult {
    fn new(path: String, doc: Document, extraction: &Extraction, status: FileStatus) -> Self {
        FileResult {
            path,
            sha256: doc.sha256,
            status,
            persons: extraction.persons.len(),
            places: extraction.places.len(),
            dates: extraction.dates.len(),
            figures: extraction.figures.len(),
        }
    }
}

/// The outcome of [`ingest()`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Files found to ingest (not counting inputs that failed to be found).
    pub files: usize,
    pub ingested: usize,
    pub unchanged: usize,
    /// Inputs that could not be collected, then files that could not be
    /// read or stored, in order.
    pub failed: Vec<Failure>,
    /// Every file read, in order.
    pub documents: Vec<FileResult>,
    /// People and review pairs in the register afterwards.
    pub persons: usize,
    pub review: usize,
    /// Wall time from [`Batch`] creation to the end.
    pub seconds: f64,
}

/// Progress of [`ingest()`], reported as it happens.
#[derive(Debug, Clone, Copy)]
pub enum IngestEvent<'a> {
    /// A file was read and is in the register.
    Stored(&'a FileResult),
    /// A file could not be read or stored.
    Failed(&'a Failure),
    /// Every file is handled; the register is resolved next.
    FilesDone,
}

/// The files one [`ingest()`] call will read, and the inputs that already
/// failed. The clock of [`Summary::seconds`] starts when it is made.
#[derive(Debug)]
pub struct Batch {
    pub files: Vec<PathBuf>,
    pub failed: Vec<Failure>,
    started: Instant,
}

impl Batch {
    /// Files and directories expanded as [`kuager_ingest::collect_files`]
    /// does (recursively, sorted, hidden and unsupported files inside
    /// directories skipped). Missing or unsupported inputs are failures.
    pub fn collect(inputs: &[PathBuf]) -> Batch {
        let started = Instant::now();
        let (files, errors) = collect_files(inputs);
        Batch {
            files,
            failed: errors.iter().map(Failure::from).collect(),
            started,
        }
    }

    /// Exactly these files, in this order.
    pub fn of_files(files: Vec<PathBuf>) -> Batch {
        Batch {
            files,
            failed: Vec::new(),
            started: Instant::now(),
        }
    }
}

/// A document read and extracted, or why not (naming the file).
pub type Prepared = std::result::Result<(Document, Extraction), IngestError>;

/// Read one file and extract what it says.
pub fn prepare(path: &Path, limits: &Limits) -> Prepared {
    let doc = read_document(path, limits)?;
    let extraction = kuager_extract::extract(&doc.text, doc.language);
    Ok((doc, extraction))
}

/// [`prepare`] a batch of files on all cores, keeping their order. A
/// parser that panics fails the files of its share with
/// [`IngestError::Internal`], not the others.
pub fn prepare_batch(paths: &[PathBuf], limits: &Limits) -> Vec<Prepared> {
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
                Err(_) => out.extend(part.iter().map(|p| Err(parser_crashed(p)))),
            }
        }
        out
    })
}

/// [`prepare`] for a file in memory.
fn read_and_extract(name: &str, bytes: &[u8], limits: &Limits) -> Prepared {
    let doc = read_document_bytes(name, bytes, limits)?;
    let extraction = kuager_extract::extract(&doc.text, doc.language);
    Ok((doc, extraction))
}

fn parser_crashed(path: &Path) -> IngestError {
    IngestError::Internal {
        path: path.to_path_buf(),
        reason: "internal error: the parser crashed on this file".to_string(),
    }
}

/// Ingest a batch of files: read and extract them on all cores (a
/// producer thread prepares the next batch while this task stores the
/// current one), store each document in its own transaction, then resolve
/// the register once if anything new was stored.
///
/// `on_event` hears of every file as it is handled, in order, and then
/// [`IngestEvent::FilesDone`]; it runs on the calling task, between
/// database writes, and should be quick (a progress bar, a log line).
/// A file that fails does not stop the others: it is in
/// [`Summary::failed`]. Only a failure of the register as a whole (the
/// reader thread crashing, resolving or counting failing) is an error.
///
/// Parsers may print diagnostics on standard output (pdf-extract does); a
/// caller that owns standard output should redirect it meanwhile.
pub async fn ingest<F>(
    store: &Store,
    batch: Batch,
    options: &IngestOptions,
    mut on_event: F,
) -> Result<Summary>
where
    F: FnMut(IngestEvent<'_>),
{
    let Batch {
        files,
        failed,
        started,
    } = batch;
    let limits = options.limits();
    let mut summary = Summary {
        files: files.len(),
        ingested: 0,
        unchanged: 0,
        failed,
        documents: Vec::new(),
        persons: 0,
        review: 0,
        seconds: 0.0,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<(PathBuf, Prepared)>>(QUEUE);
    let producer_files = files;
    let producer = std::thread::spawn(move || {
        for batch in producer_files.chunks(BATCH) {
            let prepared = prepare_batch(batch, &limits);
            let items: Vec<(PathBuf, Prepared)> = batch.iter().cloned().zip(prepared).collect();
            if tx.blocking_send(items).is_err() {
                break;
            }
        }
    });
    while let Some(batch) = rx.recv().await {
        for (path, result) in batch {
            let (doc, extraction) = match result {
                Ok(x) => x,
                Err(e) => {
                    summary.failed.push(Failure {
                        path: path.display().to_string(),
                        error: e.to_string(),
                    });
                    on_event(IngestEvent::Failed(
                        &summary.failed[summary.failed.len() - 1],
                    ));
                    continue;
                }
            };
            let status = match store.insert_document(&doc, &extraction).await {
                Ok(InsertOutcome::Inserted) => {
                    summary.ingested += 1;
                    FileStatus::Ingested
                }
                Ok(InsertOutcome::AlreadyPresent) => {
                    summary.unchanged += 1;
                    FileStatus::Unchanged
                }
                Err(e) => {
                    summary.failed.push(Failure {
                        path: path.display().to_string(),
                        error: format!("{}: not stored: {e}", path.display()),
                    });
                    on_event(IngestEvent::Failed(
                        &summary.failed[summary.failed.len() - 1],
                    ));
                    continue;
                }
            };
            let path = path.display().to_string();
            summary
                .documents
                .push(FileResult::new(path, doc, &extraction, status));
            on_event(IngestEvent::Stored(
                &summary.documents[summary.documents.len() - 1],
            ));
        }
    }
    // The queue is closed: the producer has returned or panicked.
    if producer.join().is_err() {
        return Err(RegisterError::Internal(
            "the document reader crashed".to_string(),
        ));
    }
    on_event(IngestEvent::FilesDone);
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        files = summary.files,
        "documents read, extracted and stored"
    );
    if summary.ingested > 0 {
        let (persons, review) = resolve(store).await?;
        summary.persons = persons;
        summary.review = review;
    } else {
        summary.persons = store.persons().await?.len();
        summary.review = store.review_pairs().await?.len();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Ingest one file that is already in memory (an upload): the format comes
/// from `file_name`'s extension and the bytes are decoded exactly as a file
/// on disk ([`kuager_ingest::read_document_bytes`]), then extracted,
/// stored in one transaction and, if new, the register is resolved.
///
/// A file that cannot be read or stored is an error naming `file_name`,
/// and nothing is stored. The same bytes ingested again are
/// [`FileStatus::Unchanged`].
pub async fn ingest_bytes(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    options: &IngestOptions,
) -> Result<FileResult> {
    let limits = options.limits();
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let prepared = if size > limits.max_bytes {
        // Refused at once, before anything is copied or decoded.
        read_and_extract(file_name, bytes, &limits)
    } else {
        let (name, owned) = (file_name.to_string(), bytes.to_vec());
        tokio::task::spawn_blocking(move || read_and_extract(&name, &owned, &limits))
            .await
            .unwrap_or_else(|_| Err(parser_crashed(Path::new(file_name))))
    };
    let (doc, extraction) = prepared?;
    let status = match store.insert_document(&doc, &extraction).await {
        Ok(InsertOutcome::Inserted) => FileStatus::Ingested,
        Ok(InsertOutcome::AlreadyPresent) => FileStatus::Unchanged,
        Err(cause) => {
            return Err(RegisterError::NotStored {
                file: file_name.to_string(),
                cause,
            })
        }
    };
    if status == FileStatus::Ingested {
        resolve(store).await?;
    }
    Ok(FileResult::new(
        file_name.to_string(),
        doc,
        &extraction,
        status,
    ))
}
