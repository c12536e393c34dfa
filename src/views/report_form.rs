//! The citizens' report form of one published product (`/san-pham/{slug}/bao-cao`), and its
//! thank-you state.

use serde::Serialize;

use super::forms::FormState;
use super::{FilterOption, PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::Product;
use crate::db::models::report::ReportReason;
use crate::error::AppError;
use crate::i18n::Msg;

/// The product a report is about.
#[derive(Debug, Serialize)]
pub struct ReportedProduct {
    pub id: i32,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct ReportPage {
    pub meta: PageMeta,
    pub form: FormState,
    pub product: ReportedProduct,
    pub reasons: Vec<FilterOption>,
    /// The thank-you state, after a report was stored.
    pub sent: bool,
}

/// The published product `slug` (a 404 for any other).
pub fn reported_product(conn: &mut DbConnection, slug: &str) -> Result<ReportedProduct, AppError> {
    let product = Product::published_by_slug(conn, slug)?;
    Ok(ReportedProduct {
        id: product.id,
        slug: product.slug,
        name: product.name,
    })
}

/// The form about `product` (with what was typed, when it comes back with errors), or the
/// thank-you state when `sent`.
pub fn report_page(
    product: ReportedProduct,
    form: FormState,
    sent: bool,
    address: &PageAddress,
) -> ReportPage {
    let locale = address.locale;
    let chosen = form.get("reason").to_owned();
    ReportPage {
        meta: address.meta(
            "products",
            locale.msg(&Msg::new("report-title").arg("product", &product.name)),
            locale.t("report-description"),
        ),
        reasons: ReportReason::ALL
            .iter()
            .map(|r| FilterOption {
                value: r.slug().to_owned(),
                label: r.label(locale),
                selected: r.slug() == chosen,
            })
            .collect(),
        form,
        product,
        sent,
    }
}
