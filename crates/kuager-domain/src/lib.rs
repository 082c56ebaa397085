//! The domain model of Kuager's register.
//!
//! Plain data types shared by every other crate: a [`Document`] and the
//! mentions found in it ([`PersonMention`], [`PlaceMention`], [`DateMention`],
//! [`FigureMention`]), the register's [`Person`]s, and the human decisions
//! about identity ([`Decision`]). This crate does no I/O and knows nothing
//! about storage, parsing or the web: everything else depends on it, it
//! depends on nothing of ours.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range of *character* (Unicode scalar value) offsets into a
/// document's text. Characters, not bytes, because users and other tools
/// count characters and the texts are mostly Cyrillic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Language of a document, as far as Kuager needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ru,
    Kk,
    Unknown,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
            Language::Kk => "kk",
            Language::Unknown => "und",
        }
    }
    pub fn from_code(code: &str) -> Language {
        match code {
            "en" => Language::En,
            "ru" => Language::Ru,
            "kk" => Language::Kk,
            _ => Language::Unknown,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The format a document arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Text,
    Markdown,
    Html,
    Pdf,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Text => "text",
            DocumentFormat::Markdown => "markdown",
            DocumentFormat::Html => "html",
            DocumentFormat::Pdf => "pdf",
        }
    }
    pub fn parse(s: &str) -> Option<DocumentFormat> {
        Some(match s {
            "text" => DocumentFormat::Text,
            "markdown" => DocumentFormat::Markdown,
            "html" => DocumentFormat::Html,
            "pdf" => DocumentFormat::Pdf,
            _ => return None,
        })
    }
}

/// A source document after decoding: the text every offset refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// File name without directories, as given to `kuager ingest`.
    pub file_name: String,
    /// Lower-case hex SHA-256 of the original bytes: the document's identity.
    pub sha256: String,
    pub format: DocumentFormat,
    /// Name of the character encoding the bytes were decoded from.
    pub encoding: String,
    pub language: Language,
    pub title: String,
    pub text: String,
}

/// The parts of a person's name, as read from one mention.
///
/// All parts are in the script and spelling of the document, already brought
/// back to the nominative case for Russian inflected forms. Comparing names
/// across scripts is the job of `kuager-names`, not of this type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName {
    /// Given names ("Aron", "Pierre-Alain").
    pub given: Vec<String>,
    /// Patronymic ("Temeshbayevich", "Адуович", "Кенжебекұлы").
    pub patronymic: Option<String>,
    /// Family names; more than one when the document gives an alternative
    /// ("Aron Atabek (Edigeev)" has family ["Atabek", "Edigeev"]).
    pub family: Vec<String>,
    /// Initials standing for given name and patronymic ("G.A." -> ['G','A']).
    pub initials: Vec<char>,
}

impl PersonName {
    /// A readable full form: given, patronymic, family (first), initials.
    pub fn display(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.given.iter().cloned());
        if let Some(p) = &self.patronymic {
            parts.push(p.clone());
        }
        if let Some(f) = self.family.first() {
            parts.push(f.clone());
        }
        let mut out = parts.join(" ");
        if !self.initials.is_empty() {
            let inits: String = self.initials.iter().map(|c| format!("{c}.")).collect();
            if out.is_empty() {
                out = inits;
            } else {
                out = format!("{out} {inits}");
            }
        }
        if self.family.len() > 1 {
            out = format!("{out} ({})", self.family[1..].join(", "));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
            && self.patronymic.is_none()
            && self.family.is_empty()
            && self.initials.is_empty()
    }
}

/// A span of a document that names a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMention {
    pub span: Span,
    /// The mention exactly as it stands in the document.
    pub text: String,
    /// The name read from it (nominative, honorifics removed).
    pub name: PersonName,
    /// Index of an earlier mention in the same document that this one
    /// refers back to ("Semenova" after "Elena Semenova"), if any.
    pub refers_to: Option<usize>,
}

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    City,
    Region,
    Country,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
            PlaceKind::Country => "country",
        }
    }
}

/// A span naming a place found in the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub span: Span,
    pub text: String,
    /// Stable gazetteer key, e.g. "kz-almaty" or "country-ua".
    pub place_key: String,
    /// English display name from the gazetteer.
    pub name: String,
    pub kind: PlaceKind,
}

/// A calendar date with the precision the document gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// A span stating a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Span,
    pub text: String,
    pub date: PartialDate,
}

/// How a reported figure is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    MoreThan,
    AtLeast,
    LessThan,
    UpTo,
    About,
    /// "hundreds", "thousands": an order of magnitude, not a count.
    Order,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::UpTo => "up_to",
            Qualifier::About => "about",
            Qualifier::Order => "order",
        }
    }
    pub fn parse(s: &str) -> Option<Qualifier> {
        Some(match s {
            "exact" => Qualifier::Exact,
            "more_than" => Qualifier::MoreThan,
            "at_least" => Qualifier::AtLeast,
            "less_than" => Qualifier::LessThan,
            "up_to" => Qualifier::UpTo,
            "about" => Qualifier::About,
            "order" => Qualifier::Order,
            _ => return None,
        })
    }
}

/// A number a document reports, with what it counts:
/// "more than 10 thousand people were detained" ->
/// value 10000, qualifier MoreThan, unit "people", event "detained".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureMention {
    pub span: Span,
    pub text: String,
    pub value: u64,
    pub qualifier: Qualifier,
    /// What is counted ("people", "refusals", "protesters", "journalists").
    pub unit: String,
    /// What happened to them, if the sentence says ("detained", "died").
    pub event: Option<String>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub persons: Vec<PersonMention>,
    pub places: Vec<PlaceMention>,
    pub dates: Vec<DateMention>,
    pub figures: Vec<FigureMention>,
}

/// Identifies one person mention across the whole register, independent of
/// the person it is currently resolved to: the document's hash and the
/// mention's start offset. Human decisions are recorded against these keys,
/// so they survive re-resolution and re-ingest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MentionKey {
    pub sha256: String,
    pub start: usize,
}

impl fmt::Display for MentionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.sha256, self.start)
    }
}

/// A human decision about identity. Decisions are never overridden by the
/// resolver; the latest decision about a pair of mentions wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// These mentions are the same person.
    Merge { a: MentionKey, b: MentionKey },
    /// These mentions are different people.
    Distinct { a: MentionKey, b: MentionKey },
    /// This mention is not the person it was grouped with: give it its own
    /// person unless another decision merges it elsewhere.
    Split { mention: MentionKey },
}

/// A stored person mention with where it comes from: the resolver's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMention {
    pub key: MentionKey,
    /// File name of the source document.
    pub source: String,
    /// Position of the mention within its document (0-based, in text order).
    pub ordinal: usize,
    pub text: String,
    pub end: usize,
    pub name: PersonName,
    /// Ordinal of the mention this one refers back to within the document.
    pub refers_to: Option<usize>,
}

/// A person in the register: a cluster of mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Stable id derived from the person's anchor mention.
    pub id: String,
    /// The best full name known.
    pub name: String,
    /// Every other distinct name form seen.
    pub aliases: Vec<String>,
    pub mentions: Vec<MentionKey>,
    /// Transliteration-independent keys of every name part (from
    /// `kuager-names`), so that storage can find the person by any spelling.
    pub search_keys: Vec<String>,
}

/// A pair of people the resolver was unsure of, for a human to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewPair {
    pub a: String,
    pub b: String,
    /// Match score in [0, 1].
    pub score: f64,
    /// Human-readable reasons for and against.
    pub evidence: Vec<String>,
}
