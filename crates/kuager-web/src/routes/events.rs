//! Events: list, create (from a report, for a person, or blank), show,
//! edit with a version check, sources and attached figures.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::{view, AppState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::{
    CaseDate, Charge, EventDraft, EventType, LegalCode, LegalDetails, Participant, ParticipantRole,
    SentenceKind, SourceRef, UserRole, Verification,
};
use kuager_store::EventRecord;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

/// Empty participant and charge rows offered by the form: without
/// JavaScript rows cannot be added on the page, so a few spare ones are
/// always there (save and edit again for more).
const SPARE_PARTICIPANTS: usize = 3;
const SPARE_CHARGES: usize = 2;

/// What the event form shows: the draft's fields as typed (so nothing is
/// lost when validation fails), participants with person ids.
#[derive(Debug, Default, Clone)]
struct EventInput {
    event_type: String,
    date: String,
    place: String,
    place_detail: String,
    description: String,
    verification: String,
    /// (role, person id, name, position, organisation)
    participants: Vec<[String; 5]>,
    /// (code, article)
    charges: Vec<[String; 2]>,
    court: String,
    judge: String,
    verdict: String,
    sentence_kind: String,
    sentence_months: String,
    sentence_days: String,
    fine_kzt: String,
    // Initial source (creation only).
    source_report: String,
    source_doc: String,
    source_start: String,
    source_end: String,
    source_citation: String,
    source_url: String,
}

impl EventInput {
    fn from_form(f: &HashMap<String, String>) -> EventInput {
        let g = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        let mut participants = Vec::new();
        for i in 0..50 {
            if !f.contains_key(&format!("p{i}_role")) {
                continue;
            }
            let row = ["role", "person", "name", "position", "organisation"]
                .map(|c| g(&format!("p{i}_{c}")));
            if row[1..].iter().any(|v| !v.is_empty()) {
                participants.push(row);
            }
        }
        let mut charges = Vec::new();
        for i in 0..30 {
            let row = ["code", "article"].map(|c| g(&format!("c{i}_{c}")));
            if !row[1].is_empty() {
                charges.push(row);
            }
        }
        EventInput {
            event_type: g("event_type"),
            date: g("date"),
            place: g("place"),
            place_detail: g("place_detail"),
            description: g("description"),
            verification: g("verification"),
            participants,
            charges,
            court: g("court"),
            judge: g("judge"),
            verdict: g("verdict"),
            sentence_kind: g("sentence_kind"),
            sentence_months: g("sentence_months"),
            sentence_days: g("sentence_days"),
            fine_kzt: g("fine_kzt"),
            source_report: g("source_report"),
            source_doc: g("source_doc"),
            source_start: g("source_start"),
            source_end: g("source_end"),
            source_citation: g("source_citation"),
            source_url: g("source_url"),
        }
    }

    async fn from_record(state: &AppState, e: &EventRecord) -> AppResult<EventInput> {
        let d = &e.draft;
        let mut participants = Vec::new();
        for p in &d.participants {
            let person = match &p.person {
                Some(k) => state.store.person_of_mention(k).await?.unwrap_or_default(),
                None => String::new(),
            };
            participants.push([
                p.role.code().to_string(),
                person,
                p.name.clone(),
                p.position.clone(),
                p.organisation.clone(),
            ]);
        }
        let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        Ok(EventInput {
            event_type: d.event_type.code().into(),
            date: d.date.to_input(),
            place: d.place_key.clone().unwrap_or_default(),
            place_detail: d.place_detail.clone(),
            description: d.description.clone(),
            verification: d.verification.code().into(),
            participants,
            charges: d
                .legal
                .charges
                .iter()
                .map(|c| [c.code.code().to_string(), c.article_input()])
                .collect(),
            court: d.legal.court.clone(),
            judge: d.legal.judge.clone(),
            verdict: d.legal.verdict.clone(),
            sentence_kind: d
                .legal
                .sentence_kind
                .map(|k| k.code().to_string())
                .unwrap_or_default(),
            sentence_months: opt(d.legal.sentence_months),
            sentence_days: opt(d.legal.sentence_days),
            fine_kzt: d.legal.fine_kzt.map(|v| v.to_string()).unwrap_or_default(),
            ..Default::default()
        })
    }

