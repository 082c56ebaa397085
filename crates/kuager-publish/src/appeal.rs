//! Collective appeals as the public sees them: the text, the cited cases
//! and people as redaction lets them through, and the signatories who
//! confirmed their signature and whom an editor approved.
//!
//! [`redact_appeal`] is the only way to a [`PublicAppeal`], which the
//! renderers here ([`html`], [`csv`], [`text_blocks`] for the PDF in
//! [`crate::pdf`]) take:
//!
//! * a draft gives nothing (an editor's preview uses [`preview_appeal`],
//!   which applies every other rule);
//! * a cited person is shown only when their page is public by name (an
//!   appeal names people; a pseudonym in a letter would say nothing and an
//!   anonymised person must not be named), with their status now;
//! * a cited case only when it is published, redacted as everywhere else;
//! * a signatory only when confirmed and approved; their e-mail address
//!   is not even part of the input.
//!
//! The text is Markdown. Raw HTML in it is shown as text; links and
//! images become text too (the label and the address), so an appeal page
//! loads nothing from another host and sends its readers nowhere unasked.

use crate::internal::{InternalEvent, InternalPerson};
use crate::labels;
use crate::public::{PublicEvent, PublicPerson};
use crate::redact::{redact_event, redact_person, PseudonymKey};
use kuager_case::{appeals, AppealState, Moderation, ParticipantRole};
use kuager_i18n::{tr, Locale};
use maud::{html, Markup, PreEscaped};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// An appeal with everything stored about it: the input of redaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalAppeal {
    pub id: i64,
    pub state: AppealState,
    pub title: String,
    /// One addressee a line.
    pub addressees: String,
    /// `ru`, `kk` or `en`.
    pub language: String,
    /// Markdown.
    pub body: String,
    /// When it was opened and closed (RFC 3339).
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    /// What it cites, in order, as the register holds it now.
    pub citations: Vec<InternalCitation>,
    pub signatories: Vec<InternalSignatory>,
}

/// A cited record of the register, in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InternalCitation {
    Person(Box<InternalPerson>),
    Event(Box<InternalEvent>),
}

/// A signature with its confirmation and moderation (never the address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalSignatory {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub city: String,
    pub country: String,
    pub political_group: String,
    pub confirmed: bool,
    pub moderation: Moderation,
}

/// A cited record as it may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicCitation {
    Person(Box<PublicPerson>),
    Event(Box<PublicEvent>),
}

/// A signatory who counts: confirmed and approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSignatory {
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) organisation: String,
    pub(crate) city: String,
    pub(crate) country: String,
    pub(crate) political_group: String,
}

impl PublicSignatory {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn role(&self) -> &str {
        &self.role
    }
    pub fn organisation(&self) -> &str {
        &self.organisation
    }
    pub fn city(&self) -> &str {
        &self.city
    }
    pub fn country(&self) -> &str {
        &self.country
    }
    pub fn political_group(&self) -> &str {
        &self.political_group
    }
    /// `name — role, organisation, city, country / political group`.
    pub fn line(&self) -> String {
        appeals::signatory_line(
            &self.name,
            &self.role,
            &self.organisation,
            &self.city,
            &self.country,
            &self.political_group,
        )
    }
}

/// An appeal as it may be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAppeal {
    pub(crate) id: i64,
    pub(crate) state: AppealState,
    pub(crate) title: String,
    pub(crate) addressees: Vec<String>,
    pub(crate) language: Locale,
    pub(crate) body: String,
    pub(crate) opened_at: Option<String>,
    pub(crate) closed_at: Option<String>,
    pub(crate) citations: Vec<PublicCitation>,
    /// How many cited records are not shown.
    pub(crate) withheld_citations: usize,
    pub(crate) signatories: Vec<PublicSignatory>,
}

