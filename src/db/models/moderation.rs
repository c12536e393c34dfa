//! The moderation queue, read-only: what waits for officials (submitted products, pending
//! edits, producer claims) and the version of a product under review. The decisions
//! themselves are audited commands in `crate::actions::moderation`.

use diesel::prelude::*;

use super::membership::MembershipStatus;
use super::{Product, ProductImage, ProductStatus};
use crate::db::DbConnection;
use crate::db::schema::{memberships, products};

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
