//! The business area's fairs and product weeks (`/doanh-nghiep/hoi-cho`): upcoming published
//! events with the state of the user's requests, and one event's page where a producer of the
//! user's asks to be listed, with chosen products, or withdraws a pending request.
//!
//! Ownership as everywhere in the area (`views::business`): a request belongs to the user when
//! its producer is one the user actively manages; another's is a 404, like a missing one.

use chrono::NaiveDate;
use serde::Serialize;

use super::business::{own_producer_ids, producer_choices};
use super::events::EventCard;
use super::forms::FormState;
use super::{FilterOption, PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::event::{Event, Timing};
use crate::db::models::event_participant::{Participant, ParticipantStatus};
use crate::db::models::{Producer, Product, ProductStatus};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::reference::CardContext;

/// Upcoming events listed at most.
const MAX_EVENTS: i64 = 100;
/// Products of the user's producers offered in the request form at most.
const MAX_PRODUCTS: i64 = 500;

/// One of the user's rows in an event.
#[derive(Debug, Serialize)]
pub struct RequestRow {
    pub id: i32,
    pub event_id: i32,
    pub producer: String,
    /// Empty for the producer as a whole.
    pub product: String,
    pub status: ParticipantStatus,
    pub status_label: String,
    pub can_withdraw: bool,
}

/// The user's rows among `rows`, with names: two queries.
fn request_rows(
    conn: &mut DbConnection,
    rows: Vec<Participant>,
    locale: Locale,
) -> Result<Vec<RequestRow>, AppError> {
    let producer_ids: Vec<i32> = rows.iter().map(|r| r.producer_id).collect();
    let product_ids: Vec<i32> = rows.iter().filter_map(|r| r.product_id).collect();
    let producers = Producer::by_ids(conn, &producer_ids)?;
    let products = Participant::product_names(conn, &product_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| RequestRow {
            id: r.id,
            event_id: r.event_id,
            producer: producers
                .iter()
                .find(|p| p.id == r.producer_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            product: r
                .product_id
                .and_then(|id| products.iter().find(|p| p.0 == id))
                .map(|p| p.1.clone())
                .unwrap_or_default(),
            status: r.status,
            status_label: r.status.label(locale),
            can_withdraw: r.status == ParticipantStatus::Requested,
        })
        .collect())
}

/// An upcoming event with the user's rows in it.
#[derive(Debug, Serialize)]
pub struct EventWithRequests {
    pub card: EventCard,
    pub id: i32,
    pub requests: Vec<RequestRow>,
}

/// `/doanh-nghiep/hoi-cho`.
#[derive(Debug, Serialize)]
pub struct BusinessEventsPage {
    pub meta: PageMeta,
    pub events: Vec<EventWithRequests>,
}

pub fn list_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    address: &PageAddress,
    today: NaiveDate,
) -> Result<BusinessEventsPage, AppError> {
    let locale = address.locale;
    let events = Event::upcoming(conn, today, MAX_EVENTS)?;
    let own = own_producer_ids(conn, user_id)?;
    let event_ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    let rows = Participant::of_producers_in(conn, &own, &event_ids)?;
    let mut rows = request_rows(conn, rows, locale)?;
    Ok(BusinessEventsPage {
        meta: address.meta("", locale.t("business-events-title"), ""),
        events: events
            .iter()
            .map(|e| {
                let (mine, rest): (Vec<RequestRow>, Vec<RequestRow>) = std::mem::take(&mut rows)
                    .into_iter()
                    .partition(|r| r.event_id == e.id);
                rows = rest;
                EventWithRequests {
                    card: EventCard::new(ctx, e, today, locale),
                    id: e.id,
                    requests: mine,
                }
            })
            .collect(),
    })
}

/// A product the user may put in a request.
#[derive(Debug, Serialize)]
pub struct ProductChoice {
    pub id: i32,
    pub name: String,
    pub producer: String,
    pub checked: bool,
}

/// `/doanh-nghiep/hoi-cho/{event}`.
#[derive(Debug, Serialize)]
pub struct BusinessEventPage {
    pub meta: PageMeta,
    pub id: i32,
    pub card: EventCard,
    pub address: String,
    pub organiser: String,
    /// Whether the event still takes requests (not over).
    pub open: bool,
    pub requests: Vec<RequestRow>,
    pub form: FormState,
    pub producers: Vec<FilterOption>,
    pub products: Vec<ProductChoice>,
}

/// A published event a business may look at: unpublished ones are not found.
pub fn visible_event(conn: &mut DbConnection, id: i32) -> Result<Event, AppError> {
    let event = Event::by_id(conn, id)?;
    if event.published {
        Ok(event)
    } else {
        Err(AppError::not_found())
    }
}

/// The published products of the user's producers, bounded.
pub fn own_products(conn: &mut DbConnection, user_id: i32) -> Result<Vec<Product>, AppError> {
    let own = own_producer_ids(conn, user_id)?;
    Ok(Product::of_producers(conn, &own, MAX_PRODUCTS)?
        .into_iter()
        .filter(|p| p.status == ProductStatus::Published)
        .collect())
}

/// The page of event `id` for the user, its request form filled with `form` (empty: the
/// first of the user's producers chosen).
pub fn event_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    form: Option<FormState>,
    address: &PageAddress,
    today: NaiveDate,
) -> Result<BusinessEventPage, AppError> {
    let locale = address.locale;
    let event = visible_event(conn, id)?;
    let own = producer_choices(conn, user_id)?;
    let own_ids: Vec<i32> = own.iter().map(|(id, _)| *id).collect();
    let rows = Participant::of_producers_in(conn, &own_ids, &[id])?;
    let requests = request_rows(conn, rows, locale)?;
    let form = form.unwrap_or_else(|| {
        let first = own
            .first()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default();
        FormState::new(locale).value("producer", first)
    });
    let chosen: Vec<String> = form.get("products").split(',').map(str::to_owned).collect();
    let products = own_products(conn, user_id)?;
    let card = EventCard::new(ctx, &event, today, locale);
    Ok(BusinessEventPage {
        meta: address.meta("", card.name.clone(), ""),
        id,
        open: card.timing != Timing::Past,
        card,
        address: event.address,
        organiser: event.organiser,
        requests,
        producers: own
            .iter()
            .map(|(id, name)| FilterOption {
                value: id.to_string(),
                label: name.clone(),
                selected: id.to_string() == form.get("producer"),
            })
            .collect(),
        products: products
            .into_iter()
            .map(|p| ProductChoice {
                checked: chosen.contains(&p.id.to_string()),
                producer: own
                    .iter()
                    .find(|(id, _)| *id == p.producer_id)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default(),
                id: p.id,
                name: p.name,
            })
            .collect(),
        form,
    })
}

/// The user's row `participant` of event `event_id`, or a 404.
pub fn own_request(
    conn: &mut DbConnection,
    user_id: i32,
    event_id: i32,
    participant: i32,
) -> Result<Participant, AppError> {
    let row = Participant::by_id(conn, participant)?;
    let own = own_producer_ids(conn, user_id)?;
    if row.event_id == event_id && own.contains(&row.producer_id) {
        Ok(row)
    } else {
        Err(AppError::not_found())
    }
}
