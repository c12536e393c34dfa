//! Counts of published products, kept by the database itself: triggers of migration
//! `catalogue_counts` update them in the same transaction as every write to `products`
//! (publish, unpublish, moderation, edits, deletion, the demo loader, bulk loads), so the
//! application only reads them. Reading one is a primary-key look-up, whatever the size of
//! the catalogue; the home page, the catalogue's totals and the producer directory use them
//! instead of counting the catalogue on each request.
//!
//! Counts that depend on awards or provinces are not kept here (their combinations are
//! endless): lists filtered by them count only as far as they page (see
//! [`super::product::LIST_CAP`]).

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{catalogue_totals, category_counts, producer_counts};

/// Published products per category: `(category id, count)` for every category that has had
/// one (counts may be 0).
pub fn per_category(conn: &mut DbConnection) -> QueryResult<Vec<(i32, i64)>> {
    category_counts::table
        .select((category_counts::category_id, category_counts::published))
        .order(category_counts::category_id)
        .load(conn)
}

/// Published products in the category `id`.
pub fn of_category(conn: &mut DbConnection, id: i32) -> QueryResult<i64> {
    Ok(category_counts::table
        .find(id)
        .select(category_counts::published)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Published products in the whole catalogue (the sum over the few categories).
pub fn published(conn: &mut DbConnection) -> QueryResult<i64> {
    Ok(per_category(conn)?.iter().map(|(_, n)| n).sum())
}

/// Published products of each of the producers `ids` that has any.
pub fn of_producers(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<(i32, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    producer_counts::table
        .filter(producer_counts::producer_id.eq_any(ids))
        .filter(producer_counts::published.gt(0))
        .select((producer_counts::producer_id, producer_counts::published))
        .load(conn)
}

/// Published products of the producer `id`.
pub fn of_producer(conn: &mut DbConnection, id: i32) -> QueryResult<i64> {
    Ok(of_producers(conn, &[id])?.first().map_or(0, |(_, n)| *n))
}

/// Producers with at least one published product.
pub fn producers_with_products(conn: &mut DbConnection) -> QueryResult<i64> {
    Ok(catalogue_totals::table
        .select(catalogue_totals::producers_with_products)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}
