//! Fairs, product weeks ("Tuần hàng Việt") and promotion months: events officials publish,
//! with the producers (and products) taking part.
//!
//! An event is public once published. It is upcoming (or ongoing) until the end of its
//! `ends_on` day and past afterwards: every query takes "today" (the site's clock,
//! `crate::clock::SiteClock`), so an event ends by itself, with nothing to run.
//!
//! Who takes part is in `event_participant`; only listed participants make an event show on a
//! product's or producer's page. Officials' changes are audited commands in
//! `crate::actions::events`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::event_participant::ParticipantStatus;
use super::{PageRequest, Paged, Product};
use crate::db::DbConnection;
use crate::db::schema::{event_participants, events};
use crate::db::stored::text_enum;
use crate::i18n::Locale;

text_enum! {
    /// What kind of event it is.
    pub enum EventKind {
        /// "Tuần hàng Việt": a week of Vietnamese goods.
        ProductWeek = "product-week",
        Fair = "fair",
        /// The city's promotion month.
        PromotionMonth = "promotion-month",
        Other = "other",
    }
}

impl EventKind {
    /// What pages call it.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("event-kind-{}", self.as_str()))
    }
}

/// When an event is, seen from a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    Upcoming,
    Ongoing,
    Past,
}

impl Timing {
    pub fn of(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> Timing {
        if ends_on < today {
            Timing::Past
        } else if starts_on <= today {
            Timing::Ongoing
        } else {
            Timing::Upcoming
        }
    }

    pub fn label(self, locale: Locale) -> String {
        locale.t(match self {
            Timing::Upcoming => "event-timing-upcoming",
            Timing::Ongoing => "event-timing-ongoing",
            Timing::Past => "event-timing-past",
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i32,
    pub slug: String,
    pub name: String,
    /// Empty when the event has no English name.
    pub name_en: String,
    pub kind: EventKind,
    pub venue: String,
    pub address: String,
    pub province_id: i32,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub starts_on: NaiveDate,
    /// The last day (included).
    pub ends_on: NaiveDate,
    pub organiser: String,
    pub description: String,
    pub description_en: String,
    pub published: bool,
    /// When it was first published (the feed's date).
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an official writes; checked by the form before it gets here.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFields {
    pub name: String,
    pub name_en: String,
    pub kind: EventKind,
    pub venue: String,
    pub address: String,
    pub province_id: i32,
    /// Latitude and longitude, both or neither.
    pub position: Option<(f64, f64)>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub organiser: String,
    pub description: String,
    pub description_en: String,
}

/// Events a product or producer page lists at most.
pub const MAX_ON_PAGE: i64 = 5;
/// Events in the feed and the sitemap at most.
pub const MAX_LISTED: i64 = 10_000;

impl Event {
    pub fn timing(&self, today: NaiveDate) -> Timing {
        Timing::of(self.starts_on, self.ends_on, today)
    }

    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Event> {
        events::table
            .find(id)
            .select(Event::as_select())
            .first(conn)
    }

    /// A published event by slug; unpublished ones are not found.
    pub fn published_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Event> {
        events::table
            .filter(events::slug.eq(slug))
            .filter(events::published.eq(true))
            .select(Event::as_select())
            .first(conn)
    }

    /// `/hoi-cho`: published events still running on `today` (soonest first), then past
    /// ones (most recently ended first), one page of them.
    pub fn public_list(
        conn: &mut DbConnection,
        today: NaiveDate,
        page: PageRequest,
    ) -> QueryResult<Paged<Event>> {
        let upcoming = || {
            events::table
                .filter(events::published.eq(true))
                .filter(events::ends_on.ge(today))
        };
        let past = || {
            events::table
                .filter(events::published.eq(true))
                .filter(events::ends_on.lt(today))
        };
        let running: i64 = upcoming().count().get_result(conn)?;
        let ended: i64 = past().count().get_result(conn)?;
        let offset = page.offset();
        let mut items: Vec<Event> = Vec::new();
        if offset < running {
            items = upcoming()
                .order((events::starts_on, events::ends_on, events::id))
                .limit(page.per_page)
                .offset(offset)
                .select(Event::as_select())
                .load(conn)?;
        }
        let room = page.per_page - items.len() as i64;
        if room > 0 {
            items.extend(
                past()
                    .order((events::ends_on.desc(), events::id.desc()))
                    .limit(room)
                    .offset((offset - running).max(0))
                    .select(Event::as_select())
                    .load(conn)?,
            );
        }
        Ok(Paged {
            items,
            total: running + ended,
            page,
        })
    }

    /// Published events not over on `today`, soonest first (the business area), at most
    /// `limit`.
    pub fn upcoming(
        conn: &mut DbConnection,
        today: NaiveDate,
        limit: i64,
    ) -> QueryResult<Vec<Event>> {
        events::table
            .filter(events::published.eq(true))
            .filter(events::ends_on.ge(today))
            .order((events::starts_on, events::id))
            .limit(limit)
            .select(Event::as_select())
            .load(conn)
    }

    /// Upcoming published events where `product` can be found: it is listed, or its producer
    /// is listed as a whole. At most [`MAX_ON_PAGE`].
    pub fn upcoming_for_product(
        conn: &mut DbConnection,
        product: &Product,
        today: NaiveDate,
    ) -> QueryResult<Vec<Event>> {
        let listed = event_participants::table
            .filter(event_participants::status.eq(ParticipantStatus::Listed))
            .filter(
                event_participants::product_id
                    .eq(product.id)
                    .or(event_participants::producer_id
                        .eq(product.producer_id)
                        .and(event_participants::product_id.is_null())),
            )
            .select(event_participants::event_id);
        events::table
            .filter(events::published.eq(true))
            .filter(events::ends_on.ge(today))
            .filter(events::id.eq_any(listed))
            .order((events::starts_on, events::id))
            .limit(MAX_ON_PAGE)
            .select(Event::as_select())
            .load(conn)
    }

    /// Upcoming published events where producer `producer_id` is listed (as a whole or with
    /// a product). At most [`MAX_ON_PAGE`].
    pub fn upcoming_for_producer(
        conn: &mut DbConnection,
        producer_id: i32,
        today: NaiveDate,
    ) -> QueryResult<Vec<Event>> {
        let listed = event_participants::table
            .filter(event_participants::status.eq(ParticipantStatus::Listed))
            .filter(event_participants::producer_id.eq(producer_id))
            .select(event_participants::event_id);
        events::table
            .filter(events::published.eq(true))
            .filter(events::ends_on.ge(today))
            .filter(events::id.eq_any(listed))
            .order((events::starts_on, events::id))
            .limit(MAX_ON_PAGE)
            .select(Event::as_select())
            .load(conn)
    }

    /// Published events, most recently published first (the feed, the sitemap).
    pub fn latest_published(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Event>> {
        events::table
            .filter(events::published.eq(true))
            .order((events::published_at.desc(), events::id.desc()))
            .limit(limit.clamp(0, MAX_LISTED))
            .select(Event::as_select())
            .load(conn)
    }

    /// Every event for officials, latest start first.
    pub fn all(conn: &mut DbConnection, page: PageRequest) -> QueryResult<Paged<Event>> {
        let total = events::table.count().get_result(conn)?;
        let items = events::table
            .order((events::starts_on.desc(), events::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(Event::as_select())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    /// Inserts an unpublished event under `slug` (a free one: see
    /// `slug::insert_with_free_slug`); returns its id.
    pub fn insert_row(
        conn: &mut DbConnection,
        slug: &str,
        fields: &EventFields,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::insert_into(events::table)
            .values((
                events::slug.eq(slug),
                events::name.eq(&fields.name),
                events::name_en.eq(&fields.name_en),
                events::kind.eq(fields.kind),
                events::venue.eq(&fields.venue),
                events::address.eq(&fields.address),
                events::province_id.eq(fields.province_id),
                events::latitude.eq(fields.position.map(|p| p.0)),
                events::longitude.eq(fields.position.map(|p| p.1)),
                events::starts_on.eq(fields.starts_on),
                events::ends_on.eq(fields.ends_on),
                events::organiser.eq(&fields.organiser),
                events::description.eq(&fields.description),
                events::description_en.eq(&fields.description_en),
                events::published.eq(false),
                events::created_at.eq(now),
                events::updated_at.eq(now),
            ))
            .returning(events::id)
            .get_result(conn)
    }

    /// Saves new details; the slug stays, since other sites link to it. Not found: diesel's
    /// `NotFound`.
    pub fn save(
        conn: &mut DbConnection,
        id: i32,
        fields: &EventFields,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let changed = diesel::update(events::table.find(id))
            .set((
                events::name.eq(&fields.name),
                events::name_en.eq(&fields.name_en),
                events::kind.eq(fields.kind),
                events::venue.eq(&fields.venue),
                events::address.eq(&fields.address),
                events::province_id.eq(fields.province_id),
                events::latitude.eq(fields.position.map(|p| p.0)),
                events::longitude.eq(fields.position.map(|p| p.1)),
                events::starts_on.eq(fields.starts_on),
                events::ends_on.eq(fields.ends_on),
                events::organiser.eq(&fields.organiser),
                events::description.eq(&fields.description),
                events::description_en.eq(&fields.description_en),
                events::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        Ok(())
    }

    /// Publishes or withdraws the event; the first publication keeps its time (the feed's).
    pub fn set_published(
        conn: &mut DbConnection,
        event: &Event,
        published: bool,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let published_at = if published {
            Some(event.published_at.unwrap_or(now))
        } else {
            event.published_at
        };
        diesel::update(events::table.find(event.id))
            .set((
                events::published.eq(published),
                events::published_at.eq(published_at),
                events::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// The fields as stored, for the officials' form.
    pub fn fields(&self) -> EventFields {
        EventFields {
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            kind: self.kind,
            venue: self.venue.clone(),
            address: self.address.clone(),
            province_id: self.province_id,
            position: self.latitude.zip(self.longitude),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            organiser: self.organiser.clone(),
            description: self.description.clone(),
            description_en: self.description_en.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_past_after_its_last_day() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).expect("a date");
        assert_eq!(Timing::of(day(10), day(12), day(9)), Timing::Upcoming);
        assert_eq!(Timing::of(day(10), day(12), day(10)), Timing::Ongoing);
        assert_eq!(Timing::of(day(10), day(12), day(12)), Timing::Ongoing);
        assert_eq!(Timing::of(day(10), day(12), day(13)), Timing::Past);
    }

    #[test]
    fn every_kind_has_a_label_in_both_languages() {
        for locale in Locale::ALL {
            for k in EventKind::ALL {
                assert!(!k.label(locale).starts_with("event-kind-"), "{k}");
            }
        }
    }
}
