//! `/quan-tri/giai-thuong/nhap`: the upload form with the latest uploads, and one upload's
//! preview (what it will create, match or is wrong, every bad line by number) or result.

use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::Programme;
use crate::db::models::award_import::AwardImport;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::import::{self, AwardChange, ERRORS_KEPT, ImportPreview, ImportReport};
use crate::views::{PageAddress, PageMeta};

/// Uploads listed under the form.
const RECENT: i64 = 20;
/// Changed lines listed on the preview page (the counts cover all of them).
const MAX_LISTED: usize = 1000;

#[derive(Debug, Serialize)]
pub struct RecentUpload {
    pub id: i32,
    pub file_name: String,
    pub line_count: i32,
    pub error_count: i32,
    pub created_at: String,
    /// The same moment in UTC (ISO 8601), for machines.
    pub created_utc: String,
    pub applied: bool,
}

#[derive(Debug, Serialize)]
pub struct ImportFormPage {
    pub meta: PageMeta,
    pub recent: Vec<RecentUpload>,
    /// The header line the file must have.
    pub columns: String,
}

pub fn load_form(
    conn: &mut DbConnection,
    address: &PageAddress,
) -> Result<ImportFormPage, AppError> {
    Ok(ImportFormPage {
        meta: meta(address, address.locale.t("admin-import-title")),
        recent: AwardImport::recent(conn, RECENT)?
            .into_iter()
            .map(|i| RecentUpload {
                id: i.id,
                file_name: i.file_name,
                line_count: i.line_count,
                error_count: i.error_count,
                created_at: shown(Some(i.created_at)),
                created_utc: i.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                applied: i.applied_at.is_some(),
            })
            .collect(),
        columns: import::COLUMNS.join(","),
    })
}

/// A bad line, in the page's language.
#[derive(Debug, Serialize)]
pub struct ShownError {
    pub line: u64,
    pub message: String,
}

/// A line the import changes something for.
#[derive(Debug, Serialize)]
pub struct ChangedLine {
    pub line: u64,
    pub product: String,
    pub producer: String,
    pub award: String,
    pub what: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ImportPreviewPage {
    pub meta: PageMeta,
    pub id: i32,
    pub file_name: String,
    pub uploaded: String,
    pub applied: Option<String>,
    pub line_count: i32,
    pub report: ImportReport,
    /// The first errors, and how many there are in all.
    pub errors: Vec<ShownError>,
    pub error_count: i64,
    pub errors_not_shown: i64,
    pub changed: Vec<ChangedLine>,
    pub changed_total: usize,
}

fn changed_lines(preview: &ImportPreview, locale: Locale) -> (Vec<ChangedLine>, usize) {
    let changed: Vec<_> = preview
        .outcomes
        .iter()
        .filter(|o| o.award != AwardChange::Unchanged || o.product_created || o.producer_created)
        .collect();
    let total = changed.len();
    let lines = changed
        .into_iter()
        .take(MAX_LISTED)
        .map(|o| {
            let programme = Programme::from_slug(&o.programme);
            let tier = match (programme, &o.tier) {
                (Some(p), Some(t)) => format!(" {}", p.tier_label(t, locale)),
                _ => String::new(),
            };
            let what = [
                (o.producer_created, "admin-import-new-producer"),
                (o.product_created, "admin-import-new-product"),
                (o.award == AwardChange::Created, "admin-import-new-award"),
                (
                    o.award == AwardChange::Updated,
                    "admin-import-updated-award",
                ),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, key)| locale.t(key))
            .collect();
            let short = programme.map(|p| p.short_name(locale)).unwrap_or_default();
            ChangedLine {
                line: o.line,
                product: o.product.clone(),
                producer: o.producer.clone(),
                award: format!("{short}{tier} · {}", o.year),
                what,
            }
        })
        .collect();
    (lines, total)
}

/// Upload `id`'s page (not found: a 404).
pub fn load_preview(
    conn: &mut DbConnection,
    address: &PageAddress,
    id: i32,
) -> Result<ImportPreviewPage, AppError> {
    let locale = address.locale;
    let staged = AwardImport::by_id(conn, id)?;
    let preview: ImportPreview = serde_json::from_str(&staged.preview)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored preview: {e}")))?;
    let (changed, changed_total) = changed_lines(&preview, locale);
    // Uploads stored before the list was capped still hold every error.
    let errors: Vec<ShownError> = preview
        .errors
        .iter()
        .take(ERRORS_KEPT)
        .map(|e| ShownError {
            line: e.line,
            message: e.message(locale),
        })
        .collect();
    let error_count = i64::from(staged.error_count);
    Ok(ImportPreviewPage {
        meta: meta(address, locale.t("admin-import-preview-title")),
        id,
        file_name: staged.file_name,
        uploaded: shown(Some(staged.created_at)),
        applied: staged.applied_at.map(|t| shown(Some(t))),
        line_count: staged.line_count,
        report: preview.report,
        error_count,
        errors_not_shown: error_count - i64::try_from(errors.len()).unwrap_or(0),
        errors,
        changed,
        changed_total,
    })
}
