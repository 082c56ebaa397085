//! External lists of people: spreadsheets of detainees, prisoners or
//! missing people that other organisations keep, as CSV or XLSX.
//!
//! [`read_list`] takes the file's name and bytes and returns the rows it
//! could read as [`ListRecord`]s and the rows it could not as
//! [`RowError`]s (row number, field, reason), so one bad row never costs
//! the rest of the list. Problems with the file as a whole (empty, not CSV
//! or XLSX, no column with names) are a [`ListError`] naming the file.
//!
//! - CSV (`.csv`, `.tsv`, `.txt`): the delimiter is sniffed among `,` `;`
//!   tab and `|` (an Excel `sep=X` first line is honoured); the text is
//!   UTF-8 (with or without a byte order mark), UTF-16 with a byte order
//!   mark, or else windows-1251. Quoted fields may hold delimiters, quotes
//!   (doubled) and line breaks.
//! - XLSX (`.xlsx`, `.xlsm`, or any file that is a zip archive): the first
//!   worksheet with anything in it; dates typed as dates come out as dates.
//!
//! Columns are recognised by their headers, case-insensitively, in English,
//! Russian and Kazakh (`ФИО`, `аты-жөні`, `Date of birth`, `дата
//! задержания`…); a [`ColumnMap`] of `field=Header` entries overrides that.
//! The header is the first non-empty row among the first ten that has a
//! name column, so a title line above the table is skipped. Columns that
//! are no field are kept, with their headers, in [`ListRecord::notes`].
//!
//! Dates are returned in the forms `kuager_case::CaseDate` reads:
//! `2022-01-05`, `2022-01` or `2022`, whether they were written
//! `05.01.2022`, `5 января 2022 г.`, `2022-01-05T00:00:00` or stored as
//! an Excel date.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Cursor;
use std::sync::LazyLock;

/// The file extensions [`read_list`] reads, as shown in error messages.
pub const LIST_EXTENSIONS: &str = ".csv .tsv .txt .xlsx";

/// Rows searched for the header (title lines above it are skipped).
const HEADER_SEARCH_ROWS: usize = 10;
/// Columns of a worksheet that are read; a cell further right is an error.
pub const MAX_COLUMNS: usize = 1_000;
/// Non-empty cells of a worksheet that are read at most.
pub const MAX_CELLS: usize = 4_000_000;
/// Earliest year accepted for births and events.
pub const MIN_YEAR: i32 = 1900;
/// Prefix of the ids made for rows that have none (see [`ListRecord`]).
pub const DERIVED_ID_PREFIX: &str = "h-";

/// A column a list can have. Anything else goes to [`ListRecord::notes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListField {
    RecordId,
    FullName,
    GivenName,
    FamilyName,
    Patronymic,
    BirthYear,
    BirthDate,
    /// Age in whole years when the event happened, as media reports give
    /// it ("34-летний"): read into a birth year from the event date.
    Age,
    City,
    EventDate,
    /// What happened to the person (detained, killed, missing...), read
    /// into an event-type code where the words are known.
    EventType,
    /// Kept as a note; only useful in a [`ColumnMap`], to keep a column
    /// that would be recognised as a field out of it.
    Notes,
}

impl ListField {
    pub const ALL: [ListField; 12] = [
        ListField::RecordId,
        ListField::FullName,
        ListField::GivenName,
        ListField::FamilyName,
        ListField::Patronymic,
        ListField::BirthYear,
        ListField::BirthDate,
        ListField::Age,
        ListField::City,
        ListField::EventDate,
        ListField::EventType,
        ListField::Notes,
    ];

    /// The field's name, as in `field=Header` and [`RowError::field`].
    pub fn name(self) -> &'static str {
        match self {
            ListField::RecordId => "record_id",
            ListField::FullName => "full_name",
            ListField::GivenName => "given_name",
            ListField::FamilyName => "family_name",
            ListField::Patronymic => "patronymic",
            ListField::BirthYear => "birth_year",
            ListField::BirthDate => "birth_date",
            ListField::Age => "age",
            ListField::City => "city",
            ListField::EventDate => "event_date",
            ListField::EventType => "event_type",
            ListField::Notes => "notes",
        }
    }

    /// A field by its name or a short alias (`id`, `name`, `given`,
    /// `family`, `surname`, `dob`, `date`…), case-insensitively.
    pub fn from_name(name: &str) -> Option<ListField> {
        let n = name.trim().to_lowercase().replace('-', "_");
        let field = match n.as_str() {
            "record_id" | "id" | "record" => ListField::RecordId,
            "full_name" | "name" | "fullname" => ListField::FullName,
            "given_name" | "given" | "first_name" | "first" => ListField::GivenName,
            "family_name" | "family" | "surname" | "last_name" | "last" => ListField::FamilyName,
            "patronymic" | "middle_name" | "middle" => ListField::Patronymic,
            "birth_year" | "year" | "year_of_birth" => ListField::BirthYear,
            "birth_date" | "dob" | "date_of_birth" | "birthday" => ListField::BirthDate,
            "age" => ListField::Age,
            "city" | "town" | "place" => ListField::City,
            "event_date" | "date" => ListField::EventDate,
            "event_type" | "event" | "type" => ListField::EventType,
            "notes" | "note" => ListField::Notes,
            _ => return None,
        };
        Some(field)
    }

    /// Headers (in [`normalize_header`] form) that mean this field. A
    /// header also matches an alias it starts with, word by word; the
    /// longest such alias wins ("дата рождения дд мм гггг" is a birth date,
    /// "дата" alone an event date).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            ListField::RecordId => &[
                "id",
                "#",
                "№",
                "no",
                "nr",
                "number",
                "record id",
                "номер",
                "нөмір",
                "реттік нөмір",
                "п п",
            ],
            ListField::FullName => &[
                "name",
                "full name",
                "fullname",
                "person",
                "name surname",
                "surname name",
                "фио",
                "ф и о",
                "полное имя",
                "имя фамилия",
                "фамилия имя",
                "фамилия имя отчество",
                "фамилия и о",
                "фамилия инициалы",
                "аты жөні",
                "аты жөнi",
                "толық аты жөні",
                "тегі аты",
                "тегі аты әкесінің аты",
            ],
            ListField::GivenName => &[
                "given name",
                "given",
                "first name",
                "firstname",
                "forename",
                "имя",
                "аты",
                "есімі",
            ],
            ListField::FamilyName => &[
                "family name",
                "family",
                "last name",
                "lastname",
                "surname",
                "фамилия",
                "тегі",
                "тегi",
            ],
            ListField::Patronymic => &[
                "patronymic",
                "middle name",
                "отчество",
                "әкесінің аты",
                "әкесінің есімі",
            ],
            ListField::BirthYear => &[
                "birth year",
                "year of birth",
                "yob",
                "год рождения",
                "г р",
                "туған жылы",
                "туған жыл",
            ],
            ListField::BirthDate => &[
                "birth date",
                "date of birth",
                "birthdate",
                "dob",
                "born",
                "birthday",
                "дата рождения",
                "д р",
                "туған күні",
                "туған күні айы жылы",
                "туған уақыты",
            ],
            ListField::Age => &["age", "age years", "возраст", "полных лет", "жасы", "жас"],
            ListField::City => &[
                "city",
                "town",
                "place",
                "город",
                "населенный пункт",
                "населённый пункт",
                "қала",
                "елді мекен",
            ],
            ListField::EventDate => &[
                "event date",
                "date",
                "date of detention",
                "detention date",
                "date of arrest",
                "arrest date",
                "detained",
                "дата",
                "дата задержания",
                "дата ареста",
                "дата события",
                "задержан",
                "күні",
                "ұсталған күні",
                "ұстау күні",
                "қамауға алынған күні",
            ],
            ListField::EventType => &[
                "event type",
                "event",
                "type of event",
                "what happened",
                "событие",
                "вид события",
                "тип события",
                "оқиға",
                "оқиға түрі",
            ],
            ListField::Notes => &[],
        }
    }
}

