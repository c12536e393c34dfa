//! Pages of the fairs and product weeks (`/hoi-cho`, `/hoi-cho/{slug}`), and the event cards
//! product and producer pages show ("Gặp tại hội chợ").
//!
//! Whether an event is upcoming, ongoing or past is decided on "today" as the site's clock
//! gives it (the handler passes it in): an event ends by itself after its last day. On the
//! English site an event without an English name or description shows the Vietnamese text,
//! marked `lang="vi"`.

use chrono::NaiveDate;
use serde::Serialize;

use super::{PageAddress, PageMeta, Pagination, ProductCard, cards};
use crate::db::DbConnection;
use crate::db::models::event::{Event, Timing};
use crate::db::models::event_participant::Participant;
use crate::db::models::{PageRequest, Producer, Product};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;

/// Events per page of `/hoi-cho`.
pub const PER_PAGE: i64 = 20;

/// A day as pages print it: "15/03/2026".
pub fn shown_day(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// "15/03/2026 – 21/03/2026", or one day.
pub fn dates_label(starts_on: NaiveDate, ends_on: NaiveDate, locale: Locale) -> String {
    if starts_on == ends_on {
        shown_day(starts_on)
    } else {
        locale.msg(
            &Msg::new("event-dates")
                .arg("start", shown_day(starts_on))
                .arg("end", shown_day(ends_on)),
        )
    }
}

/// Directions to the event in the visitor's map app: to its coordinates when known, else to
/// its address as written.
pub fn directions_url(event: &Event, province: &str) -> String {
    let position = event
        .latitude
        .zip(event.longitude)
        .map(|(latitude, longitude)| crate::geo::Position {
            latitude,
            longitude,
        });
    crate::geo::directions_url(
        position,
        &[event.venue.as_str(), event.address.as_str(), province],
    )
}

/// The event's name in `locale`, and `Some("vi")` when it is the Vietnamese one shown on a
/// page in another language.
fn shown_name(event: &Event, locale: Locale) -> (String, Option<&'static str>) {
    match locale {
        Locale::En if !event.name_en.is_empty() => (event.name_en.clone(), None),
        Locale::En => (event.name.clone(), Some("vi")),
        Locale::Vi => (event.name.clone(), None),
    }
}

/// An event in a list: `/hoi-cho`, a product or producer page, the business area.
#[derive(Debug, Serialize)]
pub struct EventCard {
    pub slug: String,
    pub name: String,
    pub lang: Option<&'static str>,
    /// The public page, in the page's language.
    pub url: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub dates: String,
    /// ISO dates, for `<time datetime>`.
    pub starts_iso: String,
    pub ends_iso: String,
    pub timing: Timing,
    pub timing_label: String,
    pub venue: String,
    pub province: String,
}

impl EventCard {
    pub fn new(ctx: &CardContext, event: &Event, today: NaiveDate, locale: Locale) -> EventCard {
        let (name, lang) = shown_name(event, locale);
        let timing = event.timing(today);
        EventCard {
            slug: event.slug.clone(),
            name,
            lang,
            url: locale.path(&format!("/hoi-cho/{}", event.slug)),
            kind: event.kind.as_str(),
            kind_label: event.kind.label(locale),
            dates: dates_label(event.starts_on, event.ends_on, locale),
            starts_iso: event.starts_on.to_string(),
            ends_iso: event.ends_on.to_string(),
            timing,
            timing_label: timing.label(locale),
            venue: event.venue.clone(),
            province: ctx.province_name_of(event.province_id, locale),
        }
    }

    /// Cards of `events`, in the order given.
    pub fn all(
        ctx: &CardContext,
        events: &[Event],
        today: NaiveDate,
        locale: Locale,
    ) -> Vec<EventCard> {
        events
            .iter()
            .map(|e| EventCard::new(ctx, e, today, locale))
            .collect()
    }
}

/// `/hoi-cho`.
#[derive(Debug, Serialize)]
pub struct EventListPage {
    pub meta: PageMeta,
    /// Upcoming and ongoing events of this page, soonest first.
    pub upcoming: Vec<EventCard>,
    /// Past events of this page, most recently ended first.
    pub past: Vec<EventCard>,
    pub pagination: Pagination,
}

impl EventListPage {
    pub fn load(
        conn: &mut DbConnection,
        ctx: &CardContext,
        address: &PageAddress,
        page: PageRequest,
        today: NaiveDate,
    ) -> Result<EventListPage, AppError> {
        let locale = address.locale;
        let paged = Event::public_list(conn, today, page)?;
        if paged.items.is_empty() && page.page > 1 {
            return Err(AppError::not_found());
        }
        let (past, upcoming): (Vec<EventCard>, Vec<EventCard>) =
            EventCard::all(ctx, &paged.items, today, locale)
                .into_iter()
                .partition(|c| c.timing == Timing::Past);
        Ok(EventListPage {
            meta: address.meta(
                "events",
                locale.t("event-list-title"),
                locale.t("event-list-description"),
            ),
            upcoming,
            past,
            pagination: Pagination::new(
                &locale.path(&address.path),
                &[],
                paged.page.page,
                paged.last_page(),
                paged.total,
            ),
        })
    }
}

/// The event on its page.
#[derive(Debug, Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub card: EventCard,
    pub address: String,
    pub organiser: String,
    pub description: String,
    /// `vi` when the description shown is the Vietnamese one on a page in another language.
    pub description_lang: Option<&'static str>,
    pub directions_url: String,
}

