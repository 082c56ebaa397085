//! Document titles.

use kuager_domain::DocumentFormat;

/// Longest title, in characters, "…" included.
pub const MAX_TITLE_CHARS: usize = 120;

/// A document's title: for HTML the `<title>` (or first `<h1>`) passed in
/// as `html_title`; for Markdown the first `# ` heading outside code blocks;
/// otherwise, and as the fallback, the first non-empty line (for Markdown
/// with heading marks stripped). Whitespace is collapsed and titles over
/// 120 characters are cut at a word boundary and end in "…". Empty when the
/// text has no visible characters.
pub fn derive_title(text: &str, format: DocumentFormat, html_title: Option<&str>) -> String {
    let chosen = match format {
        DocumentFormat::Html => html_title
            .map(collapse)
            .filter(|t| !t.is_empty())
            .or_else(|| first_line(text)),
        DocumentFormat::Markdown => {
            markdown_heading(text).or_else(|| first_line(text).map(|l| strip_heading_marks(&l)))
        }
        DocumentFormat::Text | DocumentFormat::Pdf => first_line(text),
    };
    chosen.map(|t| shorten(&t)).unwrap_or_default()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_line(text: &str) -> Option<String> {
    text.lines().map(collapse).find(|l| !l.is_empty())
}

/// The first ATX level-one heading ("# Title", up to three spaces of
/// indentation, optional closing hashes), skipping fenced code blocks.
fn markdown_heading(text: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim_start_matches(' ');
        if indent <= 3 {
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            if let Some(marker) = marker {
                match fence {
                    None => fence = Some(marker),
                    Some(open) if open == marker => fence = None,
                    Some(_) => {}
                }
                continue;
            }
        }
        if fence.is_some() || indent > 3 {
            continue;
        }
        let heading = trimmed
            .strip_prefix("# ")
            .or_else(|| trimmed.strip_prefix("#\t"));
        if let Some(heading) = heading {
            let title = collapse(strip_closing_hashes(heading));
            if !title.is_empty() {
                return Some(title);
            }
        }
    }
    None
}

fn strip_closing_hashes(heading: &str) -> &str {
    let trimmed = heading.trim_end();
    let without = trimmed.trim_end_matches('#');
    if without.len() < trimmed.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        without
    } else {
        trimmed
    }
}

fn strip_heading_marks(line: &str) -> String {
    let stripped = line.trim_start_matches('#');
    if stripped.len() < line.len() && stripped.starts_with(' ') {
        collapse(strip_closing_hashes(stripped))
    } else {
        line.to_string()
    }
}

/// Cut to at most [`MAX_TITLE_CHARS`] characters at a word boundary,
/// ending in "…".
fn shorten(title: &str) -> String {
    if title.chars().count() <= MAX_TITLE_CHARS {
        return title.to_string();
    }
    let keep = MAX_TITLE_CHARS - 1; // room for "…"
    let head: String = title.chars().take(keep).collect();
    // The character after the cut: if it is a space, the cut is already at
    // a word boundary.
    let next_is_space = title.chars().nth(keep).is_some_and(char::is_whitespace);
    let cut = if next_is_space {
        head.as_str()
    } else {
        match head.rfind(char::is_whitespace) {
            // Only back off to a word boundary if that keeps most of it.
            Some(i) if head.get(..i).is_some_and(|h| h.chars().count() >= keep / 2) => {
                head.get(..i).unwrap_or(&head)
            }
            _ => head.as_str(),
        }
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_title_wins() {
        let t = derive_title("Body line", DocumentFormat::Html, Some("  The  title "));
        assert_eq!(t, "The title");
        let t = derive_title("\n\nBody line\n", DocumentFormat::Html, None);
        assert_eq!(t, "Body line");
    }

    #[test]
    fn markdown_heading() {
        let md = "Intro text\n\n```sh\n# not a heading\n```\n# Free Aron Atabek #\n\n## Sub";
        assert_eq!(
            derive_title(md, DocumentFormat::Markdown, None),
            "Free Aron Atabek"
        );
        let md = "\n## Second level only\ntext";
        assert_eq!(
            derive_title(md, DocumentFormat::Markdown, None),
            "Second level only"
        );
        assert_eq!(
            derive_title("#hashtag", DocumentFormat::Markdown, None),
            "#hashtag"
        );
    }

    #[test]
    fn first_line_for_text() {
        let t = derive_title(
            "\n   \n  Заявление   правозащитников \nдалее",
            DocumentFormat::Text,
            None,
        );
        assert_eq!(t, "Заявление правозащитников");
        assert_eq!(derive_title("", DocumentFormat::Pdf, None), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let line = "Statement on the detention of the poet Aron Atabek ".repeat(5);
        let t = derive_title(&line, DocumentFormat::Text, None);
        assert!(t.chars().count() <= MAX_TITLE_CHARS);
        assert!(t.ends_with('…'));
        let body = t.trim_end_matches('…');
        assert!(line.starts_with(body));
        assert!(
            line[body.len()..].starts_with(' '),
            "cut inside a word: {t}"
        );

        let unbroken = "Ж".repeat(300);
        let t = derive_title(&unbroken, DocumentFormat::Text, None);
        assert_eq!(t.chars().count(), MAX_TITLE_CHARS);

        let exact = "x".repeat(MAX_TITLE_CHARS);
        assert_eq!(derive_title(&exact, DocumentFormat::Text, None), exact);
    }
}
