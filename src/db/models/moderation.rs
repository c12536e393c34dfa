//! Officials' decisions on products and producer claims. Each runs in one transaction with
//! its audit row and, for products, the search outbox entry.

use diesel::prelude::*;

use super::audit::{Actor, Audit, AuditAction, AuditTarget};
use super::membership::MembershipStatus;
use super::product::ProductFields;
use super::search_outbox::SearchOutbox;
use super::{Product, ProductImage, ProductStatus};
use crate::db::DbConnection;
use crate::db::schema::{memberships, products};

/// A moderation decision on a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish a submitted product, or apply a published product's pending edit.
    Approve,
    /// Refuse a submission or a pending edit, with a reason shown to the business.
    Reject,
    /// Take a published product off the site.
    Hide,
    /// Put a hidden product back.
    Restore,
}

impl Decision {
    pub fn action(self) -> AuditAction {
        match self {
            Decision::Approve => AuditAction::ApproveProduct,
            Decision::Reject => AuditAction::RejectProduct,
            Decision::Hide => AuditAction::HideProduct,
            Decision::Restore => AuditAction::RestoreProduct,
        }
    }
}

/// What became of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// Applied, with its outbox entry and audit row.
    Applied,
    /// The decision does not apply to the product's current state; nothing changed.
    NotApplicable,
    /// The product is no longer what the official reviewed (another version); nothing
    /// changed.
    Changed,
}

/// The version of what an official reviews on a product's page: its status, its public
/// fields, the pending edit exactly as stored, and its photos in order. Any change to any of
/// them gives another version, so an approval or rejection names what it was made on.
pub fn review_version(product: &Product, photos: &[ProductImage]) -> String {
    use sha2::Digest;
    #[derive(serde::Serialize)]
    struct Reviewed<'a> {
        id: i32,
        status: ProductStatus,
        name: &'a str,
        category_id: i32,
        brand: &'a str,
        description: &'a str,
        gtin: Option<&'a str>,
        pending: Option<&'a str>,
        photos: Vec<(&'a str, i32, &'a str)>,
    }
    let reviewed = Reviewed {
        id: product.id,
        status: product.status,
        name: &product.name,
        category_id: product.category_id,
        brand: &product.brand,
        description: &product.description,
        gtin: product.gtin.as_deref(),
        pending: product.pending_changes.as_deref(),
        photos: photos
            .iter()
            .map(|p| (p.content_hash.as_str(), p.sort_order, p.alt.as_str()))
            .collect(),
    };
    // Serialising strings and numbers cannot fail.
    let json = serde_json::to_vec(&reviewed).unwrap_or_default();
    crate::text::hex(&sha2::Sha256::digest(&json))
}

/// What an approval or rejection was made on, for its audit row.
#[derive(serde::Serialize)]
struct DecidedOn<'a> {
    version: &'a str,
    status: ProductStatus,
    fields: &'a ProductFields,
    photos: Vec<&'a str>,
}

