//! Points of sale: where a producer's goods can be bought. A point of sale sells the products
//! listed for it in `point_of_sale_products`, or, when none are listed, every product of its
//! producer. Hidden ones (by an official) are never public.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use crate::db::models::{PageRequest, Paged, Product, ProductStatus, Programme};
use crate::db::schema::{awards, point_of_sale_products, points_of_sale, products};
use crate::db::stored::text_enum;
use crate::db::{DbConnection, MultiBackend};
use crate::geo::{BoundingBox, Position};

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
        // Two keyed reads: joined in one query, SQLite walked every published product in
        // name order (to skip the sort) and probed the listings of each.
        let listings: Vec<(i32, i32)> = point_of_sale_products::table
            .filter(point_of_sale_products::point_of_sale_id.eq_any(ids))
            .select((
                point_of_sale_products::point_of_sale_id,
                point_of_sale_products::product_id,
            ))
            .load(conn)?;
        let mut product_ids: Vec<i32> = listings.iter().map(|(_, p)| *p).collect();
        product_ids.sort_unstable();
        product_ids.dedup();
        let mut published: Vec<(i32, String, String)> = products::table
            .filter(products::id.eq_any(&product_ids))
            .filter(products::status.eq(ProductStatus::Published))
            .select((products::id, products::slug, products::name_folded))
            .load(conn)?;
        published.sort_unstable_by(|a, b| (&a.2, a.0).cmp(&(&b.2, b.0)));
        let rank: std::collections::HashMap<i32, usize> = published
            .iter()
            .enumerate()
            .map(|(i, (id, _, _))| (*id, i))
            .collect();
        let mut listed: Vec<(usize, i32)> = listings
            .into_iter()
            .filter_map(|(point, product)| rank.get(&product).map(|r| (*r, point)))
            .collect();
        listed.sort_unstable();
        let mut map: std::collections::HashMap<i32, Vec<String>> = Default::default();
        for (r, point) in listed {
            map.entry(point).or_default().push(published[r].1.clone());
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

// ---------------------------------------------------------------------------------------------
// Finding points of sale (issue 13, item 3): public lists by place and by distance.
// ---------------------------------------------------------------------------------------------

/// Radii of the boxes the nearest-first search tries, smallest first (a city centre holds
/// hundreds of points of sale within 2 km); the last holds all of Vietnam from anywhere in it.
const SEARCH_RADII_KM: [f64; 8] = [1.0, 2.0, 5.0, 20.0, 80.0, 300.0, 1200.0, 4000.0];
/// Most wards offered for one province.
const MAX_WARDS: i64 = 500;

/// What a public list of points of sale is narrowed to; every field narrows it. Category and
/// programme apply to the products sold there (those listed, or the producer's whole range
/// when none are listed).
#[derive(Debug, Clone, Default)]
pub struct SaleFilter {
    /// A current province unit.
    pub province_id: Option<i32>,
    pub ward: Option<String>,
    pub category_id: Option<i32>,
    /// An award of this programme, held by a product sold there or by its producer.
    pub programme: Option<Programme>,
    pub producer_id: Option<i32>,
    /// Only where this published product is sold: its producer's points of sale that list it
    /// or list nothing.
    pub product: Option<ProductSold>,
}

/// A published product, for [`SaleFilter::product`].
#[derive(Debug, Clone, Copy)]
pub struct ProductSold {
    pub product_id: i32,
    pub producer_id: i32,
}

impl From<&Product> for ProductSold {
    fn from(p: &Product) -> ProductSold {
        ProductSold {
            product_id: p.id,
            producer_id: p.producer_id,
        }
    }
}

/// A point of sale found near a position, with its distance in kilometres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearby {
    pub id: i32,
    pub distance_km: f64,
}

