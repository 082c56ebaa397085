//! Trial monitoring: the calendar of hearings, scheduling and assigning
//! monitors, the monitoring report on the fair-trial checklist, private
//! and public iCalendar feeds, and findings per court and per judge.
//!
//! Monitors are accounts of any role assigned to a hearing (decision
//! 0015): a volunteer sees only the hearings they are assigned to, an
//! analyst all of them.

use super::form::{self, MultipartForm};
use crate::ctx::{self, Ctx};
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::trials::{self as model, Finding};
use kuager_case::{
    places, ChecklistAnswer, FairTrialStandard, HearingAccess, HearingDraft, HearingTime,
    HearingType, MonitoringDraft, ParticipantRole, UserRole,
};
use kuager_store::{HearingFilter, HearingRecord, MonitoringRecord, NewAttachment};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Most attachments one monitoring report takes.
const MAX_ATTACHMENTS: usize = 10;

/// Today in Kazakhstan (UTC+5), `YYYY-MM-DD`: what "upcoming" is measured
/// from.
fn today_in_kazakhstan() -> String {
    crate::timestamp_after(5 * 3600)
        .get(..10)
        .unwrap_or_default()
        .to_string()
}

/// The hearing if the visitor may see it: its monitors and analysts.
/// Others get "not found", which does not confirm that it exists.
async fn visible_hearing(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<HearingRecord> {
    let user = ctx.require(UserRole::Volunteer)?;
    let hearing = state.store.hearing(id).await?.ok_or(AppError::NotFound)?;
    if hearing.is_monitor(user.id) || user.role.includes(UserRole::Analyst) {
        Ok(hearing)
    } else {
        Err(AppError::NotFound)
    }
}

/// "15 December 2026, 10:30".
pub fn hearing_time(ctx: &Ctx, at: &HearingTime) -> String {
    let day = kuager_i18n::format_day(ctx.locale, at.day.year, at.day.month, at.day.day);
    match at.clock() {
        Some(clock) => format!("{day}, {clock}"),
        None => day,
    }
}

fn city(ctx: &Ctx, key: Option<&str>) -> String {
    key.and_then(places::place)
        .map(|p| p.name(ctx.locale.code()).to_string())
        .unwrap_or_default()
}

/// Who is on trial: the named victims of the case's event.
async fn defendants(state: &AppState, event_id: i64) -> AppResult<(String, Vec<String>)> {
    let Some(event) = state.store.event(event_id).await? else {
        return Ok((String::new(), Vec::new()));
    };
    let names = event
        .draft
        .participants
        .iter()
        .filter(|p| p.role == ParticipantRole::Victim && !p.name.trim().is_empty())
        .map(|p| p.name.clone())
        .collect();
    Ok((event.draft.event_type.message_id(), names))
}

fn hearing_row(ctx: &Ctx, h: &HearingRecord, case: &(String, Vec<String>)) -> Markup {
    let d = &h.draft;
    html! {
        tr.hearing {
            td { time datetime=(d.at.day.iso()) { (hearing_time(ctx, &d.at)) } }
            td { a href=(format!("/hearings/{}", h.id)) { (ctx.t(&d.hearing_type.message_id())) } }
            td {
                @if case.1.is_empty() { (ctx.t(&case.0)) } @else { (case.1.join(", ")) }
            }
            td { (d.court) @let c = city(ctx, d.place_key.as_deref()); @if !c.is_empty() { " · " (c) } }
            td { (d.courtroom) }
            td { (ctx.t(&d.access.message_id())) }
            td.monitors { @for (i, (_, name)) in h.monitors.iter().enumerate() { @if i > 0 { ", " } (name) } }
        }
    }
}

fn hearings_table(
    ctx: &Ctx,
    hearings: &[HearingRecord],
    cases: &HashMap<i64, (String, Vec<String>)>,
    id: &str,
) -> Markup {
    let none = (String::new(), Vec::new());
    html! {
        @if hearings.is_empty() { p.empty { (ctx.t("no-hearings")) } }
        @else {
            table.hearings id=(id) {
                thead { tr {
                    th { (ctx.t("field-hearing-time")) } th { (ctx.t("field-hearing-type")) }
                    th { (ctx.t("field-case")) } th { (ctx.t("field-court")) }
                    th { (ctx.t("field-courtroom")) } th { (ctx.t("field-access")) }
                    th { (ctx.t("field-monitors")) }
                } }
                tbody { @for h in hearings { (hearing_row(ctx, h, cases.get(&h.draft.event_id).unwrap_or(&none))) } }
            }
        }
    }
}

/// The calendar page; `new_feed` is the secret path of a feed just
/// issued, shown this once.
async fn calendar_page(
    state: &AppState,
    ctx: &Ctx,
    new_feed: Option<&str>,
    done: Option<&str>,
) -> AppResult<Response> {
    let user = ctx.require(UserRole::Volunteer)?;
    let is_analyst = user.role.includes(UserRole::Analyst);
    let today = today_in_kazakhstan();
    let monitor = (!is_analyst).then_some(user.id);
    let upcoming = state
        .store
        .hearings(&HearingFilter {
            from: Some(today.clone()),
            monitor,
            ..Default::default()
        })
        .await?;
    let mut past = state
        .store
        .hearings(&HearingFilter {
            before: Some(today),
            monitor,
            ..Default::default()
        })
        .await?;
    past.reverse();
    past.truncate(50);
    let mut cases = HashMap::new();
    for h in upcoming.iter().chain(&past) {
        if let Entry::Vacant(slot) = cases.entry(h.draft.event_id) {
            slot.insert(defendants(state, h.draft.event_id).await?);
        }
    }
    let issued = state.store.calendar_feed_issued(user.id).await?;
    Ok(layout::page(
        ctx,
        &ctx.t("hearings-title"),
        html! {
            @if let Some(d) = done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            @if is_analyst {
                p {
                    a.button href="/hearings/new" { (ctx.t("action-new-hearing")) }
                    " " a href="/trials/summary" { (ctx.t("trial-summary-title")) }
                }
            }
            h2 { (ctx.t("hearings-upcoming")) }
            (hearings_table(ctx, &upcoming, &cases, "upcoming"))
            h2 { (ctx.t("hearings-past")) }
            (hearings_table(ctx, &past, &cases, "past"))
            h2 { (ctx.t("calendar-feeds-title")) }
            p { (ctx.t("calendar-public-hint")) " " a href="/calendar.ics" { code { "/calendar.ics" } } }
            p { (ctx.t("calendar-private-hint")) }
            @if let Some(path) = new_feed {
                p.notice role="status" { (ctx.t("calendar-private-new")) " " a href=(path) { code #private-feed { (path) } } }
            } @else if let Some(at) = &issued {
                p { (ctx.t_args("calendar-private-issued", &[("date", kuager_i18n::ArgValue::Str(&kuager_i18n::format_timestamp(ctx.locale, at)))])) }
            } @else {
                p.empty { (ctx.t("calendar-private-none")) }
            }
            form.inline method="post" action="/calendar/feed" {
                (layout::csrf_field(ctx))
                button type="submit" { (ctx.t("action-issue-feed")) }
            }
            @if issued.is_some() {
                " "
                form.inline method="post" action="/calendar/feed/revoke" {
                    (layout::csrf_field(ctx))
                    button type="submit" { (ctx.t("action-revoke-feed")) }
                }
            }
        },
    ))
}

pub async fn calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    calendar_page(&state, &ctx, None, done.done.as_deref()).await
}

// ---- scheduling ---------------------------------------------------------

/// The hearing form's fields as typed.
#[derive(Debug, Default, Clone)]
struct HearingInput {
    event: String,
    court: String,
    judge: String,
    place: String,
    courtroom: String,
    at: String,
    hearing_type: String,
    access: String,
}

impl HearingInput {
    fn from_form(f: &HashMap<String, String>) -> HearingInput {
        let g = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        HearingInput {
            event: g("event"),
            court: g("court"),
            judge: g("judge"),
            place: g("place"),
            courtroom: g("courtroom"),
            at: g("at"),
            hearing_type: g("hearing_type"),
            access: g("access"),
        }
    }

    fn from_draft(d: &HearingDraft) -> HearingInput {
        HearingInput {
            event: d.event_id.to_string(),
            court: d.court.clone(),
            judge: d.judge.clone(),
            place: d.place_key.clone().unwrap_or_default(),
            courtroom: d.courtroom.clone(),
            at: d.at.to_input(),
            hearing_type: d.hearing_type.code().to_string(),
            access: d.access.code().to_string(),
        }
    }

    /// The draft, or every problem by field.
    fn parse(&self) -> Result<HearingDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let event_id = self.event.parse::<i64>().ok().filter(|id| *id > 0);
        if event_id.is_none() {
            errors.add("event", "error-unknown-event");
        }
        let at = HearingTime::parse(&self.at);
        if at.is_err() {
            errors.add("at", "error-bad-hearing-time");
        }
        let hearing_type = HearingType::from_code(&self.hearing_type);
        if hearing_type.is_none() {
            errors.add("hearing_type", "error-required");
        }
        let access = HearingAccess::from_code(&self.access);
        if access.is_none() {
            errors.add("access", "error-required");
        }
        let (Some(event_id), Ok(at), Some(hearing_type), Some(access)) =
            (event_id, at, hearing_type, access)
        else {
            // The other fields' own checks still show.
            let probe = HearingDraft {
                event_id: 0,
                court: self.court.clone(),
                judge: self.judge.clone(),
                place_key: (!self.place.is_empty()).then(|| self.place.clone()),
                courtroom: self.courtroom.clone(),
                at: HearingTime {
                    day: kuager_case::Day {
                        year: 2000,
                        month: 1,
                        day: 1,
                    },
                    time: None,
                },
                hearing_type: HearingType::Merits,
                access: HearingAccess::Open,
            };
            for e in probe.validate() {
                errors.add(e.field, e.message);
            }
            return Err(errors);
        };
        let draft = HearingDraft {
            event_id,
            court: self.court.clone(),
            judge: self.judge.clone(),
            place_key: (!self.place.is_empty()).then(|| self.place.clone()),
            courtroom: self.courtroom.clone(),
            at,
            hearing_type,
            access,
        };
        for e in draft.validate() {
            errors.add(e.field, e.message);
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

fn hearing_form(
    ctx: &Ctx,
    action: &str,
    version: Option<i64>,
    input: &HearingInput,
    errors: &FieldErrors,
) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action=(action) {
            (layout::csrf_field(ctx))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            label for="event" { (ctx.t("field-case")) }
            p.hint { (ctx.t("field-case-hint")) }
            input #event type="text" inputmode="numeric" name="event" value=(input.event) required aria-invalid=[invalid("event")];
            (errors.show(ctx, "event"))
            label for="at" { (ctx.t("field-hearing-time")) }
            p.hint { (ctx.t("field-hearing-time-hint")) }
            input #at type="text" name="at" value=(input.at) required aria-invalid=[invalid("at")];
            (errors.show(ctx, "at"))
            label for="hearing_type" { (ctx.t("field-hearing-type")) }
            select #hearing_type name="hearing_type" {
                @for t in HearingType::ALL {
                    option value=(t.code()) selected[input.hearing_type == t.code()] { (ctx.t(&t.message_id())) }
                }
            }
            fieldset {
                legend { (ctx.t("field-access")) }
                @for a in HearingAccess::ALL {
                    label.choice { input type="radio" name="access" value=(a.code()) checked[input.access == a.code() || (input.access.is_empty() && *a == HearingAccess::Open)]; (ctx.t(&a.message_id())) }
                }
                (errors.show(ctx, "access"))
            }
            label for="court" { (ctx.t("field-court")) }
            input #court type="text" name="court" value=(input.court) required aria-invalid=[invalid("court")];
            (errors.show(ctx, "court"))
            label for="place" { (ctx.t("field-city")) }
            (super::reports::place_select(ctx, "place", (!input.place.is_empty()).then_some(input.place.as_str())))
            (errors.show(ctx, "place"))
            label for="judge" { (ctx.t("field-judge")) }
            input #judge type="text" name="judge" value=(input.judge) aria-invalid=[invalid("judge")];
            (errors.show(ctx, "judge"))
            label for="courtroom" { (ctx.t("field-courtroom")) }
            input #courtroom type="text" name="courtroom" value=(input.courtroom) aria-invalid=[invalid("courtroom")];
            (errors.show(ctx, "courtroom"))
            button type="submit" { (ctx.t("action-save")) }
        }
    }
}

#[derive(Deserialize)]
pub struct NewHearingQuery {
    event: Option<String>,
}

pub async fn new_form(ctx: Ctx, Query(q): Query<NewHearingQuery>) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let input = HearingInput {
        event: q.event.unwrap_or_default(),
        ..Default::default()
    };
    Ok(layout::page(
        &ctx,
        &ctx.t("hearing-new-title"),
        hearing_form(&ctx, "/hearings", None, &input, &FieldErrors::default()),
    ))
}

