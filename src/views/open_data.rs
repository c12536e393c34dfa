//! The JSON shapes of the open-data API (`/api/v1/products`, `/api/v1/producers/{slug}`)
//! and how they are built from rows already loaded. Field names are a public contract: add
//! fields, never rename or remove them.

use crate::i18n::Locale;
use chrono::NaiveDate;
use serde::Serialize;

use crate::db::models::{Award, PointOfSale, Producer, Product, ProductImage};
use crate::reference::CardContext;
use crate::views::ImageView;

/// `{slug, name}` of a category.
#[derive(Debug, Serialize)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
}

/// The producer as a product shows it.
#[derive(Debug, Serialize)]
pub struct ProducerRef {
    pub slug: String,
    pub name: String,
    /// The current province unit.
    pub province: String,
}

/// One award, dates in ISO 8601.
#[derive(Debug, Serialize)]
pub struct AwardJson {
    pub programme: String,
    pub programme_name: String,
    pub year: i32,
    pub tier: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub expired: bool,
    pub certificate_no: Option<String>,
    pub source_url: Option<String>,
}

impl AwardJson {
    /// `expired` is judged on `today` (Vietnam's date).
    pub fn new(a: &Award, today: NaiveDate) -> AwardJson {
        AwardJson {
            programme: a.programme.slug().to_owned(),
            programme_name: a
                .programme()
                .map(|p| p.name(Locale::Vi))
                .unwrap_or_default(),
            year: a.year,
            tier: a.tier.clone(),
            valid_until: a.valid_until,
            expired: a.is_expired(today),
            certificate_no: a.certificate_no.clone(),
            source_url: a.source_url.as_deref().and_then(super::web_link),
        }
    }
}

/// A product in a list.
#[derive(Debug, Serialize)]
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
}

/// One product in full.
#[derive(Debug, Serialize)]
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
}

/// One page of products.
#[derive(Debug, Serialize)]
pub struct ProductList {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub last_page: i64,
    /// Absolute API URL of the next page, if any (not given for a producer's products).
    pub next: Option<String>,
    pub items: Vec<ProductSummary>,
}

/// `{slug, name}` of a province unit.
#[derive(Debug, Serialize)]
pub struct ProvinceJson {
    pub slug: String,
    pub name: String,
}

/// Where to buy.
#[derive(Debug, Serialize)]
pub struct PointOfSaleJson {
    pub name: String,
    pub address: String,
    pub ward: String,
    pub province: String,
    pub phone: String,
    pub opening_hours: String,
    /// Slug of the one product sold there, when the point of sale is for one product.
    pub product: Option<String>,
}

/// A producer page as data.
#[derive(Debug, Serialize)]
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
    /// Firm-level awards.
    pub awards: Vec<AwardJson>,
    pub points_of_sale: Vec<PointOfSaleJson>,
    /// The first page of its published products.
    pub products: ProductList,
    pub url: String,
}

/// Builds JSON shapes; holds what every shape needs.
pub struct Builder<'a> {
    pub ctx: &'a CardContext,
    /// "https://hangviet.vn": relative paths become absolute URLs.
    pub base_url: &'a str,
    pub today: NaiveDate,
}

impl Builder<'_> {
    /// `path` on this site, as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The category by id (empty strings if it is gone).
    pub fn category(&self, id: i32) -> CategoryRef {
        let c = self.ctx.category(id);
        CategoryRef {
            slug: c.map(|c| c.slug.clone()).unwrap_or_default(),
            name: c.map(|c| c.name.clone()).unwrap_or_default(),
        }
    }

    /// The producer with its current province unit.
    pub fn producer_ref(&self, p: &Producer) -> ProducerRef {
        ProducerRef {
            slug: p.slug.clone(),
            name: p.name.clone(),
            province: self.province_name(p.province_id),
        }
    }

    fn province_name(&self, id: i32) -> String {
        self.ctx
            .provinces
            .province(id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// Awards in the order given.
    pub fn awards(&self, awards: &[Award]) -> Vec<AwardJson> {
        awards
            .iter()
            .map(|a| AwardJson::new(a, self.today))
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
            url: self.absolute(&format!("/san-pham/{}", product.slug)),
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
            url: self.absolute(&format!("/san-pham/{}", product.slug)),
        }
    }

    /// `product_slugs` maps product ids to slugs, for points of sale of one product.
    pub fn point_of_sale(
        &self,
        p: PointOfSale,
        product_slugs: &[(i32, String)],
    ) -> PointOfSaleJson {
        PointOfSaleJson {
            province: self.province_name(p.province_id),
            product: p.product_id.and_then(|id| {
                product_slugs
                    .iter()
                    .find(|(pid, _)| *pid == id)
                    .map(|(_, s)| s.clone())
            }),
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
            province: self
                .ctx
                .provinces
                .province(p.province_id)
                .map(|pr| ProvinceJson {
                    slug: pr.slug.clone(),
                    name: pr.name.clone(),
                }),
            province_as_written: p
                .province_alias_id
                .and_then(|id| self.ctx.provinces.alias(id))
                .map(|a| a.name.clone()),
            address: p.address.clone(),
            website: super::web_link(&p.website),
            verified: p.verified,
            description: p.description.clone(),
            awards: self.awards(awards),
            points_of_sale,
            products,
            url: self.absolute(&format!("/nha-san-xuat/{}", p.slug)),
        }
    }
}
