//! Atom feeds (RFC 4287) of published events.

use crate::public::PublicEvent;
use crate::{labels, text};
use kuager_i18n::{tr, Locale};

/// What the site says about the feed itself; none of it comes from records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedInfo {
    /// A permanent IRI of the feed, e.g. `tag:example.org,2024:events`.
    /// An entry's id is this with `#event-<id>` after it.
    pub id: String,
    pub title: String,
    /// The author element Atom requires: the publishing organisation.
    pub author: String,
    /// When the feed last changed (RFC 3339).
    pub updated: String,
    /// The feed's own address (relative addresses are fine: the site may be
    /// an onion service).
    pub self_href: String,
    /// The address of an event's page is this followed by the event id,
    /// e.g. `events/`.
    pub event_href_prefix: String,
}

/// Text escaped for XML content and attribute values, without the
/// characters XML 1.0 does not allow at all (most control characters and
/// U+FFFE, U+FFFF).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < '\u{20}' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn element(out: &mut String, indent: &str, name: &str, attributes: &str, content: &str) {
    out.push_str(&format!(
        "{indent}<{name}{attributes}>{}</{name}>\n",
        escape(content)
    ));
}

/// When an entry last changed: its publication, else the first day of
/// the event.
fn entry_updated(e: &PublicEvent) -> String {
    match e.published_at() {
        Some(at) => at.to_string(),
        None => format!("{}T00:00:00Z", e.date().start.iso()),
    }
}

/// An Atom feed of `events` in `locale`: each entry titled with the event
/// type, date and place, its content the newsletter text of the event.
pub fn feed(events: &[PublicEvent], info: &FeedInfo, locale: Locale) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        locale.code()
    ));
    element(&mut out, "  ", "id", "", &info.id);
    element(&mut out, "  ", "title", " type=\"text\"", &info.title);
    element(&mut out, "  ", "updated", "", &info.updated);
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&info.self_href)
    ));
    out.push_str("  <author>\n");
    element(&mut out, "    ", "name", "", &info.author);
    out.push_str("  </author>\n");
    for e in events {
        out.push_str("  <entry>\n");
        element(
            &mut out,
            "    ",
            "id",
            "",
            &format!("{}#event-{}", info.id, e.id()),
        );
        element(
            &mut out,
            "    ",
            "title",
            " type=\"text\"",
            &text::one_line(&labels::event_title(locale, e)),
        );
        element(&mut out, "    ", "updated", "", &entry_updated(e));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&format!("{}{}", info.event_href_prefix, e.id()))
        ));
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape(e.event_type().code()),
            escape(&tr(locale, &e.event_type().message_id()))
        ));
        element(
            &mut out,
            "    ",
            "content",
            " type=\"text\"",
            &text::newsletter_item(e, locale),
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An Atom feed of newsletter issues (the archive's feed): one entry per
/// issue, in the issue's own language, its content the plain text of the
/// issue. `issue_href_prefix` followed by the number is an issue's page.
pub fn issues_feed(
    issues: &[crate::newsletter::Issue],
    info: &FeedInfo,
    issue_href_prefix: &str,
    locale: Locale,
) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        locale.code()
    ));
    element(&mut out, "  ", "id", "", &info.id);
    element(&mut out, "  ", "title", " type=\"text\"", &info.title);
    element(&mut out, "  ", "updated", "", &info.updated);
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&info.self_href)
    ));
    out.push_str("  <author>\n");
    element(&mut out, "    ", "name", "", &info.author);
    out.push_str("  </author>\n");
    for issue in issues {
        let Some(number) = issue.number else {
            continue;
        };
        out.push_str(&format!("  <entry xml:lang=\"{}\">\n", issue.locale.code()));
        element(
            &mut out,
            "    ",
            "id",
            "",
            &format!("{}#issue-{number}", info.id),
        );
        element(
            &mut out,
            "    ",
            "title",
            " type=\"text\"",
            &issue.subject(),
        );
        let updated = issue
            .published_at
            .clone()
            .unwrap_or_else(|| format!("{}T00:00:00Z", issue.period_end.iso()));
        element(&mut out, "    ", "updated", "", &updated);
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&format!("{issue_href_prefix}{number}"))
        ));
        for (section, _) in issue.sections() {
            out.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape(section.code()),
                escape(&tr(issue.locale, &section.message_id()))
            ));
        }
        element(
            &mut out,
            "    ",
            "content",
            " type=\"text\"",
            &crate::newsletter::text(issue, None),
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("<a href=\"x\">Tom & 'Jerry'</a>\u{0}\u{1b}\u{fffe}\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;\n"
        );
        assert_eq!(escape("Құшақбаев ]]>"), "Құшақбаев ]]&gt;");
    }

    #[test]
    fn an_empty_feed_is_well_formed() {
        let info = FeedInfo {
            id: "tag:example.org,2024:events".into(),
            title: "Events & <news>".into(),
            author: "Kuager".into(),
            updated: "2024-01-01T00:00:00Z".into(),
            self_href: "feed.atom".into(),
            event_href_prefix: "events/".into(),
        };
        let xml = feed(&[], &info, Locale::Kk);
        assert!(xml.contains("<title type=\"text\">Events &amp; &lt;news&gt;</title>"));
        assert!(xml.contains("xml:lang=\"kk\""));
        assert!(xml.ends_with("</feed>\n"));
    }
}
