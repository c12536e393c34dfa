//! Public pages of the fairs and product weeks: `/hoi-cho` (upcoming and ongoing events first,
//! then past ones) and `/hoi-cho/{slug}`. "Today" is the site's clock's (`AppState::clock`),
//! so an event is past the day after its last day. Unpublished events are not found.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::events::{EventListPage, EventPage, PER_PAGE};
use crate::views::filters::parse_page;
use crate::views::{self, Frame};

/// The query string of `/hoi-cho`.
#[derive(Debug, Default, Deserialize)]
pub struct EventListParams {
    pub page: Option<String>,
}

/// `GET /hoi-cho`
pub async fn list_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<EventListParams>,
) -> Result<HttpResponse, AppError> {
    let page = parse_page(&params.page, PER_PAGE)?;
    let (address, today) = (PageAddress::of(&req), state.clock.today());
    let ctx = state.reference.get(&state.db).await?;
    let view = state
        .db
        .run(move |conn| EventListPage::load(conn, &ctx, &address, page, today))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "events/list.html",
        &view,
        StatusCode::OK,
    )
}

/// `GET /hoi-cho/{slug}`
pub async fn show_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (address, today) = (PageAddress::of(&req), state.clock.today());
    let slug = slug.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let view = state
        .db
        .run(move |conn| EventPage::load(conn, &ctx, &address, &slug, today))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "events/show.html",
        &view,
        StatusCode::OK,
    )
}
