//! Plain text: newsletter items (e-mail bodies, and the text of feed
//! entries).

use crate::labels;
use crate::public::PublicEvent;
use kuager_i18n::{tr, Locale};

/// Text on one line: control characters and line breaks become spaces,
/// runs of spaces one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text of several lines: line breaks normalised to `\n`, other control
/// characters dropped, no trailing spaces.
fn paragraphs(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| *c == '\t' || !c.is_control())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// One event as a newsletter item: a title line, then the people, the
/// legal facts, the description and the sources, each on its own line.
pub fn newsletter_item(e: &PublicEvent, locale: Locale) -> String {
    let mut lines: Vec<String> = vec![one_line(&labels::event_title(locale, e))];
    for p in e.participants() {
        lines.push(one_line(&labels::participant(locale, p)));
    }
    if !e.charges().is_empty() {
        let charges: Vec<String> = e
            .charges()
            .iter()
            .map(|c| labels::charge(locale, c))
            .collect();
        lines.push(format!(
            "{}: {}",
            tr(locale, "field-charges"),
            charges.join("; ")
        ));
    }
    for (label, value) in [
        ("field-court", e.court()),
        ("field-judge", e.judge()),
        ("field-verdict", e.verdict()),
    ] {
        if let Some(value) = value {
            lines.push(format!("{}: {}", tr(locale, label), one_line(value)));
        }
    }
    if let Some(sentence) = labels::sentence(locale, e) {
        lines.push(format!("{}: {sentence}", tr(locale, "field-sentence-kind")));
    }
    lines.push(format!(
        "{}: {}",
        tr(locale, "field-verification"),
        tr(locale, &e.verification().message_id())
    ));
    if let Some(description) = e.description() {
        lines.push(String::new());
        lines.push(paragraphs(description));
        lines.push(String::new());
    }
    if e.text_withheld() {
        lines.push(labels::text_withheld(locale).to_string());
    }
    if !e.sources().is_empty() {
        let sources: Vec<String> = e
            .sources()
            .iter()
            .map(|s| one_line(&labels::source(locale, s)))
            .collect();
        lines.push(format!(
            "{}: {}",
            tr(locale, "field-sources"),
            sources.join("; ")
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_and_paragraphs() {
        assert_eq!(one_line(" a\r\nb\u{7}\tc  d "), "a b c d");
        assert_eq!(
            paragraphs("first\r\nsecond\u{1b}[31m  \r\rthird"),
            "first\nsecond[31m\n\nthird"
        );
    }
}
