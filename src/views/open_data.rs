//! The JSON shapes of the open-data API (`/api/v1/products`, `/api/v1/producers/{slug}`,
//! `/api/v1/points-of-sale`),
//! how they are built from rows, and the loaders of each answer. Field names are a public
//! contract: add fields, never rename or remove them. Names (programmes, categories,
//! provinces) are in the request's language: Vietnamese, as `/api` has no English prefix.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::filters::{
    CatalogueParams, CatalogueQuery, PER_PAGE, parse_page, parse_per_page, with_query,
};
use super::producers::producer_filter;
use super::where_to_buy::{SaleQuery, load_sale_page};
use crate::db::DbConnection;
use crate::db::models::product::CatalogueFilter;
use crate::db::models::{Award, PageRequest, PointOfSale, Producer, Product, ProductImage};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::{CardContext, ProductExtras};
use crate::views::ImageView;

/// Most products a page of `/api/v1/products` holds.
pub const MAX_PER_PAGE: i64 = 100;

/// The query string of `/api/v1/products`: the catalogue's filters, a producer and the page
/// size; text until checked.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductsParams {
    /// Products per page, from 1 to 100 (24 by default).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// Only this producer's products (its slug).
    producer: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    filters: CatalogueParams,
}

/// `{slug, name}` of a category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
}

/// The producer as a product shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProducerRef {
    pub slug: String,
    pub name: String,
    /// The current province unit; `null` while it is not yet known.
    pub province: Option<String>,
}

/// One award, dates in ISO 8601.
#[derive(Debug, Serialize, ToSchema)]
pub struct AwardJson {
    #[schema(schema_with = super::api_schema::programme_schema)]
    pub programme: String,
    pub programme_name: String,
    pub year: i32,
    pub tier: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub expired: bool,
    /// `valid`, `expired` or `no_end_date`, judged on the day of the request.
    #[schema(schema_with = super::api_schema::validity_schema)]
    pub status: &'static str,
    pub certificate_no: Option<String>,
    pub source_url: Option<String>,
}

impl AwardJson {
    /// `expired` is judged on `today` (Vietnam's date).
    pub fn new(a: &Award, today: NaiveDate, locale: Locale) -> AwardJson {
        AwardJson {
            programme: a.programme.slug().to_owned(),
            programme_name: a.programme().map(|p| p.name(locale)).unwrap_or_default(),
            year: a.year,
            tier: a.tier.clone(),
            valid_until: a.valid_until,
            expired: a.is_expired(today),
            status: a.validity(today).as_str(),
            certificate_no: a.certificate_no.clone(),
            source_url: a.source_url.as_deref().and_then(super::web_link),
        }
    }
}

/// A product in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductSummary {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub category: CategoryRef,
    pub producer: ProducerRef,
    pub awards: Vec<AwardJson>,
    /// Absolute URL of the cover photo.
    pub image: Option<String>,
    /// Absolute URL of the product page.
    pub url: String,
    /// Generated for a load test, not a real record.
    pub fictional: bool,
    /// "Dữ liệu minh họa" in the request's language, present only when `fictional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// One product in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductDetail {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub category: CategoryRef,
    pub producer: ProducerRef,
    pub awards: Vec<AwardJson>,
    /// Absolute URLs of the photos, in order.
    pub images: Vec<String>,
    pub url: String,
    /// Generated for a load test, not a real record.
    pub fictional: bool,
    /// "Dữ liệu minh họa" in the request's language, present only when `fictional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// One page of products.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    /// Products matching; when `total_exact` is false, more than this match (filtered lists
    /// are counted only as far as they page: 2,400 rows).
    pub total: i64,
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
    pub last_page: i64,
    /// Absolute API URL of the next page, if any.
    pub next: Option<String>,
    pub items: Vec<ProductSummary>,
}

/// `{slug, name}` of a province unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceJson {
    pub slug: String,
    pub name: String,
}

/// Where to buy.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointOfSaleJson {
    pub id: i32,
    pub name: String,
    /// `shop`, `agent`, `supermarket`, `market` or `online`.
    #[schema(schema_with = super::api_schema::sale_kind_schema)]
    pub kind: &'static str,
    pub address: String,
    pub ward: String,
    pub province: String,
    pub phone: String,
    pub opening_hours: String,
    /// The online shop's web address, if any.
    pub url: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Directions in a map app: by coordinates when known, else by address.
    pub directions_url: String,
    /// Slugs of the published products listed for it; empty when it sells the producer's
    /// whole range.
    pub products: Vec<String>,
}

