//! Sharing a product: its QR code and the printable shelf label shops put beside it. The share
//! links of its page are `share_links()` in templates (`crate::assets::ShareLinks`); nothing
//! loads a third-party script: the links are plain addresses and `assets/js/share.js` only
//! copies the link or opens the phone's own share sheet.

use chrono::NaiveDate;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use super::pages::ProducerSummary;
use super::{AwardBadge, PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::{Award, Producer, Product};
use crate::error::AppError;
use crate::reference::CardContext;

/// The QR code of `url` as an SVG document: dark modules on white with the quiet zone, in the
/// site's ink colour, scaled by whoever draws it (it carries a `viewBox`).
pub fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = QrCode::new(url.as_bytes()).map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .dark_color(svg::Color("#1f1b16"))
        .light_color(svg::Color("#ffffff"))
        .min_dimensions(240, 240)
        .build())
}

/// The address a product's QR code leads to: its page, in the language asked for.
pub fn product_address(address: &PageAddress, slug: &str) -> String {
    address.absolute(&format!("/san-pham/{slug}"))
}

/// `/san-pham/{slug}/nhan`: a shelf label to print.
#[derive(Debug, Serialize)]
pub struct LabelPage {
    pub meta: PageMeta,
    pub name: String,
    pub producer: ProducerSummary,
    pub awards: Vec<AwardBadge>,
    /// The product page the QR code leads to, absolute.
    pub product_url: String,
    /// The QR code's own address, in the page's language.
    pub qr_path: String,
}

/// The shelf label of the published product `slug`.
pub fn label_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
    today: NaiveDate,
) -> Result<LabelPage, AppError> {
    let locale = address.locale;
    let product = Product::published_by_slug(conn, slug)?;
    let producer = Producer::by_ids(conn, &[product.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let awards = Award::for_products(conn, &[product.id])?
        .iter()
        .map(|a| AwardBadge::new(a, today, locale))
        .collect();
    let title =
        locale.msg(&crate::i18n::Msg::new("label-title").arg("product", product.name.as_str()));
    Ok(LabelPage {
        meta: address.meta("products", title, locale.t("label-description")),
        producer: ProducerSummary::new(ctx, &producer, locale),
        awards,
        product_url: product_address(address, &product.slug),
        qr_path: locale.path(&format!("/san-pham/{}/qr.svg", product.slug)),
        name: product.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_an_svg_document() {
        let svg = qr_svg("https://hangviet.vn/san-pham/nuoc-mam").expect("qr");
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("viewBox="));
        assert!(svg.ends_with("</svg>"));
    }
}
