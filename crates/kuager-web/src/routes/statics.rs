//! The stylesheet (and nothing else): served from the binary, so the app
//! needs no files beside it and loads nothing from elsewhere.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const STYLE: &str = include_str!("../../static/style.css");

pub async fn file(Path(file): Path<String>) -> Result<Response, AppError> {
    match file.as_str() {
        "style.css" => Ok((
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            STYLE,
        )
            .into_response()),
        _ => Err(AppError::NotFound),
    }
}
