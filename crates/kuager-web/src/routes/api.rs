//! The read-only JSON API of the public register (`/api/v1/…`), described
//! by an OpenAPI 3.1 document at `/api/v1/openapi.json`. It answers from
//! the same redacted site as the public pages, pages long answers
//! (`page`, `per_page`, a `Link` header) and tags every answer (`ETag`,
//! `If-None-Match` → 304).

use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::routes::site::{list_query, query_string, ListParams};
use crate::site::{cached, etag};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kuager_case::EventType;
use kuager_site::lists::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use kuager_site::{ListKind, Official, Site};
use serde::Deserialize;
use serde_json::{json, Value};

fn json_response(value: &Value) -> Response {
    let mut r = value.to_string().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// A JSON error naming the problem (`{"error": ...}`).
fn json_error(status: StatusCode, message: &str) -> Response {
    let mut r = json_response(&json!({ "error": message }));
    *r.status_mut() = status;
    r
}

fn tagged(ctx: &Ctx, headers: &HeaderMap, site: &Site, body: impl FnOnce() -> Value) -> Response {
    let tag = etag(site, &ctx.path, "json");
    cached(headers, &tag, || json_response(&body()))
}

/// `/api/v1`: where everything is.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    Ok(tagged(&ctx, &headers, &site, || {
        json!({
            "openapi": "/api/v1/openapi.json",
            "lists": ListKind::ALL.iter().map(|k| json!({
                "list": k.code(),
                "href": format!("/api/v1/lists/{}", k.code()),
            })).collect::<Vec<_>>(),
            "events": "/api/v1/events",
            "officials": "/api/v1/officials",
            "statistics": "/api/v1/statistics",
        })
    }))
}

/// `/api/v1/lists/{list}`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let Some(kind) = ListKind::from_code(&code) else {
        return Ok(json_error(
            StatusCode::NOT_FOUND,
            &format!("no list {code:?}"),
        ));
    };
    let q = match list_query(kind, &params) {
        Ok(q) => q,
        Err(e) => return Ok(json_error(StatusCode::BAD_REQUEST, &e)),
    };
    let site = state.site.get(&state).await?;
    let page = site.list(&q);
    let qs = query_string(&q);
    let href = |n: usize| {
        let mut h = format!("/api/v1/lists/{}?page={n}", kind.code());
        if !qs.is_empty() {
            h.push('&');
            h.push_str(&qs);
        }
        h
    };
    let next = (page.page < page.pages).then(|| href(page.page + 1));
    let prev = (page.page > 1).then(|| href(page.page - 1));
    let mut response = tagged(&ctx, &headers, &site, || {
        json!({
            "list": kind.code(),
            "total": page.total,
            "page": page.page,
            "pages": page.pages,
            "per_page": page.per_page,
            "next": next,
            "prev": prev,
            "items": page.items.iter().map(|p| kuager_site::export::json_row(p)).collect::<Vec<_>>(),
        })
    });
    let links: Vec<String> = [(next.as_ref(), "next"), (prev.as_ref(), "prev")]
        .into_iter()
        .filter_map(|(h, rel)| h.map(|h| format!("<{h}>; rel=\"{rel}\"")))
        .collect();
    if !links.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
            response.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(response)
}

