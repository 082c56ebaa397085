//! The person page: names, status timeline, events, sources,
//! political-prisoner recognition; adding a spelling and recording a
//! recognition decision.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout;
use crate::{view, AppState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::timeline::{self, TimelineEvent};
use kuager_case::{
    CaseDate, PaceCriterion, ParticipantRole, Recognition, RecognitionDecision, UserRole,
};
use kuager_domain::MentionKey;
use maud::html;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
    error: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    ctx.require(UserRole::Analyst)?;
    let person = state.store.person(&id).await?.ok_or(AppError::NotFound)?;
    let keys: Vec<MentionKey> = person.mentions.iter().map(|m| m.key.clone()).collect();
    let key_set: HashSet<&MentionKey> = keys.iter().collect();
    let events = state.store.events_of_mentions(&keys).await?;
    let recognitions = state.store.recognitions_of_mentions(&keys).await?;
    let as_victim: Vec<TimelineEvent> = events
        .iter()
        .filter(|e| {
            e.draft.participants.iter().any(|p| {
                p.role == ParticipantRole::Victim
                    && p.person.as_ref().is_some_and(|k| key_set.contains(k))
            })
        })
        .map(|e| TimelineEvent {
            event_id: e.id,
            event_type: e.draft.event_type,
            date: e.draft.date,
            sentence_kind: e.draft.legal.sentence_kind,
            arrest_days: e.draft.legal.sentence_days,
        })
        .collect();
    let steps = timeline::derive(&as_victim);
    let status = timeline::current(&steps);
    // Mentions grouped by document.
    let mut by_doc: BTreeMap<(&str, &str), Vec<&kuager_store::MentionRecord>> = BTreeMap::new();
    for m in &person.mentions {
        by_doc
            .entry((m.source.as_str(), m.key.sha256.as_str()))
            .or_default()
            .push(m);
    }
    let recognised = recognitions.last().map(|r| r.recognition.decision);
    let can_recognise = ctx.has_role(UserRole::Editor);
    Ok(layout::page(
        &ctx,
        &person.name,
        html! {
            @if let Some(d) = &done.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            @if let Some(e) = &done.error { p.field-error role="alert" { (ctx.t(&format!("error-{e}"))) } }
            dl.facts {
                dt { (ctx.t("field-status")) } dd { strong class=(format!("status {}", status.code())) { (ctx.t(&status.message_id())) } }
                @if let Some(r) = recognised { dt { (ctx.t("field-recognition")) } dd { (ctx.t(&r.message_id())) } }
                dt { (ctx.t("field-names")) } dd.names { span.name { (person.name) } @for a in &person.aliases { " · " span.name { (a) } } }
                dt { (ctx.t("field-person-id")) } dd { code { (person.id) } }
            }
            p { a.button href=(format!("/events/new?person={}", person.id)) { (ctx.t("action-new-event")) } }
            h2 { (ctx.t("timeline")) }
            @if steps.is_empty() { p.empty { (ctx.t("no-timeline")) } }
            ol.timeline {
                @for s in &steps {
                    li {
                        time datetime=(s.from.start.iso()) { (view::date(&ctx, &s.from)) }
                        " — " strong class=(format!("status {}", s.status.code())) { (ctx.t(&s.status.message_id())) }
                        @if s.implied { " " em { "(" (ctx.t("implied")) ")" } }
                        " " a href=(format!("/events/{}", s.event_id)) { "→" }
                    }
                }
            }
            h2 { (ctx.t("events-title")) }
            @if events.is_empty() { p.empty { (ctx.t("no-events")) } }
            ul.events {
                @for e in &events {
                    (view::event_row(&ctx, e))
                    @if !e.sources.is_empty() {
                        ul.sources { @for s in &e.sources { li { (view::source(&ctx, &s.source)) } } }
                    }
                }
            }
            h2 { (ctx.t("recognition-title")) }
            @if recognitions.is_empty() { p.empty { (ctx.t("no-recognition")) } }
            ul.recognitions {
                @for r in &recognitions {
                    li {
                        strong { (ctx.t(&r.recognition.decision.message_id())) }
                        " · " (view::date(&ctx, &r.recognition.decided_on))
                        " · " (ctx.t("decided-by")) " " (r.recognition.decided_by)
                        @if !r.recognition.criteria.is_empty() {
                            ul { @for c in &r.recognition.criteria { li { (ctx.t(&c.message_id())) } } }
                        }
                        @if !r.recognition.note.is_empty() { p { (r.recognition.note) } }
                    }
                }
            }
            @if can_recognise {
                details {
                    summary { (ctx.t("action-record-recognition")) }
                    form.stack method="post" action=(format!("/persons/{}/recognitions", person.id)) {
                        (layout::csrf_field(&ctx))
                        fieldset {
                            legend { (ctx.t("field-decision")) }
                            @for d in RecognitionDecision::ALL {
                                label.choice { input type="radio" name="decision" value=(d.code()) checked[*d == RecognitionDecision::Recognised]; (ctx.t(&d.message_id())) }
                            }
                        }
                        fieldset {
                            legend { (ctx.t("field-criteria")) }
                            @for c in PaceCriterion::ALL {
                                label.choice { input type="checkbox" name=(format!("criterion_{}", c.code())) value="1"; strong { (ctx.t(&format!("{}-short", c.message_id()))) } " — " (ctx.t(&c.message_id())) }
                            }
                        }
                        label for="decided_by" { (ctx.t("decided-by")) }
                        input #decided_by type="text" name="decided_by" required;
                        label for="decided_on" { (ctx.t("field-date")) }
                        input #decided_on type="text" name="decided_on" required;
                        label for="note" { (ctx.t("field-note")) }
                        textarea #note name="note" rows="2" {}
                        button type="submit" { (ctx.t("action-save")) }
                    }
                }
            }
            h2 { (ctx.t("field-sources")) }
            @for ((file, sha), mentions) in &by_doc {
                p {
                    a href=(format!("/sources/{sha}")) { (file) }
                    ": "
                    @for m in mentions { a href=(format!("/sources/{sha}#m{}", m.start)) { "«" (m.text) "»" } " " }
                }
            }
            details {
                summary { (ctx.t("action-add-name")) }
                form.stack method="post" action=(format!("/persons/{}/names", person.id)) {
                    (layout::csrf_field(&ctx))
                    label for="name" { (ctx.t("field-name")) }
                    input #name type="text" name="name" required;
                    button type="submit" { (ctx.t("action-add-name")) }
                }
            }
        },
    ))
}

