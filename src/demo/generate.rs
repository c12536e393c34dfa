//! Generating fictional producers and products for load tests (`seed-demo --products N`): a
//! deterministic [`Generator`] that hands out the catalogue a batch at a time, and the
//! [`Inserter`] that writes each batch; nothing of a batch is kept once it is written, so a
//! million products take the memory of one batch. Every generated row carries `is_demo`, so
//! every page marks it "Dữ liệu minh họa"; none carries a real-looking decision number or phone
//! number (see [`certificate_no`] and [`phone`]). The real award records are loaded before,
//! through the award import (see `super::seed_real`).

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use indicatif::ProgressBar;

use super::{SeedReport, vocab};
use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::models::award::default_valid_until;
use crate::db::models::featured::{NewFeaturedCollection, NewFeaturedItem};
use crate::db::models::province::ProvinceRef;
use crate::db::models::{
    Category, NewAward, NewPointOfSale, NewProducer, NewProduct, NewProductImage,
    PointOfSaleProduct, Programme, ProvinceIndex, SaleKind,
};
use crate::db::schema::{
    awards, featured_collection_items, point_of_sale_products, points_of_sale, product_images,
};
use crate::geo::Position;
use crate::media::StoredImage;
use crate::text::{fold, slugify};

const FICTIONAL_NOTE: &str = "Hồ sơ minh họa trong bản demo của hangviet: doanh nghiệp, sản phẩm \
và danh hiệu dưới đây là dữ liệu tạo tự động, không phải thông tin thật.";

/// A small deterministic generator (SplitMix64): the demo is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, low: i32, high: i32) -> i32 {
        low + self.below((high - low + 1) as usize) as i32
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Uniform in `-1.0..1.0`.
    fn signed_unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }

    /// A position within `spread` degrees of `centre` (either way, both axes).
    fn near(&mut self, centre: &Position, spread: f64) -> Position {
        let lat = centre.latitude + self.signed_unit() * spread;
        let lng = centre.longitude + self.signed_unit() * spread;
        Position::new(lat, lng).unwrap_or(*centre)
    }
}

/// Seed of the generator of store places (wards, positions).
const PLACE_SEED: u64 = 0x0D1E_4BA4;
/// How far a demo store lies from its province's centre, in degrees (about 3 km).
const STORE_SPREAD_DEGREES: f64 = 0.03;
/// How far the stores of `seed-demo --points-of-sale` spread, in degrees (about 25 km): a
/// city's worth of shops for the benchmark.
const BULK_SPREAD_DEGREES: f64 = 0.22;
/// Stores generated and inserted at a time by `--points-of-sale`.
const BULK_BATCH: usize = 1_000;

/// Wards the demo stores are placed in: names found in many provinces since the 2025
/// reorganisation.
const WARDS: &[&str] = &[
    "Phường Quang Trung",
    "Phường Hòa Bình",
    "Phường Tân Lập",
    "Phường Đông Hòa",
    "Phường Bắc Sơn",
    "Phường Thành Công",
    "Xã Tân Phú",
    "Xã An Bình",
];

pub struct PlannedAward {
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub source_url: Option<String>,
}

pub struct PlannedPointOfSale {
    pub name: String,
    pub address: String,
    pub ward: String,
    /// Near the province's centre, so "Gần tôi" works on the demo.
    pub position: Option<Position>,
    pub phone: String,
    pub opening_hours: String,
    /// Index into `Plan::products` when the store is listed for one product.
    pub product: Option<usize>,
}

pub struct PlannedProducer {
    pub name: String,
    pub legal_name: String,
    /// As written in the source ("Kiên Giang" or "An Giang").
    pub province: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub description: String,
    pub points_of_sale: Vec<PlannedPointOfSale>,
}

pub struct PlannedProduct {
    pub producer: usize,
    pub name: String,
    pub category: &'static str,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub status: ProductStatus,
    pub awards: Vec<PlannedAward>,
    pub photos: usize,
}

pub struct PlannedCollection {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub ends_in_days: Option<i64>,
    /// Product ids, in shelf order (repeats are dropped).
    pub products: Vec<i32>,
}

