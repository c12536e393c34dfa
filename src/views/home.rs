//! The home page: featured collections, the latest award year, categories, news.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::articles::ArticleCard;
use super::pages::CategoryLink;
use super::{PageAddress, PageMeta, ProductCard, cards};
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::{
    Article, Award, Category, FeaturedCollection, PageRequest, Producer, Product, Programme,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::reference::CardContext;

/// Articles shown on the home page.
const HOME_ARTICLES: i64 = 3;
/// Winners of the latest year shown on the home page.
const LATEST_WINNERS: i64 = 12;

/// A programme's list of one year.
#[derive(Debug, Serialize)]
pub struct ProgrammeLink {
    pub slug: &'static str,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct CollectionView {
    pub title: String,
    pub description: String,
    pub products: Vec<ProductCard>,
}

#[derive(Debug, Serialize)]
pub struct SiteStats {
    pub products: i64,
    pub producers: i64,
    pub categories: usize,
}

/// `/`.
#[derive(Debug, Serialize)]
pub struct HomePage {
    pub meta: PageMeta,
    pub collections: Vec<CollectionView>,
    pub latest_year: Option<i32>,
    pub latest_programmes: Vec<ProgrammeLink>,
    pub latest_winners: Vec<ProductCard>,
    pub categories: Vec<CategoryLink>,
    pub stats: SiteStats,
    /// The newest public articles.
    pub latest_articles: Vec<ArticleCard>,
}

/// The home page at `now` (UTC).
pub fn load(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    now: NaiveDateTime,
) -> Result<HomePage, AppError> {
    let locale = address.locale;
    let today = vietnam_time(now).date();
    let mut collections = Vec::new();
    for (collection, ids) in FeaturedCollection::active_with_items(conn, now)? {
        let products = in_order(Product::published_by_ids(conn, &ids)?, &ids);
        let Some(products) = valid_first(conn, products, today)? else {
            continue;
        };
        collections.push(CollectionView {
            title: collection.title,
            description: collection.description,
            products: cards(conn, ctx, locale, today, products)?,
        });
    }
    let latest_year = Award::latest_year(conn)?;
    let (latest_winners, latest_programmes) = match latest_year {
        Some(year) => latest_winners(conn, ctx, locale, today, year)?,
        None => (Vec::new(), Vec::new()),
    };
    let counts = Category::published_counts(conn)?;
    let categories = ctx
        .categories
        .iter()
        .map(|c| CategoryLink {
            slug: c.slug.clone(),
            name: ctx.category_name(c, locale),
            count: counts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    Ok(HomePage {
        meta: address.meta(
            "home",
            locale.t("home-title"),
            locale.t("home-meta-description"),
        ),
        collections,
        latest_year,
        latest_programmes,
        latest_winners,
        categories,
        stats: SiteStats {
            products: Product::count_published(conn)?,
            producers: Producer::count_with_products(conn)?,
            categories: ctx.categories.len(),
        },
        latest_articles: Article::latest(conn, now, HOME_ARTICLES)?
            .iter()
            .map(|a| ArticleCard::new(a, locale))
            .collect(),
    })
}

/// Up to 12 winners of `year`, best programmes first, and links to that year's lists.
fn latest_winners(
    conn: &mut DbConnection,
    ctx: &CardContext,
    locale: Locale,
    today: chrono::NaiveDate,
    year: i32,
) -> Result<(Vec<ProductCard>, Vec<ProgrammeLink>), AppError> {
    let mut winners = Vec::new();
    let mut links = Vec::new();
    for programme in Programme::ALL {
        let paged = Award::winners(conn, programme, year, PageRequest::new(1, LATEST_WINNERS))?;
        if paged.total == 0 {
            continue;
        }
        links.push(ProgrammeLink {
            slug: programme.slug(),
            name: programme.name(locale),
            url: locale.path(&format!("/giai-thuong/{}/{year}", programme.slug())),
        });
        winners.extend(paged.items.into_iter().map(|(_, product)| product));
    }
    let mut seen = std::collections::HashSet::new();
    winners.retain(|p| seen.insert(p.id));
    let mut winners = valid_first(conn, winners, today)?.unwrap_or_default();
    winners.truncate(usize::try_from(LATEST_WINNERS).unwrap_or(12));
    Ok((cards(conn, ctx, locale, today, winners)?, links))
}

/// A shelf's products with those holding an award still valid on `today` first (the order
/// otherwise kept); `None` when every product on it has awards and all have expired: such a
/// shelf is not shown.
fn valid_first(
    conn: &mut DbConnection,
    products: Vec<Product>,
    today: chrono::NaiveDate,
) -> Result<Option<Vec<Product>>, AppError> {
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let standing: std::collections::HashMap<i32, bool> =
        Product::award_standing(conn, &ids, today)?
            .into_iter()
            .collect();
    let expired = |p: &Product| standing.get(&p.id) == Some(&false);
    if !products.is_empty() && products.iter().all(expired) {
        return Ok(None);
    }
    let (mut shelf, rest): (Vec<Product>, Vec<Product>) = products
        .into_iter()
        .partition(|p| standing.get(&p.id) == Some(&true));
    shelf.extend(rest);
    Ok(Some(shelf))
}

/// Puts `products` in the order of `ids` (database `IN` lists come back in any order).
fn in_order(mut products: Vec<Product>, ids: &[i32]) -> Vec<Product> {
    products.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    products
}
