//! The one error type of the request path, [`AppError`], and its mapping to HTTP.
//!
//! Handlers and models return `Result<_, AppError>`; build errors with the small constructors
//! (`AppError::not_found()`, `AppError::bad_request(..)`). Diesel's `NotFound` becomes a 404 in
//! exactly one place, the `From` impl below. CLI code uses `anyhow` instead. The HTML error
//! pages are drawn by `handlers::errors`, which wraps these plain responses.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// Everything a request can fail with.
#[derive(Debug)]
pub enum AppError {
    /// 404: no such page or object.
    NotFound,
    /// 400: the request itself is wrong; the message is shown to the user (Vietnamese).
    BadRequest(String),
    /// 503: a dependency (database pool) cannot serve right now.
    Unavailable(String),
    /// 500: a bug or an unexpected failure; logged, never shown.
    Internal(anyhow::Error),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        AppError::BadRequest(message.into())
    }

    pub fn unavailable(err: impl fmt::Display) -> Self {
        AppError::Unavailable(err.to_string())
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(err.into())
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound => f.write_str("Không tìm thấy trang bạn cần."),
            AppError::BadRequest(msg) => f.write_str(msg),
            AppError::Unavailable(_) => {
                f.write_str("Hệ thống đang bận, xin vui lòng thử lại sau ít phút.")
            }
            AppError::Internal(_) => f.write_str("Đã có lỗi xảy ra phía máy chủ."),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<tera::Error> for AppError {
    fn from(err: tera::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template error: {err:?}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(err) => tracing::error!(error = ?err, "request failed"),
            AppError::Unavailable(why) => tracing::warn!(%why, "dependency unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code())
            .content_type(mime::TEXT_PLAIN_UTF_8)
            .body(self.to_string());
        if let AppError::BadRequest(msg) = self {
            response.extensions_mut().insert(UserMessage(msg.clone()));
        }
        response
    }
}

/// A message for the user attached to an error response, shown by the error page.
#[derive(Debug, Clone)]
pub struct UserMessage(pub String);
