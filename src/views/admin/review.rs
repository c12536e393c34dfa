//! `/quan-tri/san-pham/{id}`: a product under review, with what its business proposes to
//! change, and the decisions.

use serde::Serialize;

use super::meta;
use crate::db::DbConnection;
use crate::db::models::moderation::review_version;
use crate::db::models::product::ProductFields;
use crate::db::models::{Producer, Product, ProductImage, ProductStatus};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::media;
use crate::reference::CardContext;
use crate::views::{PageAddress, PageMeta};

/// One field of the product: as published, and as proposed.
#[derive(Debug, Serialize)]
pub struct FieldDiff {
    pub label: String,
    pub current: String,
    pub proposed: String,
    pub changed: bool,
}

#[derive(Debug, Serialize)]
pub struct ReviewPage {
    pub meta: PageMeta,
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub status: ProductStatus,
    pub status_label: String,
    pub producer: String,
    pub rejection_reason: Option<String>,
    pub has_pending: bool,
    pub diff: Vec<FieldDiff>,
    pub photos: Vec<String>,
    /// The version of what this page shows, posted back with a decision.
    pub version: String,
    /// Why the page is shown again instead of a decision, if it is.
    pub notice: Option<String>,
}

/// The review page of product `id`; `notice` says why a decision was not applied.
pub fn load(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    id: i32,
    notice: Option<Msg>,
) -> Result<ReviewPage, AppError> {
    let locale = address.locale;
    let product = Product::by_id(conn, id)?;
    let producer = Producer::by_ids(conn, &[product.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let photos = ProductImage::for_product(conn, id)?;
    let current = ProductFields {
        name: product.name.clone(),
        category_id: product.category_id,
        brand: product.brand.clone(),
        description: product.description.clone(),
        gtin: product.gtin.clone(),
    };
    let proposed = product.fields_with_pending_edit();
    Ok(ReviewPage {
        meta: meta(
            address,
            locale.msg(&Msg::new("admin-review-title").arg("name", &product.name)),
        ),
        id,
        diff: diff(ctx, locale, current, proposed),
        name: product.name.clone(),
        slug: product.slug.clone(),
        status_label: product.status.label(locale),
        status: product.status,
        producer: producer.name,
        rejection_reason: product.rejection_reason.clone(),
        has_pending: product.pending_changes.is_some(),
        photos: photos
            .iter()
            .map(|p| media::url(&p.content_hash, media::variant_widths(p.width)[0]))
            .collect(),
        version: review_version(&product, &photos),
        notice: notice.map(|n| locale.msg(&n)),
    })
}

fn diff(
    ctx: &CardContext,
    locale: Locale,
    current: ProductFields,
    proposed: ProductFields,
) -> Vec<FieldDiff> {
    let category = |id: i32| {
        ctx.category(id)
            .map(|c| ctx.category_name(c, locale))
            .unwrap_or_default()
    };
    [
        ("admin-review-field-name", current.name, proposed.name),
        (
            "admin-review-field-category",
            category(current.category_id),
            category(proposed.category_id),
        ),
        ("admin-review-field-brand", current.brand, proposed.brand),
        (
            "admin-review-field-description",
            current.description,
            proposed.description,
        ),
        (
            "admin-review-field-gtin",
            current.gtin.unwrap_or_default(),
            proposed.gtin.unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(key, current, proposed)| FieldDiff {
        label: locale.t(key),
        changed: current != proposed,
        current,
        proposed,
    })
    .collect()
}
