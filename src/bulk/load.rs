//! Loading a set of bulk files into an empty database (`hangviet open-data load DIR`): the
//! manifest is read, every file it lists is checked against its size and SHA-256, then the
//! JSON Lines files are read line by line and stored in one transaction. Any bad file or
//! line stops the load with its name and line number, and nothing is stored.
//!
//! Photos are links to the site the files came from (`images`): they are not copied.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, bail};
use chrono::Utc;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use super::build::{hex, parse_time};
use super::{
    AwardRecord, Dataset, Format, Manifest, PointOfSaleRecord, ProducerRecord, ProductRecord,
};
use crate::db::models::province::ProvinceRef;
use crate::db::models::{
    NewAward, NewProducer, NewProduct, PointOfSaleProduct, Product, ProductStatus, ProvinceIndex,
    SaleKind,
};
use crate::db::models::{Programme, bulk as q};
use crate::db::schema::{point_of_sale_products, points_of_sale};
use crate::db::{Db, DbConnection};
use crate::reference::CardContext;

/// What a load stored.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub producers: u64,
    pub products: u64,
    pub awards: u64,
    pub points_of_sale: u64,
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} producers, {} products, {} awards, {} points of sale",
            self.producers, self.products, self.awards, self.points_of_sale
        )
    }
}

