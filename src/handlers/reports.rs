//! Citizens' reports of wrong information: the form of one published product and its
//! submission. No account is needed; the form carries the anonymous CSRF token, so it lives
//! on a page of its own (the product page is cached for cookie-less visitors and holds no
//! token). Submissions are rate-limited per IP address.

use crate::i18n::Locale;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::account::client_key;
use super::{PageAddress, form_page, see_other};
use crate::app::AppState;
use crate::auth::{Protected, Visitor};
use crate::db::models::Product;
use crate::db::models::rate_limit::RateLimit;
use crate::db::models::report::{NewReport, ReportReason};
use crate::error::{AppError, UserMessage};
use crate::validate;
use crate::views::forms::{FormPage, FormState};
use crate::views::{self, FilterOption};

/// Reports one address may send per [`window`].
const REPORTS_PER_IP: i64 = 5;
/// Longest message accepted, in characters.
const MESSAGE_MAX: usize = 2000;

fn window() -> chrono::Duration {
    chrono::Duration::hours(1)
}

/// The product a report is about.
#[derive(Debug, Serialize)]
struct ReportedProduct {
    slug: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct ReportExtra {
    product: ReportedProduct,
    reasons: Vec<FilterOption>,
    /// The thank-you state, after a report was stored.
    sent: bool,
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

async fn published(state: &AppState, slug: String) -> Result<Product, AppError> {
    state
        .db
        .run(move |conn| Ok(Product::published_by_slug(conn, &slug)?))
        .await
}

/// Renders the form, or the thank-you state: that one holds no token, so it sets no cookie
/// and may be cached.
fn report_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    product: &Product,
    form: FormState,
    sent: bool,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    const TEMPLATE: &str = "catalogue/report.html";
    let chosen = form.values.get("reason").cloned().unwrap_or_default();
    let meta = PageAddress::of(req).meta(
        "products",
        format!("Báo cáo thông tin sai: {}", product.name),
        "Báo cho cán bộ quản lý khi thông tin sản phẩm, giải thưởng hoặc điểm bán không đúng.",
    );
    let extra = ReportExtra {
        product: ReportedProduct {
            slug: product.slug.clone(),
            name: product.name.clone(),
        },
        reasons: ReportReason::ALL
            .iter()
            .map(|r| FilterOption {
                value: r.slug().to_owned(),
                label: r.label(Locale::Vi).to_owned(),
                selected: r.slug() == chosen,
            })
            .collect(),
        sent,
    };
    if !sent {
        return form_page(state, req, visitor, TEMPLATE, meta, form, extra, status);
    }
    let page = FormPage { meta, form, extra };
    views::render(
        &state.templates,
        &views::Frame::public(req),
        TEMPLATE,
        &page,
        status,
    )
}

/// `GET /san-pham/{slug}/bao-cao`: the report form of a published product; `?da-gui=1` is
/// the thank-you state shown after sending.
pub async fn show_report_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let product = published(&state, slug.into_inner()).await?;
    let sent = query.sent.is_some();
    report_page(
        &state,
        &req,
        &visitor,
        &product,
        FormState::default(),
        sent,
        StatusCode::OK,
    )
}

/// The checked form: the report to store, or the form with a message next to each bad field.
fn check(product_id: i32, form: ReportForm) -> Result<NewReport, FormState> {
    // Browsers send line breaks as CRLF; count and store them as one character.
    let message = form.message.replace("\r\n", "\n").trim().to_owned();
    let email = form.contact_email.trim().to_owned();
    let mut state = FormState::default()
        .value("reason", form.reason.trim())
        .value("message", &message)
        .value("contact_email", &email);
    let reason = ReportReason::from_slug(form.reason.trim());
    if reason.is_none() {
        state.error("reason", "Hãy chọn lý do báo cáo.");
    }
    if message.is_empty() {
        state.error("message", "Hãy mô tả thông tin sai để cán bộ kiểm tra.");
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

/// `POST /san-pham/{slug}/bao-cao`: stores the report and answers 303 to the thank-you
/// state; bad input shows the form again with what was typed.
pub async fn create_report(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    posted: Protected<ReportForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let product = published(&state, slug.into_inner()).await?;
    let report = match check(product.id, form) {
        Ok(report) => report,
        Err(form) => {
            return report_page(
                &state,
                &req,
                &visitor,
                &product,
                form,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    // Only reports that would be stored count towards the limit: fixing a typo is free.
    let bucket = format!("report-ip:{}", client_key(&req));
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
    Ok(see_other(&format!(
        "/san-pham/{}/bao-cao?da-gui=1",
        product.slug
    )))
}

/// The 429, worded for reports rather than for logins (the error page shows the message).
fn too_many() -> HttpResponse {
    let mut res = HttpResponse::TooManyRequests()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    res.extensions_mut().insert(UserMessage(
        "Bạn đã gửi nhiều báo cáo trong một giờ qua. Xin vui lòng đợi rồi gửi tiếp; \
         các báo cáo trước đã được chuyển tới cán bộ quản lý."
            .to_owned()
            .into(),
    ));
    res
}
