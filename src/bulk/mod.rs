//! Bulk downloads of the published catalogue (`/du-lieu`, issue 15 part 2): products,
//! producers, awards and points of sale, each as gzip-compressed CSV and JSON Lines, with a
//! `manifest.json` (when, licence, and per file its rows, size, SHA-256 and schema).
//!
//! Rules:
//! - The files are built off the request path ([`build`]): by the background task
//!   ([`spawn_worker`], started by `server::serve`) when the catalogue's fingerprint
//!   ([`crate::db::models::bulk::fingerprint`]) changed, at most once per
//!   `HANGVIET_OPEN_DATA_SECONDS`; by `hangviet open-data build`; and at start when there are
//!   none. Requests only read what is on disk and stream it.
//! - A set is built in a directory of its own under `<data>/open-data/sets/`: each file is
//!   written to a temporary file through a streaming gzip encoder and a SHA-256 hasher,
//!   fsynced and renamed, `manifest.json` last; then the `current` link is swapped to the new
//!   set in one rename. A reader resolves `current` once, so it never sees a half-written set
//!   nor files of two sets.
//! - Rows are read in keyset-paged batches ([`BATCH`]) inside one read-only transaction
//!   (a consistent snapshot): memory does not grow with the catalogue.
//! - JSON Lines records use the public API's field names where they overlap
//!   (`views::open_data`); CSV columns are the same fields, nested ones named with a dot
//!   (`category.slug`) and lists joined with `|`. Names (categories, provinces, programmes)
//!   are in Vietnamese, as in the API.
//! - [`load`] reads a set back into an empty database (`hangviet open-data load DIR`).

pub mod build;
pub mod load;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::db::Db;
use crate::i18n::Locale;

/// Rows read per query while building.
pub const BATCH: i64 = 1000;
/// The licence of the files.
pub const LICENCE_NAME: &str = "CC BY 4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// The manifest's file name in a set.
pub const MANIFEST: &str = "manifest.json";
/// How often the background task looks at the fingerprint.
const CHECK_EVERY: Duration = Duration::from_secs(30);

/// One table of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Products,
    Producers,
    Awards,
    PointsOfSale,
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Csv, Format::JsonLines];

    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv.gz",
            Format::JsonLines => "jsonl.gz",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }
}

/// A field of a file: its name (nested fields with a dot, as CSV columns are named) and type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
}

const fn f(name: &'static str, kind: &'static str) -> Field {
    Field { name, kind }
}

const PRODUCT_FIELDS: &[Field] = &[
    f("slug", "string"),
    f("name", "string"),
    f("brand", "string"),
    f("description", "string"),
    f("gtin", "string|null"),
    f("category.slug", "string"),
    f("category.name", "string"),
    f("producer.slug", "string"),
    f("producer.name", "string"),
    f("producer.province", "string|null"),
    f("images", "list of URL"),
    f("url", "URL"),
    f("fictional", "boolean"),
    f("published_at", "datetime|null"),
];

const PRODUCER_FIELDS: &[Field] = &[
    f("slug", "string"),
    f("name", "string"),
    f("legal_name", "string"),
    f("tax_code", "string|null"),
    f("province.slug", "string|null"),
    f("province.name", "string|null"),
    f("province_as_written", "string|null"),
    f("address", "string"),
    f("phone", "string"),
    f("email", "string"),
    f("website", "URL|null"),
    f("verified", "boolean"),
    f("description", "string"),
    f("fictional", "boolean"),
    f("url", "URL"),
];

const AWARD_FIELDS: &[Field] = &[
    f("product_slug", "string|null"),
    f("producer_slug", "string"),
    f("programme", "string"),
    f("programme_name", "string"),
    f("year", "integer"),
    f("tier", "string|null"),
    f("valid_until", "date|null"),
    f("expired", "boolean"),
    f("status", "string"),
    f("certificate_no", "string|null"),
    f("source_url", "URL|null"),
];

const POINT_FIELDS: &[Field] = &[
    f("id", "integer"),
    f("producer_slug", "string"),
    f("name", "string"),
    f("kind", "string"),
    f("address", "string"),
    f("ward", "string"),
    f("province", "string"),
    f("province_slug", "string"),
    f("phone", "string"),
    f("opening_hours", "string"),
    f("url", "URL|null"),
    f("latitude", "number|null"),
    f("longitude", "number|null"),
    f("products", "list of string"),
];

