//! CSV exports (RFC 4180: comma-separated, CRLF line ends, fields quoted
//! when they need it), with codes of the vocabularies and ISO dates.

use crate::public::{PublicEvent, PublicParticipant, PublicSource};
use kuager_case::SourceKind;

const EVENT_COLUMNS: [&str; 21] = [
    "id",
    "type",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "place",
    "place_detail",
    "verification",
    "participants",
    "charges",
    "sentence_kind",
    "sentence_months",
    "sentence_days",
    "fine_kzt",
    "court",
    "judge",
    "verdict",
    "description",
    "sources",
    "published_at",
];

/// A field as written: quoted when it holds a comma, quote or line break
/// or begins or ends with a space; and with a `'` before a leading `=`,
/// `+`, `-`, `@`, tab or carriage return, so a spreadsheet opening the
/// export does not run a cell as a formula.
fn field(out: &mut String, value: &str) {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    let quote =
        value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
    if quote {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

pub(crate) fn row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// "victim: Name (position, organisation)" or "victim" for one shown by
/// role only.
fn participant(p: &PublicParticipant) -> String {
    let mut text = p.role().code().to_string();
    if let Some(name) = p.name() {
        text.push_str(": ");
        text.push_str(name);
    }
    let details: Vec<&str> = [p.position(), p.organisation()]
        .into_iter()
        .flatten()
        .collect();
    if !details.is_empty() {
        text.push_str(&format!(" ({})", details.join(", ")));
    }
    text
}

fn source(s: &PublicSource) -> String {
    let mut parts = vec![s.kind().code()];
    if s.kind() != SourceKind::Report {
        parts.extend(
            [s.sha256(), s.title(), s.citation(), s.url()]
                .into_iter()
                .flatten(),
        );
    }
    parts.join(" ")
}

fn number<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn text(t: Option<&str>) -> String {
    t.unwrap_or_default().to_string()
}

/// Events, one a row, after a header row.
pub fn events(events: &[PublicEvent]) -> String {
    let mut out = String::new();
    row(&mut out, &EVENT_COLUMNS.map(String::from));
    for e in events {
        let d = e.date();
        row(
            &mut out,
            &[
                e.id().to_string(),
                e.event_type().code().to_string(),
                d.to_input(),
                d.precision.code().to_string(),
                d.start.iso(),
                d.end.iso(),
                text(e.place_key()),
                text(e.place_detail()),
                e.verification().code().to_string(),
                e.participants()
                    .iter()
                    .map(participant)
                    .collect::<Vec<_>>()
                    .join("; "),
                e.charges()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                text(e.sentence_kind().map(|k| k.code())),
                number(e.sentence_months()),
                number(e.sentence_days()),
                number(e.fine_kzt()),
                text(e.court()),
                text(e.judge()),
                text(e.verdict()),
                text(e.description()),
                e.sources()
                    .iter()
                    .map(source)
                    .collect::<Vec<_>>()
                    .join("; "),
                text(e.published_at()),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> String {
        let mut out = String::new();
        field(&mut out, value);
        out
    }

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(one("plain"), "plain");
        assert_eq!(one("Абишев, Асет"), "\"Абишев, Асет\"");
        assert_eq!(one("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(one("two\nlines"), "\"two\nlines\"");
        assert_eq!(one("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(one("-1"), "'-1");
        assert_eq!(one(" padded"), "\" padded\"");
    }

    #[test]
    fn an_empty_export_has_its_header() {
        let csv = events(&[]);
        assert!(csv.starts_with("id,type,date,"));
        assert!(csv.ends_with("published_at\r\n"));
        assert_eq!(csv.lines().count(), 1);
    }
}
