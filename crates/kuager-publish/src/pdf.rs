//! The appeal as a PDF (genpdf over printpdf): text wrapped, pages
//! broken, every page numbered, the signatories one a line.
//!
//! The font is DejaVu Sans, read from the system at run time (Debian's
//! `fonts-dejavu-core`; it is not shipped with Kuager): it has every
//! Kazakh and Russian letter, and printpdf embeds it with a ToUnicode map,
//! so the text of the PDF can be searched and copied. The one I/O of this
//! crate is reading the font files ([`PdfFonts::load`]); rendering is pure.

use crate::appeal::{self, PublicAppeal, TextBlock};
use genpdf::elements::{Break, PaddedElement, Paragraph};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::style::Style;
use genpdf::{Alignment, Element as _, Margins, SimplePageDecorator};
use kuager_i18n::Locale;
use std::path::{Path, PathBuf};

/// Where Debian puts DejaVu.
pub const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";
/// The regular and bold faces used.
pub const FONT_REGULAR: &str = "DejaVuSans.ttf";
pub const FONT_BOLD: &str = "DejaVuSans-Bold.ttf";
/// The Debian package that installs them.
pub const FONT_PACKAGE: &str = "fonts-dejavu-core";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "the PDF font {} cannot be read ({cause}): install the Debian package {package} \
         (apt-get install {package})",
        .path.display()
    )]
    FontMissing {
        path: PathBuf,
        package: &'static str,
        cause: String,
    },
    #[error("the PDF font {} cannot be used: {reason}", .path.display())]
    BadFont { path: PathBuf, reason: String },
    #[error("rendering the PDF of appeal {appeal}: {reason}")]
    Render { appeal: i64, reason: String },
}

/// The font files, read once and kept for every rendering.
#[derive(Clone)]
pub struct PdfFonts {
    regular: (PathBuf, Vec<u8>),
    bold: (PathBuf, Vec<u8>),
}

impl std::fmt::Debug for PdfFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFonts")
            .field("regular", &self.regular.0)
            .field("bold", &self.bold.0)
            .finish()
    }
}

impl PdfFonts {
    /// DejaVu Sans from [`FONT_DIR`].
    pub fn load() -> Result<PdfFonts, PdfError> {
        PdfFonts::load_from(Path::new(FONT_DIR))
    }

    /// DejaVu Sans (regular and bold) from `dir`.
    pub fn load_from(dir: &Path) -> Result<PdfFonts, PdfError> {
        let read = |name: &str| {
            let path = dir.join(name);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    // Checked now, so a bad file is named at start, not
                    // on the first download.
                    FontData::new(bytes.clone(), None).map_err(|e| PdfError::BadFont {
                        path: path.clone(),
                        reason: e.to_string(),
                    })?;
                    Ok((path, bytes))
                }
                Err(e) => Err(PdfError::FontMissing {
                    path,
                    package: FONT_PACKAGE,
                    cause: e.to_string(),
                }),
            }
        };
        Ok(PdfFonts {
            regular: read(FONT_REGULAR)?,
            bold: read(FONT_BOLD)?,
        })
    }

    fn family(&self) -> Result<FontFamily<FontData>, PdfError> {
        let data = |(path, bytes): &(PathBuf, Vec<u8>), builtin| {
            FontData::new(bytes.clone(), builtin).map_err(|e| PdfError::BadFont {
                path: path.clone(),
                reason: e.to_string(),
            })
        };
        // Italics are never used: they take the metrics of the regular
        // face and a built-in PDF font, so only two faces are embedded.
        let unused = Some(printpdf::BuiltinFont::Helvetica);
        Ok(FontFamily {
            regular: data(&self.regular, None)?,
            bold: data(&self.bold, None)?,
            italic: data(&self.regular, unused)?,
            bold_italic: data(&self.regular, unused)?,
        })
    }
}

fn page_label(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "page",
        Locale::Ru => "стр.",
        Locale::Kk => "бет",
    }
}