/// Visible points of sale that sell at least one published product, narrowed by `$narrow`
/// (filters on `products`). Subqueries cannot be boxed on the multi-backend connection, so
/// each combination of narrowing filters is its own static expression.
macro_rules! sells_published {
    ($($narrow:tt)*) => {{
        let listed = point_of_sale_products::table
            .inner_join(products::table)
            .filter(point_of_sale_products::point_of_sale_id.eq(points_of_sale::id))
            .filter(products::status.eq(ProductStatus::Published))
            $($narrow)*;
        let whole_range = products::table
            .filter(products::producer_id.eq(points_of_sale::producer_id))
            .filter(products::status.eq(ProductStatus::Published))
            $($narrow)*;
        let lists_any = point_of_sale_products::table
            .filter(point_of_sale_products::point_of_sale_id.eq(points_of_sale::id));
        exists(listed).or(not(exists(lists_any)).and(exists(whole_range)))
    }};
}

/// Products holding an award of `programme`, or made by a producer holding one.
macro_rules! with_programme {
    ($programme:expr) => {
        products::id
            .eq_any(
                awards::table
                    .filter(awards::programme.eq($programme.slug()))
                    .filter(awards::product_id.is_not_null())
                    .select(awards::product_id.assume_not_null()),
            )
            .or(products::producer_id.eq_any(
                awards::table
                    .filter(awards::programme.eq($programme.slug()))
                    .filter(awards::producer_id.is_not_null())
                    .select(awards::producer_id.assume_not_null()),
            ))
    };
}

impl SaleFilter {
    /// The public points of sale this filter selects.
    fn query(&self) -> points_of_sale::BoxedQuery<'static, MultiBackend> {
        let mut q = points_of_sale::table
            .filter(points_of_sale::hidden.eq(false))
            .into_boxed();
        if let Some(id) = self.province_id {
            q = q.filter(points_of_sale::province_id.eq(id));
        }
        if let Some(ward) = &self.ward {
            q = q.filter(points_of_sale::ward.eq(ward.clone()));
        }
        if let Some(id) = self.producer_id {
            q = q.filter(points_of_sale::producer_id.eq(id));
        }
        if let Some(sold) = self.product {
            let lists_it = point_of_sale_products::table
                .filter(point_of_sale_products::point_of_sale_id.eq(points_of_sale::id))
                .filter(point_of_sale_products::product_id.eq(sold.product_id));
            let lists_any = point_of_sale_products::table
                .filter(point_of_sale_products::point_of_sale_id.eq(points_of_sale::id));
            let published = products::table
                .filter(products::id.eq(sold.product_id))
                .filter(products::status.eq(ProductStatus::Published));
            q = q
                .filter(points_of_sale::producer_id.eq(sold.producer_id))
                .filter(exists(published))
                .filter(exists(lists_it).or(not(exists(lists_any))));
        }
        match (self.category_id, self.programme) {
            (None, None) => q.filter(sells_published!()),
            (Some(c), None) => q.filter(sells_published!(.filter(products::category_id.eq(c)))),
            (None, Some(p)) => q.filter(sells_published!(.filter(with_programme!(p)))),
            (Some(c), Some(p)) => q.filter(sells_published!(
                .filter(products::category_id.eq(c))
                .filter(with_programme!(p))
            )),
        }
    }
}

