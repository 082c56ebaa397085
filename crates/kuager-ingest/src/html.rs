//! HTML to visible text.
//!
//! The document is parsed with html5ever (through scraper), which repairs
//! broken markup the way browsers do, and then walked without recursion, so
//! deeply nested input cannot overflow the stack.

use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never shown as text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object",
    "embed", "canvas", "audio", "video", "datalist",
];

/// Blocks that stand apart from their neighbours with a blank line.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "figure",
    "hr",
    "address",
    "form",
    "fieldset",
    "details",
];

/// Blocks that start on a line of their own.
const LINES: &[&str] = &[
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "summary",
    "legend",
    "center",
    "option",
    "body",
    "html",
];

/// Reduce HTML to its visible text.
///
/// Returns the text and the document's title: the `<title>`, or failing
/// that the first `<h1>`, with whitespace collapsed. Block elements start
/// new lines (paragraph-like ones are separated by one blank line), `<br>`
/// breaks a line, table cells are separated by a tab, runs of whitespace
/// within a line become one space, and there is never more than one blank
/// line in a row. Entities are decoded by the parser.
pub fn html_to_text(html: &str) -> (String, Option<String>) {
    let document = Html::parse_document(html);
    let root = document.tree.root();
    let mut sink = Sink::default();

    let mut next = root.first_child();
    while let Some(node) = next {
        if sink.open(node.value()) {
            if let Some(child) = node.first_child() {
                next = Some(child);
                continue;
            }
        }
        // The node has no children to visit: close it and every ancestor
        // whose last child it is, then go on to the next sibling.
        let mut current = node;
        next = loop {
            sink.close(current.value());
            if let Some(sibling) = current.next_sibling() {
                break Some(sibling);
            }
            match current.parent() {
                Some(parent) if parent != root => current = parent,
                _ => break None,
            }
        };
    }

    (sink.finish(), find_title(&document))
}

fn find_title(document: &Html) -> Option<String> {
    let mut h1 = None;
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name();
        if name != "title" && (name != "h1" || h1.is_some()) {
            continue;
        }
        // <title> inside inline SVG or MathML is not the page's title.
        if node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "svg" | "math"))
        }) {
            continue;
        }
        let text = collapse_whitespace(&element.text().collect::<String>());
        if text.is_empty() {
            continue;
        }
        if name == "title" {
            return Some(text);
        }
        h1 = Some(text);
    }
    h1
}

/// Split on whitespace and join with single spaces.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What separates the text already written from the next character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Gap {
    #[default]
    None,
    Space,
    Cell,
    Line,
    Paragraph,
}

#[derive(Default)]
struct Sink {
    out: String,
    gap: Gap,
    /// Depth inside <pre>, where line breaks in the source are kept.
    pre: usize,
}

