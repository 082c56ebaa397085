//! The public site: home page with headline figures, the lists, person
//! pages, perpetrator dossiers and data downloads. Everything comes from
//! the [`kuager_site::Site`] being served, itself built only from what the
//! redaction layer let through.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::layout;
use crate::site::{cached, etag};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use kuager_case::places;
use kuager_case::{CaseDate, EventType};
use kuager_i18n::{format_number, ArgValue, Locale};
use kuager_site::export::{charge_code, parse_charge};
use kuager_site::lists::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use kuager_site::{ListKind, ListQuery, Site, SitePerson, Sort};
use maud::{html, Markup};
use serde::Deserialize;

/// The reader's filters, as the list form and the API send them.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub region: Option<String>,
    pub city: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub charge: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Reads the filters; a value that is not known is an error naming the
/// parameter and the value.
pub fn list_query(kind: ListKind, p: &ListParams) -> Result<ListQuery, String> {
    let mut q = ListQuery::new(kind);
    if let Some(r) = present(&p.region) {
        match places::place(r) {
            Some(place) if place.kind == "region" || place.region.is_none() => {
                q.region = Some(place.key.to_string())
            }
            _ => return Err(format!("region: {r:?} is not a region of the gazetteer")),
        }
    }
    if let Some(c) = present(&p.city) {
        match places::place(c) {
            Some(place) if place.kind == "city" => q.city = Some(place.key.to_string()),
            _ => return Err(format!("city: {c:?} is not a city of the gazetteer")),
        }
    }
    if let Some(t) = present(&p.event_type) {
        q.event_type = Some(
            EventType::from_code(t).ok_or_else(|| format!("type: {t:?} is not an event type"))?,
        );
    }
    if let Some(c) = present(&p.charge) {
        q.charge = Some(parse_charge(c).ok_or_else(|| {
            format!("charge: {c:?} is not an article (write 174, 174:2 or administrative:488)")
        })?);
    }
    if let Some(f) = present(&p.from) {
        q.from = Some(CaseDate::parse(f).map_err(|e| format!("from: {e}"))?.start);
    }
    if let Some(t) = present(&p.to) {
        q.to = Some(CaseDate::parse(t).map_err(|e| format!("to: {e}"))?.end);
    }
    if let Some(s) = present(&p.sort) {
        q.sort = Sort::from_code(s)
            .ok_or_else(|| format!("sort: {s:?} is not one of name, latest, status"))?;
    }
    if let Some(n) = present(&p.page) {
        q.page = n
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("page: {n:?} is not a page number"))?;
    }
    if let Some(n) = present(&p.per_page) {
        q.per_page = n
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| format!("per_page: {n:?} is not a number from 1 to {MAX_PER_PAGE}"))?;
    }
    Ok(q)
}

/// The query string of `q` (without `page`), for links to other pages.
pub fn query_string(q: &ListQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut add = |k: &str, v: String| parts.push(format!("{k}={}", crate::url_encode(&v)));
    if let Some(r) = &q.region {
        add("region", r.clone());
    }
    if let Some(c) = &q.city {
        add("city", c.clone());
    }
    if let Some(t) = q.event_type {
        add("type", t.code().to_string());
    }
    if let Some(c) = &q.charge {
        add("charge", charge_code(c));
    }
    if let Some(f) = q.from {
        add("from", f.iso());
    }
    if let Some(t) = q.to {
        add("to", t.iso());
    }
    if q.sort != Sort::Name {
        add("sort", q.sort.code().to_string());
    }
    if q.per_page != DEFAULT_PER_PAGE {
        add("per_page", q.per_page.to_string());
    }
    parts.join("&")
}

fn num(locale: Locale, n: u64) -> String {
    format_number(locale, i64::try_from(n).unwrap_or(i64::MAX))
}

