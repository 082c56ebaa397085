//! The register of assembly notifications (analysts): list, register,
//! show, edit with a version check, link the events that followed; and
//! the counts per year, city and reason.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::{
    places, AssemblyAnswer, AssemblyDraft, AssemblyOutcome, AssemblyStats, Day, OrganiserKind,
    RefusalReason, UserRole,
};
use kuager_i18n::ArgValue;
use kuager_store::AssemblyRecord;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

/// The form's fields as typed, so nothing is lost when validation fails.
#[derive(Debug, Default, Clone)]
struct AssemblyInput {
    organiser_kind: String,
    organiser: String,
    place: String,
    place_detail: String,
    date: String,
    purpose: String,
    expected: String,
    answer: String,
    refusal_reason: String,
    refusal_detail: String,
    outcome: String,
}

impl AssemblyInput {
    fn from_form(f: &HashMap<String, String>) -> AssemblyInput {
        let g = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        AssemblyInput {
            organiser_kind: g("organiser_kind"),
            organiser: g("organiser"),
            place: g("place"),
            place_detail: g("place_detail"),
            date: g("date"),
            purpose: g("purpose"),
            expected: g("expected"),
            answer: g("answer"),
            refusal_reason: g("refusal_reason"),
            refusal_detail: g("refusal_detail"),
            outcome: g("outcome"),
        }
    }

    fn from_draft(d: &AssemblyDraft) -> AssemblyInput {
        AssemblyInput {
            organiser_kind: d.organiser_kind.code().into(),
            organiser: d.organiser.clone(),
            place: d.place_key.clone(),
            place_detail: d.place_detail.clone(),
            date: d.date.iso(),
            purpose: d.purpose.clone(),
            expected: d.expected.map(|n| n.to_string()).unwrap_or_default(),
            answer: d.answer.code().into(),
            refusal_reason: d
                .refusal_reason
                .map(|r| r.code().into())
                .unwrap_or_default(),
            refusal_detail: d.refusal_detail.clone(),
            outcome: d.outcome.map(|o| o.code().into()).unwrap_or_default(),
        }
    }