/// A point of sale in `/api/v1/points-of-sale`: with its producer, and its distance from
/// `near` when asked nearest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointOfSaleItem {
    #[serde(flatten)]
    pub point: PointOfSaleJson,
    pub producer: Option<ProducerRef>,
    /// Kilometres from `near`, rounded to metres; absent without `near`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

/// One page of `/api/v1/points-of-sale`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointOfSaleList {
    /// Points of sale matching; with `near`, how many of the nearest are listed (at most
    /// 100).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub last_page: i64,
    /// Absolute API URL of the next page, if any.
    pub next: Option<String>,
    /// `{latitude, longitude}` the list is ordered from, when `near` was given.
    pub near: Option<NearJson>,
    pub items: Vec<PointOfSaleItem>,
}

/// A position.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearJson {
    pub latitude: f64,
    pub longitude: f64,
}

/// A producer page as data.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProducerDetail {
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    /// The current province unit (since July 2025).
    pub province: Option<ProvinceJson>,
    /// The pre-2025 province name the producer was recorded under, if any.
    pub province_as_written: Option<String>,
    pub address: String,
    pub website: Option<String>,
    pub verified: bool,
    pub description: String,
    /// Generated for a load test, not a real record.
    pub fictional: bool,
    /// "Dữ liệu minh họa" in the request's language, present only when `fictional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Firm-level awards.
    pub awards: Vec<AwardJson>,
    /// Its public points of sale, by name and id (at most 50).
    pub points_of_sale: Vec<PointOfSaleJson>,
    /// The first page of its published products; `next` pages on through
    /// `/api/v1/products?producer=…`.
    pub products: ProductList,
    pub url: String,
}

/// Builds JSON shapes; holds what every shape needs.
pub struct Builder<'a> {
    pub ctx: &'a CardContext,
    /// "https://hangviet.vn": relative paths become absolute URLs.
    pub base_url: &'a str,
    pub today: NaiveDate,
    /// The language of names.
    pub locale: Locale,
}

