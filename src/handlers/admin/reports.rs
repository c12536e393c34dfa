//! Citizens' reports: the queue (open ones oldest first, or the resolved ones), resolving one
//! with a note, and the CSV export.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{csv_download, kept_reason};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected};
use crate::db::models::report::{Report, ReportStatus, Resolution};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::admin::reports;
use crate::views::filters::parse_page;
use crate::views::{self, Frame, PageAddress};

const PER_PAGE: i64 = 30;

/// The queue's query string: `status` (`open` or `resolved`) and `page`.
#[derive(Debug, Deserialize)]
pub struct ReportsParams {
    status: Option<String>,
    page: Option<String>,
}

/// `status`: `None` when absent or empty; anything unknown is a 400.
fn parse_status(value: Option<&str>) -> Result<Option<ReportStatus>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => ReportStatus::from_slug(s).map(Some).ok_or_else(|| {
            let shown: String = s.chars().take(40).collect();
            AppError::bad_request(Msg::new("admin-reports-bad-status").arg("value", shown))
        }),
    }
}

/// `GET /quan-tri/bao-cao`: open reports oldest first; `?status=resolved` for the answered.
pub async fn list_reports(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<ReportsParams>,
) -> Result<HttpResponse, AppError> {
    let status = parse_status(params.status.as_deref())?.unwrap_or(ReportStatus::Open);
    let page = parse_page(&params.page, PER_PAGE)?;
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| reports::load(conn, &address, status, page))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/reports.html",
        &view,
        StatusCode::OK,
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
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<ResolveForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let note = kept_reason(&posted.form.note);
    if note.is_empty() {
        return Err(AppError::bad_request(Msg::new("admin-reports-note-needed")));
    }
    let (actor, id) = (posted.who.0.actor(), id.into_inner());
    let outcome = state
        .db
        .run(move |conn| Ok(Report::resolve(conn, &actor, id, &note)?))
        .await?;
    match outcome {
        Resolution::Resolved => Ok(crate::flash::see_other(
            &req,
            &locale.path("/quan-tri/bao-cao"),
            crate::flash::Flash::success("flash-report-resolved"),
        )),
        Resolution::AlreadyResolved => Err(AppError::bad_request(Msg::new(
            "admin-reports-already-resolved",
        ))),
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
    let status = parse_status(params.status.as_deref())?;
    let body = state
        .db
        .run(move |conn| reports::csv_export(conn, status))
        .await?;
    Ok(csv_download("bao-cao.csv", body))
}
