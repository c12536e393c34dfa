//! CSV downloads that are safe to open in a spreadsheet.
//!
//! Cells can hold text from the public (a citizen's report), and a spreadsheet runs a cell
//! that starts with `=`, `+`, `-` or `@` as a formula (tab and CR can hide such a start). Every
//! cell goes through [`safe_cell`], which puts a `'` in front of those, so they stay text.

use std::borrow::Cow;

use crate::error::AppError;

/// `cell`, with a leading `'` when a spreadsheet would read it as a formula.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A UTF-8 CSV document (with a byte-order mark, so spreadsheets read Vietnamese right):
/// the header row, then `rows`, every cell made safe.
pub fn document(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(header.iter().map(|h| safe_cell(h).into_owned()))
        .map_err(AppError::internal)?;
    for row in rows {
        out.write_record(row.iter().map(|c| safe_cell(c).into_owned()))
            .map_err(AppError::internal)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("csv: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for (cell, expected) in [
            ("=1+1", "'=1+1"),
            ("+84 24 3826", "'+84 24 3826"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=cmd", "'\t=cmd"),
            ("\r=cmd", "'\r=cmd"),
            ("Nước mắm = ngon", "Nước mắm = ngon"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn documents_quote_and_protect_every_cell() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://evil\")".to_owned(),
            "a, b".to_owned(),
            "dòng 1\ndòng 2".to_owned(),
        ]];
        let bytes = document(&["a", "b", "c"], &rows).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        let text = text.strip_prefix('\u{feff}').expect("BOM");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let record = reader.records().next().expect("row").expect("parses");
        assert_eq!(&record[0], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&record[1], "a, b");
        assert_eq!(&record[2], "dòng 1\ndòng 2");
    }
}
