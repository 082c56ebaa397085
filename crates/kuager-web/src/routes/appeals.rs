//! Collective appeals. Editors draft an appeal (addressees, title,
//! language, Markdown text), cite cases and people of the register, open
//! it for signatures, moderate the signatories and close it. The public
//! reads open and closed appeals (HTML and PDF), signs on a form and
//! confirms by the link mailed to them.
//!
//! Everything public goes through `kuager_publish::appeal::redact_appeal`:
//! cited records through the redaction layer, signatories only when
//! confirmed and approved, never an e-mail address.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout::{self, FieldErrors};
use crate::{publishing, AppState};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kuager_case::{AppealDraft, AppealState, Citation, Moderation, SignatureDraft, UserRole};
use kuager_i18n::{ArgValue, Locale};
use kuager_publish::appeal::{
    self, preview_appeal, redact_appeal, redact_citation, InternalAppeal, InternalCitation,
    InternalSignatory, PublicAppeal,
};
use kuager_publish::pdf::PdfFonts;
use kuager_publish::PseudonymKey;
use kuager_register::appeals::{AppealError, ConfirmationText};
use kuager_store::{AppealRecord, Confirmed, SignatureFilter, SignatureRecord};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::OnceLock;

// ---- from the store to the redaction layer ---------------------------------

/// The appeal with its cited records as the register holds them now and
/// its signatures (all of them: redaction picks the ones that count).
/// A cited record as the register holds it now; `None` when it is no
/// longer there.
async fn internal_citation(state: &AppState, c: &Citation) -> AppResult<Option<InternalCitation>> {
    let store = &state.store;
    Ok(match c {
        Citation::Event(id) => publishing::internal_event(store, *id)
            .await?
            .map(|e| InternalCitation::Event(Box::new(e))),
        Citation::Person(key) => match store.person_of_mention(key).await? {
            Some(id) => publishing::internal_person(store, &id)
                .await?
                .map(|p| InternalCitation::Person(Box::new(p))),
            None => None,
        },
    })
}

async fn internal(state: &AppState, a: &AppealRecord) -> AppResult<InternalAppeal> {
    let store = &state.store;
    let mut citations = Vec::new();
    for c in &a.citations {
        if let Some(ic) = internal_citation(state, c).await? {
            citations.push(ic);
        }
    }
    let signatories = store
        .signatures(a.id, &SignatureFilter::counted())
        .await?
        .iter()
        .map(|s| InternalSignatory {
            name: s.name.clone(),
            role: s.role.clone(),
            organisation: s.organisation.clone(),
            city: s.city.clone(),
            country: s.country.clone(),
            political_group: s.political_group.clone(),
            confirmed: s.is_confirmed(),
            moderation: s.moderation,
        })
        .collect();
    Ok(InternalAppeal {
        id: a.id,
        state: a.state,
        title: a.draft.title.clone(),
        addressees: a.draft.addressees.clone(),
        language: a.draft.language.clone(),
        body: a.draft.body.clone(),
        opened_at: a.opened_at.clone(),
        closed_at: a.closed_at.clone(),
        citations,
        signatories,
    })
}

/// The published appeal `id`; not found for a draft.
async fn published(state: &AppState, id: i64) -> AppResult<PublicAppeal> {
    let a = state.store.appeal(id).await?.ok_or(AppError::NotFound)?;
    redact_appeal(&internal(state, &a).await?).ok_or(AppError::NotFound)
}

/// The PDF font, read once.
fn fonts() -> AppResult<&'static PdfFonts> {
    static FONTS: OnceLock<PdfFonts> = OnceLock::new();
    if let Some(f) = FONTS.get() {
        return Ok(f);
    }
    let loaded = PdfFonts::load().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(FONTS.get_or_init(|| loaded))
}

/// Whether appeal PDFs can be made here (for `kuager serve` to say at
/// start): the error names the font file and the package.
pub fn check_pdf_font() -> Result<(), String> {
    PdfFonts::load().map(|_| ()).map_err(|e| e.to_string())
}

