//! The site's reference data (categories, provinces, award years) kept between requests, and
//! what a list of products needs beside its rows ([`ProductExtras`]: producers, awards, cover
//! photos), loaded with a fixed number of queries, never one per product. Cards are built
//! from them in `views`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use diesel::QueryResult;

use crate::db::models::province::{Province, ProvinceAlias, ProvinceRef};
use crate::db::models::{Award, Category, Producer, Product, ProductImage, ProvinceIndex};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::{CATALOGUE, Locale, Msg};

/// Everything needed to turn products into cards, loaded once per page.
pub struct CardContext {
    pub categories: Vec<Category>,
    pub provinces: ProvinceIndex,
    /// Years with any award, newest first (the year filter's choices).
    pub award_years: Vec<i32>,
    /// Category and province names in each language, put into words once per load: a list
    /// page names every province in its filter.
    names: HashMap<Locale, Names>,
}

struct Names {
    categories: HashMap<i32, String>,
    provinces: HashMap<i32, String>,
    /// "Kiên Giang (nay thuộc An Giang)", by alias id.
    legacy: HashMap<i32, String>,
}

impl CardContext {
    pub fn load(conn: &mut DbConnection) -> QueryResult<CardContext> {
        let categories = Category::all(conn)?;
        let provinces = ProvinceIndex::load(conn)?;
        let names = Locale::ALL
            .into_iter()
            .map(|locale| (locale, Names::build(&categories, &provinces, locale)))
            .collect();
        Ok(CardContext {
            categories,
            provinces,
            award_years: Award::years(conn)?,
            names,
        })
    }

    fn names(&self, locale: Locale) -> Option<&Names> {
        self.names.get(&locale)
    }

