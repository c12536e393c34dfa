//! Officials curating featured collections: create, edit, schedule, delete, and add, order
//! and remove their products. Every change is audited in its transaction and drops the
//! cached public pages (the home page shows the collections).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Caches;
use crate::db::models::Product;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::featured::{
    COLLECTION_CAPACITY, FeaturedCollection, NewFeaturedCollection, NewFeaturedItem,
};
use crate::db::models::slug::{SlugTable, insert_with_free_slug};
use crate::db::schema::{featured_collection_items, featured_collections};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::Msg;

/// What an official fills in for a collection. Times are UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionFields {
    pub title: String,
    pub description: String,
    /// Optional English name and description (empty: none).
    pub title_en: String,
    pub description_en: String,
    pub sort_order: i32,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
}

/// What became of adding a product.
#[derive(Debug, PartialEq, Eq)]
pub enum AddItem {
    Added,
    AlreadyIn,
    Full,
    /// No published product has that address.
    NoSuchProduct,
}

/// How an item moves in its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemChange {
    Up,
    Down,
    Remove,
}

fn target(id: i32) -> AuditTarget {
    AuditTarget::Collection(id)
}

/// Runs `change` and drops the public pages when it found what it changed.
async fn changing<T: Send + 'static>(
    db: &Db,
    caches: Caches<'_>,
    changed: fn(&T) -> bool,
    change: impl FnOnce(&mut DbConnection) -> QueryResult<T> + Send + 'static,
) -> Result<T, AppError> {
    let outcome = db.run(move |conn| Ok(change(conn)?)).await?;
    if changed(&outcome) {
        caches.public_pages_changed();
    }
    Ok(outcome)
}

/// Creates a collection under a slug made from its title; returns its id.
pub async fn create(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    f: CollectionFields,
) -> Result<i32, AppError> {
    changing(
        db,
        caches,
        |_| true,
        move |conn| {
            insert_with_free_slug(
                conn,
                SlugTable::Collections,
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
                        title_en: f.title_en.clone(),
                        description_en: f.description_en.clone(),
                    }
                    .insert(conn)?;
                    Audit::record(
                        conn,
                        &actor,
                        AuditAction::CreateCollection,
                        &target(id),
                        &f.title,
                    )?;
                    Ok(id)
                },
            )
        },
    )
    .await
}

/// Changes a collection; false when there is no such collection.
pub async fn update(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    f: CollectionFields,
) -> Result<bool, AppError> {
    changing(
        db,
        caches,
        |found| *found,
        move |conn| {
            conn.transaction(|conn| {
                let n = diesel::update(featured_collections::table.find(id))
                    .set((
                        featured_collections::title.eq(&f.title),
                        featured_collections::description.eq(&f.description),
                        featured_collections::title_en.eq(&f.title_en),
                        featured_collections::description_en.eq(&f.description_en),
                        featured_collections::sort_order.eq(f.sort_order),
                        featured_collections::starts_at.eq(f.starts_at),
                        featured_collections::ends_at.eq(f.ends_at),
                    ))
                    .execute(conn)?;
                if n == 1 {
                    Audit::record(
                        conn,
                        &actor,
                        AuditAction::UpdateCollection,
                        &target(id),
                        &f.title,
                    )?;
                }
                Ok(n == 1)
            })
        },
    )
    .await
}

/// Deletes a collection and its items; false when there is no such collection.
pub async fn delete(db: &Db, caches: Caches<'_>, actor: Actor, id: i32) -> Result<bool, AppError> {
    changing(
        db,
        caches,
        |found| *found,
        move |conn| {
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
                    &actor,
                    AuditAction::DeleteCollection,
                    &target(id),
                    &title,
                )?;
                Ok(true)
            })
        },
    )
    .await
}

/// Adds the published product `slug` at the end of collection `id` (a missing collection is
/// a 404).
pub async fn add_product(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    slug: String,
) -> Result<AddItem, AppError> {
    changing(
        db,
        caches,
        |added| *added == AddItem::Added,
        move |conn| {
            FeaturedCollection::by_id(conn, id)?;
            let product = match Product::published_by_slug(conn, &slug) {
                Ok(product) => product,
                Err(diesel::result::Error::NotFound) => return Ok(AddItem::NoSuchProduct),
                Err(e) => return Err(e),
            };
            add_item(conn, &actor, id, product.id)
        },
    )
    .await
}

fn add_item(
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
        if positions.len() as i64 >= COLLECTION_CAPACITY {
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

/// Moves an item one place up or down, or removes it; false when the item is not in the
/// collection. Moving the first item up changes nothing.
pub async fn change_item(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    item: i32,
    change: ItemChange,
) -> Result<bool, AppError> {
    changing(
        db,
        caches,
        |found| *found,
        move |conn| match change {
            ItemChange::Up => move_item(conn, &actor, id, item, true),
            ItemChange::Down => move_item(conn, &actor, id, item, false),
            ItemChange::Remove => remove_item(conn, &actor, id, item),
        },
    )
    .await
}

fn move_item(
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
        let how = super::audit_note(&Msg::new(if up {
            "audit-note-up"
        } else {
            "audit-note-down"
        }));
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

fn remove_item(conn: &mut DbConnection, actor: &Actor, id: i32, item: i32) -> QueryResult<bool> {
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
