//! The audit log page, filtered by actor, action and dates.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::year_range;
use crate::app::AppState;
use crate::auth::OfficialUser;
use crate::clock::DateInputError;
use crate::db::models::audit::AuditFilter;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::views::admin::audit;
use crate::views::filters::parse_page;
use crate::views::{self, Frame, PageAddress};

#[derive(Debug, Deserialize)]
pub struct AuditParams {
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

fn present(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A date filter: empty means none; anything else must be a date (400 otherwise).
fn date(v: &Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    let Some(text) = present(v) else {
        return Ok(None);
    };
    crate::clock::parse_date(&text).map(Some).map_err(|e| {
        let value: String = text.chars().take(40).collect();
        AppError::bad_request(
            match e {
                DateInputError::Malformed => Msg::new("admin-audit-date-malformed"),
                DateInputError::OutOfRange => year_range(Msg::new("admin-audit-date-out-of-range")),
            }
            .arg("value", value),
        )
    })
}

impl AuditParams {
    fn filter(&self) -> Result<AuditFilter, AppError> {
        Ok(AuditFilter {
            actor: present(&self.actor),
            action: present(&self.action),
            from: date(&self.from)?,
            to: date(&self.to)?,
        })
    }
}

/// `GET /quan-tri/nhat-ky`: the audit log, filtered by actor, action and dates.
pub async fn show_audit(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let (filter, page) = (params.filter()?, parse_page(&params.page, 50)?);
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| audit::load(conn, &address, filter, page))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/audit.html",
        &view,
        StatusCode::OK,
    )
}
