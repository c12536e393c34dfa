//! Static assets (embedded) and stored photos, with long cache lifetimes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::error::AppError;

const ONE_YEAR: &str = "public, max-age=31536000, immutable";

/// `/assets/{path}`: fingerprinted URLs are immutable; bare ones are cached for an hour.
pub async fn show_asset(
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let asset = crate::assets::asset(&path).ok_or_else(AppError::not_found)?;
    let etag = format!("\"{}\"", &asset.hash[..32]);
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return Ok(HttpResponse::NotModified().finish());
    }
    let fingerprinted = req.query_string().starts_with("v=");
    Ok(HttpResponse::Ok()
        .content_type(asset.mime)
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CACHE_CONTROL,
            if fingerprinted {
                ONE_YEAR
            } else {
                "public, max-age=3600"
            },
        ))
        .body(asset.bytes.into_owned()))
}

/// `/media/{name}`: a stored photo variant. Names are content hashes, so the file behind a
/// name never changes.
pub async fn show_media(
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let path = state.media.path_of(&name).ok_or_else(AppError::not_found)?;
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(AppError::internal)?
        .map_err(|_| AppError::not_found())?;
    Ok(HttpResponse::Ok()
        .content_type(mime::IMAGE_JPEG)
        .insert_header((header::CACHE_CONTROL, ONE_YEAR))
        // A photo is never a document: nothing in it may run, even opened on its own.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(bytes))
}