impl Sink {
    /// Handle an opening node; returns whether to visit its children.
    fn open(&mut self, node: &Node) -> bool {
        match node {
            Node::Text(text) => {
                self.text(text);
                false
            }
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name) || element.attr("hidden").is_some() {
                    return false;
                }
                match name {
                    "br" => {
                        let gap = if self.gap >= Gap::Line {
                            Gap::Paragraph
                        } else {
                            Gap::Line
                        };
                        self.want(gap);
                    }
                    "td" | "th" => self.want(Gap::Cell),
                    "pre" => self.pre += 1,
                    _ => {}
                }
                self.block_edge(name);
                true
            }
            Node::Document | Node::Fragment => true,
            _ => false,
        }
    }

    fn close(&mut self, node: &Node) {
        if let Node::Element(element) = node {
            let name = element.name();
            if name == "pre" {
                self.pre = self.pre.saturating_sub(1);
            }
            if !SKIPPED.contains(&name) {
                self.block_edge(name);
            }
        }
    }

    fn block_edge(&mut self, name: &str) {
        if PARAGRAPHS.contains(&name) {
            self.want(Gap::Paragraph);
        } else if LINES.contains(&name) {
            self.want(Gap::Line);
        }
    }

    fn want(&mut self, gap: Gap) {
        if gap > self.gap {
            self.gap = gap;
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' && self.pre > 0 {
                let gap = if self.gap >= Gap::Line {
                    Gap::Paragraph
                } else {
                    Gap::Line
                };
                self.gap = gap;
            } else if c.is_whitespace() {
                self.want(Gap::Space);
            } else {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        if !self.out.is_empty() {
            match self.gap {
                Gap::None => {}
                Gap::Space | Gap::Cell => {
                    if !self.out.ends_with('\n') {
                        self.out
                            .push(if self.gap == Gap::Cell { '\t' } else { ' ' });
                    }
                }
                Gap::Line => self.out.push('\n'),
                Gap::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.gap = Gap::None;
        self.out.push(c);
    }

    fn finish(self) -> String {
        self.out
    }
}

/// The encoding an HTML document declares in a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` near its
/// start, if encoding_rs knows the label.
pub(crate) fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest = lower.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        rest = rest.get(start + 5..)?;
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = rest.get(..end)?;
        if let Some(encoding) = charset_in(tag) {
            return Some(encoding);
        }
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let mut value = tag.get(at + 7..)?;
    value = trim_start(value);
    value = value.strip_prefix(b"=")?;
    value = trim_start(value);
    if let Some(unquoted) = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
    {
        value = unquoted;
    }
    let end = value
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(value.len());
    Encoding::for_label(value.get(..end)?)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_inline_text() {
        let html = "<html><head><title> Statement  on\n Atabek </title>\
            <style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>\
            <body><h1>Free Aron Atabek</h1><p>The poet <b>Aron</b> <i>Atabek</i>\n   was \
            detained.</p><p>Line one<br>line two<br><br><br>after gap</p>\
            <ul><li>first</li><li>second</li></ul><!-- a comment -->\
            <table><tr><td>Name</td><td>City</td></tr><tr><td>Aron</td><td>Almaty</td></tr></table>\
            <noscript>enable JS</noscript><template><p>tpl</p></template>\
            <div hidden>secret</div>&laquo;quoted&raquo; &amp; done</body></html>";
        let (text, title) = html_to_text(html);
        assert_eq!(title.as_deref(), Some("Statement on Atabek"));
        assert_eq!(
            text,
            "Free Aron Atabek\n\nThe poet Aron Atabek was detained.\n\n\
             Line one\nline two\n\nafter gap\n\nfirst\nsecond\n\n\
             Name\tCity\nAron\tAlmaty\n\n«quoted» & done"
        );
    }

    #[test]
    fn title_falls_back_to_h1() {
        let (_, title) = html_to_text("<body><h1> Первый <em>заголовок</em></h1><h1>Second</h1>");
        assert_eq!(title.as_deref(), Some("Первый заголовок"));
        let (_, title) = html_to_text("<p>no headings</p>");
        assert_eq!(title, None);
    }

    #[test]
    fn broken_html_still_yields_text() {
        let (text, _) =
            html_to_text("<div><p>Unclosed <b>bold <i>and italic<p>next paragraph<div>tail");
        assert!(text.contains("Unclosed bold and italic"), "{text}");
        assert!(text.contains("next paragraph"));
        assert!(text.ends_with("tail"));
    }

    #[test]
    fn pre_keeps_its_lines() {
        let (text, _) = html_to_text("<pre>a   b\nc\n\n\n\nd</pre>");
        assert_eq!(text, "a b\nc\n\nd");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(20_000) + "deep";
        let (text, _) = html_to_text(&html);
        assert_eq!(text, "deep");
    }

    #[test]
    fn meta_charset_is_found() {
        let a = b"<html><head><meta charset=\"windows-1251\"></head>";
        assert_eq!(sniff_meta_charset(a), Some(encoding_rs::WINDOWS_1251));
        let b = b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-r\">";
        assert_eq!(sniff_meta_charset(b), Some(encoding_rs::KOI8_R));
        assert_eq!(sniff_meta_charset(b"<meta name=x><p>charset=foo"), None);
        assert_eq!(sniff_meta_charset(b"<meta charset"), None);
    }
}
