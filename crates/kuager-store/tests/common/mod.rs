//! Test data shared by the store's integration tests.
#![allow(dead_code)]

use kuager_domain::{
    DateMention, Document, DocumentFormat, Extraction, FigureMention, Language, MentionKey,
    PartialDate, Person, PersonMention, PersonName, PlaceKind, PlaceMention, Qualifier, Span,
};

/// A fake but well-formed sha256: 64 lower-case hex digits.
pub fn sha(n: u64) -> String {
    format!("{n:064x}")
}

/// Character span of the first occurrence of `needle` in `text`.
pub fn char_span(text: &str, needle: &str) -> Span {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    Span::new(start, start + needle.chars().count())
}

pub fn key(sha256: &str, start: usize) -> MentionKey {
    MentionKey {
        sha256: sha256.to_string(),
        start,
    }
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub const KAZAKH_TEXT: &str = "Арон Атабек (Едигеев) был арестован 14 июля 2006 года в Алматы. \
Атабек провёл в заключении более 10 тысяч дней. В Жаңаөзен задержаны 150 человек. \
Ғалым Әлиұлы Қожахметов: «Біз ұмытпаймыз, һәрқашан есте сақтаймыз» — 2011 ж.";

/// A Russian/Kazakh document with every kind of mention.
pub fn kazakh_document() -> (Document, Extraction) {
    let text = KAZAKH_TEXT;
    let doc = Document {
        file_name: "жаңаөзен-2011.txt".to_string(),
        sha256: sha(0xA1),
        format: DocumentFormat::Text,
        encoding: "UTF-8".to_string(),
        language: Language::Kk,
        title: "Жаңаөзен: «есте сақтаймыз»".to_string(),
        text: text.to_string(),
    };
    let extraction = Extraction {
        persons: vec![
            PersonMention {
                span: char_span(text, "Арон Атабек (Едигеев)"),
                text: "Арон Атабек (Едигеев)".to_string(),
                name: PersonName {
                    given: strings(&["Арон"]),
                    patronymic: None,
                    family: strings(&["Атабек", "Едигеев"]),
                    initials: vec![],
                },
                refers_to: None,
            },
            family_mention(text, "Атабек провёл", "Атабек", Some(0)),
            PersonMention {
                span: char_span(text, "Ғалым Әлиұлы Қожахметов"),
                text: "Ғалым Әлиұлы Қожахметов".to_string(),
                name: PersonName {
                    given: strings(&["Ғалым"]),
                    patronymic: Some("Әлиұлы".to_string()),
                    family: strings(&["Қожахметов"]),
                    initials: vec!['Ғ', 'Ә'],
                },
                refers_to: None,
            },
        ],
        places: vec![
            PlaceMention {
                span: char_span(text, "Алматы"),
                text: "Алматы".to_string(),
                place_key: "kz-almaty".to_string(),
                name: "Almaty".to_string(),
                kind: PlaceKind::City,
            },
            PlaceMention {
                span: char_span(text, "Жаңаөзен"),
                text: "Жаңаөзен".to_string(),
                place_key: "kz-zhanaozen".to_string(),
                name: "Zhanaozen".to_string(),
                kind: PlaceKind::City,
            },
        ],
        dates: vec![
            DateMention {
                span: char_span(text, "14 июля 2006 года"),
                text: "14 июля 2006 года".to_string(),
                date: PartialDate {
                    year: 2006,
                    month: Some(7),
                    day: Some(14),
                },
            },
            DateMention {
                span: char_span(text, "2011 ж."),
                text: "2011 ж.".to_string(),
                date: PartialDate {
                    year: 2011,
                    month: None,
                    day: None,
                },
            },
        ],
        figures: vec![
            FigureMention {
                span: char_span(text, "более 10 тысяч дней"),
                text: "более 10 тысяч дней".to_string(),
                value: 10_000,
                qualifier: Qualifier::MoreThan,
                unit: "дней".to_string(),
                event: None,
            },
            FigureMention {
                span: char_span(text, "задержаны 150 человек"),
                text: "задержаны 150 человек".to_string(),
                value: 150,
                qualifier: Qualifier::Exact,
                unit: "человек".to_string(),
                event: Some("задержаны".to_string()),
            },
        ],
    };
    (doc, extraction)
}

/// A small English document.
pub fn english_document() -> (Document, Extraction) {
    let text = "Elena Semenova was detained in Astana. Semenova said up to 40 people were fined.";
    let doc = Document {
        file_name: "astana.md".to_string(),
        sha256: sha(0xB2),
        format: DocumentFormat::Markdown,
        encoding: "windows-1251".to_string(),
        language: Language::En,
        title: "Astana".to_string(),
        text: text.to_string(),
    };
    let extraction = Extraction {
        persons: vec![
            PersonMention {
                span: char_span(text, "Elena Semenova"),
                text: "Elena Semenova".to_string(),
                name: PersonName {
                    given: strings(&["Elena"]),
                    patronymic: None,
                    family: strings(&["Semenova"]),
                    initials: vec![],
                },
                refers_to: None,
            },
            family_mention(text, "Semenova said", "Semenova", Some(0)),
        ],
        places: vec![PlaceMention {
            span: char_span(text, "Astana"),
            text: "Astana".to_string(),
            place_key: "kz-astana".to_string(),
            name: "Astana".to_string(),
            kind: PlaceKind::City,
        }],
        dates: vec![],
        figures: vec![FigureMention {
            span: char_span(text, "up to 40 people"),
            text: "up to 40 people".to_string(),
            value: 40,
            qualifier: Qualifier::UpTo,
            unit: "people".to_string(),
            event: Some("fined".to_string()),
        }],
    };
    (doc, extraction)
}

/// A family-name-only mention at the start of `context`.
fn family_mention(
    text: &str,
    context: &str,
    family: &str,
    refers_to: Option<usize>,
) -> PersonMention {
    let start = char_span(text, context).start;
    PersonMention {
        span: Span::new(start, start + family.chars().count()),
        text: family.to_string(),
        name: PersonName {
            family: vec![family.to_string()],
            ..PersonName::default()
        },
        refers_to,
    }
}

pub fn person(id: &str, name: &str, mentions: Vec<MentionKey>, keys: &[&str]) -> Person {
    Person {
        id: id.to_string(),
        name: name.to_string(),
        aliases: vec![],
        mentions,
        search_keys: strings(keys),
    }
}

/// A synthetic document with `mentions` person mentions ("Name{i} Family{i}").
pub fn synthetic_document(n: u64, mentions: usize) -> (Document, Extraction) {
    let mut text = String::new();
    let mut persons = Vec::with_capacity(mentions);
    for i in 0..mentions {
        let start = text.chars().count();
        let mention = format!("Имя{} Фамилия{}", i % 97, i % 89);
        text.push_str(&mention);
        text.push_str(" сообщил о задержании. ");
        persons.push(PersonMention {
            span: Span::new(start, start + mention.chars().count()),
            text: mention,
            name: PersonName {
                given: vec![format!("Имя{}", i % 97)],
                patronymic: None,
                family: vec![format!("Фамилия{}", i % 89)],
                initials: vec![],
            },
            refers_to: if i > 0 && i % 5 == 0 {
                Some(i - 1)
            } else {
                None
            },
        });
    }
    let doc = Document {
        file_name: format!("doc-{n:06}.txt"),
        sha256: sha(n),
        format: DocumentFormat::Text,
        encoding: "UTF-8".to_string(),
        language: Language::Ru,
        title: format!("Документ {n}"),
        text,
    };
    (
        doc,
        Extraction {
            persons,
            ..Extraction::default()
        },
    )
}
