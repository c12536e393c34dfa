//! Page pieces shared by several public pages, and the error page. Each area's page structs
//! live with their loader (`views::catalogue`, `views::producers`, `views::awards`,
//! `views::search`, `views::home`).

use serde::Serialize;

use super::PageMeta;
use crate::db::models::{ListedPointOfSale, PointOfSale, Producer};
use crate::i18n::Locale;
use crate::reference::CardContext;

/// A category with the number of its published products (0 where not counted).
#[derive(Debug, Serialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
    pub count: i64,
}

/// A producer's details, as its page and its products' pages show them.
#[derive(Debug, Serialize)]
pub struct ProducerSummary {
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    pub province: String,
    pub address: String,
    pub verified: bool,
    pub website: Option<String>,
    pub phone: String,
    pub email: String,
    /// Generated for a load test: the page says "Dữ liệu minh họa".
    pub fictional: bool,
}

impl ProducerSummary {
    pub fn new(ctx: &CardContext, producer: &Producer, locale: Locale) -> ProducerSummary {
        ProducerSummary {
            slug: producer.slug.clone(),
            name: producer.name.clone(),
            legal_name: producer.legal_name.clone(),
            province: ctx.province_label_in(producer, locale),
            address: producer.address.clone(),
            verified: producer.verified,
            website: super::web_link(&producer.website),
            phone: producer.phone.clone(),
            email: producer.email.clone(),
            fictional: producer.is_demo,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PointOfSaleView {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub opening_hours: String,
    /// True when this point of sale is listed for one product, not for the whole producer
    /// (a product page marks it "sells this product").
    pub for_this_product: bool,
}

impl From<PointOfSale> for PointOfSaleView {
    fn from(p: PointOfSale) -> PointOfSaleView {
        PointOfSaleView {
            for_this_product: false,
            name: p.name,
            address: p.address,
            phone: p.phone,
            opening_hours: p.opening_hours,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorPage {
    pub meta: PageMeta,
    pub status: u16,
    pub heading: String,
    pub message: String,
}

impl From<ListedPointOfSale> for PointOfSaleView {
    fn from(listed: ListedPointOfSale) -> PointOfSaleView {
        PointOfSaleView {
            for_this_product: listed.for_this_product,
            ..PointOfSaleView::from(listed.point)
        }
    }
}

/// Cuts `text` to at most `max` characters at a word boundary, adding "…".
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}
