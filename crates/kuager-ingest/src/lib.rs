//! Turns files on disk into decoded [`Document`]s.
//!
//! Supported inputs are plain text (`.txt`), Markdown (`.md`, `.markdown`),
//! HTML (`.html`, `.htm`) and PDF (`.pdf`). Text is decoded from whatever
//! encoding it arrived in (UTF-8, UTF-16 with a byte order mark,
//! windows-1251, KOI8-R, and windows-1252 for Latin texts), line endings are
//! normalised to `\n`, HTML is reduced to its visible text and PDF text is
//! extracted. The resulting [`Document::text`] is the canonical text: every
//! character offset elsewhere in Kuager refers to it.
//!
//! Nothing in here panics on bad input: every problem with a file is an
//! [`IngestError`] that names the file.

use kuager_domain::{Document, DocumentFormat};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

mod decode;
mod html;
mod lang;
pub mod lists;
mod pdf;
mod title;

pub use decode::{decode_text, DecodeError};
pub use html::html_to_text;
pub use lang::detect_language;
pub use pdf::pdf_to_text;
pub use title::derive_title;

/// The file extensions Kuager ingests, as shown in error messages.
pub const SUPPORTED_EXTENSIONS: &str = ".txt .md .markdown .html .htm .pdf";

/// The default size limit: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Limits on what [`read_document`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are refused without being read.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Why a file could not be ingested. Every variant names the file.
#[derive(thiserror::Error, Debug)]
pub enum IngestError {
    #[error("{}: no such file or directory", .path.display())]
    NotFound { path: PathBuf },

    #[error("{}: cannot read: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "{}: unsupported file type {} (supported: {SUPPORTED_EXTENSIONS})",
        .path.display(),
        describe_extension(.extension)
    )]
    Unsupported {
        path: PathBuf,
        /// The extension with its dot (".docx"), or empty if there is none.
        extension: String,
    },

    #[error("{}: file is {size} bytes, over the {limit}-byte limit", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("{}: empty file", .path.display())]
    Empty { path: PathBuf },

    /// `detail` says what gave it away, e.g. "NUL bytes at byte 1234".
    #[error("{}: binary data, not a text document ({detail})", .path.display())]
    Binary { path: PathBuf, detail: String },

    #[error("{}: cannot decode text: no known encoding fits", .path.display())]
    Undecodable { path: PathBuf },

    /// The file decoded, but holds no visible text (e.g. HTML that is all
    /// scripts and markup).
    #[error("{}: no text in document (only markup or whitespace)", .path.display())]
    NoText { path: PathBuf },

    #[error("{}: cannot read PDF: {reason}", .path.display())]
    Pdf { path: PathBuf, reason: String },

    #[error("{}: PDF has no extractable text (scanned images?)", .path.display())]
    PdfNoText { path: PathBuf },

    /// Not produced by this crate: for callers that contain a failure of
    /// their own around ingesting a file (e.g. a worker thread that
    /// panicked) and want to report it like any other file error.
    #[error("{}: {reason}", .path.display())]
    Internal { path: PathBuf, reason: String },
}

fn describe_extension(extension: &str) -> String {
    if extension.is_empty() {
        "(no extension)".to_string()
    } else {
        format!("'{extension}'")
    }
}

impl IngestError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            IngestError::NotFound { path }
            | IngestError::Io { path, .. }
            | IngestError::Unsupported { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::Empty { path }
            | IngestError::Binary { path, .. }
            | IngestError::Undecodable { path }
            | IngestError::NoText { path }
            | IngestError::Pdf { path, .. }
            | IngestError::PdfNoText { path }
            | IngestError::Internal { path, .. } => path,
        }
    }

    fn from_decode(path: &Path, err: DecodeError) -> IngestError {
        let path = path.to_path_buf();
        match err {
            DecodeError::Empty => IngestError::Empty { path },
            DecodeError::NulBytes { .. } | DecodeError::ControlCharacters { .. } => {
                IngestError::Binary {
                    path,
                    detail: err.binary_detail(),
                }
            }
            DecodeError::NoEncoding => IngestError::Undecodable { path },
        }
    }

    fn io(path: &Path, source: io::Error) -> IngestError {
        if source.kind() == io::ErrorKind::NotFound {
            IngestError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            IngestError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

/// The format a file's extension (case-insensitive) says it has, if Kuager
/// supports it.
pub fn format_for_path(path: &Path) -> Option<DocumentFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(DocumentFormat::Text),
        "md" | "markdown" => Some(DocumentFormat::Markdown),
        "html" | "htm" => Some(DocumentFormat::Html),
        "pdf" => Some(DocumentFormat::Pdf),
        _ => None,
    }
}

fn unsupported(path: &Path) -> IngestError {
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    IngestError::Unsupported {
        path: path.to_path_buf(),
        extension,
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// Expand files and directories (recursively, sorted for determinism,
/// skipping hidden files and directories beginning with '.') into the files
/// to ingest. Files with unsupported extensions found INSIDE directories are
/// skipped silently; a file named explicitly with an unsupported extension
/// is an error. A missing path is an error. Returns (files, errors).
///
/// Inputs are expanded in the order given; symbolic links are followed.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(meta) => meta,
            Err(e) => {
                errors.push(IngestError::io(input, e));
                continue;
            }
        };
        if meta.is_dir() {
            collect_dir(input, &mut files, &mut errors);
        } else if format_for_path(input).is_none() {
            errors.push(unsupported(input));
        } else if meta.is_file() {
            files.push(input.clone());
        } else {
            errors.push(IngestError::Io {
                path: input.clone(),
                source: io::Error::other("not a regular file or directory"),
            });
        }
    }
    (files, errors)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root is never skipped, even if it is "." or ".archive".
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e));
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && format_for_path(entry.path()).is_some() {
                    files.push(entry.into_path());
                }
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let source = match e.into_io_error() {
                    Some(io) => io,
                    // A symbolic link loop: walkdir reports it without an
                    // io::Error of its own.
                    None => io::Error::other("file system loop"),
                };
                errors.push(IngestError::io(&path, source));
            }
        }
    }
}

