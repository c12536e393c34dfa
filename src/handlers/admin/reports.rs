//! Citizens' reports: the queue (open ones oldest first, or the resolved ones), resolving one
//! with a note, and the CSV export.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{render, see_other};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected};
use crate::clock::shown_date_time;
use crate::db::models::report::{Report, ReportRow, ReportStatus, Resolution};
use crate::error::AppError;
use crate::handlers::filters::parse_page;
use crate::i18n::Locale;
use crate::views::{Pagination, csv};

const PER_PAGE: i64 = 30;

/// The queue's query string: `status` (`open` or `resolved`) and `page`.
#[derive(Debug, Deserialize)]
pub struct ReportsParams {
    status: Option<String>,
    page: Option<String>,
}

/// `status`: `open` when absent; anything unknown is a 400.
fn parse_status(value: Option<&str>) -> Result<ReportStatus, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(ReportStatus::Open),
        Some(s) => ReportStatus::from_slug(s)
            .ok_or_else(|| AppError::bad_request(format!("Trạng thái “{s}” không hợp lệ."))),
    }
}

#[derive(Serialize)]
struct ReportItem {
    id: i32,
    product_slug: String,
    product_name: String,
    reason: String,
    message: String,
    contact_email: Option<String>,
    created_at: String,
    open: bool,
    resolution_note: Option<String>,
    resolver: Option<String>,
    resolved_at: Option<String>,
}

fn item(r: ReportRow) -> ReportItem {
    ReportItem {
        id: r.report.id,
        reason: r
            .report
            .reason()
            .map_or_else(String::new, |r| r.label(Locale::Vi)),
        open: r.report.status == ReportStatus::Open,
        created_at: shown_date_time(r.report.created_at),
        resolved_at: r.report.resolved_at.map(shown_date_time),
        product_slug: r.product_slug,
        product_name: r.product_name,
        message: r.report.message,
        contact_email: r.report.contact_email,
        resolution_note: r.report.resolution_note,
        resolver: r.resolver,
    }
}

#[derive(Serialize)]
struct ReportsView {
    status: &'static str,
    reports: Vec<ReportItem>,
    pagination: Pagination,
}

/// `GET /quan-tri/bao-cao`: open reports oldest first; `?status=resolved` for the answered.
pub async fn list_reports(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<ReportsParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let status = parse_status(params.status.as_deref())?;
    let page = parse_page(&params.page, PER_PAGE)?;
    let paged = state
        .db
        .run(move |conn| Ok(Report::queue(conn, status, page)?))
        .await?;
    let pairs: Vec<(&str, String)> = match status {
        ReportStatus::Open => Vec::new(),
        other => vec![("status", other.as_str().to_owned())],
    };
    let last = paged.last_page();
    let view = ReportsView {
        status: status.as_str(),
        pagination: Pagination::new("/quan-tri/bao-cao", &pairs, page.page, last, paged.total),
        reports: paged.items.into_iter().map(item).collect(),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/reports.html",
        "Báo cáo của người dân",
        view,
    )
}

/// The official's answer to a report.
#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    note: String,
}

/// `POST /quan-tri/bao-cao/{report}/xu-ly`: resolves an open report with a required note,
/// audited in the same transaction; an already resolved report is refused (400).
pub async fn resolve_report(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<ResolveForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let note = super::moderation::kept_reason(&posted.form.note);
    if note.is_empty() {
        return Err(AppError::bad_request(
            "Hãy ghi cách đã xử lý báo cáo (ví dụ: đã sửa thông tin, không có sai sót).",
        ));
    }
    let actor = posted.who.0.actor();
    let id = id.into_inner();
    let outcome = state
        .db
        .run(move |conn| Ok(Report::resolve(conn, &actor, id, &note)?))
        .await?;
    match outcome {
        Resolution::Resolved => Ok(see_other("/quan-tri/bao-cao")),
        Resolution::AlreadyResolved => Err(AppError::bad_request("Báo cáo này đã được xử lý.")),
    }
}

/// The export's query string: `status`, or every report when absent.
#[derive(Debug, Deserialize)]
pub struct ExportParams {
    status: Option<String>,
}

/// `GET /quan-tri/bao-cao.csv`: the reports as CSV (`?status=open|resolved`, else all),
/// every cell safe from formula injection.
pub async fn export_reports(
    state: web::Data<AppState>,
    _official: OfficialUser,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, AppError> {
    let status = match params.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(parse_status(Some(s))?),
    };
    let rows = state
        .db
        .run(move |conn| Ok(Report::export(conn, status)?))
        .await?;
    let when = |t: Option<chrono::NaiveDateTime>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = rows
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
    let body = csv::document(
        &[
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
        ],
        &rows,
    )?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"bao-cao.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