async fn render_pdf(a: PublicAppeal) -> AppResult<Vec<u8>> {
    let fonts = fonts()?;
    tokio::task::spawn_blocking(move || kuager_publish::pdf::pdf(&a, fonts))
        .await
        .map_err(|e| AppError::Internal(format!("rendering a PDF: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn pdf_response(id: i64, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"appeal-{id}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn state_text(ctx: &Ctx, s: AppealState) -> String {
    ctx.t(&s.message_id())
}

fn invalid_page(ctx: &Ctx, title: &str, body: Markup) -> Response {
    let mut r = layout::public_page(ctx, title, body);
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

// ---- public pages -----------------------------------------------------------

pub async fn public_list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let appeals = state
        .store
        .appeals(&[AppealState::Open, AppealState::Closed])
        .await?;
    let mut rows = Vec::with_capacity(appeals.len());
    for a in &appeals {
        let n = state
            .store
            .signatures(a.id, &SignatureFilter::counted())
            .await?
            .len();
        rows.push((a, n));
    }
    Ok(layout::public_page(
        &ctx,
        &ctx.t("appeals-title"),
        html! {
            @if rows.is_empty() { p.empty { (ctx.t("no-appeals")) } }
            ul.appeals {
                @for (a, n) in &rows {
                    li {
                        a href=(format!("/appeals/{}", a.id)) lang=(a.draft.language) { (a.draft.title) }
                        " — " (state_text(&ctx, a.state))
                        " · " (ctx.t_args("appeal-signatory-count", &[("count", ArgValue::Num(i64::try_from(*n).unwrap_or(i64::MAX)))]))
                    }
                }
            }
        },
    ))
}

pub async fn public_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = published(&state, id).await?;
    let count = i64::try_from(a.signatories().len()).unwrap_or(i64::MAX);
    Ok(layout::public_page(
        &ctx,
        a.title(),
        html! {
            p.appeal-state { (state_text(&ctx, a.state())) " · " (ctx.t_args("appeal-signatory-count", &[("count", ArgValue::Num(count))])) }
            p.actions {
                @if a.state() == AppealState::Open {
                    a.button href=(format!("/appeals/{id}/sign")) { (ctx.t("action-sign-appeal")) }
                    " "
                }
                a href=(format!("/appeals/{id}/appeal.pdf")) { (ctx.t("appeal-pdf")) }
            }
            (appeal::html(&a))
        },
    ))
}

pub async fn public_pdf(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let a = published(&state, id).await?;
    Ok(pdf_response(id, render_pdf(a).await?))
}

/// The sign-on form's fields as typed.
#[derive(Debug, Default, Clone)]
struct SignInput {
    name: String,
    role: String,
    organisation: String,
    city: String,
    country: String,
    political_group: String,
    email: String,
}

impl SignInput {
    fn from_form(f: &HashMap<String, String>) -> SignInput {
        let g = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        SignInput {
            name: g("name"),
            role: g("role"),
            organisation: g("organisation"),
            city: g("city"),
            country: g("country"),
            political_group: g("political_group"),
            email: g("email"),
        }
    }

    fn draft(&self) -> SignatureDraft {
        SignatureDraft {
            name: self.name.clone(),
            role: self.role.clone(),
            organisation: self.organisation.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            political_group: self.political_group.clone(),
            email: self.email.clone(),
        }
    }
}

fn sign_form(ctx: &Ctx, id: i64, input: &SignInput, errors: &FieldErrors) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    let fields: [(&str, &str, &str, &str); 6] = [
        ("name", "field-signatory-name", &input.name, "name"),
        (
            "role",
            "field-signatory-role",
            &input.role,
            "organization-title",
        ),
        (
            "organisation",
            "field-signatory-organisation",
            &input.organisation,
            "organization",
        ),
        (
            "city",
            "field-signatory-city",
            &input.city,
            "address-level2",
        ),
        (
            "country",
            "field-signatory-country",
            &input.country,
            "country-name",
        ),
        (
            "political_group",
            "field-signatory-group",
            &input.political_group,
            "off",
        ),
    ];
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action=(format!("/appeals/{id}/sign")) {
            (layout::csrf_field(ctx))
            @for (name, label, value, autocomplete) in fields {
                label for=(name) { (ctx.t(label)) }
                input id=(name) type="text" name=(name) value=(value) autocomplete=(autocomplete) required[name == "name"] aria-invalid=[invalid(name)];
                (errors.show(ctx, name))
            }
            label for="email" { (ctx.t("field-signatory-email")) }
            input #email type="email" name="email" value=(input.email) autocomplete="email" required aria-invalid=[invalid("email")];
            p.hint { (ctx.t("appeal-email-hint")) }
            (errors.show(ctx, "email"))
            // A field people do not see: robots fill it.
            div.hp aria-hidden="true" {
                label for="website" { (ctx.t("field-honeypot")) }
                input #website type="text" name="website" tabindex="-1" autocomplete="off";
            }
            button type="submit" { (ctx.t("action-sign-appeal")) }
        }
    }
}

pub async fn sign_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = published(&state, id).await?;
    let title = ctx.t_args("appeal-sign-title", &[("title", ArgValue::Str(a.title()))]);
    Ok(layout::public_page(
        &ctx,
        &title,
        html! {
            p { a href=(format!("/appeals/{id}")) { (ctx.t("appeal-read")) } }
            @if a.state() != AppealState::Open {
                p.notice { (ctx.t("appeal-closed-for-signing")) }
            } @else if state.mail.is_none() {
                p.notice { (ctx.t("appeal-signing-unavailable")) }
            } @else {
                (sign_form(&ctx, id, &SignInput::default(), &FieldErrors::default()))
            }
        },
    ))
}

