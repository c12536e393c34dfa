//! Importing a yearly award list from the web: upload → preview of what will be created,
//! matched, or is wrong (every bad line by number) → confirm. The checking and the dry run
//! happen at upload, on the blocking pool; confirming applies the stored file once, all or
//! nothing (`import::confirm`).

use crate::i18n::Locale;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::{render, see_other};
use crate::app::AppState;
use crate::auth::{self, NoFields, OfficialUser, Protected, Visitor};
use crate::db::models::award_import::{AwardImport, AwardImportSummary};
use crate::error::AppError;
use crate::handlers::{FRAMING, read_multipart, refuse_oversize};
use crate::import::{
    self, AwardChange, ConfirmError, ERRORS_KEPT, ImportPreview, ImportReport, LineError,
};

/// Largest list accepted: a 5,000-row list is about 1 MB.
const MAX_FILE: usize = 8 * 1024 * 1024;
/// Changed lines listed on the preview page (the counts cover all of them).
const MAX_LISTED: usize = 1000;

#[derive(Serialize)]
struct ImportFormView {
    recent: Vec<AwardImportSummary>,
    columns: String,
}

/// `GET /quan-tri/giai-thuong/nhap`: the upload form and the latest uploads.
pub async fn show_import_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let recent = state
        .db
        .run(|conn| Ok(AwardImport::recent(conn, 20)?))
        .await?;
    let view = ImportFormView {
        recent,
        columns: import::COLUMNS.join(","),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/import.html",
        "Nhập danh sách giải thưởng",
        view,
    )
}

/// The upload: its CSRF token (first part) and the file.
struct Upload {
    token: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_upload(payload: Multipart) -> Result<Upload, AppError> {
    let cap = |n: usize, name: &str| match name {
        _ if n > 2 => Err(AppError::bad_request("Biểu mẫu có phần không hợp lệ.")),
        "file" => Ok(MAX_FILE),
        "csrf_token" => Ok(256),
        _ => Err(AppError::bad_request("Biểu mẫu có phần không hợp lệ.")),
    };
    let mut upload = Upload {
        token: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    for part in read_multipart(payload, cap, || AppError::PayloadTooLarge).await? {
        if part.name == "file" {
            upload.file_name = part
                .file_name
                .as_deref()
                .map(|f| f.rsplit(['/', '\\']).next().unwrap_or_default())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            upload.bytes = part.bytes;
        } else {
            upload.token = String::from_utf8_lossy(&part.bytes).into_owned();
        }
    }
    Ok(upload)
}

/// `POST /quan-tri/giai-thuong/nhap` (multipart): checks and dry-runs the file, stores it
/// with its preview, and shows the preview.
pub async fn upload_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    refuse_oversize(&req, MAX_FILE + FRAMING)?;
    let upload = read_upload(payload).await?;
    // The official's session already holds the token: no second look-up through `Visitor`.
    auth::verify_request(&req, &Visitor::signed_in(official.0.clone()), &upload.token)?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad_request(
            "Hãy chọn tệp CSV danh sách giải thưởng.",
        ));
    }
    let ctx = state.reference.get(&state.db).await?;
    let actor = official.0.actor();
    let file_name = if upload.file_name.is_empty() {
        "danh-sach.csv".to_owned()
    } else {
        upload.file_name
    };
    let id = state
        .db
        .run(move |conn| {
            Ok(import::stage(
                conn,
                &ctx,
                &actor,
                &file_name,
                &upload.bytes,
            )?)
        })
        .await?;
    Ok(see_other(&format!("/quan-tri/giai-thuong/nhap/{id}")))
}

#[derive(Serialize)]
struct ChangedLine {
    line: u64,
    product: String,
    producer: String,
    award: String,
    what: Vec<&'static str>,
}

#[derive(Serialize)]
struct PreviewView {
    id: i32,
    file_name: String,
    uploaded: String,
    applied: Option<String>,
    line_count: i32,
    report: ImportReport,
    /// The first errors, and how many there are in all.
    errors: Vec<LineError>,
    error_count: i64,
    errors_not_shown: i64,
    changed: Vec<ChangedLine>,
    changed_total: usize,
}

fn changed_lines(preview: &ImportPreview) -> (Vec<ChangedLine>, usize) {
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
            let programme = crate::db::models::Programme::from_slug(&o.programme);
            let tier = match (programme, &o.tier) {
                (Some(p), Some(t)) => format!(" {}", p.tier_label(t, Locale::Vi)),
                _ => String::new(),
            };
            let what = [
                (o.producer_created, "nhà sản xuất mới"),
                (o.product_created, "sản phẩm mới"),
                (o.award == AwardChange::Created, "giải mới"),
                (o.award == AwardChange::Updated, "cập nhật giải"),
            ]
            .into_iter()
            .filter_map(|(on, label)| on.then_some(label))
            .collect();
            ChangedLine {
                line: o.line,
                product: o.product.clone(),
                producer: o.producer.clone(),
                award: format!(
                    "{}{tier} · {}",
                    programme
                        .map(|p| p.short_name(Locale::Vi))
                        .unwrap_or_default(),
                    o.year
                ),
                what,
            }
        })
        .collect();
    (lines, total)
}

/// `GET /quan-tri/giai-thuong/nhap/{import}`: what the file will do, or did.
pub async fn show_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    // A stored preview holds an outcome per line: parsed on the blocking thread, not here.
    let (staged, preview, changed, changed_total) = state
        .db
        .run(move |conn| {
            let staged = AwardImport::by_id(conn, id)?;
            let preview: ImportPreview = serde_json::from_str(&staged.preview)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("stored preview: {e}")))?;
            let (changed, changed_total) = changed_lines(&preview);
            Ok((staged, preview, changed, changed_total))
        })
        .await?;
    let format = crate::clock::shown_time;
    // Uploads stored before the list was capped still hold every error.
    let errors: Vec<LineError> = preview.errors.into_iter().take(ERRORS_KEPT).collect();
    let shown_errors = errors.len();
    let view = PreviewView {
        id,
        file_name: staged.file_name,
        uploaded: format(staged.created_at),
        applied: staged.applied_at.map(format),
        line_count: staged.line_count,
        report: preview.report,
        error_count: i64::from(staged.error_count),
        errors_not_shown: i64::from(staged.error_count) - shown_errors as i64,
        errors,
        changed,
        changed_total,
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/import_preview.html",
        "Xem trước danh sách giải thưởng",
        view,
    )
}

/// `POST /quan-tri/giai-thuong/nhap/{import}/xac-nhan`: applies the checked file, once.
pub async fn confirm_import(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let actor = posted.who.0.actor();
    let outcome = state
        .db
        .run(move |conn| Ok(import::confirm(conn, &ctx, &actor, id)))
        .await?;
    match outcome {
        Ok(_) => {
            state.awards_changed();
            Ok(see_other(&format!("/quan-tri/giai-thuong/nhap/{id}")))
        }
        Err(ConfirmError::NotPending) => Err(AppError::bad_request(
            "Danh sách này đã được nhập, hoặc có dòng lỗi nên không thể nhập.",
        )),
        Err(ConfirmError::Invalid(errors)) => Err(AppError::bad_request(format!(
            "Danh sách không còn hợp lệ ({} lỗi, ví dụ dòng {}: {}); hãy tải lên lại.",
            errors.len(),
            errors.first().map_or(0, |e| e.line),
            errors
                .first()
                .map(|e| e.message.as_str())
                .unwrap_or_default()
        ))),
        // A missing upload is diesel's NotFound, which becomes a 404.
        Err(ConfirmError::Database(e)) => Err(e.into()),
    }
}
