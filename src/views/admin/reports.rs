//! `/quan-tri/bao-cao`: citizens' reports (open ones oldest first, or the resolved ones), and
//! their CSV download.

use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::PageRequest;
use crate::db::models::report::{Report, ReportRow, ReportStatus};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::spreadsheet as csv;
use crate::views::{PageAddress, PageMeta, Pagination};

#[derive(Debug, Serialize)]
pub struct ReportItem {
    pub id: i32,
    pub product_slug: String,
    pub product_name: String,
    pub reason: String,
    pub message: String,
    pub contact_email: Option<String>,
    pub created_at: String,
    pub open: bool,
    pub resolution_note: Option<String>,
    pub resolver: Option<String>,
    pub resolved_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportsPage {
    pub meta: PageMeta,
    /// `open` or `resolved`.
    pub status: &'static str,
    pub reports: Vec<ReportItem>,
    pub pagination: Pagination,
}

fn item(r: ReportRow, locale: Locale) -> ReportItem {
    ReportItem {
        id: r.report.id,
        reason: r
            .report
            .reason()
            .map_or_else(String::new, |r| r.label(locale)),
        open: r.report.status == ReportStatus::Open,
        created_at: shown(Some(r.report.created_at)),
        resolved_at: r.report.resolved_at.map(|t| shown(Some(t))),
        product_slug: r.product_slug,
        product_name: r.product_name,
        message: r.report.message,
        contact_email: r.report.contact_email,
        resolution_note: r.report.resolution_note,
        resolver: r.resolver,
    }
}

pub fn load(
    conn: &mut DbConnection,
    address: &PageAddress,
    status: ReportStatus,
    page: PageRequest,
) -> Result<ReportsPage, AppError> {
    let locale = address.locale;
    let paged = Report::queue(conn, status, page)?;
    let pairs: Vec<(&str, String)> = match status {
        ReportStatus::Open => Vec::new(),
        other => vec![("status", other.as_str().to_owned())],
    };
    let path = locale.path("/quan-tri/bao-cao");
    let last = paged.last_page();
    Ok(ReportsPage {
        meta: meta(address, locale.t("admin-reports-title")),
        status: status.as_str(),
        pagination: Pagination::new(&path, &pairs, page.page, last, paged.total),
        reports: paged.items.into_iter().map(|r| item(r, locale)).collect(),
    })
}

/// The download's columns. They are data, the same in every language (like the award
/// list's), so that a spreadsheet or script reads every download alike.
const CSV_COLUMNS: [&str; 11] = [
    "id",
    "created_at",
    "status",
    "product_slug",
    "product_name",
    "reason",
    "message",
    "contact_email",
    "resolution_note",
    "resolved_by",
    "resolved_at",
];

/// The reports in `status` (all when `None`) as CSV, oldest first; times are UTC.
pub fn csv_export(
    conn: &mut DbConnection,
    status: Option<ReportStatus>,
) -> Result<Vec<u8>, AppError> {
    let when = |t: Option<chrono::NaiveDateTime>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = Report::export(conn, status)?
        .into_iter()
        .map(|r| {
            vec![
                r.report.id.to_string(),
                when(Some(r.report.created_at)),
                r.report.status.as_str().to_owned(),
                r.product_slug,
                r.product_name,
                r.report.reason.clone(),
                r.report.message,
                r.report.contact_email.unwrap_or_default(),
                r.report.resolution_note.unwrap_or_default(),
                r.resolver.unwrap_or_default(),
                when(r.report.resolved_at),
            ]
        })
        .collect();
    csv::document(&CSV_COLUMNS, &rows)
}
