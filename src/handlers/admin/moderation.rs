//! The moderation queue: submitted products, pending edits and producer claims, oldest first,
//! and the decisions on them.

use crate::i18n::Locale;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{ReasonForm, last_segment, render, see_other};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected, SignedIn};
use crate::clock::shown_date_time;
use crate::db::models::moderation::{self, Decided, Decision};
use crate::db::models::{Producer, Product, ProductImage};
use crate::error::AppError;
use crate::media;

#[derive(Serialize)]
struct QueueItem {
    id: i32,
    name: String,
    since: String,
}

#[derive(Serialize)]
struct QueueView {
    submitted: Vec<QueueItem>,
    edits: Vec<QueueItem>,
    claims: Vec<ClaimItem>,
}

#[derive(Serialize)]
struct ClaimItem {
    id: i32,
    email: String,
    producer_id: i32,
    producer: String,
}

fn item(p: &Product) -> QueueItem {
    QueueItem {
        id: p.id,
        name: p.name.clone(),
        since: shown_date_time(p.submitted_at.unwrap_or(p.updated_at)),
    }
}

/// `GET /quan-tri`: the moderation queue, oldest first.
pub async fn show_queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let queue = state.db.run(|conn| Ok(moderation::queue(conn)?)).await?;
    let view = QueueView {
        submitted: queue.submitted.iter().map(item).collect(),
        edits: queue.edits.iter().map(item).collect(),
        claims: queue
            .claims
            .into_iter()
            .map(|(id, email, producer_id, producer)| ClaimItem {
                id,
                email,
                producer_id,
                producer,
            })
            .collect(),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/queue.html",
        "Việc chờ duyệt",
        view,
    )
}

#[derive(Serialize)]
struct FieldDiff {
    label: &'static str,
    current: String,
    proposed: String,
    changed: bool,
}

#[derive(Serialize)]
struct ReviewView {
    id: i32,
    name: String,
    slug: String,
    status: crate::db::models::ProductStatus,
    status_label: String,
    producer: String,
    rejection_reason: Option<String>,
    has_pending: bool,
    diff: Vec<FieldDiff>,
    photos: Vec<String>,
    /// The version of what this page shows, posted back with a decision.
    version: String,
    /// Why the page is shown again instead of a decision, if it is.
    notice: Option<&'static str>,
}

/// What a stale decision answers: the page as it is now, with this message.
const CHANGED_SINCE_OPENED: &str = "Nội dung đã thay đổi sau khi bạn mở trang: chưa có gì được duyệt hay từ chối. Hãy xem lại những thay đổi dưới đây rồi quyết định lại.";

/// `GET /quan-tri/san-pham/{id}`: a product with what changed, and the decisions.
pub async fn review_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    review_page(&state, &req, &official.0, id.into_inner(), None).await
}