/// What the database holds already (the real records): generated names avoid these.
#[derive(Debug, Default)]
pub struct Taken {
    /// Products already stored.
    pub products: usize,
    /// Folded names of the products and producers already stored.
    pub product_names: HashSet<String>,
    pub producer_names: HashSet<String>,
}

/// Products generated and inserted at a time: each batch is written in a transaction of its
/// own and then dropped, so memory stays bounded whatever the catalogue's size.
pub const PRODUCT_BATCH: usize = 5_000;

/// From this many generated products on, a name already taken is tried once more with the
/// producer's province after it ("Nước mắm cốt nhĩ Minh Phát Kiên Giang"): the vocabulary
/// alone holds fewer than a million names. Smaller catalogues are generated as before.
const PLACE_NAMES_FROM: usize = 200_000;

/// Producers in a row that may bring no new product name before the generator gives up
/// (the vocabulary is used up) rather than run forever.
const STALL_LIMIT: usize = 100_000;

/// A set of names kept as 64-bit hashes (fixed keys, so runs are the same): a million names
/// take 16 MB instead of a hundred.
#[derive(Default)]
struct NameSet(HashSet<u64>);

impl NameSet {
    fn key(name: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        name.hash(&mut h);
        h.finish()
    }

    /// Adds `name`; whether it was new.
    fn insert(&mut self, name: &str) -> bool {
        self.0.insert(NameSet::key(name))
    }
}

/// One batch of the generated catalogue: whole producers with their products. Indexes
/// (`PlannedProduct::producer`, `PlannedPointOfSale::product`) count from the start of the
/// whole catalogue; a producer's products are always in its batch.
pub struct Batch {
    pub first_producer: usize,
    pub first_product: usize,
    pub producers: Vec<PlannedProducer>,
    pub products: Vec<PlannedProduct>,
}

/// The generated catalogue, produced a batch at a time (deterministic: the same catalogue
/// on every machine, whatever the batch size).
pub struct Generator {
    rng: Rng,
    wanted: usize,
    batch: usize,
    started: bool,
    producers: usize,
    products: usize,
    used_names: NameSet,
    used_producers: NameSet,
    certificates: usize,
    trades: usize,
    stalled: usize,
    provinces: Vec<(String, Vec<String>)>,
    centres: Vec<(String, Position)>,
}

impl Generator {
    /// Fictional products until the database holds `target`, about `batch` at a time.
    pub fn new(target: usize, taken: &Taken, batch: usize) -> Generator {
        let mut used_names = NameSet::default();
        let mut used_producers = NameSet::default();
        for (producer, _, _, products) in REAL_WITHOUT_AWARDS {
            used_producers.insert(&fold(producer));
            for name in *products {
                used_names.insert(&fold(name));
            }
        }
        for name in &taken.product_names {
            used_names.insert(name);
        }
        for name in &taken.producer_names {
            used_producers.insert(name);
        }
        Generator {
            rng: Rng(2026),
            wanted: target.saturating_sub(taken.products),
            batch: batch.max(1),
            started: false,
            producers: 0,
            products: 0,
            used_names,
            used_producers,
            certificates: 0,
            // The trade names are handed out in turn, from the eighth.
            trades: 7,
            stalled: 0,
            provinces: crate::db::reference::province_names(),
            centres: crate::db::reference::province_centres(),
        }
    }

    /// Products this generator makes in all (about: a few real ones come first).
    pub fn wanted(&self) -> usize {
        self.wanted
    }

    /// The next batch of about `batch` products (whole producers); `None` once all are made.
    pub fn next_batch(&mut self) -> anyhow::Result<Option<Batch>> {
        if self.wanted == 0 || (self.started && self.products >= self.wanted) {
            return Ok(None);
        }
        let mut batch = Batch {
            first_producer: self.producers,
            first_product: self.products,
            producers: Vec::new(),
            products: Vec::new(),
        };
        if !self.started {
            self.started = true;
            self.add_real_without_awards(&mut batch);
        }
        while batch.products.len() < self.batch && self.products < self.wanted {
            let before = self.products;
            self.add_producer(&mut batch);
            if self.products == before {
                self.stalled += 1;
                anyhow::ensure!(
                    self.stalled < STALL_LIMIT,
                    "the demo vocabulary has no more product names after {} products",
                    self.products
                );
            } else {
                self.stalled = 0;
            }
        }
        Ok(Some(batch))
    }

