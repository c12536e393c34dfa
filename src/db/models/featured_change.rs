//! Officials curating featured collections: create, edit, schedule, delete, and add, order
//! and remove their products. Every change is audited in its transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Product;
use super::audit::{Actor, Audit, AuditAction, AuditTarget};
use super::featured::{FeaturedCollection, NewFeaturedCollection, NewFeaturedItem};
use crate::db::DbConnection;
use crate::db::schema::{featured_collection_items, featured_collections, products};

/// Most products one collection holds.
pub const MAX_ITEMS: i64 = 60;
/// Most collections listed in the officials' area.
const MAX_LISTED: i64 = 200;

/// What an official fills in for a collection. Times are UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionFields {
    pub title: String,
    pub description: String,
    pub sort_order: i32,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
}

/// Why a product could not be added.
#[derive(Debug, PartialEq, Eq)]
pub enum AddItem {
    Added,
    AlreadyIn,
    Full,
}

fn target(id: i32) -> AuditTarget {
    AuditTarget::Collection(id)
}

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
            .limit(MAX_ITEMS)
            .select((featured_collection_items::id, Product::as_select()))
            .load(conn)
    }

    pub fn create(
        conn: &mut DbConnection,
        actor: &Actor,
        f: &CollectionFields,
    ) -> QueryResult<i32> {
        super::slug::insert_with_free_slug(
            conn,
            super::slug::SlugTable::Collections,
            &crate::text::slugify(&f.title),
            |conn, slug| {
                let id = NewFeaturedCollection {
                    slug: slug.to_owned(),
                    title: f.title.clone(),
                    description: f.description.clone(),
                    sort_order: f.sort_order,
                    starts_at: f.starts_at,
                    ends_at: f.ends_at,
                    created_at: chrono::Utc::now().naive_utc(),
                }
                .insert(conn)?;
                Audit::record(
                    conn,
                    actor,
                    AuditAction::CreateCollection,
                    &target(id),
                    &f.title,
                )?;
                Ok(id)
            },
        )
    }

    /// Changes a collection; false when there is no such collection.
    pub fn update(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        f: &CollectionFields,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::update(featured_collections::table.find(id))
                .set((
                    featured_collections::title.eq(&f.title),
                    featured_collections::description.eq(&f.description),
                    featured_collections::sort_order.eq(f.sort_order),
                    featured_collections::starts_at.eq(f.starts_at),
                    featured_collections::ends_at.eq(f.ends_at),
                ))
                .execute(conn)?;
            if n == 1 {
                Audit::record(
                    conn,
                    actor,
                    AuditAction::UpdateCollection,
                    &target(id),
                    &f.title,
                )?;
            }
            Ok(n == 1)
        })
    }

    pub fn delete(conn: &mut DbConnection, actor: &Actor, id: i32) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let title: Option<String> = featured_collections::table
                .find(id)
                .select(featured_collections::title)
                .first(conn)
                .optional()?;
            let Some(title) = title else {
                return Ok(false);
            };
            diesel::delete(
                featured_collection_items::table
                    .filter(featured_collection_items::collection_id.eq(id)),
            )
            .execute(conn)?;
            diesel::delete(featured_collections::table.find(id)).execute(conn)?;
            Audit::record(
                conn,
                actor,
                AuditAction::DeleteCollection,
                &target(id),
                &title,
            )?;
            Ok(true)
        })
    }

    /// Adds a product at the end of the collection.
    pub fn add_item(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        product_id: i32,
    ) -> QueryResult<AddItem> {
        conn.transaction(|conn| {
            let positions: Vec<(i32, i32)> = featured_collection_items::table
                .filter(featured_collection_items::collection_id.eq(id))
                .select((
                    featured_collection_items::product_id,
                    featured_collection_items::position,
                ))
                .load(conn)?;
            if positions.iter().any(|(p, _)| *p == product_id) {
                return Ok(AddItem::AlreadyIn);
            }
            if positions.len() as i64 >= MAX_ITEMS {
                return Ok(AddItem::Full);
            }
            let position = positions.iter().map(|(_, n)| *n).max().map_or(0, |n| n + 1);
            diesel::insert_into(featured_collection_items::table)
                .values(NewFeaturedItem {
                    collection_id: id,
                    product_id,
                    position,
                })
                .execute(conn)?;
            Audit::record(
                conn,
                actor,
                AuditAction::AddCollectionItem,
                &target(id),
                &format!("product:{product_id}"),
            )?;
            Ok(AddItem::Added)
        })
    }

    /// Moves an item one place up or down (swapping with its neighbour); false when the item
    /// is not in the collection. Moving the first item up changes nothing.
    pub fn move_item(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        item: i32,
        up: bool,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let order: Vec<i32> = featured_collection_items::table
                .filter(featured_collection_items::collection_id.eq(id))
                .order((
                    featured_collection_items::position,
                    featured_collection_items::id,
                ))
                .select(featured_collection_items::id)
                .load(conn)?;
            let Some(at) = order.iter().position(|i| *i == item) else {
                return Ok(false);
            };
            let to = if up { at.checked_sub(1) } else { Some(at + 1) };
            let Some(to) = to.filter(|t| *t < order.len()) else {
                return Ok(true);
            };
            let mut order = order;
            order.swap(at, to);
            // Renumber all: positions stay dense whatever happened before.
            for (position, item_id) in order.iter().enumerate() {
                diesel::update(featured_collection_items::table.find(item_id))
                    .set(featured_collection_items::position.eq(position as i32))
                    .execute(conn)?;
            }
            let how = if up { "lên" } else { "xuống" };
            Audit::record(
                conn,
                actor,
                AuditAction::ReorderCollection,
                &target(id),
                &format!("item:{item} {how}"),
            )?;
            Ok(true)
        })
    }

    /// Removes an item; false when it is not in the collection.
    pub fn remove_item(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        item: i32,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::delete(
                featured_collection_items::table
                    .filter(featured_collection_items::collection_id.eq(id))
                    .filter(featured_collection_items::id.eq(item)),
            )
            .execute(conn)?;
            if n == 1 {
                Audit::record(
                    conn,
                    actor,
                    AuditAction::RemoveCollectionItem,
                    &target(id),
                    &format!("item:{item}"),
                )?;
            }
            Ok(n == 1)
        })
    }
}