impl fmt::Display for ListField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Explicit `field=Header` choices that override the recognition of
/// headers. `field=` (no header) means the list has no such column, even
/// if a header looks like one; `notes=Header` keeps a column as a note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    entries: Vec<(ListField, String)>,
}

/// Why a `field=Header` entry cannot be used.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ColumnMapError {
    #[error("{0:?}: write a column mapping as field=Header, e.g. full_name=ФИО")]
    Syntax(String),
    #[error(
        "{0:?} is not a list field (fields: record_id, full_name, given_name, family_name, \
         patronymic, birth_year, birth_date, age, city, event_date, event_type, notes)"
    )]
    UnknownField(String),
    #[error("{0} is mapped twice")]
    Duplicate(ListField),
    #[error("header {0:?} is mapped to two fields")]
    SameHeader(String),
}

impl ColumnMap {
    pub fn new() -> ColumnMap {
        ColumnMap::default()
    }

    /// Reads `field=Header` entries (e.g. from repeated command-line
    /// options). The header is everything after the first `=`, trimmed.
    pub fn parse<I, S>(entries: I) -> Result<ColumnMap, ColumnMapError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut map = ColumnMap::new();
        for entry in entries {
            let entry = entry.as_ref();
            let (field, header) = entry
                .split_once('=')
                .ok_or_else(|| ColumnMapError::Syntax(entry.to_string()))?;
            let field = ListField::from_name(field)
                .ok_or_else(|| ColumnMapError::UnknownField(field.trim().to_string()))?;
            map.set(field, header)?;
        }
        Ok(map)
    }

    /// Maps `field` to the column headed `header` (compared like
    /// recognised headers: case, spacing and punctuation do not matter).
    /// An empty header says the list has no such column.
    pub fn set(&mut self, field: ListField, header: &str) -> Result<(), ColumnMapError> {
        let header = header.trim().to_string();
        if field != ListField::Notes && self.entries.iter().any(|(f, _)| *f == field) {
            return Err(ColumnMapError::Duplicate(field));
        }
        if !header.is_empty()
            && self
                .entries
                .iter()
                .any(|(_, h)| normalize_header(h) == normalize_header(&header))
        {
            return Err(ColumnMapError::SameHeader(header));
        }
        self.entries.push((field, header));
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in the order given.
    pub fn entries(&self) -> &[(ListField, String)] {
        &self.entries
    }
}

/// One person of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRecord {
    /// 1-based line (CSV, where the record starts) or row (XLSX) number in
    /// the file; the header is usually 1.
    pub row: usize,
    /// The list's own id of the row, or, when it has none, one made from
    /// the row's content ([`DERIVED_ID_PREFIX`] and 16 hex digits of its
    /// SHA-256), so the same file read again gives the same ids.
    pub record_id: String,
    /// The name as the list writes it, or built from the separate parts:
    /// family, given and patronymic for names in Cyrillic (the order of
    /// official lists), given, patronymic and family otherwise.
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    /// From the birth year column, or else the birth date, or else the
    /// age and the event date (the more likely of the two years an age
    /// allows).
    pub birth_year: Option<i32>,
    /// `YYYY-MM-DD` (or `YYYY-MM` when only the month is known).
    pub birth_date: Option<String>,
    pub city: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub event_date: Option<String>,
    /// An event-type code of `kuager-case` (`detention`, `killing`,
    /// `disappearance`, `ill-treatment`, `pretrial-detention`...) when the
    /// words are known,
    /// else the text as written, lower-cased.
    pub event_type: Option<String>,
    /// The other columns, one `Header: value` line each; empty if none.
    pub notes: String,
}