fn place_name(locale: Locale, key: &str) -> String {
    places::place(key)
        .map(|p| p.name(locale.code()).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// An HTML answer of the public site, with its entity tag.
fn public_answer(
    ctx: &Ctx,
    headers: &HeaderMap,
    site: &Site,
    title: &str,
    body: impl FnOnce() -> Markup,
) -> Response {
    let tag = etag(site, &ctx.path, ctx.locale.code());
    let signed_in = ctx.account().is_some();
    let mut response = cached(headers, &tag, || layout::public_page(ctx, title, body()));
    if signed_in {
        // The page names who is signed in: no shared copies.
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
    }
    response
}

/// `/public`: the readers' home page with the headline figures.
pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (state, ctx, headers) = (&state, &ctx, &headers);
    let site = state.site.get(state).await?;
    let s = site.statistics();
    let l = ctx.locale;
    let title = ctx.t("site-home-title");
    Ok(public_answer(ctx, headers, &site, &title, || {
        html! {
            p.lead { (ctx.t("site-home-lead")) }
            ul.headline {
                li { a href="/lists/political-prisoners" { strong { (num(l, s.political_prisoners)) } (ctx.t("list-political-prisoners")) } }
                li { a href="/lists/persecuted" { strong { (num(l, s.persecuted)) } (ctx.t("list-persecuted")) } }
                li { a href="/lists/killed" { strong { (num(l, s.killed)) } (ctx.t("list-killed")) } }
                li { a href="/lists/missing" { strong { (num(l, s.missing)) } (ctx.t("list-missing")) } }
                li { a href="/statistics" { strong { (num(l, s.events)) } (ctx.t("site-published-events")) } }
            }
            @if let Some(group) = s.figures.first() {
                h2 { (ctx.t("stats-figures-title")) }
                (crate::routes::statistics::figures_table(ctx, std::slice::from_ref(group)))
            }
            @if let Some(e) = s.estimates.iter().find(|e| e.stratum == "all") {
                (crate::routes::statistics::estimate_block(ctx, e))
            }
            h2 { (ctx.t("site-latest-events")) }
            @for e in site.events().iter().take(10) {
                (kuager_publish::html::event(e, l))
            }
            p { a href="/statistics" { (ctx.t("nav-public-statistics")) } " · " a href="/data" { (ctx.t("nav-data")) } }
        }
    }))
}

fn list_filters(ctx: &Ctx, q: &ListQuery) -> Markup {
    let l = ctx.locale;
    let regions: Vec<&places::Place> = places::all()
        .iter()
        .filter(|p| p.kind == "region" || (p.kind == "city" && p.region.is_none()))
        .collect();
    let cities: Vec<&places::Place> = places::all().iter().filter(|p| p.kind == "city").collect();
    html! {
        form.filters method="get" action=(format!("/lists/{}", q.kind.code())) {
            label { (ctx.t("filter-region"))
                select name="region" {
                    option value="" { (ctx.t("filter-any")) }
                    @for p in &regions {
                        option value=(p.key) selected[q.region.as_deref() == Some(p.key)] { (p.name(l.code())) }
                    }
                }
            }
            label { (ctx.t("filter-city"))
                select name="city" {
                    option value="" { (ctx.t("filter-any")) }
                    @for p in &cities {
                        option value=(p.key) selected[q.city.as_deref() == Some(p.key)] { (p.name(l.code())) }
                    }
                }
            }
            label { (ctx.t("filter-type"))
                select name="type" {
                    option value="" { (ctx.t("filter-any")) }
                    @for t in EventType::ALL {
                        option value=(t.code()) selected[q.event_type == Some(*t)] { (ctx.t(&t.message_id())) }
                    }
                }
            }
            label { (ctx.t("filter-charge"))
                input type="text" name="charge" size="10" placeholder="174:2" value=(q.charge.as_ref().map(charge_code).unwrap_or_default());
            }
            label { (ctx.t("filter-from"))
                input type="text" name="from" size="10" placeholder="2022-01-01" value=(q.from.map(|d| d.iso()).unwrap_or_default());
            }
            label { (ctx.t("filter-to"))
                input type="text" name="to" size="10" placeholder="2022-01-31" value=(q.to.map(|d| d.iso()).unwrap_or_default());
            }
            label { (ctx.t("filter-sort"))
                select name="sort" {
                    @for s in Sort::ALL {
                        option value=(s.code()) selected[q.sort == *s] { (ctx.t(&format!("sort-{}", s.code()))) }
                    }
                }
            }
            button type="submit" { (ctx.t("action-filter")) }
        }
    }
}

pub fn person_row(ctx: &Ctx, p: &SitePerson) -> Markup {
    let l = ctx.locale;
    html! {
        tr {
            td { a href=(format!("/people/{}", p.handle())) { (p.person().display_name(l)) } }
            td.status { (ctx.t(&p.status().message_id())) @if p.recognised() { " · " abbr title=(ctx.t("site-recognised-long")) { (ctx.t("site-recognised")) } } }
            td { (p.regions().map(|r| place_name(l, r)).collect::<Vec<_>>().join(", ")) }
            td { (p.event_types().map(|t| ctx.t(&t.message_id())).collect::<Vec<_>>().join(", ")) }
            td { (p.last_event().map(|d| kuager_i18n::format_day(l, d.year, d.month, d.day)).unwrap_or_default()) }
        }
    }
}

/// `/lists/{list}`: one list, filtered, sorted, one page.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let kind = ListKind::from_code(&code).ok_or(AppError::NotFound)?;
    let q = list_query(kind, &params).map_err(AppError::BadRequest)?;
    let site = state.site.get(&state).await?;
    let title = ctx.t(&kind.message_id());
    Ok(public_answer(&ctx, &headers, &site, &title, || {
        let page = site.list(&q);
        let qs = query_string(&q);
        let link = |n: usize| {
            let mut href = format!("/lists/{}?page={n}", kind.code());
            if !qs.is_empty() {
                href.push('&');
                href.push_str(&qs);
            }
            href
        };
        html! {
            nav.tabs aria-label=(ctx.t("nav-lists")) {
                @for k in ListKind::ALL {
                    @if *k == kind { strong { (ctx.t(&k.message_id())) } }
                    @else { a href=(format!("/lists/{}", k.code())) { (ctx.t(&k.message_id())) } }
                }
            }
            p { (ctx.t(&format!("{}-about", kind.message_id()))) }
            (list_filters(&ctx, &q))
            p.count { (ctx.t_args("site-list-count", &[("count", ArgValue::Num(page.total as i64))])) }
            p.downloads {
                @let suffix = if qs.is_empty() { String::new() } else { format!("?{qs}") };
                a href=(format!("/data/{}.csv{suffix}", kind.code())) { "CSV" }
                a href=(format!("/data/{}.json{suffix}", kind.code())) { "JSON" }
                a href=(format!("/api/v1/lists/{}{suffix}", kind.code())) { "API" }
            }
            @if page.items.is_empty() {
                p { (ctx.t("site-list-empty")) }
            } @else {
                div.table-scroll {
                    table.list {
                        thead { tr {
                            th scope="col" { (ctx.t("field-name")) }
                            th scope="col" { (ctx.t("field-status")) }
                            th scope="col" { (ctx.t("filter-region")) }
                            th scope="col" { (ctx.t("site-what-happened")) }
                            th scope="col" { (ctx.t("site-last-event")) }
                        } }
                        tbody { @for p in &page.items { (person_row(&ctx, p)) } }
                    }
                }
            }
            @if page.pages > 1 {
                nav.pages aria-label=(ctx.t("site-pages")) {
                    @if page.page > 1 { a rel="prev" href=(link(page.page - 1)) { "← " (ctx.t("site-previous")) } }
                    span { (ctx.t_args("site-page-of", &[("page", ArgValue::Num(page.page as i64)), ("pages", ArgValue::Num(page.pages as i64))])) }
                    @if page.page < page.pages { a rel="next" href=(link(page.page + 1)) { (ctx.t("site-next")) " →" } }
                }
            }
            p.meta { (ctx.t_args("site-as-of", &[("count", ArgValue::Num(site.persons().len() as i64))])) }
        }
    }))
}

