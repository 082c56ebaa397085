//! Bringing an external list's people into the register, one reviewed row
//! at a time.
//!
//! [`import_staging`] reads a list (CSV or XLSX, by `kuager-ingest`'s list
//! reader) into a staging area and matches each row's name against the
//! register with the resolver's own name comparison (`kuager-names`, which
//! knows Cyrillic, Latin and Kazakh spellings, initials and surname-first
//! order): each candidate comes with a score and the evidence for it.
//! Nothing is created then. An analyst decides each row
//! ([`decide_staging`]): this person of the register, a new person, or
//! nothing. [`commit_staging`] then writes, in one transaction, what the
//! decided rows become, and resolves the register again:
//!
//! - every kept row becomes a record document (like
//!   [`add_person_record`](crate::add_person_record)) whose one mention is
//!   the row's name, so the person has a mention like everyone else;
//! - *link*: a merge decision between that mention and the chosen person's
//!   anchor mention, so the name becomes the person's alias;
//! - *new*: a "distinct" decision between that mention and every candidate
//!   the analyst saw, so no later resolution merges what a human kept
//!   apart;
//! - the event the row reports (type from the import or the row, date,
//!   city), with the list as its source, unpublished like every new event.
//!
//! Identity decisions are the register's own (recorded on mentions, never
//! undone by a resolution); a row committed once is never written again.

use crate::record::name_parts;
use crate::{anchor, person, resolve, search_limited, RegisterError, Result};
use kuager_case::{
    places, CaseDate, EventDraft, EventType, LegalDetails, Participant, ParticipantRole, SourceRef,
    Verification,
};
use kuager_domain::{
    Decision, Document, DocumentFormat, Extraction, Language, MentionKey, PersonMention,
    PersonName, Span,
};
use kuager_ingest::lists::{event_type_code, read_list, ColumnMap, ListRecord, RowError};
use kuager_names::compare::{compare, NameSig, REVIEW};
use kuager_names::parse::{read_name_in, OrderHint};
use kuager_store::{
    NewStagingImport, NewStagingRow, StagingCandidate, StagingChoice, StagingCommitRow,
    StagingCommitted, StagingFields, StagingImportRecord, StagingImported, StagingRowRecord, Store,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The title of the record document a committed row becomes.
pub const STAGING_TITLE: &str = "List row";

/// Register people searched per row before comparing names.
const SEARCHED: usize = 25;
/// Candidates kept per row, best first.
const KEPT: usize = 5;

/// Headers of a list's own source column (as the list reader leaves them
/// in the notes), lower-cased.
const SOURCE_HEADERS: &[&str] = &[
    "source",
    "sources",
    "источник",
    "источники",
    "дереккөз",
    "дереккөзі",
    "көзі",
];

/// How a list is staged.
#[derive(Debug, Clone, Default)]
pub struct StagingOptions {
    /// The list as a source, as events will cite it (required).
    pub citation: String,
    pub url: String,
    /// The event type of every row (a code such as `detention`, or words
    /// the list reader knows); `None`: each row's own event-type column.
    pub event_type: Option<String>,
    /// `field=Header` entries, as for `kuager lists import`.
    pub columns: Vec<String>,
}

/// What staging a list did, and the rows it could not read.
#[derive(Debug, Clone, Serialize)]
pub struct StagingReport {
    pub import: StagingImported,
    /// Rows staged (0 when the file was staged before).
    pub rows: usize,
    #[serde(skip)]
    pub row_errors: Vec<RowError>,
    pub columns: Vec<(String, String)>,
    pub encoding: String,
}

/// What an analyst says a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowChoice {
    /// This person of the register (by id).
    Link(String),
    New,
    Reject,
    /// Back to undecided.
    Pending,
}

