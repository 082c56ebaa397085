//! End-to-end tests of `collect_files` and `read_document` on real files.

use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251};
use kuager_domain::{DocumentFormat, Language};
use kuager_ingest::{collect_files, read_document, IngestError, Limits};
use std::fs;
use std::path::{Path, PathBuf};

const RUSSIAN: &str = "Заявление правозащитников\n\nПоэт Арон Атабек был задержан в Алматы \
    11 октября 2018 года. Суд приговорил его к восемнадцати годам лишения свободы.\n";
const KAZAKH: &str = "Мәлімдеме\n\nАқын Арон Атабек 2006 жылы Алматы қаласында сотталды және \
    құқық қорғаушылар үшін бұл іс саяси болды.\n";
const ENGLISH_SENTENCE: &str = "Aron Atabek was detained in Almaty on 11 October 2018.";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding.encode(text);
    assert!(!had_errors);
    bytes.into_owned()
}

fn read(path: &Path) -> Result<kuager_domain::Document, IngestError> {
    read_document(path, &Limits::default())
}

/// A one-page PDF with two lines of Helvetica text, built with lopdf.
fn make_pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("TL", vec![16.into()]),
        Operation::new("Td", vec![72.into(), 720.into()]),
    ];
    for line in lines {
        operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
        operations.push(Operation::new("T*", vec![]));
    }
    operations.push(Operation::new("ET", vec![]));
    let content = Content { operations };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn text_files_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(String, Vec<u8>, &str, &str, Language)> = Vec::new();
    for (label, sample, lang) in [("ru", RUSSIAN, Language::Ru), ("kk", KAZAKH, Language::Kk)] {
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(sample.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in sample.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        cases.push((
            format!("{label}-utf8.txt"),
            sample.as_bytes().to_vec(),
            sample,
            "UTF-8",
            lang,
        ));
        cases.push((format!("{label}-bom.txt"), bom8, sample, "UTF-8", lang));
        cases.push((format!("{label}-le.txt"), le, sample, "UTF-16LE", lang));
        cases.push((format!("{label}-be.txt"), be, sample, "UTF-16BE", lang));
    }
    for encoding in [WINDOWS_1251, KOI8_R] {
        let bytes = encode(encoding, RUSSIAN);
        cases.push((
            format!("ru-{}.txt", encoding.name()),
            bytes,
            RUSSIAN,
            encoding.name(),
            Language::Ru,
        ));
    }
    for (name, bytes, expected, encoding, language) in cases {
        let path = write(dir.path(), &name, &bytes);
        let doc = read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.text, expected, "{name}");
        assert_eq!(doc.encoding, encoding, "{name}");
        assert_eq!(doc.language, language, "{name}");
        assert_eq!(doc.format, DocumentFormat::Text);
        assert_eq!(doc.file_name, name);
        assert_eq!(doc.sha256.len(), 64);
        assert!(doc
            .sha256
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert!(
            doc.title == "Заявление правозащитников" || doc.title == "Мәлімдеме",
            "{name}"
        );
    }
}

#[test]
fn sha256_is_of_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "abc.txt", b"abc");
    let doc = read(&path).unwrap();
    assert_eq!(
        doc.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // Different encodings of the same text are different documents.
    let a = write(dir.path(), "a.txt", &encode(WINDOWS_1251, RUSSIAN));
    let b = write(dir.path(), "b.txt", &encode(KOI8_R, RUSSIAN));
    let (a, b) = (read(&a).unwrap(), read(&b).unwrap());
    assert_eq!(a.text, b.text);
    assert_ne!(a.sha256, b.sha256);
}

#[test]
fn crlf_becomes_lf() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crlf.txt", b"Title line\r\nsecond line\r\n");
    let doc = read(&path).unwrap();
    assert_eq!(doc.text, "Title line\nsecond line\n");
    assert_eq!(doc.title, "Title line");
}

#[test]
fn empty_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("bom.md", &[0xEF, 0xBB, 0xBF][..]),
        ("blank.txt", &b" \n\r\n \t"[..]),
        ("empty.pdf", &b""[..]),
    ] {
        let path = write(dir.path(), name, bytes);
        let err = read(&path).unwrap_err();
        assert!(matches!(err, IngestError::Empty { .. }), "{name}: {err}");
        assert_eq!(err.path(), path);
        assert_eq!(err.to_string(), format!("{}: empty file", path.display()));
    }
}

