//! People known from outside the documents: an analyst's record.

use crate::{resolve, RegisterError, Result};
use kuager_domain::{
    Document, DocumentFormat, Extraction, Language, MentionKey, PersonMention, PersonName, Span,
};
use kuager_names::parse::{read_name_in, OrderHint, Part};
use kuager_store::{InsertOutcome, Store};
use sha2::{Digest, Sha256};

/// The title of the synthetic document behind a person record.
pub const RECORD_TITLE: &str = "Person record";

/// Hex digits of the SHA-256 in a record's file name (`record:<prefix>`).
const RECORD_NAME_DIGITS: usize = 12;

/// Add a person that no document names (yet), e.g. from a volunteer's
/// report, and return the id of the person in the register who now holds
/// that name.
///
/// The register only knows people through mentions in documents, so the
/// record is a small document of its own: format text, file name
/// `record:<first 12 hex digits of its SHA-256>`, title
/// [`RECORD_TITLE`], body exactly the name as typed (surrounding
/// whitespace removed), language `note_language` or else detected from the
/// name's script. Its extraction is one person mention spanning the whole
/// name, read into given name, patronymic and family name by the same
/// parser the extractor uses ("Бекижан Мендыгазиев": given Бекижан, family
/// Мендыгазиев; initials such as "G.A." and an alternative surname in
/// parentheses are understood). The register is then resolved.
///
/// Like any mention, the record joins a person already in the register when
/// the resolver judges it the same person — "Бекижан Мендыгазиев" joins
/// the man documents call "Bekizhan Mendygaziyev" — and the returned id is
/// that person's. An analyst who knows better records a decision
/// ([`decide`](crate::decide), [`split`](crate::split)) as for any mention.
///
/// The same name recorded twice is the same document (same bytes, same
/// SHA-256): nothing new is stored and the id of the person holding the
/// first record is returned. A second, distinct person of the same name
/// is a human decision: record the name once, then split or keep apart.
///
/// Errors: [`RegisterError::NotAName`] for an empty name, one without
/// letters or one in which no word can be read as a name part.
pub async fn add_person_record(
    store: &Store,
    name: &str,
    note_language: Option<Language>,
) -> Result<String> {
    let text = name.trim();
    let not_a_name = |reason| RegisterError::NotAName {
        name: name.to_string(),
        reason,
    };
    if text.is_empty() {
        return Err(not_a_name("it is empty"));
    }
    if !text.chars().any(char::is_alphabetic) {
        return Err(not_a_name("it has no letters"));
    }
    let language = note_language.unwrap_or_else(|| kuager_ingest::detect_language(text));
    let parts = name_parts(text);
    let (person_name, _) = read_name_in(&parts, OrderHint::None, language == Language::Kk);
    if person_name.is_empty() {
        return Err(not_a_name("no word of it can be read as part of a name"));
    }
    let (doc, extraction) = record_document(text, language, person_name);
    let key = MentionKey {
        sha256: doc.sha256.clone(),
        start: 0,
    };
    let outcome = store.insert_document(&doc, &extraction).await?;
    // A record already present was resolved when it was added, unless that
    // was interrupted; then it is resolved now.
    if outcome == InsertOutcome::Inserted || store.person_of_mention(&key).await?.is_none() {
        resolve(store).await?;
    }
    store.person_of_mention(&key).await?.ok_or_else(|| {
        RegisterError::Internal(format!(
            "the record of {text:?} ({}) was stored but no person holds it",
            doc.file_name
        ))
    })
}

/// The synthetic document of a record and its one person mention.
fn record_document(text: &str, language: Language, name: PersonName) -> (Document, Extraction) {
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let doc = Document {
        file_name: format!("record:{}", &sha256[..RECORD_NAME_DIGITS]),
        sha256,
        format: DocumentFormat::Text,
        encoding: "UTF-8".to_string(),
        language,
        title: RECORD_TITLE.to_string(),
        text: text.to_string(),
    };
    let extraction = Extraction {
        persons: vec![PersonMention {
            span: Span::new(0, text.chars().count()),
            text: text.to_string(),
            name,
            refers_to: None,
        }],
        ..Extraction::default()
    };
    (doc, extraction)
}