impl Dataset {
    pub const ALL: [Dataset; 4] = [
        Dataset::Products,
        Dataset::Producers,
        Dataset::Awards,
        Dataset::PointsOfSale,
    ];

    /// The file name's stem.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Products => "products",
            Dataset::Producers => "producers",
            Dataset::Awards => "awards",
            Dataset::PointsOfSale => "points-of-sale",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Dataset::Products => PRODUCT_FIELDS,
            Dataset::Producers => PRODUCER_FIELDS,
            Dataset::Awards => AWARD_FIELDS,
            Dataset::PointsOfSale => POINT_FIELDS,
        }
    }

    /// The file holding this dataset in `format`.
    pub fn file_name(self, format: Format) -> String {
        format!("{}.{}", self.as_str(), format.extension())
    }

    /// The catalogue key of a field's meaning.
    pub fn meaning_key(self, field: &str) -> String {
        format!(
            "open-data-field-{}-{}",
            self.as_str(),
            field.replace(['.', '_'], "-")
        )
    }
}

/// The dataset and format of a download name, for names on the allow-list only
/// (`products.csv.gz`…); anything else (a path, `manifest.json`) is `None`.
pub fn parse_file_name(name: &str) -> Option<(Dataset, Format)> {
    Dataset::ALL
        .iter()
        .flat_map(|d| Format::ALL.iter().map(move |f| (*d, *f)))
        .find(|(d, f)| d.file_name(*f) == name)
}

/// The licence, as the manifest states it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Licence {
    pub name: String,
    pub url: String,
    /// How to attribute, in English and Vietnamese.
    pub attribution: String,
    pub attribution_vi: String,
}

/// One field of a file's schema.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FieldEntry {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// What it means, in English and Vietnamese.
    pub meaning: String,
    pub meaning_vi: String,
}

/// One file of a set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub dataset: String,
    pub format: String,
    pub rows: u64,
    /// Size of the compressed file.
    pub bytes: u64,
    /// SHA-256 of the compressed file, in hex.
    pub sha256: String,
    pub schema: Vec<FieldEntry>,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub made_at: DateTime<Utc>,
    pub licence: Licence,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    pub fn file(&self, name: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Reads `dir/manifest.json`.
    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        use anyhow::Context;
        let path = dir.join(MANIFEST);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid", path.display()))
    }
}

/// The licence statement of the files.
pub fn licence() -> Licence {
    Licence {
        name: LICENCE_NAME.to_owned(),
        url: LICENCE_URL.to_owned(),
        attribution: Locale::En.t("open-data-attribution-text"),
        attribution_vi: Locale::Vi.t("open-data-attribution-text"),
    }
}