/// A producer taking part, linked when it has a public page.
#[derive(Debug, Serialize)]
pub struct ParticipantProducer {
    pub name: String,
    pub url: Option<String>,
}

/// `/hoi-cho/{slug}`.
#[derive(Debug, Serialize)]
pub struct EventPage {
    pub meta: PageMeta,
    pub json_ld: String,
    pub event: EventView,
    pub producers: Vec<ParticipantProducer>,
    pub products: Vec<ProductCard>,
}

impl EventPage {
    /// The published event `slug` with its listed producers and their published products.
    pub fn load(
        conn: &mut DbConnection,
        ctx: &CardContext,
        address: &PageAddress,
        slug: &str,
        today: NaiveDate,
    ) -> Result<EventPage, AppError> {
        let locale = address.locale;
        let event = Event::published_by_slug(conn, slug)?;
        let rows = Participant::listed_in(conn, event.id)?;
        let mut producer_ids: Vec<i32> = rows.iter().map(|r| r.producer_id).collect();
        producer_ids.sort_unstable();
        producer_ids.dedup();
        let product_ids: Vec<i32> = rows.iter().filter_map(|r| r.product_id).collect();
        let mut products = Product::published_by_ids(conn, &product_ids)?;
        products.sort_by(|a, b| (&a.name_folded, a.id).cmp(&(&b.name_folded, b.id)));
        let public: Vec<i32> = Producer::published_counts(conn, &producer_ids)?
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(id, _)| id)
            .collect();
        let mut producers = Producer::by_ids(conn, &producer_ids)?;
        producers.sort_by_cached_key(|p| crate::text::fold(&p.name));
        let card = EventCard::new(ctx, &event, today, locale);
        let (description, description_lang) = match locale {
            Locale::En if !event.description_en.is_empty() => (event.description_en.clone(), None),
            Locale::En if !event.description.is_empty() => (event.description.clone(), Some("vi")),
            _ => (event.description.clone(), None),
        };
        let summary = if description.is_empty() {
            locale.msg(
                &Msg::new("event-meta-description")
                    .arg("kind", card.kind_label.as_str())
                    .arg("dates", card.dates.as_str())
                    .arg("place", format!("{}, {}", event.venue, card.province)),
            )
        } else {
            super::pages::truncate(&description, 180)
        };
        let url = address.absolute(&format!("/hoi-cho/{}", event.slug));
        let mut meta = address.meta("events", card.name.clone(), summary.clone());
        meta.canonical = url.clone();
        let json_ld = super::json_for_script(&json_ld(&event, &card, &summary, &url));
        Ok(EventPage {
            meta,
            json_ld,
            event: EventView {
                directions_url: directions_url(&event, &card.province),
                card,
                address: event.address,
                organiser: event.organiser,
                description,
                description_lang,
            },
            producers: producers
                .into_iter()
                .map(|p| ParticipantProducer {
                    url: public
                        .contains(&p.id)
                        .then(|| locale.path(&format!("/nha-san-xuat/{}", p.slug))),
                    name: p.name,
                })
                .collect(),
            products: cards(conn, ctx, locale, today, products)?,
        })
    }
}

/// schema.org `Event`.
fn json_ld(event: &Event, card: &EventCard, description: &str, url: &str) -> serde_json::Value {
    let mut place = serde_json::json!({
        "@type": "Place",
        "name": event.venue,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "addressRegion": card.province,
            "addressCountry": "VN",
        },
    });
    if let Some((lat, lng)) = event.latitude.zip(event.longitude) {
        place["geo"] = serde_json::json!({
            "@type": "GeoCoordinates",
            "latitude": lat,
            "longitude": lng,
        });
    }
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": card.name,
        "description": description,
        "startDate": card.starts_iso,
        "endDate": card.ends_iso,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": {"@type": "Organization", "name": event.organiser},
        "url": url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(lat: Option<f64>, lng: Option<f64>) -> Event {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).expect("a date");
        let at = day.and_hms_opt(0, 0, 0).expect("a time");
        Event {
            id: 1,
            slug: "tuan-hang-viet".into(),
            name: "Tuần hàng Việt".into(),
            name_en: String::new(),
            kind: crate::db::models::event::EventKind::ProductWeek,
            venue: "Cung Văn hóa".into(),
            address: "91 Trần Hưng Đạo & Co".into(),
            province_id: 1,
            latitude: lat,
            longitude: lng,
            starts_on: day,
            ends_on: day,
            organiser: "Sở Công Thương".into(),
            description: String::new(),
            description_en: String::new(),
            published: true,
            published_at: Some(at),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn directions_go_to_the_coordinates_or_the_encoded_address() {
        assert_eq!(
            directions_url(&event(Some(21.02), Some(105.85)), "Hà Nội"),
            "https://www.google.com/maps/dir/?api=1&destination=21.02,105.85"
        );
        let by_address = directions_url(&event(None, None), "Hà Nội");
        assert!(
            by_address.starts_with("https://www.google.com/maps/dir/?api=1&destination=C"),
            "{by_address}"
        );
        assert!(!by_address.contains(' ') && !by_address.contains("& "));
        assert!(by_address.contains("%26+Co"), "{by_address}");
    }
}
