//! Memberships: which users act for which producers.

use diesel::prelude::*;

use super::producer::ProducerId;
use crate::db::DbConnection;
use crate::db::schema::{memberships, producers, users};
use crate::db::stored::text_enum;
use crate::i18n::Locale;

text_enum! {
    /// Where a user's membership of a producer is: a claim waits for an official (`Pending`);
    /// only an `Active` member acts for the producer.
    pub enum MembershipStatus {
        Active = "active",
        Pending = "pending",
        Rejected = "rejected",
    }
}

impl MembershipStatus {
    /// What the business's dashboard shows.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("membership-status-{}", self.as_str()))
    }
}

pub struct Membership;

impl Membership {
    /// Adds `user_id` to `producer_id` with `status`; a second claim changes nothing.
    pub fn add(
        conn: &mut DbConnection,
        user_id: i32,
        ProducerId(producer_id): ProducerId,
        status: MembershipStatus,
    ) -> QueryResult<()> {
        let exists: i64 = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::producer_id.eq(producer_id))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(user_id),
                    memberships::producer_id.eq(producer_id),
                    memberships::status.eq(status),
                    memberships::created_at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Whether `user_id` may act for `producer_id`.
    pub fn is_active(
        conn: &mut DbConnection,
        user_id: i32,
        ProducerId(producer_id): ProducerId,
    ) -> QueryResult<bool> {
        let n: i64 = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::producer_id.eq(producer_id))
            .filter(memberships::status.eq(MembershipStatus::Active))
            .count()
            .get_result(conn)?;
        Ok(n > 0)
    }

    /// `(producer_id, status)` of every membership of a user.
    pub fn of_user(
        conn: &mut DbConnection,
        user_id: i32,
    ) -> QueryResult<Vec<(i32, MembershipStatus)>> {
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .order(memberships::id)
            .limit(100)
            .select((memberships::producer_id, memberships::status))
            .load(conn)
    }

    /// The active, unsuspended members of a producer: who is told of its decisions by mail.
    pub fn active_members(
        conn: &mut DbConnection,
        ProducerId(producer_id): ProducerId,
    ) -> QueryResult<Vec<super::user::User>> {
        memberships::table
            .inner_join(users::table)
            .filter(memberships::producer_id.eq(producer_id))
            .filter(memberships::status.eq(MembershipStatus::Active))
            .filter(users::suspended_at.is_null())
            .order(users::id)
            .limit(50)
            .select(super::user::User::as_select())
            .load(conn)
    }

    /// The claimant and the producer's name of membership `id`.
    pub fn claimant(conn: &mut DbConnection, id: i32) -> QueryResult<(super::user::User, String)> {
        memberships::table
            .inner_join(users::table)
            .inner_join(producers::table)
            .filter(memberships::id.eq(id))
            .select((super::user::User::as_select(), producers::name))
            .first(conn)
    }
}
