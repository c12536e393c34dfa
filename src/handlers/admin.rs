//! The officials' area (`/quan-tri`): the moderation queue and decisions, the audit log, and
//! (admins only) accounts. Every decision is audited in the same transaction as the change.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::PageAddress;
use super::business::status_label;
use super::filters::parse_page;
use crate::app::AppState;
use crate::auth::{AdminUser, NoFields, OfficialUser, Protected, SignedIn, Visitor};
use crate::db::models::audit::{Audit, AuditEntry, AuditFilter};
use crate::db::models::moderation::{self, Decision};
use crate::db::models::user::{AccountChange, Role, User};
use crate::db::models::{Producer, Product, ProductImage};
use crate::error::AppError;
use crate::media;
use crate::views::{self, PageMeta, Pagination};

#[derive(Serialize)]
struct AdminPage<E: Serialize> {
    meta: PageMeta,
    csrf_token: String,
    me: String,
    is_admin: bool,
    extra: E,
}

fn render<E: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    me: &SignedIn,
    template: &str,
    title: &str,
    extra: E,
) -> Result<HttpResponse, AppError> {
    let (csrf_token, _) = Visitor::signed_in(me.clone()).csrf_token(req);
    let page = AdminPage {
        meta: PageAddress::of(req).meta("", title.to_owned(), ""),
        csrf_token,
        me: me.user.email.clone(),
        is_admin: me.user.role() == Role::Admin,
        extra,
    };
    let html = views::render_string(&state.templates, template, &page)?;
    Ok(HttpResponse::Ok()
        .content_type(mime::TEXT_HTML_UTF_8)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

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
        since: p
            .submitted_at
            .unwrap_or(p.updated_at)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
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
    status: String,
    status_label: &'static str,
    producer: String,
    rejection_reason: Option<String>,
    has_pending: bool,
    diff: Vec<FieldDiff>,
    photos: Vec<String>,
}

/// `GET /quan-tri/san-pham/{id}`: a product with what changed, and the decisions.
pub async fn review_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
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
    let proposed = product.fields();
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
        status_label: status_label(&product.status),
        status: product.status.clone(),
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
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/review.html",
        &format!("Duyệt: {}", product.name),
        view,
    )
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn decide(
    state: &AppState,
    official: &OfficialUser,
    id: i32,
    decision: Decision,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let reason = reason.trim().chars().take(1000).collect::<String>();
    if matches!(decision, Decision::Reject | Decision::Hide) && reason.is_empty() {
        return Err(AppError::bad_request(
            "Hãy ghi lý do: doanh nghiệp sẽ thấy lý do này.",
        ));
    }
    let actor = official.0.actor();
    let applied = state
        .db
        .run(move |conn| {
            Ok(moderation::decide_product(
                conn, &actor, id, decision, &reason,
            )?)
        })
        .await?;
    if !applied {
        return Err(AppError::bad_request(
            "Thao tác này không áp dụng cho trạng thái hiện tại của sản phẩm.",
        ));
    }
    state.pages.clear();
    Ok(see_other(&format!("/quan-tri/san-pham/{id}")))
}

/// `POST /quan-tri/san-pham/{id}/{duyet|tu-choi|an|hien-lai}`: the last path segment
/// names the decision (each is its own route in the table).
pub async fn decide_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ReasonForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let decision = match last_segment(&req) {
        "duyet" => Decision::Approve,
        "tu-choi" => Decision::Reject,
        "an" => Decision::Hide,
        "hien-lai" => Decision::Restore,
        _ => return Err(AppError::not_found()),
    };
    decide(
        &state,
        &posted.who,
        id.into_inner(),
        decision,
        posted.form.reason,
    )
    .await
}

/// The last segment of the request path: the action a shared handler is asked for.
fn last_segment(req: &HttpRequest) -> &str {
    req.path().rsplit('/').next().unwrap_or_default()
}

async fn decide_claim(
    state: &AppState,
    official: &OfficialUser,
    id: i32,
    approve: bool,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let actor = official.0.actor();
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
    decide_claim(
        &state,
        &posted.who,
        id.into_inner(),
        approve,
        posted.form.reason,
    )
    .await
}

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
            Some(t) => chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    AppError::bad_request(format!("Ngày “{t}” không hợp lệ (YYYY-MM-DD)."))
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

#[derive(Debug, Deserialize)]
pub struct UsersParams {
    q: Option<String>,
}

#[derive(Serialize)]
struct UserRow {
    id: i32,
    email: String,
    name: String,
    role: String,
    suspended: bool,
}

#[derive(Serialize)]
struct UsersView {
    q: String,
    users: Vec<UserRow>,
}

/// `GET /quan-tri/nguoi-dung`: accounts (admins only).
pub async fn list_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: AdminUser,
    params: web::Query<UsersParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.into_inner().q.unwrap_or_default();
    let lookup = q.clone();
    let users = state
        .db
        .run(move |conn| Ok(User::search(conn, &lookup, 50)?))
        .await?;
    let view = UsersView {
        q,
        users: users
            .into_iter()
            .map(|u| UserRow {
                suspended: u.is_suspended(),
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
            })
            .collect(),
    };
    render(
        &state,
        &req,
        &admin.0,
        "admin/users.html",
        "Tài khoản",
        view,
    )
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn administer(
    state: &AppState,
    admin: &AdminUser,
    id: i32,
    change: AccountChange,
) -> Result<HttpResponse, AppError> {
    if id == admin.0.user.id {
        return Err(AppError::bad_request(
            "Không thể tự đổi vai trò hoặc tự đình chỉ tài khoản của mình.",
        ));
    }
    let actor = admin.0.actor();
    state
        .db
        .run(move |conn| Ok(User::administer(conn, &actor, id, change)?))
        .await?;
    Ok(see_other("/quan-tri/nguoi-dung"))
}

/// `POST /quan-tri/nguoi-dung/{id}/vai-tro`: grant or revoke the official role.
pub async fn set_role(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<RoleForm, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let role = match posted.form.role.as_str() {
        "official" => Role::Official,
        "business" => Role::Business,
        "citizen" => Role::Citizen,
        _ => return Err(AppError::bad_request("Vai trò không hợp lệ.")),
    };
    administer(
        &state,
        &posted.who,
        id.into_inner(),
        AccountChange::SetRole(role),
    )
    .await
}

/// `POST /quan-tri/nguoi-dung/{id}/{dinh-chi|mo-lai}`: suspending ends the account's
/// sessions at once.
pub async fn change_suspension(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let change = match last_segment(&req) {
        "dinh-chi" => AccountChange::Suspend,
        "mo-lai" => AccountChange::Reinstate,
        _ => return Err(AppError::not_found()),
    };
    administer(&state, &posted.who, id.into_inner(), change).await
}