impl PublicAppeal {
    pub fn id(&self) -> i64 {
        self.id
    }
    pub fn state(&self) -> AppealState {
        self.state
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn addressees(&self) -> &[String] {
        &self.addressees
    }
    /// The language the appeal is written in.
    pub fn language(&self) -> Locale {
        self.language
    }
    /// The Markdown text.
    pub fn body(&self) -> &str {
        &self.body
    }
    pub fn opened_at(&self) -> Option<&str> {
        self.opened_at.as_deref()
    }
    pub fn closed_at(&self) -> Option<&str> {
        self.closed_at.as_deref()
    }
    pub fn citations(&self) -> &[PublicCitation] {
        &self.citations
    }
    /// Cited records redaction kept out.
    pub fn withheld_citations(&self) -> usize {
        self.withheld_citations
    }
    /// Confirmed and approved signatories, in the order they signed.
    pub fn signatories(&self) -> &[PublicSignatory] {
        &self.signatories
    }
}

/// The public form of a cited record, or `None` when it may not be shown
/// (a person not public by name, an unpublished case). `key` is only used
/// to derive the pseudonym of an anonymised person, who is then left out.
pub fn redact_citation(citation: &InternalCitation, key: &PseudonymKey) -> Option<PublicCitation> {
    match citation {
        InternalCitation::Person(p) => redact_person(p, key)
            .filter(|p| p.id().is_some() && !p.names().is_empty())
            .map(|p| PublicCitation::Person(Box::new(p))),
        InternalCitation::Event(e) => redact_event(e).map(|e| PublicCitation::Event(Box::new(e))),
    }
}

/// The published appeal: `None` for a draft.
pub fn redact_appeal(appeal: &InternalAppeal) -> Option<PublicAppeal> {
    appeal.state.is_public().then(|| preview_appeal(appeal))
}

/// What the appeal will look like once published, whatever its state (an
/// editor's preview): every rule of [`redact_appeal`] but the state's.
pub fn preview_appeal(appeal: &InternalAppeal) -> PublicAppeal {
    // Pseudonymous people are left out, so the key never shows; a fresh
    // one keeps even the left-out codes unrelated to any other output.
    let key = PseudonymKey::new(unshown_key(appeal));
    let mut citations = Vec::new();
    let mut withheld = 0;
    for c in &appeal.citations {
        match redact_citation(c, &key) {
            Some(p) => citations.push(p),
            None => withheld += 1,
        }
    }
    let signatories = appeal
        .signatories
        .iter()
        .filter(|s| s.confirmed && s.moderation == Moderation::Approved)
        .map(|s| PublicSignatory {
            name: appeals::one_line(&s.name),
            role: appeals::one_line(&s.role),
            organisation: appeals::one_line(&s.organisation),
            city: appeals::one_line(&s.city),
            country: appeals::one_line(&s.country),
            political_group: appeals::one_line(&s.political_group),
        })
        .filter(|s| !s.name.is_empty())
        .collect();
    PublicAppeal {
        id: appeal.id,
        state: appeal.state,
        title: appeals::one_line(&appeal.title),
        addressees: appeals::addressee_lines(&appeal.addressees)
            .into_iter()
            .map(str::to_string)
            .collect(),
        language: Locale::from_code(&appeal.language).unwrap_or(Locale::Ru),
        body: appeal.body.clone(),
        opened_at: appeal.opened_at.clone(),
        closed_at: appeal.closed_at.clone(),
        citations,
        withheld_citations: withheld,
        signatories,
    }
}

/// A key for the pseudonyms nobody sees: derived from the appeal's own
/// text, which is no secret, but nothing derived from it is shown.
fn unshown_key(appeal: &InternalAppeal) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"kuager appeal citations\0");
    h.update(appeal.id.to_le_bytes());
    h.update(appeal.body.as_bytes());
    h.finalize().into()
}

// ---- Markdown -----------------------------------------------------------

/// Markdown events with raw HTML turned into text, and links and images
/// into their label followed by the address.
fn safe_events(markdown: &str) -> Vec<Event<'_>> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = Vec::new();
    let mut targets: Vec<CowStr<'_>> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => targets.push(dest_url),
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some(url) = targets.pop() {
                    if !url.trim().is_empty() {
                        out.push(Event::Text(CowStr::from(format!(" ({url})"))));
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The appeal's Markdown as HTML: raw HTML escaped, links and images as
/// text.
pub fn markdown_html(markdown: &str) -> Markup {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, safe_events(markdown).into_iter());
    PreEscaped(out)
}

/// A block of the text for a renderer without HTML (the PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextBlock {
    Heading(String),
    Paragraph(String),
    /// A list item (its nesting flattened).
    Item(String),
    Quote(String),
}

