//! Importing and exporting points of sale (UTF-8, optional BOM, comma-separated, header row):
//!
//! `producer,name,kind,address,ward,province,phone,opening_hours,url,latitude,longitude,products`
//!
//! - `producer`: the producer's slug (as in its page's address) or its tax code.
//! - `kind`: `shop`, `agent`, `supermarket`, `market` or `online` (empty: `shop`); an online
//!   shop needs `url` (http or https) and may leave `address` empty.
//! - `province`: current or pre-2025 name (or slug); old names are mapped to the current unit.
//! - `latitude`, `longitude`: decimal degrees in Vietnam, both or neither.
//! - `products`: slugs of the producer's products sold there, separated by `|`; empty: the
//!   producer's whole range.
//!
//! The same rules as the award list: a file with any bad line imports nothing, and every bad
//! line is reported with its number as a spreadsheet shows it (the header is line 1); a line
//! is the same point of sale as a stored one when producer, name and address are the same,
//! so importing a file twice changes nothing the second time; the import is audited. The
//! export writes the same columns (cells made spreadsheet-safe), and imports back unchanged.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;

use super::export::unquote_formula;
use super::{RowCounter, quoted};
use crate::db::DbConnection;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::point_of_sale_edits::PointOfSaleFields;
use crate::db::models::province::ProvinceRef;
use crate::db::models::{PointOfSale, SaleKind};
use crate::db::schema::{producers, products};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::map_link;
use crate::reference::CardContext;

/// The columns of the format, in the documented order.
pub const COLUMNS: [&str; 12] = [
    "producer",
    "name",
    "kind",
    "address",
    "ward",
    "province",
    "phone",
    "opening_hours",
    "url",
    "latitude",
    "longitude",
    "products",
];

/// A bad line and why (put into words in the reader's language when shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointLineError {
    pub line: u64,
    pub msg: Msg,
}

/// One checked line, its producer and products resolved.
#[derive(Debug, Clone)]
pub struct PointLine {
    pub line: u64,
    pub producer_id: i32,
    pub fields: PointOfSaleFields,
}

/// A checked file: the good lines, and the bad ones (if any, nothing may be imported).
#[derive(Debug, Default)]
pub struct ParsedPoints {
    pub lines: Vec<PointLine>,
    pub errors: Vec<PointLineError>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct PointImportReport {
    pub lines: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Longest cells, in characters (as the business form allows).
const LIMITS: [(&str, usize); 6] = [
    ("name", 160),
    ("address", 300),
    ("ward", 120),
    ("opening_hours", 200),
    ("url", 500),
    ("phone", 40),
];

/// Reads and checks a whole file; producers and products are looked up in the database.
pub fn parse(
    conn: &mut DbConnection,
    bytes: &[u8],
    ctx: &CardContext,
) -> QueryResult<ParsedPoints> {
    let mut parsed = ParsedPoints::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(RowCounter::new(bytes));
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect(),
        Err(e) => {
            let msg = Msg::new("import-unreadable-header").arg("detail", e.to_string());
            parsed.errors.push(PointLineError { line: 1, msg });
            return Ok(parsed);
        }
    };
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        let msg = Msg::new("import-missing-columns").arg("columns", missing.join(", "));
        parsed.errors.push(PointLineError { line: 1, msg });
        return Ok(parsed);
    }
    let index: HashMap<&str, usize> = COLUMNS
        .iter()
        .map(|c| (*c, header.iter().position(|h| h == c).unwrap_or(0)))
        .collect();
    let mut lookup = Lookup::default();
    let mut seen: HashMap<(i32, String, String), u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| reader.get_ref().line_at(p.byte()));
                let msg = Msg::new("import-broken-line").arg("detail", e.to_string());
                parsed.errors.push(PointLineError { line, msg });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record
            .position()
            .map_or(0, |p| reader.get_ref().line_at(p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut cells: HashMap<&str, String> = HashMap::new();
        let mut bad_encoding = false;
        for (name, i) in &index {
            match std::str::from_utf8(record.get(*i).unwrap_or_default()) {
                Ok(text) => {
                    cells.insert(name, unquote_formula(text.trim()).trim().to_owned());
                }
                Err(_) => bad_encoding = true,
            }
        }
        if bad_encoding {
            let msg = Msg::new("import-encoding");
            parsed.errors.push(PointLineError { line, msg });
            continue;
        }
        let get = |name: &str| cells.get(name).cloned().unwrap_or_default();
        match check_line(conn, &mut lookup, line, &get, ctx)? {
            Ok(checked) => {
                let key = (
                    checked.producer_id,
                    checked.fields.name.clone(),
                    checked.fields.address.clone(),
                );
                match seen.get(&key) {
                    Some(first) => {
                        let msg = Msg::new("pos-import-duplicate").arg("first", first.to_string());
                        parsed.errors.push(PointLineError { line, msg });
                    }
                    None => {
                        seen.insert(key, line);
                        parsed.lines.push(checked);
                    }
                }
            }
            Err(problems) => parsed
                .errors
                .extend(problems.into_iter().map(|msg| PointLineError { line, msg })),
        }
    }
    Ok(parsed)
}