    fn push_producer(&mut self, batch: &mut Batch, producer: PlannedProducer) {
        batch.producers.push(producer);
        self.producers += 1;
    }

    fn push_product(&mut self, batch: &mut Batch, product: PlannedProduct) {
        batch.products.push(product);
        self.products += 1;
    }

    fn add_real_without_awards(&mut self, batch: &mut Batch) {
        for (producer, province, category, products) in REAL_WITHOUT_AWARDS {
            let index = self.producers;
            self.push_producer(
                batch,
                PlannedProducer {
                    name: (*producer).to_owned(),
                    legal_name: (*producer).to_owned(),
                    province: (*province).to_owned(),
                    address: String::new(),
                    phone: String::new(),
                    email: String::new(),
                    description: "Bản demo chưa ghi nhận danh hiệu có nguồn dẫn cho các sản phẩm của doanh nghiệp này."
                        .to_owned(),
                    points_of_sale: Vec::new(),
                },
            );
            for name in *products {
                self.push_product(
                    batch,
                    PlannedProduct {
                        producer: index,
                        name: (*name).to_owned(),
                        category: category_slug(category),
                        brand: "Điện Quang".to_owned(),
                        description: String::new(),
                        gtin: None,
                        status: ProductStatus::Published,
                        awards: Vec::new(),
                        photos: 1,
                    },
                );
            }
        }
    }

