//! The open-data API (DESIGN.md section 3): published products and their producers as JSON,
//! for anyone to reuse. Only published products are ever shown; everything else is a 404.
//!
//! Filters are the catalogue's (`category`, `province`, `year`, `programme`, `tier`, `sort`,
//! `page`), parsed by the same code; bad values are a 400 with a JSON body. CORS headers, the
//! preflight and the JSON error body are added for every `/api/` answer by `crate::api_edge`
//! and `handlers::errors`. Each handler's `#[utoipa::path]` is its entry in the OpenAPI
//! document (`handlers::openapi`): the statuses listed there are all it can answer.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::views::api_schema::ErrorAnswer;
use crate::views::filters::{CatalogueParams, PER_PAGE};
use crate::views::open_data::{
    self, Builder, PointOfSaleList, ProducerDetail, ProductDetail, ProductList, ProductsParams,
};
use crate::views::where_to_buy::{NearJunk, SaleParams, SaleQuery};

fn json(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .json(body)
}

/// Answers an open-data request: `build` runs on a pooled connection with this request's JSON
/// builder, and its value (or its error) goes out as JSON.
async fn answer<T, F>(
    state: &AppState,
    req: &HttpRequest,
    build: F,
) -> Result<HttpResponse, AppError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut DbConnection, &Builder<'_>) -> Result<T, AppError> + Send + 'static,
{
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(req);
    let body = state
        .db
        .run(move |conn| {
            let b = Builder {
                ctx: &ctx,
                base_url: &address.base_url,
                today: today_in_vietnam(),
                locale: address.locale,
            };
            build(conn, &b)
        })
        .await?;
    Ok(json(&body))
}

/// Published products, filtered and paged like the catalogue.
///
/// Ordered by `sort` (by name by default), ties broken by id: walking the pages through
/// `next` gives every product once. A page past the last one is empty, not an error.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "products",
    operation_id = "list_products",
    params(ProductsParams, CatalogueParams),
    responses(
        (status = 200, description = "One page of products.", body = ProductList),
        (status = 400, description = "A parameter has a value it does not take.", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
pub async fn list_products(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ProductsParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    answer(&state, &req, move |conn, b| {
        open_data::products_page(conn, b, params)
    })
    .await
}

/// One published product in full.
#[utoipa::path(
    get,
    path = "/api/v1/products/{slug}",
    tag = "products",
    operation_id = "show_product",
    params(("slug" = String, Path, description = "The product's slug, as in its page's address.")),
    responses(
        (status = 200, description = "The product.", body = ProductDetail),
        (status = 404, description = "No published product has this slug.", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
pub async fn show_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    answer(&state, &req, move |conn, b| {
        open_data::product(conn, b, &slug)
    })
    .await
}

/// A producer with a published product: its awards, points of sale and first page of
/// products (`products.next` pages on through `/api/v1/products?producer=…`).
#[utoipa::path(
    get,
    path = "/api/v1/producers/{slug}",
    tag = "producers",
    operation_id = "show_producer",
    params(("slug" = String, Path, description = "The producer's slug, as in its page's address.")),
    responses(
        (status = 200, description = "The producer.", body = ProducerDetail),
        (status = 404, description = "No producer with a published product has this slug.", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
pub async fn show_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    answer(&state, &req, move |conn, b| {
        open_data::producer(conn, b, &slug, PER_PAGE)
    })
    .await
}

/// Public points of sale by place, or the nearest first from `near`.
///
/// By ward, name and id, or by distance and id with `near` (the 100 nearest): walking the
/// pages through `next` gives every place once. A page past the last one is empty.
#[utoipa::path(
    get,
    path = "/api/v1/points-of-sale",
    tag = "points-of-sale",
    operation_id = "list_points_of_sale",
    params(SaleParams),
    responses(
        (status = 200, description = "One page of points of sale.", body = PointOfSaleList),
        (status = 400, description = "A parameter has a value it does not take (`near` included).", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
pub async fn list_points_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SaleParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    answer(&state, &req, move |conn, b| {
        let query = SaleQuery::parse(params, b.ctx, NearJunk::Refuse)?;
        open_data::point_of_sale_list(conn, b, &query)
    })
    .await
}