impl RowChoice {
    /// `link PERSON`, `PERSON` (an id), `new`, `reject` or `pending`, as
    /// typed on the command line or sent by a form.
    pub fn parse(words: &[String]) -> Result<RowChoice> {
        let bad = || {
            RegisterError::BadStagingChoice(format!(
                "{:?}: say link PERSON_ID, new, reject or pending",
                words.join(" ")
            ))
        };
        match words {
            [one] => match one.as_str() {
                "new" | "create" => Ok(RowChoice::New),
                "reject" => Ok(RowChoice::Reject),
                "pending" => Ok(RowChoice::Pending),
                "link" => Err(bad()),
                id => Ok(RowChoice::Link(id.to_string())),
            },
            [link, id] if link == "link" => Ok(RowChoice::Link(id.clone())),
            _ => Err(bad()),
        }
    }
}

/// What a commit did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CommitReport {
    /// Rows written now, with the person each belongs to after the new
    /// resolution.
    pub committed: Vec<CommittedRow>,
    /// Rows that stay out: pending, rejected, or committed before.
    pub left: usize,
    /// Rows written without an event, and why.
    pub without_event: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommittedRow {
    pub row_number: i64,
    pub decision: &'static str,
    pub person_id: Option<String>,
    pub mention: MentionKey,
    pub event_id: Option<i64>,
}

/// Reads a list file into the staging area and matches every row against
/// the register. Rows the reader refuses are reported (row number and
/// reason) and the rest are staged. The same file staged again is the same
/// import: nothing is written, its decisions stay.
pub async fn import_staging(
    store: &Store,
    actor: Option<i64>,
    file_name: &str,
    bytes: &[u8],
    options: &StagingOptions,
) -> Result<StagingReport> {
    let bad = |reason: String| RegisterError::BadList {
        file: file_name.to_string(),
        reason,
    };
    let citation = options.citation.trim();
    if citation.is_empty() {
        return Err(bad(
            "a source citation is required: say where the list comes from (--source)".into(),
        ));
    }
    let event_type = options
        .event_type
        .as_deref()
        .map(|t| known_event_type(t).ok_or_else(|| bad(unknown_event_type(t))))
        .transpose()?;
    let map = ColumnMap::parse(options.columns.iter().map(String::as_str))
        .map_err(|e| bad(e.to_string()))?;
    let read = read_list(file_name, bytes, &map).map_err(|e| bad(e.to_string()))?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let import = NewStagingImport {
        file_name: file_name.to_string(),
        sha256,
        citation: citation.to_string(),
        url: options.url.trim().to_string(),
        event_type: event_type.map(|t| t.code().to_string()),
        encoding: read.encoding.clone(),
        columns: read.columns.clone(),
    };
    let mut rows = Vec::with_capacity(read.records.len());
    for record in &read.records {
        let fields = fields_of(record);
        let candidates = candidates(store, &fields).await?;
        rows.push(NewStagingRow {
            row_number: i64::try_from(record.row).unwrap_or(i64::MAX),
            fields,
            candidates,
        });
    }
    let imported = store.add_staging_import(actor, &import, &rows).await?;
    Ok(StagingReport {
        import: imported,
        rows: if imported.created { rows.len() } else { 0 },
        row_errors: read.errors,
        columns: read.columns,
        encoding: read.encoding,
    })
}

/// Every staged import, newest first.
pub async fn staging_imports(store: &Store) -> Result<Vec<StagingImportRecord>> {
    Ok(store.staging_imports().await?)
}

/// One import with its rows.
pub async fn staging_import(
    store: &Store,
    id: i64,
) -> Result<(StagingImportRecord, Vec<StagingRowRecord>)> {
    store
        .staging_import(id)
        .await?
        .ok_or(RegisterError::NoSuchStaging { id })
}

