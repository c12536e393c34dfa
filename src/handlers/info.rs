//! The site's own pages (about and contact, terms of use, privacy), the same for every
//! visitor; their content is in [`crate::views::info`] and `templates/info/`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::info::{InfoPageKind, info_page};
use crate::views::{self, Frame};

fn show(state: &AppState, req: &HttpRequest, kind: InfoPageKind) -> Result<HttpResponse, AppError> {
    let page = info_page(&PageAddress::of(req), kind, state.contact_email.as_deref());
    views::render(
        &state.templates,
        &Frame::public(req),
        &kind.template(),
        &page,
        StatusCode::OK,
    )
}

/// `GET /gioi-thieu`: who runs the site and how to contact them.
pub async fn show_about(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    show(&state, &req, InfoPageKind::About)
}

/// `GET /dieu-khoan`: terms of use.
pub async fn show_terms(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    show(&state, &req, InfoPageKind::Terms)
}

/// `GET /quyen-rieng-tu`: what is kept about accounts and reports, and for how long.
pub async fn show_privacy(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    show(&state, &req, InfoPageKind::Privacy)
}