    /// The draft, or every problem next to its field.
    async fn to_draft(
        &self,
        state: &AppState,
        ctx: &Ctx,
        errors: &mut FieldErrors,
    ) -> AppResult<Option<EventDraft>> {
        let event_type = EventType::from_code(&self.event_type);
        if event_type.is_none() {
            errors.add("event_type", "error-required");
        }
        let date = match CaseDate::parse(&self.date) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.add_text("date", e.to_string());
                None
            }
        };
        let place_key = (!self.place.is_empty()).then(|| self.place.clone());
        if let Some(k) = &place_key {
            if kuager_case::places::place(k).is_none() {
                errors.add("place", "error-unknown-place");
            }
        }
        let verification = Verification::from_code(&self.verification);
        if verification.is_none() {
            errors.add("verification", "error-required");
        }
        let mut participants = Vec::new();
        for (i, [role, person, name, position, organisation]) in
            self.participants.iter().enumerate()
        {
            let field = format!("p{i}");
            let Some(role) = ParticipantRole::from_code(role) else {
                errors.add(&field, "error-choose-role");
                continue;
            };
            let mut name = name.clone();
            let key = if person.is_empty() {
                None
            } else {
                match kuager_register::anchor(&state.store, person).await {
                    Ok(k) => {
                        if name.is_empty() {
                            if let Some(p) = state.store.person(person).await? {
                                name = p.name;
                            }
                        }
                        Some(k)
                    }
                    Err(_) => {
                        errors.add_text(
                            &field,
                            format!("{}: {person}", ctx.t("error-no-such-person")),
                        );
                        None
                    }
                }
            };
            participants.push(Participant {
                role,
                person: key,
                name,
                position: position.clone(),
                organisation: organisation.clone(),
            });
        }
        let mut charges = Vec::new();
        for (i, [code, article]) in self.charges.iter().enumerate() {
            let code = LegalCode::from_code(code).unwrap_or(LegalCode::Criminal);
            match Charge::parse(code, article) {
                Ok(c) => charges.push(c),
                Err(e) => errors.add_text(&format!("c{i}"), e.to_string()),
            }
        }
        let number = |field: &str, v: &str, errors: &mut FieldErrors| -> Option<u64> {
            if v.is_empty() {
                return None;
            }
            match v.replace([' ', '\u{a0}', ','], "").parse::<u64>() {
                Ok(n) if n <= 10_000_000_000 => Some(n),
                _ => {
                    errors.add(field, "error-number");
                    None
                }
            }
        };
        let sentence_months = number("sentence_months", &self.sentence_months, errors)
            .map(|n| n.min(u32::MAX as u64) as u32);
        let sentence_days = number("sentence_days", &self.sentence_days, errors)
            .map(|n| n.min(u32::MAX as u64) as u32);
        let fine_kzt = number("fine_kzt", &self.fine_kzt, errors);
        let sentence_kind = if self.sentence_kind.is_empty() {
            None
        } else {
            SentenceKind::from_code(&self.sentence_kind)
        };
        if self.description.chars().count() > kuager_case::MAX_TEXT {
            errors.add("description", "error-too-long");
        }
        let (Some(event_type), Some(date), Some(verification)) = (event_type, date, verification)
        else {
            return Ok(None);
        };
        if !errors.is_empty() {
            return Ok(None);
        }
        Ok(Some(EventDraft {
            event_type,
            date,
            place_key,
            place_detail: self.place_detail.clone(),
            description: self.description.clone(),
            verification,
            participants,
            legal: LegalDetails {
                charges,
                court: self.court.clone(),
                judge: self.judge.clone(),
                verdict: self.verdict.clone(),
                sentence_kind,
                sentence_months,
                sentence_days,
                fine_kzt,
            },
        }))
    }

    /// The first source given with a new event, if any; errors go to `source`.
    async fn initial_source(
        &self,
        state: &AppState,
        errors: &mut FieldErrors,
    ) -> AppResult<Vec<SourceRef>> {
        source_from(
            state,
            &self.source_report,
            &self.source_doc,
            &self.source_start,
            &self.source_end,
            &self.source_citation,
            &self.source_url,
            errors,
        )
        .await
    }
}

