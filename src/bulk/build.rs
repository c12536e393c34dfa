//! Building a set of bulk files: batches of rows → records → a CSV writer and a JSON Lines
//! writer, each through a streaming gzip encoder and a SHA-256 hasher into a temporary file
//! that is fsynced and renamed; the manifest last; then the `current` link swapped.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use super::{
    AwardRecord, BATCH, Dataset, FileEntry, Format, MANIFEST, Manifest, PointOfSaleRecord,
    ProducerLink, ProducerRecord, ProductRecord, SlugName, csv_row, licence, schema,
};
use crate::db::models::bulk as q;
use crate::db::models::{Award, PointOfSale, Producer, Product};
use crate::db::{Db, DbConnection};
use crate::i18n::Locale;
use crate::reference::CardContext;

/// The file beside the manifest holding the fingerprint the set was built from.
pub const FINGERPRINT: &str = "fingerprint";
/// Sets kept besides the current one (a download that began on it goes on from its open file
/// anyway).
const KEEP_OLD_SETS: usize = 1;

/// The catalogue's fingerprint and today's date: `expired` and `status` of awards are judged
/// on the day of the build, so a new day is a change too.
pub fn fingerprint_with_day(fingerprint: &str) -> String {
    format!("{fingerprint} d{}", crate::clock::today_in_vietnam())
}

/// `published_at` as the files write it (RFC 3339, UTC).
pub fn format_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
}

/// Reads a time written by [`format_time`].
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.fZ").ok()
}

/// The stored text of an optional web address: empty is `null`.
fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Counts and hashes what reaches the file (the compressed bytes).
struct Sink {
    out: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One file being written: a temporary file in the set's directory, renamed when finished.
struct Output {
    name: String,
    temp: tempfile::TempPath,
    rows: u64,
}

impl Output {
    fn create(dir: &Path, name: String) -> anyhow::Result<(Output, GzEncoder<Sink>)> {
        let temp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(dir)
            .context("cannot create a temporary file")?;
        let (file, temp) = temp.into_parts();
        let sink = Sink {
            out: BufWriter::with_capacity(1 << 16, file),
            hasher: Sha256::new(),
            bytes: 0,
        };
        let out = Output {
            name,
            temp,
            rows: 0,
        };
        Ok((out, GzEncoder::new(sink, Compression::default())))
    }