    /// One more producer, with up to eight products (fewer when their names are taken) and
    /// its points of sale.
    fn add_producer(&mut self, batch: &mut Batch) {
        let rng = &mut self.rng;
        // Hà Nội and TP Hồ Chí Minh hold more producers, as in the real lists.
        let (province, legacy) = match rng.below(10) {
            0 | 1 => &self.provinces[0],
            2 => &self.provinces[1],
            _ => rng.pick(&self.provinces),
        };
        let (province, legacy) = (province.clone(), legacy.clone());
        let written = if !legacy.is_empty() && rng.chance(45) {
            rng.pick(&legacy).clone()
        } else {
            province.clone()
        };
        let trade = vocab::TRADE_NAMES[self.trades % vocab::TRADE_NAMES.len()];
        self.trades += 1;
        let form = rng.pick(vocab::LEGAL_FORMS);
        let mut name = format!("{form} {trade}");
        if !self.used_producers.insert(&fold(&name)) {
            name = format!("{form} {trade} {written}");
            self.used_producers.insert(&fold(&name));
        }
        let producer_index = self.producers;
        let main_category = rng.below(vocab::CATEGORIES.len());
        let specialities: Vec<&(&str, &str, &str, &str)> = vocab::SPECIALITIES
            .iter()
            .filter(|s| s.0 == province.as_str())
            .collect();
        let count = 1 + rng.below(8);
        let first_product = self.products;
        let mut products = Vec::new();
        for _ in 0..count {
            if self.products + products.len() >= self.wanted {
                break;
            }
            let rng = &mut self.rng;
            let (category, product_name) = if !specialities.is_empty() && rng.chance(35) {
                let (_, place, category, noun) = **rng.pick(&specialities);
                (category_slug(category), format!("{noun} {place} {trade}"))
            } else {
                let vocab = if rng.chance(70) {
                    &vocab::CATEGORIES[main_category]
                } else {
                    rng.pick(vocab::CATEGORIES)
                };
                let noun = rng.pick(vocab.nouns);
                let qualifier = rng.pick(vocab.qualifiers);
                (vocab.slug, format!("{noun} {qualifier} {trade}"))
            };
            let product_name = if self.used_names.insert(&fold(&product_name)) {
                product_name
            } else if self.products + products.len() >= PLACE_NAMES_FROM {
                let placed = format!("{product_name} {written}");
                if !self.used_names.insert(&fold(&placed)) {
                    continue;
                }
                placed
            } else {
                continue;
            };
            let vocab = vocab::CATEGORIES
                .iter()
                .find(|c| c.slug == category)
                .unwrap_or(&vocab::CATEGORIES[0]);
            let awards = generated_awards(rng, province == "Hà Nội", &mut self.certificates);
            products.push(PlannedProduct {
                producer: producer_index,
                name: product_name,
                category,
                brand: trade.to_owned(),
                description: rng.pick(vocab.descriptions).to_string(),
                gtin: rng.chance(50).then(|| gtin(rng)),
                // A few products are not public, as in a live catalogue.
                status: match rng.below(100) {
                    0 => ProductStatus::Draft,
                    1 => ProductStatus::Submitted,
                    2 => ProductStatus::Hidden,
                    _ => ProductStatus::Published,
                },
                awards,
                photos: 1 + rng.below(3),
            });
        }
        let made = products.len();
        for p in products {
            self.push_product(batch, p);
        }
        let rng = &mut self.rng;
        // Places come from a generator of their own: the rest of the catalogue stays as it was.
        let mut place = Rng(PLACE_SEED ^ producer_index as u64);
        let centre = self
            .centres
            .iter()
            .find(|(n, _)| *n == province)
            .map(|(_, c)| *c);
        let stores = (0..1 + rng.below(3))
            .map(|i| PlannedPointOfSale {
                ward: place.pick(WARDS).to_string(),
                position: centre.map(|c| place.near(&c, STORE_SPREAD_DEGREES)),
                name: format!("{} {trade}", rng.pick(vocab::STORE_KINDS)),
                address: format!(
                    "Số {} {}, {}",
                    1 + rng.below(300),
                    rng.pick(vocab::STREETS),
                    province
                ),
                phone: phone(rng),
                opening_hours: rng.pick(vocab::OPENING_HOURS).to_string(),
                product: (i == 0 && made > 0 && rng.chance(30)).then_some(first_product),
            })
            .collect();
        let producer = PlannedProducer {
            legal_name: name.clone(),
            name,
            province: written,
            address: format!(
                "Số {} {}, {}",
                1 + rng.below(500),
                rng.pick(vocab::STREETS),
                province
            ),
            phone: phone(rng),
            // `.example` is reserved (RFC 2606): no one can receive mail there.
            email: format!("lienhe@{}.example", slugify(trade).replace('-', "")),
            description: FICTIONAL_NOTE.to_owned(),
            points_of_sale: stores,
        };
        self.push_producer(batch, producer);
    }

    /// The featured shelves, from what [`Inserter`] noted of the products it wrote.
    pub fn collections(mut self, shelves: Shelves) -> Vec<PlannedCollection> {
        let rng = &mut self.rng;
        let promotion: Vec<i32> = if shelves.hanoi.is_empty() {
            Vec::new()
        } else {
            (0..12)
                .map(|_| shelves.hanoi[rng.below(shelves.hanoi.len())])
                .collect()
        };
        vec![
            PlannedCollection {
                slug: "top-1-nam-2025",
                title: "Top 1 năm 2025",
                description: "Sản phẩm xếp hạng cao nhất trong bình chọn “Hàng Việt Nam được người tiêu dùng yêu thích” năm 2025.",
                ends_in_days: None,
                products: shelves.top1,
            },
            PlannedCollection {
                slug: "ocop-5-sao",
                title: "OCOP 5 sao",
                description: "Sản phẩm đạt hạng cao nhất của Chương trình Mỗi xã một sản phẩm.",
                ends_in_days: None,
                products: shelves.ocop5,
            },
            PlannedCollection {
                slug: "thang-khuyen-mai-ha-noi",
                title: "Tháng khuyến mại Hà Nội",
                description: "Hàng Việt của các doanh nghiệp Hà Nội tham gia tháng khuyến mại.",
                ends_in_days: Some(365),
                products: promotion,
            },
        ]
    }
}

