//! The demo catalogue: every real award of `demo-awards.csv` (public facts with sources) plus
//! generated producers and products, about 2,000 in all, spread over every category,
//! province, programme and year 2015–2025. Generated producers are fictional and say so.
//! A handful of consumer-guidance articles come with it.
//!
//! Seeding is deterministic (fixed random seed), writes the placeholder photos first and then
//! every row in one transaction: an interrupted seed leaves the database as it was.

mod articles;
mod generate;
mod placeholder;
mod vocab;

use std::fmt;

use anyhow::Context;
use diesel::Connection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::Db;
use crate::db::models::Product;
use crate::media::{MediaStore, StoredImage};

/// Products the demo catalogue aims for, real ones included.
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

/// Loads the demo catalogue; refuses when the database already has products.
pub fn seed(db: &Db, media: &MediaStore, progress: Progress) -> anyhow::Result<SeedReport> {
    seed_products(db, media, progress, TARGET_PRODUCTS)
}

/// Loads a demo catalogue of `target` products (for load tests); refuses when the database
/// already has products.
pub fn seed_products(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    target: usize,
) -> anyhow::Result<SeedReport> {
    seed_if_empty_with(db, media, progress, target)?.ok_or_else(|| {
        anyhow::anyhow!(
            "the database already has products; the demo catalogue is only loaded into an empty one"
        )
    })
}

/// Loads the demo catalogue when the database has no products; `None` when it had some.
pub fn seed_if_empty(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
) -> anyhow::Result<Option<SeedReport>> {
    seed_if_empty_with(db, media, progress, TARGET_PRODUCTS)
}

fn seed_if_empty_with(
    db: &Db,
    media: &MediaStore,
    progress: Progress,
    target: usize,
) -> anyhow::Result<Option<SeedReport>> {
    let started = std::time::Instant::now();
    let mut conn = db.conn()?;
    if Product::count_all(&mut conn)? > 0 {
        return Ok(None);
    }
    let photos = draw_placeholders(media, progress)?;
    let plan = generate::plan(target);
    let bar = progress.bar(plan.products.len() as u64, "Loading products");
    let mut report = conn
        .transaction(|conn| {
            let mut report = generate::insert(conn, &plan, &photos, &bar)?;
            report.articles = articles::insert(conn)?;
            anyhow::Ok(report)
        })
        .context("loading the demo catalogue")?;
    bar.finish();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(Some(report))
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
