//! Officials' decisions on products and producer claims. Each runs in one transaction with
//! its audit row and, for products, the search outbox entry.

use diesel::prelude::*;

use super::audit::{Actor, Audit};
use super::product::ProductFields;
use super::search_outbox::SearchOutbox;
use super::{Product, ProductStatus};
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
    pub fn action(self) -> &'static str {
        match self {
            Decision::Approve => "approve_product",
            Decision::Reject => "reject_product",
            Decision::Hide => "hide_product",
            Decision::Restore => "restore_product",
        }
    }
}

/// Applies `decision` to product `id`; `Ok(false)` when it does not apply to the product's
/// current state (nothing is changed or audited then).
pub fn decide_product(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    decision: Decision,
    reason: &str,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let product = Product::by_id(conn, id)?;
        let now = chrono::Utc::now().naive_utc();
        let target = products::table.find(id);
        let changed = match (
            decision,
            product.status.as_str(),
            product.pending_changes.as_deref(),
        ) {
            (Decision::Approve, "submitted", _) => diesel::update(target)
                .set((
                    products::status.eq(ProductStatus::Published.as_str()),
                    products::published_at.eq(Some(now)),
                    products::rejection_reason.eq(None::<String>),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Approve, "published" | "hidden", Some(json)) => {
                let Ok(f) = serde_json::from_str::<ProductFields>(json) else {
                    return Ok(false);
                };
                diesel::update(target)
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
            (Decision::Reject, "submitted", _) => diesel::update(target)
                .set((
                    products::status.eq(ProductStatus::Rejected.as_str()),
                    products::rejection_reason.eq(Some(reason)),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Reject, "published" | "hidden", Some(_)) => diesel::update(target)
                .set((
                    products::pending_changes.eq(None::<String>),
                    products::rejection_reason.eq(Some(reason)),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Hide, "published", _) => diesel::update(target)
                .set((
                    products::status.eq(ProductStatus::Hidden.as_str()),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            (Decision::Restore, "hidden", _) => diesel::update(target)
                .set((
                    products::status.eq(ProductStatus::Published.as_str()),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?,
            _ => 0,
        };
        if changed == 0 {
            return Ok(false);
        }
        SearchOutbox::enqueue(conn, &[id])?;
        Audit::record(
            conn,
            actor,
            decision.action(),
            &format!("product:{id} {}", product.name),
            reason,
        )?;
        Ok(true)
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
        let status = if approve { "active" } else { "rejected" };
        let changed = diesel::update(
            memberships::table
                .find(membership_id)
                .filter(memberships::status.eq("pending")),
        )
        .set(memberships::status.eq(status))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        let action = if approve {
            "approve_claim"
        } else {
            "reject_claim"
        };
        Audit::record(
            conn,
            actor,
            action,
            &format!("membership:{membership_id}"),
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
        .filter(products::status.eq("submitted"))
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
        .filter(memberships::status.eq("pending"))
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
            .filter(products::status.eq("submitted"))
            .count()
            .get_result(conn)?,
        edits: products::table
            .filter(products::pending_changes.is_not_null())
            .count()
            .get_result(conn)?,
        claims: memberships::table
            .filter(memberships::status.eq("pending"))
            .count()
            .get_result(conn)?,
    })
}