/// Records what a row is. A link names a person of the register now; the
/// person's anchor mention is kept with the decision, so the commit merges
/// with that person even if ids change in between.
pub async fn decide_staging(
    store: &Store,
    actor: Option<i64>,
    import_id: i64,
    row_number: i64,
    choice: &RowChoice,
) -> Result<()> {
    let (_, rows) = staging_import(store, import_id).await?;
    if !rows.iter().any(|r| r.row_number == row_number) {
        return Err(RegisterError::NoSuchStagingRow {
            import: import_id,
            row: row_number,
            known: describe_rows(&rows),
        });
    }
    let choice = match choice {
        RowChoice::Link(id) => {
            let person = person(store, id).await?;
            StagingChoice::Link {
                anchor: anchor(store, &person.id).await?,
                person_id: person.id,
            }
        }
        RowChoice::New => StagingChoice::Create,
        RowChoice::Reject => StagingChoice::Reject,
        RowChoice::Pending => StagingChoice::Pending,
    };
    store
        .decide_staging_row(actor, import_id, row_number, &choice)
        .await?;
    Ok(())
}

/// Writes what every decided, not yet committed row of an import becomes
/// (see the module's description), in one transaction, then resolves the
/// register. Committing again writes nothing.
pub async fn commit_staging(
    store: &Store,
    actor: Option<i64>,
    import_id: i64,
) -> Result<CommitReport> {
    let (import, rows) = staging_import(store, import_id).await?;
    let mut plans = Vec::new();
    let mut report = CommitReport::default();
    for row in &rows {
        let keep = matches!(
            row.choice,
            StagingChoice::Link { .. } | StagingChoice::Create
        );
        if !keep || row.committed_at.is_some() {
            report.left += 1;
            continue;
        }
        let plan = commit_plan(&import, row)?;
        if plan.event.is_none() {
            report
                .without_event
                .push((row.row_number, why_no_event(&import, &row.fields)));
        }
        plans.push(plan);
    }
    if plans.is_empty() {
        return Ok(report);
    }
    let written = store.commit_staging(actor, import_id, &plans).await?;
    if !written.is_empty() {
        resolve(store).await?;
    }
    for StagingCommitted {
        row_number,
        mention,
        event_id,
    } in written
    {
        let decision = rows
            .iter()
            .find(|r| r.row_number == row_number)
            .map_or("create", |r| r.choice.code());
        report.committed.push(CommittedRow {
            row_number,
            decision,
            person_id: store.person_of_mention(&mention).await?,
            mention,
            event_id,
        });
    }
    Ok(report)
}

