//! The site's reference data (categories, provinces, award years) kept between requests, and
//! what a list of products needs beside its rows ([`ProductExtras`]: producers, awards, cover
//! photos), loaded with a fixed number of queries, never one per product. Cards are built
//! from them in `views`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use diesel::QueryResult;

use crate::db::models::{Award, Category, Producer, Product, ProductImage, ProvinceIndex};
use crate::db::{Db, DbConnection};
use crate::error::AppError;

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
