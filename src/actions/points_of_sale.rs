//! Commands on points of sale. A business keeps its own producer's (not audited: its own
//! statement, shown at once, and flagged for officials to look at afterwards when the
//! producer is public); an official edits, marks as reviewed, hides, shows again or removes
//! any, each audited in the same transaction as the change.

use diesel::Connection;

use super::Caches;
use crate::db::models::PointOfSale;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::point_of_sale_edits::{PointOfSaleFields, producer_is_public};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::views::business::own_producer;
use crate::views::point_of_sale_forms::FormSubject;

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The producer of the user's own point of sale `id`, with its products (another's, or a
/// missing one, is a 404).
pub fn own_point_subject(
    conn: &mut DbConnection,
    user_id: i32,
    id: i32,
) -> Result<FormSubject, AppError> {
    let point = PointOfSale::by_id(conn, id)?;
    FormSubject::own(conn, user_id, point.producer_id)
}

/// Adds a point of sale to the user's own producer `producer_id`; its id.
pub async fn create(
    db: &Db,
    caches: Caches<'_>,
    user_id: i32,
    producer_id: i32,
    fields: PointOfSaleFields,
) -> Result<i32, AppError> {
    let id = db
        .run(move |conn| {
            own_producer(conn, user_id, producer_id)?;
            let public = producer_is_public(conn, producer_id)?;
            Ok(PointOfSale::create(
                conn,
                producer_id,
                &fields,
                public,
                now(),
            )?)
        })
        .await?;
    caches.public_pages_changed();
    Ok(id)
}

/// Saves the user's edit of their own point of sale `id`: live at once, flagged for review
/// when the producer is public (a flag already set stays set).
pub async fn update_own(
    db: &Db,
    caches: Caches<'_>,
    user_id: i32,
    id: i32,
    fields: PointOfSaleFields,
) -> Result<(), AppError> {
    db.run(move |conn| {
        let point = PointOfSale::by_id(conn, id)?;
        own_producer(conn, user_id, point.producer_id)?;
        let review = point.needs_review || producer_is_public(conn, point.producer_id)?;
        Ok(PointOfSale::update(conn, id, &fields, review, now())?)
    })
    .await?;
    caches.public_pages_changed();
    Ok(())
}

/// Removes the user's own point of sale `id`; returns its producer's id.
pub async fn delete_own(
    db: &Db,
    caches: Caches<'_>,
    user_id: i32,
    id: i32,
) -> Result<i32, AppError> {
    let producer = db
        .run(move |conn| {
            let point = PointOfSale::by_id(conn, id)?;
            own_producer(conn, user_id, point.producer_id)?;
            PointOfSale::delete(conn, id)?;
            Ok(point.producer_id)
        })
        .await?;
    caches.public_pages_changed();
    Ok(producer)
}

/// An official's edit of any point of sale: saved, no longer waiting for review, audited.
pub async fn update_by_official(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    fields: PointOfSaleFields,
) -> Result<(), AppError> {
    db.run(move |conn| {
        conn.transaction(|conn| {
            PointOfSale::by_id(conn, id)?;
            PointOfSale::update(conn, id, &fields, false, now())?;
            let target = AuditTarget::PointOfSale {
                id,
                name: fields.name.clone(),
            };
            Audit::record(conn, &actor, AuditAction::UpdatePointOfSale, &target, "")
        })?;
        Ok(())
    })
    .await?;
    caches.public_pages_changed();
    Ok(())
}

/// What an official does with a point of sale from the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    MarkReviewed,
    Hide,
    Restore,
    Remove,
}

impl Decision {
    /// The decision a path's last segment names (`da-xem`, `an`, `hien-lai`, `xoa`).
    pub fn from_segment(segment: &str) -> Option<Decision> {
        match segment {
            "da-xem" => Some(Decision::MarkReviewed),
            "an" => Some(Decision::Hide),
            "hien-lai" => Some(Decision::Restore),
            "xoa" => Some(Decision::Remove),
            _ => None,
        }
    }

    fn action(self) -> AuditAction {
        match self {
            Decision::MarkReviewed => AuditAction::ReviewPointOfSale,
            Decision::Hide => AuditAction::HidePointOfSale,
            Decision::Restore => AuditAction::RestorePointOfSale,
            Decision::Remove => AuditAction::DeletePointOfSale,
        }
    }
}

/// Applies an official's decision on point of sale `id`, audited. A decision that changes
/// nothing (hiding a hidden one, marking a reviewed one) is refused (400) and not audited;
/// a missing point of sale is a 404.
pub async fn decide(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    decision: Decision,
) -> Result<(), AppError> {
    db.run(move |conn| {
        conn.transaction(|conn| {
            let point = PointOfSale::by_id(conn, id)?;
            let changed = match decision {
                Decision::MarkReviewed => PointOfSale::mark_reviewed(conn, id)?,
                Decision::Hide => PointOfSale::set_hidden(conn, id, true)?,
                Decision::Restore => PointOfSale::set_hidden(conn, id, false)?,
                Decision::Remove => {
                    PointOfSale::delete(conn, id)?;
                    true
                }
            };
            if !changed {
                return Err(AppError::bad_request(Msg::new("admin-pos-nothing-to-do")));
            }
            let target = AuditTarget::PointOfSale {
                id,
                name: point.name,
            };
            Audit::record(conn, &actor, decision.action(), &target, "")?;
            Ok(())
        })
    })
    .await?;
    caches.public_pages_changed();
    Ok(())
}