/// The rows of an import as "4, 5, 7", for an error message.
fn describe_rows(rows: &[StagingRowRecord]) -> String {
    if rows.is_empty() {
        return "none".to_string();
    }
    rows.iter()
        .map(|r| r.row_number.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An event type from a code or from words a list uses ("задержан").
fn known_event_type(text: &str) -> Option<EventType> {
    EventType::from_code(text.trim()).or_else(|| EventType::from_code(&event_type_code(text)))
}

fn unknown_event_type(text: &str) -> String {
    let codes: Vec<&str> = EventType::ALL.iter().map(|t| t.code()).collect();
    format!(
        "{text:?} is not an event type (types: {})",
        codes.join(", ")
    )
}

/// A list record as staged: the reader's fields, and the row's own source
/// taken out of the notes.
fn fields_of(record: &ListRecord) -> StagingFields {
    let mut source = None;
    let mut notes = Vec::new();
    for line in record.notes.lines() {
        match line.split_once(':') {
            Some((header, value))
                if source.is_none()
                    && SOURCE_HEADERS.contains(&header.trim().to_lowercase().as_str())
                    && !value.trim().is_empty() =>
            {
                source = Some(value.trim().to_string());
            }
            _ => notes.push(line),
        }
    }
    StagingFields {
        full_name: record.full_name.trim().to_string(),
        given: record.given.clone(),
        family: record.family.clone(),
        patronymic: record.patronymic.clone(),
        birth_year: record.birth_year,
        city: record.city.clone(),
        event_date: record.event_date.clone(),
        event_type: record.event_type.clone(),
        source,
        notes: notes.join("\n"),
    }
}

/// The row's name read into its parts: the list's own parts when it has
/// them, else the full name read by the extractor's parser.
fn row_name(fields: &StagingFields) -> PersonName {
    if fields.given.is_some() || fields.family.is_some() {
        return PersonName {
            given: fields.given.iter().cloned().collect(),
            patronymic: fields.patronymic.clone(),
            family: fields.family.iter().cloned().collect(),
            initials: Vec::new(),
        };
    }
    parse_name(&fields.full_name)
}

fn parse_name(text: &str) -> PersonName {
    let kazakh = kuager_ingest::detect_language(text) == Language::Kk;
    read_name_in(&name_parts(text), OrderHint::None, kazakh).0
}

/// The register's people whose name may be the row's, best first: people
/// found by any spelling of the name's words, each compared by the
/// resolver's name comparison with its name and every alias; kept when the
/// best comparison reaches the resolver's review threshold and does not
/// say the names cannot be one person.
async fn candidates(store: &Store, fields: &StagingFields) -> Result<Vec<StagingCandidate>> {
    let sig = NameSig::from_name(&row_name(fields));
    let hits = match search_limited(store, &fields.full_name, SEARCHED).await {
        Ok(hits) => hits,
        Err(RegisterError::EmptyQuery { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for hit in hits {
        let mut best: Option<(f64, Vec<String>)> = None;
        for form in std::iter::once(&hit.name).chain(&hit.aliases) {
            let verdict = compare(&sig, &NameSig::from_name(&parse_name(form)));
            if verdict.incompatible {
                continue;
            }
            if best.as_ref().is_none_or(|(s, _)| verdict.score > *s) {
                let mut evidence = verdict.evidence;
                evidence.push(format!("compared with {form:?}"));
                best = Some((verdict.score, evidence));
            }
        }
        let Some((score, evidence)) = best.filter(|(s, _)| *s >= REVIEW) else {
            continue;
        };
        found.push(StagingCandidate {
            anchor: anchor(store, &hit.id).await?,
            person_id: hit.id,
            name: hit.name,
            score,
            evidence,
        });
    }
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    found.truncate(KEPT);
    Ok(found)
}

/// What committing a decided row writes.
fn commit_plan(import: &StagingImportRecord, row: &StagingRowRecord) -> Result<StagingCommitRow> {
    let fields = &row.fields;
    let (document, extraction) = row_document(import, row);
    let mention = MentionKey {
        sha256: document.sha256.clone(),
        start: 0,
    };
    let decisions = match &row.choice {
        StagingChoice::Link { anchor, .. } => vec![Decision::Merge {
            a: mention.clone(),
            b: anchor.clone(),
        }],
        StagingChoice::Create => row
            .candidates
            .iter()
            .map(|c| Decision::Distinct {
                a: mention.clone(),
                b: c.anchor.clone(),
            })
            .collect(),
        StagingChoice::Pending | StagingChoice::Reject => {
            return Err(RegisterError::Internal(format!(
                "row {} of staging import {} is not decided",
                row.row_number, import.id
            )))
        }
    };
    let event = event_type_of(import, fields)
        .zip(
            fields
                .event_date
                .as_deref()
                .and_then(|d| CaseDate::parse(d).ok()),
        )
        .map(|(event_type, date)| {
            let city = fields.city.as_deref().map(str::trim).unwrap_or("");
            let draft = EventDraft {
                event_type,
                date,
                place_key: place_key(city),
                place_detail: city.to_string(),
                description: String::new(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: Some(mention.clone()),
                    name: fields.full_name.clone(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            };
            let mut sources = vec![SourceRef::Reference {
                citation: format!("{}, row {}", import.citation, row.row_number),
                url: import.url.clone(),
            }];
            if let Some(own) = &fields.source {
                let is_url = own.starts_with("https://") || own.starts_with("http://");
                sources.push(SourceRef::Reference {
                    citation: own.clone(),
                    url: if is_url { own.clone() } else { String::new() },
                });
            }
            (draft, sources)
        });
    Ok(StagingCommitRow {
        row_number: row.row_number,
        document,
        extraction,
        decisions,
        event,
    })
}

/// The event type of a row: its own column when that names a type, else
/// the import's.
fn event_type_of(import: &StagingImportRecord, fields: &StagingFields) -> Option<EventType> {
    fields
        .event_type
        .as_deref()
        .and_then(known_event_type)
        .or_else(|| import.event_type.as_deref().and_then(EventType::from_code))
}

fn why_no_event(import: &StagingImportRecord, fields: &StagingFields) -> String {
    if event_type_of(import, fields).is_none() {
        return "no event type (give --event-type or an event column)".to_string();
    }
    match fields.event_date.as_deref() {
        None => "no date".to_string(),
        Some(d) => format!("the date {d:?} is not one an event can have"),
    }
}

/// The gazetteer's place whose name (in any language) is the city as
/// written.
fn place_key(city: &str) -> Option<String> {
    let wanted = city.to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    places::find(city)
        .into_iter()
        .find(|p| {
            [p.en, p.ru, p.kk]
                .iter()
                .any(|n| n.to_lowercase() == wanted)
        })
        .map(|p| p.key.to_string())
}

/// The record document of a row: the name on its first line, where the
/// one person mention is, and where it comes from below it.
fn row_document(import: &StagingImportRecord, row: &StagingRowRecord) -> (Document, Extraction) {
    let fields = &row.fields;
    let name = fields.full_name.trim();
    let mut text = format!(
        "{name}\n\n{} ({}), row {} (staging import {})",
        import.citation, import.file_name, row.row_number, import.id
    );
    if let Some(year) = fields.birth_year {
        text.push_str(&format!("\nborn {year}"));
    }
    for (label, value) in [
        ("city", &fields.city),
        ("date", &fields.event_date),
        ("event", &fields.event_type),
        ("source", &fields.source),
    ] {
        if let Some(v) = value {
            text.push_str(&format!("\n{label}: {v}"));
        }
    }
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let document = Document {
        file_name: format!("staging:{}:{}", import.id, row.row_number),
        sha256,
        format: DocumentFormat::Text,
        encoding: "UTF-8".to_string(),
        language: kuager_ingest::detect_language(name),
        title: STAGING_TITLE.to_string(),
        text,
    };
    let extraction = Extraction {
        persons: vec![PersonMention {
            span: Span::new(0, name.chars().count()),
            text: name.to_string(),
            name: row_name(fields),
            refers_to: None,
        }],
        ..Extraction::default()
    };
    (document, extraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_as_typed() {
        let w = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            RowChoice::parse(&w("link p123")).unwrap(),
            RowChoice::Link("p123".into())
        );
        assert_eq!(
            RowChoice::parse(&w("p123")).unwrap(),
            RowChoice::Link("p123".into())
        );
        assert_eq!(RowChoice::parse(&w("new")).unwrap(), RowChoice::New);
        assert_eq!(RowChoice::parse(&w("reject")).unwrap(), RowChoice::Reject);
        assert!(RowChoice::parse(&w("link")).is_err());
        assert!(RowChoice::parse(&w("link a b")).is_err());
    }

    #[test]
    fn cities_find_gazetteer_places_in_any_script() {
        assert_eq!(place_key("Алматы").as_deref(), Some("kz-almaty"));
        assert_eq!(place_key("almaty").as_deref(), Some("kz-almaty"));
        assert_eq!(place_key("Atlantis"), None);
        assert_eq!(place_key(""), None);
    }

    #[test]
    fn event_types_from_codes_and_words() {
        assert_eq!(known_event_type("detention"), Some(EventType::Detention));
        assert_eq!(known_event_type("погиб"), Some(EventType::Killing));
        assert_eq!(known_event_type("picnic"), None);
    }

    #[test]
    fn the_source_column_leaves_the_notes() {
        let record = ListRecord {
            row: 3,
            record_id: "h-1".into(),
            full_name: "Aset Abishev".into(),
            given: None,
            family: None,
            patronymic: None,
            birth_year: Some(1990),
            birth_date: None,
            city: None,
            event_date: None,
            event_type: None,
            notes: "Источник: bulletin 4\nComment: seen in court".into(),
        };
        let fields = fields_of(&record);
        assert_eq!(fields.source.as_deref(), Some("bulletin 4"));
        assert_eq!(fields.notes, "Comment: seen in court");
    }
}
