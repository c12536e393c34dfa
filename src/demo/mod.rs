//! The demo catalogue. `serve --demo` loads only real records: the award lists
//! `real-awards.csv` (358 records from 53 public pages, see `real-awards-SOURCES.md`) and
//! `demo-awards.csv`, through the officials' award import, with a few consumer-guidance
//! articles. `seed-demo --products N` adds generated fictional producers and products up to N
//! in all, for load tests; each generated row is flagged `is_demo` and shown as "Dữ liệu minh
//! họa" wherever it appears.
//!
//! Seeding is deterministic (fixed random seed) and writes the placeholder photos first.
//! `serve --demo` writes every row in one transaction (an interrupted seed leaves the database
//! as it was); `seed-demo` streams its generated products a batch per transaction, so a
//! million of them fit in bounded memory.
mod articles;
mod generate;
mod placeholder;
mod vocab;

use std::collections::HashSet;
use std::fmt;

use anyhow::Context;
use diesel::Connection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::models::{Product, Programme};
use crate::db::{self, Db, DbConnection};
use crate::import;
use crate::media::{MediaStore, StoredImage};

/// Products `seed-demo` aims for without `--products`, real ones included.
pub const TARGET_PRODUCTS: usize = 2_000;

/// Placeholder photos drawn per category.
const PLACEHOLDERS_PER_CATEGORY: usize = 2;

/// Whether to draw a progress bar (CLI) or stay quiet (tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Bar,
    Hidden,
}

impl Progress {
    /// A bar of `len` steps, drawn only for `Progress::Bar`.
    pub fn bar(self, len: u64, message: &'static str) -> ProgressBar {
        let bar = match self {
            Progress::Bar => ProgressBar::new(len),
            Progress::Hidden => ProgressBar::hidden(),
        };
        if let Ok(style) =
            ProgressStyle::with_template("{msg:<28} [{bar:30}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        bar
    }
}

/// What a seed run created.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SeedReport {
    pub producers: usize,
    pub products: usize,
    pub real_products: usize,
    pub awards: usize,
    pub images: usize,
    pub points_of_sale: usize,
    pub collections: usize,
    pub articles: usize,
    pub seconds: f64,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Demo catalogue loaded in {:.1} s: {} products ({} from real award lists), {} producers, \
             {} awards, {} photos, {} points of sale, {} featured collections, {} articles.",
            self.seconds,
            self.products,
            self.real_products,
            self.producers,
            self.awards,
            self.images,
            self.points_of_sale,
            self.collections,
            self.articles
        )
    }
}

/// The real award lists, in the import format (DESIGN.md section 5), loaded in this order.
pub const REAL_AWARD_FILES: [(&str, &str); 2] = [
    ("demo-awards.csv", include_str!("demo-awards.csv")),
    ("real-awards.csv", include_str!("real-awards.csv")),
];

/// Loads the load-test catalogue (the real records plus generated ones up to
/// [`TARGET_PRODUCTS`]); refuses when the database already has products.
pub fn seed(db: &Db, media: &MediaStore, progress: Progress) -> anyhow::Result<SeedReport> {
    seed_products(db, media, progress, TARGET_PRODUCTS)
}

/// Loads the real records and then generated fictional products until there are `target` in
/// all (for load tests); refuses when the database already has products.
pub fn seed_products(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    target: usize,
) -> anyhow::Result<SeedReport> {
    seed_products_and_stores(db, media, progress, target, 0)
}

/// [`seed_products`], then `stores` more generated points of sale (`seed-demo
/// --points-of-sale N`, for the "near me" benchmark).
pub fn seed_products_and_stores(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    target: usize,
    stores: usize,
) -> anyhow::Result<SeedReport> {
    seed_if_empty_with(
        db,
        media,
        progress,
        Some((target, stores, generate::PRODUCT_BATCH)),
    )?
    .ok_or_else(|| {
        anyhow::anyhow!(
            "the database already has products; the demo catalogue is only loaded into an empty one"
        )
    })
}

/// [`seed_products`] writing the generated products `batch` at a time (each batch its own
/// transaction); the catalogue is the same whatever `batch` (tests use small ones).
pub fn seed_products_in_batches(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    target: usize,
    batch: usize,
) -> anyhow::Result<SeedReport> {
    seed_if_empty_with(db, media, progress, Some((target, 0, batch)))?.ok_or_else(|| {
        anyhow::anyhow!(
            "the database already has products; the demo catalogue is only loaded into an empty one"
        )
    })
}

/// `serve --demo`: loads the real records (and the articles) when the database has no
/// products; `None` when it had some. Nothing fictional is loaded.
pub fn seed_if_empty(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
) -> anyhow::Result<Option<SeedReport>> {
    seed_if_empty_with(db, media, progress, None)
}

