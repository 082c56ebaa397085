//! Server-rendered HTML fragments (maud escapes every text). No scripts,
//! no links off the site: the public site must work as an onion service
//! with JavaScript off.

use crate::labels;
use crate::public::{PublicEvent, PublicPerson};
use kuager_i18n::{tr, Locale};
use maud::{html, Markup};

/// One published event: title, people, legal facts, description, sources.
pub fn event(e: &PublicEvent, locale: Locale) -> Markup {
    html! {
        article.event id=(format!("event-{}", e.id())) {
            h3 {
                (tr(locale, &e.event_type().message_id()))
                " — "
                time datetime=(e.date().start.iso()) { (labels::date(locale, e.date())) }
                @let place = labels::place(locale, e);
                @if !place.is_empty() { " — " (place) }
            }
            p.verification { (tr(locale, "field-verification")) ": " (tr(locale, &e.verification().message_id())) }
            @if !e.participants().is_empty() {
                ul.participants {
                    @for p in e.participants() {
                        li { (labels::participant(locale, p)) }
                    }
                }
            }
            @if !e.charges().is_empty() {
                p.charges {
                    (tr(locale, "field-charges")) ": "
                    @for (i, c) in e.charges().iter().enumerate() {
                        @if i > 0 { "; " }
                        (labels::charge(locale, c))
                    }
                }
            }
            @for (label, value) in [("field-court", e.court()), ("field-judge", e.judge()), ("field-verdict", e.verdict())] {
                @if let Some(value) = value {
                    p { (tr(locale, label)) ": " (value) }
                }
            }
            @if let Some(sentence) = labels::sentence(locale, e) {
                p.sentence { (tr(locale, "field-sentence-kind")) ": " (sentence) }
            }
            @if let Some(description) = e.description() {
                div.description {
                    @for paragraph in description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                        p { (paragraph) }
                    }
                }
            }
            @if e.text_withheld() {
                p.withheld { (labels::text_withheld(locale)) }
            }
            @if !e.sources().is_empty() {
                p.sources { (tr(locale, "field-sources")) ":" }
                ul.sources {
                    @for s in e.sources() {
                        li { (labels::source(locale, s)) }
                    }
                }
            }
        }
    }
}

/// A person's public page: name or pseudonym, other names, status and its
/// timeline, recognitions, and the events the person may be shown in.
pub fn person_page(p: &PublicPerson, locale: Locale) -> Markup {
    html! {
        article.person lang=(locale.code()) {
            h1 { (p.display_name(locale)) }
            @if p.names().len() > 1 {
                p.names { (tr(locale, "field-names")) ": " (p.names()[1..].join(", ")) }
            }
            p.status { (tr(locale, "field-status")) ": " (tr(locale, &p.status().message_id())) }
            @if !p.timeline().is_empty() {
                section.timeline {
                    h2 { (tr(locale, "timeline")) }
                    ol {
                        @for step in p.timeline() {
                            li {
                                time datetime=(step.from.start.iso()) { (labels::date(locale, &step.from)) }
                                " — " (tr(locale, &step.status.message_id()))
                                @if step.implied { " (" (tr(locale, "implied")) ")" }
                            }
                        }
                    }
                }
            }
            @if !p.recognitions().is_empty() {
                section.recognitions {
                    h2 { (tr(locale, "recognition-title")) }
                    ul {
                        @for r in p.recognitions() {
                            li {
                                strong { (tr(locale, &r.decision().message_id())) }
                                " — " (labels::date(locale, r.decided_on()))
                                @if !r.criteria().is_empty() {
                                    ul.criteria {
                                        @for c in r.criteria() {
                                            li { (tr(locale, &format!("{}-short", c.message_id()))) }
                                        }
                                    }
                                }
                                @if let Some(by) = r.decided_by() {
                                    p { (tr(locale, "decided-by")) ": " (by) }
                                }
                            }
                        }
                    }
                }
            }
            section.events {
                h2 { (tr(locale, "events-title")) }
                @if p.events().is_empty() {
                    p { (tr(locale, "no-events")) }
                }
                @for e in p.events() {
                    (event(e, locale))
                }
            }
        }
    }
}