/// Records another spelling of the person's name: a one-name record in the
/// register plus a merge decision, so the spelling is found by search and
/// survives re-resolution like any other human decision.
pub async fn add_name(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<super::NameForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(UserRole::Analyst)?;
    let anchor = kuager_register::anchor(&state.store, &id)
        .await
        .map_err(|_| AppError::NotFound)?;
    let name = f.name.trim();
    if name.is_empty() {
        return Ok(Redirect::to(&format!("/persons/{id}?error=required")).into_response());
    }
    let new_id = match kuager_register::add_person_record(&state.store, name, None).await {
        Ok(p) => p,
        Err(_) => return Ok(Redirect::to(&format!("/persons/{id}?error=bad-name")).into_response()),
    };
    if new_id != id {
        kuager_register::decide(&state.store, &id, &new_id, true).await?;
    }
    state
        .store
        .audit_event(Some(user.id), "add-name", "person", &id)
        .await?;
    let now_id = state.store.person_of_mention(&anchor).await?.unwrap_or(id);
    Ok(Redirect::to(&format!("/persons/{now_id}?done=saved")).into_response())
}

pub async fn add_recognition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user = ctx.require(UserRole::Editor)?;
    let anchor = kuager_register::anchor(&state.store, &id)
        .await
        .map_err(|_| AppError::NotFound)?;
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let decision = RecognitionDecision::from_code(&get("decision"))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    let criteria: Vec<PaceCriterion> = PaceCriterion::ALL
        .iter()
        .copied()
        .filter(|c| f.contains_key(&format!("criterion_{}", c.code())))
        .collect();
    let decided_on =
        CaseDate::parse(&get("decided_on")).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let decided_by = get("decided_by");
    if decided_by.is_empty() {
        return Err(AppError::BadRequest(ctx.t("error-decided-by")));
    }
    let recognition = Recognition {
        decision,
        criteria,
        decided_by,
        decided_on,
        note: get("note"),
    };
    recognition
        .check()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state
        .store
        .add_recognition(user.id, &anchor, &recognition)
        .await?;
    Ok(Redirect::to(&format!("/persons/{id}?done=saved")).into_response())
}
