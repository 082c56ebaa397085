//! The page shell and the small building blocks every page uses. Maud
//! escapes everything interpolated, so text from users and documents is
//! always shown as text.

use crate::ctx::Ctx;
use crate::error::ErrorPage;
use axum::response::{Html, IntoResponse, Response};
use kuager_case::UserRole;
use kuager_i18n::Locale;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// A whole page.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(ctx.locale.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (ctx.t("site-name")) }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { (ctx.t("site-name")) }
                    nav.main { (nav(ctx)) }
                    nav.lang aria-label=(ctx.t("nav-language")) {
                        @for l in Locale::ALL {
                            @if l == ctx.locale {
                                strong lang=(l.code()) { (l.native_name()) }
                            } @else {
                                a lang=(l.code()) href=(format!("/lang/{}?back={}", l.code(), crate::url_encode(&ctx.path))) { (l.native_name()) }
                            }
                        }
                    }
                }
                main id="main" {
                    h1 { (title) }
                    (body)
                }
                footer {
                    a href="/transparency" { (ctx.t("transparency-link")) }
                    @if let Some(u) = ctx.account() {
                        span { (ctx.t("signed-in-as")) " " strong { (u.name) } " (" (ctx.t(&u.role.message_id())) ")" }
                        form.inline method="post" action="/logout" {
                            (csrf_field(ctx))
                            button type="submit" { (ctx.t("action-logout")) }
                        }
                    }
                }
            }
        }
    };
    Html(markup.into_string()).into_response()
}

/// A page of the public site: the readers' navigation, the language
/// switch, no account controls beyond a way in for staff.
pub fn public_page(ctx: &Ctx, title: &str, body: Markup) -> Response {
    Html(public_markup(ctx, title, body, true).into_string()).into_response()
}

/// A public page whose body brings its own `h1` (a person's page).
pub fn public_page_without_heading(ctx: &Ctx, title: &str, body: Markup) -> Response {
    Html(public_markup(ctx, title, body, false).into_string()).into_response()
}

/// The public shell as markup, with `title` as the page's heading or not.
pub fn public_markup(ctx: &Ctx, title: &str, body: Markup, heading: bool) -> Markup {
    let here = ctx.path.split('?').next().unwrap_or("/");
    let item = |href: &str, id: &str| {
        let current = href == here || (href != "/" && here.starts_with(href));
        html! {
            @if current {
                a href=(href) aria-current="page" { (ctx.t(id)) }
            } @else {
                a href=(href) { (ctx.t(id)) }
            }
        }
    };
    html! {
        (DOCTYPE)
        html lang=(ctx.locale.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (ctx.t("site-name")) }
                link rel="stylesheet" href="/static/style.css";
                link rel="alternate" type="application/atom+xml" href="/newsletter/feed.atom" title=(ctx.t("nav-newsletter"));
            }
            body {
                header.top.public {
                    a.brand href="/public" { (ctx.t("site-name")) }
                    nav.main aria-label=(ctx.t("nav-public")) {
                        (item("/lists/political-prisoners", "nav-lists"))
                        (item("/officials", "nav-officials"))
                        (item("/statistics", "nav-public-statistics"))
                        (item("/newsletter", "nav-newsletter"))
                        (item("/appeals", "nav-appeals"))
                        (item("/data", "nav-data"))
                        (item("/report", "nav-public-report"))
                        @if ctx.account().is_some() {
                            (item("/", "nav-dashboard"))
                        } @else {
                            (item("/login", "nav-login"))
                        }
                    }
                    nav.lang aria-label=(ctx.t("nav-language")) {
                        @for l in Locale::ALL {
                            @if l == ctx.locale {
                                strong lang=(l.code()) { (l.native_name()) }
                            } @else {
                                a lang=(l.code()) href=(format!("/lang/{}?back={}", l.code(), crate::url_encode(&ctx.path))) { (l.native_name()) }
                            }
                        }
                    }
                }
                main id="main" {
                    @if heading { h1 { (title) } }
                    (body)
                }
                footer {
                    a href="/data" { (ctx.t("nav-data")) }
                    " · "
                    a href="/api/v1/openapi.json" { (ctx.t("nav-api")) }
                    " · "
                    a href="/transparency" { (ctx.t("transparency-link")) }
                }
            }
        }
    }
}