/// Producers and their products, looked up once per file.
#[derive(Default)]
struct Lookup {
    /// By the producer cell as written.
    producers: HashMap<String, Option<i32>>,
    /// Product slug → id, per producer.
    products: HashMap<i32, HashMap<String, i32>>,
}

impl Lookup {
    fn producer(&mut self, conn: &mut DbConnection, cell: &str) -> QueryResult<Option<i32>> {
        if let Some(known) = self.producers.get(cell) {
            return Ok(*known);
        }
        let mut found: Option<i32> = producers::table
            .filter(producers::slug.eq(cell))
            .select(producers::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            found = producers::table
                .filter(producers::tax_code.eq(cell))
                .select(producers::id)
                .first(conn)
                .optional()?;
        }
        self.producers.insert(cell.to_owned(), found);
        Ok(found)
    }

    fn products_of(
        &mut self,
        conn: &mut DbConnection,
        producer_id: i32,
    ) -> QueryResult<&HashMap<String, i32>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.products.entry(producer_id) {
            let rows: Vec<(String, i32)> = products::table
                .filter(products::producer_id.eq(producer_id))
                .select((products::slug, products::id))
                .load(conn)?;
            slot.insert(rows.into_iter().collect());
        }
        Ok(&self.products[&producer_id])
    }
}

/// Checks one line; every problem of the line is reported, not just the first.
fn check_line(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    line: u64,
    get: &dyn Fn(&str) -> String,
    ctx: &CardContext,
) -> QueryResult<Result<PointLine, Vec<Msg>>> {
    let mut errors = Vec::new();
    let producer_cell = get("producer");
    let producer_id = if producer_cell.is_empty() {
        errors.push(Msg::new("pos-import-producer-missing"));
        None
    } else {
        let found = lookup.producer(conn, &producer_cell)?;
        if found.is_none() {
            errors
                .push(Msg::new("pos-import-producer-unknown").arg("value", quoted(&producer_cell)));
        }
        found
    };
    for (column, max) in LIMITS {
        if get(column).chars().count() > max {
            errors.push(
                Msg::new("pos-import-too-long")
                    .arg("column", column)
                    .arg("max", max),
            );
        }
    }
    let name = get("name");
    if name.is_empty() {
        errors.push(Msg::new("pos-import-name-missing"));
    }
    let kind_cell = get("kind").to_lowercase();
    let kind = if kind_cell.is_empty() {
        Some(SaleKind::Shop)
    } else {
        SaleKind::parse(&kind_cell)
    };
    if kind.is_none() {
        errors.push(Msg::new("pos-import-kind").arg("value", quoted(&kind_cell)));
    }
    let online = kind == Some(SaleKind::Online);
    let address = get("address");
    if address.is_empty() && !online {
        errors.push(Msg::new("pos-import-address-missing"));
    }
    let province_cell = get("province");
    let province = ctx
        .provinces
        .by_slug(&province_cell)
        .or_else(|| ctx.provinces.by_name(&province_cell))
        .map(|p| match p {
            ProvinceRef::Current(id) => id,
            ProvinceRef::Legacy { province_id, .. } => province_id,
        });
    if province.is_none() {
        errors.push(Msg::new("pos-import-province").arg("value", quoted(&province_cell)));
    }
    let phone = get("phone");
    if !phone.is_empty() && crate::validate::phone(&phone).is_err() {
        errors.push(Msg::new("pos-import-phone").arg("value", quoted(&phone)));
    }
    let url = get("url");
    if url.is_empty() && online {
        errors.push(Msg::new("pos-import-url-required"));
    } else if !url.is_empty() && crate::validate::web_address(&url, 500).is_err() {
        errors.push(Msg::new("pos-import-url").arg("value", quoted(&url)));
    }
    let coordinates = coordinates(&get("latitude"), &get("longitude"));
    if let Err(msg) = &coordinates {
        errors.push(msg.clone());
    }
    let mut product_ids = Vec::new();
    if let Some(producer_id) = producer_id {
        let known = lookup.products_of(conn, producer_id)?;
        for slug in get("products")
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match known.get(slug) {
                Some(id) => product_ids.push(*id),
                None => errors.push(
                    Msg::new("pos-import-product")
                        .arg("value", quoted(slug))
                        .arg("producer", quoted(&producer_cell)),
                ),
            }
        }
    }
    product_ids.sort_unstable();
    product_ids.dedup();
    Ok(match (producer_id, kind, province, coordinates) {
        (Some(producer_id), Some(kind), Some(province_id), Ok(position)) if errors.is_empty() => {
            Ok(PointLine {
                line,
                producer_id,
                fields: PointOfSaleFields {
                    name,
                    kind,
                    address,
                    ward: get("ward"),
                    province_id,
                    phone,
                    opening_hours: get("opening_hours"),
                    url,
                    latitude: position.map(|c| c.0),
                    longitude: position.map(|c| c.1),
                    products: product_ids,
                },
            })
        }
        _ => Err(errors),
    })
}

