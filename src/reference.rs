//! Read models shared by the catalogue pages: product cards assembled for a list of products
//! with a fixed number of queries (producers, awards, cover photos), never one per product.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use diesel::QueryResult;

use crate::clock::today_in_vietnam;
use crate::db::models::{Award, Category, Producer, Product, ProductImage, ProvinceIndex};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::views::{AwardBadge, ImageView, ProductCard};

/// Everything needed to turn products into cards, loaded once per page.
pub struct CardContext {
    pub categories: Vec<Category>,
    pub provinces: ProvinceIndex,
    /// Years with any award, newest first (the year filter's choices).
    pub award_years: Vec<i32>,
}

impl CardContext {
    pub fn load(conn: &mut DbConnection) -> QueryResult<CardContext> {
        Ok(CardContext {
            categories: Category::all(conn)?,
            provinces: ProvinceIndex::load(conn)?,
            award_years: Award::years(conn)?,
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

/// What lists show beside each product: its producer, its own awards and its cover photo,
/// loaded for a whole list in three queries.
pub struct ProductExtras {
    pub producers: HashMap<i32, Producer>,
    /// Product-level awards by product id.
    pub awards: HashMap<i32, Vec<Award>>,
    pub covers: HashMap<i32, ProductImage>,
}

impl ProductExtras {
    pub fn load(conn: &mut DbConnection, products: &[Product]) -> QueryResult<ProductExtras> {
        let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
        let mut producer_ids: Vec<i32> = products.iter().map(|p| p.producer_id).collect();
        producer_ids.sort_unstable();
        producer_ids.dedup();
        let producers = Producer::by_ids(conn, &producer_ids)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut awards: HashMap<i32, Vec<Award>> = HashMap::new();
        for award in Award::for_products(conn, &ids)? {
            if let Some(pid) = award.product_id {
                awards.entry(pid).or_default().push(award);
            }
        }
        let covers = ProductImage::covers(conn, &ids)?
            .into_iter()
            .map(|i| (i.product_id, i))
            .collect();
        Ok(ProductExtras {
            producers,
            awards,
            covers,
        })
    }
}

/// Cards for `products`, in the order given: 3 queries whatever the number of products.
pub fn cards(
    conn: &mut DbConnection,
    ctx: &CardContext,
    products: Vec<Product>,
) -> QueryResult<Vec<ProductCard>> {
    let ProductExtras {
        producers,
        awards,
        covers,
    } = ProductExtras::load(conn, &products)?;
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

/// Categories, provinces and award years kept in memory between requests. They change only when an
/// official edits a category or records awards, so a copy younger than [`REFERENCE_TTL`] is used as is; the
/// instance that makes an edit calls [`ReferenceCache::invalidate`], other instances catch up
/// within the TTL.
#[derive(Default)]
pub struct ReferenceCache {
    cached: RwLock<Option<(Instant, Arc<CardContext>)>>,
}

pub const REFERENCE_TTL: Duration = Duration::from_secs(60);

impl ReferenceCache {
    /// The cached copy if fresh, else a new one loaded from the database.
    pub async fn get(&self, db: &Db) -> Result<Arc<CardContext>, AppError> {
        if let Ok(guard) = self.cached.read()
            && let Some((loaded, ctx)) = guard.as_ref()
            && loaded.elapsed() < REFERENCE_TTL
        {
            return Ok(ctx.clone());
        }
        let ctx = Arc::new(db.run(|conn| Ok(CardContext::load(conn)?)).await?);
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), ctx.clone()));
        }
        Ok(ctx)
    }

    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.cached.write() {
            *guard = None;
        }
    }
}
