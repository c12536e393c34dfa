//! Read models shared by the catalogue pages: product cards assembled for a list of products
//! with a fixed number of queries (producers, awards, cover photos), never one per product.

use std::collections::HashMap;

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::models::award::today_in_vietnam;
use crate::db::models::{Award, Category, Producer, Product, ProductImage, ProvinceIndex};
use crate::views::{AwardBadge, ImageView, ProductCard};

/// Everything needed to turn products into cards, loaded once per page.
pub struct CardContext {
    pub categories: Vec<Category>,
    pub provinces: ProvinceIndex,
}

impl CardContext {
    pub fn load(conn: &mut DbConnection) -> QueryResult<CardContext> {
        Ok(CardContext {
            categories: Category::all(conn)?,
            provinces: ProvinceIndex::load(conn)?,
        })
    }

    pub fn category(&self, id: i32) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// How a producer's province is shown: "An Giang", or "Kiên Giang (nay thuộc An Giang)"
    /// when the producer was recorded under a pre-2025 name.
    pub fn province_label(&self, producer: &Producer) -> String {
        let current = self
            .provinces
            .province(producer.province_id)
            .map(|p| p.name.as_str())
            .unwrap_or_default();
        match producer
            .province_alias_id
            .and_then(|id| self.provinces.alias(id))
        {
            Some(alias) => format!("{} (nay thuộc {current})", alias.name),
            None => current.to_owned(),
        }
    }
}

/// Cards for `products`, in the order given: 3 queries whatever the number of products.
pub fn cards(
    conn: &mut DbConnection,
    ctx: &CardContext,
    products: Vec<Product>,
) -> QueryResult<Vec<ProductCard>> {
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let mut producer_ids: Vec<i32> = products.iter().map(|p| p.producer_id).collect();
    producer_ids.sort_unstable();
    producer_ids.dedup();
    let producers: HashMap<i32, Producer> = Producer::by_ids(conn, &producer_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut awards: HashMap<i32, Vec<Award>> = HashMap::new();
    for award in Award::for_products(conn, &ids)? {
        if let Some(pid) = award.product_id {
            awards.entry(pid).or_default().push(award);
        }
    }
    let covers: HashMap<i32, ProductImage> = ProductImage::covers(conn, &ids)?
        .into_iter()
        .map(|i| (i.product_id, i))
        .collect();
    let today = today_in_vietnam();
    Ok(products
        .into_iter()
        .filter_map(|product| {
            let producer = producers.get(&product.producer_id)?;
            let category = ctx.category(product.category_id);
            Some(ProductCard {
                slug: product.slug.clone(),
                name: product.name.clone(),
                producer_name: producer.name.clone(),
                producer_slug: producer.slug.clone(),
                category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
                category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
                province: ctx.province_label(producer),
                awards: awards
                    .get(&product.id)
                    .map(|list| list.iter().map(|a| AwardBadge::new(a, today)).collect())
                    .unwrap_or_default(),
                image: covers
                    .get(&product.id)
                    .map(|img| ImageView::new(img, &product.name)),
            })
        })
        .collect())
}