impl Builder<'_> {
    /// `path` on this site, as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The page `path` in the request's language, as an absolute URL.
    pub fn page(&self, path: &str) -> String {
        self.absolute(&self.locale.path(path))
    }

    /// The category by id (empty strings if it is gone).
    pub fn category(&self, id: i32) -> CategoryRef {
        let c = self.ctx.category(id);
        CategoryRef {
            slug: c.map(|c| c.slug.clone()).unwrap_or_default(),
            name: c
                .map(|c| self.ctx.category_name(c, self.locale))
                .unwrap_or_default(),
        }
    }

    /// The producer with its current province unit.
    pub fn producer_ref(&self, p: &Producer) -> ProducerRef {
        ProducerRef {
            slug: p.slug.clone(),
            name: p.name.clone(),
            province: p.province_id.map(|id| self.province_name(id)),
        }
    }

    fn province_name(&self, id: i32) -> String {
        self.ctx.province_name_of(id, self.locale)
    }

    /// Awards in the order given.
    pub fn awards(&self, awards: &[Award]) -> Vec<AwardJson> {
        awards
            .iter()
            .map(|a| AwardJson::new(a, self.today, self.locale))
            .collect()
    }

    /// The largest variant of a photo, as an absolute URL.
    pub fn image(&self, image: &ProductImage, name: &str) -> String {
        self.absolute(&ImageView::new(image, name).src)
    }

    /// A product as lists show it; `cover` is its first photo.
    pub fn summary(
        &self,
        product: &Product,
        producer: &Producer,
        awards: &[Award],
        cover: Option<&ProductImage>,
    ) -> ProductSummary {
        ProductSummary {
            slug: product.slug.clone(),
            name: product.name.clone(),
            brand: product.brand.clone(),
            category: self.category(product.category_id),
            producer: self.producer_ref(producer),
            awards: self.awards(awards),
            image: cover.map(|c| self.image(c, &product.name)),
            url: self.page(&format!("/san-pham/{}", product.slug)),
            fictional: product.is_demo || producer.is_demo,
            notice: fictional_notice(product.is_demo || producer.is_demo, self.locale),
        }
    }

    /// A product in full; `images` in their order.
    pub fn detail(
        &self,
        product: &Product,
        producer: &Producer,
        awards: &[Award],
        images: &[ProductImage],
    ) -> ProductDetail {
        ProductDetail {
            slug: product.slug.clone(),
            name: product.name.clone(),
            brand: product.brand.clone(),
            description: product.description.clone(),
            gtin: product.gtin.clone(),
            category: self.category(product.category_id),
            producer: self.producer_ref(producer),
            awards: self.awards(awards),
            images: images
                .iter()
                .map(|i| self.image(i, &product.name))
                .collect(),
            url: self.page(&format!("/san-pham/{}", product.slug)),
            fictional: product.is_demo || producer.is_demo,
            notice: fictional_notice(product.is_demo || producer.is_demo, self.locale),
        }
    }

    /// `products`: the slugs of the published products listed for it.
    pub fn point_of_sale(&self, p: PointOfSale, products: Vec<String>) -> PointOfSaleJson {
        let province = self.province_name(p.province_id);
        let position = p
            .latitude
            .zip(p.longitude)
            .and_then(|(lat, lng)| crate::geo::Position::new(lat, lng));
        PointOfSaleJson {
            directions_url: crate::geo::directions_url(position, &[&p.address, &p.ward, &province]),
            id: p.id,
            kind: p.kind.as_str(),
            url: super::web_link(&p.url),
            latitude: position.map(|x| x.latitude),
            longitude: position.map(|x| x.longitude),
            province,
            products,
            name: p.name,
            address: p.address,
            ward: p.ward,
            phone: p.phone,
            opening_hours: p.opening_hours,
        }
    }

    /// A producer in full, with what was loaded beside it.
    pub fn producer(
        &self,
        p: &Producer,
        awards: &[Award],
        points_of_sale: Vec<PointOfSaleJson>,
        products: ProductList,
    ) -> ProducerDetail {
        ProducerDetail {
            slug: p.slug.clone(),
            name: p.name.clone(),
            legal_name: p.legal_name.clone(),
            province: p
                .province_id
                .and_then(|id| self.ctx.provinces.province(id))
                .map(|pr| ProvinceJson {
                    slug: pr.slug.clone(),
                    name: self.ctx.province_name(pr, self.locale),
                }),
            province_as_written: p
                .province_alias_id
                .and_then(|id| self.ctx.provinces.alias(id))
                .map(|a| a.name.clone()),
            address: p.address.clone(),
            website: super::web_link(&p.website),
            verified: p.verified,
            description: p.description.clone(),
            fictional: p.is_demo,
            notice: fictional_notice(p.is_demo, self.locale),
            awards: self.awards(awards),
            points_of_sale,
            products,
            url: self.page(&format!("/nha-san-xuat/{}", p.slug)),
        }
    }
}

/// `/api/v1/products`: one page of the products `params` select, with the address of the
/// next page. An unknown filter value (a producer's slug included) is a 400.
pub fn products_page(
    conn: &mut DbConnection,
    b: &Builder<'_>,
    params: ProductsParams,
) -> Result<ProductList, AppError> {
    let per_page = parse_per_page(params.per_page.as_deref(), PER_PAGE, MAX_PER_PAGE)?;
    let mut query = CatalogueQuery::parse(params.filters, b.ctx, None)?;
    query.page = parse_page(&query.params.page, per_page)?;
    // Deep pages cost the more the deeper they are: the whole catalogue is in /du-lieu.
    let pages = crate::db::models::product::max_page(per_page);
    if query.page.page > pages {
        return Err(AppError::bad_request(
            Msg::new("api-error-page-cap")
                .arg("pages", pages)
                .arg("per_page", per_page),
        ));
    }
    let mut pairs = query.pairs(true);
    if let Some(slug) = params
        .producer
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let producer = Producer::by_slug(conn, slug).map_err(|e| match e {
            diesel::result::Error::NotFound => {
                AppError::bad_request(Msg::new("api-error-producer").arg("value", slug))
            }
            other => other.into(),
        })?;
        query.filter.producer_id = Some(producer.id);
        pairs.push(("producer", producer.slug));
    }
    if per_page != PER_PAGE {
        pairs.push(("per_page", per_page.to_string()));
    }
    let url_of = |n: i64| {
        let mut p = pairs.clone();
        p.push(("page", n.to_string()));
        with_query("/api/v1/products", &p)
    };
    product_list(conn, b, &query.filter, query.page, Some(&url_of))
}