    /// The draft, or every problem by field.
    fn parse(&self) -> Result<AssemblyDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let organiser_kind = OrganiserKind::from_code(&self.organiser_kind);
        if organiser_kind.is_none() {
            errors.add("organiser_kind", "error-required");
        }
        let date = Day::parse_iso(&self.date).ok();
        if date.is_none() {
            errors.add("date", "error-bad-day");
        }
        let expected = if self.expected.is_empty() {
            Ok(None)
        } else {
            self.expected.parse::<u32>().map(Some)
        };
        if expected.is_err() {
            errors.add("expected", "error-bad-number");
        }
        let answer = AssemblyAnswer::from_code(&self.answer);
        if answer.is_none() {
            errors.add("answer", "error-required");
        }
        let draft = AssemblyDraft {
            organiser_kind: organiser_kind.unwrap_or(OrganiserKind::Person),
            organiser: self.organiser.clone(),
            place_key: self.place.clone(),
            place_detail: self.place_detail.clone(),
            date: date.unwrap_or(Day {
                year: 2000,
                month: 1,
                day: 1,
            }),
            purpose: self.purpose.clone(),
            expected: expected.unwrap_or(None),
            answer: answer.unwrap_or(AssemblyAnswer::NoAnswer),
            refusal_reason: RefusalReason::from_code(&self.refusal_reason),
            refusal_detail: self.refusal_detail.clone(),
            outcome: AssemblyOutcome::from_code(&self.outcome),
        };
        // Rules about the answer only make sense once there is one.
        for e in draft.validate() {
            if answer.is_some() || !e.field.starts_with("refusal") {
                errors.add(e.field, e.message);
            }
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// Cities only: the counts are per city.
fn city_select(ctx: &Ctx, selected: &str) -> Markup {
    let lang = ctx.locale.code();
    let mut cities: Vec<_> = places::all().iter().filter(|p| p.kind == "city").collect();
    cities.sort_by_key(|p| p.name(lang));
    html! {
        select #place name="place" required {
            option value="" { (ctx.t("field-place-unknown")) }
            @for p in cities {
                option value=(p.key) selected[selected == p.key] { (p.name(lang)) }
            }
        }
    }
}

fn assembly_form(
    ctx: &Ctx,
    action: &str,
    version: Option<i64>,
    input: &AssemblyInput,
    errors: &FieldErrors,
) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action=(action) {
            (layout::csrf_field(ctx))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            fieldset {
                legend { (ctx.t("field-organiser-kind")) }
                @for k in OrganiserKind::ALL {
                    label.choice { input type="radio" name="organiser_kind" value=(k.code()) checked[input.organiser_kind == k.code() || (input.organiser_kind.is_empty() && *k == OrganiserKind::Group)]; (ctx.t(&k.message_id())) }
                }
                (errors.show(ctx, "organiser_kind"))
            }
            label for="organiser" { (ctx.t("field-organiser")) }
            input #organiser type="text" name="organiser" value=(input.organiser) required aria-invalid=[invalid("organiser")];
            (errors.show(ctx, "organiser"))
            label for="place" { (ctx.t("field-city")) }
            (city_select(ctx, &input.place))
            (errors.show(ctx, "place"))
            label for="place_detail" { (ctx.t("field-place-detail")) }
            input #place_detail type="text" name="place_detail" value=(input.place_detail) aria-invalid=[invalid("place_detail")];
            (errors.show(ctx, "place_detail"))
            label for="date" { (ctx.t("field-assembly-date")) }
            input #date type="text" name="date" value=(input.date) placeholder="2024-06-01" required aria-invalid=[invalid("date")];
            (errors.show(ctx, "date"))
            label for="purpose" { (ctx.t("field-purpose")) }
            textarea #purpose name="purpose" rows="3" { (input.purpose) }
            (errors.show(ctx, "purpose"))
            label for="expected" { (ctx.t("field-expected")) }
            input #expected type="text" inputmode="numeric" name="expected" value=(input.expected) aria-invalid=[invalid("expected")];
            (errors.show(ctx, "expected"))
            fieldset {
                legend { (ctx.t("field-answer")) }
                @for a in AssemblyAnswer::ALL {
                    label.choice { input type="radio" name="answer" value=(a.code()) checked[input.answer == a.code()]; (ctx.t(&a.message_id())) }
                }
                (errors.show(ctx, "answer"))
            }
            label for="refusal_reason" { (ctx.t("field-refusal-reason")) }
            select #refusal_reason name="refusal_reason" aria-invalid=[invalid("refusal_reason")] {
                option value="" { (ctx.t("reason-none")) }
                @for r in RefusalReason::ALL {
                    option value=(r.code()) selected[input.refusal_reason == r.code()] { (ctx.t(&r.message_id())) }
                }
            }
            (errors.show(ctx, "refusal_reason"))
            label for="refusal_detail" { (ctx.t("field-refusal-detail")) }
            input #refusal_detail type="text" name="refusal_detail" value=(input.refusal_detail) aria-invalid=[invalid("refusal_detail")];
            (errors.show(ctx, "refusal_detail"))
            label for="outcome" { (ctx.t("field-outcome")) }
            select #outcome name="outcome" {
                option value="" { (ctx.t("outcome-unknown")) }
                @for o in AssemblyOutcome::ALL {
                    option value=(o.code()) selected[input.outcome == o.code()] { (ctx.t(&o.message_id())) }
                }
            }
            button type="submit" { (ctx.t("action-save")) }
        }
    }
}

fn city_name(ctx: &Ctx, key: &str) -> String {
    places::place(key)
        .map(|p| p.name(ctx.locale.code()).to_string())
        .unwrap_or_else(|| key.to_string())
}