/// The review page of product `id`, with `notice` above it when a decision was refused.
async fn review_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    notice: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let (product, producer, photos) = state
        .db
        .run(move |conn| {
            let product = Product::by_id(conn, id)?;
            let producer = Producer::by_ids(conn, &[product.producer_id])?
                .pop()
                .ok_or_else(AppError::not_found)?;
            let photos = ProductImage::for_product(conn, id)?;
            Ok((product, producer, photos))
        })
        .await?;
    let current = crate::db::models::product::ProductFields {
        name: product.name.clone(),
        category_id: product.category_id,
        brand: product.brand.clone(),
        description: product.description.clone(),
        gtin: product.gtin.clone(),
    };
    let proposed = product.fields_with_pending_edit();
    let category = |id: i32| ctx.category(id).map(|c| c.name.clone()).unwrap_or_default();
    let rows = [
        ("Tên", current.name.clone(), proposed.name.clone()),
        (
            "Nhóm hàng",
            category(current.category_id),
            category(proposed.category_id),
        ),
        ("Thương hiệu", current.brand.clone(), proposed.brand.clone()),
        (
            "Mô tả",
            current.description.clone(),
            proposed.description.clone(),
        ),
        (
            "Mã vạch",
            current.gtin.clone().unwrap_or_default(),
            proposed.gtin.clone().unwrap_or_default(),
        ),
    ];
    let view = ReviewView {
        id,
        name: product.name.clone(),
        slug: product.slug.clone(),
        status_label: product.status.label(Locale::Vi),
        status: product.status,
        producer: producer.name,
        rejection_reason: product.rejection_reason.clone(),
        has_pending: product.pending_changes.is_some(),
        diff: rows
            .into_iter()
            .map(|(label, current, proposed)| FieldDiff {
                label,
                changed: current != proposed,
                current,
                proposed,
            })
            .collect(),
        photos: photos
            .iter()
            .map(|p| media::url(&p.content_hash, media::variant_widths(p.width)[0]))
            .collect(),
        version: moderation::review_version(&product, &photos),
        notice,
    };
    let mut page = render(
        state,
        req,
        who,
        "admin/review.html",
        &format!("Duyệt: {}", product.name),
        view,
    )?;
    if notice.is_some() {
        *page.status_mut() = StatusCode::CONFLICT;
    }
    Ok(page)
}

/// A decision on a product as posted: the reason, and the version of the product the
/// official reviewed (approvals and rejections only).
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub version: String,
}

/// Longest decision reason or resolution note kept, in characters.
const REASON_MAX: usize = 1000;

/// A decision's reason (or a report's resolution note) as kept: trimmed, at most 1000
/// characters.
pub(super) fn kept_reason(text: &str) -> String {
    text.trim().chars().take(REASON_MAX).collect()
}

/// `POST /quan-tri/san-pham/{id}/{duyet|tu-choi|an|hien-lai}`: the last path segment
/// names the decision (each is its own route in the table).
pub async fn decide_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<DecisionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let decision = match last_segment(&req) {
        "duyet" => Decision::Approve,
        "tu-choi" => Decision::Reject,
        "an" => Decision::Hide,
        "hien-lai" => Decision::Restore,
        _ => return Err(AppError::not_found()),
    };
    let reason = kept_reason(&posted.form.reason);
    if matches!(decision, Decision::Reject | Decision::Hide) && reason.is_empty() {
        return Err(AppError::bad_request(
            "Hãy ghi lý do: doanh nghiệp sẽ thấy lý do này.",
        ));
    }
    let (id, actor) = (id.into_inner(), posted.who.0.actor());
    let seen = posted.form.version.trim().to_owned();
    let decided = state
        .db
        .run(move |conn| {
            Ok(moderation::decide_product(
                conn, &actor, id, decision, &reason, &seen,
            )?)
        })
        .await?;
    match decided {
        Decided::Applied => {
            state.pages.clear();
            Ok(see_other(&format!("/quan-tri/san-pham/{id}")))
        }
        Decided::Changed => {
            review_page(&state, &req, &posted.who.0, id, Some(CHANGED_SINCE_OPENED)).await
        }
        Decided::NotApplicable => Err(AppError::bad_request(
            "Thao tác này không áp dụng cho trạng thái hiện tại của sản phẩm.",
        )),
    }
}

/// `POST /quan-tri/nhan-quan-ly/{id}/{duyet|tu-choi}`
pub async fn decide_claim_route(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ReasonForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let approve = match last_segment(&req) {
        "duyet" => true,
        "tu-choi" => false,
        _ => return Err(AppError::not_found()),
    };
    let (id, actor) = (id.into_inner(), posted.who.0.actor());
    let reason = posted.form.reason;
    let applied = state
        .db
        .run(move |conn| {
            Ok(moderation::decide_claim(
                conn,
                &actor,
                id,
                approve,
                reason.trim(),
            )?)
        })
        .await?;
    if !applied {
        return Err(AppError::not_found());
    }
    Ok(see_other("/quan-tri"))
}
