//! The one error type of the request path, [`AppError`], and its mapping to HTTP.
//!
//! Handlers and models return `Result<_, AppError>`; build errors with the small constructors
//! (`AppError::not_found()`, `AppError::bad_request(..)`). Diesel's `NotFound` becomes a 404 in
//! exactly one place, the `From` impl below. CLI code uses `anyhow` instead. The HTML error
//! pages are drawn by `handlers::errors`, which wraps these plain responses.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::i18n::{Locale, Msg};

/// Everything a request can fail with.
#[derive(Debug)]
pub enum AppError {
    /// 404: no such page or object.
    NotFound,
    /// 400: the request itself is wrong; the message is shown to the user.
    BadRequest(Msg),
    /// 303 to the login page; holds the address to come back to.
    SignInRequired(String),
    /// 403: signed in, but not allowed; the message is shown.
    Forbidden(Msg),
    /// 429: too many attempts.
    TooManyRequests,
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 409: a concurrent request changed the same thing first (a UNIQUE violation that
    /// retries could not get past); the message is shown.
    Conflict(Msg),
    /// 503: a dependency (database pool) cannot serve right now.
    Unavailable(String),
    /// 500: a bug or an unexpected failure; logged, never shown.
    Internal(anyhow::Error),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound
    }

    pub fn bad_request(message: impl Into<Msg>) -> Self {
        AppError::BadRequest(message.into())
    }

    pub fn forbidden(message: impl Into<Msg>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn conflict(message: impl Into<Msg>) -> Self {
        AppError::Conflict(message.into())
    }

    /// What the user is told, as a catalogue message; `None` for errors whose page says it
    /// all (a 404, a 500).
    pub fn user_message(&self) -> Option<Msg> {
        match self {
            AppError::BadRequest(msg) | AppError::Forbidden(msg) | AppError::Conflict(msg) => {
                Some(msg.clone())
            }
            AppError::TooManyRequests => Some(Msg::new("error-too-many-requests")),
            AppError::PayloadTooLarge => Some(Msg::new("error-payload-too-large")),
            _ => None,
        }
    }

    pub fn unavailable(err: impl fmt::Display) -> Self {
        AppError::Unavailable(err.to_string())
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(err.into())
    }
}

/// The message in Vietnamese (logs, plain-text bodies); pages put it into the visitor's language.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self {
            AppError::NotFound => "error-not-found",
            AppError::SignInRequired(_) => "error-sign-in",
            AppError::Unavailable(_) => "error-unavailable",
            AppError::Internal(_) => "error-internal",
            _ => "",
        };
        match self.user_message() {
            Some(msg) => f.write_str(&Locale::Vi.msg(&msg)),
            None => f.write_str(&Locale::Vi.t(key)),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => AppError::NotFound,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::Conflict(Msg::new("error-write-conflict")),
            diesel::result::Error::DatabaseError(kind, info)
                if kind == diesel::result::DatabaseErrorKind::ClosedConnection
                    || is_transient(info.message()) =>
            {
                AppError::Unavailable(info.message().to_owned())
            }
            other => AppError::Internal(other.into()),
        }
    }
}

/// Database failures that say "not now" rather than "bug": the server restarting or gone
/// (PostgreSQL), or the file busy beyond its wait (SQLite). They answer 503, so clients and
/// proxies retry, and are logged as a dependency being unavailable.
fn is_transient(message: &str) -> bool {
    const TRANSIENT: &[&str] = &[
        "database is locked",
        "terminating connection",
        "server closed the connection",
        "the database system is",
        "could not connect",
        "connection refused",
        "no connection to the server",
    ];
    let message = message.to_ascii_lowercase();
    TRANSIENT.iter().any(|t| message.contains(t))
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
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Conflict(_) => StatusCode::CONFLICT,
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
        if let AppError::SignInRequired(back) = self {
            return HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, login_url(back)))
                .finish();
        }
        let mut response = HttpResponse::build(self.status_code())
            .content_type(mime::TEXT_PLAIN_UTF_8)
            .body(self.to_string());
        if let Some(msg) = self.user_message() {
            response.extensions_mut().insert(UserMessage(msg));
        }
        response
    }
}

/// A message for the user attached to an error response, shown by the error page.
#[derive(Debug, Clone)]
pub struct UserMessage(pub Msg);

/// The login page that brings the visitor back to `back` (a local path, `/en/…` included),
/// in the language of `back`.
pub fn login_url(back: &str) -> String {
    let query = serde_urlencoded::to_string([("tiep", back)]).unwrap_or_default();
    format!(
        "{}?{query}",
        crate::i18n::locale_of_path(back).path("/dang-nhap")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    fn mapped(kind: DatabaseErrorKind, message: &str) -> StatusCode {
        AppError::from(Error::DatabaseError(kind, Box::new(message.to_owned()))).status_code()
    }

    #[test]
    fn a_database_that_is_away_or_busy_is_unavailable_not_a_bug() {
        for message in [
            "database is locked",
            "terminating connection due to administrator command",
            "server closed the connection unexpectedly",
            "FATAL: the database system is starting up",
        ] {
            assert_eq!(
                mapped(DatabaseErrorKind::Unknown, message),
                StatusCode::SERVICE_UNAVAILABLE,
                "{message}"
            );
        }
        assert_eq!(
            mapped(DatabaseErrorKind::ClosedConnection, "gone"),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            mapped(DatabaseErrorKind::Unknown, "syntax error at or near"),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            mapped(DatabaseErrorKind::UniqueViolation, "duplicate key"),
            StatusCode::CONFLICT
        );
    }
}