/// A row that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line or row number, as in [`ListRecord::row`].
    pub row: usize,
    /// The field at fault ([`ListField::name`]), if it is one field.
    pub field: Option<String>,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "row {}, {field}: {}", self.row, self.reason),
            None => write!(f, "row {}: {}", self.row, self.reason),
        }
    }
}

/// What [`read_list`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRead {
    pub records: Vec<ListRecord>,
    /// Rows left out, in file order (a row may have several).
    pub errors: Vec<RowError>,
    /// How the columns were used, in column order: (field name, header);
    /// the field is `notes` for columns kept as notes.
    pub columns: Vec<(String, String)>,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1251` for CSV; `XLSX`
    /// for workbooks.
    pub encoding: String,
    /// The CSV delimiter; `None` for XLSX.
    pub delimiter: Option<char>,
    /// The worksheet read (XLSX only).
    pub sheet: Option<String>,
}

/// Why a list could not be read at all. Every variant names the file.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ListError {
    #[error("{file}: empty list (no rows)")]
    Empty { file: String },

    #[error(
        "{file}: unsupported list type {} (supported: {LIST_EXTENSIONS})",
        describe_extension(.extension)
    )]
    Unsupported { file: String, extension: String },

    #[error("{file}: binary data, not a CSV text ({detail})")]
    Binary { file: String, detail: String },

    #[error("{file}: cannot read the workbook: {reason}")]
    Xlsx { file: String, reason: String },

    #[error("{file}: cannot read CSV: {reason}")]
    Csv { file: String, reason: String },

    #[error("{file}: too large: {reason}")]
    TooLarge { file: String, reason: String },

    #[error(
        "{file}: no column with names (headers found: {}); name one such as \
         'ФИО', 'аты-жөні' or 'full name', or map it with full_name=HEADER",
        describe_headers(.headers)
    )]
    NoNameColumn { file: String, headers: Vec<String> },

    #[error(
        "{file}: no column headed {header:?} for {field} (headers found: {})",
        describe_headers(.headers)
    )]
    MissingColumn {
        file: String,
        field: String,
        header: String,
        headers: Vec<String>,
    },
}

impl ListError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            ListError::Empty { file }
            | ListError::Unsupported { file, .. }
            | ListError::Binary { file, .. }
            | ListError::Xlsx { file, .. }
            | ListError::Csv { file, .. }
            | ListError::TooLarge { file, .. }
            | ListError::NoNameColumn { file, .. }
            | ListError::MissingColumn { file, .. } => file,
        }
    }
}

fn describe_extension(extension: &str) -> String {
    if extension.is_empty() {
        "(no extension)".to_string()
    } else {
        format!("'{extension}'")
    }
}

fn describe_headers(headers: &[String]) -> String {
    let shown: Vec<String> = headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .take(20)
        .map(|h| format!("{h:?}"))
        .collect();
    if shown.is_empty() {
        "none".to_string()
    } else {
        shown.join(", ")
    }
}

/// Reads a list of people from a file's bytes; `file_name` decides the
/// format by its extension (a zip archive is read as XLSX whatever its
/// name) and names the file in errors.
pub fn read_list(file_name: &str, bytes: &[u8], map: &ColumnMap) -> Result<ListRead, ListError> {
    let file = file_name.to_string();
    if bytes.is_empty() {
        return Err(ListError::Empty { file });
    }
    let extension = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let table = if is_zip || matches!(extension.as_str(), "xlsx" | "xlsm") {
        if !is_zip {
            return Err(ListError::Xlsx {
                file,
                reason: "not an XLSX workbook (not a zip archive)".to_string(),
            });
        }
        // calamine panics on some malformed workbooks (found by fuzzing,
        // calamine 0.38 xlsx/mod.rs): a damaged file must be an error
        // naming it, not a crash of the import.
        std::panic::catch_unwind(|| read_xlsx(file_name, bytes)).map_err(|_| {
            ListError::Xlsx {
                file: file_name.to_string(),
                reason: "the workbook is damaged (the XLSX reader gave up on it)".to_string(),
            }
        })??
    } else if matches!(extension.as_str(), "csv" | "tsv" | "txt") {
        read_csv(file_name, bytes)?
    } else {
        let extension = if extension.is_empty() {
            String::new()
        } else {
            format!(".{extension}")
        };
        return Err(ListError::Unsupported { file, extension });
    };
    let (records, errors, columns) = build_records(file_name, &table.rows, map)?;
    Ok(ListRead {
        records,
        errors,
        columns,
        encoding: table.encoding,
        delimiter: table.delimiter,
        sheet: table.sheet,
    })
}

/// A file's cells, whatever its format.
struct Table {
    /// (1-based row number, cells), non-empty rows only.
    rows: Vec<(usize, Vec<String>)>,
    encoding: String,
    delimiter: Option<char>,
    sheet: Option<String>,
}

// ---------------------------------------------------------------- CSV

fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, ListError> {
    let (text, encoding) = decode_csv(file, bytes)?;
    // Excel's "sep=;" first line names the delimiter and is no row.
    let (delimiter, body, first_line) = match explicit_separator(&text) {
        Some((d, rest)) => (d, rest, 2),
        None => (sniff_delimiter(&text), text.as_str(), 1),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    // Line numbers are counted here from the records' byte offsets: the
    // csv crate's own count lags by one after a CRLF line end.
    let body_bytes = body.as_bytes();
    let mut counted_to = 0usize;
    let mut line = first_line;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ListError::Csv {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
        let mut start = record
            .position()
            .map_or(counted_to, |p| {
                usize::try_from(p.byte()).unwrap_or(usize::MAX)
            })
            .clamp(counted_to, body_bytes.len());
        while matches!(body_bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += count_line_breaks(body_bytes.get(counted_to..start).unwrap_or_default());
        counted_to = start;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, cells));
    }
    if rows.is_empty() {
        return Err(ListError::Empty {
            file: file.to_string(),
        });
    }
    Ok(Table {
        rows,
        encoding: encoding.to_string(),
        delimiter: Some(char::from(delimiter)),
        sheet: None,
    })
}

/// Line ends in `bytes`: LF, CRLF or a lone CR.
fn count_line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// UTF-8 or UTF-16 by byte order mark, else UTF-8 if the bytes are valid
/// UTF-8, else windows-1251.
fn decode_csv(file: &str, bytes: &[u8]) -> Result<(String, &'static str), ListError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(rest);
        check_text(file, &text)?;
        return Ok((text.into_owned(), encoding.name()));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(ListError::Binary {
            file: file.to_string(),
            detail: format!("NUL byte at byte {at}"),
        });
    }
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
            (text.into_owned(), "windows-1251")
        }
    };
    check_text(file, &text)?;
    Ok((text, encoding))
}

fn check_text(file: &str, text: &str) -> Result<(), ListError> {
    if let Some(at) = text.chars().position(|c| c == '\0') {
        return Err(ListError::Binary {
            file: file.to_string(),
            detail: format!("NUL character at character {at}"),
        });
    }
    if text.trim().is_empty() {
        return Err(ListError::Empty {
            file: file.to_string(),
        });
    }
    Ok(())
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// `sep=X` on the first line, as Excel writes and reads it.
fn explicit_separator(text: &str) -> Option<(u8, &str)> {
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (text, ""),
    };
    let value = first.trim_end_matches('\r').strip_prefix("sep=")?;
    let mut chars = value.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let byte = u8::try_from(c).ok()?;
    DELIMITERS.contains(&byte).then_some((byte, rest))
}

/// The candidate found the same number of times (outside quotes) on most
/// of the first lines; ties go to the earlier of `,` `;` tab `|`. A file
/// with none of them is one column (`,`).
fn sniff_delimiter(text: &str) -> u8 {
    let lines = sample_lines(text, 50, 64 * 1024);
    let mut best: Option<((usize, usize, usize), u8)> = None;
    for &d in &DELIMITERS {
        let mut freq: HashMap<usize, usize> = HashMap::new();
        for line in &lines {
            let count = line.iter().filter(|&&b| b == d).count();
            if count > 0 {
                *freq.entry(count).or_default() += 1;
            }
        }
        // The most common non-zero count (the larger on a tie), and on how
        // many lines it is found.
        let Some((&count, &lines_with)) = freq.iter().max_by_key(|&(c, n)| (*n, *c)) else {
            continue;
        };
        // Between delimiters found as regularly, the one that splits the
        // first line into more known headers ("Иванов, Иван;1985" is one
        // name and a year when the header is "ФИО;Год рождения").
        let recognised = lines.first().map_or(0, |first| {
            String::from_utf8_lossy(first)
                .split(char::from(d))
                .filter(|h| recognise(h).is_some())
                .count()
        });
        let score = (lines_with, recognised, count);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, d));
        }
    }
    best.map_or(b',', |(_, d)| d)
}

/// The first lines (up to `max_lines`, reading at most about `max_bytes`),
/// each reduced to its bytes outside double quotes, so delimiters and
/// line breaks inside quoted fields do not count.
fn sample_lines(text: &str, max_lines: usize, max_bytes: usize) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut current = Vec::new();
    let mut in_quotes = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if i >= max_bytes || lines.len() >= max_lines {
            break;
        }
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if !current.iter().all(|b: &u8| b.is_ascii_whitespace()) {
                    lines.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            _ if !in_quotes => current.push(b),
            _ => {}
        }
    }
    if !current.iter().all(|b: &u8| b.is_ascii_whitespace()) && lines.len() < max_lines {
        lines.push(current);
    }
    lines
}

// --------------------------------------------------------------- XLSX

fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Table, ListError> {
    use calamine::Reader;
    let bad = |e: calamine::XlsxError| ListError::Xlsx {
        file: file.to_string(),
        reason: e.to_string(),
    };
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    for sheet in workbook.sheet_names() {
        let rows = read_sheet(file, &mut workbook, &sheet)?;
        if !rows.is_empty() {
            return Ok(Table {
                rows,
                encoding: "XLSX".to_string(),
                delimiter: None,
                sheet: Some(sheet),
            });
        }
    }
    Err(ListError::Empty {
        file: file.to_string(),
    })
}

fn read_sheet(
    file: &str,
    workbook: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Vec<(usize, Vec<String>)>, ListError> {
    let bad = |e: calamine::XlsxError| ListError::Xlsx {
        file: file.to_string(),
        reason: format!("worksheet {sheet:?}: {e}"),
    };
    let too_large = |reason: String| ListError::TooLarge {
        file: file.to_string(),
        reason,
    };
    let mut reader = workbook.worksheet_cells_reader(sheet).map_err(bad)?;
    let mut cells: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(bad)? {
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if usize::try_from(col).map_or(true, |c| c >= MAX_COLUMNS) {
            return Err(too_large(format!(
                "worksheet {sheet:?} has a value in column {} (at most {MAX_COLUMNS} columns are read)",
                u64::from(col) + 1
            )));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(too_large(format!(
                "worksheet {sheet:?} has more than {MAX_CELLS} cells"
            )));
        }
        cells.entry(row).or_default().insert(col, text);
    }
    Ok(cells
        .into_iter()
        .map(|(row, by_col)| {
            let width = by_col
                .keys()
                .next_back()
                .map_or(0, |&c| usize::try_from(c).unwrap_or(0) + 1);
            let mut values = vec![String::new(); width];
            for (col, text) in by_col {
                if let Some(slot) = usize::try_from(col).ok().and_then(|c| values.get_mut(c)) {
                    *slot = text;
                }
            }
            let number = usize::try_from(row).map_or(usize::MAX, |r| r.saturating_add(1));
            (number, values)
        })
        .collect())
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`
/// (with the time if it has one), error values as nothing.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
                if (hh, mm, ss) == (0, 0, 0) {
                    format!("{y:04}-{m:02}-{d:02}")
                } else {
                    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
                }
            } else {
                float_text(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

// ------------------------------------------------------------ columns

/// Lower case, `ё` as `е`, and every run of characters that are not
/// letters, digits, `#` or `№` as one space.
fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in header.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() || c == '#' || c == '№' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// The field a header is recognised as: an alias equal to it, or else the
/// longest alias it starts with (whole words).
fn recognise(header: &str) -> Option<ListField> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    let mut best: Option<(usize, ListField)> = None;
    for (alias, field) in ALIASES.iter() {
        let fits =
            h == *alias || (h.starts_with(alias.as_str()) && h[alias.len()..].starts_with(' '));
        if fits && best.is_none_or(|(len, _)| alias.len() > len) {
            best = Some((alias.len(), *field));
        }
    }
    best.map(|(_, f)| f)
}

/// Every field's aliases in [`normalize_header`] form.
static ALIASES: LazyLock<Vec<(String, ListField)>> = LazyLock::new(|| {
    ListField::ALL
        .iter()
        .flat_map(|&f| f.aliases().iter().map(move |a| (normalize_header(a), f)))
        .filter(|(a, _)| !a.is_empty())
        .collect()
});

/// Which column holds what.
#[derive(Debug, Default)]
struct Layout {
    fields: BTreeMap<ListField, usize>,
    notes: Vec<usize>,
    headers: Vec<String>,
}

impl Layout {
    fn has_name(&self) -> bool {
        [
            ListField::FullName,
            ListField::GivenName,
            ListField::FamilyName,
        ]
        .iter()
        .any(|f| self.fields.contains_key(f))
    }

    fn get<'a>(&self, field: ListField, cells: &'a [String]) -> Option<&'a str> {
        let col = *self.fields.get(&field)?;
        let value = cells.get(col)?.trim();
        (!value.is_empty()).then_some(value)
    }

    fn header(&self, col: usize) -> String {
        match self.headers.get(col).map(|h| h.trim()) {
            Some(h) if !h.is_empty() => collapse_spaces(h),
            _ => format!("column {}", col + 1),
        }
    }

    /// (field, header) per used column, in column order.
    fn columns(&self) -> Vec<(String, String)> {
        let mut by_col: BTreeMap<usize, &'static str> = BTreeMap::new();
        for (field, col) in &self.fields {
            by_col.insert(*col, field.name());
        }
        for col in &self.notes {
            by_col.insert(*col, ListField::Notes.name());
        }
        by_col
            .into_iter()
            .map(|(col, field)| (field.to_string(), self.header(col)))
            .collect()
    }
}

