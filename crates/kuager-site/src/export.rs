//! CSV and JSON downloads of the public lists, one row per person, and
//! the data dictionary that describes their columns.
//!
//! Codes, not labels: statuses, event types, places and charges are
//! written as the codes of their vocabularies (documented in the
//! dictionary), so a file reads the same whatever the reader's language.

use crate::SitePerson;
use kuager_case::Charge;
use serde_json::{json, Value};

/// A column of the list downloads: name, type, and the Fluent id of its
/// description (`dict-<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
}

impl Column {
    pub fn message_id(&self) -> String {
        format!("dict-{}", self.name.replace('_', "-"))
    }
}

/// Every column, in file order.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        kind: "string",
    },
    Column {
        name: "page",
        kind: "string (path)",
    },
    Column {
        name: "name",
        kind: "string",
    },
    Column {
        name: "other_names",
        kind: "string list",
    },
    Column {
        name: "pseudonym",
        kind: "string",
    },
    Column {
        name: "status",
        kind: "code",
    },
    Column {
        name: "recognised",
        kind: "boolean",
    },
    Column {
        name: "regions",
        kind: "code list",
    },
    Column {
        name: "cities",
        kind: "code list",
    },
    Column {
        name: "event_types",
        kind: "code list",
    },
    Column {
        name: "charges",
        kind: "code list",
    },
    Column {
        name: "last_event",
        kind: "date (YYYY-MM-DD)",
    },
    Column {
        name: "events",
        kind: "integer",
    },
];

/// Separates the items of a list column in CSV (JSON has arrays).
pub const LIST_SEPARATOR: &str = "; ";

/// `criminal:174:2` (code, article, part), as the API's `charge` filter
/// takes it.
pub fn charge_code(c: &Charge) -> String {
    match c.part {
        Some(p) => format!("{}:{}:{}", c.code.code(), c.article, p),
        None => format!("{}:{}", c.code.code(), c.article),
    }
}

/// Reads [`charge_code`]'s form (also `174`, `174:2` for the criminal
/// code).
pub fn parse_charge(text: &str) -> Option<Charge> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let (code, rest) = match parts
        .first()
        .and_then(|c| kuager_case::LegalCode::from_code(c))
    {
        Some(code) => (code, &parts[1..]),
        None => (kuager_case::LegalCode::Criminal, &parts[..]),
    };
    let article = rest.first()?.trim().parse().ok()?;
    let part = match rest.get(1) {
        Some(p) => Some(p.trim().parse().ok()?),
        None => None,
    };
    if rest.len() > 2 {
        return None;
    }
    Some(Charge {
        code,
        article,
        part,
    })
}

struct Row {
    id: String,
    page: String,
    name: String,
    other_names: Vec<String>,
    pseudonym: String,
    status: &'static str,
    recognised: bool,
    regions: Vec<&'static str>,
    cities: Vec<&'static str>,
    event_types: Vec<&'static str>,
    charges: Vec<String>,
    last_event: String,
    events: usize,
}

fn row(p: &SitePerson) -> Row {
    let person = p.person();
    let names = person.names();
    Row {
        id: person.id().unwrap_or_default().to_string(),
        page: format!("/people/{}", p.handle()),
        name: names.first().cloned().unwrap_or_default(),
        other_names: names.iter().skip(1).cloned().collect(),
        pseudonym: person.pseudonym().unwrap_or_default().to_string(),
        status: p.status().code(),
        recognised: p.recognised(),
        regions: p.regions().collect(),
        cities: p.cities().collect(),
        event_types: p.event_types().map(|t| t.code()).collect(),
        charges: p.charges().map(charge_code).collect(),
        last_event: p.last_event().map(|d| d.iso()).unwrap_or_default(),
        events: person.events().len(),
    }
}

/// The list as CSV (UTF-8, CRLF, a header row), cells guarded against
/// spreadsheet formulas.
pub fn csv(people: &[&SitePerson]) -> String {
    let mut out = String::with_capacity(people.len() * 120 + 200);
    let header: Vec<String> = COLUMNS.iter().map(|c| c.name.to_string()).collect();
    kuager_publish::csv::row(&mut out, &header);
    for p in people {
        let r = row(p);
        let fields = vec![
            r.id,
            r.page,
            r.name,
            r.other_names.join(LIST_SEPARATOR),
            r.pseudonym,
            r.status.to_string(),
            r.recognised.to_string(),
            r.regions.join(LIST_SEPARATOR),
            r.cities.join(LIST_SEPARATOR),
            r.event_types.join(LIST_SEPARATOR),
            r.charges.join(LIST_SEPARATOR),
            r.last_event,
            r.events.to_string(),
        ];
        kuager_publish::csv::row(&mut out, &fields);
    }
    out
}

/// One person as a JSON object with the columns of [`COLUMNS`]; fields
/// that do not apply (the name of an anonymised person) are absent.
pub fn json_row(p: &SitePerson) -> Value {
    let r = row(p);
    let mut o = json!({
        "page": r.page,
        "status": r.status,
        "recognised": r.recognised,
        "regions": r.regions,
        "cities": r.cities,
        "event_types": r.event_types,
        "charges": r.charges,
        "events": r.events,
    });
    if let Some(map) = o.as_object_mut() {
        if !r.id.is_empty() {
            map.insert("id".into(), r.id.into());
            map.insert("name".into(), r.name.into());
            map.insert("other_names".into(), r.other_names.into());
        }
        if !r.pseudonym.is_empty() {
            map.insert("pseudonym".into(), r.pseudonym.into());
        }
        if !r.last_event.is_empty() {
            map.insert("last_event".into(), r.last_event.into());
        }
    }
    o
}

/// The list as a JSON array.
pub fn json(people: &[&SitePerson]) -> String {
    Value::Array(people.iter().map(|p| json_row(p)).collect()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kuager_case::LegalCode;

    #[test]
    fn charge_codes_round_trip() {
        let c = Charge {
            code: LegalCode::Criminal,
            article: 174,
            part: Some(2),
        };
        assert_eq!(charge_code(&c), "criminal:174:2");
        assert_eq!(parse_charge("criminal:174:2"), Some(c));
        assert_eq!(parse_charge("174:2"), Some(c));
        assert_eq!(
            parse_charge("administrative:488").map(|c| (c.code, c.article, c.part)),
            Some((LegalCode::Administrative, 488, None))
        );
        assert_eq!(parse_charge("x"), None);
        assert_eq!(parse_charge("174:2:3"), None);
        assert_eq!(parse_charge(""), None);
    }
}
