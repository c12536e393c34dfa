//! Exporting a programme's award list in the import format, so officials can correct it in a
//! spreadsheet and import it back. Cells are made spreadsheet-safe by [`crate::spreadsheet`]: one that
//! a spreadsheet would run as a formula gets a leading `'`, which the importer strips again
//! ([`unquote_formula`]).

use std::borrow::Cow;

use super::COLUMNS;
use crate::db::models::award_list::AwardListRow;
use crate::error::AppError;
use crate::reference::CardContext;
use crate::spreadsheet::{self, safe_cell};

/// Undoes the `'` that [`safe_cell`] puts before a formula-like cell.
pub fn unquote_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(safe_cell(rest), Cow::Owned(_)) => rest,
        _ => cell,
    }
}

/// The rows as a UTF-8 CSV (with a BOM, so Excel reads the diacritics right).
pub fn award_list_csv(rows: &[AwardListRow], ctx: &CardContext) -> Result<Vec<u8>, AppError> {
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let province = row
                .province_alias_id
                .and_then(|id| ctx.provinces.alias(id).map(|a| a.name.clone()))
                .or_else(|| {
                    row.province_id
                        .and_then(|id| ctx.provinces.province(id))
                        .map(|p| p.name.clone())
                })
                .unwrap_or_default();
            let category = ctx
                .category(row.category_id)
                .map(|c| c.slug.clone())
                .unwrap_or_default();
            vec![
                row.programme.slug().to_owned(),
                row.year.to_string(),
                row.tier.clone().unwrap_or_default(),
                row.product.clone(),
                row.producer.clone(),
                row.tax_code.clone().unwrap_or_default(),
                category,
                province,
                row.certificate_no.clone().unwrap_or_default(),
                row.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                row.source_url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    spreadsheet::document(&COLUMNS, &lines)
}
