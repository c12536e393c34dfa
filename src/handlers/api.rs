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
use super::catalogue::producer_filter;
use super::filters::{CatalogueParams, CatalogueQuery, PER_PAGE, parse_page};
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::DbConnection;
use crate::db::models::product::CatalogueFilter;
use crate::db::models::{Award, PageRequest, PointOfSale, Producer, Product, ProductImage};
use crate::error::AppError;
use crate::reference::ProductExtras;
use crate::views::open_data::{Builder, ProductList};

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

/// One page of the catalogue as JSON: 4 queries whatever the page size. `url_of(n)` is the
/// API address of page `n`, when the list has one.
fn product_list(
    conn: &mut DbConnection,
    b: &Builder<'_>,
    filter: &CatalogueFilter,
    page: PageRequest,
    url_of: Option<&dyn Fn(i64) -> String>,
) -> Result<ProductList, AppError> {
    let paged = Product::catalogue(conn, filter, page)?;
    let extras = ProductExtras::load(conn, &paged.items)?;
    let last_page = paged.last_page();
    let items = paged
        .items
        .iter()
        .filter_map(|p| {
            let producer = extras.producers.get(&p.producer_id)?;
            let awards = extras.awards.get(&p.id).map_or(&[][..], Vec::as_slice);
            Some(b.summary(p, producer, awards, extras.covers.get(&p.id)))
        })
        .collect();
    Ok(ProductList {
        total: paged.total,
        page: page.page,
        per_page: page.per_page,
        last_page,
        next: url_of
            .filter(|_| page.page < last_page)
            .map(|url_of| b.absolute(&url_of(page.page + 1))),
        items,
    })
}

/// The catalogue's filters and `per_page`.
#[derive(Debug, Deserialize)]
pub struct ProductsParams {
    per_page: Option<String>,
    #[serde(flatten)]
    filters: CatalogueParams,
}

fn parse_per_page(value: Option<&str>) -> Result<i64, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(PER_PAGE),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(format!("per_page phải từ 1 đến {MAX_PER_PAGE}."))
            }),
    }
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
        let base_url = PageAddress::of(req).base_url;
        let body = state
            .db
            .run(move |conn| {
                let b = Builder {
                    ctx: &ctx,
                    base_url: &base_url,
                    today: today_in_vietnam(),
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
        let per_page = parse_per_page(params.per_page.as_deref())?;
        let mut query = CatalogueQuery::parse(params.filters, b.ctx, None)?;
        query.page = parse_page(&query.params.page, per_page)?;
        let mut pairs = query.pairs(true);
        if per_page != PER_PAGE {
            pairs.push(("per_page", per_page.to_string()));
        }
        let url_of = |n: i64| {
            let mut p = pairs.clone();
            p.push(("page", n.to_string()));
            let q = serde_urlencoded::to_string(&p).unwrap_or_default();
            format!("/api/v1/products?{q}")
        };
        product_list(conn, b, &query.filter, query.page, Some(&url_of))
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
        let product = Product::published_by_slug(conn, &slug)?;
        let producer = Producer::by_ids(conn, &[product.producer_id])?
            .pop()
            .ok_or_else(AppError::not_found)?;
        let awards = Award::for_products(conn, &[product.id])?;
        let images = ProductImage::for_product(conn, product.id)?;
        Ok(b.detail(&product, &producer, &awards, &images))
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
        let producer = Producer::by_slug(conn, &slug)?;
        let filter = producer_filter(producer.id);
        // The rest of the products are on the producer's page (its `url`).
        let products = product_list(conn, b, &filter, PageRequest::new(1, PER_PAGE), None)?;
        // A producer with nothing published has no public page, and no data either.
        if products.total == 0 {
            return Err(AppError::not_found());
        }
        let awards = Award::for_producers(conn, &[producer.id])?;
        let points = PointOfSale::for_producer(conn, producer.id)?;
        let mut ids: Vec<i32> = points.iter().filter_map(|p| p.product_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let slugs: Vec<(i32, String)> = Product::published_by_ids(conn, &ids)?
            .into_iter()
            .map(|p| (p.id, p.slug))
            .collect();
        let points = points
            .into_iter()
            // A point of sale of an unpublished product is not public either.
            .filter(|p| {
                p.product_id
                    .is_none_or(|id| slugs.iter().any(|(s, _)| *s == id))
            })
            .map(|p| b.point_of_sale(p, &slugs))
            .collect();
        Ok(b.producer(&producer, &awards, points, products))
    })
    .await
}
