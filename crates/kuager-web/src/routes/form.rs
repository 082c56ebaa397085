//! Reading multipart forms (reports with attachments, document uploads)
//! with per-file limits, so a too-large file is refused with a message
//! next to the field while everything else the user typed is kept.

use crate::error::AppError;
use axum::extract::Multipart;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub files: Vec<(String, Upload)>,
    /// Files refused for size: (field, file name).
    pub too_large: Vec<(String, String)>,
}

impl MultipartForm {
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

pub async fn read(mut mp: Multipart, max_file_bytes: usize) -> Result<MultipartForm, AppError> {
    let mut form = MultipartForm::default();
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(format!("the form could not be read: {}", e.body_text()))
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let mut bytes = Vec::new();
                let mut over = false;
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if over {
                        continue;
                    }
                    if bytes.len() + chunk.len() > max_file_bytes {
                        over = true;
                        bytes = Vec::new();
                        continue;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if over {
                    form.too_large.push((name, file_name));
                } else if !(file_name.is_empty() && bytes.is_empty()) {
                    // An empty file input is sent as a part with no name
                    // and no bytes: nothing was chosen.
                    form.files.push((name, Upload { file_name, bytes }));
                }
            }
            None => {
                let text = field.text().await.map_err(bad)?;
                if text.len() > 200_000 {
                    return Err(AppError::TooLarge);
                }
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}

/// The kind of an attachment judged from its first bytes, not from what
/// the browser claims: images and PDF only.
pub fn sniff_attachment(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A file name safe to show and to send back in Content-Disposition.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_judged_by_content() {
        assert_eq!(sniff_attachment(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff_attachment(b"<html>"), None);
        assert_eq!(sniff_attachment(b""), None);
        assert_eq!(clean_file_name("C:\\x\\a\"b.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("../../"), "file");
    }
}