    pub fn category(&self, id: i32) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn category_by_slug(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    /// A category's name in `locale`: as stored in Vietnamese (officials may rename it), the
    /// catalogue's `category-<slug>` in English, or the stored name when there is none.
    pub fn category_name(&self, category: &Category, locale: Locale) -> String {
        self.names(locale)
            .and_then(|n| n.categories.get(&category.id))
            .cloned()
            .unwrap_or_else(|| reference_name(locale, "category", &category.slug, &category.name))
    }

    /// A current province's name in `locale`: English has a name of its own for a few
    /// ("Hanoi", "Ho Chi Minh City"); the others are called as stored in both languages.
    pub fn province_name(&self, province: &Province, locale: Locale) -> String {
        self.names(locale)
            .and_then(|n| n.provinces.get(&province.id))
            .cloned()
            .unwrap_or_else(|| reference_name(locale, "province", &province.slug, &province.name))
    }

    /// The current province `id` in `locale` (empty if it is gone).
    pub fn province_name_of(&self, id: i32, locale: Locale) -> String {
        self.provinces
            .province(id)
            .map(|p| self.province_name(p, locale))
            .unwrap_or_default()
    }

    /// A pre-2025 name with the unit it belongs to now: "Kiên Giang (nay thuộc An Giang)".
    pub fn legacy_label(&self, alias: &ProvinceAlias, locale: Locale) -> String {
        match self.names(locale).and_then(|n| n.legacy.get(&alias.id)) {
            Some(label) => label.clone(),
            None => legacy_label(
                alias,
                &self.province_name_of(alias.province_id, locale),
                locale,
            ),
        }
    }

    /// How a producer's province is shown in Vietnamese (the search index keeps this); empty
    /// when it is not yet known.
    pub fn province_label(&self, producer: &Producer) -> String {
        self.known_province_label(producer, Locale::Vi)
            .unwrap_or_default()
    }

    /// How a producer's province is shown: "An Giang", or "Kiên Giang (nay thuộc An Giang)"
    /// when the producer was recorded under a pre-2025 name; "not yet known" when the
    /// producer has none (national award lists give none; never guessed).
    pub fn province_label_in(&self, producer: &Producer, locale: Locale) -> String {
        or_unknown_province(self.known_province_label(producer, locale), locale)
    }

    /// A producer's province as [`Self::province_label_in`] shows it; `None` when unknown.
    pub fn known_province_label(&self, producer: &Producer, locale: Locale) -> Option<String> {
        match producer
            .province_alias_id
            .and_then(|id| self.provinces.alias(id))
        {
            Some(alias) => Some(self.legacy_label(alias, locale)),
            None => producer
                .province_id
                .map(|id| self.province_name_of(id, locale)),
        }
    }

    /// The province of a search document, from its province slugs (the current unit first,
    /// then the name as written, if older).
    pub fn province_label_of_slugs(&self, slugs: &[String], locale: Locale) -> Option<String> {
        let alias = slugs.iter().find_map(|s| match self.provinces.by_slug(s) {
            Some(ProvinceRef::Legacy { alias_id, .. }) => self.provinces.alias(alias_id),
            _ => None,
        });
        if let Some(alias) = alias {
            return Some(self.legacy_label(alias, locale));
        }
        slugs.iter().find_map(|s| match self.provinces.by_slug(s) {
            Some(ProvinceRef::Current(id)) => Some(self.province_name_of(id, locale)),
            _ => None,
        })
    }
}

impl Names {
    fn build(categories: &[Category], index: &ProvinceIndex, locale: Locale) -> Names {
        let provinces: HashMap<i32, String> = index
            .provinces
            .iter()
            .map(|p| (p.id, reference_name(locale, "province", &p.slug, &p.name)))
            .collect();
        let legacy = index
            .aliases
            .iter()
            .map(|a| {
                let current = provinces.get(&a.province_id).map_or("", String::as_str);
                (a.id, legacy_label(a, current, locale))
            })
            .collect();
        Names {
            categories: categories
                .iter()
                .map(|c| (c.id, reference_name(locale, "category", &c.slug, &c.name)))
                .collect(),
            provinces,
            legacy,
        }
    }
}

/// "Kiên Giang (nay thuộc An Giang)": a pre-2025 name and the unit it belongs to now.
fn legacy_label(alias: &ProvinceAlias, current: &str, locale: Locale) -> String {
    locale.msg(
        &Msg::new("province-now-part-of")
            .arg("old", alias.name.as_str())
            .arg("current", current),
    )
}

/// A province label as pages show it: "Chưa rõ tỉnh/thành" when it is not known.
pub fn or_unknown_province(label: Option<String>, locale: Locale) -> String {
    label.unwrap_or_else(|| locale.t("producer-province-unknown"))
}

/// The name of a reference row in `locale`: stored in Vietnamese, from the catalogue's
/// `<kind>-<slug>` in English when it has one.
fn reference_name(locale: Locale, kind: &str, slug: &str, stored: &str) -> String {
    if locale == Locale::Vi {
        return stored.to_owned();
    }
    let key = format!("{kind}-{slug}");
    if CATALOGUE.has(locale, &key) {
        locale.t(&key)
    } else {
        stored.to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slugify;

    #[test]
    fn every_shipped_category_has_an_english_name() {
        let mut reader =
            csv::Reader::from_reader(include_str!("db/reference/categories.csv").as_bytes());
        for row in reader.records() {
            let row = row.expect("categories.csv");
            let key = format!("category-{}", &row[0]);
            assert!(CATALOGUE.has(Locale::En, &key), "{key} in English");
            assert_eq!(
                Locale::Vi.t(&key),
                &row[1],
                "{key} mirrors the shipped name"
            );
        }
    }

    #[test]
    fn english_province_names_belong_to_shipped_provinces() {
        let slugs: Vec<String> = crate::db::reference::province_names()
            .iter()
            .map(|(name, _)| slugify(name))
            .collect();
        let keys = CATALOGUE.keys(Locale::En);
        let provinces: Vec<&String> = keys
            .iter()
            .filter(|k| k.starts_with("province-") && *k != "province-now-part-of")
            .collect();
        assert!(provinces.len() >= 6, "{provinces:?}");
        for key in provinces {
            assert!(
                slugs.iter().any(|s| key == &format!("province-{s}")),
                "{key} names a shipped province"
            );
        }
        assert_eq!(
            reference_name(Locale::En, "province", "ha-noi", "Hà Nội"),
            "Hanoi"
        );
        assert_eq!(
            reference_name(Locale::En, "province", "an-giang", "An Giang"),
            "An Giang"
        );
        assert_eq!(
            reference_name(Locale::Vi, "province", "ha-noi", "Hà Nội"),
            "Hà Nội"
        );
    }
}