/// The vocabulary's `'static` slug for a category slug read from the CSV.
fn category_slug(slug: &str) -> &'static str {
    vocab::CATEGORIES
        .iter()
        .find(|c| c.slug == slug)
        .map_or(vocab::CATEGORIES[0].slug, |c| c.slug)
}

/// Real producers shown without an award: the demo has no sourced award for them, so none is
/// made up.
const REAL_WITHOUT_AWARDS: &[(&str, &str, &str, &[&str])] = &[(
    "Công ty Cổ phần Bóng đèn Điện Quang",
    "TP Hồ Chí Minh",
    "dien-dien-tu",
    &["Bóng đèn LED Bulb Điện Quang", "Đèn LED tuýp Điện Quang"],
)];

/// One or two awards; "Hàng Việt Nam được người tiêu dùng yêu thích" is Hà Nội's title.
fn generated_awards(rng: &mut Rng, in_hanoi: bool, certificates: &mut usize) -> Vec<PlannedAward> {
    let mut awards: Vec<PlannedAward> = Vec::new();
    for _ in 0..1 + usize::from(rng.chance(30)) {
        let programme = match rng.below(100) {
            0..=24 if in_hanoi => Programme::HvnYeuThich,
            0..=49 => Programme::Ocop,
            50..=84 => Programme::Hvnclc,
            _ => Programme::Thqg,
        };
        let year = match programme {
            Programme::Ocop => rng.range(2019, 2025),
            Programme::Thqg => 2016 + 2 * rng.range(0, 4),
            _ => rng.range(2015, 2025),
        };
        if awards
            .iter()
            .any(|a| a.programme == programme && a.year == year)
        {
            continue;
        }
        let tier = match programme {
            Programme::HvnYeuThich => Some(format!("top{}", 1 + rng.below(4))),
            Programme::Ocop => Some(
                match rng.below(10) {
                    0 => "5",
                    1..=4 => "4",
                    _ => "3",
                }
                .to_owned(),
            ),
            _ => None,
        };
        awards.push(PlannedAward {
            programme,
            year,
            tier,
            certificate_no: (programme == Programme::Ocop).then(|| {
                *certificates += 1;
                certificate_no(*certificates)
            }),
            source_url: None,
        });
    }
    awards
}

/// A GTIN-13 with Vietnam's GS1 prefix 893 and a valid check digit.
fn gtin(rng: &mut Rng) -> String {
    let mut digits: Vec<u32> = vec![8, 9, 3];
    digits.extend((0..9).map(|_| rng.below(10) as u32));
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

/// A certificate number no authority issues: "MINH-HOA-0001" ("minh họa" = illustration), so a
/// fictional award never looks like a real decision ("123/QĐ-UBND").
pub fn certificate_no(n: usize) -> String {
    format!("MINH-HOA-{n:04}")
}

/// A phone number that can belong to no one: it starts "0000". Vietnamese numbers are a
/// trunk 0 followed by a non-zero area or mobile prefix, and "00" is the international
/// prefix followed by a country code, none of which starts with 0: no call to it connects.
fn phone(rng: &mut Rng) -> String {
    format!("0000 {:03} {:03}", rng.below(1000), rng.below(1000))
}

/// Products per generated shelf.
const SHELF_SIZE: usize = 16;

/// What the featured shelves need of the products written: the first published winners of
/// two titles (ids) and every published product of a Hà Nội producer (ids, 4 bytes each).
#[derive(Default)]
pub struct Shelves {
    top1: Vec<i32>,
    ocop5: Vec<i32>,
    hanoi: Vec<i32>,
}

impl Shelves {
    fn note(&mut self, id: i32, product: &PlannedProduct, producer_province: &str) {
        if product.status != ProductStatus::Published {
            return;
        }
        let holds = |programme: Programme, tier: &str, year: Option<i32>| {
            product.awards.iter().any(|a| {
                a.programme == programme
                    && a.tier.as_deref() == Some(tier)
                    && year.is_none_or(|y| a.year == y)
            })
        };
        if self.top1.len() < SHELF_SIZE && holds(Programme::HvnYeuThich, "top1", Some(2025)) {
            self.top1.push(id);
        }
        if self.ocop5.len() < SHELF_SIZE && holds(Programme::Ocop, "5", None) {
            self.ocop5.push(id);
        }
        if producer_province == "Hà Nội" {
            self.hanoi.push(id);
        }
    }
}

/// Writes the generated batches: what it needs across batches (reference ids, the slugs
/// taken as hashes, the shelves) and nothing else.
pub struct Inserter<'a> {
    provinces: ProvinceIndex,
    categories: HashMap<String, i32>,
    slugs: Slugs,
    now: NaiveDateTime,
    photos: &'a [Vec<StoredImage>],
    pub shelves: Shelves,
}

