//! Server-side sessions: revocable at once by deleting the row.
//!
//! A session ends after [`IDLE_LIFETIME`] without use, and in any case [`ABSOLUTE_LIFETIME`]
//! after it was created, however often it is used (a stolen cookie does not live forever).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::user::User;
use crate::db::DbConnection;
use crate::db::schema::{sessions, users};

/// How long a session lives without use.
pub const IDLE_LIFETIME: Duration = Duration::days(14);
/// How long a session lives at most, used or not: then its user logs in again.
pub const ABSOLUTE_LIFETIME: Duration = Duration::days(30);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i32,
    pub token_hash: String,
    pub user_id: i32,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl Session {
    /// Stores a new session for `user_id`, dropping expired sessions of everyone.
    pub fn create(
        conn: &mut DbConnection,
        user_id: i32,
        token_hash: &str,
        csrf_token: &str,
    ) -> QueryResult<i32> {
        let now = chrono::Utc::now().naive_utc();
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?;
        diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(token_hash),
                sessions::user_id.eq(user_id),
                sessions::csrf_token.eq(csrf_token),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now + IDLE_LIFETIME),
            ))
            .returning(sessions::id)
            .get_result(conn)
    }

    /// The live session with this token hash and its user, unless expired (idle or past its
    /// absolute lifetime) or suspended. Extends the session when it was last seen over an hour
    /// ago, never beyond its absolute lifetime.
    pub fn find_live(
        conn: &mut DbConnection,
        token_hash: &str,
    ) -> QueryResult<Option<(Session, User)>> {
        let now = chrono::Utc::now().naive_utc();
        let found: Option<(Session, User)> = sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::created_at.gt(now - ABSOLUTE_LIFETIME))
            .filter(users::suspended_at.is_null())
            .select((Session::as_select(), User::as_select()))
            .first(conn)
            .optional()?;
        if let Some((session, _)) = &found
            && now - session.last_seen_at > Duration::hours(1)
        {
            diesel::update(sessions::table.find(session.id))
                .set((
                    sessions::last_seen_at.eq(now),
                    sessions::expires_at
                        .eq((now + IDLE_LIFETIME).min(session.created_at + ABSOLUTE_LIFETIME)),
                ))
                .execute(conn)?;
        }
        Ok(found)
    }

    pub fn delete(conn: &mut DbConnection, id: i32) -> QueryResult<usize> {
        diesel::delete(sessions::table.find(id)).execute(conn)
    }
}