/// `/api/v1/people/{handle}`.
pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let Some(p) = site.person(&handle) else {
        return Ok(json_error(
            StatusCode::NOT_FOUND,
            &format!("no public person {handle:?}"),
        ));
    };
    Ok(tagged(&ctx, &headers, &site, || {
        let mut v = kuager_publish::json::person_value(p.person());
        if let Some(o) = v.as_object_mut() {
            o.insert("page".into(), format!("/people/{}", p.handle()).into());
            o.insert("recognised".into(), p.recognised().into());
        }
        v
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct EventParams {
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// `/api/v1/events`: published events, latest first.
pub async fn events(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(params): Query<EventParams>,
) -> AppResult<Response> {
    let event_type = match params.event_type.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => match EventType::from_code(t) {
            Some(t) => Some(t),
            None => {
                return Ok(json_error(
                    StatusCode::BAD_REQUEST,
                    &format!("type: {t:?} is not an event type"),
                ))
            }
        },
        None => None,
    };
    let page = match params.page.as_deref().map(str::parse::<usize>) {
        None => 1,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => {
            return Ok(json_error(
                StatusCode::BAD_REQUEST,
                "page: not a page number",
            ))
        }
    };
    let per_page = match params.per_page.as_deref().map(str::parse::<usize>) {
        None => DEFAULT_PER_PAGE,
        Some(Ok(n)) if (1..=MAX_PER_PAGE).contains(&n) => n,
        Some(_) => {
            return Ok(json_error(
                StatusCode::BAD_REQUEST,
                &format!("per_page: not a number from 1 to {MAX_PER_PAGE}"),
            ))
        }
    };
    let site = state.site.get(&state).await?;
    Ok(tagged(&ctx, &headers, &site, || {
        let all: Vec<_> = site
            .events()
            .iter()
            .filter(|e| event_type.is_none_or(|t| e.event_type() == t))
            .collect();
        let total = all.len();
        let pages = total.div_ceil(per_page).max(1);
        json!({
            "total": total,
            "page": page,
            "pages": pages,
            "per_page": per_page,
            "items": all.iter().skip((page - 1).saturating_mul(per_page)).take(per_page)
                .map(|e| kuager_publish::json::event_value(e)).collect::<Vec<_>>(),
        })
    }))
}

/// `/api/v1/events/{id}`.
pub async fn event(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let Some(e) = id.parse::<i64>().ok().and_then(|id| site.event(id)) else {
        return Ok(json_error(
            StatusCode::NOT_FOUND,
            &format!("no published event {id:?}"),
        ));
    };
    Ok(tagged(&ctx, &headers, &site, || {
        kuager_publish::json::event_value(e)
    }))
}

fn official_value(site: &Site, o: &Official, with_acts: bool) -> Value {
    let mut v = json!({
        "slug": o.slug(),
        "name": o.name(),
        "other_names": o.other_names(),
        "positions": o.positions(),
        "organisations": o.organisations(),
        "acts": o.acts().len(),
        "page": format!("/officials/{}", o.slug()),
    });
    if let (Some(obj), Some(id)) = (v.as_object_mut(), o.person_id()) {
        obj.insert("person".into(), id.into());
    }
    if with_acts {
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "acts".into(),
                o.acts()
                    .iter()
                    .map(|a| {
                        json!({
                            "role": a.role.code(),
                            "position": a.position,
                            "organisation": a.organisation,
                            "event": site.event(a.event_id).map(kuager_publish::json::event_value),
                        })
                    })
                    .collect(),
            );
        }
    }
    v
}

/// `/api/v1/officials`.
pub async fn officials(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    Ok(tagged(&ctx, &headers, &site, || {
        Value::Array(
            site.officials()
                .iter()
                .map(|o| official_value(&site, o, false))
                .collect(),
        )
    }))
}

/// `/api/v1/officials/{slug}`: the dossier with every act and its sources.
pub async fn official(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let Some(o) = site.official(&slug) else {
        return Ok(json_error(
            StatusCode::NOT_FOUND,
            &format!("no official {slug:?}"),
        ));
    };
    Ok(tagged(&ctx, &headers, &site, || {
        official_value(&site, o, true)
    }))
}

/// `/api/v1/statistics`.
pub async fn statistics(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    Ok(tagged(&ctx, &headers, &site, || {
        let s = site.statistics();
        json!({
            "events": s.events,
            "persecuted": s.persecuted,
            "held": s.held,
            "political_prisoners": s.political_prisoners,
            "killed": s.killed,
            "missing": s.missing,
            "by_month": s.by_month.iter().map(|(m, c)| (m.clone(), Value::Object(c.iter().map(|(t, n)| (t.code().to_string(), json!(n))).collect()))).collect::<serde_json::Map<_, _>>(),
            "by_region": s.by_region.iter().map(|(k, n)| (k.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "by_city": s.by_city.iter().map(|(k, n)| (k.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "by_status": s.by_status.iter().map(|(k, n)| (k.code().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "reported_figures": s.figures.iter().map(|g| json!({
                "subject": g.subject,
                "figures": g.figures.iter().map(|f| json!({
                    "value": f.value,
                    "qualifier": f.qualifier,
                    "reported_by": f.reported_by.code(),
                    "reporter": f.reporter,
                    "event": f.event_id,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "estimates": s.estimates.iter().map(|e| json!({
                "stratum": e.stratum,
                "documented": e.documented,
                "estimate": e.estimate,
                "lower": e.lower,
                "upper": e.upper,
                "method": e.method,
            })).collect::<Vec<_>>(),
        })
    }))
}

/// `/api/v1/openapi.json`.
pub async fn openapi(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    Ok(tagged(&ctx, &headers, &site, openapi_document))
}

/// The OpenAPI 3.1 description of the API.
pub fn openapi_document() -> Value {
    let list_codes: Vec<&str> = ListKind::ALL.iter().map(|k| k.code()).collect();
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.code()).collect();
    let q = |name: &str, description: &str| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": description });
    let paging = [
        json!({ "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "default": 1 } }),
        json!({ "name": "per_page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE } }),
    ];
    let ok = |schema: &str, description: &str| {
        json!({
            "200": { "description": description, "headers": { "ETag": { "schema": { "type": "string" } } },
                     "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } },
            "304": { "description": "Not modified since the ETag given in If-None-Match." },
            "400": { "description": "A parameter is wrong; the error names it.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
            "404": { "description": "No such public record.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        })
    };
    let mut list_params = vec![
        json!({ "name": "list", "in": "path", "required": true, "schema": { "type": "string", "enum": list_codes } }),
        q(
            "region",
            "A region key of the gazetteer (kz-region-…, kz-astana, kz-almaty, kz-shymkent).",
        ),
        q("city", "A city key of the gazetteer (kz-…)."),
        json!({ "name": "type", "in": "query", "required": false, "schema": { "type": "string", "enum": types } }),
        q(
            "charge",
            "An article: 174, 174:2, criminal:174:2, administrative:488.",
        ),
        q("from", "Start of the period: 2022-01-05, 2022-01 or 2022."),
        q("to", "End of the period, as `from`."),
        json!({ "name": "sort", "in": "query", "required": false, "schema": { "type": "string", "enum": ["name", "latest", "status"] } }),
    ];
    list_params.extend(paging.iter().cloned());
    let mut event_params = vec![
        json!({ "name": "type", "in": "query", "required": false, "schema": { "type": "string", "enum": types } }),
    ];
    event_params.extend(paging.iter().cloned());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Kuager public register API",
            "version": "1",
            "description": "Read-only access to what the register publishes: the lists, person pages, published events, perpetrator dossiers and statistics. Everything here has passed the redaction layer: confidential people and details are not in any answer. Answers carry an ETag; send it back in If-None-Match to get 304 while nothing changed."
        },
        "servers": [{ "url": "/" }],
        "paths": {
            "/api/v1/lists/{list}": { "get": { "summary": "One page of a public list", "parameters": list_params, "responses": ok("ListPage", "A page of the list; the Link header names the next and previous pages.") } },
            "/api/v1/people/{handle}": { "get": { "summary": "A person's public page", "parameters": [{ "name": "handle", "in": "path", "required": true, "schema": { "type": "string" }, "description": "The register id of a person public by name, or the pseudonym of an anonymised one." }], "responses": ok("Person", "The person.") } },
            "/api/v1/events": { "get": { "summary": "Published events, latest first", "parameters": event_params, "responses": ok("EventPage", "A page of events.") } },
            "/api/v1/events/{id}": { "get": { "summary": "A published event", "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }], "responses": ok("Event", "The event.") } },
            "/api/v1/officials": { "get": { "summary": "Officials with published acts", "responses": ok("Officials", "Every official, by name.") } },
            "/api/v1/officials/{slug}": { "get": { "summary": "A perpetrator dossier", "parameters": [{ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } }], "responses": ok("Official", "The official and every act with its sources.") } },
            "/api/v1/statistics": { "get": { "summary": "Counts, reported figures and estimates", "responses": ok("Statistics", "The statistics.") } }
        },
        "components": { "schemas": {
            "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } },
            "ListRow": { "type": "object", "required": ["page", "status", "recognised", "regions", "cities", "event_types", "charges", "events"],
                "properties": {
                    "id": { "type": "string", "description": "Register id (people public by name only)." },
                    "name": { "type": "string" }, "other_names": { "type": "array", "items": { "type": "string" } },
                    "pseudonym": { "type": "string", "description": "Code of an anonymised person." },
                    "page": { "type": "string" }, "status": { "type": "string" }, "recognised": { "type": "boolean" },
                    "regions": { "type": "array", "items": { "type": "string" } }, "cities": { "type": "array", "items": { "type": "string" } },
                    "event_types": { "type": "array", "items": { "type": "string" } }, "charges": { "type": "array", "items": { "type": "string" } },
                    "last_event": { "type": "string", "format": "date" }, "events": { "type": "integer" } } },
            "ListPage": { "type": "object", "required": ["list", "total", "page", "pages", "per_page", "items"],
                "properties": { "list": { "type": "string" }, "total": { "type": "integer" }, "page": { "type": "integer" }, "pages": { "type": "integer" }, "per_page": { "type": "integer" },
                    "next": { "type": ["string", "null"] }, "prev": { "type": ["string", "null"] },
                    "items": { "type": "array", "items": { "$ref": "#/components/schemas/ListRow" } } } },
            "Event": { "type": "object", "required": ["id", "type", "date", "verification", "participants", "charges", "sources", "details_withheld"],
                "properties": { "id": { "type": "integer" }, "type": { "type": "string" }, "date": { "type": "object" }, "place": { "type": "string" },
                    "participants": { "type": "array", "items": { "type": "object" } }, "charges": { "type": "array", "items": { "type": "object" } },
                    "sources": { "type": "array", "items": { "type": "object" } }, "details_withheld": { "type": "boolean" } } },
            "EventPage": { "type": "object", "properties": { "total": { "type": "integer" }, "page": { "type": "integer" }, "pages": { "type": "integer" }, "per_page": { "type": "integer" }, "items": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } } } },
            "Person": { "type": "object", "required": ["names", "status", "timeline", "recognitions", "events"],
                "properties": { "id": { "type": "string" }, "pseudonym": { "type": "string" }, "names": { "type": "array", "items": { "type": "string" } }, "status": { "type": "string" },
                    "timeline": { "type": "array", "items": { "type": "object" } }, "recognitions": { "type": "array", "items": { "type": "object" } },
                    "events": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } } } },
            "Official": { "type": "object", "properties": { "slug": { "type": "string" }, "name": { "type": "string" }, "positions": { "type": "array", "items": { "type": "string" } }, "acts": {} } },
            "Officials": { "type": "array", "items": { "$ref": "#/components/schemas/Official" } },
            "Statistics": { "type": "object", "properties": { "events": { "type": "integer" }, "persecuted": { "type": "integer" }, "estimates": { "type": "array", "items": { "type": "object", "required": ["documented", "estimate", "lower", "upper", "method"] } } } }
        } }
    })
}
