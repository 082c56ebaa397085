//! A newsletter issue as readers get it: on the web archive, in the Atom
//! feed and by e-mail (plain text and HTML).
//!
//! An [`Issue`] holds only [`PublicEvent`]s, which only redaction makes,
//! so an issue cannot show what redaction did not let through. Its title
//! and introduction are the editor's own text, written for publication.
//! Callers redact the issue's events again every time they render or send
//! it: an event unpublished since is then simply not there.

use crate::public::PublicEvent;
use crate::{html, text};
use kuager_case::newsletter::Section;
use kuager_case::Day;
use kuager_i18n::{format_day, tr, tr_args, ArgValue, Locale};
use maud::{html as markup, Markup, PreEscaped, DOCTYPE};

/// One issue, its events grouped by section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The public number (none while a draft is previewed).
    pub number: Option<i64>,
    pub title: String,
    pub introduction: String,
    pub period_start: Day,
    pub period_end: Day,
    /// RFC 3339, once published.
    pub published_at: Option<String>,
    /// The edition's language.
    pub locale: Locale,
    sections: Vec<(Section, Vec<PublicEvent>)>,
}

/// Absolute addresses a mail carries (a mail is read away from the site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLinks {
    /// The issue in the web archive.
    pub issue_url: String,
    /// The subscriber's one-click unsubscribe page.
    pub unsubscribe_url: String,
}

impl Issue {
    /// An issue of `items` (section and event, in issue order); sections
    /// come in their fixed order, items keep theirs within a section, and
    /// empty sections are left out.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        number: Option<i64>,
        title: &str,
        introduction: &str,
        period_start: Day,
        period_end: Day,
        published_at: Option<&str>,
        locale: Locale,
        items: Vec<(Section, PublicEvent)>,
    ) -> Issue {
        let mut sections: Vec<(Section, Vec<PublicEvent>)> = Vec::new();
        for s in Section::ALL {
            let events: Vec<PublicEvent> = items
                .iter()
                .filter(|(section, _)| section == s)
                .map(|(_, e)| e.clone())
                .collect();
            if !events.is_empty() {
                sections.push((*s, events));
            }
        }
        Issue {
            number,
            title: text::one_line(title),
            introduction: introduction.to_string(),
            period_start,
            period_end,
            published_at: published_at.map(str::to_string),
            locale,
            sections,
        }
    }

    /// The sections that have events, in order.
    pub fn sections(&self) -> &[(Section, Vec<PublicEvent>)] {
        &self.sections
    }

    /// Every event of the issue, in issue order.
    pub fn events(&self) -> impl Iterator<Item = &PublicEvent> {
        self.sections.iter().flat_map(|(_, events)| events.iter())
    }

    /// "No. 12 · 1 December 2020 – 7 December 2020".
    pub fn dateline(&self) -> String {
        let l = self.locale;
        let period = format!(
            "{} – {}",
            format_day(
                l,
                self.period_start.year,
                self.period_start.month,
                self.period_start.day
            ),
            format_day(
                l,
                self.period_end.year,
                self.period_end.month,
                self.period_end.day
            )
        );
        match self.number {
            Some(n) => format!(
                "{} · {period}",
                tr_args(l, "newsletter-number", &[("number", ArgValue::Num(n))])
            ),
            None => period,
        }
    }

    /// The subject of the mail.
    pub fn subject(&self) -> String {
        match self.number {
            Some(n) => format!(
                "{} · {}",
                self.title,
                tr_args(
                    self.locale,
                    "newsletter-number",
                    &[("number", ArgValue::Num(n))]
                )
            ),
            None => self.title.clone(),
        }
    }

    fn paragraphs(&self) -> Vec<String> {
        self.introduction
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(text::one_line)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// The plain-text part of a mail (and the text of a feed entry when
/// `links` is `None`).
pub fn text(issue: &Issue, links: Option<&MailLinks>) -> String {
    let l = issue.locale;
    let mut out = String::new();
    out.push_str(&issue.title);
    out.push('\n');
    out.push_str(&issue.dateline());
    out.push_str("\n\n");
    for p in issue.paragraphs() {
        out.push_str(&p);
        out.push_str("\n\n");
    }
    for (section, events) in issue.sections() {
        let heading = tr(l, &section.message_id());
        out.push_str(&format!("== {heading} ==\n\n"));
        for e in events {
            out.push_str(&text::newsletter_item(e, l));
            out.push('\n');
        }
    }
    if issue.sections().is_empty() {
        out.push_str(&tr(l, "newsletter-no-events"));
        out.push_str("\n\n");
    }
    if let Some(links) = links {
        out.push_str("-- \n");
        out.push_str(&format!(
            "{}: {}\n",
            tr(l, "newsletter-read-on-web"),
            links.issue_url
        ));
        out.push_str(&format!(
            "{}: {}\n",
            tr(l, "newsletter-unsubscribe-link"),
            links.unsubscribe_url
        ));
    }
    out
}

/// The issue's body as HTML: the archive page and the editor's preview
/// put it in their page; the mail wraps it in a document.
pub fn body(issue: &Issue) -> Markup {
    let l = issue.locale;
    markup! {
        article.issue lang=(l.code()) {
            p.dateline { (issue.dateline()) }
            @for p in issue.paragraphs() {
                p.introduction { (p) }
            }
            @for (section, events) in issue.sections() {
                section.newsletter-section id=(format!("section-{}", section.code())) {
                    h2 { (tr(l, &section.message_id())) }
                    @for e in events {
                        (html::event(e, l))
                    }
                }
            }
            @if issue.sections().is_empty() {
                p.empty { (tr(l, "newsletter-no-events")) }
            }
        }
    }
}

/// The HTML part of a mail: a whole document, no images, no styles, no
/// scripts, every link absolute (mail is read away from the site).
pub fn mail_html(issue: &Issue, links: &MailLinks) -> String {
    let l = issue.locale;
    let document = markup! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                title { (issue.title) }
            }
            body {
                h1 { (issue.title) }
                (body(issue))
                hr;
                p {
                    a href=(links.issue_url) { (tr(l, "newsletter-read-on-web")) }
                    (PreEscaped(" &middot; "))
                    a href=(links.unsubscribe_url) { (tr(l, "newsletter-unsubscribe-link")) }
                }
            }
        }
    };
    document.into_string()
}
