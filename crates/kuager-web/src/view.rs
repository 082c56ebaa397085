//! Showing case-model values in the visitor's language.

use crate::ctx::Ctx;
use kuager_case::places;
use kuager_case::{CaseDate, Charge, DatePrecision, Day, EventDraft, SourceRef};
use kuager_i18n::{format_day, format_month, format_year};
use kuager_store::EventRecord;
use maud::{html, Markup};

fn day_at(ctx: &Ctx, d: Day, precision: DatePrecision) -> String {
    match precision {
        DatePrecision::Year => format_year(ctx.locale, d.year),
        DatePrecision::Month => format_month(ctx.locale, d.year, d.month),
        _ => format_day(ctx.locale, d.year, d.month, d.day),
    }
}

/// A date as precisely as it is known: "12 January 2022", "January
/// 2022", "≈ January 2022", "5 – 12 January 2022".
pub fn date(ctx: &Ctx, d: &CaseDate) -> String {
    match d.precision {
        DatePrecision::Approximate => format!("≈ {}", day_at(ctx, d.start, d.rough_precision())),
        DatePrecision::Range => format!(
            "{} – {}",
            day_at(ctx, d.start, DatePrecision::Day),
            day_at(ctx, d.end, DatePrecision::Day)
        ),
        p => day_at(ctx, d.start, p),
    }
}

pub fn place(ctx: &Ctx, key: Option<&str>, detail: &str) -> String {
    let name = key
        .and_then(places::place)
        .map(|p| p.name(ctx.locale.code()));
    match (name, detail.trim()) {
        (Some(n), "") => n.to_string(),
        (Some(n), d) => format!("{n}, {d}"),
        (None, d) => d.to_string(),
    }
}

/// "УК 174-1 (Разжигание ...)"
pub fn charge(ctx: &Ctx, c: &Charge) -> String {
    let code = ctx.t(&format!("code-{}-short", c.code.code()));
    match c.title_message_id() {
        Some(id) => format!("{code} {} — {}", c.article_input(), ctx.t(&id)),
        None => format!("{code} {}", c.article_input()),
    }
}

pub fn event_title(ctx: &Ctx, d: &EventDraft) -> String {
    ctx.t(&d.event_type.message_id())
}

/// One line of an event list with a link to the event.
pub fn event_row(ctx: &Ctx, e: &EventRecord) -> Markup {
    let d = &e.draft;
    html! {
        li.event {
            a href=(format!("/events/{}", e.id)) { strong { (event_title(ctx, d)) } }
            " · " time datetime=(d.date.start.iso()) { (date(ctx, &d.date)) }
            @let p = place(ctx, d.place_key.as_deref(), &d.place_detail);
            @if !p.is_empty() { " · " (p) }
            " · " span class=(format!("verification {}", d.verification.code())) { (ctx.t(&d.verification.message_id())) }
            @if !d.legal.charges.is_empty() {
                ul.charges { @for c in &d.legal.charges { li { (charge(ctx, c)) } } }
            }
        }
    }
}

pub fn source(ctx: &Ctx, s: &SourceRef) -> Markup {
    match s {
        SourceRef::Document { sha256, start, end } => html! {
            a href=(format!("/sources/{sha256}#m{start}")) { (ctx.t("source-document")) " " code { (sha256.get(..12).unwrap_or(sha256)) } " [" (start) "–" (end) "]" }
        },
        SourceRef::Report { report_id } => html! {
            a href=(format!("/reports/{report_id}")) { (ctx.t("source-report")) " #" (report_id) }
        },
        SourceRef::Reference { citation, url } => html! {
            (citation)
            @if !url.is_empty() {
                " · " span.url { (url) }
            }
        },
    }
}