/// The appeal's Markdown as plain blocks: headings, paragraphs, list
/// items, quotations; emphasis dropped, links and images as text.
pub fn text_blocks(markdown: &str) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut quote = 0usize;
    let mut in_item = 0usize;
    let flush =
        |blocks: &mut Vec<TextBlock>, text: &mut String, kind: &dyn Fn(String) -> TextBlock| {
            let t = appeals::one_line(text);
            if !t.is_empty() {
                blocks.push(kind(t));
            }
            text.clear();
        };
    for event in safe_events(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Item) => {
                flush(&mut blocks, &mut text, &TextBlock::Item);
                in_item += 1;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut blocks, &mut text, &TextBlock::Item);
                in_item = in_item.saturating_sub(1);
            }
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => flush(&mut blocks, &mut text, &TextBlock::Heading),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) => {
                if in_item > 0 {
                    flush(&mut blocks, &mut text, &TextBlock::Item);
                } else if quote > 0 {
                    flush(&mut blocks, &mut text, &TextBlock::Quote);
                } else {
                    flush(&mut blocks, &mut text, &TextBlock::Paragraph);
                }
            }
            _ => {}
        }
    }
    flush(&mut blocks, &mut text, &TextBlock::Paragraph);
    blocks
}

// ---- what is said of a citation ------------------------------------------

/// One line about a cited record: a person's name with their status now
/// (and recognition as a political prisoner), or a case's type, date,
/// place and named victims.
pub fn citation_line(c: &PublicCitation, locale: Locale) -> String {
    match c {
        PublicCitation::Person(p) => {
            let mut line = format!(
                "{} — {}",
                p.display_name(locale),
                tr(locale, &p.status().message_id())
            );
            if let Some(r) = p.recognitions().last() {
                line.push_str(&format!(" ({})", tr(locale, &r.decision().message_id())));
            }
            line
        }
        PublicCitation::Event(e) => {
            let mut line = format!(
                "{}, {}",
                tr(locale, &e.event_type().message_id()),
                labels::date(locale, e.date())
            );
            let place = labels::place(locale, e);
            if !place.is_empty() {
                line.push_str(&format!(", {place}"));
            }
            let victims: Vec<&str> = e
                .participants()
                .iter()
                .filter(|p| matches!(p.role(), ParticipantRole::Victim))
                .filter_map(|p| p.name())
                .collect();
            if !victims.is_empty() {
                line.push_str(&format!(": {}", victims.join(", ")));
            }
            line
        }
    }
}

// ---- renderers ------------------------------------------------------------

/// Words of the appeal's own output in its language.
pub fn heading_cited(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Cases and people referred to",
        Locale::Ru => "Упомянутые дела и люди",
        Locale::Kk => "Аталған істер мен адамдар",
    }
}

pub fn heading_signatories(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Signatories",
        Locale::Ru => "Подписавшие",
        Locale::Kk => "Қол қойғандар",
    }
}

pub fn heading_addressees(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "To",
        Locale::Ru => "Кому",
        Locale::Kk => "Кімге",
    }
}