/// The layout a header row gives under `map`, or the first mapped header
/// it lacks.
fn layout(header: &[String], map: &ColumnMap) -> Result<Layout, (ListField, String)> {
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let mut taken = vec![false; header.len()];
    let mut disabled = Vec::new();
    let mut out = Layout {
        headers: header.to_vec(),
        ..Layout::default()
    };
    for (field, wanted) in map.entries() {
        if wanted.is_empty() {
            disabled.push(*field);
            continue;
        }
        let wanted_norm = normalize_header(wanted);
        let col = header
            .iter()
            .position(|h| h.trim() == wanted)
            .or_else(|| normalized.iter().position(|h| *h == wanted_norm))
            .ok_or((*field, wanted.clone()))?;
        if let Some(t) = taken.get_mut(col) {
            *t = true;
        }
        if *field == ListField::Notes {
            out.notes.push(col);
        } else {
            out.fields.insert(*field, col);
        }
    }
    for (col, h) in header.iter().enumerate() {
        if taken.get(col).copied().unwrap_or(true) {
            continue;
        }
        match recognise(h) {
            Some(field)
                if field != ListField::Notes
                    && !disabled.contains(&field)
                    && !out.fields.contains_key(&field) =>
            {
                out.fields.insert(field, col);
            }
            _ => out.notes.push(col),
        }
    }
    out.notes.sort_unstable();
    Ok(out)
}

