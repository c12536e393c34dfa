//! The officials' area (`/quan-tri`), one module per concern. Every page takes an
//! `OfficialUser` or `AdminUser` (the role is in the signature), loads its page with one
//! function of `views::admin` and renders it with `views::render`; every change is one
//! audited command of `crate::actions`, and refused actions write nothing. Pages, links and
//! redirects stay in the official's language (`/en/quan-tri/…`).

mod article_form;
mod articles;
mod audit;
mod awards;
mod dashboard;
mod event_form;
mod events;
mod featured;
mod imports;
mod moderation;
mod points_of_sale;
mod reports;
mod users;
mod vote;
mod vote_paper;

pub use articles::{
    change_publication, create_article, edit_article, list_articles, new_article, preview_article,
    update_article,
};
pub use audit::show_audit;
pub use awards::{
    edit_award, export_awards, record_award, show_award_tools, show_product_awards, withdraw_award,
};
pub use dashboard::show_dashboard;
pub use events::{
    add_event_participant, change_event_publication, create_event, decide_event_participant,
    edit_event, list_events, new_event, update_event,
};
pub use featured::{
    add_collection_item, change_collection_item, create_collection, delete_collection,
    edit_collection, list_collections, suggest_collection_products, update_collection,
};
pub use imports::{confirm_import, import_template, show_import, show_import_form, upload_import};
pub use moderation::{decide_claim_route, decide_product, review_product, show_queue};
pub use points_of_sale::{
    decide_point_of_sale, edit_point_of_sale, export_points_of_sale, import_points_of_sale,
    list_points_of_sale, show_point_import, update_point_of_sale,
};
pub use reports::{export_reports, list_reports, resolve_report};
pub use users::{change_suspension, list_users, set_role};
pub use vote::{
    advance_vote, appoint_juror, create_vote, decide_objection, invalidate_ballots, list_votes,
    review_nomination, run_detection, set_vote_decision, show_vote,
};
pub use vote_paper::{enter_batch, list_batches, open_batch, show_batch};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, http::header};
use serde::Deserialize;

pub(crate) use super::see_other;
use crate::clock::DateInputError;
use crate::i18n::Msg;

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

/// Longest decision reason or resolution note kept, in characters.
const REASON_MAX: usize = 1000;

/// A decision's reason (or a report's resolution note) as kept: trimmed, at most 1000
/// characters.
fn kept_reason(text: &str) -> String {
    text.trim().chars().take(REASON_MAX).collect()
}

/// A form that did not check out is shown again with 422; one that did, with 200.
fn form_status(failed: bool) -> StatusCode {
    if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// Which kind of date or time a form field holds, for its message.
#[derive(Debug, Clone, Copy)]
enum DateField {
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A date and time (`datetime-local`).
    Time,
    /// An article's publication time.
    PublishAt,
}

/// Why a typed date or time was refused, as the message next to its field.
fn date_problem(e: DateInputError, field: DateField) -> Msg {
    let key = match (field, e) {
        (DateField::Date, DateInputError::Malformed) => "admin-date-malformed",
        (DateField::Date, DateInputError::OutOfRange) => "admin-date-out-of-range",
        (DateField::Time, DateInputError::Malformed) => "admin-time-malformed",
        (DateField::Time, DateInputError::OutOfRange) => "admin-time-out-of-range",
        (DateField::PublishAt, DateInputError::Malformed) => "admin-publish-at-malformed",
        (DateField::PublishAt, DateInputError::OutOfRange) => "admin-publish-at-out-of-range",
    };
    year_range(Msg::new(key))
}

/// `msg` with the years a form accepts (`$first`, `$last`).
fn year_range(msg: Msg) -> Msg {
    let years = crate::clock::FORM_YEARS;
    msg.arg("first", years.start().to_string())
        .arg("last", years.end().to_string())
}

/// A CSV download: `name` as the file name, never cached.
fn csv_download(name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// Middleware: on an officials' page (a `GET` under `/quan-tri` by a signed-in official or
/// admin), loads the officials' menu — the current section and the counts of waiting work —
/// once, for `Frame::signed_in`. Other requests cost nothing; a failed count only leaves the
/// menu without numbers.
pub async fn officials_menu(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    let path = req.path().to_owned();
    let officials_page = req.method() == actix_web::http::Method::GET
        && (path == "/quan-tri" || path.starts_with("/quan-tri/"))
        && !path.ends_with(".csv")
        && !path.ends_with(".json")
        && !path.ends_with("/goi-y");
    let staff = officials_page
        && req
            .extensions()
            .get::<crate::auth::Visitor>()
            .and_then(|v| v.signed_in.as_ref())
            .is_some_and(|s| {
                use crate::db::models::user::Role;
                matches!(s.user.role(), Role::Official | Role::Admin)
            });
    if staff
        && let Some(db) = req
            .app_data::<actix_web::web::Data<crate::db::Db>>()
            .cloned()
    {
        let loaded = db
            .run(move |conn| Ok(crate::views::admin::nav::load(conn, &path)?))
            .await;
        let nav = loaded.unwrap_or_else(|_| crate::views::admin::nav::AdminNav {
            section: crate::views::admin::nav::section_of(req.path()),
            ..Default::default()
        });
        req.extensions_mut().insert(nav);
    }
    next.call(req).await
}