/// Both coordinates or neither, in Vietnam; decimal commas accepted.
fn coordinates(latitude: &str, longitude: &str) -> Result<Option<(f64, f64)>, Msg> {
    match (latitude.is_empty(), longitude.is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => {}
        _ => return Err(Msg::new("pos-import-coordinates-pair")),
    }
    let number = |s: &str| s.replace(',', ".").parse::<f64>().ok();
    let (Some(lat), Some(lon)) = (number(latitude), number(longitude)) else {
        return Err(Msg::new("pos-import-coordinates")
            .arg("value", quoted(&format!("{latitude}, {longitude}"))));
    };
    map_link::check(lat, lon)
        .map(|c| Some((c.latitude, c.longitude)))
        .map_err(|e| e.msg())
}

/// Why an import of points of sale stopped (the award import's error, with this import's
/// line errors).
pub type PointImportError = super::ImportError<PointLineError>;

/// Imports `parsed` in one transaction with its audit row; a dry run rolls back and reports
/// what would happen. `progress` is told after each line.
pub fn apply(
    conn: &mut DbConnection,
    parsed: &ParsedPoints,
    actor: &Actor,
    source: &AuditTarget,
    dry_run: bool,
    progress: &dyn Fn(),
) -> Result<PointImportReport, PointImportError> {
    if !parsed.errors.is_empty() {
        return Err(PointImportError::Invalid(parsed.errors.clone()));
    }
    let mut dry_run_report = None;
    let outcome = conn.transaction(|conn| {
        let mut report = PointImportReport {
            lines: parsed.lines.len(),
            ..PointImportReport::default()
        };
        let now = chrono::Utc::now().naive_utc();
        for line in &parsed.lines {
            let f = &line.fields;
            match PointOfSale::find_same(conn, line.producer_id, &f.name, &f.address)? {
                None => {
                    PointOfSale::create(conn, line.producer_id, f, false, now)?;
                    report.created += 1;
                }
                Some(stored) => {
                    let listed: Vec<i32> = PointOfSale::listed_products(conn, &[stored.id])?
                        .into_iter()
                        .map(|(_, p)| p)
                        .collect();
                    if same(&stored, &listed, f) {
                        report.unchanged += 1;
                    } else {
                        PointOfSale::update(conn, stored.id, f, stored.needs_review, now)?;
                        report.updated += 1;
                    }
                }
            }
            progress();
        }
        if dry_run {
            dry_run_report = Some(report);
            return Err(diesel::result::Error::RollbackTransaction);
        }
        if report.created + report.updated > 0 {
            let summary = serde_json::to_string(&report).unwrap_or_default();
            Audit::record(
                conn,
                actor,
                AuditAction::ImportPointsOfSale,
                source,
                &summary,
            )?;
        }
        Ok(report)
    });
    match (outcome, dry_run_report) {
        (Err(diesel::result::Error::RollbackTransaction), Some(report)) => Ok(report),
        (outcome, _) => Ok(outcome?),
    }
}

/// Whether a stored point of sale (with its listed products, sorted) already holds `f`.
fn same(stored: &PointOfSale, listed: &[i32], f: &PointOfSaleFields) -> bool {
    stored.kind == f.kind
        && stored.ward == f.ward
        && stored.province_id == f.province_id
        && stored.phone == f.phone
        && stored.opening_hours == f.opening_hours
        && stored.url == f.url
        && stored.latitude == f.latitude
        && stored.longitude == f.longitude
        && listed == f.products.as_slice()
}

/// Rows read per query by the export.
const EXPORT_BATCH: i64 = 1_000;

/// Every point of sale (hidden ones included) in the import format, as a UTF-8 CSV with a
/// BOM, by id.
pub fn export_csv(conn: &mut DbConnection, ctx: &CardContext) -> Result<Vec<u8>, AppError> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut after = 0;
    loop {
        let rows = PointOfSale::export_page(conn, after, EXPORT_BATCH)?;
        let Some(last) = rows.last() else { break };
        after = last.point.id;
        let ids: Vec<i32> = rows.iter().map(|r| r.point.id).collect();
        let slugs = PointOfSale::listed_product_slugs(conn, &ids)?;
        let full = rows.len() as i64 == EXPORT_BATCH;
        for row in rows {
            let p = row.point;
            let products: Vec<&str> = slugs
                .iter()
                .filter(|(id, _)| *id == p.id)
                .map(|(_, s)| s.as_str())
                .collect();
            let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            lines.push(vec![
                row.producer_slug,
                p.name,
                p.kind.as_str().to_owned(),
                p.address,
                p.ward,
                ctx.provinces
                    .province(p.province_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                p.phone,
                p.opening_hours,
                p.url,
                number(p.latitude),
                number(p.longitude),
                products.join("|"),
            ]);
        }
        if !full {
            break;
        }
    }
    crate::spreadsheet::document(&COLUMNS, &lines)
}
