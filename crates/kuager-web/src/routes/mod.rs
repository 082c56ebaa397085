//! Every route of the app, with its access policy, in one table
//! ([`ROUTES`]). The router is built from the table and nothing else, and
//! [`crate::access::guard`] checks every request against the policy of the
//! route it matched, refusing any route the table does not list (deny by
//! default). Handlers still make their per-object checks (a volunteer sees
//! only their own reports) and every POST handler checks the anti-forgery
//! token first.

mod account;
mod admin;
mod api;
pub mod appeals;
mod assemblies;
mod dashboard;
mod documents;
mod events;
mod form;
mod linkage;
mod newsletter;
mod persons;
mod reports;
mod review;
mod search;
pub mod site;
mod staging;
mod statics;
pub mod statistics;
mod transparency;
mod trials;

use crate::access::Policy;
use crate::auth;
use crate::AppState;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use serde::Deserialize;

/// `?done=saved` after a redirect: which notice to show (`done-<code>`).
#[derive(Deserialize)]
pub struct Notice {
    pub done: Option<String>,
}

/// A decision about a pair (`a`, `b`): `decision` says which, with the
/// anti-forgery token. Used by both review queues.
#[derive(Deserialize)]
pub struct PairForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub a: String,
    #[serde(default)]
    pub b: String,
    #[serde(default)]
    pub decision: String,
}

/// A form naming one person (`name`), with its anti-forgery token.
#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
}

/// The HTTP methods the app answers (GET also answers HEAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
        }
    }

    /// The verb a request method is checked as; `None`: not served.
    pub fn of(method: &axum::http::Method) -> Option<Verb> {
        match *method {
            axum::http::Method::GET | axum::http::Method::HEAD => Some(Verb::Get),
            axum::http::Method::POST => Some(Verb::Post),
            _ => None,
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
        }
    }
}

/// One route: method, path pattern (axum syntax), who may use it, and the
/// handler.
pub struct RouteSpec {
    pub verb: Verb,
    pub path: &'static str,
    pub policy: Policy,
    /// The form is multipart (an upload).
    pub multipart: bool,
    handler: fn(MethodFilter) -> MethodRouter<AppState>,
}

impl std::fmt::Debug for RouteSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} ({:?})",
            self.verb.as_str(),
            self.path,
            self.policy
        )
    }
}

impl RouteSpec {
    /// The path with each `{param}` replaced by `value`.
    pub fn example(&self, value: &str) -> String {
        let mut out = String::new();
        let mut rest = self.path;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            out.push_str(value);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// The names of the path's parameters.
    pub fn params(&self) -> Vec<&'static str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect()
    }
}

macro_rules! route {
    ($verb:ident $path:literal, $policy:ident, $handler:path) => {
        route!(@ $verb $path, $policy, $handler, false)
    };
    ($verb:ident $path:literal, $policy:ident, $handler:path, multipart) => {
        route!(@ $verb $path, $policy, $handler, true)
    };
    (@ $verb:ident $path:literal, $policy:ident, $handler:path, $multipart:expr) => {
        RouteSpec {
            verb: Verb::$verb,
            path: $path,
            policy: Policy::$policy,
            multipart: $multipart,
            handler: |m| on(m, $handler),
        }
    };
}

