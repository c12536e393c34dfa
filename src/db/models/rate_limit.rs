//! Rate limits kept in the database, so they hold across app instances.
//!
//! Each attempt is a row of `rate_limit_events` in its bucket. Counting the bucket and adding
//! the attempt happen in one [`exclusive`] transaction on the bucket, so concurrent attempts
//! are admitted one after the other and never more than `max` get through, on both backends.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::lock::{exclusive, try_lock};
use crate::db::schema::rate_limit_events;

pub struct RateLimit;

/// Events are kept at least this long, whatever the window of the bucket being hit, so a
/// short window (logins, 15 minutes) never prunes the events of a long one (reports, 1 hour).
const KEEP: Duration = Duration::days(1);

/// Lock key of the table-wide pruning: one transaction prunes at a time, the others skip it.
const PRUNE_KEY: &str = "rate-limit:prune";

impl RateLimit {
    /// Records an attempt in `bucket` unless `max` were already made within `window`;
    /// returns whether this attempt is allowed. Old events are pruned as it goes
    /// ([`RateLimit::prune`]).
    pub fn hit(
        conn: &mut DbConnection,
        bucket: &str,
        max: i64,
        window: Duration,
    ) -> QueryResult<bool> {
        exclusive(conn, &RateLimit::lock_key(bucket), |conn| {
            RateLimit::prune(conn, window)?;
            RateLimit::hit_locked(conn, &[(bucket, max)], window)
        })
    }

    /// Drops the events older than [`KEEP`] (or `window`, if longer), in every bucket, so the
    /// table stays small; skipped while another transaction prunes. Call it inside
    /// [`exclusive`].
    pub fn prune(conn: &mut DbConnection, window: Duration) -> QueryResult<()> {
        // Only one pruner at a time (PostgreSQL): two deleting the same old rows in
        // different orders could deadlock.
        if try_lock(conn, PRUNE_KEY)? {
            let expired = chrono::Utc::now().naive_utc() - window.max(KEEP);
            diesel::delete(rate_limit_events::table.filter(rate_limit_events::at.lt(expired)))
                .execute(conn)?;
        }
        Ok(())
    }

    /// The lock key of `bucket`, for a caller that takes it with others
    /// ([`crate::db::lock::exclusive_all`]) and then calls [`RateLimit::hit_locked`].
    pub fn lock_key(bucket: &str) -> String {
        format!("rate-limit:{bucket}")
    }

    /// Records an attempt in each of `buckets` (name, most attempts within `window`) if every
    /// one has room; otherwise records nothing. The caller's transaction must hold the
    /// buckets' [`RateLimit::lock_key`]s.
    pub fn hit_locked(
        conn: &mut DbConnection,
        buckets: &[(&str, i64)],
        window: Duration,
    ) -> QueryResult<bool> {
        let now = chrono::Utc::now().naive_utc();
        let since = now - window;
        for (bucket, max) in buckets {
            let recent: i64 = rate_limit_events::table
                .filter(rate_limit_events::bucket.eq(bucket))
                .filter(rate_limit_events::at.ge(since))
                .count()
                .get_result(conn)?;
            if recent >= *max {
                return Ok(false);
            }
        }
        for (bucket, _) in buckets {
            diesel::insert_into(rate_limit_events::table)
                .values((
                    rate_limit_events::bucket.eq(*bucket),
                    rate_limit_events::at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(true)
    }
}