/// A point of sale stored with the id the files give it, so links to it keep working.
#[derive(Insertable)]
#[diesel(table_name = points_of_sale, treat_none_as_default_value = false)]
struct PointWithId {
    id: i32,
    producer_id: i32,
    name: String,
    kind: SaleKind,
    address: String,
    ward: String,
    province_id: i32,
    phone: String,
    opening_hours: String,
    url: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    hidden: bool,
    needs_review: bool,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

/// Checks every file of the manifest found in `dir`: present, of the stated size and checksum.
pub fn verify(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    for dataset in Dataset::ALL {
        let name = dataset.file_name(Format::JsonLines);
        if manifest.file(&name).is_none() {
            bail!("{name} is missing from the manifest");
        }
    }
    for entry in &manifest.files {
        if super::parse_file_name(&entry.name).is_none() {
            bail!("the manifest lists an unknown file {:?}", entry.name);
        }
        let path = dir.join(&entry.name);
        let mut file =
            std::fs::File::open(&path).with_context(|| format!("cannot open {}", entry.name))?;
        let mut hasher = Sha256::new();
        let bytes = std::io::copy(&mut file, &mut hasher)
            .with_context(|| format!("cannot read {}", entry.name))?;
        let sha = hex(&hasher.finalize());
        if bytes != entry.bytes || sha != entry.sha256 {
            bail!(
                "{} does not match the manifest (size {bytes}, expected {}; SHA-256 {sha}, expected {}): the file is damaged or incomplete",
                entry.name,
                entry.bytes,
                entry.sha256
            );
        }
    }
    Ok(())
}

/// Reads the records of a JSON Lines file, calling `each(line_number, record)`.
fn read_lines<T: serde::de::DeserializeOwned>(
    dir: &Path,
    dataset: Dataset,
    mut each: impl FnMut(usize, T) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let name = dataset.file_name(Format::JsonLines);
    let file =
        std::fs::File::open(dir.join(&name)).with_context(|| format!("cannot open {name}"))?;
    let reader = BufReader::new(GzDecoder::new(file));
    let mut n = 0;
    for (i, line) in reader.lines().enumerate() {
        let number = i + 1;
        let line = line.with_context(|| format!("{name} line {number}: cannot read"))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: T = serde_json::from_str(&line)
            .with_context(|| format!("{name} line {number}: not a valid record"))?;
        each(number, record).with_context(|| format!("{name} line {number}"))?;
        n += 1;
    }
    Ok(n)
}

/// Loads the set in `dir` into `db`, which must hold no catalogue yet. `progress(dataset,
/// rows)` is told of each stored row.
pub fn load_set(
    db: &Db,
    dir: &Path,
    progress: &dyn Fn(Dataset, u64),
) -> anyhow::Result<LoadReport> {
    let manifest = Manifest::read(dir)?;
    verify(dir, &manifest)?;
    let mut conn = db.conn()?;
    if let Some((table, rows)) = q::first_non_empty(&mut conn)? {
        bail!(
            "the database is not empty ({table} has {rows} rows): open data is only loaded into an empty database"
        );
    }
    let ctx = CardContext::load(&mut conn)?;
    (*conn).transaction(|conn| store(conn, dir, &ctx, progress))
}

fn store(
    conn: &mut DbConnection,
    dir: &Path,
    ctx: &CardContext,
    progress: &dyn Fn(Dataset, u64),
) -> anyhow::Result<LoadReport> {
    let now = Utc::now().naive_utc();
    let provinces: &ProvinceIndex = &ctx.provinces;
    let mut report = LoadReport::default();

    let mut producers: HashMap<String, i32> = HashMap::new();
    report.producers = read_lines(dir, Dataset::Producers, |_, r: ProducerRecord| {
        let province_id = match &r.province {
            None => None,
            Some(p) => match provinces.by_slug(&p.slug) {
                Some(ProvinceRef::Current(id)) => Some(id),
                _ => bail!("unknown province {:?}", p.slug),
            },
        };
        let province_alias_id = match &r.province_as_written {
            None => None,
            Some(name) => match provinces.by_name(name) {
                Some(ProvinceRef::Legacy {
                    alias_id,
                    province_id: of,
                }) if Some(of) == province_id => Some(alias_id),
                _ => bail!("unknown former province {name:?}"),
            },
        };
        if producers.contains_key(&r.slug) {
            bail!("producer {:?} is given twice", r.slug);
        }
        let id = NewProducer {
            slug: r.slug.clone(),
            name_folded: crate::text::fold(&r.name),
            name: r.name,
            legal_name: r.legal_name,
            tax_code: r.tax_code,
            address: r.address,
            province_id,
            province_alias_id,
            website: r.website.unwrap_or_default(),
            phone: r.phone,
            email: r.email,
            description: r.description,
            logo_hash: None,
            verified: r.verified,
            claimed_by: None,
            created_at: now,
            updated_at: now,
            is_demo: r.fictional,
        }
        .insert(conn)?;
        producers.insert(r.slug, id);
        progress(Dataset::Producers, 1);
        Ok(())
    })?;

    let mut products: HashMap<String, i32> = HashMap::new();
    report.products = read_lines(dir, Dataset::Products, |_, r: ProductRecord| {
        let Some(&producer_id) = producers.get(&r.producer.slug) else {
            bail!("unknown producer {:?}", r.producer.slug);
        };
        let Some(category) = ctx.category_by_slug(&r.category.slug) else {
            bail!("unknown category {:?}", r.category.slug);
        };
        let published_at = match &r.published_at {
            None => None,
            Some(t) => Some(parse_time(t).with_context(|| format!("bad published_at {t:?}"))?),
        };
        if products.contains_key(&r.slug) {
            bail!("product {:?} is given twice", r.slug);
        }
        let id = NewProduct {
            producer_id,
            category_id: category.id,
            slug: r.slug.clone(),
            name_folded: crate::text::fold(&r.name),
            name: r.name,
            brand: r.brand,
            description: r.description,
            gtin: r.gtin,
            status: ProductStatus::Published,
            rejection_reason: None,
            published_at,
            created_at: now,
            updated_at: now,
            is_demo: r.fictional,
        }
        .insert(conn)?;
        products.insert(r.slug, id);
        progress(Dataset::Products, 1);
        Ok(())
    })?;

    report.awards = read_lines(dir, Dataset::Awards, |_, r: AwardRecord| {
        let Some(programme) = Programme::from_slug(&r.programme) else {
            bail!("unknown programme {:?}", r.programme);
        };
        let (product_id, producer_id) = match &r.product_slug {
            Some(slug) => match products.get(slug) {
                Some(id) => (Some(*id), None),
                None => bail!("unknown product {slug:?}"),
            },
            None => match producers.get(&r.producer_slug) {
                Some(id) => (None, Some(*id)),
                None => bail!("unknown producer {:?}", r.producer_slug),
            },
        };
        diesel::insert_into(crate::db::schema::awards::table)
            .values(NewAward {
                product_id,
                producer_id,
                programme,
                year: r.year,
                tier: r.tier,
                certificate_no: r.certificate_no,
                valid_until: r.valid_until,
                source_url: r.source_url,
            })
            .execute(conn)?;
        progress(Dataset::Awards, 1);
        Ok(())
    })?;

    report.points_of_sale = read_lines(dir, Dataset::PointsOfSale, |_, r: PointOfSaleRecord| {
        let Some(&producer_id) = producers.get(&r.producer_slug) else {
            bail!("unknown producer {:?}", r.producer_slug);
        };
        let Some(ProvinceRef::Current(province_id)) = provinces.by_slug(&r.province_slug) else {
            bail!("unknown province {:?}", r.province_slug);
        };
        let Some(kind) = SaleKind::parse(&r.kind) else {
            bail!("unknown kind {:?}", r.kind);
        };
        let listed = r
            .products
            .iter()
            .map(|slug| match products.get(slug) {
                Some(id) => Ok(PointOfSaleProduct {
                    point_of_sale_id: r.id,
                    product_id: *id,
                }),
                None => bail!("unknown product {slug:?}"),
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        diesel::insert_into(points_of_sale::table)
            .values(PointWithId {
                id: r.id,
                producer_id,
                name: r.name,
                kind,
                address: r.address,
                ward: r.ward,
                province_id,
                phone: r.phone,
                opening_hours: r.opening_hours,
                url: r.url.unwrap_or_default(),
                latitude: r.latitude,
                longitude: r.longitude,
                hidden: false,
                needs_review: false,
                created_at: now,
                updated_at: now,
            })
            .execute(conn)?;
        for row in listed {
            diesel::insert_into(point_of_sale_products::table)
                .values(row)
                .execute(conn)?;
        }
        progress(Dataset::PointsOfSale, 1);
        Ok(())
    })?;

    if let DbConnection::Postgresql(pg) = conn {
        // The ids were given: the next point of sale created gets the one after the last.
        pg.batch_execute(
            "SELECT setval(pg_get_serial_sequence('points_of_sale', 'id'), \
             COALESCE((SELECT MAX(id) FROM points_of_sale), 0) + 1, false)",
        )?;
    }
    let mut ids: Vec<i32> = products.into_values().collect();
    ids.sort_unstable();
    Product::refresh_award_summary(conn, &ids, &[])?;
    // The search index catches up through its outbox (a running site's worker, or the next
    // start); `hangviet reindex` does it at once.
    for chunk in ids.chunks(500) {
        crate::db::models::search_outbox::SearchOutbox::enqueue(conn, chunk)?;
    }
    Ok(report)
}