#[test]
fn binary_files() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG header: NUL at byte 8.
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ];
    let path = write(dir.path(), "image.txt", &png);
    let err = read(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: binary data, not a text document (NUL bytes at byte 8)",
            path.display()
        )
    );

    // Pseudo-random bytes with NULs (a fixed linear congruential sequence).
    let mut state: u32 = 12345;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 16) as u8
        })
        .collect();
    let path = write(dir.path(), "random.html", &random);
    let err = read(&path).unwrap_err();
    assert!(matches!(err, IngestError::Binary { .. }), "{err}");
    assert_eq!(err.path(), path);

    // Control characters without NULs.
    let controls: Vec<u8> = (0..500u32).map(|i| (1 + i % 7) as u8).collect();
    let path = write(dir.path(), "controls.md", &controls);
    let err = read(&path).unwrap_err();
    assert!(matches!(err, IngestError::Binary { .. }), "{err}");
    assert!(err.to_string().contains("control characters"), "{err}");
}

#[test]
fn over_limit_file_is_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let file = fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap(); // sparse: nothing is written
    drop(file);
    let err = read(&path).unwrap_err();
    assert!(matches!(
        err,
        IngestError::TooLarge {
            size: 209_715_200,
            limit: 67_108_864,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: file is 209715200 bytes, over the 67108864-byte limit",
            path.display()
        )
    );

    // A custom limit applies too.
    let small = write(dir.path(), "small.txt", b"0123456789");
    let err = read_document(&small, &Limits { max_bytes: 9 }).unwrap_err();
    assert!(matches!(
        err,
        IngestError::TooLarge {
            size: 10,
            limit: 9,
            ..
        }
    ));
    assert!(read_document(&small, &Limits { max_bytes: 10 }).is_ok());
}

#[test]
fn unsupported_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let docx = write(dir.path(), "letter.docx", b"PK\x03\x04");
    let err = read(&docx).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: unsupported file type '.docx' (supported: .txt .md .markdown .html .htm .pdf)",
            docx.display()
        )
    );
    let bare = write(dir.path(), "README", b"text");
    assert!(read(&bare)
        .unwrap_err()
        .to_string()
        .contains("unsupported file type (no extension)"));

    let missing = dir.path().join("missing.txt");
    let (files, errors) = collect_files(&[docx.clone(), missing.clone(), bare.clone()]);
    assert!(files.is_empty());
    let paths: Vec<&Path> = errors.iter().map(|e| e.path()).collect();
    assert_eq!(paths, [docx.as_path(), missing.as_path(), bare.as_path()]);
    assert!(matches!(errors[1], IngestError::NotFound { .. }));

    let err = read(&missing).unwrap_err();
    assert_eq!(err.path(), missing);

    // Upper-case extensions are fine.
    let upper = write(dir.path(), "NOTE.TXT", b"Hello there");
    assert_eq!(read(&upper).unwrap().format, DocumentFormat::Text);
}

#[test]
fn html_documents() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<!DOCTYPE html><html><head><title>Free Aron Atabek</title>\
        <script>document.write('SCRIPT TEXT')</script><style>body { color: red } STYLE</style>\
        </head><body><h1>Statement</h1><p>The poet <b>Aron Atabek</b> was detained &amp; \
        sentenced.<p>Unclosed paragraph<div>and an unclosed div";
    let path = write(dir.path(), "statement.html", html.as_bytes());
    let doc = read(&path).unwrap();
    assert_eq!(doc.format, DocumentFormat::Html);
    assert_eq!(doc.title, "Free Aron Atabek");
    assert_eq!(doc.language, Language::En);
    assert!(!doc.text.contains("SCRIPT") && !doc.text.contains("STYLE"));
    assert!(!doc.text.contains("color"));
    assert_eq!(
        doc.text,
        "Statement\n\nThe poet Aron Atabek was detained & sentenced.\n\n\
         Unclosed paragraph\n\nand an unclosed div"
    );

    // Nothing visible.
    let path = write(dir.path(), "script.htm", b"<script>alert(1)</script>");
    assert!(matches!(read(&path), Err(IngestError::NoText { .. })));
}

#[test]
fn html_in_windows_1251_with_meta_charset() {
    let dir = tempfile::tempdir().unwrap();
    // Short enough that the declaration matters.
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; \
        charset=windows-1251\"><title>Атабек</title></head><body><p>Ёлки, ёж.</p></body></html>";
    let path = write(dir.path(), "ru.html", &encode(WINDOWS_1251, html));
    let doc = read(&path).unwrap();
    assert_eq!(doc.encoding, "windows-1251");
    assert_eq!(doc.title, "Атабек");
    assert_eq!(doc.text, "Ёлки, ёж.");

    let html = format!(
        "<html><head><meta charset=\"windows-1251\"></head><body><h1>Заявление</h1><p>{}</p></body></html>",
        RUSSIAN
    );
    let path = write(dir.path(), "ru2.htm", &encode(WINDOWS_1251, &html));
    let doc = read(&path).unwrap();
    assert_eq!(doc.encoding, "windows-1251");
    assert_eq!(doc.title, "Заявление");
    assert_eq!(doc.language, Language::Ru);
    assert!(doc.text.contains("Арон Атабек был задержан"));
}