fn invalid_page(ctx: &Ctx, title: &str, body: Markup) -> Response {
    let mut r = layout::page(ctx, title, body);
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    r
}

/// A store refusal a form can show next to its field.
fn store_field_error(e: kuager_store::CaseError) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match e {
        kuager_store::CaseError::NotFound {
            entity: "event", ..
        } => errors.add("event", "error-unknown-event"),
        kuager_store::CaseError::Field { field, message } => errors.add(field, message),
        other => return Err(other.into()),
    }
    Ok(errors)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Analyst)?;
    let input = HearingInput::from_form(&f);
    let title = ctx.t("hearing-new-title");
    let draft = match input.parse() {
        Ok(d) => d,
        Err(errors) => {
            return Ok(invalid_page(
                &ctx,
                &title,
                hearing_form(&ctx, "/hearings", None, &input, &errors),
            ))
        }
    };
    match state.store.add_hearing(user.id, &draft).await {
        Ok(id) => Ok(Redirect::to(&format!("/hearings/{id}?done=hearing-saved")).into_response()),
        Err(e) => {
            let errors = store_field_error(e)?;
            Ok(invalid_page(
                &ctx,
                &title,
                hearing_form(&ctx, "/hearings", None, &input, &errors),
            ))
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let hearing = state.store.hearing(id).await?.ok_or(AppError::NotFound)?;
    let action = format!("/hearings/{id}/edit");
    Ok(layout::page(
        &ctx,
        &ctx.t("hearing-title"),
        hearing_form(
            &ctx,
            &action,
            Some(hearing.version),
            &HearingInput::from_draft(&hearing.draft),
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
    let input = HearingInput::from_form(&f);
    let action = format!("/hearings/{id}/edit");
    let title = ctx.t("hearing-title");
    let draft = match input.parse() {
        Ok(d) => d,
        Err(errors) => {
            return Ok(invalid_page(
                &ctx,
                &title,
                hearing_form(&ctx, &action, Some(version), &input, &errors),
            ))
        }
    };
    match state
        .store
        .update_hearing(user.id, id, version, &draft)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/hearings/{id}?done=hearing-saved")).into_response()),
        Err(kuager_store::CaseError::StaleVersion { current, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("event", "error-stale");
            Ok(invalid_page(
                &ctx,
                &title,
                hearing_form(&ctx, &action, Some(current), &input, &errors),
            ))
        }
        Err(e) => {
            let errors = store_field_error(e)?;
            Ok(invalid_page(
                &ctx,
                &title,
                hearing_form(&ctx, &action, Some(version), &input, &errors),
            ))
        }
    }
}

// ---- one hearing --------------------------------------------------------

fn checklist_view(ctx: &Ctx, r: &MonitoringRecord) -> Markup {
    html! {
        table.checklist {
            tbody {
                @for s in FairTrialStandard::ALL {
                    @let answer = r.draft.answers.get(s);
                    tr {
                        th scope="row" { (ctx.t(&s.message_id())) }
                        td class=[answer.map(|a| format!("answer {}", a.code()))] {
                            @if let Some(a) = answer { (ctx.t(&a.message_id())) }
                        }
                    }
                }
            }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(done): Query<super::Notice>,
) -> AppResult<Response> {
    let hearing = visible_hearing(&state, &ctx, id).await?;
    let is_analyst = ctx.has_role(UserRole::Analyst);
    let d = &hearing.draft;
    let case = defendants(&state, d.event_id).await?;
    let reports = state.store.monitoring_reports_of_hearing(id).await?;
    let following = state
        .store
        .hearings(&HearingFilter {
            event: Some(d.event_id),
            ..Default::default()
        })
        .await?
        .into_iter()
        .filter(|h| h.follows == Some(id))
        .collect::<Vec<_>>();
    let title = format!(
        "{} — {}",
        ctx.t("hearing-title"),
        ctx.t(&d.hearing_type.message_id())
    );
    Ok(layout::page(
        &ctx,
        &title,
        html! {
            @if let Some(n) = &done.done { (layout::notice(&ctx.t(&format!("done-{n}")))) }
            dl.facts {
                dt { (ctx.t("field-hearing-time")) } dd { time #hearing-time datetime=(d.at.day.iso()) { (hearing_time(&ctx, &d.at)) } }
                dt { (ctx.t("field-case")) }
                dd {
                    @if is_analyst { a href=(format!("/events/{}", d.event_id)) { (ctx.t(&case.0)) " #" (d.event_id) } } @else { (ctx.t(&case.0)) }
                    @if !case.1.is_empty() { " · " (case.1.join(", ")) }
                }
                dt { (ctx.t("field-court")) } dd { (d.court) @let c = city(&ctx, d.place_key.as_deref()); @if !c.is_empty() { " · " (c) } }
                @if !d.judge.is_empty() { dt { (ctx.t("field-judge")) } dd { (d.judge) } }
                @if !d.courtroom.is_empty() { dt { (ctx.t("field-courtroom")) } dd { (d.courtroom) } }
                dt { (ctx.t("field-access")) } dd { (ctx.t(&d.access.message_id())) }
                @if let Some(prev) = hearing.follows { dt { (ctx.t("hearing-follows")) } dd { a href=(format!("/hearings/{prev}")) { "#" (prev) } } }
                @for next in &following {
                    dt { (ctx.t("next-hearing-link")) } dd { a.next-hearing href=(format!("/hearings/{}", next.id)) { (hearing_time(&ctx, &next.draft.at)) } }
                }
            }
            p {
                a.button href=(format!("/hearings/{id}/report")) { (ctx.t("action-file-report")) }
                @if is_analyst { " " a href=(format!("/hearings/{id}/edit")) { (ctx.t("action-edit")) } }
            }
            h2 { (ctx.t("field-monitors")) }
            ul.monitors {
                @for (uid, name) in &hearing.monitors {
                    li {
                        (name)
                        @if is_analyst {
                            " "
                            form.inline method="post" action=(format!("/hearings/{id}/monitors")) {
                                (layout::csrf_field(&ctx))
                                input type="hidden" name="user_id" value=(uid);
                                input type="hidden" name="op" value="remove";
                                button type="submit" { (ctx.t("action-unassign")) }
                            }
                        }
                    }
                }
            }
            @if is_analyst {
                form.inline method="post" action=(format!("/hearings/{id}/monitors")) {
                    (layout::csrf_field(&ctx))
                    input type="hidden" name="op" value="assign";
                    label for="monitor" { (ctx.t("field-monitor-name")) }
                    " " input #monitor type="text" name="name" required;
                    " " button type="submit" { (ctx.t("action-assign")) }
                }
            }
            h2 { (ctx.t("hearing-reports")) }
            @if reports.is_empty() { p.empty { (ctx.t("no-monitoring-reports")) } }
            @for r in &reports {
                section.monitoring-report id=(format!("report-{}", r.id)) {
                    h3 { (ctx.t("filed-by")) " " (r.monitor_name) " · " (kuager_i18n::format_timestamp(ctx.locale, &r.filed_at)) }
                    p { @if r.draft.took_place { (ctx.t("field-took-place")) } @else { (ctx.t("field-took-place-no")) } }
                    (checklist_view(&ctx, r))
                    @if !r.draft.notes.is_empty() { p.notes { (r.draft.notes) } }
                    @if let (Some(next), Some(next_id)) = (&r.draft.next_hearing, r.next_hearing_id) {
                        p { (ctx.t("field-next-hearing")) ": " a href=(format!("/hearings/{next_id}")) { (hearing_time(&ctx, next)) } }
                    }
                    @if !r.attachments.is_empty() {
                        ul.attachments {
                            @for a in &r.attachments {
                                li { a href=(format!("/monitoring-attachments/{}", a.id)) { (a.file_name) } " · SHA-256 " code { (a.sha256) } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub struct MonitorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    op: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    user_id: String,
}

pub async fn set_monitor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<MonitorForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    state.store.hearing(id).await?.ok_or(AppError::NotFound)?;
    let (target, assign) = match f.op.as_str() {
        "assign" => {
            let found = state.store.user_by_name(f.name.trim()).await?;
            match found {
                Some((u, _)) if u.active => (u.id, true),
                _ => return Err(AppError::BadRequest(ctx.t("error-unknown-user"))),
            }
        }
        "remove" => (
            f.user_id
                .parse()
                .map_err(|_| AppError::BadRequest("user_id: not a number".into()))?,
            false,
        ),
        _ => return Err(AppError::BadRequest("op: assign or remove".into())),
    };
    state
        .store
        .set_hearing_monitor(user.id, id, target, assign)
        .await?;
    Ok(Redirect::to(&format!("/hearings/{id}?done=monitor-assigned")).into_response())
}

// ---- the monitoring report ----------------------------------------------

/// The report form's fields as typed.
#[derive(Debug, Default, Clone)]
struct ReportInput {
    took_place: bool,
    answers: HashMap<FairTrialStandard, String>,
    notes: String,
    next_hearing: String,
    next_type: String,
}

impl ReportInput {
    fn from_form(form: &MultipartForm) -> ReportInput {
        ReportInput {
            took_place: form.get("took_place") != "no",
            answers: FairTrialStandard::ALL
                .iter()
                .map(|s| (*s, form.get(model::standard_field(*s))))
                .collect(),
            notes: form.get("notes"),
            next_hearing: form.get("next_hearing").trim().to_string(),
            next_type: form.get("next_type"),
        }
    }

    fn parse(
        &self,
        hearing: &HearingRecord,
    ) -> Result<(MonitoringDraft, Option<HearingType>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let next_hearing = if self.next_hearing.is_empty() {
            None
        } else {
            match HearingTime::parse(&self.next_hearing) {
                Ok(t) => Some(t),
                Err(_) => {
                    errors.add("next_hearing", "error-bad-hearing-time");
                    None
                }
            }
        };
        let draft = MonitoringDraft {
            took_place: self.took_place,
            answers: self
                .answers
                .iter()
                .filter_map(|(s, a)| ChecklistAnswer::from_code(a).map(|a| (*s, a)))
                .collect(),
            notes: self.notes.clone(),
            next_hearing,
        };
        for e in draft.validate(&hearing.draft.at) {
            errors.add(e.field, e.message);
        }
        if errors.is_empty() {
            Ok((draft, HearingType::from_code(&self.next_type)))
        } else {
            Err(errors)
        }
    }
}

fn report_form(
    ctx: &Ctx,
    hearing: &HearingRecord,
    input: &ReportInput,
    errors: &FieldErrors,
) -> Markup {
    let id = hearing.id;
    html! {
        (layout::error_summary(ctx, errors))
        p { a href=(format!("/hearings/{id}")) { (ctx.t(&hearing.draft.hearing_type.message_id())) " · " (hearing_time(ctx, &hearing.draft.at)) " · " (hearing.draft.court) } }
        form.stack method="post" action=(format!("/hearings/{id}/report")) enctype="multipart/form-data" {
            (layout::csrf_field(ctx))
            fieldset {
                legend { (ctx.t("field-took-place")) "?" }
                label.choice { input type="radio" name="took_place" value="yes" checked[input.took_place]; (ctx.t("field-took-place")) }
                label.choice { input type="radio" name="took_place" value="no" checked[!input.took_place]; (ctx.t("field-took-place-no")) }
            }
            fieldset.checklist {
                legend { (ctx.t("field-checklist")) }
                p.hint { (ctx.t("field-checklist-hint")) }
                table.checklist {
                    thead { tr { th {} @for a in ChecklistAnswer::ALL { th scope="col" { (ctx.t(&a.message_id())) } } } }
                    tbody {
                        @for s in FairTrialStandard::ALL {
                            @let field = model::standard_field(*s);
                            @let chosen = input.answers.get(s).map(String::as_str).unwrap_or("");
                            tr {
                                th scope="row" id=(format!("{field}-label")) { (ctx.t(&s.message_id())) (errors.show(ctx, field)) }
                                @for a in ChecklistAnswer::ALL {
                                    td {
                                        label.choice {
                                            input type="radio" name=(field) value=(a.code()) checked[chosen == a.code()] aria-labelledby=(format!("{field}-label"));
                                            span.visually-hidden { (ctx.t(&a.message_id())) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            label for="notes" { (ctx.t("field-notes")) }
            p.hint { (ctx.t("field-notes-hint")) }
            textarea #notes name="notes" rows="6" { (input.notes) }
            (errors.show(ctx, "notes"))
            label for="next_hearing" { (ctx.t("field-next-hearing")) }
            p.hint { (ctx.t("field-next-hearing-hint")) }
            input #next_hearing type="text" name="next_hearing" value=(input.next_hearing) aria-invalid=[errors.has("next_hearing").then_some("true")];
            (errors.show(ctx, "next_hearing"))
            label for="next_type" { (ctx.t("field-next-hearing-type")) }
            select #next_type name="next_type" {
                option value="" { (ctx.t("same-stage")) }
                @for t in HearingType::ALL {
                    option value=(t.code()) selected[input.next_type == t.code()] { (ctx.t(&t.message_id())) }
                }
            }
            label for="attachments" { (ctx.t("field-attachments")) }
            p.hint { (ctx.t("field-attachments-hint")) }
            input #attachments type="file" name="attachments" multiple accept="image/*,application/pdf";
            (errors.show(ctx, "attachments"))
            button type="submit" { (ctx.t("action-file-report")) }
        }
    }
}

/// Monitors of the hearing and analysts may report on it.
async fn reportable_hearing(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<HearingRecord> {
    visible_hearing(state, ctx, id).await
}

pub async fn report_form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let hearing = reportable_hearing(&state, &ctx, id).await?;
    let input = ReportInput {
        took_place: true,
        ..Default::default()
    };
    Ok(layout::page(
        &ctx,
        &ctx.t("monitoring-report-title"),
        report_form(&ctx, &hearing, &input, &FieldErrors::default()),
    ))
}

pub async fn file_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let form = form::read(mp, state.config.max_upload_bytes).await?;
    ctx.check_csrf(&form.get("csrf"))?;
    let user = ctx.require(UserRole::Volunteer)?;
    let hearing = reportable_hearing(&state, &ctx, id).await?;
    let input = ReportInput::from_form(&form);
    let title = ctx.t("monitoring-report-title");
    let (mut errors, attachments) = collect_attachments(&ctx, &form, state.config.max_upload_bytes);
    let parsed = input.parse(&hearing);
    let (draft, next_type) = match parsed {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => {
            return Ok(invalid_page(
                &ctx,
                &title,
                report_form(&ctx, &hearing, &input, &errors),
            ))
        }
        Err(more) => {
            errors.0.extend(more.0);
            return Ok(invalid_page(
                &ctx,
                &title,
                report_form(&ctx, &hearing, &input, &errors),
            ));
        }
    };
    match state
        .store
        .file_monitoring_report(user.id, id, &draft, next_type, &attachments)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/hearings/{id}?done=report-filed")).into_response()),
        Err(kuager_store::CaseError::Field { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(invalid_page(
                &ctx,
                &title,
                report_form(&ctx, &hearing, &input, &errors),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The uploaded files that are images or PDF, and a message for each
/// that is too large or of another kind.
fn collect_attachments(
    ctx: &Ctx,
    form: &MultipartForm,
    max: usize,
) -> (FieldErrors, Vec<NewAttachment>) {
    let mut errors = FieldErrors::default();
    let mut attachments = Vec::new();
    for (_, name) in &form.too_large {
        let limit = i64::try_from(max / (1024 * 1024)).unwrap_or(i64::MAX);
        errors.add_text(
            "attachments",
            format!(
                "{name}: {}",
                ctx.t_args(
                    "error-file-too-large",
                    &[("megabytes", kuager_i18n::ArgValue::Num(limit))]
                )
            ),
        );
    }
    for (field, upload) in &form.files {
        if field != "attachments" {
            continue;
        }
        match form::sniff_attachment(&upload.bytes) {
            Some(kind) => attachments.push(NewAttachment {
                file_name: form::clean_file_name(&upload.file_name),
                content_type: kind.to_string(),
                bytes: upload.bytes.clone(),
            }),
            None => errors.add_text(
                "attachments",
                format!(
                    "{}: {}",
                    form::clean_file_name(&upload.file_name),
                    ctx.t("error-file-type")
                ),
            ),
        }
    }
    if attachments.len() > MAX_ATTACHMENTS {
        errors.add("attachments", "error-too-many-files");
    }
    (errors, attachments)
}

pub async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = ctx.require(UserRole::Volunteer)?;
    let (meta, bytes) = state
        .store
        .monitoring_attachment(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = state
        .store
        .monitoring_report(meta.report_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Same rule as the hearing itself.
    visible_hearing(&state, &ctx, report.hearing_id).await?;
    state
        .store
        .audit_event(
            Some(user.id),
            "export",
            "monitoring-attachment",
            &id.to_string(),
        )
        .await?;
    Ok(super::reports::download(
        &meta.file_name,
        &meta.content_type,
        bytes,
    ))
}

// ---- calendar feeds -----------------------------------------------------

pub async fn issue_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<super::NameForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Volunteer)?;
    let token = ctx::random_token();
    state
        .store
        .issue_calendar_feed(Some(user.id), user.id, &ctx::token_hash(&token))
        .await?;
    // Shown once, in this response: only its hash is kept.
    let path = format!("/calendar/private/{token}");
    let mut page = calendar_page(&state, &ctx, Some(&path), None).await?;
    page.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}

pub async fn revoke_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<super::NameForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Volunteer)?;
    state
        .store
        .revoke_calendar_feed(Some(user.id), user.id)
        .await?;
    Ok(Redirect::to("/hearings?done=feed-revoked").into_response())
}

fn ics_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn calendar_info(ctx: &Ctx, name_id: &str) -> kuager_publish::ics::CalendarInfo {
    kuager_publish::ics::CalendarInfo {
        name: ctx.t(name_id),
        uid_domain: "kuager".to_string(),
        generated_at: crate::now(),
    }
}

/// A monitor's private feed, found by the secret in its address (no
/// session: calendar apps have none). An unknown, revoked or re-issued
/// secret, or a deactivated account, gets "not found".
pub async fn private_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let user = state
        .store
        .calendar_feed_user(&ctx::token_hash(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let monitor = (!user.role.includes(UserRole::Analyst)).then_some(user.id);
    let hearings = state
        .store
        .hearings(&HearingFilter {
            from: Some(today_in_kazakhstan()),
            monitor,
            ..Default::default()
        })
        .await?;
    let mut entries = Vec::with_capacity(hearings.len());
    for h in &hearings {
        let d = &h.draft;
        let (event_type, names) = defendants(&state, d.event_id).await?;
        let who = if names.is_empty() {
            ctx.t(&event_type)
        } else {
            names.join(", ")
        };
        let location: Vec<String> = [
            d.courtroom.clone(),
            d.court.clone(),
            city(&ctx, d.place_key.as_deref()),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let mut description = vec![ctx.t(&event_type), ctx.t(&d.access.message_id())];
        if !d.judge.is_empty() {
            description.push(format!("{}: {}", ctx.t("field-judge"), d.judge));
        }
        entries.push(kuager_publish::ics::Entry {
            hearing_id: h.id,
            at: d.at,
            summary: format!("{}: {who}", ctx.t(&d.hearing_type.message_id())),
            location: location.join(", "),
            description: description.join("\n"),
        });
    }
    let info = calendar_info(&ctx, "calendar-private-name");
    Ok(ics_response(kuager_publish::ics::calendar(&info, &entries)))
}

/// The public feed: upcoming hearings of published cases, through the
/// redaction layer.
pub async fn public_feed(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let hearings = state
        .store
        .hearings(&HearingFilter {
            from: Some(today_in_kazakhstan()),
            ..Default::default()
        })
        .await?;
    let mut public = Vec::new();
    let mut cases: HashMap<i64, Option<kuager_publish::InternalEvent>> = HashMap::new();
    for h in hearings {
        let event_id = h.draft.event_id;
        if let Entry::Vacant(slot) = cases.entry(event_id) {
            slot.insert(crate::publishing::internal_event(&state.store, event_id).await?);
        }
        let Some(Some(event)) = cases.get(&event_id) else {
            continue;
        };
        let internal = kuager_publish::InternalHearing {
            id: h.id,
            event: event.clone(),
            court: h.draft.court,
            judge: h.draft.judge,
            courtroom: h.draft.courtroom,
            place_key: h.draft.place_key,
            at: h.draft.at,
            hearing_type: h.draft.hearing_type,
            access: h.draft.access,
            monitors: h.monitors.into_iter().map(|(_, name)| name).collect(),
        };
        if let Some(p) = kuager_publish::redact_hearing(&internal) {
            public.push(p);
        }
    }
    let info = calendar_info(&ctx, "calendar-public-name");
    Ok(ics_response(kuager_publish::ics::public_hearings(
        &public, &info, ctx.locale,
    )))
}

// ---- findings per court and judge ---------------------------------------

fn tally_table(ctx: &Ctx, tallies: &[model::ChecklistTally], id: &str) -> Markup {
    html! {
        @if tallies.is_empty() { p.empty { (ctx.t("no-findings")) } }
        @for t in tallies {
            section.tally {
                h3 { (t.name) }
                p { (ctx.t("field-hearings-count")) ": " (t.hearings) " · " (ctx.t("field-reports-count")) ": " (t.reports) }
                table.findings id=(format!("{id}-{}", model::name_key(&t.name).replace(' ', "-"))) {
                    thead { tr {
                        th scope="col" { (ctx.t("field-standard")) }
                        @for a in ChecklistAnswer::ALL { th scope="col" { (ctx.t(&a.message_id())) } }
                    } }
                    tbody {
                        @for s in FairTrialStandard::ALL {
                            tr {
                                th scope="row" { (ctx.t(&s.message_id())) }
                                @for a in ChecklistAnswer::ALL {
                                    @let n = t.count(*s, *a);
                                    td class=[(*a == ChecklistAnswer::Violated && n > 0).then_some("violated")] { (n) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn summary(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let findings = state.store.monitoring_findings().await?;
    let borrowed: Vec<Finding<'_>> = findings
        .iter()
        .map(|(hearing_id, court, judge, answers)| Finding {
            hearing_id: *hearing_id,
            court,
            judge,
            answers,
        })
        .collect();
    let courts = model::summarise(&borrowed, false);
    let judges = model::summarise(&borrowed, true);
    Ok(layout::page(
        &ctx,
        &ctx.t("trial-summary-title"),
        html! {
            p { a href="/hearings" { (ctx.t("hearings-title")) } }
            h2 { (ctx.t("trial-summary-courts")) }
            (tally_table(&ctx, &courts, "court"))
            h2 { (ctx.t("trial-summary-judges")) }
            (tally_table(&ctx, &judges, "judge"))
        },
    ))
}
