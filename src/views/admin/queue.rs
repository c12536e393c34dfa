//! `/quan-tri`: the moderation queue, oldest first.

use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::Product;
use crate::db::models::moderation;
use crate::error::AppError;
use crate::views::{PageAddress, PageMeta};

#[derive(Debug, Serialize)]
pub struct QueueItem {
    pub id: i32,
    pub name: String,
    /// When it was sent for review.
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct ClaimItem {
    pub id: i32,
    pub email: String,
    pub producer_id: i32,
    pub producer: String,
}

/// Submitted products, pending edits and producer claims.
#[derive(Debug, Serialize)]
pub struct QueuePage {
    pub meta: PageMeta,
    pub submitted: Vec<QueueItem>,
    pub edits: Vec<QueueItem>,
    pub claims: Vec<ClaimItem>,
}

fn item(p: &Product) -> QueueItem {
    QueueItem {
        id: p.id,
        name: p.name.clone(),
        since: shown(Some(p.submitted_at.unwrap_or(p.updated_at))),
    }
}

pub fn load(conn: &mut DbConnection, address: &PageAddress) -> Result<QueuePage, AppError> {
    let queue = moderation::queue(conn)?;
    Ok(QueuePage {
        meta: meta(address, address.locale.t("admin-queue-title")),
        submitted: queue.submitted.iter().map(item).collect(),
        edits: queue.edits.iter().map(item).collect(),
        claims: queue
            .claims
            .into_iter()
            .map(|(id, email, producer_id, producer)| ClaimItem {
                id,
                email,
                producer_id,
                producer,
            })
            .collect(),
    })
}

/// What the officials see after deciding on product `id`: its name (for the message) and the
/// next product waiting, oldest first — a submitted product, else a pending edit — if any.
pub fn after_decision(conn: &mut DbConnection, id: i32) -> Result<(String, Option<i32>), AppError> {
    use crate::db::models::ProductStatus;
    use crate::db::schema::products;
    use diesel::prelude::*;
    let name: String = products::table
        .find(id)
        .select(products::name)
        .first(conn)?;
    let submitted: Option<i32> = products::table
        .filter(products::status.eq(ProductStatus::Submitted))
        .filter(products::id.ne(id))
        .order((products::submitted_at.asc(), products::id))
        .select(products::id)
        .first(conn)
        .optional()?;
    let next = match submitted {
        Some(next) => Some(next),
        None => products::table
            .filter(products::pending_changes.is_not_null())
            .filter(products::id.ne(id))
            .order((products::submitted_at.asc(), products::id))
            .select(products::id)
            .first(conn)
            .optional()?,
    };
    Ok((name, next))
}