/// Read and decode one file into a Document (file_name without directories,
/// sha256 = lower-case hex SHA-256 of the original bytes, format, encoding
/// name, detected language, title, text).
///
/// For PDFs the encoding is reported as "PDF": the text comes from the
/// font encodings inside the file, not from one character encoding.
///
/// A file over `limits.max_bytes` is refused from its metadata, before it
/// is read. The bytes are then decoded exactly as
/// [`read_document_bytes`] decodes them.
pub fn read_document(path: &Path, limits: &Limits) -> Result<Document, IngestError> {
    let format = format_for_path(path).ok_or_else(|| unsupported(path))?;
    let bytes = read_limited(path, limits.max_bytes)?;
    decode_document(path, format, &bytes)
}

/// [`read_document`] for a file that is already in memory, e.g. one
/// uploaded through a web form: `name` is the file's name (any directories
/// in it are dropped from [`Document::file_name`]) and decides the format by
/// its extension, as on disk. Errors name the file by `name`.
pub fn read_document_bytes(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Document, IngestError> {
    let path = Path::new(name);
    let format = format_for_path(path).ok_or_else(|| unsupported(path))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_bytes {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: limits.max_bytes,
        });
    }
    decode_document(path, format, bytes)
}

/// The one code path from a file's bytes to a Document, shared by
/// [`read_document`] and [`read_document_bytes`]. `path` names the file in
/// errors and gives the document its file name.
fn decode_document(
    path: &Path,
    format: DocumentFormat,
    bytes: &[u8],
) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let sha256 = sha256_hex(bytes);

    let (text, encoding, html_title) = match format {
        DocumentFormat::Pdf => {
            let text = pdf_to_text(bytes).map_err(|reason| IngestError::Pdf {
                path: path.to_path_buf(),
                reason,
            })?;
            if text.trim().is_empty() {
                return Err(IngestError::PdfNoText {
                    path: path.to_path_buf(),
                });
            }
            (text, "PDF", None)
        }
        DocumentFormat::Html => {
            let hint = html::sniff_meta_charset(bytes);
            let (decoded, encoding) = decode::decode_text_with_hint(bytes, hint)
                .map_err(|e| IngestError::from_decode(path, e))?;
            let (text, title) = html_to_text(&decoded);
            (text, encoding, title)
        }
        DocumentFormat::Text | DocumentFormat::Markdown => {
            let (text, encoding) =
                decode_text(bytes).map_err(|e| IngestError::from_decode(path, e))?;
            (text, encoding, None)
        }
    };

    if text.trim().is_empty() {
        let path = path.to_path_buf();
        return Err(match format {
            DocumentFormat::Html => IngestError::NoText { path },
            _ => IngestError::Empty { path },
        });
    }

    let language = detect_language(&text);
    let title = derive_title(&text, format, html_title.as_deref());
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    Ok(Document {
        file_name,
        sha256,
        format,
        encoding: encoding.to_string(),
        language,
        title,
        text,
    })
}

/// Read a whole file, refusing it (from its metadata, before reading) if it
/// is over `max_bytes`. A file that grows while being read is refused too.
fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, IngestError> {
    let too_large = |size: u64| IngestError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: max_bytes,
    };
    let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let meta = file.metadata().map_err(|e| IngestError::io(path, e))?;
    if meta.is_dir() {
        return Err(IngestError::Io {
            path: path.to_path_buf(),
            source: io::Error::other("is a directory"),
        });
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io(path, e))?;
    let read = bytes.len() as u64;
    if read > max_bytes {
        return Err(too_large(read.max(meta.len())));
    }
    Ok(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decode_exactly_like_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let (cp1251, _, _) =
            encoding_rs::WINDOWS_1251.encode("Суд арестовал Арона Атабека в Алматы.");
        let path = dir.path().join("ru.txt");
        std::fs::write(&path, &cp1251).unwrap();
        let limits = Limits::default();
        let from_file = read_document(&path, &limits).unwrap();
        let from_bytes = read_document_bytes("uploads/ru.txt", &cp1251, &limits).unwrap();
        assert_eq!(from_file, from_bytes);
        assert_eq!(from_bytes.file_name, "ru.txt");
        assert_eq!(from_bytes.encoding, "windows-1251");
    }

    #[test]
    fn byte_errors_name_the_file() {
        let limits = Limits { max_bytes: 8 };
        let e = read_document_bytes("big.txt", b"0123456789", &limits).unwrap_err();
        assert!(matches!(
            e,
            IngestError::TooLarge {
                size: 10,
                limit: 8,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "big.txt: file is 10 bytes, over the 8-byte limit"
        );
        let e = read_document_bytes("empty.md", b"", &limits).unwrap_err();
        assert_eq!(e.to_string(), "empty.md: empty file");
        let e = read_document_bytes("blank.txt", b" \n\t", &limits).unwrap_err();
        assert_eq!(e.to_string(), "blank.txt: empty file");
        let e = read_document_bytes("report.docx", b"PK", &limits).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("report.docx: unsupported file type '.docx'"));
        assert_eq!(e.path(), Path::new("report.docx"));
    }
}