#[allow(clippy::too_many_arguments)]
async fn source_from(
    state: &AppState,
    report: &str,
    doc: &str,
    start: &str,
    end: &str,
    citation: &str,
    url: &str,
    errors: &mut FieldErrors,
) -> AppResult<Vec<SourceRef>> {
    let mut out = Vec::new();
    if !report.is_empty() {
        match report.trim_start_matches('#').parse::<i64>() {
            Ok(id) if state.store.report(id).await?.is_some() => {
                out.push(SourceRef::Report { report_id: id })
            }
            _ => errors.add("source", "error-no-such-report"),
        }
    }
    if !doc.is_empty() {
        let (s, e) = (start.parse::<usize>(), end.parse::<usize>());
        match (state.store.document(doc).await?, s, e) {
            (Some(d), Ok(s), Ok(e)) if s < e && e <= d.text.chars().count() => {
                out.push(SourceRef::Document {
                    sha256: doc.to_string(),
                    start: s,
                    end: e,
                })
            }
            (None, _, _) => errors.add("source", "error-no-such-document"),
            _ => errors.add("source", "error-bad-span"),
        }
    }
    if !citation.is_empty() || !url.is_empty() {
        if citation.is_empty() {
            errors.add("source", "error-citation-required");
        } else {
            out.push(SourceRef::Reference {
                citation: citation.to_string(),
                url: url.to_string(),
            });
        }
    }
    Ok(out)
}

fn select<T: Copy>(
    ctx: &Ctx,
    name: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    msg: fn(T) -> String,
    selected: &str,
    empty: bool,
) -> Markup {
    html! {
        select id=(name) name=(name) {
            @if empty { option value="" { "—" } }
            @for t in all {
                option value=(code(*t)) selected[code(*t) == selected] { (ctx.t(&msg(*t))) }
            }
        }
    }
}