/// `/people/{handle}`: a person's public page.
pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let p = site.person(&handle).ok_or(AppError::NotFound)?;
    let title = p.person().display_name(ctx.locale);
    let tag = etag(&site, &ctx.path, ctx.locale.code());
    let body = html! {
        (kuager_publish::html::person_page(p.person(), ctx.locale))
        p.downloads { a href=(format!("/api/v1/people/{}", p.handle())) { "JSON" } }
    };
    Ok(cached(&headers, &tag, || {
        layout::public_page_without_heading(&ctx, &title, body)
    }))
}

/// `/officials`: everyone with a published act.
pub async fn officials(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let title = ctx.t("officials-title");
    let l = ctx.locale;
    Ok(public_answer(&ctx, &headers, &site, &title, || {
        html! {
            p { (ctx.t("officials-about")) }
            @if site.officials().is_empty() {
                p { (ctx.t("officials-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("field-name")) }
                        th scope="col" { (ctx.t("officials-positions")) }
                        th.num scope="col" { (ctx.t("officials-acts")) }
                    } }
                    tbody {
                        @for o in site.officials() {
                            tr {
                                td { a href=(format!("/officials/{}", o.slug())) { (o.name()) } }
                                td { (o.positions().iter().chain(o.organisations()).cloned().collect::<Vec<_>>().join("; ")) }
                                td.num { (num(l, o.acts().len() as u64)) }
                            }
                        }
                    }
                }
            }
        }
    }))
}

