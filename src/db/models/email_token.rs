//! Single-use links sent by mail: confirming an address, resetting a password.
//!
//! The link carries a random token; the table keeps only its SHA-256 (like sessions), so a
//! leaked table cannot be replayed. A token is used by one `UPDATE … WHERE used_at IS NULL AND
//! expires_at > now`, so two clicks at the same moment cannot both use it.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::email_tokens;
use crate::db::stored::text_enum;

text_enum! {
    /// What a mailed link is for.
    pub enum TokenPurpose {
        Confirm = "confirm",
        Reset = "reset",
    }
}

impl TokenPurpose {
    /// How long a link of this kind works.
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::Confirm => Duration::days(3),
            TokenPurpose::Reset => Duration::hours(1),
        }
    }
}

pub struct EmailToken;

impl EmailToken {
    /// Stores a new token (by its hash) for `user_id`, valid from `now` for the purpose's
    /// lifetime; earlier unused tokens of the same purpose stop working.
    pub fn create(
        conn: &mut DbConnection,
        user_id: i32,
        purpose: TokenPurpose,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::delete(
            email_tokens::table
                .filter(email_tokens::user_id.eq(user_id))
                .filter(email_tokens::purpose.eq(purpose))
                .filter(email_tokens::used_at.is_null()),
        )
        .execute(conn)?;
        // Used and expired tokens of everyone are of no more use.
        diesel::delete(email_tokens::table.filter(email_tokens::expires_at.le(now)))
            .execute(conn)?;
        diesel::insert_into(email_tokens::table)
            .values((
                email_tokens::user_id.eq(user_id),
                email_tokens::purpose.eq(purpose),
                email_tokens::token_hash.eq(token_hash),
                email_tokens::created_at.eq(now),
                email_tokens::expires_at.eq(now + purpose.lifetime()),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// The user of a token that still works, without using it.
    pub fn peek(
        conn: &mut DbConnection,
        purpose: TokenPurpose,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<i32>> {
        email_tokens::table
            .filter(email_tokens::token_hash.eq(token_hash))
            .filter(email_tokens::purpose.eq(purpose))
            .filter(email_tokens::used_at.is_null())
            .filter(email_tokens::expires_at.gt(now))
            .select(email_tokens::user_id)
            .first(conn)
            .optional()
    }

    /// Uses a token: its user, once; `None` if it is unknown, used or expired.
    pub fn consume(
        conn: &mut DbConnection,
        purpose: TokenPurpose,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<i32>> {
        let Some(user_id) = EmailToken::peek(conn, purpose, token_hash, now)? else {
            return Ok(None);
        };
        let used = diesel::update(
            email_tokens::table
                .filter(email_tokens::token_hash.eq(token_hash))
                .filter(email_tokens::used_at.is_null()),
        )
        .set(email_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
        Ok((used == 1).then_some(user_id))
    }
}
