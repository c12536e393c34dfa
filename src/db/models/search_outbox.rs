//! The search outbox: ids of products whose search document is out of date. Every change to a
//! product, its producer or its awards enqueues in the same transaction; the search worker
//! drains the queue, so the index follows the database even across crashes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{products, search_outbox};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = search_outbox)]
pub struct OutboxEntry {
    pub id: i32,
    pub product_id: i32,
    pub enqueued_at: NaiveDateTime,
    pub attempts: i32,
    pub last_error: Option<String>,
}

pub struct SearchOutbox;

impl SearchOutbox {
    /// Marks products as changed. Call inside the transaction that changes them.
    pub fn enqueue(conn: &mut DbConnection, product_ids: &[i32]) -> QueryResult<()> {
        let now = chrono::Utc::now().naive_utc();
        for id in product_ids {
            diesel::insert_into(search_outbox::table)
                .values((
                    search_outbox::product_id.eq(id),
                    search_outbox::enqueued_at.eq(now),
                    search_outbox::attempts.eq(0),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Marks every product of a producer as changed (after a rename, say).
    pub fn enqueue_producer(conn: &mut DbConnection, producer_id: i32) -> QueryResult<()> {
        let ids: Vec<i32> = products::table
            .filter(products::producer_id.eq(producer_id))
            .select(products::id)
            .load(conn)?;
        Self::enqueue(conn, &ids)
    }

    /// The oldest `limit` entries.
    pub fn next_batch(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<OutboxEntry>> {
        search_outbox::table
            .order(search_outbox::id)
            .limit(limit)
            .select(OutboxEntry::as_select())
            .load(conn)
    }

    /// Removes entries once their products are indexed.
    pub fn remove(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<usize> {
        diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(ids))).execute(conn)
    }

    /// Records a failed attempt, to be retried.
    pub fn record_failure(conn: &mut DbConnection, ids: &[i32], error: &str) -> QueryResult<usize> {
        diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(ids)))
            .set((
                search_outbox::attempts.eq(search_outbox::attempts + 1),
                search_outbox::last_error.eq(error),
            ))
            .execute(conn)
    }

    pub fn pending(conn: &mut DbConnection) -> QueryResult<i64> {
        search_outbox::table.count().get_result(conn)
    }

    /// Empties the queue: a full rebuild supersedes it.
    pub fn clear_up_to(conn: &mut DbConnection, max_id: i32) -> QueryResult<usize> {
        diesel::delete(search_outbox::table.filter(search_outbox::id.le(max_id))).execute(conn)
    }

    pub fn max_id(conn: &mut DbConnection) -> QueryResult<Option<i32>> {
        search_outbox::table
            .select(diesel::dsl::max(search_outbox::id))
            .first(conn)
    }
}