    /// Finishes the gzip stream, fsyncs and renames the file; its manifest entry.
    fn finish(
        self,
        dir: &Path,
        encoder: GzEncoder<Sink>,
        dataset: Dataset,
        format: Format,
    ) -> anyhow::Result<FileEntry> {
        let mut sink = encoder.finish()?;
        sink.out.flush()?;
        let file = sink.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        self.temp
            .persist(dir.join(&self.name))
            .map_err(|e| e.error)
            .with_context(|| format!("cannot rename {}", self.name))?;
        Ok(FileEntry {
            name: self.name,
            dataset: dataset.as_str().to_owned(),
            format: format.as_str().to_owned(),
            rows: self.rows,
            bytes: sink.bytes,
            sha256: hex(&sink.hasher.finalize()),
            schema: schema(dataset),
        })
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The CSV and JSON Lines writers of one dataset.
struct Pair {
    dataset: Dataset,
    csv: csv::Writer<GzEncoder<Sink>>,
    csv_out: Output,
    jsonl: GzEncoder<Sink>,
    jsonl_out: Output,
}

impl Pair {
    fn create(dir: &Path, dataset: Dataset) -> anyhow::Result<Pair> {
        let (csv_out, csv_gz) = Output::create(dir, dataset.file_name(Format::Csv))?;
        let (jsonl_out, jsonl) = Output::create(dir, dataset.file_name(Format::JsonLines))?;
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(csv_gz);
        csv.write_record(dataset.fields().iter().map(|f| f.name))?;
        Ok(Pair {
            dataset,
            csv,
            csv_out,
            jsonl,
            jsonl_out,
        })
    }

    fn write(&mut self, record: &impl serde::Serialize) -> anyhow::Result<()> {
        let value = serde_json::to_value(record)?;
        self.csv
            .write_record(csv_row(&value, self.dataset.fields()))?;
        serde_json::to_writer(&mut self.jsonl, &value)?;
        self.jsonl.write_all(b"\n")?;
        self.csv_out.rows += 1;
        self.jsonl_out.rows += 1;
        Ok(())
    }

    fn finish(self, dir: &Path) -> anyhow::Result<[FileEntry; 2]> {
        let csv_gz = self.csv.into_inner().map_err(|e| e.into_error())?;
        Ok([
            self.csv_out
                .finish(dir, csv_gz, self.dataset, Format::Csv)?,
            self.jsonl_out
                .finish(dir, self.jsonl, self.dataset, Format::JsonLines)?,
        ])
    }
}

/// What every record needs.
struct Records<'a> {
    ctx: &'a CardContext,
    origin: &'a str,
    today: NaiveDate,
}

impl Records<'_> {
    fn page(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn province_name(&self, id: i32) -> String {
        self.ctx.province_name_of(id, Locale::Vi)
    }

    fn product(
        &self,
        p: &Product,
        maker: &Producer,
        images: &[crate::db::models::ProductImage],
    ) -> ProductRecord {
        let category = self.ctx.category(p.category_id);
        ProductRecord {
            slug: p.slug.clone(),
            name: p.name.clone(),
            brand: p.brand.clone(),
            description: p.description.clone(),
            gtin: p.gtin.clone(),
            category: SlugName {
                slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
                name: category
                    .map(|c| self.ctx.category_name(c, Locale::Vi))
                    .unwrap_or_default(),
            },
            producer: ProducerLink {
                slug: maker.slug.clone(),
                name: maker.name.clone(),
                province: maker.province_id.map(|id| self.province_name(id)),
            },
            images: images
                .iter()
                .map(|i| {
                    let widths = crate::media::variant_widths(i.width);
                    let width = widths.last().copied().unwrap_or(320);
                    self.page(&crate::media::url(&i.content_hash, width))
                })
                .collect(),
            url: self.page(&format!("/san-pham/{}", p.slug)),
            fictional: p.is_demo || maker.is_demo,
            published_at: p.published_at.map(format_time),
        }
    }

    fn producer(&self, p: &Producer) -> ProducerRecord {
        ProducerRecord {
            slug: p.slug.clone(),
            name: p.name.clone(),
            legal_name: p.legal_name.clone(),
            tax_code: p.tax_code.clone().filter(|t| !t.is_empty()),
            province: p
                .province_id
                .and_then(|id| self.ctx.provinces.province(id))
                .map(|pr| SlugName {
                    slug: pr.slug.clone(),
                    name: self.ctx.province_name(pr, Locale::Vi),
                }),
            province_as_written: p
                .province_alias_id
                .and_then(|id| self.ctx.provinces.alias(id))
                .map(|a| a.name.clone()),
            address: p.address.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            website: optional(&p.website),
            verified: p.verified,
            description: p.description.clone(),
            fictional: p.is_demo,
            url: self.page(&format!("/nha-san-xuat/{}", p.slug)),
        }
    }

    fn award(&self, a: &Award, product: Option<String>, producer: String) -> AwardRecord {
        AwardRecord {
            product_slug: product,
            producer_slug: producer,
            programme: a.programme.slug().to_owned(),
            programme_name: a.programme.name(Locale::Vi),
            year: a.year,
            tier: a.tier.clone(),
            valid_until: a.valid_until,
            expired: a.is_expired(self.today),
            status: a.validity(self.today).as_str().to_owned(),
            certificate_no: a.certificate_no.clone(),
            source_url: a.source_url.clone(),
        }
    }

    fn point(&self, p: PointOfSale, producer: String, products: Vec<String>) -> PointOfSaleRecord {
        PointOfSaleRecord {
            id: p.id,
            producer_slug: producer,
            kind: p.kind.as_str().to_owned(),
            province: self.province_name(p.province_id),
            province_slug: self
                .ctx
                .provinces
                .province(p.province_id)
                .map(|pr| pr.slug.clone())
                .unwrap_or_default(),
            url: optional(&p.url),
            latitude: p.latitude,
            longitude: p.longitude,
            products,
            name: p.name,
            address: p.address,
            ward: p.ward,
            phone: p.phone,
            opening_hours: p.opening_hours,
        }
    }
}

/// Writes every dataset into `dir`; the manifest entries in order.
fn write_files(
    conn: &mut DbConnection,
    c: &Records<'_>,
    dir: &Path,
    progress: &dyn Fn(Dataset, u64),
) -> anyhow::Result<Vec<FileEntry>> {
    let mut entries = Vec::new();

    let mut out = Pair::create(dir, Dataset::Products)?;
    let mut after = 0;
    loop {
        let batch = q::products_after(conn, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        let ids: Vec<i32> = batch.iter().map(|p| p.id).collect();
        let makers: HashMap<i32, Producer> = Producer::by_ids(
            conn,
            &batch.iter().map(|p| p.producer_id).collect::<Vec<_>>(),
        )?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        let images = q::images_of(conn, &ids)?;
        for p in &batch {
            let Some(maker) = makers.get(&p.producer_id) else {
                continue;
            };
            let photos = images.get(&p.id).map_or(&[][..], Vec::as_slice);
            out.write(&c.product(p, maker, photos))?;
        }
        progress(Dataset::Products, batch.len() as u64);
    }
    entries.extend(out.finish(dir)?);

    let mut out = Pair::create(dir, Dataset::Producers)?;
    let mut after = 0;
    loop {
        let batch = q::producers_after(conn, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for p in &batch {
            out.write(&c.producer(p))?;
        }
        progress(Dataset::Producers, batch.len() as u64);
    }
    entries.extend(out.finish(dir)?);

    let mut out = Pair::create(dir, Dataset::Awards)?;
    let mut after = 0;
    loop {
        let batch = q::awards_after(conn, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        let product_ids: Vec<i32> = batch.iter().filter_map(|a| a.product_id).collect();
        let products = q::product_slugs(conn, &product_ids)?;
        let mut maker_ids: Vec<i32> = batch.iter().filter_map(|a| a.producer_id).collect();
        maker_ids.extend(products.values().map(|(_, m)| *m));
        let makers = q::producer_slugs(conn, &maker_ids)?;
        for a in &batch {
            let (product, maker) = match (a.product_id, a.producer_id) {
                (Some(id), _) => match products.get(&id) {
                    Some((slug, maker)) => (Some(slug.clone()), *maker),
                    None => continue,
                },
                (None, Some(maker)) => (None, maker),
                (None, None) => continue,
            };
            let Some(maker) = makers.get(&maker) else {
                continue;
            };
            out.write(&c.award(a, product, maker.clone()))?;
        }
        progress(Dataset::Awards, batch.len() as u64);
    }
    entries.extend(out.finish(dir)?);

    let mut out = Pair::create(dir, Dataset::PointsOfSale)?;
    let mut after = 0;
    loop {
        let batch = q::points_of_sale_after(conn, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        let ids: Vec<i32> = batch.iter().map(|p| p.id).collect();
        let maker_ids: Vec<i32> = batch.iter().map(|p| p.producer_id).collect();
        let makers = q::producer_slugs(conn, &maker_ids)?;
        let mut listed = PointOfSale::published_products_of(conn, &ids)?;
        let n = batch.len() as u64;
        for p in batch {
            let Some(maker) = makers.get(&p.producer_id) else {
                continue;
            };
            let slugs = listed.remove(&p.id).unwrap_or_default();
            out.write(&c.point(p, maker.clone(), slugs))?;
        }
        progress(Dataset::PointsOfSale, n);
    }
    entries.extend(out.finish(dir)?);
    Ok(entries)
}

/// Writes `bytes` to `dir/name` through a fsynced temporary file.
fn write_small(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Builds a set under `root` and makes it the current one.
pub fn build_set(
    db: &Db,
    root: &Path,
    origin: &str,
    progress: &dyn Fn(Dataset, u64),
) -> anyhow::Result<Manifest> {
    let sets = root.join("sets");
    std::fs::create_dir_all(&sets).with_context(|| format!("cannot create {}", sets.display()))?;
    let made_at = Utc::now();
    let dir = tempfile::Builder::new()
        .prefix(&format!("{}-", made_at.format("%Y%m%dT%H%M%S")))
        .tempdir_in(&sets)?;
    // The batches' plans rely on the statistics (without them SQLite reads every published
    // product for each batch of points of sale).
    db.refresh_statistics(crate::db::Statistics::IfStale)?;
    let mut conn = db.conn()?;
    let ctx = CardContext::load(&mut conn)?;
    let c = Records {
        ctx: &ctx,
        origin,
        today: crate::clock::today_in_vietnam(),
    };
    // One snapshot for the whole set: every file, and the fingerprint, see the same catalogue.
    let (files, fingerprint) = (*conn).transaction(|conn| {
        if let DbConnection::Postgresql(pg) = conn {
            pg.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        }
        let fingerprint = q::fingerprint(conn)?;
        let files = write_files(conn, &c, dir.path(), progress)?;
        Ok::<_, anyhow::Error>((files, fingerprint))
    })?;
    drop(conn);
    let manifest = Manifest {
        made_at,
        licence: licence(),
        files,
    };
    write_small(
        dir.path(),
        FINGERPRINT,
        fingerprint_with_day(&fingerprint).as_bytes(),
    )?;
    write_small(dir.path(), MANIFEST, &serde_json::to_vec_pretty(&manifest)?)?;
    sync_dir(dir.path())?;
    let dir = dir.keep();
    let name = dir
        .file_name()
        .context("set directory has a name")?
        .to_owned();
    // Swap `current` in one rename.
    let link = tempfile::Builder::new()
        .prefix(".current-")
        .make_in(root, |path| {
            std::os::unix::fs::symlink(Path::new("sets").join(&name), path)
        })?;
    link.into_temp_path()
        .persist(root.join("current"))
        .map_err(|e| e.error)
        .context("cannot switch to the new set")?;
    sync_dir(root)?;
    remove_old_sets(&sets, &name);
    Ok(manifest)
}

/// Removes the sets older than the current one but the last [`KEEP_OLD_SETS`], and sets left
/// half-built by a crash.
fn remove_old_sets(sets: &Path, current: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(sets) else {
        return;
    };
    let mut names: Vec<std::ffi::OsString> = entries
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != current)
        .collect();
    names.sort();
    let keep = names.len().saturating_sub(KEEP_OLD_SETS);
    for name in names.into_iter().take(keep) {
        let _ = std::fs::remove_dir_all(sets.join(name));
    }
}
