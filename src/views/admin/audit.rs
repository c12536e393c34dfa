//! `/quan-tri/nhat-ky`: the audit log, newest first, filtered by actor, action and dates.

use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::PageRequest;
use crate::db::models::audit::{Audit, AuditAction, AuditEntry, AuditFilter};
use crate::error::AppError;
use crate::views::{PageAddress, PageMeta, Pagination};

/// One row of the log.
#[derive(Debug, Serialize)]
pub struct AuditRow {
    pub created_at: String,
    pub actor: String,
    /// The action as recorded (`approve_product`): what the filter takes.
    pub action: AuditAction,
    /// The action in words.
    pub action_label: String,
    pub target: String,
    pub reason: String,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct AuditPage {
    pub meta: PageMeta,
    pub entries: Vec<AuditRow>,
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub pagination: Pagination,
}

pub fn load(
    conn: &mut DbConnection,
    address: &PageAddress,
    filter: AuditFilter,
    page: PageRequest,
) -> Result<AuditPage, AppError> {
    let locale = address.locale;
    let paged = Audit::list(conn, &filter, page)?;
    let pairs: Vec<(&str, String)> = [("actor", &filter.actor), ("action", &filter.action)]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
        .chain(filter.from.map(|d| ("from", d.to_string())))
        .chain(filter.to.map(|d| ("to", d.to_string())))
        .collect();
    let path = locale.path("/quan-tri/nhat-ky");
    let last = paged.last_page();
    Ok(AuditPage {
        meta: meta(address, locale.t("admin-audit-title")),
        pagination: Pagination::new(&path, &pairs, page.page, last, paged.total),
        entries: paged
            .items
            .into_iter()
            .map(|e: AuditEntry| AuditRow {
                created_at: shown(Some(e.created_at)),
                action_label: e.action.label(locale),
                actor: e.actor,
                action: e.action,
                target: e.target,
                reason: e.reason,
                detail: e.detail,
            })
            .collect(),
        actor: filter.actor.unwrap_or_default(),
        action: filter.action.unwrap_or_default(),
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
    })
}
