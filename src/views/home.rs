//! The home page: featured collections, the latest award year, categories, news.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::articles::ArticleCard;
use super::pages::CategoryLink;
use super::{PageAddress, PageMeta, ProductCard, cards};
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::winners;
use crate::db::models::{Article, Category, FeaturedCollection, Producer, Product, Programme};
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
    /// `vi` when the page is English but the collection has no English name.
    pub lang: Option<&'static str>,
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
        let mut products = cards(conn, ctx, locale, today, products)?;
        // Products holding a valid award first; a shelf of only expired awards (or with nothing
        // published) is not shown.
        products.sort_by_key(shelf_rank);
        if products.iter().all(|c| shelf_rank(c) == 2) {
            continue;
        }
        // The English site shows the English name when an official gave one, else the
        // Vietnamese one marked as such.
        let english = locale == Locale::En && !collection.title_en.is_empty();
        collections.push(CollectionView {
            lang: if locale == Locale::En && !english {
                Some("vi")
            } else {
                None
            },
            title: if english {
                collection.title_en
            } else {
                collection.title
            },
            description: match english {
                true => collection.description_en,
                false => collection.description,
            },
            products,
        });
    }
    let latest_year = winners::latest_valid_year(conn, today, &ctx.award_years)?;
    let (latest_winners, latest_programmes) = match latest_year {
        Some(year) => latest_winners(conn, ctx, locale, today, year)?,
        None => (Vec::new(), Vec::new()),
    };
    let counts = Category::published_counts(conn)?;
    // Only groups that hold something: with a few hundred real products some are empty, and
    // a tile leading to an empty page is a blank shelf.
    let categories = ctx
        .categories
        .iter()
        .filter(|c| counts.iter().any(|(id, n)| *id == c.id && *n > 0))
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

/// Up to 12 winners of `year` whose award still holds on `today`, best programmes first, and
/// links to that year's lists.
fn latest_winners(
    conn: &mut DbConnection,
    ctx: &CardContext,
    locale: Locale,
    today: chrono::NaiveDate,
    year: i32,
) -> Result<(Vec<ProductCard>, Vec<ProgrammeLink>), AppError> {
    let mut winners = Vec::new();
    let mut links = Vec::new();
    // The shelf shows awards that still hold; the year's lists (linked) show them all.
    for programme in Programme::ALL {
        let shelf = winners::shelf(conn, programme, year, today, LATEST_WINNERS)?;
        if shelf.is_empty() {
            continue;
        }
        links.push(ProgrammeLink {
            slug: programme.slug(),
            name: programme.name(locale),
            url: locale.path(&format!("/giai-thuong/{}/{year}", programme.slug())),
        });
        winners.extend(shelf);
    }
    let mut seen = std::collections::HashSet::new();
    winners.retain(|p| seen.insert(p.id));
    winners.truncate(usize::try_from(LATEST_WINNERS).unwrap_or(12));
    Ok((cards(conn, ctx, locale, today, winners)?, links))
}

/// Where a card goes on a shelf: 0 with an award that holds (valid or with no end date), 1
/// without awards, 2 with only expired ones.
fn shelf_rank(card: &ProductCard) -> u8 {
    if card.awards.iter().any(|a| !a.expired) {
        0
    } else if card.awards.is_empty() {
        1
    } else {
        2
    }
}

/// Puts `products` in the order of `ids` (database `IN` lists come back in any order).
fn in_order(mut products: Vec<Product>, ids: &[i32]) -> Vec<Product> {
    products.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    products
}
