//! Public catalogue pages: home, product list, product page, category page. Each loads its
//! page with one function of `views::home` or `views::catalogue`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::error::AppError;
use crate::views::filters::CatalogueParams;
use crate::views::where_to_buy::{NearJunk, NearParams, parse_near};
use crate::views::{self, Frame, catalogue, home};

/// `/`: featured collections, the latest award year, categories.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let ctx = state.reference.get(&state.db).await?;
    let now = chrono::Utc::now().naive_utc();
    let page = state
        .db
        .run(move |conn| home::load(conn, &ctx, &address, now))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "home.html",
        &page,
        StatusCode::OK,
    )
}

/// `/san-pham`: the filtered, paginated catalogue.
pub async fn list_products(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| catalogue::list_page(conn, &ctx, &address, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "catalogue/list.html",
        &page,
        StatusCode::OK,
    )
}

/// `/danh-muc/{slug}`: the catalogue narrowed to one category.
pub async fn show_category(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let (slug, params) = (slug.into_inner(), params.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| catalogue::category_page(conn, &ctx, &address, &slug, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "catalogue/list.html",
        &page,
        StatusCode::OK,
    )
}

/// `/san-pham/{slug}`: one published product; `?near=lat,lng` lists its points of sale
/// nearest first.
pub async fn show_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<NearParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let near = parse_near(&params.near, NearJunk::Ignore)?;
    let ctx = state.reference.get(&state.db).await?;
    // The site's clock: events listed on the page end by it.
    let today = state.clock.today();
    let page = state
        .db
        .run(move |conn| catalogue::product_page(conn, &ctx, &address, &slug, near, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "catalogue/product.html",
        &page,
        StatusCode::OK,
    )
}
