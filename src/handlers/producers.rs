//! Producer directory and producer pages, loaded by `views::producers`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::producers::{self, DirectoryParams, ProducerParams};
use crate::views::{self, Frame};

/// `/nha-san-xuat`: producers with published products, by name, filterable by province.
pub async fn list_producers(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<DirectoryParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| producers::list_page(conn, &ctx, &address, params))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "producers/list.html",
        &page,
        StatusCode::OK,
    )
}

/// `/nha-san-xuat/{slug}`: profile, awards, published products, points of sale.
pub async fn show_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ProducerParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let (slug, params) = (slug.into_inner(), params.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    // The site's clock: events listed on the page end by it.
    let today = state.clock.today();
    let page = state
        .db
        .run(move |conn| producers::producer_page(conn, &ctx, &address, &slug, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "producers/show.html",
        &page,
        StatusCode::OK,
    )
}
