//! Read-only queries behind `/feed.xml` and the sitemap files: what is public, newest or
//! cheapest first, always bounded (the sitemap reads one id range per file). Articles come from [`super::Article`].

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::models::article::ArticleStatus;
use crate::db::schema::{articles, events, producers, products};

/// A newly published product, as the feed shows it.
#[derive(Debug, Clone, Queryable)]
pub struct PublishedProduct {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Generated (fictional): the feed says so.
    pub is_demo: bool,
}

/// A public page's slug and when it last changed.
pub type SlugStamp = (String, NaiveDateTime);

/// The `limit` most recently published products, newest first.
pub fn newest_products(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<PublishedProduct>> {
    products::table
        .filter(products::status.eq(ProductStatus::Published))
        .filter(products::published_at.is_not_null())
        .order((products::published_at.desc(), products::id.desc()))
        .limit(limit.max(0))
        .select((
            products::id,
            products::slug,
            products::name,
            products::description,
            products::published_at.assume_not_null(),
            products::updated_at,
            products::is_demo,
        ))
        .load(conn)
}

/// A part of the site the sitemap lists in files of its own, cut by id ranges: each file's
/// query reads one range of the primary key, so no file (and no query) grows with the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapSection {
    Products,
    Producers,
    Articles,
    Events,
}

impl SitemapSection {
    pub const ALL: [SitemapSection; 4] = [
        SitemapSection::Products,
        SitemapSection::Producers,
        SitemapSection::Articles,
        SitemapSection::Events,
    ];

    /// The section's path prefix, which also names its sitemap files (`san-pham-3.xml`).
    pub fn slug(self) -> &'static str {
        match self {
            SitemapSection::Products => "san-pham",
            SitemapSection::Producers => "nha-san-xuat",
            SitemapSection::Articles => "tin-tuc",
            SitemapSection::Events => "hoi-cho",
        }
    }

    pub fn from_slug(slug: &str) -> Option<SitemapSection> {
        SitemapSection::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The largest id of the section's table (public or not): how many ranges there are.
    pub fn max_id(self, conn: &mut DbConnection) -> QueryResult<Option<i32>> {
        use diesel::dsl::max;
        match self {
            SitemapSection::Products => products::table.select(max(products::id)).first(conn),
            SitemapSection::Producers => producers::table.select(max(producers::id)).first(conn),
            SitemapSection::Articles => articles::table.select(max(articles::id)).first(conn),
            SitemapSection::Events => events::table.select(max(events::id)).first(conn),
        }
    }

    /// When the newest public page with an id in `ids` last changed; `None` when the range
    /// holds no public page.
    pub fn range_stamp(
        self,
        conn: &mut DbConnection,
        ids: (i32, i32),
        now: NaiveDateTime,
    ) -> QueryResult<Option<NaiveDateTime>> {
        use diesel::dsl::max;
        let (lo, hi) = ids;
        match self {
            SitemapSection::Products => products::table
                .filter(products::id.between(lo, hi))
                .filter(products::status.eq(ProductStatus::Published))
                .select(max(products::updated_at))
                .first(conn),
            SitemapSection::Producers => producers::table
                .filter(producers::id.between(lo, hi))
                .filter(producer_is_public())
                .select(max(producers::updated_at))
                .first(conn),
            SitemapSection::Articles => articles::table
                .filter(articles::id.between(lo, hi))
                .filter(articles::status.eq(ArticleStatus::Published))
                .filter(articles::publish_at.le(now))
                .select(max(articles::updated_at))
                .first(conn),
            SitemapSection::Events => events::table
                .filter(events::id.between(lo, hi))
                .filter(events::published.eq(true))
                .select(max(events::updated_at))
                .first(conn),
        }
    }

    /// Slugs of the public pages with an id in `ids`, in id order, and when each last changed.
    pub fn pages_in(
        self,
        conn: &mut DbConnection,
        ids: (i32, i32),
        now: NaiveDateTime,
    ) -> QueryResult<Vec<SlugStamp>> {
        let (lo, hi) = ids;
        match self {
            SitemapSection::Products => products::table
                .filter(products::id.between(lo, hi))
                .filter(products::status.eq(ProductStatus::Published))
                .order(products::id)
                .select((products::slug, products::updated_at))
                .load(conn),
            SitemapSection::Producers => producers::table
                .filter(producers::id.between(lo, hi))
                .filter(producer_is_public())
                .order(producers::id)
                .select((producers::slug, producers::updated_at))
                .load(conn),
            SitemapSection::Articles => articles::table
                .filter(articles::id.between(lo, hi))
                .filter(articles::status.eq(ArticleStatus::Published))
                .filter(articles::publish_at.le(now))
                .order(articles::id)
                .select((articles::slug, articles::updated_at))
                .load(conn),
            SitemapSection::Events => events::table
                .filter(events::id.between(lo, hi))
                .filter(events::published.eq(true))
                .order(events::id)
                .select((events::slug, events::updated_at))
                .load(conn),
        }
    }
}

/// The published products of the producer of the row at hand.
type PublishedOfProducer = diesel::dsl::Filter<
    diesel::dsl::Filter<products::table, diesel::dsl::Eq<products::producer_id, producers::id>>,
    diesel::dsl::Eq<products::status, ProductStatus>,
>;

/// A producer has a public page while it has a published product (a correlated `EXISTS`,
/// answered by the `products (producer_id, status)` index).
fn producer_is_public() -> diesel::dsl::exists<PublishedOfProducer> {
    diesel::dsl::exists(
        products::table
            .filter(products::producer_id.eq(producers::id))
            .filter(products::status.eq(ProductStatus::Published)),
    )
}