/// `generated`: generate fictional products until there are that many in all, and that many
/// more points of sale, so many products per batch.
fn seed_if_empty_with(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    generated: Option<(usize, usize, usize)>,
) -> anyhow::Result<Option<SeedReport>> {
    let started = std::time::Instant::now();
    let mut conn = db.conn()?;
    if Product::count_all(&mut conn)? > 0 {
        return Ok(None);
    }
    let photos = match generated {
        Some(_) => draw_placeholders(media, progress)?,
        None => Vec::new(),
    };
    let mut report = match generated {
        // `serve --demo`: the real records, their shelves and the articles, all or nothing.
        None => conn
            .transaction(|conn| {
                let mut report = SeedReport::default();
                seed_real(conn, progress, &mut report)?;
                report.collections += real_collections(conn)?;
                report.articles = articles::insert(conn)?;
                anyhow::Ok(report)
            })
            .context("loading the demo catalogue")?,
        Some((target, stores, batch)) => {
            seed_generated(&mut conn, progress, &photos, target, stores, batch)?
        }
    };
    report.seconds = started.elapsed().as_secs_f64();
    Ok(Some(report))
}

/// The real records, then generated products until there are `target`, `batch` products
/// per transaction (memory stays that of one batch), then the
/// shelves, `stores` more points of sale and the articles. The catalogue's read indexes are
/// dropped while the products are written and built once after ([`db::deferred`]). An
/// interrupted run leaves what its finished batches wrote (and the next start builds the
/// indexes): `seed-demo` refuses a database with products, so start again from an empty one.
fn seed_generated(
    conn: &mut DbConnection,
    progress: Progress,
    photos: &[Vec<StoredImage>],
    target: usize,
    stores: usize,
    batch: usize,
) -> anyhow::Result<SeedReport> {
    let mut report = conn
        .transaction(|conn| {
            let mut report = SeedReport::default();
            seed_real(conn, progress, &mut report)?;
            anyhow::Ok(report)
        })
        .context("loading the real award lists")?;
    let taken = generate::Taken {
        products: usize::try_from(Product::count_all(conn)?)?,
        product_names: names(conn, true)?,
        producer_names: names(conn, false)?,
    };
    let mut generator = generate::Generator::new(target, &taken, batch);
    let mut inserter = generate::Inserter::new(conn, photos)?;
    // The catalogue's read indexes are built once from the finished tables (db::deferred).
    if generator.wanted() > 0 {
        db::deferred::drop_for_bulk(conn)?;
    }
    let bar = progress.bar(generator.wanted() as u64, "Generating products");
    while let Some(batch) = generator.next_batch()? {
        let made = conn
            .transaction(|conn| inserter.insert(conn, &batch, &bar))
            .context("writing a batch of generated products")?;
        report.producers += made.producers;
        report.products += made.products;
        report.awards += made.awards;
        report.images += made.images;
        report.points_of_sale += made.points_of_sale;
    }
    bar.finish();
    db::deferred::rebuild(conn, &progress.bar(0, "Building indexes"))?;
    let collections = generator.collections(std::mem::take(&mut inserter.shelves));
    report.collections += conn
        .transaction(|conn| inserter.insert_collections(conn, &collections))
        .context("writing the featured shelves")?;
    if stores > 0 {
        let bar = progress.bar(stores as u64, "Generating points of sale");
        report.points_of_sale += conn
            .transaction(|conn| generate::insert_points_of_sale(conn, stores, &bar))
            .context("writing the points of sale")?;
        bar.finish();
    }
    report.articles = conn
        .transaction(articles::insert)
        .context("writing the articles")?;
    Ok(report)
}

/// Imports the real award lists through the officials' import (same checks, same matching),
/// with a progress bar over their lines.
fn seed_real(
    conn: &mut DbConnection,
    progress: Progress,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    use crate::db::models::audit::{Actor, AuditTarget};
    let ctx = crate::reference::CardContext::load(conn)?;
    let files: Vec<(&str, import::Parsed)> = REAL_AWARD_FILES
        .iter()
        .map(|(name, text)| (*name, import::parse(text.as_bytes(), &ctx)))
        .collect();
    let lines: usize = files.iter().map(|(_, p)| p.lines.len()).sum();
    let bar = progress.bar(lines as u64, "Importing real awards");
    let actor = Actor::cli();
    for (name, parsed) in &files {
        let source = AuditTarget::ImportFile((*name).to_owned());
        let done = import::apply(conn, parsed, &actor, &source, false, &|| bar.inc(1)).map_err(
            |e| match e {
                import::ImportError::Invalid(errors) => {
                    anyhow::anyhow!(
                        "{name}: {} bad line(s), first {:?}",
                        errors.len(),
                        errors.first()
                    )
                }
                import::ImportError::Database(e) => anyhow::Error::new(e),
            },
        )?;
        report.producers += done.producers_created;
        report.products += done.products_created;
        report.real_products += done.products_created;
        report.awards += done.awards_created;
    }
    bar.finish();
    Ok(())
}

