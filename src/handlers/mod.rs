//! Request handlers, one module per area. A handler extracts its input, runs one closure on
//! the database through `Db::run`, and renders a page struct; it holds no SQL.

pub mod account;
pub mod admin;
pub mod api;
pub mod articles;
pub mod assets;
pub mod awards;
pub mod business;
pub mod catalogue;
pub mod errors;
pub mod feeds;
pub mod filters;
pub mod health;
pub mod producers;
pub mod reports;
pub mod search;

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::Visitor;
use crate::error::AppError;
use crate::views::forms::{FormPage, FormState};
use crate::views::{self, PageMeta};

/// Renders a form page (never cached: it holds the visitor's CSRF token), setting the
/// anonymous CSRF cookie when the visitor has none yet.
#[expect(clippy::too_many_arguments)] // each is one distinct piece of the page
pub(crate) fn form_page<E: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    template: &str,
    meta: PageMeta,
    form: FormState,
    extra: E,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let frame = views::Frame::for_visitor(req, visitor);
    views::render(
        &state.templates,
        &frame,
        template,
        &FormPage { meta, form, extra },
        status,
    )
}

/// A 303 to `to`: where a form that worked sends the browser.
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
    let invalid = || AppError::bad_request("Dữ liệu tải lên không hợp lệ.");
    let mut parts = Vec::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| invalid())?;
        let name = field.name().unwrap_or_default().to_owned();
        if parts.is_empty() && name != "csrf_token" {
            return Err(AppError::forbidden(
                "Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.".to_owned(),
            ));
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
