//! Officials' decisions on products and producer claims. Each runs in one transaction with
//! its audit row and, for products, the search outbox entry; a decision that changed a
//! product drops the cached public pages. An approval or rejection, and a claim's decision,
//! queue a mail to the business in the same transaction (`notify_*`, `crate::mail`).

use diesel::prelude::*;

use super::Caches;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::membership::{Membership, MembershipStatus};
use crate::db::models::moderation::review_version;
use crate::db::models::producer::ProducerId;
use crate::db::models::product::ProductFields;
use crate::db::models::search_outbox::SearchOutbox;
use crate::db::models::{Product, ProductImage, ProductStatus};
use crate::db::schema::{memberships, products};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::site::SiteAddress;

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
    /// The audit log's name of the decision.
    pub fn action(self) -> AuditAction {
        match self {
            Decision::Approve => AuditAction::ApproveProduct,
            Decision::Reject => AuditAction::RejectProduct,
            Decision::Hide => AuditAction::HideProduct,
            Decision::Restore => AuditAction::RestoreProduct,
        }
    }

    /// Whether the business must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Decision::Reject | Decision::Hide)
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
#[expect(
    clippy::too_many_arguments,
    reason = "one decision, as the official sent it"
)]
pub async fn decide_product(
    db: &Db,
    caches: Caches<'_>,
    site: &SiteAddress,
    actor: Actor,
    id: i32,
    decision: Decision,
    reason: String,
    seen: String,
) -> Result<Decided, AppError> {
    let site = site.clone();
    let decided = db
        .run(move |conn| Ok(apply(conn, &site, &actor, id, decision, &reason, &seen)?))
        .await?;
    if decided == Decided::Applied {
        caches.public_pages_changed();
    }
    Ok(decided)
}

fn apply(
    conn: &mut DbConnection,
    site: &SiteAddress,
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
        if decision == Decision::Approve && product.status == ProductStatus::Submitted {
            // Its producer's firm-level awards count for it from its first publication: the
            // summary and the award filter keys follow.
            Product::refresh_award_summary(conn, &[id], &[])?;
        }
        SearchOutbox::enqueue(conn, &[id])?;
        if reviewed {
            notify_product(conn, site, &product, decision, reason)?;
        }
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

/// Queues, for each member of the product's producer, the mail saying it was approved or
/// rejected (with the reason), in their language.
fn notify_product(
    conn: &mut DbConnection,
    site: &SiteAddress,
    product: &Product,
    decision: Decision,
    reason: &str,
) -> QueryResult<()> {
    let producer: String = crate::db::schema::producers::table
        .find(product.producer_id)
        .select(crate::db::schema::producers::name)
        .first(conn)?;
    let about = (
        product.id,
        product.fields_with_pending_edit().name,
        product.slug.clone(),
        producer,
    );
    let rejection = (decision == Decision::Reject).then_some(reason);
    let now = chrono::Utc::now().naive_utc();
    for member in Membership::active_members(conn, ProducerId(product.producer_id))? {
        let mail = crate::mail::compose::product_decided(
            site,
            member.mail_locale(),
            &member.email,
            &member.name,
            &about,
            rejection,
        );
        MailOutbox::enqueue(conn, &mail, now)?;
    }
    Ok(())
}

/// Grants or refuses a pending producer claim; `false` if it is not pending. Nothing public
/// shows memberships, so no cache is dropped. The claimant is told by mail.
pub async fn decide_claim(
    db: &Db,
    site: &SiteAddress,
    actor: Actor,
    membership_id: i32,
    approve: bool,
    reason: String,
) -> Result<bool, AppError> {
    let site = site.clone();
    db.run(move |conn| {
        Ok(conn.transaction(|conn| {
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
                &actor,
                action,
                &AuditTarget::Membership(membership_id),
                reason.trim(),
            )?;
            let (claimant, producer) = Membership::claimant(conn, membership_id)?;
            let mail = crate::mail::compose::claim_decided(
                &site,
                claimant.mail_locale(),
                &claimant.email,
                &claimant.name,
                &producer,
                (!approve).then_some(reason.trim()),
            );
            MailOutbox::enqueue(conn, &mail, chrono::Utc::now().naive_utc())?;
            QueryResult::Ok(true)
        })?)
    })
    .await
}