/// The appeal as an HTML fragment, in its own language: addressees,
/// title, text, cited records, signatories one a line.
pub fn html(a: &PublicAppeal) -> Markup {
    let lang = a.language;
    html! {
        article.appeal lang=(lang.code()) id=(format!("appeal-{}", a.id)) {
            @if !a.addressees.is_empty() {
                section.addressees aria-label=(heading_addressees(lang)) {
                    @for line in &a.addressees { p { (line) } }
                }
            }
            h2 { (a.title) }
            div.appeal-text { (markdown_html(&a.body)) }
            @if !a.citations.is_empty() {
                section.cited {
                    h3 { (heading_cited(lang)) }
                    ul {
                        @for c in &a.citations {
                            li {
                                @match c {
                                    PublicCitation::Person(p) => {
                                        @if let Some(id) = p.id() {
                                            span.person data-person=(id) { (citation_line(c, lang)) }
                                        }
                                    }
                                    PublicCitation::Event(e) => {
                                        span.case data-event=(e.id()) { (citation_line(c, lang)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.signatories {
                h3 { (heading_signatories(lang)) }
                ol.signatories {
                    @for s in &a.signatories { li { (s.line()) } }
                }
            }
        }
    }
}

const SIGNATORY_COLUMNS: [&str; 6] = [
    "name",
    "role",
    "organisation",
    "city",
    "country",
    "political_group",
];

/// The signatories who count, one a row after a header row (RFC 4180,
/// guarded against formulas as every export is). No address column: the
/// input has none.
pub fn csv(a: &PublicAppeal) -> String {
    let mut out = String::new();
    crate::csv::row(&mut out, &SIGNATORY_COLUMNS.map(String::from));
    for s in &a.signatories {
        crate::csv::row(
            &mut out,
            &[
                s.name.clone(),
                s.role.clone(),
                s.organisation.clone(),
                s.city.clone(),
                s.country.clone(),
                s.political_group.clone(),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signatory(name: &str, confirmed: bool, moderation: Moderation) -> InternalSignatory {
        InternalSignatory {
            name: name.into(),
            role: "lawyer".into(),
            organisation: "Adilet".into(),
            city: "Шымкент".into(),
            country: "Kazakhstan".into(),
            political_group: String::new(),
            confirmed,
            moderation,
        }
    }

    fn appeal(state: AppealState) -> InternalAppeal {
        InternalAppeal {
            id: 4,
            state,
            title: "To the Special Rapporteur".into(),
            addressees: "Office of the Rapporteur\nGeneva".into(),
            language: "en".into(),
            body: "We ask for **urgent** action.\n\n<script>alert(1)</script>\n\n\
                   See [the report](https://example.org/r) and ![chart](https://t.example/p.png)."
                .into(),
            opened_at: None,
            closed_at: None,
            citations: Vec::new(),
            signatories: vec![
                signatory("Approved Confirmed", true, Moderation::Approved),
                signatory("Approved Unconfirmed", false, Moderation::Approved),
                signatory("Rejected Confirmed", true, Moderation::Rejected),
                signatory("Pending Confirmed", true, Moderation::Pending),
            ],
        }
    }

    #[test]
    fn a_draft_is_not_public_and_only_counted_signatories_are() {
        assert!(redact_appeal(&appeal(AppealState::Draft)).is_none());
        let public = redact_appeal(&appeal(AppealState::Open)).unwrap();
        let names: Vec<&str> = public.signatories().iter().map(|s| s.name()).collect();
        assert_eq!(names, vec!["Approved Confirmed"]);
        let page = html(&public).into_string();
        assert!(page.contains("Approved Confirmed — lawyer, Adilet, Шымкент, Kazakhstan"));
        for hidden in ["Unconfirmed", "Rejected", "Pending"] {
            assert!(!page.contains(hidden), "{hidden}");
            assert!(!csv(&public).contains(hidden), "{hidden}");
        }
    }

    #[test]
    fn raw_html_links_and_images_become_text() {
        let page = markdown_html(&appeal(AppealState::Open).body).into_string();
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(page.contains("<strong>urgent</strong>"), "{page}");
        assert!(!page.contains("<a ") && !page.contains("<img"), "{page}");
        assert!(
            page.contains("the report (https://example.org/r)"),
            "{page}"
        );
        let blocks = text_blocks("# Title\n\nOne\ntwo.\n\n- first\n- second\n\n> quoted");
        assert_eq!(
            blocks,
            vec![
                TextBlock::Heading("Title".into()),
                TextBlock::Paragraph("One two.".into()),
                TextBlock::Item("first".into()),
                TextBlock::Item("second".into()),
                TextBlock::Quote("quoted".into()),
            ]
        );
    }

    #[test]
    fn the_csv_quotes_and_guards_every_field() {
        let mut a = appeal(AppealState::Open);
        a.signatories = vec![InternalSignatory {
            name: "=HYPERLINK(\"x\")".into(),
            role: "+7 701".into(),
            organisation: "Say \"no\", please".into(),
            city: "-Almaty".into(),
            country: "@KZ".into(),
            political_group: "SOC".into(),
            confirmed: true,
            moderation: Moderation::Approved,
        }];
        let csv = csv(&redact_appeal(&a).unwrap());
        assert_eq!(
            csv,
            "name,role,organisation,city,country,political_group\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",'+7 701,\"Say \"\"no\"\", please\",'-Almaty,'@KZ,SOC\r\n"
        );
    }
}
