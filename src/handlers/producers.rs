//! Producer directory and producer pages.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use super::catalogue::{producer_filter, producer_summary, truncate};
use super::filters::{PER_PAGE, parse_page, province_options};
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::models::{Award, PointOfSale, Producer, Product};
use crate::error::AppError;
use crate::views::pages::{PointOfSaleView, ProducerListPage, ProducerPage, ProducerRow};
use crate::views::{self, AwardBadge, Pagination};

const PRODUCERS_PER_PAGE: i64 = 30;

#[derive(Debug, Deserialize)]
pub struct DirectoryParams {
    pub province: Option<String>,
    pub page: Option<String>,
}

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
        .run(move |conn| {
            let province_slug = params.province.as_deref().filter(|s| !s.is_empty());
            let province = match province_slug {
                Some(slug) => Some(ctx.provinces.by_slug(slug).ok_or_else(|| {
                    AppError::bad_request(format!("Không có tỉnh, thành phố “{slug}”."))
                })?),
                None => None,
            };
            let page = parse_page(&params.page, PRODUCERS_PER_PAGE)?;
            let paged = Producer::directory(conn, province, page)?;
            if paged.items.is_empty() && page.page > 1 {
                return Err(AppError::not_found());
            }
            let ids: Vec<i32> = paged.items.iter().map(|p| p.id).collect();
            let counts = Producer::published_counts(conn, &ids)?;
            let last_page = paged.last_page();
            let pairs: Vec<(&str, String)> = province_slug
                .map(|s| vec![("province", s.to_owned())])
                .unwrap_or_default();
            Ok(ProducerListPage {
                meta: address.meta(
                    "producers",
                    "Nhà sản xuất",
                    "Doanh nghiệp, hợp tác xã và cơ sở sản xuất có sản phẩm đạt danh hiệu.",
                ),
                provinces: province_options(&ctx, province_slug),
                pagination: Pagination::new(
                    &address.path,
                    &pairs,
                    page.page,
                    last_page,
                    paged.total,
                ),
                producers: paged
                    .items
                    .iter()
                    .map(|p| ProducerRow {
                        slug: p.slug.clone(),
                        name: p.name.clone(),
                        province: ctx.province_label(p),
                        product_count: counts
                            .iter()
                            .find(|(id, _)| *id == p.id)
                            .map_or(0, |(_, n)| *n),
                        verified: p.verified,
                    })
                    .collect(),
            })
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "producers/list.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct ProducerParams {
    pub page: Option<String>,
}

/// `/nha-san-xuat/{slug}`: profile, awards, published products, points of sale.
pub async fn show_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<ProducerParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let page_param = params.into_inner().page;
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| {
            let producer = Producer::by_slug(conn, &slug)?;
            let page = parse_page(&page_param, PER_PAGE)?;
            let products = Product::catalogue(conn, &producer_filter(producer.id), page)?;
            // A producer with nothing published has no public page, and a page past the
            // last one does not exist.
            if products.items.is_empty() {
                return Err(AppError::not_found());
            }
            let today = today_in_vietnam();
            let awards: Vec<AwardBadge> = Award::for_producers(conn, &[producer.id])?
                .iter()
                .map(|a| AwardBadge::new(a, today))
                .collect();
            let last_page = products.last_page();
            let description = if producer.description.is_empty() {
                format!(
                    "{} — nhà sản xuất tại {}",
                    producer.name,
                    ctx.province_label(&producer)
                )
            } else {
                truncate(&producer.description, 180)
            };
            let mut meta = address.meta("producers", producer.name.clone(), description);
            meta.og_type = "profile";
            let json_ld = views::json_for_script(&serde_json::json!({
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": producer.name,
                "legalName": producer.legal_name,
                "url": address.absolute(&address.path),
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": producer.address,
                    "addressRegion": ctx.province_label(&producer),
                    "addressCountry": "VN",
                },
            }));
            Ok(ProducerPage {
                meta,
                json_ld,
                producer: producer_summary(&ctx, &producer),
                description: producer.description.clone(),
                awards,
                pagination: Pagination::new(
                    &address.path,
                    &[],
                    page.page,
                    last_page,
                    products.total,
                ),
                products: views::cards(conn, &ctx, products.items)?,
                points_of_sale: PointOfSale::for_producer(conn, producer.id)?
                    .into_iter()
                    .map(|p| PointOfSaleView {
                        for_this_product: false,
                        name: p.name,
                        address: p.address,
                        phone: p.phone,
                        opening_hours: p.opening_hours,
                    })
                    .collect(),
            })
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "producers/show.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}
