//! Error pages in the site's look. The `ErrorHandlers` middleware turns every plain error
//! response (from `AppError`, or actix itself: unknown route, bad query) into an HTML page,
//! or under `/api/` into JSON, [`ErrorAnswer`]: `{"error": {"code", "message"}}` with a stable
//! code for the status and the catalogue's message in the request's language. If the page
//! itself fails to render, the plain text stays.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web;

use crate::app::AppState;
use crate::handlers::PageAddress;
use crate::i18n::Locale;
use crate::views::api_schema::{ErrorAnswer, ErrorDetail, api_error_code};
use crate::views::{self, pages::ErrorPage};

/// The catalogue keys of the heading and message shown for `status`.
fn wording(status: u16) -> (&'static str, &'static str) {
    match status {
        404 => ("error-404-heading", "error-404-message"),
        400 => ("error-400-heading", "error-400-message"),
        405 => ("error-405-heading", "error-405-message"),
        403 => ("error-403-heading", "error-403-message"),
        413 => ("error-413-heading", "error-413-message"),
        429 => ("error-429-heading", "error-429-message"),
        503 => ("error-503-heading", "error-503-message"),
        _ => ("error-500-heading", "error-500-message"),
    }
}

/// Replaces a non-HTML error response by the error page.
pub fn render_error_page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let already_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let status = res.status();
    if already_html || status.is_redirection() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let (req, response) = res.into_parts();
    // A 400 from AppError carries a message meant for the user; keep it.
    let detail = response
        .extensions()
        .get::<crate::error::UserMessage>()
        .map(|m| m.0.clone());
    let locale = Locale::of(&req);
    let (heading, default_message) = wording(status.as_u16());
    let heading = locale.t(heading);
    let message = detail.map_or_else(|| locale.t(default_message), |m| locale.msg(&m));

    if req.path().starts_with("/api/") {
        let body = ErrorAnswer {
            error: ErrorDetail {
                code: api_error_code(status.as_u16()),
                message,
            },
        };
        let body = serde_json::to_string(&body).unwrap_or_default();
        let response = response.set_body(body).map_into_boxed_body();
        let mut res = ServiceResponse::new(req, response);
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        );
        return Ok(ErrorHandlerResponse::Response(res.map_into_right_body()));
    }

    let html = req.app_data::<web::Data<AppState>>().and_then(|state| {
        let address = PageAddress::of(&req);
        let page = ErrorPage {
            meta: address.meta("", heading.clone(), message.clone()),
            status: status.as_u16(),
            heading,
            message: message.clone(),
        };
        let frame = views::Frame::public(&req);
        views::frame::render_string(&state.templates, &frame, "error.html", &page)
            .map_err(|e| tracing::error!(error = %format!("{e:?}"), "error page failed to render"))
            .ok()
    });
    let Some(html) = html else {
        let response = response.set_body(message).map_into_boxed_body();
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, response).map_into_right_body(),
        ));
    };
    let response: actix_web::HttpResponse<BoxBody> = response.set_body(html).map_into_boxed_body();
    let mut res = ServiceResponse::new(req, response);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}