fn nav(ctx: &Ctx) -> Markup {
    let item = |href: &str, id: &str| html! { a href=(href) { (ctx.t(id)) } };
    html! {
        @match &ctx.user {
            None if ctx.pending.is_some() => {}
            None => {
                (item("/login", "nav-login"))
                (item("/report", "nav-public-report"))
                (item("/newsletter", "newsletter-archive-title"))
                (item("/appeals", "nav-appeals"))
            }
            Some(u) => {
                (item("/", "nav-dashboard"))
                (item("/reports", "nav-my-reports"))
                (item("/reports/new", "nav-new-report"))
                (item("/hearings", "nav-hearings"))
                @if u.role.includes(UserRole::Analyst) {
                    (item("/intake", "nav-intake"))
                    (item("/search", "nav-search"))
                    (item("/events", "nav-events"))
                    (item("/review", "nav-review"))
                    (item("/documents", "nav-documents"))
                    (item("/staging", "nav-staging"))
                    (item("/assemblies", "nav-assemblies"))
                    (item("/statistics/assemblies", "nav-statistics"))
                }
                @if u.role.includes(UserRole::Editor) {
                    (item("/editor/newsletter", "nav-newsletter"))
                    (item("/editor/appeals", "nav-appeals-editor"))
                }
                @if u.role.includes(UserRole::Admin) {
                    (item("/admin/users", "nav-users"))
                    (item("/admin/audit", "nav-audit"))
                }
                (item("/account", "nav-account"))
            }
        }
    }
}

/// The hidden anti-forgery field every POST form carries.
pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name="csrf" value=(ctx.csrf); }
}

/// Field-level validation messages: (field name, Fluent id).
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message_id: &str) {
        self.0.push((field.to_string(), message_id.to_string()));
    }
    pub fn add_text(&mut self, field: &str, text: String) {
        self.0.push((field.to_string(), format!("!{text}")));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    /// The messages for `field`, next to it, linked by id for screen readers.
    pub fn show(&self, ctx: &Ctx, field: &str) -> Markup {
        html! {
            @for (f, m) in &self.0 {
                @if f == field {
                    p.field-error id=(format!("{field}-error")) role="alert" {
                        @if let Some(text) = m.strip_prefix('!') { (text) } @else { (ctx.t(m)) }
                    }
                }
            }
        }
    }
}

/// A summary of all errors at the top of a form.
pub fn error_summary(ctx: &Ctx, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" {
                p { strong { (ctx.t("form-has-errors")) } }
            }
        }
    }
}

/// A notice at the top of a page (after a redirect: `?done=...`).
pub fn notice(text: &str) -> Markup {
    html! { p.notice role="status" { (text) } }
}

pub fn error_page(ctx: &Ctx, page_info: &ErrorPage) -> Response {
    let title = ctx.t(page_info.title);
    page(
        ctx,
        &title,
        html! {
            @if let Some(d) = &page_info.detail { p { (d) } }
            p { a href="/" { (ctx.t("back-home")) } }
        },
    )
}

/// Text with spans marked: `marks` are (start, end, class, title) in
/// character offsets, non-overlapping, sorted.
pub fn highlighted(text: &str, marks: &[(usize, usize, &str, String)]) -> Markup {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let esc = |s: &[char]| html! { (s.iter().collect::<String>()) }.into_string();
    for (start, end, class, title) in marks {
        let (start, end) = ((*start).min(chars.len()), (*end).min(chars.len()));
        if start < pos || end < start {
            continue;
        }
        out.push_str(&esc(&chars[pos..start]));
        out.push_str(
            &html! { mark class=(class) id=(format!("m{start}")) title=(title) { (chars[start..end].iter().collect::<String>()) } }
                .into_string(),
        );
        pos = end;
    }
    out.push_str(&esc(&chars[pos..]));
    PreEscaped(out)
}