/// Every route and its policy. `Public`: anyone, signed in or not;
/// `SecondStep`: signed in with the password, the second factor perhaps
/// still to give (its pages); `Volunteer` (any account) to `Admin`: fully
/// signed in with at least that role.
pub static ROUTES: &[RouteSpec] = &[
    route!(Get "/", Volunteer, dashboard::home),
    // Logging in and out, the language switch, the stylesheet.
    route!(Get "/login", Public, auth::login_page),
    route!(Post "/login", Public, auth::login),
    route!(Get "/login/code", SecondStep, auth::code_page),
    route!(Post "/login/code", SecondStep, auth::code),
    route!(Post "/logout", Public, auth::logout),
    route!(Get "/lang/{code}", Public, auth::set_language),
    route!(Get "/static/{file}", Public, statics::file),
    // The public report form: no account needed.
    route!(Get "/report", Public, reports::public_form),
    route!(Post "/report", Public, reports::public_submit, multipart),
    route!(Get "/report/thanks", Public, reports::public_thanks),
    // The public site: lists, people, dossiers, statistics, data, API.
    // Everything comes from the redacted site (`crate::site`).
    route!(Get "/public", Public, site::home),
    route!(Get "/lists/{list}", Public, site::list),
    route!(Get "/people/{handle}", Public, site::person),
    route!(Get "/officials", Public, site::officials),
    route!(Get "/officials/{slug}", Public, site::official),
    route!(Get "/statistics", Public, statistics::page),
    route!(Get "/statistics/charts/{file}", Public, statistics::chart),
    route!(Get "/data", Public, site::data),
    route!(Get "/data/{file}", Public, site::download),
    route!(Get "/api/v1", Public, api::index),
    route!(Get "/api/v1/openapi.json", Public, api::openapi),
    route!(Get "/api/v1/lists/{list}", Public, api::list),
    route!(Get "/api/v1/people/{handle}", Public, api::person),
    route!(Get "/api/v1/events", Public, api::events),
    route!(Get "/api/v1/events/{id}", Public, api::event),
    route!(Get "/api/v1/officials", Public, api::officials),
    route!(Get "/api/v1/officials/{slug}", Public, api::official),
    route!(Get "/api/v1/statistics", Public, api::statistics),
    // The change log's public key and latest signed tree head.
    route!(Get "/transparency", Public, transparency::show),
    // The user's own account: second factor, sessions, password.
    route!(Get "/account", Volunteer, account::show),
    route!(Post "/account/password", Volunteer, account::change_password),
    route!(Post "/account/sessions/end", Volunteer, account::end_session),
    route!(Get "/account/totp", SecondStep, account::totp_page),
    route!(Post "/account/totp", SecondStep, account::totp_confirm),
    route!(Get "/account/totp/qr.png", SecondStep, account::totp_qr),
    // Reports: volunteers see their own, analysts all.
    route!(Get "/reports", Volunteer, reports::my_reports),
    route!(Post "/reports", Volunteer, reports::submit, multipart),
    route!(Get "/reports/new", Volunteer, reports::new_form),
    route!(Get "/reports/{id}", Volunteer, reports::show),
    route!(Get "/reports/{id}/edit", Volunteer, reports::edit_form),
    route!(Post "/reports/{id}/edit", Volunteer, reports::amend, multipart),
    route!(Post "/reports/{id}/review", Analyst, reports::review),
    route!(Post "/reports/{id}/link", Analyst, reports::link),
    route!(Post "/reports/{id}/person", Analyst, reports::create_person),
    route!(Get "/attachments/{id}", Volunteer, reports::attachment),
    route!(Get "/attachments/{id}/clean", Analyst, reports::attachment_clean),
    route!(Get "/intake", Analyst, reports::intake),
    // Events.
    route!(Get "/events", Analyst, events::list),
    route!(Post "/events", Analyst, events::create),
    route!(Get "/events/new", Analyst, events::new_form),
    route!(Get "/events/{id}", Analyst, events::show),
    route!(Get "/events/{id}/edit", Analyst, events::edit_form),
    route!(Post "/events/{id}/edit", Analyst, events::update),
    route!(Post "/events/{id}/sources", Analyst, events::add_source),
    route!(Post "/events/{id}/figures", Analyst, events::attach_figure),
    route!(Post "/sources/{id}/delete", Analyst, events::remove_source),
    // Trial monitoring: monitors see the hearings they are assigned to
    // (checked per hearing by the handlers), analysts all of them.
    route!(Get "/hearings", Volunteer, trials::calendar),
    route!(Post "/hearings", Analyst, trials::create),
    route!(Get "/hearings/new", Analyst, trials::new_form),
    route!(Get "/hearings/{id}", Volunteer, trials::show),
    route!(Get "/hearings/{id}/edit", Analyst, trials::edit_form),
    route!(Post "/hearings/{id}/edit", Analyst, trials::update),
    route!(Post "/hearings/{id}/monitors", Analyst, trials::set_monitor),
    route!(Get "/hearings/{id}/report", Volunteer, trials::report_form_page),
    route!(Post "/hearings/{id}/report", Volunteer, trials::file_report, multipart),
    route!(Get "/monitoring-attachments/{id}", Volunteer, trials::attachment),
    route!(Get "/trials/summary", Analyst, trials::summary),
    // Calendar feeds: the public one (published cases only, through the
    // redaction layer) and each monitor's private one, found by the secret
    // in its address since calendar apps carry no session.
    route!(Post "/calendar/feed", Volunteer, trials::issue_feed),
    route!(Post "/calendar/feed/revoke", Volunteer, trials::revoke_feed),
    route!(Get "/calendar/private/{token}", Public, trials::private_feed),
    route!(Get "/calendar.ics", Public, trials::public_feed),
    // The register of assembly notifications and its counts.
    route!(Get "/assemblies", Analyst, assemblies::list),
    route!(Post "/assemblies", Analyst, assemblies::create),
    route!(Get "/assemblies/new", Analyst, assemblies::new_form),
    route!(Get "/assemblies/{id}", Analyst, assemblies::show),
    route!(Get "/assemblies/{id}/edit", Analyst, assemblies::edit_form),
    route!(Post "/assemblies/{id}/edit", Analyst, assemblies::update),
    route!(Post "/assemblies/{id}/events", Analyst, assemblies::link_event),
    route!(Get "/statistics/assemblies", Analyst, assemblies::statistics),
    // Collective appeals: the public reads open and closed ones (HTML and
    // PDF), signs and confirms by the mailed link; editors draft, cite,
    // open, moderate, close and export the signatories.
    route!(Get "/appeals", Public, appeals::public_list),
    route!(Get "/appeals/{id}", Public, appeals::public_show),
    route!(Get "/appeals/{id}/appeal.pdf", Public, appeals::public_pdf),
    route!(Get "/appeals/{id}/sign", Public, appeals::sign_page),
    route!(Post "/appeals/{id}/sign", Public, appeals::sign),
    route!(Get "/appeals/confirm/{token}", Public, appeals::confirm_page),
    route!(Post "/appeals/confirm/{token}", Public, appeals::confirm),
    route!(Get "/editor/appeals", Editor, appeals::editor_list),
    route!(Post "/editor/appeals", Editor, appeals::create),
    route!(Get "/editor/appeals/new", Editor, appeals::new_form),
    route!(Get "/editor/appeals/{id}", Editor, appeals::editor_show),
    route!(Post "/editor/appeals/{id}/edit", Editor, appeals::update),
    route!(Post "/editor/appeals/{id}/citations", Editor, appeals::cite),
    route!(Post "/editor/appeals/{id}/state", Editor, appeals::set_state),
    route!(Post "/editor/appeals/{id}/moderate", Editor, appeals::moderate),
    route!(Get "/editor/appeals/{id}/preview", Editor, appeals::preview),
    route!(Get "/editor/appeals/{id}/signatories.csv", Editor, appeals::signatories_csv),
    // People and documents of the register.
    route!(Get "/persons/{id}", Analyst, persons::show),
    route!(Post "/persons/{id}/recognitions", Editor, persons::add_recognition),
    route!(Post "/persons/{id}/names", Analyst, persons::add_name),
    route!(Get "/sources/{sha256}", Analyst, documents::show),
    route!(Get "/documents", Analyst, documents::list),
    route!(Post "/documents", Analyst, documents::upload, multipart),
    route!(Get "/search", Analyst, search::search),
    route!(Get "/review", Analyst, review::queue),
    route!(Post "/review", Analyst, review::decide),
    route!(Get "/review/lists", Analyst, linkage::queue),
    route!(Post "/review/lists", Analyst, linkage::decide),
    // Staged lists: rows matched against the register, decided one by
    // one, committed into it only then.
    route!(Get "/staging", Analyst, staging::list),
    route!(Post "/staging", Analyst, staging::upload, multipart),
    route!(Get "/staging/{id}", Analyst, staging::show),
    route!(Post "/staging/{id}/rows/{row}", Analyst, staging::decide),
    route!(Post "/staging/{id}/commit", Analyst, staging::commit),
    // The newsletter: the editor builds and publishes issues; readers
    // get the archive, the feed, and subscribe with double opt-in. The
    // one-click unsubscribe POST (RFC 8058) needs no anti-forgery token:
    // the token in its address is the credential.
    route!(Get "/editor/newsletter", Editor, newsletter::editor_list),
    route!(Post "/editor/newsletter", Editor, newsletter::editor_create),
    route!(Get "/editor/newsletter/{id}", Editor, newsletter::editor_show),
    route!(Post "/editor/newsletter/{id}", Editor, newsletter::editor_update),
    route!(Post "/editor/newsletter/{id}/publish", Editor, newsletter::editor_publish),
    route!(Post "/editor/newsletter/{id}/send", Editor, newsletter::editor_send),
    route!(Get "/newsletter", Public, newsletter::archive),
    route!(Get "/newsletter/feed.atom", Public, newsletter::feed),
    route!(Get "/newsletter/subscribe", Public, newsletter::subscribe_page),
    route!(Post "/newsletter/subscribe", Public, newsletter::subscribe),
    route!(Get "/newsletter/confirm/{token}", Public, newsletter::confirm),
    route!(Get "/newsletter/unsubscribe/{token}", Public, newsletter::unsubscribe_page),
    route!(Post "/newsletter/unsubscribe/{token}", Public, newsletter::unsubscribe),
    route!(Get "/newsletter/{number}", Public, newsletter::issue),
    // Administration.
    route!(Get "/admin/users", Admin, admin::users),
    route!(Post "/admin/users", Admin, admin::create_user),
    route!(Post "/admin/users/{id}", Admin, admin::update_user),
    route!(Post "/admin/users/{id}/sessions", Admin, admin::end_sessions),
    route!(Post "/admin/users/{id}/totp", Admin, admin::reset_totp),
    route!(Get "/admin/audit", Admin, admin::audit),
];

/// The policy of the route `path` (an axum pattern, as `MatchedPath`
/// gives it) for `verb`; `None`: not in the table.
pub fn policy_of(verb: Verb, path: &str) -> Option<Policy> {
    ROUTES
        .iter()
        .find(|r| r.verb == verb && r.path == path)
        .map(|r| r.policy)
}

/// The router, built from [`ROUTES`].
pub fn router() -> Router<AppState> {
    ROUTES.iter().fold(Router::new(), |router, r| {
        router.route(r.path, (r.handler)(r.verb.filter()))
    })
}