/// Home-page shelves of real records only: (slug, title, description, programme, tier).
/// Slug, Vietnamese and English name and description, programme and tier of each real shelf.
type Shelf = (
    &'static str,
    [&'static str; 4],
    Programme,
    Option<&'static str>,
);

const REAL_SHELVES: &[Shelf] = &[
    (
        "ocop-5-sao",
        [
            "OCOP 5 sao",
            "Sản phẩm đạt hạng cao nhất của Chương trình Mỗi xã một sản phẩm, theo các quyết định công bố chính thức.",
            "OCOP 5 stars",
            "Products rated highest by the One Commune One Product programme, according to the official decisions.",
        ],
        Programme::Ocop,
        Some("5"),
    ),
    (
        "thuong-hieu-quoc-gia",
        [
            "Thương hiệu quốc gia",
            "Sản phẩm mang Thương hiệu quốc gia Việt Nam, theo danh sách Bộ Công Thương công bố.",
            "Vietnam Value (National Brand)",
            "Products carrying the Vietnam Value national brand, as listed by the Ministry of Industry and Trade.",
        ],
        Programme::Thqg,
        None,
    ),
];

/// Products per real shelf.
const SHELF_SIZE: i64 = 12;

/// The real shelves, each holding the newest real winners of its title; a title without
/// winners gets no (empty) shelf. Returns how many were made.
fn real_collections(conn: &mut DbConnection) -> anyhow::Result<usize> {
    use crate::db::models::ProductStatus;
    use crate::db::models::featured::{NewFeaturedCollection, NewFeaturedItem};
    use crate::db::schema::{awards, featured_collection_items, products};
    use diesel::prelude::*;
    let now = chrono::Utc::now().naive_utc();
    let mut made = 0;
    for (order, (slug, [title, description, title_en, description_en], programme, tier)) in
        REAL_SHELVES.iter().enumerate()
    {
        let mut query = awards::table
            .inner_join(products::table)
            .filter(awards::programme.eq(*programme))
            .filter(products::status.eq(ProductStatus::Published))
            .filter(products::is_demo.eq(false))
            .into_boxed();
        if let Some(tier) = tier {
            query = query.filter(awards::tier.eq(*tier));
        }
        let ids: Vec<i32> = query
            .order((awards::year.desc(), products::name_folded, products::id))
            .select(products::id)
            .limit(SHELF_SIZE * 2)
            .load(conn)?;
        let mut seen = HashSet::new();
        let ids: Vec<i32> = ids
            .into_iter()
            .filter(|id| seen.insert(*id))
            .take(usize::try_from(SHELF_SIZE)?)
            .collect();
        if ids.is_empty() {
            continue;
        }
        let id = NewFeaturedCollection {
            slug: (*slug).to_owned(),
            title: (*title).to_owned(),
            description: (*description).to_owned(),
            sort_order: i32::try_from(order)?,
            starts_at: None,
            ends_at: None,
            created_at: now,
            title_en: (*title_en).to_owned(),
            description_en: (*description_en).to_owned(),
        }
        .insert(conn)?;
        for (position, product_id) in ids.into_iter().enumerate() {
            diesel::insert_into(featured_collection_items::table)
                .values(NewFeaturedItem {
                    collection_id: id,
                    product_id,
                    position: i32::try_from(position)?,
                })
                .execute(conn)?;
        }
        made += 1;
    }
    Ok(made)
}

/// Folded names of every stored product (`products`) or producer.
fn names(conn: &mut DbConnection, products: bool) -> anyhow::Result<HashSet<String>> {
    use crate::db::schema::{producers, products as product_rows};
    use diesel::prelude::*;
    let list: Vec<String> = if products {
        product_rows::table
            .select(product_rows::name_folded)
            .load(conn)?
    } else {
        producers::table.select(producers::name_folded).load(conn)?
    };
    Ok(list.into_iter().collect())
}

/// Draws and stores the placeholder photos, per category.
fn draw_placeholders(
    media: &MediaStore,
    progress: Progress,
) -> anyhow::Result<Vec<Vec<StoredImage>>> {
    let categories = vocab::CATEGORIES.len();
    let bar = progress.bar(
        (categories * PLACEHOLDERS_PER_CATEGORY) as u64,
        "Drawing placeholder photos",
    );
    let mut photos = Vec::with_capacity(categories);
    for category in 0..categories {
        let mut set = Vec::new();
        for variant in 0..PLACEHOLDERS_PER_CATEGORY {
            set.push(media.put(&placeholder::draw(category, variant))?);
            bar.inc(1);
        }
        photos.push(set);
    }
    bar.finish();
    Ok(photos)
}
