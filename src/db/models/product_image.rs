//! Product photos: rows pointing at content-addressed files in the media store.
//!
//! Photos change only while their product is a draft or rejected, and that is decided inside
//! the transaction that changes them, with the product row locked ([`ProductImage::lock_editable`]):
//! a photo whose upload began before the product was sent for review cannot land after it. Files
//! are shared between rows with the same content, so a deletion reports whether the file lost its
//! last reference ([`Deleted::unreferenced`]); the caller removes it after the commit.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::membership::Membership;
use crate::db::models::product::ProductStatus;
use crate::db::schema::{producers, product_images, products};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = product_images)]
pub struct ProductImage {
    pub id: i32,
    pub product_id: i32,
    pub content_hash: String,
    pub width: i32,
    pub height: i32,
    pub sort_order: i32,
    pub alt: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = product_images)]
pub struct NewProductImage {
    pub product_id: i32,
    pub content_hash: String,
    pub width: i32,
    pub height: i32,
    pub sort_order: i32,
    pub alt: String,
}

impl ProductImage {
    /// Photos of one product, in display order.
    pub fn for_product(conn: &mut DbConnection, product_id: i32) -> QueryResult<Vec<ProductImage>> {
        product_images::table
            .filter(product_images::product_id.eq(product_id))
            .order((product_images::sort_order, product_images::id))
            .select(ProductImage::as_select())
            .load(conn)
    }

    /// The first photo of each of the given products (those that have one).
    pub fn covers(conn: &mut DbConnection, product_ids: &[i32]) -> QueryResult<Vec<ProductImage>> {
        if product_ids.is_empty() {
            return Ok(Vec::new());
        }
        let all: Vec<ProductImage> = product_images::table
            .filter(product_images::product_id.eq_any(product_ids))
            .order((
                product_images::product_id,
                product_images::sort_order,
                product_images::id,
            ))
            .select(ProductImage::as_select())
            .load(conn)?;
        let mut covers: Vec<ProductImage> = Vec::with_capacity(product_ids.len());
        for image in all {
            if covers
                .last()
                .is_none_or(|c| c.product_id != image.product_id)
            {
                covers.push(image);
            }
        }
        Ok(covers)
    }
}

/// Most photos a product may have.
pub const MAX_PHOTOS: i64 = 8;

/// What [`ProductImage::append_checked`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// The new photo's id.
    Added(i32),
    /// The product already has [`MAX_PHOTOS`].
    Full,
    /// The product is no longer a draft or rejected (sent for review meanwhile, say).
    NotEditable,
    /// The user no longer manages the product, or it is gone.
    NotOwned,
}

/// A deleted photo row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub content_hash: String,
    pub width: i32,
    /// No row refers to the content any more when the deletion commits: its files can go.
    pub unreferenced: bool,
}

impl ProductImage {
    /// Locks the product's row for the rest of the transaction if it is a draft or rejected;
    /// `false` otherwise. A write (not a read), so that on PostgreSQL a concurrent status change
    /// waits for this transaction or is seen by it, and on SQLite the transaction holds the write
    /// lock from here on.
    pub fn lock_editable(conn: &mut DbConnection, product_id: i32) -> QueryResult<bool> {
        let editable = [ProductStatus::Draft, ProductStatus::Rejected].map(ProductStatus::as_str);
        let locked = diesel::update(
            products::table
                .filter(products::id.eq(product_id))
                .filter(products::status.eq_any(editable)),
        )
        .set(products::status.eq(products::status))
        .execute(conn)?;
        Ok(locked == 1)
    }

    /// Adds a photo at the end, in one transaction that first re-checks everything the upload
    /// was allowed on: the product is still editable ([`ProductImage::lock_editable`]), `user_id`
    /// still manages it, and it has fewer than [`MAX_PHOTOS`]. The files must already be stored.
    pub fn append_checked(
        conn: &mut DbConnection,
        user_id: i32,
        new: NewProductImage,
    ) -> QueryResult<Appended> {
        conn.transaction(|conn| {
            if !ProductImage::lock_editable(conn, new.product_id)? {
                let exists: i64 = products::table
                    .filter(products::id.eq(new.product_id))
                    .count()
                    .get_result(conn)?;
                return Ok(if exists == 0 {
                    Appended::NotOwned
                } else {
                    Appended::NotEditable
                });
            }
            let producer_id: i32 = products::table
                .find(new.product_id)
                .select(products::producer_id)
                .first(conn)?;
            if !Membership::is_active(conn, user_id, super::producer::ProducerId(producer_id))? {
                return Ok(Appended::NotOwned);
            }
            Ok(match ProductImage::append(conn, new)? {
                Some(id) => Appended::Added(id),
                None => Appended::Full,
            })
        })
    }

    /// How many photos the product has.
    pub fn count_for(conn: &mut DbConnection, product_id: i32) -> QueryResult<i64> {
        product_images::table
            .filter(product_images::product_id.eq(product_id))
            .count()
            .get_result(conn)
    }

