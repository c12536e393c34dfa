//! Reference data shipped in the binary: the 34 provinces with their pre-2025 names and the
//! product groups. Loaded once into an empty database; officials edit categories afterwards.

use anyhow::Context;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{categories, province_aliases, provinces};
use crate::text::{fold, slugify};

const PROVINCES_CSV: &str = include_str!("reference/provinces.csv");
const CATEGORIES_CSV: &str = include_str!("reference/categories.csv");

#[derive(serde::Deserialize)]
struct ProvinceRow {
    code: String,
    name: String,
    kind: String,
    legacy_names: String,
    /// The approximate centre (its administrative seat), for demo data and maps.
    latitude: f64,
    longitude: f64,
}

#[derive(serde::Deserialize)]
struct CategoryRow {
    slug: String,
    name: String,
}

/// Inserts provinces, aliases and categories when their tables are empty.
pub fn ensure_loaded(conn: &mut DbConnection) -> anyhow::Result<()> {
    conn.transaction(|conn| {
        let have: i64 = provinces::table.count().get_result(conn)?;
        if have == 0 {
            load_provinces(conn)?;
        }
        let have: i64 = categories::table.count().get_result(conn)?;
        if have == 0 {
            load_categories(conn)?;
        }
        Ok(())
    })
}

fn load_provinces(conn: &mut DbConnection) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_reader(PROVINCES_CSV.as_bytes());
    for row in reader.deserialize::<ProvinceRow>() {
        let row = row.context("provinces.csv")?;
        let id: i32 = diesel::insert_into(provinces::table)
            .values((
                provinces::code.eq(&row.code),
                provinces::slug.eq(slugify(&row.name)),
                provinces::name.eq(&row.name),
                provinces::kind.eq(&row.kind),
            ))
            .returning(provinces::id)
            .get_result(conn)?;
        for legacy in row.legacy_names.split(';').filter(|n| !n.trim().is_empty()) {
            let legacy = legacy.trim();
            diesel::insert_into(province_aliases::table)
                .values((
                    province_aliases::province_id.eq(id),
                    province_aliases::slug.eq(slugify(legacy)),
                    province_aliases::name.eq(legacy),
                    province_aliases::name_folded.eq(fold(legacy)),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn load_categories(conn: &mut DbConnection) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_reader(CATEGORIES_CSV.as_bytes());
    for (order, row) in reader.deserialize::<CategoryRow>().enumerate() {
        let row = row.context("categories.csv")?;
        diesel::insert_into(categories::table)
            .values((
                categories::slug.eq(&row.slug),
                categories::name.eq(&row.name),
                categories::sort_order.eq(i32::try_from(order)?),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The approximate centre of each current province (its administrative seat, a little inland
/// for coastal cities), by name as stored: where the demo places its points of sale.
pub fn province_centres() -> Vec<(String, crate::geo::Position)> {
    let mut reader = csv::Reader::from_reader(PROVINCES_CSV.as_bytes());
    reader
        .deserialize::<ProvinceRow>()
        .filter_map(Result::ok)
        .filter_map(|row| {
            Some((
                row.name,
                crate::geo::Position::new(row.latitude, row.longitude)?,
            ))
        })
        .collect()
}

/// The provinces as shipped: (current name, pre-2025 names).
pub fn province_names() -> Vec<(String, Vec<String>)> {
    let mut reader = csv::Reader::from_reader(PROVINCES_CSV.as_bytes());
    reader
        .deserialize::<ProvinceRow>()
        .filter_map(Result::ok)
        .map(|row| {
            let legacy = row
                .legacy_names
                .split(';')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect();
            (row.name, legacy)
        })
        .collect()
}