/// The header row (index into `rows`) and its layout.
fn find_header(
    file: &str,
    rows: &[(usize, Vec<String>)],
    map: &ColumnMap,
) -> Result<(usize, Layout), ListError> {
    let mut first_missing = None;
    for (i, (_, cells)) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        match layout(cells, map) {
            Ok(l) if l.has_name() => return Ok((i, l)),
            Ok(_) => {}
            Err(missing) => {
                first_missing.get_or_insert(missing);
            }
        }
    }
    let headers = rows.first().map(|(_, c)| c.clone()).unwrap_or_default();
    match first_missing {
        Some((field, header)) => Err(ListError::MissingColumn {
            file: file.to_string(),
            field: field.name().to_string(),
            header,
            headers,
        }),
        None => Err(ListError::NoNameColumn {
            file: file.to_string(),
            headers,
        }),
    }
}

// ------------------------------------------------------------ records

type Built = (Vec<ListRecord>, Vec<RowError>, Vec<(String, String)>);

fn build_records(
    file: &str,
    rows: &[(usize, Vec<String>)],
    map: &ColumnMap,
) -> Result<Built, ListError> {
    let (header_at, layout) = find_header(file, rows, map)?;
    let this_year = current_year();
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in rows.iter().skip(header_at + 1) {
        let row = *row;
        let mut row_errors = Vec::new();
        let mut fail = |field: ListField, reason: String| {
            row_errors.push(RowError {
                row,
                field: Some(field.name().to_string()),
                reason,
            });
        };
        let part = |field| layout.get(field, cells).map(collapse_spaces);
        let given = part(ListField::GivenName);
        let family = part(ListField::FamilyName);
        let patronymic = part(ListField::Patronymic);
        let full_name =
            part(ListField::FullName).unwrap_or_else(|| build_name(&given, &family, &patronymic));
        if full_name.is_empty() {
            fail(ListField::FullName, "no name".to_string());
        } else if !full_name.chars().any(char::is_alphabetic) {
            fail(ListField::FullName, format!("{full_name:?} is not a name"));
        }

        let mut birth_year = None;
        if let Some(v) = layout.get(ListField::BirthYear, cells) {
            match parse_year(v, this_year) {
                Ok(y) => birth_year = Some(y),
                Err(reason) => fail(ListField::BirthYear, reason),
            }
        }
        let mut birth_date = None;
        if let Some(v) = layout.get(ListField::BirthDate, cells) {
            match parse_date(v, this_year) {
                Ok(d) => {
                    match birth_year {
                        Some(y) if y != d.year => fail(
                            ListField::BirthYear,
                            format!("birth year {y} does not match birth date {}", d.canonical()),
                        ),
                        _ => birth_year = Some(d.year),
                    }
                    if d.precision != Precision::Year {
                        birth_date = Some(d.canonical());
                    }
                }
                Err(reason) => fail(ListField::BirthDate, reason),
            }
        }
        let mut event_date = None;
        let mut event_on = None;
        if let Some(v) = layout.get(ListField::EventDate, cells) {
            match parse_date(v, this_year) {
                Ok(d) => {
                    event_date = Some(d.canonical());
                    event_on = Some(d);
                }
                Err(reason) => fail(ListField::EventDate, reason),
            }
        }
        // An age says nothing without a date to count from: it is then
        // only kept as a note.
        let mut age_note = None;
        if let Some(v) = layout.get(ListField::Age, cells) {
            if let Some(col) = layout.fields.get(&ListField::Age) {
                age_note = Some(format!("{}: {v}", layout.header(*col)));
            }
            match (parse_age(v), event_on) {
                (Err(reason), _) => fail(ListField::Age, reason),
                (Ok(_), None) => {}
                (Ok(age), Some(on)) => {
                    let (earliest, latest) = (on.year - age - 1, on.year - age);
                    match birth_year {
                        // One year of slack: ages in reports are often
                        // rounded or a year old.
                        Some(y) if y < earliest - 1 || y > latest + 1 => fail(
                            ListField::Age,
                            format!(
                                "age {age} on {} does not fit birth year {y} \
                                 (it gives {earliest} or {latest})",
                                on.canonical()
                            ),
                        ),
                        Some(_) => {}
                        None if earliest < MIN_YEAR => fail(
                            ListField::Age,
                            format!("age {age} on {} is before {MIN_YEAR}", on.canonical()),
                        ),
                        None => birth_year = Some(birth_year_from_age(age, on)),
                    }
                }
            }
        }
        let city = part(ListField::City);
        let event_type = part(ListField::EventType).map(|t| event_type_code(&t));

        let record_id = match layout.get(ListField::RecordId, cells) {
            Some(id) => collapse_spaces(id),
            None => derived_id(cells),
        };
        match seen.get(&record_id) {
            Some(first) => fail(
                ListField::RecordId,
                format!("duplicate record id {record_id:?} (first on row {first})"),
            ),
            None => {
                seen.insert(record_id.clone(), row);
            }
        }

        if !row_errors.is_empty() {
            errors.append(&mut row_errors);
            continue;
        }
        let notes = layout
            .notes
            .iter()
            .filter_map(|&col| {
                let value = cells.get(col)?.trim();
                if value.is_empty() {
                    return None;
                }
                Some(format!("{}: {value}", layout.header(col)))
            })
            .chain(age_note)
            .chain(
                // Cells beyond the header's last column.
                cells
                    .iter()
                    .enumerate()
                    .skip(layout.headers.len())
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(col, v)| format!("column {}: {}", col + 1, v.trim())),
            )
            .collect::<Vec<_>>()
            .join("\n");
        records.push(ListRecord {
            row,
            record_id,
            full_name,
            given,
            family,
            patronymic,
            birth_year,
            birth_date,
            city,
            event_date,
            event_type,
            notes,
        });
    }
    Ok((records, errors, layout.columns()))
}