/// One page of the catalogue as JSON: 4 queries whatever the page size. `url_of(n)` is the
/// API address of page `n`, when the list has one.
pub fn product_list(
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
        total_exact: paged.exact,
        page: page.page,
        per_page: page.per_page,
        last_page,
        next: url_of
            .filter(|_| page.page < last_page)
            .map(|url_of| b.absolute(&url_of(page.page + 1))),
        items,
    })
}

/// The published product `slug` in full.
pub fn product(
    conn: &mut DbConnection,
    b: &Builder<'_>,
    slug: &str,
) -> Result<ProductDetail, AppError> {
    let product = Product::published_by_slug(conn, slug)?;
    let producer = Producer::by_ids(conn, &[product.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let awards = Award::for_products(conn, &[product.id])?;
    let images = ProductImage::for_product(conn, product.id)?;
    Ok(b.detail(&product, &producer, &awards, &images))
}

/// The producer `slug` with its awards, points of sale and first `per_page` products; a
/// producer with nothing published has no public page, and no data either.
pub fn producer(
    conn: &mut DbConnection,
    b: &Builder<'_>,
    slug: &str,
    per_page: i64,
) -> Result<ProducerDetail, AppError> {
    let producer = Producer::by_slug(conn, slug)?;
    let filter = producer_filter(producer.id);
    // The rest of the products are in `/api/v1/products?producer=…`.
    let url_of = |n: i64| {
        let mut pairs = vec![("producer", producer.slug.clone())];
        if per_page != PER_PAGE {
            pairs.push(("per_page", per_page.to_string()));
        }
        pairs.push(("page", n.to_string()));
        with_query("/api/v1/products", &pairs)
    };
    let products = product_list(
        conn,
        b,
        &filter,
        PageRequest::new(1, per_page),
        Some(&url_of),
    )?;
    if products.total == 0 {
        return Err(AppError::not_found());
    }
    let awards = Award::for_producers(conn, &[producer.id])?;
    let points = PointOfSale::for_producer(conn, producer.id)?;
    let ids: Vec<i32> = points.iter().map(|p| p.id).collect();
    let mut listed = PointOfSale::published_products_of(conn, &ids)?;
    let points = points
        .into_iter()
        .map(|p| {
            let slugs = listed.remove(&p.id).unwrap_or_default();
            b.point_of_sale(p, slugs)
        })
        .collect();
    Ok(b.producer(&producer, &awards, points, products))
}

/// The "Dữ liệu minh họa" notice of a generated record, in `locale`; `None` for a real one.
pub fn fictional_notice(fictional: bool, locale: Locale) -> Option<String> {
    fictional.then(|| locale.t("fictional-data"))
}

/// `/api/v1/points-of-sale`: one page of the points of sale `query` selects, by place or
/// nearest first, with the address of the next page. A page past the last is empty.
pub fn point_of_sale_list(
    conn: &mut DbConnection,
    b: &Builder<'_>,
    query: &SaleQuery,
) -> Result<PointOfSaleList, AppError> {
    let pairs = query.pairs();
    let url_of = |n: i64| {
        let mut p = pairs.clone();
        p.push(("page", n.to_string()));
        with_query("/api/v1/points-of-sale", &p)
    };
    let loaded = load_sale_page(conn, query)?;
    let ids: Vec<i32> = loaded.items.iter().map(|(p, _)| p.id).collect();
    let producer_ids: Vec<i32> = loaded.items.iter().map(|(p, _)| p.producer_id).collect();
    let producers: HashMap<i32, Producer> = Producer::by_ids(conn, &producer_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut listed = PointOfSale::published_products_of(conn, &ids)?;
    let page = query.page;
    let items = loaded
        .items
        .into_iter()
        .map(|(p, distance)| PointOfSaleItem {
            producer: producers.get(&p.producer_id).map(|pr| b.producer_ref(pr)),
            distance_km: distance.map(|d| (d * 1000.0).round() / 1000.0),
            point: {
                let slugs = listed.remove(&p.id).unwrap_or_default();
                b.point_of_sale(p, slugs)
            },
        })
        .collect();
    Ok(PointOfSaleList {
        total: loaded.total,
        page: page.page,
        per_page: page.per_page,
        last_page: loaded.last_page,
        next: (page.page < loaded.last_page).then(|| b.absolute(&url_of(page.page + 1))),
        near: query.near.map(|n| NearJson {
            latitude: n.latitude,
            longitude: n.longitude,
        }),
        items,
    })
}