    /// Whether any row (a product photo, a producer logo) refers to the content `hash`.
    pub fn is_referenced(conn: &mut DbConnection, hash: &str) -> QueryResult<bool> {
        let photos: i64 = product_images::table
            .filter(product_images::content_hash.eq(hash))
            .count()
            .get_result(conn)?;
        let logos: i64 = producers::table
            .filter(producers::logo_hash.eq(hash))
            .count()
            .get_result(conn)?;
        Ok(photos + logos > 0)
    }

    /// Deletes photo `id` of the product, if it is one of its photos, and says whether its
    /// content lost its last reference, in one transaction.
    pub fn delete(
        conn: &mut DbConnection,
        product_id: i32,
        id: i32,
    ) -> QueryResult<Option<Deleted>> {
        conn.transaction(|conn| {
            let Some((content_hash, width)) = product_images::table
                .filter(product_images::id.eq(id))
                .filter(product_images::product_id.eq(product_id))
                .select((product_images::content_hash, product_images::width))
                .first::<(String, i32)>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            ProductImage::remove(conn, product_id, id)?;
            let unreferenced = !ProductImage::is_referenced(conn, &content_hash)?;
            Ok(Some(Deleted {
                content_hash,
                width,
                unreferenced,
            }))
        })
    }

    /// Adds a photo at the end, unless the product already has [`MAX_PHOTOS`]; the files must
    /// already be stored. Returns the new id, or `None` when full. Checks nothing else: uploads
    /// go through [`ProductImage::append_checked`].
    pub fn append(conn: &mut DbConnection, new: NewProductImage) -> QueryResult<Option<i32>> {
        conn.transaction(|conn| {
            let existing: Vec<i32> = product_images::table
                .filter(product_images::product_id.eq(new.product_id))
                .select(product_images::sort_order)
                .load(conn)?;
            if existing.len() as i64 >= MAX_PHOTOS {
                return Ok(None);
            }
            let order = existing.iter().max().map_or(0, |m| m + 1);
            let id = diesel::insert_into(product_images::table)
                .values(NewProductImage {
                    sort_order: order,
                    ..new
                })
                .returning(product_images::id)
                .get_result(conn)?;
            Ok(Some(id))
        })
    }

    /// Deletes the row only (its files stay): [`ProductImage::delete`] is the deletion of a
    /// photo.
    pub fn remove(conn: &mut DbConnection, product_id: i32, id: i32) -> QueryResult<usize> {
        diesel::delete(
            product_images::table
                .filter(product_images::id.eq(id))
                .filter(product_images::product_id.eq(product_id)),
        )
        .execute(conn)
    }

    /// Swaps the photo with its neighbour (`up`: towards the first place).
    pub fn shift(conn: &mut DbConnection, product_id: i32, id: i32, up: bool) -> QueryResult<()> {
        conn.transaction(|conn| {
            let photos = ProductImage::for_product(conn, product_id)?;
            let Some(pos) = photos.iter().position(|p| p.id == id) else {
                return Err(diesel::result::Error::NotFound);
            };
            let other = if up {
                pos.checked_sub(1)
            } else {
                Some(pos + 1).filter(|i| *i < photos.len())
            };
            if let Some(other) = other {
                // Renumber densely, then swap the two.
                for (i, p) in photos.iter().enumerate() {
                    let place = if i == pos {
                        other
                    } else if i == other {
                        pos
                    } else {
                        i
                    };
                    diesel::update(product_images::table.find(p.id))
                        .set(
                            product_images::sort_order.eq(i32::try_from(place).unwrap_or(i32::MAX)),
                        )
                        .execute(conn)?;
                }
            }
            Ok(())
        })
    }

    /// Puts the photos of `product_id` in the order of `ids`, which must name each of them
    /// exactly once; `false` (and nothing changed) otherwise.
    pub fn reorder(conn: &mut DbConnection, product_id: i32, ids: &[i32]) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let photos = ProductImage::for_product(conn, product_id)?;
            let mut have: Vec<i32> = photos.iter().map(|p| p.id).collect();
            let mut want = ids.to_vec();
            have.sort_unstable();
            want.sort_unstable();
            if have != want {
                return Ok(false);
            }
            for (place, id) in ids.iter().enumerate() {
                diesel::update(product_images::table.find(id))
                    .set(product_images::sort_order.eq(i32::try_from(place).unwrap_or(i32::MAX)))
                    .execute(conn)?;
            }
            Ok(true)
        })
    }

    /// How many photos each of `product_ids` has (products without photos are left out).
    pub fn counts_for(
        conn: &mut DbConnection,
        product_ids: &[i32],
    ) -> QueryResult<Vec<(i32, i64)>> {
        product_images::table
            .filter(product_images::product_id.eq_any(product_ids))
            .group_by(product_images::product_id)
            .select((product_images::product_id, diesel::dsl::count_star()))
            .load(conn)
    }

    pub fn set_alt(
        conn: &mut DbConnection,
        product_id: i32,
        id: i32,
        alt: &str,
    ) -> QueryResult<usize> {
        diesel::update(
            product_images::table
                .filter(product_images::id.eq(id))
                .filter(product_images::product_id.eq(product_id)),
        )
        .set(product_images::alt.eq(alt))
        .execute(conn)
    }
}
