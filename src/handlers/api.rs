//! The open-data API (DESIGN.md section 3): published products and their producers as JSON,
//! for anyone to reuse. Only published products are ever shown; everything else is a 404.
//!
//! Filters are the catalogue's (`category`, `province`, `year`, `programme`, `tier`, `sort`,
//! `page`), parsed by the same code; bad values are a 400 with a JSON body. Every answer,
//! errors too, carries `Access-Control-Allow-Origin: *`: the data is public and read-only.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::{Deserialize, Serialize};

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::views::filters::{
    CatalogueParams, CatalogueQuery, PER_PAGE, parse_page, parse_per_page,
};
use crate::views::open_data::{self, Builder};
use crate::views::where_to_buy::{NearJunk, SaleParams, SaleQuery};

/// Most products per page; the catalogue's `PER_PAGE` unless `per_page` says otherwise.
const MAX_PER_PAGE: i64 = 100;

/// Adds the CORS header to an answer or to the error it failed with.
fn open_data(result: Result<HttpResponse, AppError>) -> HttpResponse {
    let mut res = result.unwrap_or_else(|e| e.error_response());
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

fn json(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .json(body)
}

/// The catalogue's filters and `per_page`.
#[derive(Debug, Deserialize)]
pub struct ProductsParams {
    per_page: Option<String>,
    #[serde(flatten)]
    filters: CatalogueParams,
}

/// Answers an open-data request: `build` runs on a pooled connection with this request's JSON
/// builder, and its value (or its error) goes out as JSON with the CORS header.
async fn answer<T, F>(state: &AppState, req: &HttpRequest, build: F) -> HttpResponse
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut DbConnection, &Builder<'_>) -> Result<T, AppError> + Send + 'static,
{
    let result = async {
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
    };
    open_data(result.await)
}

/// `GET /api/v1/products`: published products, filtered and paginated like the catalogue.
/// A page past the last one is empty, not an error.
pub async fn list_products(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ProductsParams>,
) -> HttpResponse {
    let params = params.into_inner();
    answer(&state, &req, move |conn, b| {
        let per_page = parse_per_page(params.per_page.as_deref(), PER_PAGE, MAX_PER_PAGE)?;
        let mut query = CatalogueQuery::parse(params.filters, b.ctx, None)?;
        query.page = parse_page(&query.params.page, per_page)?;
        let mut pairs = query.pairs(true);
        if per_page != PER_PAGE {
            pairs.push(("per_page", per_page.to_string()));
        }
        let url_of = |n: i64| {
            let mut p = pairs.clone();
            p.push(("page", n.to_string()));
            crate::views::filters::with_query("/api/v1/products", &p)
        };
        open_data::product_list(conn, b, &query.filter, query.page, Some(&url_of))
    })
    .await
}

/// `GET /api/v1/products/{slug}`: one published product in full.
pub async fn show_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> HttpResponse {
    let slug = slug.into_inner();
    answer(&state, &req, move |conn, b| {
        open_data::product(conn, b, &slug)
    })
    .await
}

/// `GET /api/v1/producers/{slug}`: a producer with a published product, its awards, points
/// of sale and first page of products.
pub async fn show_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> HttpResponse {
    let slug = slug.into_inner();
    answer(&state, &req, move |conn, b| {
        open_data::producer(conn, b, &slug, PER_PAGE)
    })
    .await
}

/// `GET /api/v1/points-of-sale`: public points of sale by `province`, `ward`, `category`,
/// `programme`, or nearest first from `near=lat,lng` (a bad `near` is a 400); `page`.
pub async fn list_points_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SaleParams>,
) -> HttpResponse {
    let params = params.into_inner();
    answer(&state, &req, move |conn, b| {
        let query = SaleQuery::parse(params, b.ctx, NearJunk::Refuse)?;
        let pairs = query.pairs();
        let url_of = |n: i64| {
            let mut p = pairs.clone();
            p.push(("page", n.to_string()));
            crate::views::filters::with_query("/api/v1/points-of-sale", &p)
        };
        open_data::point_of_sale_list(conn, b, &query, &url_of)
    })
    .await
}