impl<'a> Inserter<'a> {
    pub fn new(conn: &mut DbConnection, photos: &'a [Vec<StoredImage>]) -> anyhow::Result<Self> {
        Ok(Inserter {
            provinces: ProvinceIndex::load(conn)?,
            categories: Category::all(conn)?
                .into_iter()
                .map(|c| (c.slug, c.id))
                .collect(),
            slugs: Slugs::taken(conn)?,
            now: chrono::Utc::now().naive_utc(),
            photos,
            shelves: Shelves::default(),
        })
    }

    /// Inserts one batch (run it inside a transaction): its producers, products, awards,
    /// photos and points of sale, in that order.
    pub fn insert(
        &mut self,
        conn: &mut DbConnection,
        batch: &Batch,
        bar: &ProgressBar,
    ) -> anyhow::Result<SeedReport> {
        let now = self.now;
        let mut report = SeedReport::default();
        let mut producer_ids = Vec::with_capacity(batch.producers.len());
        let mut producer_provinces = Vec::with_capacity(batch.producers.len());
        for p in &batch.producers {
            let (province_id, alias_id) = match self.provinces.by_name(&p.province) {
                Some(ProvinceRef::Current(id)) => (id, None),
                Some(ProvinceRef::Legacy {
                    alias_id,
                    province_id,
                }) => (province_id, Some(alias_id)),
                None => anyhow::bail!("unknown province {} in the demo data", p.province),
            };
            let id = NewProducer {
                slug: self.slugs.unique(&p.name),
                name: p.name.clone(),
                name_folded: fold(&p.name),
                legal_name: p.legal_name.clone(),
                tax_code: None,
                address: p.address.clone(),
                province_id: Some(province_id),
                province_alias_id: alias_id,
                website: String::new(),
                phone: p.phone.clone(),
                email: p.email.clone(),
                description: p.description.clone(),
                logo_hash: None,
                verified: false,
                claimed_by: None,
                created_at: now,
                updated_at: now,
                is_demo: true,
            }
            .insert(conn)?;
            producer_ids.push(id);
            producer_provinces.push(province_id);
            report.producers += 1;
        }

        let mut product_ids = Vec::with_capacity(batch.products.len());
        let mut new_awards = Vec::new();
        let mut new_images = Vec::new();
        for (k, p) in batch.products.iter().enumerate() {
            let i = batch.first_product + k;
            let owner = p.producer - batch.first_producer;
            let category_id = *self
                .categories
                .get(p.category)
                .ok_or_else(|| anyhow::anyhow!("unknown category {}", p.category))?;
            let newest = p.awards.iter().map(|a| a.year).max().unwrap_or(2025);
            let published_at = date_in(newest, i);
            let id = NewProduct {
                producer_id: producer_ids[owner],
                category_id,
                slug: self.slugs.unique(&p.name),
                name: p.name.clone(),
                name_folded: fold(&p.name),
                brand: p.brand.clone(),
                description: p.description.clone(),
                gtin: p.gtin.clone(),
                status: p.status,
                rejection_reason: None,
                published_at: (p.status == ProductStatus::Published).then_some(published_at),
                created_at: published_at,
                updated_at: published_at,
                is_demo: true,
            }
            .insert(conn)?;
            product_ids.push(id);
            self.shelves.note(id, p, &batch.producers[owner].province);
            report.products += 1;
            for a in &p.awards {
                new_awards.push(NewAward {
                    product_id: Some(id),
                    producer_id: None,
                    programme: a.programme,
                    year: a.year,
                    tier: a.tier.clone(),
                    certificate_no: a.certificate_no.clone(),
                    valid_until: default_valid_until(a.programme, a.year),
                    source_url: a.source_url.clone(),
                });
            }
            let set = &self.photos[vocab::CATEGORIES
                .iter()
                .position(|c| c.slug == p.category)
                .unwrap_or(0)];
            for n in 0..p.photos {
                let photo = &set[(i + n) % set.len()];
                new_images.push(NewProductImage {
                    product_id: id,
                    content_hash: photo.hash.clone(),
                    width: i32::try_from(photo.width)?,
                    height: i32::try_from(photo.height)?,
                    sort_order: i32::try_from(n)?,
                    alt: format!("{} — ảnh minh họa {}", p.name, n + 1),
                });
            }
            bar.inc(1);
        }
        // One statement per row: diesel's multi-backend connection has no batch insert, and
        // inside one transaction single-row inserts are fast on both backends.
        for award in &new_awards {
            report.awards += diesel::insert_into(awards::table)
                .values(award)
                .execute(conn)?;
        }
        crate::db::models::Product::refresh_award_summary(conn, &product_ids, &[])?;
        for image in &new_images {
            report.images += diesel::insert_into(product_images::table)
                .values(image)
                .execute(conn)?;
        }

        for (k, p) in batch.producers.iter().enumerate() {
            for s in &p.points_of_sale {
                let store = NewPointOfSale {
                    producer_id: producer_ids[k],
                    name: s.name.clone(),
                    kind: SaleKind::Shop,
                    address: s.address.clone(),
                    ward: s.ward.clone(),
                    province_id: producer_provinces[k],
                    phone: s.phone.clone(),
                    opening_hours: s.opening_hours.clone(),
                    url: String::new(),
                    latitude: s.position.map(|p| p.latitude),
                    longitude: s.position.map(|p| p.longitude),
                    hidden: false,
                    needs_review: false,
                    created_at: now,
                    updated_at: now,
                };
                let id: i32 = diesel::insert_into(points_of_sale::table)
                    .values(&store)
                    .returning(points_of_sale::id)
                    .get_result(conn)?;
                report.points_of_sale += 1;
                if let Some(idx) = s.product {
                    diesel::insert_into(point_of_sale_products::table)
                        .values(PointOfSaleProduct {
                            point_of_sale_id: id,
                            product_id: product_ids[idx - batch.first_product],
                        })
                        .execute(conn)?;
                }
            }
        }
        Ok(report)
    }