/// The schema of a dataset as the manifest gives it.
pub fn schema(dataset: Dataset) -> Vec<FieldEntry> {
    dataset
        .fields()
        .iter()
        .map(|field| {
            let key = dataset.meaning_key(field.name);
            FieldEntry {
                name: field.name.to_owned(),
                kind: field.kind.to_owned(),
                meaning: Locale::En.t(&key),
                meaning_vi: Locale::Vi.t(&key),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Records: one line of a JSON Lines file (and, flattened, one CSV row).
// ---------------------------------------------------------------------------------------------

/// `{slug, name}` (a category).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SlugName {
    pub slug: String,
    pub name: String,
}

/// The producer as a product names it (the API's `ProducerRef`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProducerLink {
    pub slug: String,
    pub name: String,
    pub province: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProductRecord {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub category: SlugName,
    pub producer: ProducerLink,
    pub images: Vec<String>,
    pub url: String,
    pub fictional: bool,
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProducerRecord {
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub province: Option<SlugName>,
    pub province_as_written: Option<String>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: Option<String>,
    pub verified: bool,
    pub description: String,
    pub fictional: bool,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AwardRecord {
    /// The product awarded; `null` for a firm-level award.
    pub product_slug: Option<String>,
    /// The producer awarded, or the maker of the product awarded.
    pub producer_slug: String,
    pub programme: String,
    pub programme_name: String,
    pub year: i32,
    pub tier: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub expired: bool,
    pub status: String,
    pub certificate_no: Option<String>,
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PointOfSaleRecord {
    pub id: i32,
    pub producer_slug: String,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub ward: String,
    pub province: String,
    pub province_slug: String,
    pub phone: String,
    pub opening_hours: String,
    pub url: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub products: Vec<String>,
}

/// The CSV row of a record: each field of `fields` looked up in its JSON form (nested fields
/// by their dotted name), `null` as an empty cell, lists joined with `|`.
pub fn csv_row(record: &serde_json::Value, fields: &[Field]) -> Vec<String> {
    use serde_json::Value;
    fields
        .iter()
        .map(|field| {
            let value = field
                .name
                .split('.')
                .try_fold(record, |v, key| v.get(key))
                .unwrap_or(&Value::Null);
            match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("|"),
                other => other.to_string(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The service: where the sets live, and when they are rebuilt.
// ---------------------------------------------------------------------------------------------

/// What a refresh did.
#[derive(Debug)]
pub enum Refresh {
    /// The files match the catalogue.
    Unchanged,
    /// The catalogue changed, but the last build is too recent: later.
    Deferred,
    Built(Box<Manifest>),
}

/// The bulk files of one data directory.
pub struct OpenData {
    root: PathBuf,
    /// Least time between two automatic builds.
    min_interval: Duration,
    /// One build at a time in this process.
    building: Mutex<Option<Instant>>,
}

impl OpenData {
    /// The sets under `root` (`<data>/open-data`), rebuilt at most every `min_interval`.
    pub fn new(root: PathBuf, min_interval: Duration) -> OpenData {
        OpenData {
            root,
            min_interval,
            building: Mutex::new(None),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of the current set, resolved once; `None` before the first build.
    pub fn current_dir(&self) -> Option<PathBuf> {
        let target = std::fs::read_link(self.root.join("current")).ok()?;
        let dir = self.root.join(target);
        dir.join(MANIFEST).is_file().then_some(dir)
    }

    /// The current set's directory and manifest.
    pub fn current(&self) -> Option<(PathBuf, Manifest)> {
        let dir = self.current_dir()?;
        let manifest = Manifest::read(&dir).ok()?;
        Some((dir, manifest))
    }

    /// Builds a new set now (blocking), whatever the fingerprint; `progress(dataset, rows)`
    /// is told of each batch written. Builds in this process run one at a time.
    pub fn build(
        &self,
        db: &Db,
        origin: &str,
        progress: &dyn Fn(Dataset, u64),
    ) -> anyhow::Result<Manifest> {
        let mut last = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let manifest = build::build_set(db, &self.root, origin, progress)?;
        *last = Some(Instant::now());
        Ok(manifest)
    }

    /// Rebuilds (blocking) when the catalogue's fingerprint differs from the current set's
    /// and the last build in this process is at least `min_interval` old. A missing set is
    /// built at once.
    pub fn refresh_if_changed(&self, db: &Db, origin: &str) -> anyhow::Result<Refresh> {
        let current = self
            .current_dir()
            .and_then(|dir| std::fs::read_to_string(dir.join(build::FINGERPRINT)).ok());
        if let Some(built) = &current {
            let now = crate::db::models::bulk::fingerprint(&mut *db.conn()?)?;
            if *built == build::fingerprint_with_day(&now) {
                return Ok(Refresh::Unchanged);
            }
            let last = *self.building.lock().unwrap_or_else(|e| e.into_inner());
            if last.is_some_and(|at| at.elapsed() < self.min_interval) {
                return Ok(Refresh::Deferred);
            }
        }
        let manifest = self.build(db, origin, &|_, _| {})?;
        Ok(Refresh::Built(Box::new(manifest)))
    }
}

/// What the background task uses.
pub struct Worker<'a> {
    pub db: &'a Db,
    pub open_data: &'a OpenData,
    pub site: &'a crate::site::SiteAddress,
}

/// Starts the background task: at once (building a missing set), then every
/// [`CHECK_EVERY`], it compares the fingerprint and rebuilds off the async workers.
pub fn spawn_worker<S: Send + Sync + 'static>(holder: Arc<S>, parts: fn(&S) -> Worker<'_>) {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(CHECK_EVERY);
        loop {
            tick.tick().await;
            let holder = holder.clone();
            let done = actix_web::web::block(move || {
                let w = parts(&holder);
                w.open_data.refresh_if_changed(w.db, w.site.origin())
            })
            .await;
            match done {
                Ok(Ok(Refresh::Built(m))) => {
                    let rows: u64 = m.files.iter().map(|f| f.rows).sum();
                    tracing::info!(rows = rows / 2, "open data files rebuilt");
                }
                Ok(Ok(_)) => {}
                Ok(Err(err)) => {
                    tracing::warn!(error = %format!("{err:#}"), "open data build failed")
                }
                Err(err) => tracing::warn!(error = %err, "open data build did not run"),
            }
        }
    });
}
