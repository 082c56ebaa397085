//! Every route of the app, in one table. Each handler checks the
//! visitor's rights itself (through `Ctx::require`) before reading
//! anything, and every POST handler checks the anti-forgery token first.

mod admin;
mod dashboard;
mod documents;
mod events;
mod form;
mod persons;
mod reports;
mod review;
mod search;
mod statics;

use crate::auth;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// `?done=saved` after a redirect: which notice to show (`done-<code>`).
#[derive(Deserialize)]
pub struct Notice {
    pub done: Option<String>,
}

/// A form naming one person (`name`), with its anti-forgery token.
#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::set_language))
        .route("/static/{file}", get(statics::file))
        // Public report form: no account needed.
        .route(
            "/report",
            get(reports::public_form).post(reports::public_submit),
        )
        .route("/report/thanks", get(reports::public_thanks))
        // Reports: volunteers see their own, analysts all.
        .route("/reports", get(reports::my_reports).post(reports::submit))
        .route("/reports/new", get(reports::new_form))
        .route("/reports/{id}", get(reports::show))
        .route(
            "/reports/{id}/edit",
            get(reports::edit_form).post(reports::amend),
        )
        .route("/reports/{id}/review", post(reports::review))
        .route("/reports/{id}/link", post(reports::link))
        .route("/reports/{id}/person", post(reports::create_person))
        .route("/attachments/{id}", get(reports::attachment))
        .route("/intake", get(reports::intake))
        // Events.
        .route("/events", get(events::list).post(events::create))
        .route("/events/new", get(events::new_form))
        .route("/events/{id}", get(events::show))
        .route(
            "/events/{id}/edit",
            get(events::edit_form).post(events::update),
        )
        .route("/events/{id}/sources", post(events::add_source))
        .route("/events/{id}/figures", post(events::attach_figure))
        .route("/sources/{id}/delete", post(events::remove_source))
        // People and documents of the register.
        .route("/persons/{id}", get(persons::show))
        .route("/persons/{id}/recognitions", post(persons::add_recognition))
        .route("/persons/{id}/names", post(persons::add_name))
        .route("/sources/{sha256}", get(documents::show))
        .route("/documents", get(documents::list).post(documents::upload))
        .route("/search", get(search::search))
        .route("/review", get(review::queue).post(review::decide))
        // Administration.
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/{id}", post(admin::update_user))
        .route("/admin/audit", get(admin::audit))
}

/// Every state-changing route, for the test that each refuses a request
/// without the anti-forgery token. Keep in step with [`router`].
pub const POST_ROUTES: &[&str] = &[
    "/login",
    "/logout",
    "/report",
    "/reports",
    "/reports/1/edit",
    "/reports/1/review",
    "/reports/1/link",
    "/reports/1/person",
    "/events",
    "/events/1/edit",
    "/events/1/sources",
    "/events/1/figures",
    "/sources/1/delete",
    "/persons/x/recognitions",
    "/persons/x/names",
    "/documents",
    "/review",
    "/admin/users",
    "/admin/users/1",
];

/// The routes of [`POST_ROUTES`] whose forms are multipart (uploads).
pub const MULTIPART_ROUTES: &[&str] = &["/report", "/reports", "/reports/1/edit", "/documents"];
