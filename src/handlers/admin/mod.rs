//! The officials' area (`/quan-tri`), one module per concern. Every page takes an
//! `OfficialUser` or `AdminUser` (the role is in the signature), every change is audited in the
//! same transaction as the change, and refused actions write nothing.

mod article_form;
mod articles;
mod audit;
mod awards;
mod dashboard;
mod featured;
mod imports;
mod moderation;
mod reports;
mod users;

pub use articles::{
    change_publication, create_article, edit_article, list_articles, new_article, preview_article,
    update_article,
};
pub use audit::show_audit;
pub use awards::{
    edit_award, export_awards, record_award, show_award_tools, show_product_awards, withdraw_award,
};
pub use dashboard::show_dashboard;
pub use featured::{
    add_collection_item, change_collection_item, create_collection, delete_collection,
    edit_collection, list_collections, update_collection,
};
pub use imports::{confirm_import, show_import, show_import_form, upload_import};
pub use moderation::{decide_claim_route, decide_product, review_product, show_queue};
pub use reports::{export_reports, list_reports, resolve_report};
pub use users::{change_suspension, list_users, set_role};

use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::PageAddress;
pub(crate) use super::see_other;
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::db::models::user::Role;
use crate::error::AppError;
use crate::views::{self, PageMeta};

#[derive(Serialize)]
struct AdminPage<E: Serialize> {
    meta: PageMeta,
    me: String,
    is_admin: bool,
    extra: E,
}

pub(crate) fn render<E: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    me: &SignedIn,
    template: &str,
    title: &str,
    extra: E,
) -> Result<HttpResponse, AppError> {
    let page = AdminPage {
        meta: PageAddress::of(req).meta("", title.to_owned(), ""),
        me: me.user.email.clone(),
        is_admin: me.user.role() == Role::Admin,
        extra,
    };
    views::render(
        &state.templates,
        &views::Frame::signed_in(req, me),
        template,
        &page,
        actix_web::http::StatusCode::OK,
    )
}

/// A page re-rendered with the user's input and its errors answers 422, not 200.
pub(crate) fn unprocessable_if(failed: bool, mut page: HttpResponse) -> HttpResponse {
    if failed {
        *page.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    page
}

/// The last segment of the request path: the action a shared handler is asked for.
pub(crate) fn last_segment(req: &HttpRequest) -> &str {
    req.path().rsplit('/').next().unwrap_or_default()
}

/// A decision's reason, shown to whoever the decision is about.
#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}