/// `/officials/{slug}`: a perpetrator dossier, printable, with every act
/// and its sources.
pub async fn official(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let o = site.official(&slug).ok_or(AppError::NotFound)?;
    let title = o.name().to_string();
    Ok(public_answer(&ctx, &headers, &site, &title, || {
        html! {
            dl.facts {
                @if !o.other_names().is_empty() {
                    dt { (ctx.t("field-names")) } dd { (o.other_names().join(", ")) }
                }
                @if !o.positions().is_empty() {
                    dt { (ctx.t("officials-positions")) } dd { (o.positions().join("; ")) }
                }
                @if !o.organisations().is_empty() {
                    dt { (ctx.t("officials-organisations")) } dd { (o.organisations().join("; ")) }
                }
                dt { (ctx.t("officials-acts")) } dd { (o.acts().len()) }
                @if let Some(id) = o.person_id() {
                    @if site.person(id).is_some() {
                        dt { (ctx.t("officials-register-page")) } dd { a href=(format!("/people/{id}")) { (id) } }
                    }
                }
            }
            p.meta { (ctx.t("officials-use")) }
            p.downloads {
                a href=(format!("/api/v1/officials/{}", o.slug())) { "JSON" }
            }
            h2 { (ctx.t("officials-acts")) }
            ol.acts {
                @for act in o.acts() {
                    li {
                        p { strong { (ctx.t(&format!("act-role-{}", act.role.code()))) }
                            @if let Some(pos) = &act.position { " — " (pos) }
                            @if let Some(org) = &act.organisation { " — " (org) }
                        }
                        @if let Some(e) = site.event(act.event_id) { (kuager_publish::html::event(e, ctx.locale)) }
                    }
                }
            }
        }
    }))
}

/// `/data`: downloads and the data dictionary.
pub async fn data(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let title = ctx.t("data-title");
    Ok(public_answer(&ctx, &headers, &site, &title, || {
        html! {
            p { (ctx.t("data-about")) }
            table {
                thead { tr { th scope="col" { (ctx.t("data-list")) } th scope="col" { "CSV" } th scope="col" { "JSON" } th.num scope="col" { (ctx.t("data-rows")) } } }
                tbody {
                    @for (kind, n) in site.list_sizes() {
                        tr {
                            td { a href=(format!("/lists/{}", kind.code())) { (ctx.t(&kind.message_id())) } }
                            td { a href=(format!("/data/{}.csv", kind.code())) { (format!("{}.csv", kind.code())) } }
                            td { a href=(format!("/data/{}.json", kind.code())) { (format!("{}.json", kind.code())) } }
                            td.num { (num(ctx.locale, n as u64)) }
                        }
                    }
                }
            }
            p { (ctx.t("data-filters")) }
            h2 { (ctx.t("data-dictionary")) }
            table {
                thead { tr { th scope="col" { (ctx.t("data-column")) } th scope="col" { (ctx.t("data-type")) } th scope="col" { (ctx.t("data-meaning")) } } }
                tbody {
                    @for c in kuager_site::export::COLUMNS {
                        tr { td { code { (c.name) } } td { (c.kind) } td { (ctx.t(&c.message_id())) } }
                    }
                }
            }
            h2 { (ctx.t("data-codes")) }
            p { (ctx.t("data-codes-about")) }
            h3 { (ctx.t("field-status")) }
            ul { @for s in kuager_case::PersonStatus::ALL { li { code { (s.code()) } " — " (ctx.t(&s.message_id())) } } }
            h3 { (ctx.t("filter-type")) }
            ul { @for t in EventType::ALL { li { code { (t.code()) } " — " (ctx.t(&t.message_id())) } } }
            h3 { (ctx.t("filter-region")) }
            ul { @for p in places::all().iter().filter(|p| p.kind == "region" || p.region.is_none()) { li { code { (p.key) } " — " (p.name(ctx.locale.code())) } } }
            p { a href="/api/v1/openapi.json" { (ctx.t("data-api")) } }
        }
    }))
}

/// `/data/{file}`: `political-prisoners.csv`, `killed.json`, ... with the
/// same filters as the list page.
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let (code, format) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let kind = ListKind::from_code(code).ok_or(AppError::NotFound)?;
    let mut q = list_query(kind, &params).map_err(AppError::BadRequest)?;
    q.page = 1;
    let site = state.site.get(&state).await?;
    let tag = etag(&site, &ctx.path, "");
    let content_type = match format {
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        _ => return Err(AppError::NotFound),
    };
    let format = format.to_string();
    let file_name = file.clone();
    Ok(cached(&headers, &tag, move || {
        let people = site.list_all(&q);
        let body = if format == "csv" {
            kuager_site::export::csv(&people)
        } else {
            kuager_site::export::json(&people)
        };
        let mut r = body.into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        r
    }))
}
