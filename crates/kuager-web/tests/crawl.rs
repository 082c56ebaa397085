//! No third-party request anywhere: every page reachable by following
//! links, as every kind of visitor, is checked for any URL that would make
//! the browser contact another host — in links, images, forms, srcset,
//! inline styles and the stylesheet.

mod common;

use common::*;
use scraper::{Html, Selector};
use std::collections::{BTreeSet, VecDeque};

/// Pages visited per visitor at most.
const MAX_PAGES: usize = 400;

/// Attributes whose value is a URL (or a list of them).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "manifest",
    "ping",
    "xlink:href",
    "icon",
    "codebase",
    "archive",
];

/// True when `url` would be fetched from another host.
fn external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    let u = u.trim_start_matches(['\u{0}', ' ', '\t', '\n', '\r']);
    if u.starts_with("//") || u.starts_with("\\\\") || u.starts_with("/\\") {
        return true;
    }
    match u.split_once(':') {
        // A scheme: only same-document and app-handled ones are fine
        // (otpauth: opens the authenticator app, it fetches nothing).
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            !matches!(scheme, "otpauth")
        }
        _ => false,
    }
}

/// The URLs inside CSS text: `url(...)` and `@import "..."`.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let rest = &css[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
    }
    for (at, _) in lower.match_indices("@import") {
        let rest = css[at + 7..].trim_start();
        let quoted = rest.trim_start_matches(['"', '\'']);
        let end = quoted.find(['"', '\'', ';', ' ']).unwrap_or(quoted.len());
        out.push(quoted[..end].to_string());
    }
    out
}

/// Every external URL of an HTML page.
fn external_urls(html: &str) -> (Vec<String>, Vec<String>) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    let mut bad = Vec::new();
    let mut links = Vec::new();
    for el in doc.select(&all) {
        let name = el.value().name();
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                let candidates: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else if attr == "ping" || attr == "archive" {
                    value.split_whitespace().collect()
                } else {
                    vec![value]
                };
                for url in candidates {
                    if external(url) {
                        bad.push(format!("<{name} {attr}=\"{url}\">"));
                    } else if (attr == "href" || attr == "src")
                        && url.starts_with('/')
                        && !url.starts_with("//")
                    {
                        links.push(url.to_string());
                    }
                }
            }
            if attr == "style" || attr.starts_with("on") {
                for url in css_urls(value) {
                    if external(&url) {
                        bad.push(format!("<{name} {attr}> url({url})"));
                    }
                }
            }
            if name == "meta" && attr == "content" && value.to_ascii_lowercase().contains("url=") {
                let url = value.split_once(['=']).map(|x| x.1).unwrap_or("");
                if external(url) {
                    bad.push(format!("<meta refresh {url}>"));
                }
            }
        }
        if name == "style" {
            let css: String = el.text().collect();
            for url in css_urls(&css) {
                if external(&url) {
                    bad.push(format!("<style> url({url})"));
                }
            }
        }
        if name == "script" {
            bad.push("a <script> element".into());
        }
        if name == "form"
            && el
                .value()
                .attr("method")
                .is_none_or(|m| m.eq_ignore_ascii_case("get"))
        {
            if let Some(action) = el.value().attr("action").filter(|a| a.starts_with('/')) {
                links.push(action.to_string());
            }
        }
    }
    (bad, links)
}

#[test]
fn the_checks_catch_what_they_should() {
    for url in [
        "https://cdn.example/x.css",
        "http://example.org",
        "//fonts.example/f.woff",
        " HTTPS://x",
        "\\\\evil",
        "ftp://x",
    ] {
        assert!(external(url), "{url}");
    }
    for url in [
        "/static/style.css",
        "#m12",
        "?q=1",
        "otpauth://totp/Kuager:a",
        "reports/1",
    ] {
        assert!(!external(url), "{url}");
    }
    let (bad, _) = external_urls(
        "<html><body style=\"background:url('https://t.example/p.gif')\">\
         <img srcset=\"/a.png 1x, https://x.example/b.png 2x\">\
         <form action=\"https://collect.example/\"></form><style>@import \"//x.example/y.css\";</style>\
         <script></script></body></html>",
    );
    assert_eq!(bad.len(), 5, "{bad:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_for_any_visitor_refers_to_another_host() {
    for app in apps().await {
        let world = seed_world(&app).await;
        // The stylesheet loads nothing either.
        let css = get_text(&client(), app.url("/static/style.css")).await;
        for url in css_urls(&css) {
            assert!(!external(&url), "style.css loads {url}");
        }
        let mut problems = Vec::new();
        let mut total = 0;
        for visitor in &world.visitors {
            let mut queue: VecDeque<String> = ["/", "/account", "/login", "/report", "/login/code"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
            let mut pages = 0;
            while let Some(path) = queue.pop_front() {
                if pages >= MAX_PAGES {
                    break;
                }
                pages += 1;
                let r = visitor.client.get(app.url(&path)).send().await.unwrap();
                let status = r.status().as_u16();
                assert!(
                    status < 500,
                    "GET {path} as {} gave {status}",
                    visitor.who.label()
                );
                let mut next = Vec::new();
                if (300..400).contains(&status) {
                    let to = location(&r);
                    if external(&to) {
                        problems.push(format!("{path}: redirects to {to}"));
                    }
                    next.push(to);
                }
                let html = r
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|t| t.starts_with("text/html"));
                if html {
                    let body = r.text().await.unwrap();
                    let (bad, links) = external_urls(&body);
                    for b in bad {
                        problems.push(format!("{} {path}: {b}", visitor.who.label()));
                    }
                    next.extend(links);
                }
                for link in next {
                    let link = link.split('#').next().unwrap_or("").to_string();
                    if link.starts_with('/') && !link.starts_with("//") && seen.insert(link.clone())
                    {
                        queue.push_back(link);
                    }
                }
            }
            assert!(pages > 2, "{} reached some pages", visitor.who.label());
            total += pages;
        }
        assert!(
            problems.is_empty(),
            "third-party URLs on {}: {problems:#?}",
            app.backend
        );
        assert!(total > 60, "the crawl covered the app: {total} pages");
        let _ = (&world.person, world.event);
    }
}
