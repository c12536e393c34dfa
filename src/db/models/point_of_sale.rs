//! Points of sale: where a producer's goods can be bought. A point of sale sells the products
//! listed for it in `point_of_sale_products`, or, when none are listed, every product of its
//! producer. Hidden ones (by an official) are never public.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Product, ProductStatus};
use crate::db::schema::{point_of_sale_products, points_of_sale, products};
use crate::db::stored::text_enum;

text_enum! {
    /// What kind of place a point of sale is.
    pub enum SaleKind {
        /// The producer's own shop.
        Shop = "shop",
        Agent = "agent",
        Supermarket = "supermarket",
        Market = "market",
        /// An online shop (its `url` says where).
        Online = "online",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = points_of_sale)]
pub struct PointOfSale {
    pub id: i32,
    pub producer_id: i32,
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
    pub hidden: bool,
    pub needs_review: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = points_of_sale, treat_none_as_default_value = false)]
pub struct NewPointOfSale {
    pub producer_id: i32,
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
    pub hidden: bool,
    pub needs_review: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A product listed for a point of sale.
#[derive(Debug, Clone, Copy, Queryable, Insertable)]
#[diesel(table_name = point_of_sale_products)]
pub struct PointOfSaleProduct {
    pub point_of_sale_id: i32,
    pub product_id: i32,
}

/// Most points of sale shown on one page.
const MAX_SHOWN: i64 = 50;

/// A point of sale as a public page lists it: whether it is listed for the product on the page
/// (rather than selling the whole range).
pub struct ListedPointOfSale {
    pub point: PointOfSale,
    pub for_this_product: bool,
}

impl PointOfSale {
    /// Where to buy a published product: the visible points of sale of its producer that list
    /// it, then those that list nothing (they sell the whole range). It takes the product
    /// itself, not its id and its producer's id, which could be passed the wrong way round.
    pub fn for_product(
        conn: &mut DbConnection,
        product: &Product,
    ) -> QueryResult<Vec<ListedPointOfSale>> {
        if product.status != ProductStatus::Published {
            return Ok(Vec::new());
        }
        let listing = point_of_sale_products::table
            .filter(point_of_sale_products::product_id.eq(product.id))
            .select(point_of_sale_products::point_of_sale_id);
        let listed: Vec<i32> = listing.load(conn)?;
        let found: Vec<PointOfSale> = points_of_sale::table
            .filter(points_of_sale::producer_id.eq(product.producer_id))
            .filter(points_of_sale::hidden.eq(false))
            .filter(points_of_sale::id.eq_any(listing).or(
                not(exists(point_of_sale_products::table.filter(
                    point_of_sale_products::point_of_sale_id.eq(points_of_sale::id),
                ))),
            ))
            .order((points_of_sale::name, points_of_sale::id))
            .limit(MAX_SHOWN)
            .select(PointOfSale::as_select())
            .load(conn)?;
        let mut shown: Vec<ListedPointOfSale> = found
            .into_iter()
            .map(|point| ListedPointOfSale {
                for_this_product: listed.contains(&point.id),
                point,
            })
            .collect();
        shown.sort_by_key(|s| !s.for_this_product);
        Ok(shown)
    }

    /// A producer's public points of sale: visible ones that sell the whole range or list at
    /// least one published product. A point of sale listing only draft, hidden or rejected
    /// products is as private as they are.
    pub fn for_producer(
        conn: &mut DbConnection,
        producer_id: i32,
    ) -> QueryResult<Vec<PointOfSale>> {
        let published = products::table
            .filter(products::producer_id.eq(producer_id))
            .filter(products::status.eq(ProductStatus::Published))
            .select(products::id);
        let selling_published = point_of_sale_products::table
            .filter(point_of_sale_products::product_id.eq_any(published))
            .select(point_of_sale_products::point_of_sale_id);
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .filter(points_of_sale::hidden.eq(false))
            .filter(points_of_sale::id.eq_any(selling_published).or(
                not(exists(point_of_sale_products::table.filter(
                    point_of_sale_products::point_of_sale_id.eq(points_of_sale::id),
                ))),
            ))
            .order((points_of_sale::name, points_of_sale::id))
            .limit(MAX_SHOWN)
            .select(PointOfSale::as_select())
            .load(conn)
    }

    /// The slugs of the published products listed for each of `ids` (absent: none listed),
    /// in name order.
    pub fn published_products_of(
        conn: &mut DbConnection,
        ids: &[i32],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<String>>> {
        let rows: Vec<(i32, String)> = point_of_sale_products::table
            .inner_join(products::table)
            .filter(point_of_sale_products::point_of_sale_id.eq_any(ids))
            .filter(products::status.eq(ProductStatus::Published))
            .order((products::name_folded, products::id))
            .select((point_of_sale_products::point_of_sale_id, products::slug))
            .load(conn)?;
        let mut map: std::collections::HashMap<i32, Vec<String>> = Default::default();
        for (id, slug) in rows {
            map.entry(id).or_default().push(slug);
        }
        Ok(map)
    }

    /// The provinces where each of `products` is sold: those of the visible points of sale of
    /// its producer that list it or list nothing (by product id; absent: sold nowhere known).
    pub fn provinces_of_products(
        conn: &mut DbConnection,
        products: &[Product],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<i32>>> {
        let mut producer_ids: Vec<i32> = products.iter().map(|p| p.producer_id).collect();
        producer_ids.sort_unstable();
        producer_ids.dedup();
        let points: Vec<(i32, i32, i32)> = points_of_sale::table
            .filter(points_of_sale::producer_id.eq_any(&producer_ids))
            .filter(points_of_sale::hidden.eq(false))
            .select((
                points_of_sale::id,
                points_of_sale::producer_id,
                points_of_sale::province_id,
            ))
            .load(conn)?;
        let point_ids: Vec<i32> = points.iter().map(|p| p.0).collect();
        let listings: Vec<(i32, i32)> = point_of_sale_products::table
            .filter(point_of_sale_products::point_of_sale_id.eq_any(&point_ids))
            .select((
                point_of_sale_products::point_of_sale_id,
                point_of_sale_products::product_id,
            ))
            .load(conn)?;
        let mut listed: std::collections::HashMap<i32, Vec<i32>> = Default::default();
        for (point, product) in listings {
            listed.entry(point).or_default().push(product);
        }
        let mut by_producer: std::collections::HashMap<i32, Vec<(i32, i32)>> = Default::default();
        for (point, producer, province) in points {
            by_producer
                .entry(producer)
                .or_default()
                .push((point, province));
        }
        let mut out: std::collections::HashMap<i32, Vec<i32>> = Default::default();
        for product in products {
            for (point, province) in by_producer.get(&product.producer_id).into_iter().flatten() {
                if listed.get(point).is_none_or(|l| l.contains(&product.id)) {
                    out.entry(product.id).or_default().push(*province);
                }
            }
        }
        Ok(out)
    }
}
