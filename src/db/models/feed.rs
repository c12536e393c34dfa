//! Read-only queries behind `/feed.xml` and `/sitemap.xml`: what is public, newest or
//! cheapest first, always bounded. Articles come from [`super::Article`].

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::schema::{producers, products};

/// A newly published product, as the feed shows it.
#[derive(Debug, Clone, Queryable)]
pub struct PublishedProduct {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Generated (fictional): the feed says so.
    pub is_demo: bool,
}

/// A public page's slug and when it last changed.
pub type SlugStamp = (String, NaiveDateTime);

/// The `limit` most recently published products, newest first.
pub fn newest_products(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<PublishedProduct>> {
    products::table
        .filter(products::status.eq(ProductStatus::Published))
        .filter(products::published_at.is_not_null())
        .order((products::published_at.desc(), products::id.desc()))
        .limit(limit.max(0))
        .select((
            products::id,
            products::slug,
            products::name,
            products::description,
            products::published_at.assume_not_null(),
            products::updated_at,
            products::is_demo,
        ))
        .load(conn)
}

/// Slugs of up to `limit` published products, in id order.
pub fn product_pages(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<SlugStamp>> {
    products::table
        .filter(products::status.eq(ProductStatus::Published))
        .order(products::id)
        .limit(limit.max(0))
        .select((products::slug, products::updated_at))
        .load(conn)
}

/// Slugs of up to `limit` producers with a public page (at least one published product).
pub fn producer_pages(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<SlugStamp>> {
    let with_products = products::table
        .filter(products::status.eq(ProductStatus::Published))
        .select(products::producer_id);
    producers::table
        .filter(producers::id.eq_any(with_products))
        .order(producers::id)
        .limit(limit.max(0))
        .select((producers::slug, producers::updated_at))
        .load(conn)
}
