//! Request handlers, one module per area. A handler extracts its input, checks who may ask,
//! calls one loader (`views::<area>`) or action, and renders the page struct with
//! `views::render`; it holds no SQL.

pub mod account;
pub mod account_mail;
pub mod admin;
pub mod api;
pub mod articles;
pub mod assets;
pub mod awards;
pub mod bulk;
pub mod business;
pub mod buyers;
pub mod catalogue;
pub mod errors;
pub mod events;
pub mod feeds;
pub mod health;
pub mod info;
pub mod jury;
pub mod metrics;
pub mod openapi;
pub mod producers;
pub mod reports;
pub mod search;
pub mod sharing;
pub mod vote;
pub mod where_to_buy;

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::error::AppError;
use crate::i18n::Msg;

/// A 303 to `to`: where a form that worked sends the browser. `to` is a path in the
/// visitor's language (`locale.path(…)`).
pub(crate) fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

/// Room for the small fields and multipart framing around an uploaded file.
pub(crate) const FRAMING: usize = 64 * 1024;

/// Refuses an upload that declares (`Content-Length`) more than `limit` bytes, before its
/// body is read.
pub fn refuse_oversize(req: &HttpRequest, limit: usize) -> Result<(), AppError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(n) if n > limit => Err(AppError::PayloadTooLarge),
        _ => Ok(()),
    }
}

/// One part of a multipart form, read whole.
pub(crate) struct Part {
    pub name: String,
    /// The file name the client gave, as sent (only file parts have one).
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// Reads a multipart form whose first part must be the CSRF token (`csrf_token`; anything
/// else is refused as forbidden before more is read). `cap(n, name)` is the caller's rule for
/// the `n`th part (from 1): the most bytes it may hold, or the error refusing it (too many
/// parts, an unknown name), so the body read is bounded. A part refused for its size is
/// refused as soon as it passes its cap, with `too_large()`.
pub(crate) async fn read_multipart(
    mut payload: Multipart,
    cap: impl Fn(usize, &str) -> Result<usize, AppError>,
    too_large: fn() -> AppError,
) -> Result<Vec<Part>, AppError> {
    let invalid = || AppError::bad_request(Msg::new("upload-invalid"));
    let mut parts = Vec::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| invalid())?;
        let name = field.name().unwrap_or_default().to_owned();
        if parts.is_empty() && name != "csrf_token" {
            return Err(AppError::forbidden(Msg::new("auth-request-invalid-reload")));
        }
        let cap = cap(parts.len() + 1, &name)?;
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| invalid())?;
            if bytes.len() + chunk.len() > cap {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        parts.push(Part {
            name,
            file_name,
            bytes,
        });
    }
    Ok(parts)
}

pub use crate::views::PageAddress;