impl PointOfSale {
    /// One page of the public points of sale `filter` selects, by ward, name and id (a stable
    /// order: the same page shows the same rows).
    pub fn public_page(
        conn: &mut DbConnection,
        filter: &SaleFilter,
        page: PageRequest,
    ) -> QueryResult<Paged<PointOfSale>> {
        let total = filter.query().count().get_result(conn)?;
        let items = filter
            .query()
            .order((
                points_of_sale::ward,
                points_of_sale::name,
                points_of_sale::id,
            ))
            .limit(page.per_page)
            .offset(page.offset())
            .select(PointOfSale::as_select())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    /// The `limit` public points of sale nearest `centre` among those `filter` selects,
    /// nearest first (ties by id); those without coordinates are not among them.
    ///
    /// Only the candidates inside a box around `centre` are read, through the index on
    /// `(latitude, longitude)`; the box grows ([`SEARCH_RADII_KM`]) until it holds `limit`
    /// points within its radius — a point in a corner of the box may be farther than one just
    /// outside it, so only those within the radius count as surely found. Distances are
    /// computed here, exactly.
    pub fn nearest(
        conn: &mut DbConnection,
        filter: &SaleFilter,
        centre: &Position,
        limit: usize,
    ) -> QueryResult<Vec<Nearby>> {
        let last = SEARCH_RADII_KM.len() - 1;
        for (step, radius) in SEARCH_RADII_KM.into_iter().enumerate() {
            let b = BoundingBox::around(centre, radius);
            let rows: Vec<(i32, Option<f64>, Option<f64>)> = filter
                .query()
                .filter(points_of_sale::latitude.between(b.min_latitude, b.max_latitude))
                .filter(points_of_sale::longitude.between(b.min_longitude, b.max_longitude))
                .select((
                    points_of_sale::id,
                    points_of_sale::latitude,
                    points_of_sale::longitude,
                ))
                .load(conn)?;
            let mut found: Vec<Nearby> = rows
                .into_iter()
                .filter_map(|(id, lat, lng)| {
                    let at = Position::new(lat?, lng?)?;
                    Some(Nearby {
                        id,
                        distance_km: centre.distance_km(&at),
                    })
                })
                .collect();
            let within = found.iter().filter(|n| n.distance_km <= radius).count();
            if within >= limit || step == last {
                found.sort_by(|a, b| {
                    a.distance_km
                        .total_cmp(&b.distance_km)
                        .then(a.id.cmp(&b.id))
                });
                found.truncate(limit);
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// Public points of sale by id, in the order of `ids` (missing ones left out).
    pub fn in_order(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<PointOfSale>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<PointOfSale> = points_of_sale::table
            .filter(points_of_sale::id.eq_any(ids))
            .filter(points_of_sale::hidden.eq(false))
            .select(PointOfSale::as_select())
            .load(conn)?;
        let mut by_id: std::collections::HashMap<i32, PointOfSale> =
            rows.into_iter().map(|p| (p.id, p)).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// The public points of sale `filter` selects that have no coordinates, by name, at most
    /// `limit`: a nearest-first list shows them after the located ones.
    pub fn without_position(
        conn: &mut DbConnection,
        filter: &SaleFilter,
        limit: i64,
    ) -> QueryResult<Vec<PointOfSale>> {
        filter
            .query()
            .filter(
                points_of_sale::latitude
                    .is_null()
                    .or(points_of_sale::longitude.is_null()),
            )
            .order((points_of_sale::name, points_of_sale::id))
            .limit(limit)
            .select(PointOfSale::as_select())
            .load(conn)
    }

    /// Which of `ids` list `product_id` (rather than selling the whole range).
    pub fn listing_product(
        conn: &mut DbConnection,
        product_id: i32,
        ids: &[i32],
    ) -> QueryResult<Vec<i32>> {
        point_of_sale_products::table
            .filter(point_of_sale_products::product_id.eq(product_id))
            .filter(point_of_sale_products::point_of_sale_id.eq_any(ids))
            .select(point_of_sale_products::point_of_sale_id)
            .load(conn)
    }

    /// The wards, as written, of the public points of sale in a province, in order.
    pub fn wards_in(conn: &mut DbConnection, province_id: i32) -> QueryResult<Vec<String>> {
        let filter = SaleFilter {
            province_id: Some(province_id),
            ..SaleFilter::default()
        };
        filter
            .query()
            .filter(points_of_sale::ward.ne(""))
            .select(points_of_sale::ward)
            .distinct()
            .order(points_of_sale::ward)
            .limit(MAX_WARDS)
            .load(conn)
    }
}
