//! Officials' daily digest of pending work: one mail a day to each official who opted in
//! (account page), from [`DIGEST_HOUR`] Vietnam time, only when something is pending; never
//! one mail per event.
//!
//! "Once a day" holds across instances: an official's `digest_sent_on` is moved to today by a
//! conditional update in the transaction that queues the mail, so only one round wins it. A
//! day with nothing pending counts as done too (no mail later that day).

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use diesel::prelude::*;

use super::Worker;
use super::compose::{self, PendingWork};
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::moderation::pending_counts;
use crate::db::models::report::Report;
use crate::db::models::user::{Role, User};
use crate::db::schema::{points_of_sale, users};
use crate::error::AppError;
use crate::site::SiteAddress;

/// The hour (Vietnam time) from which the day's digest goes out.
pub const DIGEST_HOUR: u32 = 7;
/// Officials served per round (more wait for the next round, seconds later).
const ROUND: i64 = 200;

/// Queues the digests due now; the number of mails queued.
pub async fn queue_due(worker: &Worker<'_>) -> Result<usize, AppError> {
    let now = worker.clock.now();
    let site = worker.site.clone();
    worker
        .db
        .run(move |conn| Ok(queue_due_at(conn, &site, now)?))
        .await
}

fn queue_due_at(
    conn: &mut DbConnection,
    site: &SiteAddress,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let local = vietnam_time(now);
    if local.hour() < DIGEST_HOUR {
        return Ok(0);
    }
    let today = local.date();
    let waiting = waiting_officials(conn, today)?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let work = PendingWork {
        queue: pending_counts(conn)?,
        reports: Report::count_open(conn)?,
        points_of_sale: points_of_sale::table
            .filter(points_of_sale::needs_review.eq(true))
            .count()
            .get_result(conn)?,
    };
    let date = today.format("%d/%m/%Y").to_string();
    let mut queued = 0;
    for official in waiting {
        conn.transaction(|conn| {
            let won = diesel::update(
                users::table.find(official.id).filter(
                    users::digest_sent_on
                        .is_null()
                        .or(users::digest_sent_on.lt(today)),
                ),
            )
            .set(users::digest_sent_on.eq(Some(today)))
            .execute(conn)?;
            if won == 1 && work.total() > 0 {
                let mail = compose::digest(
                    site,
                    official.mail_locale(),
                    &official.email,
                    &official.name,
                    &date,
                    &work,
                );
                MailOutbox::enqueue(conn, &mail, now)?;
                queued += 1;
            }
            QueryResult::Ok(())
        })?;
    }
    Ok(queued)
}

/// Officials and admins who want the digest and have not had today's.
fn waiting_officials(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::wants_digest.eq(true))
        .filter(users::role.eq_any([Role::Official, Role::Admin]))
        .filter(users::suspended_at.is_null())
        .filter(
            users::digest_sent_on
                .is_null()
                .or(users::digest_sent_on.lt(today)),
        )
        .order(users::id)
        .limit(ROUND)
        .select(User::as_select())
        .load(conn)
}