    /// Inserts the featured shelves (last, once every product is written).
    pub fn insert_collections(
        &self,
        conn: &mut DbConnection,
        collections: &[PlannedCollection],
    ) -> anyhow::Result<usize> {
        let now = self.now;
        for (order, c) in collections.iter().enumerate() {
            let id = NewFeaturedCollection {
                slug: c.slug.to_owned(),
                title: c.title.to_owned(),
                description: c.description.to_owned(),
                sort_order: i32::try_from(order)?,
                starts_at: None,
                ends_at: c.ends_in_days.map(|d| now + chrono::Duration::days(d)),
                created_at: now,
                // Generated shelves have no English version: the English site shows them
                // marked as Vietnamese.
                title_en: String::new(),
                description_en: String::new(),
            }
            .insert(conn)?;
            let mut seen = HashSet::new();
            let items: Vec<NewFeaturedItem> = c
                .products
                .iter()
                .filter(|id| seen.insert(**id))
                .enumerate()
                .map(|(position, product_id)| NewFeaturedItem {
                    collection_id: id,
                    product_id: *product_id,
                    position: i32::try_from(position).unwrap_or(i32::MAX),
                })
                .collect();
            for item in &items {
                diesel::insert_into(featured_collection_items::table)
                    .values(item)
                    .execute(conn)?;
            }
        }
        Ok(collections.len())
    }
}