/// Applies `decision` to product `id`. An approval or a rejection must name the version of
/// the product the official reviewed (`seen`, see [`review_version`]): it is compared inside
/// the transaction, and the change applies only to that content.
pub fn decide_product(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    decision: Decision,
    reason: &str,
    seen: &str,
) -> QueryResult<Decided> {
    conn.transaction(|conn| {
        let product = Product::by_id(conn, id)?;
        let reviewed = matches!(decision, Decision::Approve | Decision::Reject);
        let mut detail = String::new();
        if reviewed {
            let photos = ProductImage::for_product(conn, id)?;
            let version = review_version(&product, &photos);
            if version != seen {
                return Ok(Decided::Changed);
            }
            let on = DecidedOn {
                version: &version,
                status: product.status,
                fields: &product.fields_with_pending_edit(),
                photos: photos.iter().map(|p| p.content_hash.as_str()).collect(),
            };
            detail = serde_json::to_string(&on).unwrap_or_default();
        }
        let now = chrono::Utc::now().naive_utc();
        let target = products::table.find(id);
        let pending = product.pending_changes.as_deref();
        // Each update names the state it was decided on, so a change committed since the
        // product was read leaves it untouched.
        let submitted = products::table
            .find(id)
            .filter(products::status.eq(ProductStatus::Submitted));
        let changed = match (decision, product.status, pending) {
            (Decision::Approve, ProductStatus::Submitted, _) => diesel::update(submitted)
                .set((
                    products::status.eq(ProductStatus::Published),
                    products::published_at.eq(Some(now)),
                    products::rejection_reason.eq(None::<String>),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Approve, ProductStatus::Published | ProductStatus::Hidden, Some(json)) => {
                let Ok(f) = serde_json::from_str::<ProductFields>(json) else {
                    return Ok(Decided::NotApplicable);
                };
                diesel::update(target.filter(products::pending_changes.eq(json)))
                    .set((
                        products::name.eq(&f.name),
                        products::name_folded.eq(crate::text::fold(&f.name)),
                        products::category_id.eq(f.category_id),
                        products::brand.eq(&f.brand),
                        products::description.eq(&f.description),
                        products::gtin.eq(&f.gtin),
                        products::pending_changes.eq(None::<String>),
                        products::rejection_reason.eq(None::<String>),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?
            }
            (Decision::Reject, ProductStatus::Submitted, _) => diesel::update(submitted)
                .set((
                    products::status.eq(ProductStatus::Rejected),
                    products::rejection_reason.eq(Some(reason)),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Reject, ProductStatus::Published | ProductStatus::Hidden, Some(json)) => {
                diesel::update(target.filter(products::pending_changes.eq(json)))
                    .set((
                        products::pending_changes.eq(None::<String>),
                        products::rejection_reason.eq(Some(reason)),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?
            }
            (Decision::Hide, ProductStatus::Published, _) => {
                diesel::update(target.filter(products::status.eq(ProductStatus::Published)))
                    .set((
                        products::status.eq(ProductStatus::Hidden),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?
            }
            (Decision::Restore, ProductStatus::Hidden, _) => {
                diesel::update(target.filter(products::status.eq(ProductStatus::Hidden)))
                    .set((
                        products::status.eq(ProductStatus::Published),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?
            }
            _ => return Ok(Decided::NotApplicable),
        };
        if changed == 0 {
            // The row moved on between the read and the update.
            return Ok(if reviewed {
                Decided::Changed
            } else {
                Decided::NotApplicable
            });
        }
        SearchOutbox::enqueue(conn, &[id])?;
        Audit::record_detailed(
            conn,
            actor,
            decision.action(),
            &AuditTarget::NamedProduct {
                id,
                name: product.name.clone(),
            },
            reason,
            &detail,
        )?;
        Ok(Decided::Applied)
    })
}

/// Grants or refuses a pending producer claim; `Ok(false)` if it is not pending.
pub fn decide_claim(
    conn: &mut DbConnection,
    actor: &Actor,
    membership_id: i32,
    approve: bool,
    reason: &str,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let status = if approve {
            MembershipStatus::Active
        } else {
            MembershipStatus::Rejected
        };
        let changed = diesel::update(
            memberships::table
                .find(membership_id)
                .filter(memberships::status.eq(MembershipStatus::Pending)),
        )
        .set(memberships::status.eq(status))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        let action = if approve {
            AuditAction::ApproveClaim
        } else {
            AuditAction::RejectClaim
        };
        Audit::record(
            conn,
            actor,
            action,
            &AuditTarget::Membership(membership_id),
            reason,
        )?;
        Ok(true)
    })
}

/// Work waiting for officials, oldest first: submitted products, pending edits, claims.
pub struct Queue {
    pub submitted: Vec<Product>,
    pub edits: Vec<Product>,
    /// (membership id, user email, producer id, producer name)
    pub claims: Vec<(i32, String, i32, String)>,
}

const QUEUE_LIMIT: i64 = 100;

pub fn queue(conn: &mut DbConnection) -> QueryResult<Queue> {
    use crate::db::schema::{producers, users};
    let submitted = products::table
        .filter(products::status.eq(ProductStatus::Submitted))
        .order((products::submitted_at.asc(), products::id))
        .limit(QUEUE_LIMIT)
        .select(Product::as_select())
        .load(conn)?;
    let edits = products::table
        .filter(products::pending_changes.is_not_null())
        .order((products::submitted_at.asc(), products::id))
        .limit(QUEUE_LIMIT)
        .select(Product::as_select())
        .load(conn)?;
    let claims = memberships::table
        .inner_join(users::table)
        .inner_join(producers::table)
        .filter(memberships::status.eq(MembershipStatus::Pending))
        .order((memberships::created_at.asc(), memberships::id))
        .limit(QUEUE_LIMIT)
        .select((
            memberships::id,
            users::email,
            producers::id,
            producers::name,
        ))
        .load(conn)?;
    Ok(Queue {
        submitted,
        edits,
        claims,
    })
}

/// How much work waits in each queue, counted without loading it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PendingCounts {
    pub submitted: i64,
    pub edits: i64,
    pub claims: i64,
}

/// Counts of [`queue`]'s lists, without their limit.
pub fn pending_counts(conn: &mut DbConnection) -> QueryResult<PendingCounts> {
    Ok(PendingCounts {
        submitted: products::table
            .filter(products::status.eq(ProductStatus::Submitted))
            .count()
            .get_result(conn)?,
        edits: products::table
            .filter(products::pending_changes.is_not_null())
            .count()
            .get_result(conn)?,
        claims: memberships::table
            .filter(memberships::status.eq(MembershipStatus::Pending))
            .count()
            .get_result(conn)?,
    })
}
