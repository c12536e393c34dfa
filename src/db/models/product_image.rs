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