/// A spread-out date within `year` for the i-th product.
fn date_in(year: i32, i: usize) -> NaiveDateTime {
    let day = u32::try_from(i % 360).unwrap_or(0);
    NaiveDate::from_yo_opt(year, 1 + day)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default()
}

/// Hands out unique slugs ("nuoc-mam", "nuoc-mam-2", …), remembering those taken as
/// hashes (a hash shared by two slugs only costs a needless "-2").
#[derive(Default)]
struct Slugs(NameSet);

impl Slugs {
    /// Starts from the slugs of the products and producers already stored.
    fn taken(conn: &mut DbConnection) -> QueryResult<Slugs> {
        use crate::db::schema::{producers, products};
        let mut taken = NameSet::default();
        for slug in products::table
            .select(products::slug)
            .load::<String>(conn)?
            .into_iter()
            .chain(
                producers::table
                    .select(producers::slug)
                    .load::<String>(conn)?,
            )
        {
            taken.insert(&slug);
        }
        Ok(Slugs(taken))
    }

    fn unique(&mut self, name: &str) -> String {
        let base = match slugify(name) {
            s if s.is_empty() => "muc".to_owned(),
            s => s,
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !self.0.insert(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }
}

/// `seed-demo --points-of-sale N`: `count` more stores of the generated producers that have a
/// published product, spread around their province's centre, for the "near me" benchmark.
/// Generated and inserted [`BULK_BATCH`] at a time, so memory stays bounded whatever `count`.
pub fn insert_points_of_sale(
    conn: &mut DbConnection,
    count: usize,
    bar: &ProgressBar,
) -> anyhow::Result<usize> {
    use crate::db::schema::{producers, products};
    let owners: Vec<(i32, i32, String)> = producers::table
        .inner_join(crate::db::schema::provinces::table)
        .filter(producers::is_demo.eq(true))
        .filter(
            producers::id.eq_any(
                products::table
                    .filter(products::status.eq(ProductStatus::Published))
                    .select(products::producer_id),
            ),
        )
        .order(producers::id)
        .select((
            producers::id,
            producers::province_id.assume_not_null(),
            crate::db::schema::provinces::name,
        ))
        .load(conn)?;
    if owners.is_empty() {
        anyhow::bail!("no generated producer with a published product to give points of sale to");
    }
    let centres = crate::db::reference::province_centres();
    let now = chrono::Utc::now().naive_utc();
    let mut rng = Rng(PLACE_SEED.rotate_left(17));
    let mut made = 0;
    while made < count {
        let batch: Vec<NewPointOfSale> = (made..count.min(made + BULK_BATCH))
            .map(|n| {
                let (producer_id, province_id, province) = &owners[n % owners.len()];
                let centre = centres
                    .iter()
                    .find(|(name, _)| name == province)
                    .map(|(_, c)| *c);
                let position = centre.map(|c| rng.near(&c, BULK_SPREAD_DEGREES));
                NewPointOfSale {
                    producer_id: *producer_id,
                    name: format!("{} số {}", rng.pick(vocab::STORE_KINDS), n + 1),
                    kind: *rng.pick(&[
                        SaleKind::Shop,
                        SaleKind::Agent,
                        SaleKind::Supermarket,
                        SaleKind::Market,
                    ]),
                    address: format!("Số {} {}", 1 + rng.below(300), rng.pick(vocab::STREETS)),
                    ward: rng.pick(WARDS).to_string(),
                    province_id: *province_id,
                    phone: phone(&mut rng),
                    opening_hours: rng.pick(vocab::OPENING_HOURS).to_string(),
                    url: String::new(),
                    latitude: position.map(|p| p.latitude),
                    longitude: position.map(|p| p.longitude),
                    hidden: false,
                    needs_review: false,
                    created_at: now,
                    updated_at: now,
                }
            })
            .collect();
        // One statement per row (see `insert`), a batch at a time.
        for store in &batch {
            diesel::insert_into(points_of_sale::table)
                .values(store)
                .execute(conn)?;
        }
        made += batch.len();
        bar.inc(batch.len() as u64);
    }
    Ok(made)
}
