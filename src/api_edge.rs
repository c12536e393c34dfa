//! What every answer under `/api/` shares, in one middleware: CORS for public reads, the
//! preflight of a cross-origin request, and `405` for a method the API does not take.
//!
//! Rules: the API is public and read-only, so its `GET`/`HEAD` answers (errors too) carry
//! `Access-Control-Allow-Origin: *` and never allow credentials; an `OPTIONS` preflight to an
//! API route answers `204` with the allowed methods and headers; any other method on an API
//! route is a `405` with `Allow` (a JSON error, drawn by `handlers::errors`). Paths outside
//! `/api/` pass through untouched, so the rest of the site keeps its same-origin rules (CSRF
//! tokens on every form). API routes are those of [`crate::routes::ROUTES`] under `/api/`.

use std::sync::LazyLock;

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;

/// The methods the API answers.
pub const ALLOWED_METHODS: &str = "GET, HEAD, OPTIONS";
/// The request headers a cross-origin caller may send.
pub const ALLOWED_HEADERS: &str = "Accept, Accept-Language, Content-Type, If-None-Match, \
                                   If-Modified-Since";
/// How long (seconds) a browser may keep a preflight's answer.
pub const MAX_AGE: &str = "86400";

/// The API's routes, as patterns to match a path against.
static API_ROUTES: LazyLock<Vec<ResourceDef>> = LazyLock::new(|| {
    crate::routes::ROUTES
        .iter()
        .filter(|(_, path)| path.starts_with("/api/"))
        .map(|(_, path)| ResourceDef::new(*path))
        .collect()
});

/// Whether `path` is one of the API's routes.
fn is_api_route(path: &str) -> bool {
    API_ROUTES.iter().any(|r| r.is_match(path))
}

/// The middleware (wrapped inside the language one, so `/en/api/…` is seen as `/api/…`).
pub async fn api_edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if !req.path().starts_with("/api/") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let known = is_api_route(req.path());
    let method = req.method().clone();
    if known && method == Method::OPTIONS {
        let res = HttpResponse::NoContent()
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, MAX_AGE))
            .insert_header((header::ALLOW, ALLOWED_METHODS))
            .finish();
        return Ok(req.into_response(res).map_into_right_body());
    }
    if known && method != Method::GET && method != Method::HEAD {
        let res = HttpResponse::build(StatusCode::METHOD_NOT_ALLOWED)
            .insert_header((header::ALLOW, ALLOWED_METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .finish();
        return Ok(req.into_response(res).map_into_right_body());
    }
    let mut res = next.call(req).await?;
    if method == Method::GET || method == Method::HEAD {
        let headers = res.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }
    Ok(res.map_into_left_body())
}
