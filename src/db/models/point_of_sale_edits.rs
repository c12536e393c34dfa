//! Writes to points of sale, by the producers that keep them and by officials, and the
//! lists they work from: a producer's own list (hidden ones included), the officials' review
//! queue, and the full export.
//!
//! Rules: the products sold at a point of sale are replaced whole on every save (none: the
//! producer's whole range), and only the producer's own products are ever listed; a save
//! queues the producer's products for the search index (where they are sold is part of
//! their documents). Audit rows are written by the callers (`actions::points_of_sale`), in
//! the same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::point_of_sale::{NewPointOfSale, PointOfSale, PointOfSaleProduct, SaleKind};
use super::search_outbox::SearchOutbox;
use super::{PageRequest, Paged};
use crate::db::DbConnection;
use crate::db::schema::{point_of_sale_products, points_of_sale, producers, products};

/// What a producer (or an official) writes about a point of sale.
#[derive(Debug, Clone, PartialEq)]
pub struct PointOfSaleFields {
    pub name: String,
    pub kind: SaleKind,
    pub address: String,
    pub ward: String,
    pub province_id: i32,
    pub phone: String,
    pub opening_hours: String,
    pub url: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The producer's products sold there; empty: the whole range.
    pub products: Vec<i32>,
}

/// Which points of sale the officials' list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewFilter {
    /// Changed by a producer since an official last looked.
    NeedsReview,
    Hidden,
    All,
}

/// A point of sale with its producer, as the officials' list and the export show it.
#[derive(Debug, Clone)]
pub struct PointOfSaleRow {
    pub point: PointOfSale,
    pub producer_slug: String,
    pub producer_name: String,
    pub producer_tax_code: Option<String>,
}

/// Most points of sale one producer may keep (the business page lists them all).
pub const MAX_PER_PRODUCER: i64 = 500;

impl PointOfSale {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<PointOfSale> {
        points_of_sale::table
            .find(id)
            .select(PointOfSale::as_select())
            .first(conn)
    }

    /// Every point of sale of a producer, hidden ones included, by name.
    pub fn of_producer(conn: &mut DbConnection, producer_id: i32) -> QueryResult<Vec<PointOfSale>> {
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .order((points_of_sale::name, points_of_sale::id))
            .limit(MAX_PER_PRODUCER)
            .select(PointOfSale::as_select())
            .load(conn)
    }

    pub fn count_of_producer(conn: &mut DbConnection, producer_id: i32) -> QueryResult<i64> {
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .count()
            .get_result(conn)
    }