#[test]
fn markdown_documents() {
    let dir = tempfile::tempdir().unwrap();
    let md = "Published 2019\n\n# Арон Атабек: хроника\n\nПоэт был задержан в Алматы.\r\n";
    let path = write(dir.path(), "chronicle.markdown", md.as_bytes());
    let doc = read(&path).unwrap();
    assert_eq!(doc.format, DocumentFormat::Markdown);
    assert_eq!(doc.title, "Арон Атабек: хроника");
    assert_eq!(doc.text, md.replace("\r\n", "\n"));
    assert_eq!(doc.language, Language::Ru);
}

#[test]
fn generated_pdf_extracts_text() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = make_pdf(&[ENGLISH_SENTENCE, "He was sentenced to 18 years."]);
    let path = write(dir.path(), "report.pdf", &bytes);
    let doc = read(&path).unwrap();
    assert_eq!(doc.format, DocumentFormat::Pdf);
    assert_eq!(doc.encoding, "PDF");
    assert_eq!(doc.language, Language::En);
    let flat = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(ENGLISH_SENTENCE), "{:?}", doc.text);
    assert!(
        flat.contains("He was sentenced to 18 years."),
        "{:?}",
        doc.text
    );
    assert_eq!(doc.title, ENGLISH_SENTENCE);
}

#[test]
fn pdf_without_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "scan.pdf", &make_pdf(&[]));
    let err = read(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: PDF has no extractable text (scanned images?)",
            path.display()
        )
    );
}

#[test]
fn garbage_pdfs_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let good = make_pdf(&[ENGLISH_SENTENCE]);
    let mut truncated = good.clone();
    truncated.truncate(good.len() / 2);
    let mut corrupted = good.clone();
    for (i, b) in corrupted.iter_mut().enumerate().skip(40) {
        if i % 7 == 0 {
            *b = b'#';
        }
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.pdf", b"this is not a pdf at all".to_vec()),
        ("header-only.pdf", b"%PDF-1.7\n%%EOF\n".to_vec()),
        ("truncated.pdf", truncated),
        ("corrupted.pdf", corrupted),
    ];
    for (name, bytes) in cases {
        let path = write(dir.path(), name, &bytes);
        match read(&path) {
            Err(err) => {
                assert_eq!(err.path(), path);
                assert!(
                    matches!(err, IngestError::Pdf { .. } | IngestError::PdfNoText { .. }),
                    "{name}: {err}"
                );
                assert!(err.to_string().starts_with(&path.display().to_string()));
            }
            // A lenient parser may still recover something; that is fine
            // as long as it does not panic.
            Ok(doc) => assert!(!doc.text.is_empty(), "{name}"),
        }
    }
    let err = read(&dir.path().join("garbage.pdf")).unwrap_err();
    assert!(err.to_string().contains(": cannot read PDF: "), "{err}");
}

#[test]
fn directory_with_one_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b-russian.txt", &encode(WINDOWS_1251, RUSSIAN));
    write(root, "a-kazakh.md", KAZAKH.as_bytes());
    write(root, "c-page.html", b"<p>Aron Atabek was detained.</p>");
    write(root, "d-report.pdf", &make_pdf(&[ENGLISH_SENTENCE]));
    let bad = write(root, "e-broken.pdf", b"%PDF-1.4\nnot really a pdf\n");
    write(root, "notes.docx", b"PK\x03\x04 ignored inside directories");
    write(root, ".hidden.txt", b"hidden files are skipped");
    write(root, ".git/HEAD.txt", b"hidden directories are skipped");
    write(
        root,
        "sub/deeper/f-letter.txt",
        "Письмо из колонии".as_bytes(),
    );

    let (files, errors) = collect_files(&[root.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        names,
        [
            "a-kazakh.md",
            "b-russian.txt",
            "c-page.html",
            "d-report.pdf",
            "e-broken.pdf",
            "sub/deeper/f-letter.txt"
        ]
    );

    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for file in &files {
        match read(file) {
            Ok(doc) => ok.push(doc),
            Err(err) => failed.push(err),
        }
    }
    assert_eq!(ok.len(), 5);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].path(), bad);
    assert!(failed[0]
        .to_string()
        .starts_with(&format!("{}: ", bad.display())));
    let languages: Vec<Language> = ok.iter().map(|d| d.language).collect();
    assert_eq!(
        languages,
        [
            Language::Kk,
            Language::Ru,
            Language::En,
            Language::En,
            Language::Ru
        ]
    );

    // Sorted and deterministic; explicit files keep their place.
    let extra = root.join("c-page.html");
    let (again, _) = collect_files(&[extra.clone(), root.to_path_buf()]);
    assert_eq!(again.first(), Some(&extra));
    assert_eq!(&again[1..], files.as_slice());
}
