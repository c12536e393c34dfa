//! Page pieces shared by several public pages, and the error page. Each area's page structs
//! live with their loader (`views::catalogue`, `views::producers`, `views::awards`,
//! `views::search`, `views::home`).

use serde::Serialize;

use super::PageMeta;
use crate::db::models::{PointOfSale, Producer};
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

/// A point of sale as public pages show it.
#[derive(Debug, Serialize)]
pub struct PointOfSaleView {
    pub name: String,
    /// `shop`, `agent`, `supermarket`, `market` or `online` (a CSS hook).
    pub kind: &'static str,
    /// The kind in the page's language.
    pub kind_label: String,
    pub address: String,
    pub ward: String,
    pub province: String,
    pub phone: String,
    pub opening_hours: String,
    /// The online shop's address (only a web link).
    pub url: Option<String>,
    /// "Chỉ đường": directions in the visitor's map app, by coordinates or by address.
    pub directions_url: String,
    /// "1,2 km" from the visitor's position, when it is known.
    pub distance: Option<String>,
    /// True when this point of sale is listed for one product, not for the whole producer
    /// (a product page marks it "sells this product").
    pub for_this_product: bool,
}

impl PointOfSaleView {
    /// `distance_km` from the visitor, when their position is known.
    pub fn new(
        ctx: &CardContext,
        locale: Locale,
        p: PointOfSale,
        distance_km: Option<f64>,
    ) -> PointOfSaleView {
        let province = ctx.province_name_of(p.province_id, locale);
        let position = p
            .latitude
            .zip(p.longitude)
            .and_then(|(lat, lng)| crate::geo::Position::new(lat, lng));
        let directions_url =
            crate::geo::directions_url(position, &[&p.address, &p.ward, &province]);
        PointOfSaleView {
            kind: p.kind.as_str(),
            kind_label: super::point_of_sale_forms::kind_label(p.kind, locale),
            url: super::web_link(&p.url),
            distance: distance_km.map(|km| super::where_to_buy::distance_text(km, locale)),
            for_this_product: false,
            directions_url,
            province,
            name: p.name,
            address: p.address,
            ward: p.ward,
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

/// Cuts `text` to at most `max` characters at a word boundary, adding "…".
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}