fn answer_text(ctx: &Ctx, a: &AssemblyRecord) -> String {
    let d = &a.draft;
    match d.refusal_reason {
        Some(r) => format!(
            "{} ({})",
            ctx.t(&d.answer.message_id()),
            ctx.t(&r.message_id())
        ),
        None => ctx.t(&d.answer.message_id()),
    }
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let year = q.year.as_deref().and_then(|y| y.parse::<i32>().ok());
    let assemblies = state.store.assemblies(year).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("assemblies-title"),
        html! {
            p {
                a.button href="/assemblies/new" { (ctx.t("action-new-assembly")) }
                " " a href="/statistics/assemblies" { (ctx.t("assembly-stats-title")) }
            }
            @if assemblies.is_empty() { p.empty { (ctx.t("no-assemblies")) } }
            @else {
                table.assemblies {
                    thead { tr {
                        th { (ctx.t("field-assembly-date")) } th { (ctx.t("field-city")) }
                        th { (ctx.t("field-organiser")) } th { (ctx.t("field-answer")) }
                        th { (ctx.t("field-outcome")) }
                    } }
                    tbody {
                        @for a in &assemblies {
                            tr {
                                td { a href=(format!("/assemblies/{}", a.id)) { (kuager_i18n::format_day(ctx.locale, a.draft.date.year, a.draft.date.month, a.draft.date.day)) } }
                                td { (city_name(&ctx, &a.draft.place_key)) }
                                td { (a.draft.organiser) }
                                td { (answer_text(&ctx, a)) }
                                td { @if let Some(o) = a.draft.outcome { (ctx.t(&o.message_id())) } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    Ok(layout::page(
        &ctx,
        &ctx.t("assembly-new-title"),
        assembly_form(
            &ctx,
            "/assemblies",
            None,
            &AssemblyInput::default(),
            &FieldErrors::default(),
        ),
    ))
}

fn invalid_page(ctx: &Ctx, title: &str, body: Markup) -> Response {
    let mut r = layout::page(ctx, title, body);
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    r
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Analyst)?;
    let input = AssemblyInput::from_form(&f);
    let title = ctx.t("assembly-new-title");
    match input.parse() {
        Ok(draft) => {
            let id = state.store.add_assembly(user.id, &draft).await?;
            Ok(Redirect::to(&format!("/assemblies/{id}?done=assembly-saved")).into_response())
        }
        Err(errors) => Ok(invalid_page(
            &ctx,
            &title,
            assembly_form(&ctx, "/assemblies", None, &input, &errors),
        )),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let a = state.store.assembly(id).await?.ok_or(AppError::NotFound)?;
    let d = &a.draft;
    let mut events = Vec::new();
    for event_id in &a.events {
        if let Some(e) = state.store.event(*event_id).await? {
            events.push(e);
        }
    }
    Ok(layout::page(
        &ctx,
        &ctx.t("assembly-title"),
        html! {
            @if let Some(n) = &done.done { (layout::notice(&ctx.t(&format!("done-{n}")))) }
            dl.facts {
                dt { (ctx.t("field-organiser")) } dd { (d.organiser) " (" (ctx.t(&d.organiser_kind.message_id())) ")" }
                dt { (ctx.t("field-city")) } dd { (city_name(&ctx, &d.place_key)) @if !d.place_detail.is_empty() { ", " (d.place_detail) } }
                dt { (ctx.t("field-assembly-date")) } dd { (kuager_i18n::format_day(ctx.locale, d.date.year, d.date.month, d.date.day)) }
                @if !d.purpose.is_empty() { dt { (ctx.t("field-purpose")) } dd { (d.purpose) } }
                @if let Some(n) = d.expected { dt { (ctx.t("field-expected")) } dd { (kuager_i18n::format_number(ctx.locale, i64::from(n))) } }
                dt { (ctx.t("field-answer")) } dd #answer { (answer_text(&ctx, &a)) }
                @if !d.refusal_detail.is_empty() { dt { (ctx.t("field-refusal-detail")) } dd { (d.refusal_detail) } }
                @if let Some(o) = d.outcome { dt { (ctx.t("field-outcome")) } dd { (ctx.t(&o.message_id())) } }
            }
            p { a href=(format!("/assemblies/{id}/edit")) { (ctx.t("action-edit")) } }
            h2 { (ctx.t("field-linked-events")) }
            @if events.is_empty() { p.empty { (ctx.t("no-events")) } }
            ul.events {
                @for e in &events {
                    (crate::view::event_row(&ctx, e))
                    form.inline method="post" action=(format!("/assemblies/{id}/events")) {
                        (layout::csrf_field(&ctx))
                        input type="hidden" name="event" value=(e.id);
                        input type="hidden" name="op" value="unlink";
                        button type="submit" { (ctx.t("action-remove")) }
                    }
                }
            }
            form.inline method="post" action=(format!("/assemblies/{id}/events")) {
                (layout::csrf_field(&ctx))
                input type="hidden" name="op" value="link";
                label for="event" { (ctx.t("field-event-id")) }
                " " input #event type="text" inputmode="numeric" name="event" required;
                " " button type="submit" { (ctx.t("action-link-event")) }
            }
        },
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let a = state.store.assembly(id).await?.ok_or(AppError::NotFound)?;
    Ok(layout::page(
        &ctx,
        &ctx.t("assembly-title"),
        assembly_form(
            &ctx,
            &format!("/assemblies/{id}/edit"),
            Some(a.version),
            &AssemblyInput::from_draft(&a.draft),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Analyst)?;
    let version: i64 = f
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest("the form has no version".into()))?;
    let input = AssemblyInput::from_form(&f);
    let action = format!("/assemblies/{id}/edit");
    let title = ctx.t("assembly-title");
    let draft = match input.parse() {
        Ok(d) => d,
        Err(errors) => {
            return Ok(invalid_page(
                &ctx,
                &title,
                assembly_form(&ctx, &action, Some(version), &input, &errors),
            ))
        }
    };
    match state
        .store
        .update_assembly(user.id, id, version, &draft)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/assemblies/{id}?done=assembly-saved")).into_response())
        }
        Err(kuager_store::CaseError::StaleVersion { current, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("organiser", "error-stale");
            Ok(invalid_page(
                &ctx,
                &title,
                assembly_form(&ctx, &action, Some(current), &input, &errors),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    op: String,
    #[serde(default)]
    event: String,
}

pub async fn link_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<LinkForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    let event: i64 = f
        .event
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest(ctx.t("error-unknown-event")))?;
    let link = f.op != "unlink";
    match state
        .store
        .link_assembly_event(user.id, id, event, link)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/assemblies/{id}?done=event-linked")).into_response()),
        Err(kuager_store::CaseError::NotFound {
            entity: "event", ..
        }) => Err(AppError::BadRequest(ctx.t("error-unknown-event"))),
        Err(e) => Err(e.into()),
    }
}

// ---- counts -------------------------------------------------------------

pub async fn statistics(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let stats = AssemblyStats::from_facts(&state.store.assembly_facts().await?);
    let num = |n: u64| kuager_i18n::format_number(ctx.locale, i64::try_from(n).unwrap_or(i64::MAX));
    let chosen = q
        .year
        .as_deref()
        .and_then(|y| y.parse::<i32>().ok())
        .and_then(|y| stats.year(y))
        .or(stats.years.last());
    let first = stats.years.first().map(|y| y.year);
    Ok(layout::page(
        &ctx,
        &ctx.t("assembly-stats-title"),
        html! {
            p { a href="/assemblies" { (ctx.t("assemblies-title")) } }
            @if stats.years.is_empty() { p.empty { (ctx.t("no-assembly-stats")) } }
            @if let (Some(y), Some(first)) = (chosen, first) {
                p.headline #headline {
                    (ctx.t_args("assembly-stats-summary", &[
                        ("refused", ArgValue::Num(i64::try_from(y.refused).unwrap_or(i64::MAX))),
                        ("cities", ArgValue::Num(i64::try_from(y.cities_with_refusals()).unwrap_or(i64::MAX))),
                        ("year", ArgValue::Str(&y.year.to_string())),
                        ("total", ArgValue::Num(i64::try_from(stats.refusals_through(y.year)).unwrap_or(i64::MAX))),
                        ("first", ArgValue::Str(&first.to_string())),
                    ]))
                }
            }
            @if !stats.years.is_empty() {
                h2 { (ctx.t("stats-by-reason")) }
                table.stats #by-reason {
                    thead { tr {
                        th {}
                        @for y in &stats.years { th scope="col" { a href=(format!("/statistics/assemblies?year={}", y.year)) { (y.year) } } }
                    } }
                    tbody {
                        tr.notifications { th scope="row" { (ctx.t("stats-notifications")) } @for y in &stats.years { td { (num(y.notifications)) } } }
                        tr.agreed { th scope="row" { (ctx.t("assembly-answer-agreed")) } @for y in &stats.years { td { (num(y.agreed)) } } }
                        tr.no-answer { th scope="row" { (ctx.t("assembly-answer-no-answer")) } @for y in &stats.years { td { (num(y.no_answer)) } } }
                        tr.refused { th scope="row" { (ctx.t("assembly-answer-refused")) } @for y in &stats.years { td { (num(y.refused)) } } }
                        @for (i, r) in RefusalReason::ALL.iter().enumerate() {
                            tr class=(format!("reason {}", r.code())) {
                                th scope="row" { "— " (ctx.t(&r.message_id())) }
                                @for y in &stats.years { td { (num(y.by_reason.get(i).copied().unwrap_or(0))) } }
                            }
                        }
                    }
                }
                h2 { (ctx.t("stats-by-city")) }
                table.stats #by-city {
                    thead { tr { th {} @for y in &stats.years { th scope="col" { (y.year) } } } }
                    tbody {
                        @for c in &stats.cities {
                            tr {
                                th scope="row" { (city_name(&ctx, c)) }
                                @for y in &stats.years { td { (num(y.by_city.get(c).map_or(0, |v| v.iter().sum()))) } }
                            }
                        }
                    }
                }
            }
            @if let Some(y) = chosen {
                h2 { (ctx.t_args("stats-city-reason", &[("year", ArgValue::Str(&y.year.to_string()))])) }
                table.stats #city-reason {
                    thead { tr {
                        th {}
                        @for r in RefusalReason::ALL { th scope="col" { (ctx.t(&r.message_id())) } }
                        th scope="col" { (ctx.t("stats-total")) }
                    } }
                    tbody {
                        @for (c, counts) in &y.by_city {
                            tr {
                                th scope="row" { (city_name(&ctx, c)) }
                                @for n in counts { td { (num(*n)) } }
                                td { (num(counts.iter().sum())) }
                            }
                        }
                    }
                }
            }
        },
    ))
}
