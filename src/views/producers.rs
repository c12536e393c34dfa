//! The producer directory (`/nha-san-xuat`) and a producer's page, with its JSON-LD.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::filters::{PER_PAGE, ProvinceOptions, parse_page, parse_province, province_options};
use super::pages::{PointOfSaleView, ProducerSummary, truncate};
use super::where_to_buy::{self, NearJunk, SaleViews, parse_near};
use super::{AwardBadge, OgImage, PageAddress, PageMeta, Pagination, ProductCard, cards, web_link};
use crate::db::DbConnection;
use crate::db::models::product::CatalogueFilter;
use crate::db::models::{Award, Producer, Product, ProductImage};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::reference::CardContext;

/// Producers per directory page.
const PRODUCERS_PER_PAGE: i64 = 30;
/// Longest page description, in characters.
const DESCRIPTION_CHARS: usize = 180;

/// The directory's query string.
#[derive(Debug, Deserialize)]
pub struct DirectoryParams {
    pub province: Option<String>,
    pub page: Option<String>,
}

/// A producer page's query string.
#[derive(Debug, Deserialize)]
pub struct ProducerParams {
    pub page: Option<String>,
    /// `lat,lng` of the visitor ("Gần tôi"): points of sale nearest first; junk is ignored.
    pub near: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProducerRow {
    pub slug: String,
    pub name: String,
    pub province: String,
    pub product_count: i64,
    pub verified: bool,
}

/// `/nha-san-xuat`.
#[derive(Debug, Serialize)]
pub struct ProducerListPage {
    pub meta: PageMeta,
    pub provinces: ProvinceOptions,
    pub producers: Vec<ProducerRow>,
    pub pagination: Pagination,
    /// Past the pages the directory shows, or on the last of them while more match: how far
    /// it goes (then choose a province or search).
    pub cap_notice: Option<super::catalogue::ListCap>,
}

/// `/nha-san-xuat/{slug}`.
#[derive(Debug, Serialize)]
pub struct ProducerPage {
    pub meta: PageMeta,
    pub json_ld: String,
    pub producer: ProducerSummary,
    pub description: String,
    pub awards: Vec<AwardBadge>,
    pub products: Vec<ProductCard>,
    pub pagination: Pagination,
    pub points_of_sale: Vec<PointOfSaleView>,
    /// Upcoming fairs and product weeks where the producer takes part (a few at most).
    pub events: Vec<super::events::EventCard>,
    /// Whether the points of sale are nearest first (the visitor's position is known).
    pub near: bool,
}

/// The catalogue filter of one producer's products.
pub fn producer_filter(producer_id: i32) -> CatalogueFilter {
    CatalogueFilter {
        producer_id: Some(producer_id),
        ..CatalogueFilter::default()
    }
}

/// Producers with published products, by name, filtered by province.
pub fn list_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    params: DirectoryParams,
) -> Result<ProducerListPage, AppError> {
    let locale = address.locale;
    let province_slug = params.province.as_deref().filter(|s| !s.is_empty());
    let province = parse_province(ctx, province_slug)?;
    let page = parse_page(&params.page, PRODUCERS_PER_PAGE)?;
    let paged = Producer::directory(conn, province, page)?;
    let max_page = crate::db::models::product::max_page(page.per_page);
    let past_cap = page.page > max_page;
    if paged.items.is_empty() && page.page > 1 && !past_cap {
        return Err(AppError::not_found());
    }
    let last_page = paged.last_page().min(max_page);
    let cap_notice = (past_cap || (paged.last_page() > max_page && page.page == max_page))
        .then(|| super::catalogue::ListCap::of(page.per_page));
    let ids: Vec<i32> = paged.items.iter().map(|p| p.id).collect();
    let counts = Producer::published_counts(conn, &ids)?;
    let pairs: Vec<(&str, String)> = province_slug
        .map(|s| vec![("province", s.to_owned())])
        .unwrap_or_default();
    let path = locale.path(&address.path);
    Ok(ProducerListPage {
        meta: address.meta(
            "producers",
            locale.t("producer-list-title"),
            locale.t("producer-list-intro"),
        ),
        provinces: province_options(ctx, province_slug, locale),
        pagination: Pagination::new(&path, &pairs, page.page, last_page, paged.total),
        cap_notice,
        producers: paged
            .items
            .iter()
            .map(|p| ProducerRow {
                slug: p.slug.clone(),
                name: p.name.clone(),
                province: ctx.province_label_in(p, locale),
                product_count: counts
                    .iter()
                    .find(|(id, _)| *id == p.id)
                    .map_or(0, |(_, n)| *n),
                verified: p.verified,
            })
            .collect(),
    })
}

