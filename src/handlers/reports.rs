//! Citizens' reports of wrong information: the form of one published product and its
//! submission. No account is needed; the form carries the anonymous CSRF token, so it lives
//! on a page of its own (the product page is cached for cookie-less visitors and holds no
//! token). Submissions are rate-limited per IP address.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::account::client_key;
use super::{PageAddress, see_other};
use crate::app::AppState;
use crate::auth::{Protected, Visitor};
use crate::db::models::rate_limit::RateLimit;
use crate::db::models::report::{NewReport, ReportReason};
use crate::error::{AppError, UserMessage};
use crate::i18n::{Locale, Msg};
use crate::validate;
use crate::views::forms::FormState;
use crate::views::report_form::{report_page, reported_product};
use crate::views::{self, Frame};

const TEMPLATE: &str = "catalogue/report.html";
/// Reports one address may send per [`window`].
const REPORTS_PER_IP: i64 = 5;
/// Longest message accepted, in characters.
const MESSAGE_MAX: usize = 2000;

fn window() -> chrono::Duration {
    chrono::Duration::hours(1)
}

/// `?da-gui=1` asks for the thank-you state.
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    #[serde(rename = "da-gui")]
    sent: Option<String>,
}

/// What the form posts.
#[derive(Debug, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    contact_email: String,
}

/// `GET /san-pham/{slug}/bao-cao`: the report form of a published product; `?da-gui=1` is
/// the thank-you state shown after sending. That one holds no token, so it sets no cookie
/// and may be cached.
pub async fn show_report_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let product = state
        .db
        .run(move |conn| reported_product(conn, &slug))
        .await?;
    let sent = query.sent.is_some();
    let form = FormState::new(Locale::of(&req));
    let page = report_page(product, form, sent, &PageAddress::of(&req));
    let frame = if sent {
        Frame::public(&req)
    } else {
        Frame::for_visitor(&req, &visitor)
    };
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// The checked form: the report to store, or the form with a message next to each bad field.
fn check(product_id: i32, form: ReportForm, locale: Locale) -> Result<NewReport, FormState> {
    // Browsers send line breaks as CRLF; count and store them as one character.
    let message = form.message.replace("\r\n", "\n").trim().to_owned();
    let email = form.contact_email.trim().to_owned();
    let mut state = FormState::new(locale)
        .value("reason", form.reason.trim())
        .value("message", &message)
        .value("contact_email", &email);
    let reason = ReportReason::from_slug(form.reason.trim());
    if reason.is_none() {
        state.error("reason", Msg::new("report-error-reason"));
    }
    if message.is_empty() {
        state.error("message", Msg::new("report-error-message"));
    } else if let Err(msg) = validate::limited(&message, MESSAGE_MAX) {
        state.error("message", msg);
    }
    if !email.is_empty()
        && let Err(msg) = validate::email(&email)
    {
        state.error("contact_email", msg);
    }
    match reason {
        Some(reason) if state.is_valid() => Ok(NewReport {
            product_id,
            reason,
            message,
            contact_email: (!email.is_empty()).then_some(email),
        }),
        _ => Err(state),
    }
}

/// Stores `report` and sends the browser to the thank-you state of product `slug`, unless the
/// client's address has sent its share this hour (a 429).
async fn store(
    state: &AppState,
    req: &HttpRequest,
    report: NewReport,
    slug: &str,
) -> Result<HttpResponse, AppError> {
    // Only reports that would be stored count towards the limit: fixing a typo is free.
    let bucket = format!("report-ip:{}", client_key(req));
    let stored = state
        .db
        .run(move |conn| {
            if !RateLimit::hit(conn, &bucket, REPORTS_PER_IP, window())? {
                return Ok(false);
            }
            report.insert(conn)?;
            Ok(true)
        })
        .await?;
    if !stored {
        return Ok(too_many());
    }
    let thanks = format!("/san-pham/{slug}/bao-cao?da-gui=1");
    Ok(see_other(&Locale::of(req).path(&thanks)))
}

/// `POST /san-pham/{slug}/bao-cao`: stores the report and answers 303 to the thank-you
/// state; bad input shows the form again with what was typed.
pub async fn create_report(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    posted: Protected<ReportForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let product = state
        .db
        .run(move |conn| reported_product(conn, &slug))
        .await?;
    match check(product.id, form, Locale::of(&req)) {
        Ok(report) => store(&state, &req, report, &product.slug).await,
        Err(form) => {
            let page = report_page(product, form, false, &PageAddress::of(&req));
            let frame = Frame::for_visitor(&req, &visitor);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            views::render(&state.templates, &frame, TEMPLATE, &page, status)
        }
    }
}

/// The 429, worded for reports rather than for logins (the error page shows the message).
fn too_many() -> HttpResponse {
    let mut res = HttpResponse::TooManyRequests()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    res.extensions_mut()
        .insert(UserMessage(Msg::new("report-too-many")));
    res
}
