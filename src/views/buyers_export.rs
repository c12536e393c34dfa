//! The state buyers' list as files: `/mua-sam-cong.csv` and `/mua-sam-cong.xlsx`, of the list
//! as filtered, headers in the request's language.
//!
//! Rules: at most [`EXPORT_CAP`] rows, and a file cut there says so in its last line; rows are
//! read a chunk of [`CHUNK`] at a time by award id, in the list's order (the ids of the whole
//! filtered list are read first, at most `EXPORT_CAP + 1` numbers), so neither file ever holds
//! the table in memory: the CSV is streamed chunk by chunk, the XLSX sheet is written in
//! rust_xlsxwriter's constant-memory mode (rows go to a temporary file). CSV cells are made
//! safe for spreadsheets ([`crate::spreadsheet::safe_cell`]); XLSX cells are typed (text never
//! becomes a formula), dates are dates and links are links.

use std::sync::Arc;

use bytes::Bytes;
use chrono::NaiveDate;
use futures_util::Stream;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::buyers::{BuyerRowView, EXPORT_CAP};
use crate::db::models::buyers_list::{BuyerRow, BuyersFilter};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::spreadsheet::safe_cell;

/// Rows read from the database at once.
const CHUNK: usize = 500;
/// Longest text of an XLSX cell.
const MAX_CELL_CHARS: usize = 32_767;

/// The columns: the catalogue key of each header and its XLSX width.
const COLUMNS: [(&str, f64); 16] = [
    ("buyers-col-product", 32.0),
    ("buyers-col-category", 20.0),
    ("buyers-col-producer", 32.0),
    ("buyers-col-tax-code", 14.0),
    ("buyers-col-phone", 16.0),
    ("buyers-col-email", 24.0),
    ("buyers-col-address", 36.0),
    ("buyers-col-province", 18.0),
    ("buyers-col-programme", 30.0),
    ("buyers-col-tier", 10.0),
    ("buyers-col-year", 7.0),
    ("buyers-col-decision", 22.0),
    ("buyers-col-valid-until", 12.0),
    ("buyers-col-product-url", 40.0),
    ("buyers-col-producer-url", 40.0),
    ("buyers-col-source", 40.0),
];
/// Where the dates and the links are.
const YEAR: u16 = 10;
const VALID_UNTIL: u16 = 12;
const FIRST_LINK: u16 = 13;

/// What an export is made of: the ids of its rows (in order) and how to read them.
pub struct Export {
    pub ctx: Arc<CardContext>,
    pub filter: BuyersFilter,
    pub today: NaiveDate,
    pub locale: Locale,
    /// The site's public address, for the links.
    pub base_url: String,
    /// Award ids of the rows, at most [`EXPORT_CAP`].
    pub ids: Vec<i32>,
    /// Whether the list is longer than the file.
    pub truncated: bool,
}

impl Export {
    /// The ids of the list `filter` selects (at most [`EXPORT_CAP`]) and whether it was cut.
    pub fn ids(
        conn: &mut DbConnection,
        filter: &BuyersFilter,
        today: NaiveDate,
    ) -> Result<(Vec<i32>, bool), AppError> {
        let mut ids = BuyerRow::ids(conn, filter, today, EXPORT_CAP + 1)?;
        let truncated = ids.len() as i64 > EXPORT_CAP;
        ids.truncate(usize::try_from(EXPORT_CAP).unwrap_or(0));
        Ok((ids, truncated))
    }

    /// `mua-sam-cong-YYYY-MM-DD.ext`: the file name, with the day it was made.
    pub fn file_name(&self, extension: &str) -> String {
        format!("mua-sam-cong-{}.{extension}", self.today.format("%Y-%m-%d"))
    }

    fn headers(&self) -> Vec<String> {
        COLUMNS.iter().map(|(k, _)| self.locale.t(k)).collect()
    }

    fn cut_note(&self) -> String {
        self.locale
            .msg(&Msg::new("buyers-export-cut").arg("cap", EXPORT_CAP))
    }

    /// The rows of a chunk of ids.
    fn rows(&self, conn: &mut DbConnection, ids: &[i32]) -> Result<Vec<BuyerRowView>, AppError> {
        Ok(BuyerRow::by_ids(conn, &self.filter, self.today, ids)?
            .into_iter()
            .map(|r| BuyerRowView::new(r, &self.ctx, self.locale, self.today))
            .collect())
    }

    /// A row's cells as text, in [`COLUMNS`] order.
    fn cells(&self, row: &BuyerRowView) -> [String; 16] {
        [
            row.product_name.clone(),
            row.category.clone(),
            row.legal_name.clone(),
            row.tax_code.clone(),
            row.phone.clone(),
            row.email.clone(),
            row.address.clone(),
            row.province.clone(),
            row.programme.clone(),
            row.tier.clone(),
            row.year.to_string(),
            row.decision_no.clone(),
            row.valid_until_iso.clone().unwrap_or_default(),
            format!("{}{}", self.base_url, row.product_path),
            format!("{}{}", self.base_url, row.producer_path),
            row.source_url.clone().unwrap_or_default(),
        ]
    }

