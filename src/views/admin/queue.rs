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
