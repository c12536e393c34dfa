//! Featured collections: ordered, scheduled product lists curated for the home page.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Product;
use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::schema::{featured_collection_items, featured_collections, products};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = featured_collections)]
pub struct FeaturedCollection {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub sort_order: i32,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// Optional English name and description; empty when there is none.
    pub title_en: String,
    pub description_en: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = featured_collections, treat_none_as_default_value = false)]
pub struct NewFeaturedCollection {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub sort_order: i32,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// Optional English name and description; empty when there is none.
    pub title_en: String,
    pub description_en: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = featured_collection_items)]
pub struct NewFeaturedItem {
    pub collection_id: i32,
    pub product_id: i32,
    pub position: i32,
}

/// Collections shown on the home page at once, and products shown per collection.
const MAX_COLLECTIONS: i64 = 4;
const MAX_ITEMS: usize = 8;

impl NewFeaturedCollection {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<i32> {
        diesel::insert_into(featured_collections::table)
            .values(self)
            .returning(featured_collections::id)
            .get_result(conn)
    }
}

impl FeaturedCollection {
    /// Collections running at `now`, each with the ids of its first published products in
    /// their curated order.
    pub fn active_with_items(
        conn: &mut DbConnection,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<(FeaturedCollection, Vec<i32>)>> {
        let collections: Vec<FeaturedCollection> = featured_collections::table
            .filter(
                featured_collections::starts_at
                    .is_null()
                    .or(featured_collections::starts_at.le(now)),
            )
            .filter(
                featured_collections::ends_at
                    .is_null()
                    .or(featured_collections::ends_at.gt(now)),
            )
            .order((featured_collections::sort_order, featured_collections::id))
            .limit(MAX_COLLECTIONS)
            .select(FeaturedCollection::as_select())
            .load(conn)?;
        let ids: Vec<i32> = collections.iter().map(|c| c.id).collect();
        let items: Vec<(i32, i32)> = featured_collection_items::table
            .inner_join(products::table)
            .filter(featured_collection_items::collection_id.eq_any(&ids))
            .filter(products::status.eq(ProductStatus::Published))
            .order((
                featured_collection_items::collection_id,
                featured_collection_items::position,
            ))
            .limit(MAX_COLLECTIONS * 100)
            .select((
                featured_collection_items::collection_id,
                featured_collection_items::product_id,
            ))
            .load(conn)?;
        Ok(collections
            .into_iter()
            .map(|c| {
                let products = items
                    .iter()
                    .filter(|(cid, _)| *cid == c.id)
                    .map(|(_, pid)| *pid)
                    .take(MAX_ITEMS)
                    .collect();
                (c, products)
            })
            .filter(|(_, products): &(FeaturedCollection, Vec<i32>)| !products.is_empty())
            .collect())
    }
}

/// Most products one collection holds.
pub const COLLECTION_CAPACITY: i64 = 60;
/// Most collections listed in the officials' area.
const MAX_LISTED: i64 = 200;

/// The officials' view of collections: every one, scheduled or not.
impl FeaturedCollection {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<FeaturedCollection> {
        featured_collections::table
            .find(id)
            .select(FeaturedCollection::as_select())
            .first(conn)
    }

    /// Every collection with its number of products, in home-page order.
    pub fn all_with_counts(conn: &mut DbConnection) -> QueryResult<Vec<(FeaturedCollection, i64)>> {
        let collections: Vec<FeaturedCollection> = featured_collections::table
            .order((featured_collections::sort_order, featured_collections::id))
            .limit(MAX_LISTED)
            .select(FeaturedCollection::as_select())
            .load(conn)?;
        let ids: Vec<i32> = collections.iter().map(|c| c.id).collect();
        let counts: Vec<(i32, i64)> = featured_collection_items::table
            .filter(featured_collection_items::collection_id.eq_any(&ids))
            .group_by(featured_collection_items::collection_id)
            .select((
                featured_collection_items::collection_id,
                diesel::dsl::count_star(),
            ))
            .load(conn)?;
        Ok(collections
            .into_iter()
            .map(|c| {
                let n = counts
                    .iter()
                    .find(|(id, _)| *id == c.id)
                    .map_or(0, |(_, n)| *n);
                (c, n)
            })
            .collect())
    }

    /// The collection's products in order: `(item id, product)`.
    pub fn items(conn: &mut DbConnection, id: i32) -> QueryResult<Vec<(i32, Product)>> {
        featured_collection_items::table
            .inner_join(products::table)
            .filter(featured_collection_items::collection_id.eq(id))
            .order((
                featured_collection_items::position,
                featured_collection_items::id,
            ))
            .limit(COLLECTION_CAPACITY)
            .select((featured_collection_items::id, Product::as_select()))
            .load(conn)
    }
}