/// The words of a typed name as the name parser takes them: initials
/// ("G.", "G.A.", "M.Kh.", a lone capital), an alternative surname in
/// parentheses ("(Edigeev)"), words stripped of surrounding punctuation.
pub(crate) fn name_parts(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for token in text.split_whitespace() {
        if let Some(inner) = token
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .map(trim_word)
        {
            if inner.chars().any(char::is_alphabetic) {
                parts.push(Part::Alternative(inner.to_string()));
            }
            continue;
        }
        if let Some(letters) = initials(token) {
            parts.extend(letters.into_iter().map(Part::Initial));
            continue;
        }
        let word = trim_word(token);
        if word.chars().any(char::is_alphabetic) {
            parts.push(Part::Word(word.to_string()));
        }
    }
    parts
}

/// A word without punctuation around it; hyphens and apostrophes inside
/// stay ("Pierre-Alain", "O'Brien").
fn trim_word(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The letters of a token made only of initials: "G." → G, "G.A." → G, A,
/// "M.Kh." → M, K (a transliterated digraph), a lone capital "G" → G.
fn initials(token: &str) -> Option<Vec<char>> {
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase().then(|| vec![c]);
    }
    let body = token.strip_suffix('.')?;
    let mut letters = Vec::new();
    for piece in body.split('.') {
        let mut cs = piece.chars();
        let first = cs.next().filter(|c| c.is_uppercase())?;
        match (cs.next(), cs.next()) {
            (None, _) => {}
            (Some(second), None) if second.is_lowercase() => {}
            _ => return None,
        }
        letters.push(first);
    }
    Some(letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(parts: &[Part]) -> Vec<String> {
        parts
            .iter()
            .map(|p| match p {
                Part::Word(w) => format!("w:{w}"),
                Part::Initial(c) => format!("i:{c}"),
                Part::Alternative(a) => format!("a:{a}"),
            })
            .collect()
    }

    #[test]
    fn typed_names_become_parts() {
        assert_eq!(
            words(&name_parts("Бекижан  Мендыгазиев")),
            ["w:Бекижан", "w:Мендыгазиев"]
        );
        assert_eq!(
            words(&name_parts("Azhenova G.A.")),
            ["w:Azhenova", "i:G", "i:A"]
        );
        assert_eq!(
            words(&name_parts("M.Kh. Kudaibergenov,")),
            ["i:M", "i:K", "w:Kudaibergenov"]
        );
        assert_eq!(
            words(&name_parts("Aron Atabek (Edigeev)")),
            ["w:Aron", "w:Atabek", "a:Edigeev"]
        );
        assert_eq!(
            words(&name_parts("Pierre-Alain O'Brien")),
            ["w:Pierre-Alain", "w:O'Brien"]
        );
        assert!(name_parts("12 -- 3").is_empty());
    }

    #[test]
    fn a_record_reads_the_name_like_the_extractor() {
        let parts = name_parts("Бекижан Мендыгазиев");
        let (name, _) = read_name_in(&parts, OrderHint::None, false);
        assert_eq!(name.given, ["Бекижан"]);
        assert_eq!(name.family, ["Мендыгазиев"]);
        let (doc, extraction) = record_document("Бекижан Мендыгазиев", Language::Ru, name);
        assert!(doc.file_name.starts_with("record:"));
        assert_eq!(doc.file_name.len(), "record:".len() + RECORD_NAME_DIGITS);
        assert_eq!(doc.title, RECORD_TITLE);
        assert_eq!(extraction.persons.len(), 1);
        assert_eq!(extraction.persons[0].span, Span::new(0, 19));
    }
}