/// Words longer than a line cannot be wrapped: cut them into pieces.
fn breakable(text: &str) -> String {
    const LONGEST: usize = 48;
    text.split(' ')
        .map(|word| {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() <= LONGEST {
                word.to_string()
            } else {
                chars
                    .chunks(LONGEST)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn paragraph(text: &str) -> Paragraph {
    Paragraph::new(breakable(text))
}

/// The appeal as PDF bytes, in its own language: addressees, title,
/// text, cited records, then the signatories one a line.
pub fn pdf(a: &PublicAppeal, fonts: &PdfFonts) -> Result<Vec<u8>, PdfError> {
    let lang = a.language();
    let mut doc = genpdf::Document::new(fonts.family()?);
    doc.set_title(a.title());
    doc.set_minimal_conformance();
    doc.set_font_size(11);
    doc.set_line_spacing(1.25);
    let mut decorator = SimplePageDecorator::new();
    decorator.set_margins(18);
    let running = format!("{} — {}", breakable(a.title()), page_label(lang));
    decorator.set_header(move |page| {
        let mut header = genpdf::elements::LinearLayout::vertical();
        header.push(
            Paragraph::new(format!("{running} {page}"))
                .aligned(Alignment::Right)
                .styled(Style::new().with_font_size(8)),
        );
        header.push(Break::new(1));
        header
    });
    doc.set_page_decorator(decorator);

    for line in a.addressees() {
        doc.push(paragraph(line));
    }
    if !a.addressees().is_empty() {
        doc.push(Break::new(1));
    }
    doc.push(paragraph(a.title()).styled(Style::new().bold().with_font_size(14)));
    doc.push(Break::new(0.5));
    for block in appeal::text_blocks(a.body()) {
        match block {
            TextBlock::Heading(t) => {
                doc.push(Break::new(0.5));
                doc.push(paragraph(&t).styled(Style::new().bold()));
            }
            TextBlock::Paragraph(t) => {
                doc.push(paragraph(&t));
                doc.push(Break::new(0.5));
            }
            TextBlock::Item(t) => {
                doc.push(PaddedElement::new(
                    paragraph(&format!("• {t}")),
                    Margins::trbl(0, 0, 0, 5),
                ));
            }
            TextBlock::Quote(t) => {
                doc.push(PaddedElement::new(
                    paragraph(&t),
                    Margins::trbl(0, 0, 0, 10),
                ));
                doc.push(Break::new(0.5));
            }
        }
    }
    if !a.citations().is_empty() {
        doc.push(Break::new(0.5));
        doc.push(paragraph(appeal::heading_cited(lang)).styled(Style::new().bold()));
        for c in a.citations() {
            doc.push(PaddedElement::new(
                paragraph(&format!("• {}", appeal::citation_line(c, lang))),
                Margins::trbl(0, 0, 0, 5),
            ));
        }
    }
    doc.push(Break::new(1));
    doc.push(paragraph(appeal::heading_signatories(lang)).styled(Style::new().bold()));
    doc.push(Break::new(0.5));
    for s in a.signatories() {
        doc.push(paragraph(&s.line()));
    }
    let mut out = Vec::new();
    doc.render(&mut out).map_err(|e| PdfError::Render {
        appeal: a.id(),
        reason: e.to_string(),
    })?;
    repair_to_unicode(&out).map_err(|reason| PdfError::Render {
        appeal: a.id(),
        reason,
    })
}

/// printpdf 0.3 writes the ToUnicode map of a font with the code point
/// of a character beyond U+FFFF as five or six hex digits (`<1f62f>`),
/// which is not UTF-16 and makes PDF readers (pdf-extract among them)
/// give up on the whole map. DejaVu Sans has such characters, so every
/// map printpdf writes for it has them: rewritten here as the UTF-16
/// surrogate pair the PDF format asks for (`<d83dde2f>`).
fn repair_to_unicode(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| format!("re-reading: {e}"))?;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            // The map may be stored compressed (printpdf flates its
            // streams): read it plain, write it back plain.
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if content.starts_with(b"/CIDInit") {
                let map = String::from_utf8_lossy(&content);
                let fixed = utf16_cmap(&map);
                stream.set_plain_content(fixed.into_bytes());
            }
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("writing the repaired PDF: {e}"))?;
    Ok(out)
}

/// The lines `<gid> <code point>` of a CMap with every code point as
/// UTF-16BE hex.
fn utf16_cmap(map: &str) -> String {
    let mut out = String::with_capacity(map.len() + 1024);
    for line in map.split_inclusive('\n') {
        let fixed = line
            .trim_end()
            .strip_prefix('<')
            .and_then(|rest| rest.split_once("> <"))
            .and_then(|(gid, unicode)| {
                let unicode = unicode.strip_suffix('>')?;
                if unicode.len() <= 4 {
                    return None;
                }
                let c = char::from_u32(u32::from_str_radix(unicode, 16).ok()?)?;
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04x}"))
                    .collect();
                Some(format!("<{gid}> <{hex}>\n"))
            });
        match fixed {
            Some(f) => out.push_str(&f),
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_names_the_path_and_the_package() {
        let err = PdfFonts::load_from(Path::new("/nonexistent/fonts")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/nonexistent/fonts/DejaVuSans.ttf"), "{text}");
        assert!(text.contains("fonts-dejavu-core"), "{text}");
    }

    #[test]
    fn code_points_beyond_the_bmp_become_surrogate_pairs() {
        let map = "2 beginbfchar\r\n<0041> <0416>\n<170e> <1f62f>\nendbfchar\r\n";
        assert_eq!(
            utf16_cmap(map),
            "2 beginbfchar\r\n<0041> <0416>\n<170e> <d83dde2f>\nendbfchar\r\n"
        );
    }

    #[test]
    fn long_words_are_cut_for_wrapping() {
        let word = "x".repeat(100);
        let cut = breakable(&format!("a {word} b"));
        assert!(cut.split(' ').all(|w| w.chars().count() <= 48), "{cut}");
        assert_eq!(cut.replace(' ', "").len(), 102);
    }
}
