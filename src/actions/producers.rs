//! A business's commands on producer pages: create one it owns, edit its own, claim an
//! existing one. (Not audited: the business's own statements, shown as it made them; an
//! official confirms a claim, and that decision is audited where it is taken.)

use super::Caches;
use crate::db::Db;
use crate::db::models::Producer;
use crate::db::models::membership::{Membership, MembershipStatus};
use crate::db::models::producer::{ProducerFields, ProducerId};
use crate::error::AppError;
use crate::views::business::own_producer;

/// What saving a producer page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// The tax code belongs to another producer page: nothing was stored.
    TaxCodeTaken,
}

/// Creates a producer page with `user_id` as its active member. A new producer has no
/// published product yet, so no public page changes.
pub async fn create(db: &Db, user_id: i32, fields: ProducerFields) -> Result<Saved, AppError> {
    let created = db
        .run(move |conn| Ok(Producer::create_owned(conn, user_id, &fields)?))
        .await?;
    Ok(if created.is_some() {
        Saved::Saved
    } else {
        Saved::TaxCodeTaken
    })
}

/// Saves the user's edit of their own producer `id`; it shows at once (the producer is the
/// business's own statement) and its products are queued for re-indexing. Another's producer
/// is a 404.
pub async fn update(
    db: &Db,
    caches: Caches<'_>,
    user_id: i32,
    id: i32,
    fields: ProducerFields,
) -> Result<Saved, AppError> {
    let updated = db
        .run(move |conn| {
            own_producer(conn, user_id, id)?;
            Ok(Producer::update_fields(conn, id, &fields)?)
        })
        .await?;
    if !updated {
        return Ok(Saved::TaxCodeTaken);
    }
    caches.public_pages_changed();
    Ok(Saved::Saved)
}

/// Asks to manage producer `id`: the claim waits for an official. A second claim changes
/// nothing; a missing producer is a 404.
pub async fn claim(db: &Db, user_id: i32, id: i32) -> Result<(), AppError> {
    db.run(move |conn| {
        Producer::by_ids(conn, &[id])?
            .pop()
            .ok_or_else(AppError::not_found)?;
        Ok(Membership::add(
            conn,
            user_id,
            ProducerId(id),
            MembershipStatus::Pending,
        )?)
    })
    .await
}
