//! `/quan-tri/hoi-cho`: every event with its dates and state; the event form (new or
//! existing) with the producers and products taking part, producers' requests first.

use chrono::NaiveDate;
use serde::Serialize;

use super::meta;
use crate::db::DbConnection;
use crate::db::models::event::{Event, EventKind};
use crate::db::models::event_participant::{Participant, ParticipantStatus};
use crate::db::models::{PageRequest, Producer};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::views::events::dates_label;
use crate::views::forms::FormState;
use crate::views::{FilterOption, PageAddress, PageMeta, Pagination};

#[derive(Debug, Serialize)]
pub struct EventRow {
    pub id: i32,
    pub name: String,
    pub kind: String,
    pub dates: String,
    pub timing: String,
    pub published: bool,
}

#[derive(Debug, Serialize)]
pub struct EventListPage {
    pub meta: PageMeta,
    pub events: Vec<EventRow>,
    pub pagination: Pagination,
}

/// Every event, latest start first.
pub fn load_list(
    conn: &mut DbConnection,
    address: &PageAddress,
    page: PageRequest,
    today: NaiveDate,
) -> Result<EventListPage, AppError> {
    let locale = address.locale;
    let paged = Event::all(conn, page)?;
    let path = locale.path("/quan-tri/hoi-cho");
    Ok(EventListPage {
        meta: meta(address, locale.t("admin-events-title")),
        pagination: Pagination::new(&path, &[], page.page, paged.last_page(), paged.total),
        events: paged
            .items
            .into_iter()
            .map(|e| EventRow {
                id: e.id,
                kind: e.kind.label(locale),
                dates: dates_label(e.starts_on, e.ends_on, locale),
                timing: e.timing(today).label(locale),
                published: e.published,
                name: e.name,
            })
            .collect(),
    })
}

/// A stored event, above its form.
#[derive(Debug, Serialize)]
pub struct EventState {
    pub id: i32,
    pub slug: String,
    pub published: bool,
    pub timing: String,
}

/// A producer or product in the event, as the officials' page lists it.
#[derive(Debug, Serialize)]
pub struct ParticipantRow {
    pub id: i32,
    pub producer: String,
    pub producer_slug: String,
    /// Empty for the producer as a whole.
    pub product: String,
    pub product_slug: String,
    pub status: ParticipantStatus,
    pub status_label: String,
    pub can_accept: bool,
    pub can_decline: bool,
}

#[derive(Debug, Serialize)]
pub struct EventFormPage {
    pub meta: PageMeta,
    pub form: FormState,
    /// Where the form posts, in the page's language.
    pub action: String,
    pub heading: String,
    pub kinds: Vec<FilterOption>,
    pub provinces: Vec<FilterOption>,
    pub event: Option<EventState>,
    pub participants: Vec<ParticipantRow>,
    /// The form adding a producer (and a product), with its messages after a failed try.
    pub add: FormState,
}

/// What went wrong on an event's page, if anything.
#[derive(Debug, Default)]
pub struct EditFailure {
    /// The event's form as typed, with its messages.
    pub form: Option<FormState>,
    /// The participant form as typed, with its messages.
    pub add: Option<FormState>,
}

impl EditFailure {
    pub fn is_some(&self) -> bool {
        self.form.is_some() || self.add.is_some()
    }
}

/// The form of `event` (a new one when `None`), filled with `form`.
pub fn form_page(
    ctx: &CardContext,
    address: &PageAddress,
    form: FormState,
    event: Option<&Event>,
    today: NaiveDate,
) -> EventFormPage {
    let locale = address.locale;
    let heading = event.map_or_else(
        || locale.t("admin-event-new"),
        |e| locale.msg(&Msg::new("admin-event-edit").arg("name", &e.name)),
    );
    let kind = form.get("kind").to_owned();
    let province = form.get("province").to_owned();
    EventFormPage {
        meta: meta(address, heading.clone()),
        action: locale.path(&event.map_or_else(
            || "/quan-tri/hoi-cho/moi".to_owned(),
            |e| format!("/quan-tri/hoi-cho/{}", e.id),
        )),
        heading,
        kinds: EventKind::ALL
            .iter()
            .map(|k| FilterOption {
                value: k.as_str().to_owned(),
                label: k.label(locale),
                selected: k.as_str() == kind,
            })
            .collect(),
        provinces: ctx
            .provinces
            .provinces
            .iter()
            .map(|p| FilterOption {
                value: p.slug.clone(),
                label: ctx.province_name(p, locale),
                selected: p.slug == province,
            })
            .collect(),
        event: event.map(|e| EventState {
            id: e.id,
            slug: e.slug.clone(),
            published: e.published,
            timing: e.timing(today).label(locale),
        }),
        participants: Vec::new(),
        add: FormState::new(locale),
        form,
    }
}

/// The form filled with the event as stored.
fn form_of(ctx: &CardContext, e: &Event, locale: Locale) -> FormState {
    let province = ctx
        .provinces
        .province(e.province_id)
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let coordinates = e
        .latitude
        .zip(e.longitude)
        .map(|(lat, lng)| format!("{lat}, {lng}"))
        .unwrap_or_default();
    FormState::new(locale)
        .value("name", &e.name)
        .value("name_en", &e.name_en)
        .value("kind", e.kind.as_str())
        .value("venue", &e.venue)
        .value("address", &e.address)
        .value("province", province)
        .value("coordinates", coordinates)
        .value("starts_on", e.starts_on.to_string())
        .value("ends_on", e.ends_on.to_string())
        .value("organiser", &e.organiser)
        .value("description", &e.description)
        .value("description_en", &e.description_en)
}

/// Event `id`'s page (not found: a 404), with what failed, if anything.
pub fn load_form(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    id: i32,
    failed: EditFailure,
    today: NaiveDate,
) -> Result<EventFormPage, AppError> {
    let locale = address.locale;
    let event = Event::by_id(conn, id)?;
    let form = failed.form.unwrap_or_else(|| form_of(ctx, &event, locale));
    let mut page = form_page(ctx, address, form, Some(&event), today);
    page.participants = participant_rows(conn, id, locale)?;
    if let Some(add) = failed.add {
        page.add = add;
    }
    Ok(page)
}

/// The rows of event `id` with their producers' and products' names: three queries.
fn participant_rows(
    conn: &mut DbConnection,
    id: i32,
    locale: Locale,
) -> Result<Vec<ParticipantRow>, AppError> {
    let rows = Participant::of_event(conn, id)?;
    let producer_ids: Vec<i32> = rows.iter().map(|r| r.producer_id).collect();
    let product_ids: Vec<i32> = rows.iter().filter_map(|r| r.product_id).collect();
    let producers = Producer::by_ids(conn, &producer_ids)?;
    let products = Participant::product_names(conn, &product_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let producer = producers.iter().find(|p| p.id == r.producer_id);
            let product = r
                .product_id
                .and_then(|id| products.iter().find(|p| p.0 == id));
            ParticipantRow {
                id: r.id,
                producer: producer.map(|p| p.name.clone()).unwrap_or_default(),
                producer_slug: producer.map(|p| p.slug.clone()).unwrap_or_default(),
                product: product.map(|p| p.1.clone()).unwrap_or_default(),
                product_slug: product.map(|p| p.2.clone()).unwrap_or_default(),
                status: r.status,
                status_label: r.status.label(locale),
                can_accept: r.status == ParticipantStatus::Requested,
                can_decline: r.status != ParticipantStatus::Declined,
            }
        })
        .collect())
}