/// The event-type code a list's words stand for: lists say "задержан",
/// "погиб", "killed", "ұсталды"; the register counts by code.
pub fn event_type_code(text: &str) -> String {
    let t = text.trim().to_lowercase();
    const CODES: &[(&str, &[&str])] = &[
        (
            "killing",
            &[
                "kill",
                "died",
                "dead",
                "death",
                "shot",
                "убит",
                "погиб",
                "умер",
                "смерт",
                "қаза",
                "өлтір",
                "мерт",
            ],
        ),
        (
            "disappearance",
            &[
                "missing",
                "disappear",
                "пропал",
                "исчез",
                "без вести",
                "хабарсыз",
                "хабар-ошарсыз",
                "жоғал",
            ],
        ),
        (
            "ill-treatment",
            &[
                "tortur",
                "ill-treat",
                "пытк",
                "пытал",
                "азаптау",
                "қинау",
                "қинал",
            ],
        ),
        (
            "administrative-arrest",
            &[
                "administrative arrest",
                "административный арест",
                "әкімшілік қамау",
            ],
        ),
        (
            "pretrial-detention",
            &[
                "pre-trial",
                "pretrial",
                "arrest",
                "сизо",
                "арест",
                "тергеу изоляторы",
                "қамауға",
            ],
        ),
        (
            "conviction",
            &["convict", "sentenced", "осужд", "приговор", "сотталды"],
        ),
        (
            "detention",
            &["detain", "detention", "задерж", "ұстал", "ұстау"],
        ),
    ];
    for (code, stems) in CODES {
        if t == *code || stems.iter().any(|s| t.contains(s)) {
            return (*code).to_string();
        }
    }
    t
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn build_name(
    given: &Option<String>,
    family: &Option<String>,
    patronymic: &Option<String>,
) -> String {
    let cyrillic = [given, family, patronymic]
        .iter()
        .filter_map(|p| p.as_deref())
        .any(|p| p.chars().any(|c| ('\u{400}'..='\u{52f}').contains(&c)));
    let order = if cyrillic {
        [family, given, patronymic]
    } else {
        [given, patronymic, family]
    };
    order
        .iter()
        .filter_map(|p| p.as_deref())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An id from the row's non-empty cells, so it does not change when the
/// same file is read again or rows are added elsewhere.
fn derived_id(cells: &[String]) -> String {
    let mut hasher = Sha256::new();
    for cell in cells {
        let cell = collapse_spaces(cell);
        if !cell.is_empty() {
            hasher.update(cell.as_bytes());
            hasher.update([0x1f]);
        }
    }
    let digest = hex::encode(hasher.finalize());
    format!("{DERIVED_ID_PREFIX}{}", &digest[..16])
}

// -------------------------------------------------------------- dates

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Day,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ListDate {
    year: i32,
    month: u32,
    day: u32,
    precision: Precision,
}

impl ListDate {
    fn canonical(&self) -> String {
        match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Year => format!("{:04}", self.year),
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The current year (UTC), from the system clock.
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    civil_year(days)
}

/// The Gregorian year of a day counted from 1970-01-01 (Howard Hinnant's
/// days-to-civil algorithm, year only).
fn civil_year(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    i32::try_from(year).unwrap_or(i32::MAX)
}

/// Words after a year or date that say "year": `1985 г.`, `1985 жыл`.
const YEAR_WORDS: &[&str] = &["г", "гг", "год", "года", "ж", "жыл", "жылы", "y"];

fn strip_year_words(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let t = s.trim_end_matches('.').trim_end();
        let before = t.trim_end_matches(char::is_alphabetic);
        let word = t[before.len()..].to_lowercase();
        let before = before.trim_end();
        if word.is_empty()
            || !YEAR_WORDS.contains(&word.as_str())
            || !before.ends_with(|c: char| c.is_ascii_digit())
        {
            return t;
        }
        s = before;
    }
}

fn check_year(year: i32, this_year: i32) -> Result<i32, String> {
    if (MIN_YEAR..=this_year).contains(&year) {
        Ok(year)
    } else {
        Err(format!(
            "year {year} is not possible (expected {MIN_YEAR}–{this_year})"
        ))
    }
}

/// A birth year: `1985`, `1985 г.`, or any date of [`parse_date`].
/// An age in whole years: `34`, `34 года`, `34-летний`, `34 жаста`,
/// `34 y.o.`.
fn parse_age(value: &str) -> Result<i32, String> {
    let shown = value.trim();
    let digits = shown.len() - shown.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = shown.split_at(digits);
    let words_after = rest.is_empty() || rest.starts_with([' ', '-', '\u{a0}']);
    match number.parse::<i32>() {
        Ok(age) if words_after && age <= MAX_AGE => Ok(age),
        Ok(age) if words_after => Err(format!("age {age} is more than {MAX_AGE}")),
        _ => Err(format!(
            "{shown:?} is not an age: write whole years, e.g. 34"
        )),
    }
}

/// Oldest age read from an age column.
pub const MAX_AGE: i32 = 110;

/// The more likely birth year of someone `age` years old on `on`: born
/// after `on` minus `age`+1 years and no later than `on` minus `age`
/// years, so in the earlier year when more than half of the year of `on`
/// was still to come (birthdays spread evenly). January events — most of
/// the lists — take the earlier year almost always.
fn birth_year_from_age(age: i32, on: ListDate) -> i32 {
    let day_of_year = match on.precision {
        Precision::Day => (on.month - 1) * 30 + on.day,
        Precision::Month => (on.month - 1) * 30 + 15,
        Precision::Year => 183,
    };
    if day_of_year < 183 {
        on.year - age - 1
    } else {
        on.year - age
    }
}

fn parse_year(value: &str, this_year: i32) -> Result<i32, String> {
    let s = strip_year_words(value);
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() != 4 {
            return Err(format!(
                "{:?} is not a year: write it in full, e.g. 1985",
                value.trim()
            ));
        }
        let year: i32 = s
            .parse()
            .map_err(|_| format!("{:?} is not a year", value.trim()))?;
        return check_year(year, this_year);
    }
    match parse_date(value, this_year) {
        Ok(d) => Ok(d.year),
        Err(_) => Err(format!("{:?} is not a year", value.trim())),
    }
}

fn month_by_name(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &[
            "january",
            "jan",
            "январь",
            "января",
            "янв",
            "қаңтар",
            "қаңтардың",
        ],
        &[
            "february",
            "feb",
            "февраль",
            "февраля",
            "фев",
            "ақпан",
            "ақпанның",
        ],
        &[
            "march",
            "mar",
            "март",
            "марта",
            "мар",
            "наурыз",
            "наурыздың",
        ],
        &[
            "april",
            "apr",
            "апрель",
            "апреля",
            "апр",
            "сәуір",
            "сәуірдің",
        ],
        &["may", "май", "мая", "мамыр", "мамырдың"],
        &["june", "jun", "июнь", "июня", "июн", "маусым", "маусымның"],
        &["july", "jul", "июль", "июля", "июл", "шілде", "шілденің"],
        &[
            "august",
            "aug",
            "август",
            "августа",
            "авг",
            "тамыз",
            "тамыздың",
        ],
        &[
            "september",
            "sep",
            "sept",
            "сентябрь",
            "сентября",
            "сен",
            "сент",
            "қыркүйек",
            "қыркүйектің",
        ],
        &[
            "october",
            "oct",
            "октябрь",
            "октября",
            "окт",
            "қазан",
            "қазанның",
        ],
        &[
            "november",
            "nov",
            "ноябрь",
            "ноября",
            "ноя",
            "нояб",
            "қараша",
            "қарашаның",
        ],
        &[
            "december",
            "dec",
            "декабрь",
            "декабря",
            "дек",
            "желтоқсан",
            "желтоқсанның",
        ],
    ];
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A date as lists write them: `2022-01-05`, `05.01.2022`, `5/1/2022`
/// (day first), `5 января 2022 г.`, `January 5, 2022`, `2022-01`,
/// `01.2022`, `2022`, with a time after it ignored.
fn parse_date(value: &str, this_year: i32) -> Result<ListDate, String> {
    let shown = value.trim();
    let not_a_date =
        || format!("{shown:?} is not a date: write e.g. 2022-01-05, 05.01.2022 or 2022-01");
    let mut s = strip_year_words(shown);
    // A time after the date: "2022-01-05T10:00:00", "05.01.2022 0:00:00".
    if let Some((date, time)) = s.split_once(['T', ' ']) {
        let time = time.trim();
        if time.contains(':')
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-'))
        {
            s = date;
        }
    }
    if s.is_empty() {
        return Err(not_a_date());
    }
    let numeric = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/'));
    let (year, month, day, precision) = if numeric {
        let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
        if parts.iter().any(|p| p.is_empty() || p.len() > 4) {
            return Err(not_a_date());
        }
        let n = |p: &str| p.parse::<u32>().map_err(|_| not_a_date());
        match parts.as_slice() {
            [y] if y.len() == 4 => (n(y)?, 1, 1, Precision::Year),
            [y, m] if y.len() == 4 && m.len() <= 2 => (n(y)?, n(m)?, 1, Precision::Month),
            [m, y] if y.len() == 4 && m.len() <= 2 => (n(y)?, n(m)?, 1, Precision::Month),
            [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                (n(y)?, n(m)?, n(d)?, Precision::Day)
            }
            [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                (n(y)?, n(m)?, n(d)?, Precision::Day)
            }
            [_, _, y] if y.len() == 2 => {
                return Err(format!(
                    "{shown:?}: two-digit year; write the year in full, e.g. 05.01.1985"
                ))
            }
            _ => return Err(not_a_date()),
        }
    } else {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let num = |w: &str| -> Option<u32> {
            let w = w.trim_end_matches('.');
            (!w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.parse().ok())
                .flatten()
        };
        let year = |w: &str| num(w).filter(|_| w.trim_end_matches('.').len() == 4);
        match words.as_slice() {
            [d, m, y] => match (num(d), month_by_name(m), year(y)) {
                (Some(d), Some(m), Some(y)) => (y, m, d, Precision::Day),
                _ => match (month_by_name(d), num(m), year(y)) {
                    (Some(m), Some(d), Some(y)) => (y, m, d, Precision::Day),
                    _ => return Err(not_a_date()),
                },
            },
            [m, y] => match (month_by_name(m), year(y)) {
                (Some(m), Some(y)) => (y, m, 1, Precision::Month),
                _ => return Err(not_a_date()),
            },
            _ => return Err(not_a_date()),
        }
    };
    let year = i32::try_from(year).map_err(|_| not_a_date())?;
    check_year(year, this_year)?;
    if !(1..=12).contains(&month) {
        return Err(format!("{shown:?}: month {month} does not exist"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(format!("{shown:?}: {year:04}-{month:02} has no day {day}"));
    }
    Ok(ListDate {
        year,
        month,
        day,
        precision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_three_languages() {
        for (h, f) in [
            ("ФИО", ListField::FullName),
            ("Ф.И.О.", ListField::FullName),
            ("Аты-жөні", ListField::FullName),
            ("Full name", ListField::FullName),
            ("№ п/п", ListField::RecordId),
            ("ID", ListField::RecordId),
            ("Дата рождения (дд.мм.гггг)", ListField::BirthDate),
            ("Туған күні", ListField::BirthDate),
            ("Дата", ListField::EventDate),
            ("Дата задержания", ListField::EventDate),
            ("Әкесінің аты", ListField::Patronymic),
            ("Тегі", ListField::FamilyName),
            ("Аты", ListField::GivenName),
            ("Год рождения", ListField::BirthYear),
            ("Қала", ListField::City),
            ("ГОРОД", ListField::City),
        ] {
            assert_eq!(recognise(h), Some(f), "{h}");
        }
        assert_eq!(recognise("Примечание"), None);
        assert_eq!(recognise(""), None);
    }

    #[test]
    fn dates_in_the_forms_lists_use() {
        let y = 2026;
        let ok = |s: &str| parse_date(s, y).map(|d| d.canonical());
        assert_eq!(ok("2022-01-05").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("5.1.2022").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("05/01/2022").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("5 января 2022 г.").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("5 қаңтар 2022 ж.").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("January 5, 2022").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("2022-01-05T10:30:00").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("05.01.2022 0:00:00").as_deref(), Ok("2022-01-05"));
        assert_eq!(ok("01.2022").as_deref(), Ok("2022-01"));
        assert_eq!(ok("январь 2022").as_deref(), Ok("2022-01"));
        assert_eq!(ok("2022").as_deref(), Ok("2022"));
        assert_eq!(ok("2022г.").as_deref(), Ok("2022"));
        assert!(ok("2022-02-30").is_err());
        assert!(ok("05.01.22").unwrap_err().contains("two-digit"));
        assert!(ok("1850-01-01").unwrap_err().contains("not possible"));
        assert!(ok("вчера").is_err());
        assert!(ok("").is_err());
        assert_eq!(parse_year("1985 г.", y), Ok(1985));
        assert_eq!(parse_year("1985г", y), Ok(1985));
        assert!(parse_year("85", y).is_err());
        assert!(parse_year("2100", y).is_err());
    }

    #[test]
    fn civil_years() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(-1), 1969);
        assert_eq!(civil_year(19_357), 2022); // 2022-12-31
        assert_eq!(civil_year(19_358), 2023);
        assert!(current_year() >= 2025);
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1;\"x, y, z\";3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
        assert_eq!(sniff_delimiter("just names\nИванов Иван\n"), b',');
        assert_eq!(explicit_separator("sep=;\na;b"), Some((b';', "a;b")));
    }
}