    /// The products listed for each of `ids` (any status), as (point of sale, product id).
    pub fn listed_products(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<(i32, i32)>> {
        point_of_sale_products::table
            .filter(point_of_sale_products::point_of_sale_id.eq_any(ids))
            .order((
                point_of_sale_products::point_of_sale_id,
                point_of_sale_products::product_id,
            ))
            .select((
                point_of_sale_products::point_of_sale_id,
                point_of_sale_products::product_id,
            ))
            .load(conn)
    }

    /// Adds a point of sale to `producer_id`; its id.
    pub fn create(
        conn: &mut DbConnection,
        producer_id: i32,
        f: &PointOfSaleFields,
        needs_review: bool,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        conn.transaction(|conn| {
            let id = diesel::insert_into(points_of_sale::table)
                .values(NewPointOfSale {
                    producer_id,
                    name: f.name.clone(),
                    kind: f.kind,
                    address: f.address.clone(),
                    ward: f.ward.clone(),
                    province_id: f.province_id,
                    phone: f.phone.clone(),
                    opening_hours: f.opening_hours.clone(),
                    url: f.url.clone(),
                    latitude: f.latitude,
                    longitude: f.longitude,
                    hidden: false,
                    needs_review,
                    created_at: now,
                    updated_at: now,
                })
                .returning(points_of_sale::id)
                .get_result(conn)?;
            Self::replace_products(conn, id, &f.products)?;
            SearchOutbox::enqueue_producer(conn, producer_id)?;
            Ok(id)
        })
    }

    /// Saves `f` over point of sale `id`; `needs_review` is set as given (a producer's edit
    /// of a public point of sale asks for a look, an official's edit is one).
    pub fn update(
        conn: &mut DbConnection,
        id: i32,
        f: &PointOfSaleFields,
        needs_review: bool,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        conn.transaction(|conn| {
            let producer_id: i32 = diesel::update(points_of_sale::table.find(id))
                .set((
                    points_of_sale::name.eq(&f.name),
                    points_of_sale::kind.eq(f.kind),
                    points_of_sale::address.eq(&f.address),
                    points_of_sale::ward.eq(&f.ward),
                    points_of_sale::province_id.eq(f.province_id),
                    points_of_sale::phone.eq(&f.phone),
                    points_of_sale::opening_hours.eq(&f.opening_hours),
                    points_of_sale::url.eq(&f.url),
                    points_of_sale::latitude.eq(f.latitude),
                    points_of_sale::longitude.eq(f.longitude),
                    points_of_sale::needs_review.eq(needs_review),
                    points_of_sale::updated_at.eq(now),
                ))
                .returning(points_of_sale::producer_id)
                .get_result(conn)?;
            Self::replace_products(conn, id, &f.products)?;
            SearchOutbox::enqueue_producer(conn, producer_id)
        })
    }

    /// Lists exactly `product_ids` for point of sale `id`.
    fn replace_products(conn: &mut DbConnection, id: i32, product_ids: &[i32]) -> QueryResult<()> {
        diesel::delete(
            point_of_sale_products::table.filter(point_of_sale_products::point_of_sale_id.eq(id)),
        )
        .execute(conn)?;
        let mut ids = product_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        // One row at a time: the connection over both backends has no batch insert.
        for product_id in ids {
            diesel::insert_into(point_of_sale_products::table)
                .values(PointOfSaleProduct {
                    point_of_sale_id: id,
                    product_id,
                })
                .execute(conn)?;
        }
        Ok(())
    }

    /// Removes point of sale `id` (its product list goes with it).
    pub fn delete(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
        conn.transaction(|conn| {
            let producer_id: i32 = diesel::delete(points_of_sale::table.find(id))
                .returning(points_of_sale::producer_id)
                .get_result(conn)?;
            SearchOutbox::enqueue_producer(conn, producer_id)
        })
    }

    /// Hides or shows again point of sale `id`; whether it changed.
    pub fn set_hidden(conn: &mut DbConnection, id: i32, hidden: bool) -> QueryResult<bool> {
        let changed: Option<i32> = diesel::update(
            points_of_sale::table
                .find(id)
                .filter(points_of_sale::hidden.ne(hidden)),
        )
        .set(points_of_sale::hidden.eq(hidden))
        .returning(points_of_sale::producer_id)
        .get_result(conn)
        .optional()?;
        if let Some(producer_id) = changed {
            SearchOutbox::enqueue_producer(conn, producer_id)?;
        }
        Ok(changed.is_some())
    }

    /// Marks point of sale `id` as looked at; whether it was waiting for that.
    pub fn mark_reviewed(conn: &mut DbConnection, id: i32) -> QueryResult<bool> {
        let changed = diesel::update(
            points_of_sale::table
                .find(id)
                .filter(points_of_sale::needs_review.eq(true)),
        )
        .set(points_of_sale::needs_review.eq(false))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// The officials' list: newest change first, one page.
    pub fn review_list(
        conn: &mut DbConnection,
        filter: ReviewFilter,
        page: PageRequest,
    ) -> QueryResult<Paged<PointOfSaleRow>> {
        let query = || {
            let q = points_of_sale::table
                .inner_join(producers::table)
                .into_boxed();
            match filter {
                ReviewFilter::NeedsReview => q.filter(points_of_sale::needs_review.eq(true)),
                ReviewFilter::Hidden => q.filter(points_of_sale::hidden.eq(true)),
                ReviewFilter::All => q,
            }
        };
        let total = query().count().get_result(conn)?;
        let rows: Vec<(PointOfSale, String, String, Option<String>)> = query()
            .order((points_of_sale::updated_at.desc(), points_of_sale::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select((
                PointOfSale::as_select(),
                producers::slug,
                producers::name,
                producers::tax_code,
            ))
            .load(conn)?;
        Ok(Paged {
            items: rows.into_iter().map(PointOfSaleRow::from).collect(),
            total,
            page,
        })
    }

    /// Every point of sale with its producer, by producer and name (the export), in pages of
    /// `limit` after id `after` in that order's key: callers loop until a short page.
    pub fn export_page(
        conn: &mut DbConnection,
        after: i32,
        limit: i64,
    ) -> QueryResult<Vec<PointOfSaleRow>> {
        let rows: Vec<(PointOfSale, String, String, Option<String>)> = points_of_sale::table
            .inner_join(producers::table)
            .filter(points_of_sale::id.gt(after))
            .order(points_of_sale::id)
            .limit(limit)
            .select((
                PointOfSale::as_select(),
                producers::slug,
                producers::name,
                producers::tax_code,
            ))
            .load(conn)?;
        Ok(rows.into_iter().map(PointOfSaleRow::from).collect())
    }

    /// The slugs of the products listed for each of `ids`, any status, as (point, slug).
    pub fn listed_product_slugs(
        conn: &mut DbConnection,
        ids: &[i32],
    ) -> QueryResult<Vec<(i32, String)>> {
        point_of_sale_products::table
            .inner_join(products::table)
            .filter(point_of_sale_products::point_of_sale_id.eq_any(ids))
            .order((point_of_sale_products::point_of_sale_id, products::slug))
            .select((point_of_sale_products::point_of_sale_id, products::slug))
            .load(conn)
    }

    /// The point of sale of `producer_id` with this name and address (folded comparison is
    /// the caller's: they are stored as written), if any: how an import recognises a line
    /// it imported before.
    pub fn find_same(
        conn: &mut DbConnection,
        producer_id: i32,
        name: &str,
        address: &str,
    ) -> QueryResult<Option<PointOfSale>> {
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .filter(points_of_sale::name.eq(name))
            .filter(points_of_sale::address.eq(address))
            .order(points_of_sale::id)
            .select(PointOfSale::as_select())
            .first(conn)
            .optional()
    }
}

impl From<(PointOfSale, String, String, Option<String>)> for PointOfSaleRow {
    fn from((point, slug, name, tax): (PointOfSale, String, String, Option<String>)) -> Self {
        PointOfSaleRow {
            point,
            producer_slug: slug,
            producer_name: name,
            producer_tax_code: tax,
        }
    }
}

/// Whether a producer's points of sale are public: it has a published product.
pub fn producer_is_public(conn: &mut DbConnection, producer_id: i32) -> QueryResult<bool> {
    let count: i64 = products::table
        .filter(products::producer_id.eq(producer_id))
        .filter(products::status.eq(super::ProductStatus::Published))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}
