//! The audit log page, filtered by actor, action and dates.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::render;
use crate::app::AppState;
use crate::auth::OfficialUser;
use crate::db::models::audit::{Audit, AuditEntry, AuditFilter};
use crate::error::AppError;
use crate::handlers::filters::parse_page;
use crate::views::Pagination;
#[derive(Debug, Deserialize)]
pub struct AuditParams {
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

#[derive(Serialize)]
struct AuditView {
    entries: Vec<AuditEntry>,
    actor: String,
    action: String,
    from: String,
    to: String,
    pagination: Pagination,
}

/// `GET /quan-tri/nhat-ky`: the audit log, filtered by actor, action and dates.
pub async fn show_audit(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let p = params.into_inner();
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let date = |v: &Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
        match present(v) {
            None => Ok(None),
            Some(t) => crate::clock::parse_date(&t).map(Some).map_err(|e| {
                let shown: String = t.chars().take(40).collect();
                AppError::bad_request(format!("Lọc theo ngày “{shown}”: {}", e.date_message()))
            }),
        }
    };
    let filter = AuditFilter {
        actor: present(&p.actor),
        action: present(&p.action),
        from: date(&p.from)?,
        to: date(&p.to)?,
    };
    let page = parse_page(&p.page, 50)?;
    let f = filter.clone();
    let paged = state
        .db
        .run(move |conn| Ok(Audit::list(conn, &f, page)?))
        .await?;
    let pairs: Vec<(&str, String)> = [("actor", &filter.actor), ("action", &filter.action)]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
        .chain(filter.from.map(|d| ("from", d.to_string())))
        .chain(filter.to.map(|d| ("to", d.to_string())))
        .collect();
    let last = paged.last_page();
    let view = AuditView {
        pagination: Pagination::new("/quan-tri/nhat-ky", &pairs, page.page, last, paged.total),
        entries: paged.items,
        actor: filter.actor.unwrap_or_default(),
        action: filter.action.unwrap_or_default(),
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/audit.html",
        "Nhật ký thao tác",
        view,
    )
}
