//! The queries of the bulk downloads (`crate::bulk`): the published catalogue walked in id
//! order, one bounded batch at a time (keyset paging: `id > after ORDER BY id LIMIT n`, served
//! by the primary keys), and the cheap fingerprint that tells when it changed.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, exists, max, not};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Award, PointOfSale, Producer, Product, ProductImage, ProductStatus};
use crate::db::schema::{
    audit_log, awards, point_of_sale_products, points_of_sale, producers, product_images, products,
};

/// Published products with `id > after`, in id order.
pub fn products_after(
    conn: &mut DbConnection,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<Product>> {
    products::table
        .filter(products::status.eq(ProductStatus::Published))
        .filter(products::id.gt(after))
        .order(products::id)
        .limit(limit)
        .select(Product::as_select())
        .load(conn)
}

/// Producers with at least one published product (the others have no public page) and
/// `id > after`, in id order.
pub fn producers_after(
    conn: &mut DbConnection,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<Producer>> {
    producers::table
        .filter(producers::id.gt(after))
        .filter(exists(
            products::table
                .filter(products::producer_id.eq(producers::id))
                .filter(products::status.eq(ProductStatus::Published)),
        ))
        .order(producers::id)
        .limit(limit)
        .select(Producer::as_select())
        .load(conn)
}

/// Awards of published products and firm-level awards of producers with a published product,
/// `id > after`, in id order.
pub fn awards_after(conn: &mut DbConnection, after: i32, limit: i64) -> QueryResult<Vec<Award>> {
    // Correlated, like the points of sale below: an `IN (published products)` list is built
    // again for every batch, a walk of the whole catalogue each time.
    let of_a_published_product = exists(
        products::table
            .filter(products::id.nullable().eq(awards::product_id))
            .filter(products::status.eq(ProductStatus::Published)),
    );
    let of_a_maker = exists(
        products::table
            .filter(products::producer_id.nullable().eq(awards::producer_id))
            .filter(products::status.eq(ProductStatus::Published)),
    );
    awards::table
        .filter(awards::id.gt(after))
        .filter(of_a_published_product.or(of_a_maker))
        .order(awards::id)
        .limit(limit)
        .select(Award::as_select())
        .load(conn)
}

/// Public points of sale, `id > after`, in id order: visible, of a producer with a published
/// product, selling its whole range (nothing listed) or listing a published product.
pub fn points_of_sale_after(
    conn: &mut DbConnection,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<PointOfSale>> {
    // Correlated, so the database walks points of sale by id and stops at `limit`; an
    // `IN (makers)` list made SQLite visit and sort every point of every batch.
    let of_a_maker = exists(
        products::table
            .filter(products::producer_id.eq(points_of_sale::producer_id))
            .filter(products::status.eq(ProductStatus::Published)),
    );
    let selling_published = exists(
        point_of_sale_products::table
            .inner_join(products::table)
            .filter(point_of_sale_products::point_of_sale_id.eq(points_of_sale::id))
            .filter(products::status.eq(ProductStatus::Published)),
    );
    points_of_sale::table
        .filter(points_of_sale::id.gt(after))
        .filter(points_of_sale::hidden.eq(false))
        .filter(of_a_maker)
        .filter(selling_published.or(
            not(exists(point_of_sale_products::table.filter(
                point_of_sale_products::point_of_sale_id.eq(points_of_sale::id),
            ))),
        ))
        .order(points_of_sale::id)
        .limit(limit)
        .select(PointOfSale::as_select())
        .load(conn)
}

/// The photos of `ids`, by product, each in display order.
pub fn images_of(
    conn: &mut DbConnection,
    ids: &[i32],
) -> QueryResult<HashMap<i32, Vec<ProductImage>>> {
    let mut out: HashMap<i32, Vec<ProductImage>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<ProductImage> = product_images::table
        .filter(product_images::product_id.eq_any(ids))
        .order((
            product_images::product_id,
            product_images::sort_order,
            product_images::id,
        ))
        .select(ProductImage::as_select())
        .load(conn)?;
    for image in rows {
        out.entry(image.product_id).or_default().push(image);
    }
    Ok(out)
}

/// `(id, slug, producer_id)` of the products `ids`, any status.
pub fn product_slugs(
    conn: &mut DbConnection,
    ids: &[i32],
) -> QueryResult<HashMap<i32, (String, i32)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String, i32)> = products::table
        .filter(products::id.eq_any(ids))
        .select((products::id, products::slug, products::producer_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, s, p)| (id, (s, p))).collect())
}

