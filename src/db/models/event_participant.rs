//! Who takes part in an event (`crate::db::models::event`): a row is a producer as a whole
//! (`product_id` empty) or one product of it. A producer asks to be listed
//! ([`ParticipantStatus::Requested`]); an official lists it ([`ParticipantStatus::Listed`]) or
//! declines. Only listed rows are public. Officials' changes go through the audited commands
//! of `crate::actions::events`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{event_participants, products};
use crate::db::stored::text_enum;
use crate::i18n::Locale;

text_enum! {
    /// Where a producer's participation in an event is: asked for by the producer, listed by
    /// an official (public), or declined.
    pub enum ParticipantStatus {
        Requested = "requested",
        Listed = "listed",
        Declined = "declined",
    }
}

impl ParticipantStatus {
    /// What the business area and the officials' page call it.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("event-participant-{}", self.as_str()))
    }
}

/// A producer (or one of its products) in an event.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = event_participants)]
pub struct Participant {
    pub id: i32,
    pub event_id: i32,
    pub producer_id: i32,
    pub product_id: Option<i32>,
    pub status: ParticipantStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Participant rows read for one event at most (officials' page, public page).
pub const MAX_PARTICIPANTS: i64 = 500;

/// What asking to list a producer (or product) in an event came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// A new row was written.
    Added,
    /// An existing row changed status.
    Changed,
    /// The row was already in that state: nothing written.
    Unchanged,
}

impl Participant {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Participant> {
        event_participants::table
            .find(id)
            .select(Participant::as_select())
            .first(conn)
    }

    /// Every row of event `event_id` (officials' page), requests first, at most
    /// [`MAX_PARTICIPANTS`].
    pub fn of_event(conn: &mut DbConnection, event_id: i32) -> QueryResult<Vec<Participant>> {
        event_participants::table
            .filter(event_participants::event_id.eq(event_id))
            .order((event_participants::status.desc(), event_participants::id))
            .limit(MAX_PARTICIPANTS)
            .select(Participant::as_select())
            .load(conn)
    }

    /// The listed rows of event `event_id` (its public page), at most [`MAX_PARTICIPANTS`].
    pub fn listed_in(conn: &mut DbConnection, event_id: i32) -> QueryResult<Vec<Participant>> {
        event_participants::table
            .filter(event_participants::event_id.eq(event_id))
            .filter(event_participants::status.eq(ParticipantStatus::Listed))
            .order(event_participants::id)
            .limit(MAX_PARTICIPANTS)
            .select(Participant::as_select())
            .load(conn)
    }

    /// The rows of the given producers in the given events (the business area), bounded.
    pub fn of_producers_in(
        conn: &mut DbConnection,
        producer_ids: &[i32],
        event_ids: &[i32],
    ) -> QueryResult<Vec<Participant>> {
        if producer_ids.is_empty() || event_ids.is_empty() {
            return Ok(Vec::new());
        }
        event_participants::table
            .filter(event_participants::producer_id.eq_any(producer_ids))
            .filter(event_participants::event_id.eq_any(event_ids))
            .order(event_participants::id)
            .limit(MAX_PARTICIPANTS)
            .select(Participant::as_select())
            .load(conn)
    }

    /// The row of `producer_id` (and `product_id`, or the producer as a whole) in `event_id`.
    fn find(
        conn: &mut DbConnection,
        event_id: i32,
        producer_id: i32,
        product_id: Option<i32>,
    ) -> QueryResult<Option<Participant>> {
        let q = event_participants::table
            .filter(event_participants::event_id.eq(event_id))
            .filter(event_participants::producer_id.eq(producer_id))
            .into_boxed();
        let q = match product_id {
            Some(id) => q.filter(event_participants::product_id.eq(id)),
            None => q.filter(event_participants::product_id.is_null()),
        };
        q.select(Participant::as_select()).first(conn).optional()
    }

    /// Puts `producer_id` (with `product_id`, or as a whole) in `event_id` with `status`: a
    /// new row, or the existing one changed. Returns the row's id and what happened. A
    /// producer's request never overrides an official's decision (`requested` only replaces
    /// nothing); an official's listing replaces anything.
    pub fn put(
        conn: &mut DbConnection,
        event_id: i32,
        producer_id: i32,
        product_id: Option<i32>,
        status: ParticipantStatus,
    ) -> QueryResult<(i32, Listing)> {
        let now = chrono::Utc::now().naive_utc();
        match Participant::find(conn, event_id, producer_id, product_id)? {
            Some(row) if row.status == status || status == ParticipantStatus::Requested => {
                Ok((row.id, Listing::Unchanged))
            }
            Some(row) => {
                Participant::set_status(conn, row.id, row.status, status)?;
                Ok((row.id, Listing::Changed))
            }
            None => {
                let id = diesel::insert_into(event_participants::table)
                    .values((
                        event_participants::event_id.eq(event_id),
                        event_participants::producer_id.eq(producer_id),
                        event_participants::product_id.eq(product_id),
                        event_participants::status.eq(status),
                        event_participants::created_at.eq(now),
                        event_participants::updated_at.eq(now),
                    ))
                    .returning(event_participants::id)
                    .get_result(conn)?;
                Ok((id, Listing::Added))
            }
        }
    }

    /// Moves row `id` from `from` to `to`; `false` when it was not in `from` (nothing
    /// written), so two officials deciding at once cannot both apply.
    pub fn set_status(
        conn: &mut DbConnection,
        id: i32,
        from: ParticipantStatus,
        to: ParticipantStatus,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            event_participants::table
                .find(id)
                .filter(event_participants::status.eq(from)),
        )
        .set((
            event_participants::status.eq(to),
            event_participants::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// `(id, name, slug)` of the products `ids`, whatever their status (officials' page).
    pub fn product_names(
        conn: &mut DbConnection,
        ids: &[i32],
    ) -> QueryResult<Vec<(i32, String, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        products::table
            .filter(products::id.eq_any(ids))
            .select((products::id, products::name, products::slug))
            .load(conn)
    }

    /// Removes row `id` if it is still a request (a producer withdrawing it); `false`
    /// otherwise.
    pub fn withdraw(conn: &mut DbConnection, id: i32) -> QueryResult<bool> {
        let removed = diesel::delete(
            event_participants::table
                .find(id)
                .filter(event_participants::status.eq(ParticipantStatus::Requested)),
        )
        .execute(conn)?;
        Ok(removed == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_label_in_both_languages() {
        for locale in Locale::ALL {
            for s in ParticipantStatus::ALL {
                assert!(!s.label(locale).starts_with("event-participant-"), "{s}");
            }
        }
    }
}
