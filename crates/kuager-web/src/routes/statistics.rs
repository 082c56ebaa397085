//! Public statistics with charts. Tor Browser's "Safest" level blocks
//! JavaScript and SVG, so every chart is a PNG drawn on the server
//! (kuager-charts) with its numbers in a table beside it, and bars in the
//! tables are `<meter>` elements, which need neither.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::site::{cached, etag};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use kuager_case::{places, EventType, FigureReporter, RefusalReason};
use kuager_charts::{
    Bar, BarChart, ComparisonChart, ComparisonGroup, MonthlyChart, RegionMap, Series,
};
use kuager_i18n::{format_number, ArgValue, Locale};
use kuager_site::stats::{Estimate, FigureGroup};
use kuager_site::Site;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// The charts the statistics page shows, by file name.
pub const CHARTS: &[&str] = &[
    "months.png",
    "regions.png",
    "map.png",
    "status.png",
    "assemblies.png",
    "figures.png",
];

/// Event types drawn as their own series; the rest are summed as "other".
const SERIES: usize = 6;

fn num(locale: Locale, n: u64) -> String {
    format_number(locale, i64::try_from(n).unwrap_or(i64::MAX))
}

fn place_name(locale: Locale, key: &str) -> String {
    places::place(key)
        .map(|p| p.name(locale.code()).to_string())
        .unwrap_or_else(|| key.to_string())
}

fn meter(value: u64, max: u64) -> Markup {
    html! { meter min="0" max=(max.max(1)) value=(value) { (value) } }
}

