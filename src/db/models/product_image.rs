//! Product photos: rows pointing at content-addressed files in the media store.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::product_images;

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

impl ProductImage {
    /// Adds a photo at the end, unless the product already has [`MAX_PHOTOS`]; the files must
    /// already be stored. Returns the new id, or `None` when full.
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
