//! Exporting a programme's award list in the import format, so officials can correct it in a
//! spreadsheet and import it back.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
//! before one) as a formula: such cells are written with a leading `'`, which spreadsheets
//! show as text, and which the importer strips again.

use super::COLUMNS;
use crate::catalogue::CardContext;
use crate::db::models::award_change::AwardListRow;

/// Whether a spreadsheet could read `cell` as a formula.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `cell`, defused for spreadsheets.
pub fn spreadsheet_safe(cell: &str) -> String {
    if looks_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The rows as a UTF-8 CSV with a BOM (so Excel reads the diacritics right).
pub fn award_list_csv(rows: &[AwardListRow], ctx: &CardContext) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let _ = writer.write_record(COLUMNS);
        for row in rows {
            let province = row
                .province_alias_id
                .and_then(|id| ctx.provinces.alias(id).map(|a| a.name.clone()))
                .or_else(|| {
                    ctx.provinces
                        .province(row.province_id)
                        .map(|p| p.name.clone())
                })
                .unwrap_or_default();
            let category = ctx
                .category(row.category_id)
                .map(|c| c.slug.clone())
                .unwrap_or_default();
            let cells = [
                row.programme.clone(),
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
            ];
            let _ = writer.write_record(cells.iter().map(|c| spreadsheet_safe(c)));
        }
        let _ = writer.flush();
    }
    out
}