fn unavailable(ctx: &Ctx, title: &str, message_id: &str) -> Response {
    let mut r = layout::public_page(ctx, title, html! { p.notice { (ctx.t(message_id)) } });
    *r.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    r
}

pub async fn sign(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    if state.limiter.check_key(&peer.ip()).is_err() {
        return Err(AppError::RateLimited);
    }
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let a = published(&state, id).await?;
    let title = ctx.t_args("appeal-sign-title", &[("title", ArgValue::Str(a.title()))]);
    let sent = || {
        layout::public_page(
            &ctx,
            &ctx.t("appeal-check-mail-title"),
            html! { p { (ctx.t("appeal-check-mail")) } p { a href=(format!("/appeals/{id}")) { (ctx.t("appeal-read")) } } },
        )
    };
    if f.get("website").is_some_and(|w| !w.is_empty()) {
        tracing::info!("appeal signature dropped: honeypot filled");
        return Ok(sent());
    }
    if a.state() != AppealState::Open {
        return Ok(layout::public_page(
            &ctx,
            &title,
            html! { p.notice { (ctx.t("appeal-closed-for-signing")) } },
        ));
    }
    let input = SignInput::from_form(&f);
    let token = crate::ctx::random_token();
    let subject = ctx.t_args(
        "appeal-mail-subject",
        &[("title", ArgValue::Str(a.title()))],
    );
    let text = ctx.t_args(
        "appeal-mail-text",
        &[
            ("title", ArgValue::Str(a.title())),
            ("link", ArgValue::Str("{link}")),
            (
                "days",
                ArgValue::Num(kuager_register::appeals::CONFIRMATION_DAYS),
            ),
        ],
    );
    let message = ConfirmationText {
        subject,
        text: &text,
        language: ctx.locale.code(),
    };
    match kuager_register::appeals::sign(
        &state.store,
        state.mail.as_ref(),
        &state.public_url,
        id,
        &input.draft(),
        &token,
        &message,
    )
    .await
    {
        Ok(_) => Ok(sent()),
        Err(AppealError::Field { field, message }) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(invalid_page(
                &ctx,
                &title,
                sign_form(&ctx, id, &input, &errors),
            ))
        }
        Err(AppealError::NoMail) | Err(AppealError::NoPublicUrl) => {
            tracing::error!("appeal signing without mail configuration");
            Ok(unavailable(&ctx, &title, "appeal-signing-unavailable"))
        }
        Err(AppealError::Mail(e)) => {
            tracing::warn!(error = %e, "sending an appeal confirmation");
            Ok(unavailable(&ctx, &title, "appeal-mail-failed"))
        }
        Err(AppealError::Case(e)) => Err(e.into()),
    }
}

