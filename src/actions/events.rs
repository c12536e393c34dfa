//! Fairs and product weeks: officials create, edit, publish and withdraw events, list
//! producers and products in them and decide producers' requests, each audited in its
//! transaction; producers ask to be listed and withdraw a pending request (not audited: like a
//! product draft, a request is the business's own and shows nowhere until an official acts).
//! A change visitors may see drops the cached public pages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Caches;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::event::{Event, EventFields};
use crate::db::models::event_participant::{Listing, Participant, ParticipantStatus};
use crate::db::models::slug::{SlugTable, insert_with_free_slug};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::text::slugify;

fn target(event: &Event) -> AuditTarget {
    AuditTarget::Event {
        id: event.id,
        name: event.name.clone(),
    }
}

fn participant_target(row: &Participant) -> AuditTarget {
    AuditTarget::EventParticipant {
        id: row.id,
        event_id: row.event_id,
        producer_id: row.producer_id,
        product_id: row.product_id,
    }
}

/// Creates an unpublished event with a slug made from its name, audited; returns its id.
/// Nobody sees it yet, so no cache is dropped.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    fields: &EventFields,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    insert_with_free_slug(
        conn,
        SlugTable::Events,
        &slugify(&fields.name),
        |conn, slug| {
            let id = Event::insert_row(conn, slug, fields, now)?;
            let target = AuditTarget::Event {
                id,
                name: fields.name.clone(),
            };
            Audit::record(conn, actor, AuditAction::CreateEvent, &target, "")?;
            Ok(id)
        },
    )
}

/// Saves an official's edit (a missing event is a 404); a published event changes at once.
pub async fn update(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    fields: EventFields,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db.run(move |conn| {
        Ok(conn.transaction(|conn| {
            Event::save(conn, id, &fields, now)?;
            let target = AuditTarget::Event {
                id,
                name: fields.name.clone(),
            };
            Audit::record(conn, &actor, AuditAction::UpdateEvent, &target, "")
        })?)
    })
    .await?;
    caches.public_pages_changed();
    Ok(())
}

/// Publishes (`true`) or withdraws event `id`. `false` when it already was (nothing
/// written); a missing event is a 404.
pub async fn set_published(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    published: bool,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let applied = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
                let event = Event::by_id(conn, id)?;
                if event.published == published {
                    return Ok(false);
                }
                Event::set_published(conn, &event, published, now)?;
                let action = if published {
                    AuditAction::PublishEvent
                } else {
                    AuditAction::UnpublishEvent
                };
                Audit::record(conn, &actor, action, &target(&event), "")?;
                QueryResult::Ok(true)
            })?)
        })
        .await?;
    if applied {
        caches.public_pages_changed();
    }
    Ok(applied)
}

/// An official lists producer `producer_id` (with `product_id`, a product of that producer,
/// or as a whole) in event `event_id`, whatever its row said before. The caller has checked
/// that the product belongs to the producer. A missing event is a 404.
pub async fn list_participant(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    event_id: i32,
    producer_id: i32,
    product_id: Option<i32>,
) -> Result<Listing, AppError> {
    let outcome = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
                Event::by_id(conn, event_id)?;
                let (id, outcome) = Participant::put(
                    conn,
                    event_id,
                    producer_id,
                    product_id,
                    ParticipantStatus::Listed,
                )?;
                if outcome != Listing::Unchanged {
                    let row = Participant::by_id(conn, id)?;
                    let action = AuditAction::ListEventParticipant;
                    Audit::record(conn, &actor, action, &participant_target(&row), "")?;
                }
                QueryResult::Ok(outcome)
            })?)
        })
        .await?;
    if outcome != Listing::Unchanged {
        caches.public_pages_changed();
    }
    Ok(outcome)
}

/// An official's decision on a participant row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A producer's request is accepted: the row is listed.
    Accept,
    /// A request is declined, or a listed row taken off the event.
    Decline,
}

/// Decides row `participant` of event `event_id`. `false` when the row is not in a state the
/// decision applies to (nothing written); a row missing or of another event is a 404.
pub async fn decide(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    event_id: i32,
    participant: i32,
    decision: Decision,
) -> Result<bool, AppError> {
    let applied = db
        .run(move |conn| {
            conn.transaction(|conn| {
                let row = Participant::by_id(conn, participant)?;
                if row.event_id != event_id {
                    return Err(AppError::not_found());
                }
                let (to, action) = match (decision, row.status) {
                    (Decision::Accept, ParticipantStatus::Requested) => {
                        (ParticipantStatus::Listed, AuditAction::AcceptEventRequest)
                    }
                    (
                        Decision::Decline,
                        ParticipantStatus::Requested | ParticipantStatus::Listed,
                    ) => (
                        ParticipantStatus::Declined,
                        AuditAction::DeclineEventParticipant,
                    ),
                    _ => return Ok(false),
                };
                if !Participant::set_status(conn, row.id, row.status, to)? {
                    return Ok(false);
                }
                Audit::record(conn, &actor, action, &participant_target(&row), "")?;
                Ok(true)
            })
        })
        .await?;
    if applied {
        caches.public_pages_changed();
    }
    Ok(applied)
}

/// A producer asks to be listed in event `event_id`: as a whole when `product_ids` is empty,
/// else with each of those products. The caller has checked that the producer is the user's
/// and the products are the producer's. Rows already there (asked, listed or declined) are
/// left as they are. Returns how many requests were added.
pub fn request(
    conn: &mut DbConnection,
    event_id: i32,
    producer_id: i32,
    product_ids: &[i32],
) -> QueryResult<usize> {
    conn.transaction(|conn| {
        let wanted: Vec<Option<i32>> = if product_ids.is_empty() {
            vec![None]
        } else {
            product_ids.iter().copied().map(Some).collect()
        };
        let mut added = 0;
        for product_id in wanted {
            let (_, outcome) = Participant::put(
                conn,
                event_id,
                producer_id,
                product_id,
                ParticipantStatus::Requested,
            )?;
            if outcome == Listing::Added {
                added += 1;
            }
        }
        Ok(added)
    })
}

/// A producer withdraws its request `participant` (ownership checked by the caller). `false`
/// when it is no longer a request: an official decided it first.
pub fn withdraw(conn: &mut DbConnection, participant: i32) -> QueryResult<bool> {
    Participant::withdraw(conn, participant)
}
