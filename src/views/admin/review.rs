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

/// A photo under review: a thumbnail, and the widest stored variant ("full size").
#[derive(Debug, Serialize)]
pub struct ReviewPhoto {
    pub thumb: String,
    pub full: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
}

/// Another product of the same producer, linked to its review page.
#[derive(Debug, Serialize)]
pub struct OtherProduct {
    pub id: i32,
    pub name: String,
    pub status: ProductStatus,
    pub status_label: String,
}

/// Who the product comes from: what an official checks before deciding.
#[derive(Debug, Serialize)]
pub struct ProducerDetails {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub verified: bool,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The accounts that manage the producer page (active memberships, the claimant).
    pub managed_by: Vec<String>,
    /// How many other products the producer has, and the first of them.
    pub other_count: i64,
    pub others: Vec<OtherProduct>,
}

/// A common reason to pick for a rejection: its code (posted) and its words.
#[derive(Debug, Serialize)]
pub struct ReasonChoice {
    pub code: &'static str,
    pub text: String,
}

/// The common reasons for a rejection, as (code, catalogue key).
pub const COMMON_REASONS: [(&str, &str); 7] = [
    ("photo-quality", "admin-reason-photo-quality"),
    ("photo-missing", "admin-reason-photo-missing"),
    ("description", "admin-reason-description"),
    ("name", "admin-reason-name"),
    ("category", "admin-reason-category"),
    ("claims", "admin-reason-claims"),
    ("duplicate", "admin-reason-duplicate"),
];

/// The words of common reason `code` in `locale`, if it is one.
pub fn common_reason(code: &str, locale: Locale) -> Option<String> {
    COMMON_REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, key)| locale.t(key))
}

/// What the rejection form holds when it is shown again: the reason typed and picked, and
/// the message next to it.
#[derive(Debug, Default, Serialize)]
pub struct RejectForm {
    pub reason: String,
    pub pick: String,
    pub error: Option<String>,
    /// The message next to the hiding reason.
    pub hide_error: Option<String>,
}

/// The most other products of a producer listed on a review page.
const OTHERS_SHOWN: i64 = 8;

#[derive(Debug, Serialize)]
pub struct ReviewPage {
    pub meta: PageMeta,
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub status: ProductStatus,
    pub status_label: String,
    pub producer: String,
    pub producer_details: ProducerDetails,
    pub reasons: Vec<ReasonChoice>,
    pub reject: RejectForm,
    pub rejection_reason: Option<String>,
    pub has_pending: bool,
    pub diff: Vec<FieldDiff>,
    pub photos: Vec<ReviewPhoto>,
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
    reject: RejectForm,
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
        producer_details: producer_details(conn, locale, &producer, id)?,
        producer: producer.name,
        reasons: COMMON_REASONS
            .iter()
            .map(|(code, key)| ReasonChoice {
                code,
                text: locale.t(key),
            })
            .collect(),
        reject,
        rejection_reason: product.rejection_reason.clone(),
        has_pending: product.pending_changes.is_some(),
        photos: photos
            .iter()
            .map(|p| {
                let widths = media::variant_widths(p.width);
                let first = widths.first().copied().unwrap_or_default();
                let last = widths.last().copied().unwrap_or(first);
                ReviewPhoto {
                    thumb: media::url(&p.content_hash, first),
                    full: media::url(&p.content_hash, last),
                    alt: if p.alt.trim().is_empty() {
                        product.name.clone()
                    } else {
                        p.alt.clone()
                    },
                    width: p.width,
                    height: p.height,
                }
            })
            .collect(),
        version: review_version(&product, &photos),
        notice: notice.map(|n| locale.msg(&n)),
    })
}

/// The producer of the product under review (`product_id`): identity, tax code, whether it
/// is verified, who manages it, and its other products (at most [`OTHERS_SHOWN`], newest
/// first). Three bounded queries.
fn producer_details(
    conn: &mut DbConnection,
    locale: Locale,
    producer: &Producer,
    product_id: i32,
) -> Result<ProducerDetails, AppError> {
    use crate::db::models::membership::MembershipStatus;
    use crate::db::schema::{memberships, products, users};
    use diesel::prelude::*;
    let others_of = || {
        products::table
            .filter(products::producer_id.eq(producer.id))
            .filter(products::id.ne(product_id))
    };
    let other_count: i64 = others_of().count().get_result(conn)?;
    let others: Vec<(i32, String, ProductStatus)> = others_of()
        .order(products::id.desc())
        .limit(OTHERS_SHOWN)
        .select((products::id, products::name, products::status))
        .load(conn)?;
    let mut managed_by: Vec<String> = users::table
        .inner_join(memberships::table)
        .filter(memberships::producer_id.eq(producer.id))
        .filter(memberships::status.eq(MembershipStatus::Active))
        .order(users::email)
        .limit(20)
        .select(users::email)
        .load(conn)?;
    if let Some(claimant) = producer.claimed_by {
        let email: Option<String> = users::table
            .find(claimant)
            .select(users::email)
            .first(conn)
            .optional()?;
        if let Some(email) = email.filter(|e| !managed_by.contains(e)) {
            managed_by.push(email);
        }
    }
    Ok(ProducerDetails {
        id: producer.id,
        name: producer.name.clone(),
        slug: producer.slug.clone(),
        legal_name: producer.legal_name.clone(),
        tax_code: producer.tax_code.clone().filter(|t| !t.trim().is_empty()),
        verified: producer.verified,
        address: producer.address.clone(),
        phone: producer.phone.clone(),
        email: producer.email.clone(),
        managed_by,
        other_count,
        others: others
            .into_iter()
            .map(|(id, name, status)| OtherProduct {
                id,
                name,
                status_label: status.label(locale),
                status,
            })
            .collect(),
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