/// The page of the mailed link: a button, so that mail scanners that
/// open links do not confirm for the signatory.
pub async fn confirm_page(ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    Ok(layout::public_page(
        &ctx,
        &ctx.t("appeal-confirm-title"),
        html! {
            form.stack method="post" action=(format!("/appeals/confirm/{}", crate::url_encode(&token))) {
                (layout::csrf_field(&ctx))
                p { (ctx.t("appeal-confirm-text")) }
                button type="submit" { (ctx.t("action-confirm-signature")) }
            }
        },
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    ctx.check_csrf(&f.csrf)?;
    let title = ctx.t("appeal-confirm-title");
    let outcome = kuager_register::appeals::confirm(&state.store, &token)
        .await
        .map_err(|e| match e {
            AppealError::Case(e) => AppError::from(e),
            other => AppError::Internal(other.to_string()),
        })?;
    match outcome {
        Confirmed::Confirmed { appeal_id, .. } => Ok(layout::public_page(
            &ctx,
            &title,
            html! {
                p.notice role="status" { (ctx.t("appeal-confirmed")) }
                p { a href=(format!("/appeals/{appeal_id}")) { (ctx.t("appeal-read")) } }
            },
        )),
        Confirmed::Closed { appeal_id } => Ok(layout::public_page(
            &ctx,
            &title,
            html! {
                p.notice { (ctx.t("appeal-closed-for-signing")) }
                p { a href=(format!("/appeals/{appeal_id}")) { (ctx.t("appeal-read")) } }
            },
        )),
        Confirmed::Unknown => {
            let mut r = layout::public_page(
                &ctx,
                &title,
                html! { p.notice { (ctx.t("appeal-link-invalid")) } },
            );
            *r.status_mut() = StatusCode::NOT_FOUND;
            Ok(r)
        }
    }
}

// ---- editor pages ------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct AppealInput {
    title: String,
    addressees: String,
    language: String,
    body: String,
}

impl AppealInput {
    fn from_form(f: &HashMap<String, String>) -> AppealInput {
        let g = |k: &str| f.get(k).cloned().unwrap_or_default();
        AppealInput {
            title: g("title").trim().to_string(),
            addressees: g("addressees"),
            language: g("language").trim().to_string(),
            body: g("body"),
        }
    }

    fn from_draft(d: &AppealDraft) -> AppealInput {
        AppealInput {
            title: d.title.clone(),
            addressees: d.addressees.clone(),
            language: d.language.clone(),
            body: d.body.clone(),
        }
    }

    fn parse(&self) -> Result<AppealDraft, FieldErrors> {
        let draft = AppealDraft {
            title: self.title.clone(),
            addressees: self.addressees.clone(),
            language: self.language.clone(),
            body: self.body.clone(),
        };
        let mut errors = FieldErrors::default();
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

fn appeal_form(
    ctx: &Ctx,
    action: &str,
    version: Option<i64>,
    input: &AppealInput,
    errors: &FieldErrors,
) -> Markup {
    let invalid = |f: &str| errors.has(f).then_some("true");
    let language = if input.language.is_empty() {
        ctx.locale.code()
    } else {
        input.language.as_str()
    };
    html! {
        (layout::error_summary(ctx, errors))
        form.stack method="post" action=(action) {
            (layout::csrf_field(ctx))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            label for="addressees" { (ctx.t("field-appeal-addressees")) }
            textarea #addressees name="addressees" rows="3" required aria-invalid=[invalid("addressees")] { (input.addressees) }
            (errors.show(ctx, "addressees"))
            label for="title" { (ctx.t("field-appeal-title")) }
            input #title type="text" name="title" value=(input.title) required aria-invalid=[invalid("title")];
            (errors.show(ctx, "title"))
            label for="language" { (ctx.t("field-appeal-language")) }
            select #language name="language" {
                @for l in Locale::ALL {
                    option value=(l.code()) selected[language == l.code()] { (l.native_name()) }
                }
            }
            (errors.show(ctx, "language"))
            label for="body" { (ctx.t("field-appeal-text")) }
            textarea #body name="body" rows="16" required aria-invalid=[invalid("body")] { (input.body) }
            p.hint { (ctx.t("appeal-markdown-hint")) }
            (errors.show(ctx, "body"))
            button type="submit" { (ctx.t("action-save")) }
        }
    }
}

pub async fn editor_list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    let appeals = state.store.appeals(&[]).await?;
    Ok(layout::page(
        &ctx,
        &ctx.t("appeals-editor-title"),
        html! {
            p { a.button href="/editor/appeals/new" { (ctx.t("action-new-appeal")) } " " a href="/appeals" { (ctx.t("appeals-title")) } }
            @if appeals.is_empty() { p.empty { (ctx.t("no-appeals")) } }
            ul.appeals {
                @for a in &appeals {
                    li {
                        a href=(format!("/editor/appeals/{}", a.id)) { (a.draft.title) }
                        " — " (state_text(&ctx, a.state))
                    }
                }
            }
        },
    ))
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    Ok(layout::page(
        &ctx,
        &ctx.t("appeal-new-title"),
        appeal_form(
            &ctx,
            "/editor/appeals",
            None,
            &AppealInput::default(),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let input = AppealInput::from_form(&f);
    match input.parse() {
        Ok(draft) => {
            let id = state.store.add_appeal(user.id, &draft).await?;
            Ok(Redirect::to(&format!("/editor/appeals/{id}?done=appeal-saved")).into_response())
        }
        Err(errors) => Ok(invalid_page(
            &ctx,
            &ctx.t("appeal-new-title"),
            appeal_form(&ctx, "/editor/appeals", None, &input, &errors),
        )),
    }
}

#[derive(Deserialize, Default)]
pub struct EditorQuery {
    done: Option<String>,
    error: Option<String>,
    moderation: Option<String>,
    confirmed: Option<String>,
}

fn signature_filter(q: &EditorQuery) -> SignatureFilter {
    SignatureFilter {
        moderation: q.moderation.as_deref().and_then(Moderation::from_code),
        confirmed: match q.confirmed.as_deref() {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        },
    }
}

fn signature_row(ctx: &Ctx, id: i64, s: &SignatureRecord) -> Markup {
    html! {
        tr id=(format!("signature-{}", s.id)) {
            td.line { (s.line()) }
            td { @if s.is_confirmed() { (ctx.t("signature-confirmed")) } @else { (ctx.t("signature-unconfirmed")) } }
            td.moderation { (ctx.t(&s.moderation.message_id())) }
            td {
                @for (decision, label) in [(Moderation::Approved, "action-approve"), (Moderation::Rejected, "action-reject")] {
                    @if s.moderation != decision {
                        form.inline method="post" action=(format!("/editor/appeals/{id}/moderate")) {
                            (layout::csrf_field(ctx))
                            input type="hidden" name="signature" value=(s.id);
                            input type="hidden" name="decision" value=(decision.code());
                            button type="submit" { (ctx.t(label)) }
                        }
                        " "
                    }
                }
            }
        }
    }
}

pub async fn editor_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<EditorQuery>,
) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    let a = state.store.appeal(id).await?.ok_or(AppError::NotFound)?;
    let internal = internal(&state, &a).await?;
    // What each citation will show, or that it will not be shown.
    let key = PseudonymKey::new([0; 32]);
    let mut cited = Vec::new();
    for c in &a.citations {
        let shown = internal_citation(&state, c)
            .await?
            .map(|ic| redact_citation(&ic, &key));
        cited.push((c, shown));
    }
    let filter = signature_filter(&q);
    let signatures = state.store.signatures(id, &filter).await?;
    let preview = preview_appeal(&internal);
    let editable = a.state != AppealState::Closed;
    Ok(layout::page(
        &ctx,
        &a.draft.title,
        html! {
            @if let Some(d) = &q.done { (layout::notice(&ctx.t(&format!("done-{d}")))) }
            @if let Some(e) = &q.error { p.field-error role="alert" { (ctx.t(&format!("error-{e}"))) } }
            dl.facts {
                dt { (ctx.t("field-appeal-state")) } dd #appeal-state { (state_text(&ctx, a.state)) }
                dt { (ctx.t("appeal-counted")) } dd #appeal-counted { (preview.signatories().len()) }
            }
            p.actions {
                a href=(format!("/editor/appeals/{id}/preview")) { (ctx.t("appeal-preview")) }
                @if a.state.is_public() {
                    " · " a href=(format!("/appeals/{id}")) { (ctx.t("appeal-public-page")) }
                    " · " a href=(format!("/appeals/{id}/appeal.pdf")) { (ctx.t("appeal-pdf")) }
                }
                " · " a href=(format!("/editor/appeals/{id}/signatories.csv")) { (ctx.t("appeal-csv")) }
            }
            @for next in [AppealState::Open, AppealState::Closed] {
                @if a.state.may_become(next) {
                    form.inline method="post" action=(format!("/editor/appeals/{id}/state")) {
                        (layout::csrf_field(&ctx))
                        input type="hidden" name="state" value=(next.code());
                        button type="submit" { (ctx.t(&format!("action-appeal-{}", next.code()))) }
                    }
                }
            }
            h2 { (ctx.t("appeal-citations")) }
            @if cited.is_empty() { p.empty { (ctx.t("no-citations")) } }
            ul.citations {
                @for (c, line) in &cited {
                    li {
                        code { (c.kind()) " " (c.reference()) } " — "
                        @match line {
                            Some(Some(p)) => { (appeal::citation_line(p, ctx.locale)) }
                            Some(None) => { strong.withheld { (ctx.t("citation-not-public")) } }
                            None => { strong.withheld { (ctx.t("citation-missing")) } }
                        }
                        @if editable {
                            " "
                            form.inline method="post" action=(format!("/editor/appeals/{id}/citations")) {
                                (layout::csrf_field(&ctx))
                                input type="hidden" name="op" value="remove";
                                input type="hidden" name="kind" value=(c.kind());
                                input type="hidden" name="reference" value=(c.reference());
                                button type="submit" { (ctx.t("action-remove")) }
                            }
                        }
                    }
                }
            }
            @if editable {
                form.inline method="post" action=(format!("/editor/appeals/{id}/citations")) {
                    (layout::csrf_field(&ctx))
                    input type="hidden" name="op" value="add";
                    label for="kind" { (ctx.t("field-citation-kind")) } " "
                    select #kind name="kind" {
                        option value="person" { (ctx.t("citation-kind-person")) }
                        option value="event" { (ctx.t("citation-kind-event")) }
                    }
                    " " label for="reference" { (ctx.t("field-citation-reference")) } " "
                    input #reference type="text" name="reference" required;
                    " " button type="submit" { (ctx.t("action-cite")) }
                }
            }
            h2 { (ctx.t("appeal-signatories")) }
            form.inline method="get" action=(format!("/editor/appeals/{id}")) {
                label for="moderation" { (ctx.t("field-moderation")) } " "
                select #moderation name="moderation" {
                    option value="" { (ctx.t("filter-any")) }
                    @for m in Moderation::ALL {
                        option value=(m.code()) selected[filter.moderation == Some(*m)] { (ctx.t(&m.message_id())) }
                    }
                }
                " " label for="confirmed" { (ctx.t("field-confirmed")) } " "
                select #confirmed name="confirmed" {
                    option value="" { (ctx.t("filter-any")) }
                    option value="yes" selected[filter.confirmed == Some(true)] { (ctx.t("signature-confirmed")) }
                    option value="no" selected[filter.confirmed == Some(false)] { (ctx.t("signature-unconfirmed")) }
                }
                " " button type="submit" { (ctx.t("action-filter")) }
            }
            @if signatures.is_empty() { p.empty { (ctx.t("no-signatures")) } }
            @else {
                table.signatures {
                    thead { tr {
                        th { (ctx.t("appeal-signatory")) } th { (ctx.t("field-confirmed")) }
                        th { (ctx.t("field-moderation")) } th {}
                    } }
                    tbody { @for s in &signatures { (signature_row(&ctx, id, s)) } }
                }
            }
            @if editable {
                h2 { (ctx.t("appeal-edit")) }
                (appeal_form(&ctx, &format!("/editor/appeals/{id}/edit"), Some(a.version), &AppealInput::from_draft(&a.draft), &FieldErrors::default()))
            }
        },
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let version: i64 = f
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest("the form has no version".into()))?;
    let input = AppealInput::from_form(&f);
    let action = format!("/editor/appeals/{id}/edit");
    let title = ctx.t("appeal-edit");
    let draft = match input.parse() {
        Ok(d) => d,
        Err(errors) => {
            return Ok(invalid_page(
                &ctx,
                &title,
                appeal_form(&ctx, &action, Some(version), &input, &errors),
            ))
        }
    };
    match state
        .store
        .update_appeal(user.id, id, version, &draft)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/editor/appeals/{id}?done=appeal-saved")).into_response())
        }
        Err(kuager_store::CaseError::StaleVersion { current, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("title", "error-stale");
            Ok(invalid_page(
                &ctx,
                &title,
                appeal_form(&ctx, &action, Some(current), &input, &errors),
            ))
        }
        Err(kuager_store::CaseError::Field { message, .. }) => {
            Err(AppError::BadRequest(ctx.t(message)))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn cite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let add = get("op") != "remove";
    let reference = get("reference");
    let back = |q: &str| -> AppResult<Response> {
        Ok(Redirect::to(&format!("/editor/appeals/{id}?{q}")).into_response())
    };
    let citation = match get("kind").as_str() {
        "event" => match reference.parse::<i64>() {
            Ok(e) => Citation::Event(e),
            Err(_) => return back("error=unknown-event"),
        },
        "person" if !add => match Citation::from_stored("person", &reference) {
            Some(c) => c,
            None => return back("error=unknown-person"),
        },
        // A person is cited by id; the citation keeps their anchor
        // mention, which outlives merges.
        "person" => match kuager_register::anchor(&state.store, &reference).await {
            Ok(key) => Citation::Person(key),
            Err(_) => return back("error=unknown-person"),
        },
        _ => return Err(AppError::BadRequest(ctx.t("error-required"))),
    };
    match state
        .store
        .set_appeal_citation(user.id, id, &citation, add)
        .await
    {
        Ok(()) => {}
        Err(kuager_store::CaseError::NotFound {
            entity: "event", ..
        }) => return back("error=unknown-event"),
        Err(kuager_store::CaseError::NotFound {
            entity: "person", ..
        }) => return back("error=unknown-person"),
        Err(kuager_store::CaseError::Field { message, .. }) => {
            return Err(AppError::BadRequest(ctx.t(message)))
        }
        Err(e) => return Err(e.into()),
    }
    if !add {
        return back("done=citation-removed");
    }
    // Tell the editor at once when what they cited cannot be shown.
    let shown = internal_citation(&state, &citation)
        .await?
        .and_then(|c| redact_citation(&c, &PseudonymKey::new([0; 32])))
        .is_some();
    if shown {
        back("done=cited")
    } else {
        back("done=cited-not-public")
    }
}

pub async fn set_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let next = f
        .get("state")
        .and_then(|s| AppealState::from_code(s))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    match state.store.set_appeal_state(user.id, id, next).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/editor/appeals/{id}?done=appeal-{}", next.code()))
                .into_response(),
        ),
        Err(kuager_store::CaseError::Field { message, .. }) => {
            Err(AppError::BadRequest(ctx.t(message)))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    ctx.check_csrf(f.get("csrf").map_or("", String::as_str))?;
    let user = ctx.require(UserRole::Editor)?;
    let signature: i64 = f
        .get("signature")
        .and_then(|s| s.trim().parse().ok())
        .ok_or(AppError::NotFound)?;
    let decision = f
        .get("decision")
        .and_then(|d| Moderation::from_code(d))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-required")))?;
    state
        .store
        .moderate_signature(user.id, id, signature, decision)
        .await?;
    Ok(Redirect::to(&format!(
        "/editor/appeals/{id}?done=signature-{}#signature-{signature}",
        decision.code()
    ))
    .into_response())
}

pub async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    let a = state.store.appeal(id).await?.ok_or(AppError::NotFound)?;
    let public = preview_appeal(&internal(&state, &a).await?);
    Ok(layout::page(
        &ctx,
        &ctx.t("appeal-preview"),
        html! {
            p { a href=(format!("/editor/appeals/{id}")) { (ctx.t("appeal-back-to-editing")) } }
            @if public.withheld_citations() > 0 {
                p.notice { (ctx.t_args("appeal-citations-withheld", &[("count", ArgValue::Num(i64::try_from(public.withheld_citations()).unwrap_or(i64::MAX)))])) }
            }
            (appeal::html(&public))
        },
    ))
}

pub async fn signatories_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    ctx.require(UserRole::Editor)?;
    let a = state.store.appeal(id).await?.ok_or(AppError::NotFound)?;
    let public = preview_appeal(&internal(&state, &a).await?);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"appeal-{id}-signatories.csv\""),
            ),
        ],
        appeal::csv(&public),
    )
        .into_response())
}
