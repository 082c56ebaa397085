//! PDF text extraction with pdf-extract.
//!
//! pdf-extract (and lopdf underneath) can panic on malformed files. Every
//! call runs under `catch_unwind`, so a bad PDF is an error for that file,
//! not the end of an ingest run. (The panic message still goes to the panic
//! hook, normally standard error; a library must not replace the hook.)

use std::panic::{self, AssertUnwindSafe};

/// Extract the text of a PDF held in memory.
///
/// The text has `\n` line endings, no trailing spaces, runs of spaces
/// collapsed, control characters removed and at most one blank line in a
/// row. A PDF without text (scanned pages) gives `Ok("")`. Malformed or
/// encrypted files, and files that make the extractor panic, give `Err`
/// with a reason.
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, String> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err("not a PDF file (no %PDF- header)".to_string());
    }
    let extracted = panic::catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    match extracted {
        Ok(Ok(text)) => Ok(tidy(&text)),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown reason".to_string());
            Err(format!("the PDF reader failed on this file ({message})"))
        }
    }
}

fn tidy(text: &str) -> String {
    let text = crate::decode::normalize_newlines(text);
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.split('\n') {
        let line: String = line
            .chars()
            .map(|c| if c == '\u{0C}' { '\n' } else { c })
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        for line in line.split('\n') {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if line.is_empty() {
                blank_run += 1;
                continue;
            }
            if !out.is_empty() {
                out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
            }
            blank_run = 0;
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_spacing() {
        assert_eq!(
            tidy("\n\n  Aron   Atabek \r\n\n\n\nwas\u{0}  detained\u{0C}next page  \n"),
            "Aron Atabek\n\nwas detained\nnext page"
        );
    }

    #[test]
    fn not_a_pdf() {
        assert!(pdf_to_text(b"hello").is_err());
        assert!(pdf_to_text(b"").is_err());
    }

    #[test]
    fn truncated_pdf_is_an_error() {
        let bytes = b"%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer";
        assert!(pdf_to_text(bytes).is_err());
    }
}