/// The slugs of the producers `ids`.
pub fn producer_slugs(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = producers::table
        .filter(producers::id.eq_any(ids))
        .select((producers::id, producers::slug))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// How many rows each published table holds (for a progress bar): products, producers,
/// awards, points of sale, as the files will hold them.
pub fn published_counts(conn: &mut DbConnection) -> QueryResult<[i64; 4]> {
    let products_n = Product::count_published(conn)?;
    let producers_n = Producer::count_with_products(conn)?;
    let awards_n: i64 = awards::table.count().get_result(conn)?;
    let points_n: i64 = points_of_sale::table
        .filter(points_of_sale::hidden.eq(false))
        .count()
        .get_result(conn)?;
    Ok([products_n, producers_n, awards_n, points_n])
}

/// A cheap summary that changes whenever the published catalogue may have changed: row counts
/// and the latest change time of the tables behind the files, the last award id and the last
/// audit-log entry (every official's decision and every import writes one, award edits
/// included). A few aggregate queries, served by the primary keys and the status index.
pub fn fingerprint(conn: &mut DbConnection) -> QueryResult<String> {
    let published: i64 = products::table
        .filter(products::status.eq(ProductStatus::Published))
        .select(count_star())
        .first(conn)?;
    let product_change: Option<NaiveDateTime> = products::table
        .select(max(products::updated_at))
        .first(conn)?;
    let producer_count: i64 = producers::table.select(count_star()).first(conn)?;
    let producer_change: Option<NaiveDateTime> = producers::table
        .select(max(producers::updated_at))
        .first(conn)?;
    let award_count: i64 = awards::table.select(count_star()).first(conn)?;
    let last_award: Option<i32> = awards::table.select(max(awards::id)).first(conn)?;
    let point_count: i64 = points_of_sale::table.select(count_star()).first(conn)?;
    let point_change: Option<NaiveDateTime> = points_of_sale::table
        .select(max(points_of_sale::updated_at))
        .first(conn)?;
    let listings: i64 = point_of_sale_products::table
        .select(count_star())
        .first(conn)?;
    let image_count: i64 = product_images::table.select(count_star()).first(conn)?;
    let last_image: Option<i32> = product_images::table
        .select(max(product_images::id))
        .first(conn)?;
    let last_audit: Option<i32> = audit_log::table.select(max(audit_log::id)).first(conn)?;
    Ok(format!(
        "p{published}/{product_change:?} m{producer_count}/{producer_change:?} \
         a{award_count}/{last_award:?} s{point_count}/{point_change:?}/{listings} \
         i{image_count}/{last_image:?} l{last_audit:?}"
    ))
}

/// Whether the database holds any catalogue row (products, producers, awards, points of
/// sale): `(table, rows)` of the first table that does.
pub fn first_non_empty(conn: &mut DbConnection) -> QueryResult<Option<(&'static str, i64)>> {
    let counts = [
        (
            "producers",
            producers::table.select(count_star()).first::<i64>(conn)?,
        ),
        (
            "products",
            products::table.select(count_star()).first::<i64>(conn)?,
        ),
        (
            "awards",
            awards::table.select(count_star()).first::<i64>(conn)?,
        ),
        (
            "points_of_sale",
            points_of_sale::table
                .select(count_star())
                .first::<i64>(conn)?,
        ),
    ];
    Ok(counts.into_iter().find(|(_, n)| *n > 0))
}