    /// The CSV of ids `from..to`: a byte-order mark and the header row first, the cut note
    /// last.
    fn csv_chunk(
        &self,
        conn: &mut DbConnection,
        from: usize,
        to: usize,
    ) -> Result<Bytes, AppError> {
        let start: &[u8] = if from == 0 { b"\xEF\xBB\xBF" } else { b"" };
        let mut out = csv::Writer::from_writer(start.to_vec());
        if from == 0 {
            write_record(&mut out, &self.headers())?;
        }
        for row in self.rows(conn, &self.ids[from..to])? {
            write_record(&mut out, &self.cells(&row))?;
        }
        if to >= self.ids.len() && self.truncated {
            write_record(&mut out, &[self.cut_note()])?;
        }
        out.into_inner()
            .map(Bytes::from)
            .map_err(|e| AppError::internal(anyhow::anyhow!("csv: {e}")))
    }

    /// The CSV, streamed: each chunk is read and written on the blocking pool.
    pub fn csv_stream(self, db: Db) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
        let export = Arc::new(self);
        futures_util::stream::unfold(Some(0usize), move |next| {
            let (db, export) = (db.clone(), export.clone());
            async move {
                let from = next?;
                let to = (from + CHUNK).min(export.ids.len());
                let last = to >= export.ids.len();
                let job = export.clone();
                let chunk = db.run(move |conn| job.csv_chunk(conn, from, to)).await;
                match chunk {
                    Ok(bytes) => Some((Ok(bytes), (!last).then_some(to))),
                    Err(e) => {
                        tracing::error!("buyers' list CSV: {e}");
                        Some((Err(std::io::Error::other(e.to_string())), None))
                    }
                }
            }
        })
    }

    /// The XLSX file: a bold, frozen header row, sized columns, dates as dates, links as
    /// links. Runs on the blocking pool (the caller's `Db::run`).
    pub fn xlsx(&self, conn: &mut DbConnection) -> Result<Vec<u8>, AppError> {
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet
            .set_name(self.locale.t("buyers-sheet-name"))
            .map_err(xlsx_error)?;
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for (col, (_, width)) in (0u16..).zip(COLUMNS.iter()) {
            sheet.set_column_width(col, *width).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        for (col, header) in (0u16..).zip(self.headers()) {
            sheet
                .write_string_with_format(0, col, header, &bold)
                .map_err(xlsx_error)?;
        }
        let mut line: u32 = 1;
        for ids in self.ids.chunks(CHUNK) {
            for row in self.rows(conn, ids)? {
                self.xlsx_row(sheet, line, &row, &date)
                    .map_err(xlsx_error)?;
                line += 1;
            }
        }
        if self.truncated {
            sheet
                .write_string_with_format(line + 1, 0, self.cut_note(), &bold)
                .map_err(xlsx_error)?;
        }
        workbook.save_to_buffer().map_err(xlsx_error)
    }

    fn xlsx_row(
        &self,
        sheet: &mut Worksheet,
        line: u32,
        row: &BuyerRowView,
        date: &Format,
    ) -> Result<(), XlsxError> {
        for (col, cell) in (0u16..).zip(self.cells(row)) {
            match col {
                YEAR => {
                    sheet.write_number(line, col, f64::from(row.year))?;
                }
                VALID_UNTIL => {
                    if let Some(d) = row.valid_until_date {
                        sheet.write_date_with_format(line, col, d, date)?;
                    }
                }
                // A link Excel refuses (too long, say) is still given as text.
                _ if col >= FIRST_LINK
                    && !cell.is_empty()
                    && sheet.write_url(line, col, cell.as_str()).is_err() =>
                {
                    sheet.write_string(line, col, text_cell(&cell))?;
                }
                _ if col >= FIRST_LINK => {}
                _ if !cell.is_empty() => {
                    sheet.write_string(line, col, text_cell(&cell))?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn write_record<W: std::io::Write>(
    out: &mut csv::Writer<W>,
    cells: &[String],
) -> Result<(), AppError> {
    out.write_record(cells.iter().map(|c| safe_cell(c).into_owned()))
        .map_err(AppError::internal)
}

/// `text`, cut to what a cell holds.
fn text_cell(text: &str) -> String {
    text.chars().take(MAX_CELL_CHARS).collect()
}

fn xlsx_error(e: XlsxError) -> AppError {
    AppError::internal(anyhow::anyhow!("xlsx: {e}"))
}
