//! Indexes a bulk load builds once at its end instead of updating at every row.
//!
//! The catalogue's orders and filters are served by about a dozen indexes on `award_keys` and
//! `products` that no write reads. A million generated products write some six million award
//! keys; updating these indexes key by key took most of `seed-demo`'s time, while building
//! one from the finished table is a single sort. So a bulk load:
//!
//! 1. [`drop_for_bulk`]: copies each index's definition, as the database holds it (the
//!    migrations stay its only source), into `deferred_indexes`, and drops the index, in one
//!    transaction;
//! 2. writes its rows;
//! 3. [`rebuild`]: creates each index again and deletes its row, one transaction per index.
//!
//! A run interrupted between 1 and 3 leaves the rows: every start ([`super::Db::migrate`])
//! calls [`rebuild`], so the indexes come back before the site serves a page. Only indexes
//! that no write needs are listed: the unique keys and `award_keys_product` (which the
//! award refresh deletes by) stay.

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::deferred_indexes;
use indicatif::ProgressBar;

/// The indexes a bulk load may build at its end: read by the catalogue's pages, written by
/// no query.
pub const DEFERRABLE: [&str; 13] = [
    "award_keys_name",
    "award_keys_list",
    "award_keys_category",
    "award_keys_province",
    "award_keys_alias",
    "award_keys_newest",
    "award_keys_award_year",
    "award_keys_tier",
    "award_keys_list_province",
    "award_keys_list_alias",
    "products_category_newest",
    "products_province_newest",
    "products_alias_newest",
];

/// An index and the statement that creates it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Insertable)]
#[diesel(table_name = deferred_indexes)]
pub struct Deferred {
    pub name: String,
    pub definition: String,
}

/// Records the definitions of the [`DEFERRABLE`] indexes that exist and drops them, all in
/// one transaction; returns how many were dropped. Call [`rebuild`] when the load is written.
pub fn drop_for_bulk(conn: &mut DbConnection) -> anyhow::Result<usize> {
    conn.transaction(|conn| {
        let held = definitions(conn)?;
        for index in &held {
            diesel::insert_into(deferred_indexes::table)
                .values(index)
                .execute(conn)?;
            conn.batch_execute(&format!("DROP INDEX {}", index.name))?;
        }
        anyhow::Ok(held.len())
    })
    .context("cannot set the catalogue's read indexes aside for the bulk load")
}

/// The indexes set aside and not built yet, by name.
pub fn pending(conn: &mut DbConnection) -> QueryResult<Vec<Deferred>> {
    deferred_indexes::table
        .order(deferred_indexes::name)
        .load(conn)
}

/// Builds every index [`drop_for_bulk`] set aside (one transaction each, so an interrupted
/// rebuild keeps what it finished), counting them on `bar`; returns how many it built.
pub fn rebuild(conn: &mut DbConnection, bar: &ProgressBar) -> anyhow::Result<usize> {
    let pending = pending(conn).context("cannot read the indexes set aside")?;
    if pending.is_empty() {
        return Ok(0);
    }
    bar.set_length(pending.len() as u64);
    for index in &pending {
        tracing::info!(index = %index.name, "building an index set aside by a bulk load");
        conn.transaction(|conn| {
            // A start racing the end of the bulk load may have built it already.
            if !definitions(conn)?
                .iter()
                .any(|held| held.name == index.name)
            {
                conn.batch_execute(&index.definition)?;
            }
            diesel::delete(deferred_indexes::table.find(&index.name)).execute(conn)?;
            anyhow::Ok(())
        })
        .with_context(|| format!("cannot build the index {}", index.name))?;
        bar.inc(1);
    }
    bar.finish();
    Ok(pending.len())
}

/// The definitions of the [`DEFERRABLE`] indexes this database holds, as it holds them, by
/// name.
pub fn definitions(conn: &mut DbConnection) -> QueryResult<Vec<Deferred>> {
    let names = DEFERRABLE
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = match conn {
        DbConnection::Sqlite(_) => format!(
            "SELECT name, sql AS definition FROM sqlite_master \
             WHERE type = 'index' AND name IN ({names}) ORDER BY name"
        ),
        DbConnection::Postgresql(_) => format!(
            "SELECT indexname AS name, indexdef AS definition FROM pg_indexes \
             WHERE schemaname = current_schema() AND indexname IN ({names}) ORDER BY indexname"
        ),
    };
    diesel::sql_query(sql).load(conn)
}
