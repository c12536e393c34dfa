//! Static assets (embedded) and stored photos, with long cache lifetimes.

use std::path::PathBuf;
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use tokio::sync::Semaphore;

use crate::app::AppState;
use crate::error::AppError;
use crate::media;

const ONE_YEAR: &str = "public, max-age=31536000, immutable";

/// `/assets/{path}`: URLs with the current fingerprint are immutable; bare ones (and old
/// fingerprints) are cached for an hour.
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
    // Only the current fingerprint is immutable: an old one names content that is gone.
    let fingerprinted = req
        .query_string()
        .strip_prefix("v=")
        .is_some_and(|v| v.len() >= 12 && asset.hash.starts_with(v));
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
/// name never changes. A browser that accepts WebP gets the variant's WebP twin at the same URL
/// (made on its first request), the others the JPEG; `Vary: Accept` tells caches so.
pub async fn show_media(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let jpeg = state.media.path_of(&name).ok_or_else(AppError::not_found)?;
    let wants_webp = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(media::webp::accepts_webp);
    let (path, content_type) = match wants_webp {
        true => match webp_twin(&state, &name).await {
            Some(webp) => (webp, "image/webp"),
            None => (jpeg, "image/jpeg"),
        },
        false => (jpeg, "image/jpeg"),
    };
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(AppError::internal)?
        .map_err(|_| AppError::not_found())?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, ONE_YEAR))
        .insert_header((header::VARY, "Accept"))
        // A photo is never a document: nothing in it may run, even opened on its own.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(bytes))
}

/// The WebP twin of the variant `name`, made now if it is missing: off the async workers, two
/// at a time (a crawler asking for every photo cannot take every core). `None` (the JPEG is
/// served) when it cannot be made.
async fn webp_twin(state: &AppState, name: &str) -> Option<PathBuf> {
    if let Some(path) = state.media.webp_path_of(name) {
        return Some(path);
    }
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let _permit = PERMITS
        .get_or_init(|| Semaphore::new(2))
        .acquire()
        .await
        .ok()?;
    let (media, name) = (state.media.clone(), name.to_owned());
    match web::block(move || media.make_webp(&name)).await {
        Ok(Ok(path)) => path,
        Ok(Err(e)) => {
            tracing::error!(error = ?e, "cannot make a WebP variant; serving the JPEG");
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "the WebP encoder failed; serving the JPEG");
            None
        }
    }
}