fn event_form(
    ctx: &Ctx,
    action: &str,
    input: &EventInput,
    errors: &FieldErrors,
    version: Option<i64>,
) -> Markup {
    let mut rows = input.participants.clone();
    rows.extend(
        std::iter::repeat_with(|| {
            [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .take(SPARE_PARTICIPANTS),
    );
    let mut charge_rows = input.charges.clone();
    charge_rows.extend(
        std::iter::repeat_with(|| ["criminal".to_string(), String::new()]).take(SPARE_CHARGES),
    );
    html! {
        (layout::error_summary(ctx, errors))
        (errors.show(ctx, "form"))
        form.stack method="post" action=(action) {
            (layout::csrf_field(ctx))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            label for="event_type" { (ctx.t("field-event-type")) }
            (select(ctx, "event_type", EventType::ALL, EventType::code, EventType::message_id, &input.event_type, true))
            (errors.show(ctx, "event_type"))
            label for="date" { (ctx.t("field-date")) }
            p.hint { (ctx.t("field-date-hint")) }
            input #date type="text" name="date" value=(input.date) required;
            (errors.show(ctx, "date"))
            label for="place" { (ctx.t("field-place")) }
            (super::reports::place_select(ctx, "place", Some(input.place.as_str())))
            (errors.show(ctx, "place"))
            label for="place_detail" { (ctx.t("field-place-detail")) }
            input #place_detail type="text" name="place_detail" value=(input.place_detail);
            label for="description" { (ctx.t("field-description")) }
            textarea #description name="description" rows="5" { (input.description) }
            (errors.show(ctx, "description"))
            label for="verification" { (ctx.t("field-verification")) }
            (select(ctx, "verification", Verification::ALL, Verification::code, Verification::message_id, if input.verification.is_empty() { "reported" } else { &input.verification }, false))
            (errors.show(ctx, "verification"))

            fieldset {
                legend { (ctx.t("field-participants")) }
                p.hint { (ctx.t("field-participants-hint")) }
                @for (i, [role, person, name, position, organisation]) in rows.iter().enumerate() {
                    div.row {
                        (select(ctx, &format!("p{i}_role"), ParticipantRole::ALL, ParticipantRole::code, ParticipantRole::message_id, if role.is_empty() { "victim" } else { role }, false))
                        input type="text" name=(format!("p{i}_person")) value=(person) placeholder=(ctx.t("field-person-id")) aria-label=(ctx.t("field-person-id"));
                        input type="text" name=(format!("p{i}_name")) value=(name) placeholder=(ctx.t("field-name")) aria-label=(ctx.t("field-name"));
                        input type="text" name=(format!("p{i}_position")) value=(position) placeholder=(ctx.t("field-position")) aria-label=(ctx.t("field-position"));
                        input type="text" name=(format!("p{i}_organisation")) value=(organisation) placeholder=(ctx.t("field-organisation")) aria-label=(ctx.t("field-organisation"));
                    }
                    (errors.show(ctx, &format!("p{i}")))
                }
            }
            fieldset {
                legend { (ctx.t("field-legal")) }
                @for (i, [code, article]) in charge_rows.iter().enumerate() {
                    div.row {
                        (select(ctx, &format!("c{i}_code"), LegalCode::ALL, LegalCode::code, |c| format!("code-{}", c.code()), code, false))
                        input type="text" name=(format!("c{i}_article")) value=(article) placeholder=(ctx.t("field-article")) aria-label=(ctx.t("field-article"));
                    }
                    (errors.show(ctx, &format!("c{i}")))
                }
                label for="court" { (ctx.t("field-court")) }
                input #court type="text" name="court" value=(input.court);
                label for="judge" { (ctx.t("field-judge")) }
                input #judge type="text" name="judge" value=(input.judge);
                label for="verdict" { (ctx.t("field-verdict")) }
                input #verdict type="text" name="verdict" value=(input.verdict);
                label for="sentence_kind" { (ctx.t("field-sentence-kind")) }
                (select(ctx, "sentence_kind", SentenceKind::ALL, SentenceKind::code, SentenceKind::message_id, &input.sentence_kind, true))
                label for="sentence_months" { (ctx.t("field-sentence-months")) }
                input #sentence_months type="text" inputmode="numeric" name="sentence_months" value=(input.sentence_months);
                (errors.show(ctx, "sentence_months"))
                label for="sentence_days" { (ctx.t("field-sentence-days")) }
                input #sentence_days type="text" inputmode="numeric" name="sentence_days" value=(input.sentence_days);
                (errors.show(ctx, "sentence_days"))
                label for="fine_kzt" { (ctx.t("field-fine")) }
                input #fine_kzt type="text" inputmode="numeric" name="fine_kzt" value=(input.fine_kzt);
                (errors.show(ctx, "fine_kzt"))
            }
            @if version.is_none() {
                fieldset {
                    legend { (ctx.t("field-source")) }
                    p.hint { (ctx.t("field-source-hint")) }
                    (source_fields(ctx, input))
                    (errors.show(ctx, "source"))
                }
            }
            button type="submit" { (ctx.t("action-save")) }
        }
    }
}

fn source_fields(ctx: &Ctx, input: &EventInput) -> Markup {
    html! {
        label for="source_report" { (ctx.t("field-source-report")) }
        input #source_report type="text" inputmode="numeric" name="source_report" value=(input.source_report);
        label for="source_doc" { (ctx.t("field-source-document")) }
        input #source_doc type="text" name="source_doc" value=(input.source_doc);
        div.row {
            input type="text" inputmode="numeric" name="source_start" value=(input.source_start) placeholder=(ctx.t("field-span-start")) aria-label=(ctx.t("field-span-start"));
            input type="text" inputmode="numeric" name="source_end" value=(input.source_end) placeholder=(ctx.t("field-span-end")) aria-label=(ctx.t("field-span-end"));
        }
        label for="source_citation" { (ctx.t("field-source-citation")) }
        input #source_citation type="text" name="source_citation" value=(input.source_citation);
        label for="source_url" { (ctx.t("field-source-url")) }
        input #source_url type="text" name="source_url" value=(input.source_url);
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    report: Option<i64>,
    person: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let mut input = EventInput {
        verification: "reported".into(),
        ..Default::default()
    };
    if let Some(id) = q.report {
        let report = state.store.report(id).await?.ok_or(AppError::NotFound)?;
        input.source_report = id.to_string();
        input.description = report.draft.what.clone();
        input.place = report.draft.place_key.clone().unwrap_or_default();
        input.place_detail = report.draft.place_detail.clone();
        if let Ok(d) = CaseDate::parse(&report.draft.when) {
            input.date = d.to_input();
        }
        for (name, key) in &report.links {
            if let Some(pid) = state.store.person_of_mention(key).await? {
                input.participants.push([
                    "victim".into(),
                    pid,
                    name.clone(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
    }
    if let Some(pid) = q.person {
        if let Some(p) = state.store.person(&pid).await? {
            input
                .participants
                .push(["victim".into(), p.id, p.name, String::new(), String::new()]);
        }
    }
    Ok(layout::page(
        &ctx,
        &ctx.t("new-event-title"),
        event_form(&ctx, "/events", &input, &FieldErrors::default(), None),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Analyst)?;
    let input = EventInput::from_form(&f);
    let mut errors = FieldErrors::default();
    let draft = input.to_draft(&state, &ctx, &mut errors).await?;
    let sources = input.initial_source(&state, &mut errors).await?;
    if let (Some(draft), true) = (&draft, errors.is_empty()) {
        match state.store.add_event(user.id, draft, &sources).await {
            Ok(id) => return Ok(Redirect::to(&format!("/events/{id}?done=saved")).into_response()),
            Err(kuager_store::CaseError::Rule(r)) => errors.add_text("verification", r.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let mut r = layout::page(
        &ctx,
        &ctx.t("new-event-title"),
        event_form(&ctx, "/events", &input, &errors, None),
    );
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let events = state.store.recent_events(200).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("events-title"),
        html! {
            p { a.button href="/events/new" { (ctx.t("action-new-event")) } }
            ul.events { @for e in &events { (view::event_row(&ctx, e)) } }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let e = state.store.event(id).await?.ok_or(AppError::NotFound)?;
    let d = &e.draft;
    let mut people = Vec::new();
    for p in &d.participants {
        let pid = match &p.person {
            Some(k) => state.store.person_of_mention(k).await?,
            None => None,
        };
        people.push((p, pid));
    }
    let mut figures = Vec::new();
    for (sha, ordinal) in &e.figures {
        if let Some((_, f)) = state
            .store
            .document_figures(sha)
            .await?
            .into_iter()
            .find(|(o, _)| o == ordinal)
        {
            figures.push((sha.clone(), f));
        }
    }
    // Figures of the cited documents, to attach.
    let mut offered = Vec::new();
    for s in &e.sources {
        if let SourceRef::Document { sha256, .. } = &s.source {
            for (ordinal, f) in state.store.document_figures(sha256).await? {
                if !e.figures.contains(&(sha256.clone(), ordinal)) {
                    offered.push((sha256.clone(), ordinal, f));
                }
            }
        }
    }
    let history = state.store.audit_of("event", &id.to_string()).await?;
    let title = format!(
        "{} · {}",
        view::event_title(&ctx, d),
        view::date(&ctx, &d.date)
    );
    Ok(layout::page(
        &ctx,
        &title,
        html! {
            @if let Some(done) = &done.done { (layout::notice(&ctx.t(&format!("done-{done}")))) }
            dl.facts {
                dt { (ctx.t("field-event-type")) } dd.event-type { (view::event_title(&ctx, d)) }
                dt { (ctx.t("field-date")) } dd { time datetime=(d.date.start.iso()) { (view::date(&ctx, &d.date)) } " (" (ctx.t(&format!("precision-{}", d.date.precision.code()))) ")" }
                dt { (ctx.t("field-place")) } dd { (view::place(&ctx, d.place_key.as_deref(), &d.place_detail)) }
                dt { (ctx.t("field-verification")) } dd { span class=(format!("verification {}", d.verification.code())) { (ctx.t(&d.verification.message_id())) } }
            }
            @if !d.description.is_empty() { div.text { (d.description) } }
            h2 { (ctx.t("field-participants")) }
            ul.participants {
                @for (p, pid) in &people {
                    li {
                        span.role { (ctx.t(&p.role.message_id())) } ": "
                        @if let Some(pid) = pid { a href=(format!("/persons/{pid}")) { (p.name) } } @else { (p.name) }
                        @if !p.position.is_empty() { ", " (p.position) }
                        @if !p.organisation.is_empty() { ", " (p.organisation) }
                    }
                }
            }
            @let l = &d.legal;
            @if !l.charges.is_empty() || !l.court.is_empty() || !l.judge.is_empty() || !l.verdict.is_empty() || l.sentence_kind.is_some() || l.fine_kzt.is_some() {
                h2 { (ctx.t("field-legal")) }
                dl.facts {
                    @if !l.charges.is_empty() { dt { (ctx.t("field-charges")) } dd { ul { @for c in &l.charges { li { (view::charge(&ctx, c)) } } } } }
                    @if !l.court.is_empty() { dt { (ctx.t("field-court")) } dd { (l.court) } }
                    @if !l.judge.is_empty() { dt { (ctx.t("field-judge")) } dd { (l.judge) } }
                    @if !l.verdict.is_empty() { dt { (ctx.t("field-verdict")) } dd { (l.verdict) } }
                    @if let Some(k) = l.sentence_kind { dt { (ctx.t("field-sentence-kind")) } dd { (ctx.t(&k.message_id())) } }
                    @if let Some(m) = l.sentence_months { dt { (ctx.t("field-sentence-months")) } dd { (kuager_i18n::format_number(ctx.locale, m as i64)) } }
                    @if let Some(m) = l.sentence_days { dt { (ctx.t("field-sentence-days")) } dd { (kuager_i18n::format_number(ctx.locale, m as i64)) } }
                    @if let Some(m) = l.fine_kzt { dt { (ctx.t("field-fine")) } dd { (kuager_i18n::format_number(ctx.locale, m.min(i64::MAX as u64) as i64)) " ₸" } }
                }
            }
            h2 { (ctx.t("field-sources")) }
            @if e.sources.is_empty() { p.warning { (ctx.t("no-sources")) } }
            ul.sources {
                @for s in &e.sources {
                    li {
                        (view::source(&ctx, &s.source))
                        form.inline method="post" action=(format!("/sources/{}/delete", s.id)) {
                            (layout::csrf_field(&ctx))
                            button.small type="submit" { (ctx.t("action-remove")) }
                        }
                    }
                }
            }
            details {
                summary { (ctx.t("action-add-source")) }
                form.stack method="post" action=(format!("/events/{id}/sources")) {
                    (layout::csrf_field(&ctx))
                    (source_fields(&ctx, &EventInput::default()))
                    button type="submit" { (ctx.t("action-add-source")) }
                }
            }
            h2 { (ctx.t("field-figures")) }
            @if !figures.is_empty() {
                table.figures {
                    thead { tr { th { (ctx.t("figure-value")) } th { (ctx.t("figure-unit")) } th { (ctx.t("figure-text")) } th { (ctx.t("source-document")) } } }
                    tbody { @for (sha, f) in &figures {
                        tr { td.num { (kuager_i18n::format_number(ctx.locale, f.value.min(i64::MAX as u64) as i64)) } td { (f.unit) } td { (f.text) } td { a href=(format!("/sources/{sha}#m{}", f.span.start)) { code { (sha.get(..12).unwrap_or(sha)) } } } }
                    } }
                }
                @let values: Vec<u64> = figures.iter().map(|(_, f)| f.value).collect();
                @if values.len() > 1 {
                    p { (ctx.t_args("figures-range", &[
                        ("min", kuager_i18n::ArgValue::Str(&kuager_i18n::format_number(ctx.locale, values.iter().min().copied().unwrap_or(0) as i64))),
                        ("max", kuager_i18n::ArgValue::Str(&kuager_i18n::format_number(ctx.locale, values.iter().max().copied().unwrap_or(0) as i64))),
                    ])) }
                }
            }
            @if !offered.is_empty() || !e.figures.is_empty() {
                form.stack method="post" action=(format!("/events/{id}/figures")) {
                    (layout::csrf_field(&ctx))
                    label for="figure" { (ctx.t("action-attach-figure")) }
                    select #figure name="figure" {
                        @for (sha, ordinal, f) in &offered {
                            option value=(format!("{sha}:{ordinal}")) { (f.text) " (" (f.unit) ")" }
                        }
                        @for ((sha, ordinal), (_, f)) in e.figures.iter().zip(&figures) {
                            option value=(format!("{sha}:{ordinal}")) { "✓ " (f.text) " (" (f.unit) ")" }
                        }
                    }
                    label for="reported_by" { (ctx.t("stats-figure-reporter")) }
                    select #reported_by name="reported_by" {
                        @for r in kuager_case::FigureReporter::ALL {
                            option value=(r.code()) { (ctx.t(&r.message_id())) }
                        }
                    }
                    label for="reporter" { (ctx.t("figure-reporter-name")) }
                    input #reporter type="text" name="reporter" maxlength="200";
                    button type="submit" { (ctx.t("action-attach-figure")) }
                }
            }
            p { a.button href=(format!("/events/{id}/edit")) { (ctx.t("action-edit")) } }
            h2 { (ctx.t("history")) }
            ol.history {
                @for h in &history {
                    li { (kuager_i18n::format_timestamp(ctx.locale, &h.at)) " · " (h.action) @if let Some(u) = h.user_id { " · #" (u) } }
                }
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
    let e = state.store.event(id).await?.ok_or(AppError::NotFound)?;
    let input = EventInput::from_record(&state, &e).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("edit-event-title"),
        event_form(
            &ctx,
            &format!("/events/{id}/edit"),
            &input,
            &FieldErrors::default(),
            Some(e.version),
        ),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Analyst)?;
    let version: i64 = f
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest("version missing".into()))?;
    let input = EventInput::from_form(&f);
    let mut errors = FieldErrors::default();
    let draft = input.to_draft(&state, &ctx, &mut errors).await?;
    let mut status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    if let (Some(draft), true) = (&draft, errors.is_empty()) {
        match state.store.update_event(user.id, id, version, draft).await {
            Ok(()) => return Ok(Redirect::to(&format!("/events/{id}?done=saved")).into_response()),
            Err(kuager_store::CaseError::StaleVersion { .. }) => {
                errors.add("form", "error-stale");
                status = axum::http::StatusCode::CONFLICT;
            }
            Err(kuager_store::CaseError::Rule(r)) => errors.add_text("verification", r.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let mut r = layout::page(
        &ctx,
        &ctx.t("edit-event-title"),
        event_form(
            &ctx,
            &format!("/events/{id}/edit"),
            &input,
            &errors,
            Some(version),
        ),
    );
    *r.status_mut() = status;
    Ok(r)
}

pub async fn add_source(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Analyst)?;
    let input = EventInput::from_form(&f);
    let mut errors = FieldErrors::default();
    let sources = input.initial_source(&state, &mut errors).await?;
    if !errors.is_empty() || sources.is_empty() {
        let msg = errors
            .0
            .first()
            .map(|(_, m)| ctx.t(m.trim_start_matches('!')))
            .unwrap_or_else(|| ctx.t("error-source-empty"));
        return Err(AppError::BadRequest(msg));
    }
    for s in &sources {
        state.store.add_source(user.id, id, s).await?;
    }
    Ok(Redirect::to(&format!("/events/{id}?done=saved")).into_response())
}

pub async fn remove_source(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(source_id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Analyst)?;
    let event_id = state
        .store
        .source_event(source_id)
        .await?
        .ok_or(AppError::NotFound)?;
    state.store.remove_source(user.id, source_id).await?;
    Ok(Redirect::to(&format!("/events/{event_id}?done=saved")).into_response())
}

pub async fn attach_figure(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Analyst)?;
    let (sha, ordinal) = f
        .get("figure")
        .and_then(|v| v.split_once(':'))
        .and_then(|(s, o)| Some((s.to_string(), o.parse::<i64>().ok()?)))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    if !state
        .store
        .document_figures(&sha)
        .await?
        .iter()
        .any(|(o, _)| *o == ordinal)
    {
        return Err(AppError::NotFound);
    }
    let reported_by =
        match f
            .get("reported_by")
            .map(String::as_str)
            .filter(|v| !v.is_empty())
        {
            Some(code) => Some(kuager_case::FigureReporter::from_code(code).ok_or_else(|| {
                AppError::BadRequest(format!("reported_by: {code:?} is not known"))
            })?),
            None => None,
        };
    state
        .store
        .attach_figure(user.id, id, &sha, ordinal)
        .await?;
    if let Some(reported_by) = reported_by {
        let reporter = f.get("reporter").map(String::as_str).unwrap_or("");
        state
            .store
            .set_figure_reporter(user.id, id, &sha, ordinal, reported_by, reporter)
            .await?;
    }
    Ok(Redirect::to(&format!("/events/{id}?done=saved")).into_response())
}