/// The producer `slug`: profile, awards, a page of its published products, points of sale.
pub fn producer_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
    params: ProducerParams,
    today: NaiveDate,
) -> Result<ProducerPage, AppError> {
    let locale = address.locale;
    let producer = Producer::by_slug(conn, slug)?;
    let page = parse_page(&params.page, PER_PAGE)?;
    let products = Product::catalogue(conn, &producer_filter(producer.id), page)?;
    // A producer with nothing published has no public page, and a page past the last one
    // does not exist.
    if products.items.is_empty() {
        return Err(AppError::not_found());
    }
    let mut awards: Vec<AwardBadge> = Award::for_producers(conn, &[producer.id])?
        .iter()
        .map(|a| AwardBadge::new(a, today, locale))
        .collect();
    AwardBadge::valid_first(&mut awards);
    // `None` while the province is not yet known: then neither sentence nor JSON-LD names one.
    let province = ctx.known_province_label(&producer, locale);
    let description = if producer.description.is_empty() {
        let msg = match &province {
            Some(province) => Msg::new("producer-meta-description")
                .arg("producer", producer.name.as_str())
                .arg("province", province.as_str()),
            None => Msg::new("producer-meta-description-no-province")
                .arg("producer", producer.name.as_str()),
        };
        locale.msg(&msg)
    } else {
        truncate(&producer.description, DESCRIPTION_CHARS)
    };
    let mut meta = address.meta("producers", producer.name.clone(), description);
    meta.og_type = "profile";
    // The picture of a link to the producer: the cover photo of its first product shown.
    let ids: Vec<i32> = products.items.iter().map(|p| p.id).collect();
    let covers = ProductImage::covers(conn, &ids)?;
    meta.og_image = products.items.iter().find_map(|p| {
        let cover = covers.iter().find(|c| c.product_id == p.id)?;
        Some(OgImage::of(&address.base_url, cover, &p.name))
    });
    let json_ld = super::json_for_script(&organization_json_ld(
        address,
        &producer,
        province.as_deref(),
        meta.og_image.as_ref(),
    ));
    let path = locale.path(&address.path);
    let events = crate::db::models::event::Event::upcoming_for_producer(conn, producer.id, today)?;
    let near = parse_near(&params.near, NearJunk::Ignore)?;
    let kept: Vec<(&str, String)> = near.iter().map(|n| ("near", n.to_param())).collect();
    let views = SaleViews { ctx, locale };
    Ok(ProducerPage {
        events: super::events::EventCard::all(ctx, &events, today, locale),
        meta,
        json_ld,
        producer: ProducerSummary::new(ctx, &producer, locale),
        description: producer.description.clone(),
        awards,
        pagination: Pagination::new(
            &path,
            &kept,
            page.page,
            products.last_page(),
            products.total,
        ),
        products: cards(conn, ctx, locale, today, products.items)?,
        points_of_sale: where_to_buy::for_producer(conn, &views, producer.id, near)?,
        near: near.is_some(),
    })
}

/// schema.org `Organization` for the producer's page: names, tax code, address, page, logo
/// (when the producer has one) and picture; fields the producer has not filled are left out.
fn organization_json_ld(
    address: &PageAddress,
    producer: &Producer,
    province: Option<&str>,
    picture: Option<&OgImage>,
) -> serde_json::Value {
    let mut postal = serde_json::json!({"@type": "PostalAddress", "addressCountry": "VN"});
    if !producer.address.trim().is_empty() {
        postal["streetAddress"] = producer.address.clone().into();
    }
    if let Some(province) = province {
        postal["addressRegion"] = province.into();
    }
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": producer.name,
        "url": address.absolute(&address.path),
        "address": postal,
    });
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            ld[key] = value.into();
        }
    };
    put("legalName", Some(producer.legal_name.clone()));
    put("taxID", producer.tax_code.clone());
    put(
        "logo",
        producer.logo_hash.as_deref().map(|hash| {
            format!(
                "{}{}",
                address.base_url,
                crate::media::url(hash, crate::media::VARIANT_WIDTHS[0])
            )
        }),
    );
    put("image", picture.map(|p| p.url.clone()));
    put("telephone", Some(producer.phone.clone()));
    put("email", Some(producer.email.clone()));
    put("sameAs", web_link(&producer.website));
    ld
}