/// The month series: the most frequent types, then "other".
fn month_series(ctx: &Ctx, site: &Site) -> (Vec<String>, Vec<(String, Vec<u64>)>) {
    let s = site.statistics();
    let months = s.months();
    let top: Vec<EventType> = s
        .types_by_frequency()
        .into_iter()
        .take(SERIES)
        .map(|(t, _)| t)
        .collect();
    let mut series: Vec<(String, Vec<u64>)> = top
        .iter()
        .map(|t| {
            let values = months
                .iter()
                .map(|m| {
                    s.by_month
                        .get(m)
                        .and_then(|c| c.get(t))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            (ctx.t(&t.message_id()), values)
        })
        .collect();
    let other: Vec<u64> = months
        .iter()
        .map(|m| {
            s.by_month.get(m).map_or(0, |c| {
                c.iter()
                    .filter(|(t, _)| !top.contains(t))
                    .map(|(_, n)| *n)
                    .sum()
            })
        })
        .collect();
    if other.iter().any(|n| *n > 0) {
        series.push((ctx.t("stats-other-types"), other));
    }
    (months, series)
}

/// Reporter kinds that occur in `groups`, in display order.
fn reporter_kinds(groups: &[FigureGroup]) -> Vec<FigureReporter> {
    FigureReporter::ALL
        .iter()
        .copied()
        .filter(|k| {
            groups
                .iter()
                .any(|g| g.figures.iter().any(|f| f.reported_by == *k))
        })
        .collect()
}

/// Figures of the same subject from different reporters, side by side.
pub fn figures_table(ctx: &Ctx, groups: &[FigureGroup]) -> Markup {
    let l = ctx.locale;
    html! {
        table.figures {
            thead { tr {
                th scope="col" { (ctx.t("stats-figure-subject")) }
                th scope="col" { (ctx.t("stats-figure-reporter")) }
                th.num scope="col" { (ctx.t("figure-value")) }
            } }
            tbody {
                @for g in groups {
                    @for (i, f) in g.figures.iter().enumerate() {
                        tr {
                            @if i == 0 { th scope="row" rowspan=(g.figures.len()) { (g.subject) } }
                            td { (ctx.t(&f.reported_by.message_id()))
                                @if !f.reporter.is_empty() { " — " (f.reporter) } }
                            td.num { (ctx.t(&format!("qualifier-{}", f.qualifier))) " " (num(l, f.value)) }
                        }
                    }
                }
            }
        }
    }
}

/// An estimate, never without its interval and method, and never in
/// place of the documented count.
pub fn estimate_block(ctx: &Ctx, e: &Estimate) -> Markup {
    let l = ctx.locale;
    let round = |x: f64| num(l, x.max(0.0).round() as u64);
    html! {
        div.estimate {
            p { (ctx.t_args("stats-documented", &[("count", ArgValue::Str(&num(l, e.documented)))])) }
            p { strong { (ctx.t_args("stats-estimated", &[
                ("estimate", ArgValue::Str(&round(e.estimate))),
                ("lower", ArgValue::Str(&round(e.lower))),
                ("upper", ArgValue::Str(&round(e.upper))),
            ])) } }
            p.meta { (ctx.t_args("stats-estimate-method", &[("method", ArgValue::Str(&e.method))])) " " (ctx.t("stats-estimate-caveat")) }
        }
    }
}

fn chart_figure(ctx: &Ctx, file: &str, caption: &str) -> Markup {
    html! {
        figure.chart {
            img src=(format!("/statistics/charts/{file}?lang={}", ctx.locale.code())) alt=(caption) loading="lazy";
            figcaption { (caption) " " (ctx.t("stats-numbers-beside")) }
        }
    }
}

/// `/statistics`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site = state.site.get(&state).await?;
    let tag = etag(&site, &ctx.path, ctx.locale.code());
    let title = ctx.t("stats-title");
    let l = ctx.locale;
    Ok(cached(&headers, &tag, || {
        let s = site.statistics();
        let (months, series) = month_series(&ctx, &site);
        let region_max = s.by_region.values().copied().max().unwrap_or(0);
        let mut regions: Vec<(&str, u64)> = s.by_region.iter().map(|(k, v)| (*k, *v)).collect();
        regions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut cities: Vec<(&str, u64)> = s.by_city.iter().map(|(k, v)| (*k, *v)).collect();
        cities.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let city_max = cities.first().map_or(0, |c| c.1);
        let status_max = s.by_status.values().copied().max().unwrap_or(0);
        crate::layout::public_page(
            &ctx,
            &title,
            html! {
                ul.headline {
                    li { strong { (num(l, s.events)) } (ctx.t("site-published-events")) }
                    li { strong { (num(l, s.persecuted)) } (ctx.t("list-persecuted")) }
                    li { strong { (num(l, s.held)) } (ctx.t("stats-held")) }
                    li { strong { (num(l, s.political_prisoners)) } (ctx.t("list-political-prisoners")) }
                    li { strong { (num(l, s.killed)) } (ctx.t("list-killed")) }
                    li { strong { (num(l, s.missing)) } (ctx.t("list-missing")) }
                }
                p.meta { (ctx.t("stats-about")) }

                h2 #months { (ctx.t("stats-by-month")) }
                @if months.is_empty() { p { (ctx.t("stats-none")) } } @else {
                    (chart_figure(&ctx, "months.png", &ctx.t("stats-by-month")))
                    div.table-scroll { table.stats {
                        thead { tr {
                            th scope="col" { (ctx.t("stats-month")) }
                            @for (label, _) in &series { th.num scope="col" { (label) } }
                            th.num scope="col" { (ctx.t("stats-total")) }
                        } }
                        tbody { @for (i, m) in months.iter().enumerate() {
                            tr {
                                th scope="row" { (m) }
                                @for (_, values) in &series { td.num { (num(l, values.get(i).copied().unwrap_or(0))) } }
                                td.num { (num(l, series.iter().map(|(_, v)| v.get(i).copied().unwrap_or(0)).sum())) }
                            }
                        } }
                    } }
                }

                h2 #regions { (ctx.t("stats-by-region")) }
                @if regions.is_empty() { p { (ctx.t("stats-none")) } } @else {
                    (chart_figure(&ctx, "map.png", &ctx.t("stats-map")))
                    (chart_figure(&ctx, "regions.png", &ctx.t("stats-by-region")))
                    table.stats {
                        thead { tr { th scope="col" { (ctx.t("filter-region")) } th.num scope="col" { (ctx.t("stats-events")) } th scope="col" {} } }
                        tbody { @for (k, n) in &regions {
                            tr { th scope="row" { (place_name(l, k)) } td.num { (num(l, *n)) } td { (meter(*n, region_max)) } }
                        } }
                    }
                    @if s.without_place > 0 { p.meta { (ctx.t_args("stats-without-place", &[("count", ArgValue::Num(s.without_place as i64))])) } }
                    h3 { (ctx.t("stats-by-town")) }
                    table.stats {
                        thead { tr { th scope="col" { (ctx.t("filter-city")) } th.num scope="col" { (ctx.t("stats-events")) } th scope="col" {} } }
                        tbody { @for (k, n) in cities.iter().take(40) {
                            tr { th scope="row" { (place_name(l, k)) } td.num { (num(l, *n)) } td { (meter(*n, city_max)) } }
                        } }
                    }
                }

                h2 #status { (ctx.t("stats-by-status")) }
                @if s.by_status.is_empty() { p { (ctx.t("stats-none")) } } @else {
                    (chart_figure(&ctx, "status.png", &ctx.t("stats-by-status")))
                    table.stats {
                        thead { tr { th scope="col" { (ctx.t("field-status")) } th.num scope="col" { (ctx.t("stats-people")) } th scope="col" {} } }
                        tbody { @for (st, n) in &s.by_status {
                            tr { th scope="row" { (ctx.t(&st.message_id())) } td.num { (num(l, *n)) } td { (meter(*n, status_max)) } }
                        } }
                    }
                }

                h2 #assemblies { (ctx.t("stats-assemblies")) }
                @match &s.assemblies {
                    Some(a) if !a.years.is_empty() => {
                        (chart_figure(&ctx, "assemblies.png", &ctx.t("stats-assemblies")))
                        div.table-scroll { table.stats {
                            thead { tr { th {} @for y in &a.years { th.num scope="col" { (y.year) } } } }
                            tbody {
                                tr { th scope="row" { (ctx.t("stats-notifications")) } @for y in &a.years { td.num { (num(l, y.notifications)) } } }
                                tr.refused { th scope="row" { (ctx.t("assembly-answer-refused")) } @for y in &a.years { td.num { (num(l, y.refused)) } } }
                                @for (i, r) in RefusalReason::ALL.iter().enumerate() {
                                    tr { th scope="row" { "— " (ctx.t(&r.message_id())) } @for y in &a.years { td.num { (num(l, y.by_reason.get(i).copied().unwrap_or(0))) } } }
                                }
                            }
                        } }
                    }
                    _ => { p { (ctx.t("stats-none")) } }
                }

                h2 #figures { (ctx.t("stats-figures-title")) }
                p { (ctx.t("stats-figures-about")) }
                @if s.figures.is_empty() { p { (ctx.t("stats-none")) } } @else {
                    (chart_figure(&ctx, "figures.png", &ctx.t("stats-figures-title")))
                    (figures_table(&ctx, &s.figures))
                }

                h2 #estimates { (ctx.t("stats-estimates")) }
                p { (ctx.t("stats-estimates-about")) }
                @if s.estimates.is_empty() { p { (ctx.t("stats-no-estimates")) } } @else {
                    @for e in s.estimates.iter().filter(|e| e.stratum == "all") { (estimate_block(&ctx, e)) }
                    @let by_city: Vec<&Estimate> = s.estimates.iter().filter(|e| e.stratum != "all").collect();
                    @if !by_city.is_empty() {
                        table.stats {
                            thead { tr {
                                th scope="col" { (ctx.t("filter-city")) }
                                th.num scope="col" { (ctx.t("stats-documented-short")) }
                                th.num scope="col" { (ctx.t("stats-estimate-short")) }
                                th.num scope="col" { (ctx.t("stats-interval")) }
                                th scope="col" { (ctx.t("stats-method")) }
                            } }
                            tbody { @for e in by_city {
                                tr {
                                    th scope="row" { (place_name(l, &e.stratum)) }
                                    td.num { (num(l, e.documented)) }
                                    td.num { (num(l, e.estimate.max(0.0).round() as u64)) }
                                    td.num { (num(l, e.lower.max(0.0).round() as u64)) "–" (num(l, e.upper.max(0.0).round() as u64)) }
                                    td { (e.method) }
                                }
                            } }
                        }
                    }
                }
            },
        )
    }))
}

#[derive(serde::Deserialize)]
pub struct LangParam {
    pub lang: Option<String>,
}

/// `/statistics/charts/{file}`: one chart as PNG, in the language asked
/// (`?lang=`) or the reader's.
pub async fn chart(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(file): Path<String>,
    axum::extract::Query(q): axum::extract::Query<LangParam>,
) -> AppResult<Response> {
    if !CHARTS.contains(&file.as_str()) {
        return Err(AppError::NotFound);
    }
    let locale = q
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or(ctx.locale);
    let ctx = Ctx { locale, ..ctx };
    let site = state.site.get(&state).await?;
    let tag = etag(&site, &file, locale.code());
    let key = format!("{file}:{}:{}", locale.code(), site.generation());
    let chart = state.site.chart(&key, |r| {
        render(r, &ctx, &site, &file).map_err(|e| e.to_string())
    })?;
    Ok(cached(&headers, &tag, move || {
        let mut response = chart.png.clone().into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        response
    }))
}

fn render(
    r: &kuager_charts::Renderer,
    ctx: &Ctx,
    site: &Site,
    file: &str,
) -> Result<kuager_charts::Chart, kuager_charts::ChartError> {
    let s = site.statistics();
    let l = ctx.locale;
    let r = r.clone().with_no_data_text(ctx.t("stats-none"));
    match file {
        "months.png" => {
            let (months, series) = month_series(ctx, site);
            r.monthly_chart(&MonthlyChart {
                title: ctx.t("stats-by-month"),
                months,
                series: series
                    .into_iter()
                    .map(|(label, values)| Series { label, values })
                    .collect(),
                unit: ctx.t("stats-events"),
            })
        }
        "regions.png" => {
            let mut bars: Vec<Bar> = s
                .by_region
                .iter()
                .map(|(k, n)| Bar::new(place_name(l, k), *n))
                .collect();
            bars.sort_by_key(|b| std::cmp::Reverse(b.value));
            r.bar_chart(&BarChart {
                title: ctx.t("stats-by-region"),
                bars,
                unit: ctx.t("stats-events"),
            })
        }
        "map.png" => {
            let names: BTreeMap<String, String> = places::all()
                .iter()
                .filter(|p| p.kind == "region" || p.region.is_none())
                .map(|p| (p.key.to_string(), p.name(l.code()).to_string()))
                .collect();
            r.region_map(&RegionMap {
                title: ctx.t("stats-map"),
                counts: s
                    .by_region
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect(),
                names,
            })
        }
        "status.png" => r.bar_chart(&BarChart {
            title: ctx.t("stats-by-status"),
            bars: s
                .by_status
                .iter()
                .map(|(st, n)| Bar::new(ctx.t(&st.message_id()), *n))
                .collect(),
            unit: ctx.t("stats-people"),
        }),
        "assemblies.png" => {
            let mut bars = Vec::new();
            if let Some(a) = &s.assemblies {
                for (i, reason) in RefusalReason::ALL.iter().enumerate() {
                    let n: u64 = a
                        .years
                        .iter()
                        .map(|y| y.by_reason.get(i).copied().unwrap_or(0))
                        .sum();
                    if n > 0 {
                        bars.push(Bar::new(ctx.t(&reason.message_id()), n));
                    }
                }
            }
            r.bar_chart(&BarChart {
                title: ctx.t("stats-refusals-by-reason"),
                bars,
                unit: ctx.t("stats-refusals"),
            })
        }
        _ => {
            let kinds = reporter_kinds(&s.figures);
            r.comparison_chart(&ComparisonChart {
                title: ctx.t("stats-figures-title"),
                sources: kinds.iter().map(|k| ctx.t(&k.message_id())).collect(),
                groups: s
                    .figures
                    .iter()
                    .take(kuager_charts::MAX_GROUPS)
                    .map(|g| ComparisonGroup {
                        label: g.subject.clone(),
                        values: kinds
                            .iter()
                            .map(|k| {
                                g.figures
                                    .iter()
                                    .filter(|f| f.reported_by == *k)
                                    .map(|f| f.value)
                                    .max()
                            })
                            .collect(),
                    })
                    .collect(),
                unit: String::new(),
            })
        }
    }
}
