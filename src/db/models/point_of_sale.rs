//! Points of sale: where a producer's goods (or one product) can be bought.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Product, ProductStatus};
use crate::db::schema::{points_of_sale, products};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = points_of_sale)]
pub struct PointOfSale {
    pub id: i32,
    pub producer_id: i32,
    pub product_id: Option<i32>,
    pub name: String,
    pub address: String,
    pub ward: String,
    pub province_id: i32,
    pub phone: String,
    pub opening_hours: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = points_of_sale, treat_none_as_default_value = false)]
pub struct NewPointOfSale {
    pub producer_id: i32,
    pub product_id: Option<i32>,
    pub name: String,
    pub address: String,
    pub ward: String,
    pub province_id: i32,
    pub phone: String,
    pub opening_hours: String,
}

/// Most points of sale shown on one page.
const MAX_SHOWN: i64 = 50;

impl PointOfSale {
    /// Where to buy a published product: its own points of sale first, then its producer's
    /// general ones. It takes the product itself, not its id and its producer's id, which
    /// could be passed the wrong way round.
    pub fn for_product(
        conn: &mut DbConnection,
        product: &Product,
    ) -> QueryResult<Vec<PointOfSale>> {
        let (producer_id, product_id) = (product.producer_id, product.id);
        let published = products::table
            .filter(products::id.eq(product_id))
            .filter(products::status.eq(ProductStatus::Published))
            .select(products::id.nullable());
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .filter(
                points_of_sale::product_id
                    .eq_any(published)
                    .or(points_of_sale::product_id.is_null()),
            )
            .order((points_of_sale::product_id.desc(), points_of_sale::name))
            .limit(MAX_SHOWN)
            .select(PointOfSale::as_select())
            .load(conn)
    }

    /// A producer's public points of sale: its general ones and those of its published
    /// products. A point of sale of a draft, hidden or rejected product is as private as the
    /// product.
    pub fn for_producer(
        conn: &mut DbConnection,
        producer_id: i32,
    ) -> QueryResult<Vec<PointOfSale>> {
        let published = products::table
            .filter(products::producer_id.eq(producer_id))
            .filter(products::status.eq(ProductStatus::Published))
            .select(products::id.nullable());
        points_of_sale::table
            .filter(points_of_sale::producer_id.eq(producer_id))
            .filter(
                points_of_sale::product_id
                    .is_null()
                    .or(points_of_sale::product_id.eq_any(published)),
            )
            .order(points_of_sale::name)
            .limit(MAX_SHOWN)
            .select(PointOfSale::as_select())
            .load(conn)
    }
}
