//! Generating fictional producers and products for load tests (`seed-demo --products N`): a
//! plan (pure data, deterministic) and its insertion. Every generated row carries `is_demo`, so
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
    pub products: Vec<usize>,
}

pub struct Plan {
    pub producers: Vec<PlannedProducer>,
    pub products: Vec<PlannedProduct>,
    pub collections: Vec<PlannedCollection>,
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

/// The generated catalogue as data: fictional products until the database holds `target`.
pub fn plan(target: usize, taken: &Taken) -> Plan {
    let mut rng = Rng(2026);
    let mut plan = Plan {
        producers: Vec::new(),
        products: Vec::new(),
        collections: Vec::new(),
    };
    let wanted = target.saturating_sub(taken.products);
    if wanted == 0 {
        return plan;
    }
    add_real_without_awards(&mut plan);
    add_generated(&mut plan, &mut rng, wanted, taken);
    add_collections(&mut plan, &mut rng);
    plan
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

fn add_real_without_awards(plan: &mut Plan) {
    for (producer, province, category, products) in REAL_WITHOUT_AWARDS {
        plan.producers.push(PlannedProducer {
            name: (*producer).to_owned(),
            legal_name: (*producer).to_owned(),
            province: (*province).to_owned(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            description: "Bản demo chưa ghi nhận danh hiệu có nguồn dẫn cho các sản phẩm của doanh nghiệp này."
                .to_owned(),
            points_of_sale: Vec::new(),
        });
        let producer = plan.producers.len() - 1;
        for name in *products {
            plan.products.push(PlannedProduct {
                producer,
                name: (*name).to_owned(),
                category: category_slug(category),
                brand: "Điện Quang".to_owned(),
                description: String::new(),
                gtin: None,
                status: ProductStatus::Published,
                awards: Vec::new(),
                photos: 1,
            });
        }
    }
}

fn add_generated(plan: &mut Plan, rng: &mut Rng, target: usize, taken: &Taken) {
    let provinces = crate::db::reference::province_names();
    let centres = crate::db::reference::province_centres();
    let mut used_names: HashSet<String> = plan.products.iter().map(|p| fold(&p.name)).collect();
    used_names.extend(taken.product_names.iter().cloned());
    let mut used_producers: HashSet<String> =
        plan.producers.iter().map(|p| fold(&p.name)).collect();
    used_producers.extend(taken.producer_names.iter().cloned());
    let mut certificates = 0;
    let mut trade_names = vocab::TRADE_NAMES.iter().cycle().skip(7);
    while plan.products.len() < target {
        // Hà Nội and TP Hồ Chí Minh hold more producers, as in the real lists.
        let (province, legacy) = match rng.below(10) {
            0 | 1 => &provinces[0],
            2 => &provinces[1],
            _ => rng.pick(&provinces),
        };
        let written = if !legacy.is_empty() && rng.chance(45) {
            rng.pick(legacy).clone()
        } else {
            province.clone()
        };
        let trade = trade_names.next().copied().unwrap_or("Minh Phát");
        let form = rng.pick(vocab::LEGAL_FORMS);
        let mut name = format!("{form} {trade}");
        if !used_producers.insert(fold(&name)) {
            name = format!("{form} {trade} {written}");
            used_producers.insert(fold(&name));
        }
        let producer_index = plan.producers.len();
        let main_category = rng.below(vocab::CATEGORIES.len());
        let specialities: Vec<&(&str, &str, &str, &str)> = vocab::SPECIALITIES
            .iter()
            .filter(|s| s.0 == province.as_str())
            .collect();
        let count = 1 + rng.below(8);
        let first_product = plan.products.len();
        for _ in 0..count {
            if plan.products.len() >= target {
                break;
            }
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
            if !used_names.insert(fold(&product_name)) {
                continue;
            }
            let vocab = vocab::CATEGORIES
                .iter()
                .find(|c| c.slug == category)
                .unwrap_or(&vocab::CATEGORIES[0]);
            let awards = generated_awards(rng, province == "Hà Nội", &mut certificates);
            plan.products.push(PlannedProduct {
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
        // Places come from a generator of their own: the rest of the plan stays as it was.
        let mut place = Rng(PLACE_SEED ^ producer_index as u64);
        let centre = centres.iter().find(|(n, _)| n == province).map(|(_, c)| *c);
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
                product: (i == 0 && plan.products.len() > first_product && rng.chance(30))
                    .then_some(first_product),
            })
            .collect();
        plan.producers.push(PlannedProducer {
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
        });
    }
}

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

fn add_collections(plan: &mut Plan, rng: &mut Rng) {
    let with_award =
        |plan: &Plan, programme: Programme, tier: &str, year: Option<i32>| -> Vec<usize> {
            plan.products
                .iter()
                .enumerate()
                .filter(|(_, p)| p.status == ProductStatus::Published)
                .filter(|(_, p)| {
                    p.awards.iter().any(|a| {
                        a.programme == programme
                            && a.tier.as_deref() == Some(tier)
                            && year.is_none_or(|y| a.year == y)
                    })
                })
                .map(|(i, _)| i)
                .take(16)
                .collect()
        };
    let top1 = with_award(plan, Programme::HvnYeuThich, "top1", Some(2025));
    let ocop5 = with_award(plan, Programme::Ocop, "5", None);
    let hanoi: Vec<usize> = (0..plan.products.len())
        .filter(|i| {
            let p = &plan.products[*i];
            p.status == ProductStatus::Published && plan.producers[p.producer].province == "Hà Nội"
        })
        .collect();
    let promotion: Vec<usize> = if hanoi.is_empty() {
        Vec::new()
    } else {
        (0..12).map(|_| hanoi[rng.below(hanoi.len())]).collect()
    };
    plan.collections = vec![
        PlannedCollection {
            slug: "top-1-nam-2025",
            title: "Top 1 năm 2025",
            description: "Sản phẩm xếp hạng cao nhất trong bình chọn “Hàng Việt Nam được người tiêu dùng yêu thích” năm 2025.",
            ends_in_days: None,
            products: top1,
        },
        PlannedCollection {
            slug: "ocop-5-sao",
            title: "OCOP 5 sao",
            description: "Sản phẩm đạt hạng cao nhất của Chương trình Mỗi xã một sản phẩm.",
            ends_in_days: None,
            products: ocop5,
        },
        PlannedCollection {
            slug: "thang-khuyen-mai-ha-noi",
            title: "Tháng khuyến mại Hà Nội",
            description: "Hàng Việt của các doanh nghiệp Hà Nội tham gia tháng khuyến mại.",
            ends_in_days: Some(365),
            products: promotion,
        },
    ];
}

/// Inserts the plan. Runs inside the caller's transaction.
pub fn insert(
    conn: &mut DbConnection,
    plan: &Plan,
    photos: &[Vec<StoredImage>],
    bar: &ProgressBar,
) -> anyhow::Result<SeedReport> {
    let provinces = ProvinceIndex::load(conn)?;
    let categories: HashMap<String, i32> = Category::all(conn)?
        .into_iter()
        .map(|c| (c.slug, c.id))
        .collect();
    let now = chrono::Utc::now().naive_utc();
    let mut slugs = Slugs::taken(conn)?;
    let mut report = SeedReport::default();

    let mut producer_ids = Vec::with_capacity(plan.producers.len());
    let mut producer_provinces = Vec::with_capacity(plan.producers.len());
    for p in &plan.producers {
        let (province_id, alias_id) = match provinces.by_name(&p.province) {
            Some(ProvinceRef::Current(id)) => (id, None),
            Some(ProvinceRef::Legacy {
                alias_id,
                province_id,
            }) => (province_id, Some(alias_id)),
            None => anyhow::bail!("unknown province {} in the demo data", p.province),
        };
        let id = NewProducer {
            slug: slugs.unique(&p.name),
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

    let mut product_ids = Vec::with_capacity(plan.products.len());
    let mut new_awards = Vec::new();
    let mut new_images = Vec::new();
    for (i, p) in plan.products.iter().enumerate() {
        let category_id = *categories
            .get(p.category)
            .ok_or_else(|| anyhow::anyhow!("unknown category {}", p.category))?;
        let newest = p.awards.iter().map(|a| a.year).max().unwrap_or(2025);
        let published_at = date_in(newest, i);
        let id = NewProduct {
            producer_id: producer_ids[p.producer],
            category_id,
            slug: slugs.unique(&p.name),
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
        let set = &photos[vocab::CATEGORIES
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

    let mut stores = Vec::new();
    for (i, p) in plan.producers.iter().enumerate() {
        for s in &p.points_of_sale {
            stores.push((
                NewPointOfSale {
                    producer_id: producer_ids[i],
                    name: s.name.clone(),
                    kind: SaleKind::Shop,
                    address: s.address.clone(),
                    ward: s.ward.clone(),
                    province_id: producer_provinces[i],
                    phone: s.phone.clone(),
                    opening_hours: s.opening_hours.clone(),
                    url: String::new(),
                    latitude: s.position.map(|p| p.latitude),
                    longitude: s.position.map(|p| p.longitude),
                    hidden: false,
                    needs_review: false,
                    created_at: now,
                    updated_at: now,
                },
                s.product.map(|idx| product_ids[idx]),
            ));
        }
    }
    for (store, product) in &stores {
        let id: i32 = diesel::insert_into(points_of_sale::table)
            .values(store)
            .returning(points_of_sale::id)
            .get_result(conn)?;
        report.points_of_sale += 1;
        if let Some(product_id) = *product {
            diesel::insert_into(point_of_sale_products::table)
                .values(PointOfSaleProduct {
                    point_of_sale_id: id,
                    product_id,
                })
                .execute(conn)?;
        }
    }

    for (order, c) in plan.collections.iter().enumerate() {
        let id = NewFeaturedCollection {
            slug: c.slug.to_owned(),
            title: c.title.to_owned(),
            description: c.description.to_owned(),
            sort_order: i32::try_from(order)?,
            starts_at: None,
            ends_at: c.ends_in_days.map(|d| now + chrono::Duration::days(d)),
            created_at: now,
            // Generated shelves have no English version: the English site shows them marked
            // as Vietnamese.
            title_en: String::new(),
            description_en: String::new(),
        }
        .insert(conn)?;
        let mut seen = HashSet::new();
        let items: Vec<NewFeaturedItem> = c
            .products
            .iter()
            .filter(|idx| seen.insert(**idx))
            .enumerate()
            .map(|(position, idx)| NewFeaturedItem {
                collection_id: id,
                product_id: product_ids[*idx],
                position: i32::try_from(position).unwrap_or(i32::MAX),
            })
            .collect();
        for item in &items {
            diesel::insert_into(featured_collection_items::table)
                .values(item)
                .execute(conn)?;
        }
        report.collections += 1;
    }
    Ok(report)
}

/// A spread-out date within `year` for the i-th product.
fn date_in(year: i32, i: usize) -> NaiveDateTime {
    let day = u32::try_from(i % 360).unwrap_or(0);
    NaiveDate::from_yo_opt(year, 1 + day)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default()
}

/// Hands out unique slugs ("nuoc-mam", "nuoc-mam-2", …).
#[derive(Default)]
struct Slugs(HashSet<String>);

impl Slugs {
    /// Starts from the slugs of the products and producers already stored.
    fn taken(conn: &mut DbConnection) -> QueryResult<Slugs> {
        use crate::db::schema::{producers, products};
        let mut taken: HashSet<String> = products::table
            .select(products::slug)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        taken.extend(
            producers::table
                .select(producers::slug)
                .load::<String>(conn)?,
        );
        Ok(Slugs(taken))
    }

    fn unique(&mut self, name: &str) -> String {
        let base = match slugify(name) {
            s if s.is_empty() => "muc".to_owned(),
            s => s,
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !self.0.insert(slug.clone()) {
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
