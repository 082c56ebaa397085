//! The web layer's errors. Each maps to a status code and a page in the
//! user's language; internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Anonymous visitor on a page that needs an account: sent to login.
    #[error("login required")]
    LoginRequired,
    #[error("forbidden")]
    Forbidden,
    /// The form's anti-forgery token is missing or wrong.
    #[error("the form is out of date or was not sent from this site")]
    Csrf,
    #[error("too many requests")]
    RateLimited,
    #[error("{0}")]
    BadRequest(String),
    #[error("upload too large")]
    TooLarge,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<kuager_store::StoreError> for AppError {
    fn from(e: kuager_store::StoreError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<kuager_store::CaseError> for AppError {
    fn from(e: kuager_store::CaseError) -> Self {
        match e {
            kuager_store::CaseError::NotFound { .. } => AppError::NotFound,
            kuager_store::CaseError::Store(e) => AppError::Internal(e.to_string()),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

impl From<kuager_register::RegisterError> for AppError {
    fn from(e: kuager_register::RegisterError) -> Self {
        AppError::Internal(e.to_string())
    }
}

/// Which error a response carries; the page middleware turns it into a
/// page in the visitor's language (it knows the language, we don't here).
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    /// Fluent id of the title.
    pub title: &'static str,
    /// Extra text to show (already safe to show: no internals).
    pub detail: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, detail) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found", None),
            AppError::LoginRequired => {
                return axum::response::Redirect::to("/login").into_response();
            }
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden", None),
            AppError::Csrf => (StatusCode::FORBIDDEN, "error-csrf", None),
            AppError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "error-rate-limited", None),
            AppError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                "error-bad-request",
                Some(m.clone()),
            ),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None),
            AppError::Internal(m) => {
                tracing::error!(error = %m, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal", None)
            }
        };
        let mut response = (status, title).into_response();
        response.extensions_mut().insert(ErrorPage {
            status,
            title,
            detail,
        });
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
