//! Addresses an account has logged in from successfully: the account-wide login limit spares
//! them (see `auth::throttle`).

use chrono::Duration;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::login_addresses;

/// How long after its last successful login an address stays known.
pub const KNOWN_FOR: Duration = Duration::days(90);

pub struct LoginAddress;

impl LoginAddress {
    /// Whether `user_id` logged in from `address` (an address key) within [`KNOWN_FOR`].
    pub fn is_known(conn: &mut DbConnection, user_id: i32, address: &str) -> QueryResult<bool> {
        let since = chrono::Utc::now().naive_utc() - KNOWN_FOR;
        diesel::select(diesel::dsl::exists(
            login_addresses::table
                .filter(login_addresses::user_id.eq(user_id))
                .filter(login_addresses::address.eq(address))
                .filter(login_addresses::last_success_at.ge(since)),
        ))
        .get_result(conn)
    }

    /// Records a successful login of `user_id` from `address`, and forgets addresses of
    /// everyone unused for longer than [`KNOWN_FOR`].
    pub fn remember(conn: &mut DbConnection, user_id: i32, address: &str) -> QueryResult<()> {
        let now = chrono::Utc::now().naive_utc();
        diesel::delete(
            login_addresses::table.filter(login_addresses::last_success_at.lt(now - KNOWN_FOR)),
        )
        .execute(conn)?;
        let updated = diesel::update(
            login_addresses::table
                .filter(login_addresses::user_id.eq(user_id))
                .filter(login_addresses::address.eq(address)),
        )
        .set(login_addresses::last_success_at.eq(now))
        .execute(conn)?;
        if updated > 0 {
            return Ok(());
        }
        match diesel::insert_into(login_addresses::table)
            .values((
                login_addresses::user_id.eq(user_id),
                login_addresses::address.eq(address),
                login_addresses::last_success_at.eq(now),
            ))
            .execute(conn)
        {
            // A concurrent login from the same address recorded it first: just as good.
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
