//! The moderation queue: submitted products, pending edits and producer claims, oldest first,
//! and the decisions on them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ReasonForm, kept_reason, last_segment, see_other};
use crate::actions::moderation::{self as act, Decided, Decision};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected, SignedIn};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::admin::{queue, review};
use crate::views::{self, Frame, PageAddress};

/// `GET /quan-tri`: the moderation queue, oldest first.
pub async fn show_queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| queue::load(conn, &address))
        .await?;
    views::render(
        &state.templates,
        &Frame::signed_in(&req, &official.0),
        "admin/queue.html",
        &view,
        StatusCode::OK,
    )
}

/// `GET /quan-tri/san-pham/{id}`: a product with what changed, and the decisions.
pub async fn review_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let view = load_review(&state, &req, id.into_inner(), None).await?;
    views::render(
        &state.templates,
        &Frame::signed_in(&req, &official.0),
        "admin/review.html",
        &view,
        StatusCode::OK,
    )
}

async fn load_review(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    notice: Option<Msg>,
) -> Result<review::ReviewPage, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(req);
    state
        .db
        .run(move |conn| review::load(conn, &ctx, &address, id, notice))
        .await
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

fn decision_of(req: &HttpRequest) -> Option<Decision> {
    Some(match last_segment(req) {
        "duyet" => Decision::Approve,
        "tu-choi" => Decision::Reject,
        "an" => Decision::Hide,
        "hien-lai" => Decision::Restore,
        _ => return None,
    })
}

/// `POST /quan-tri/san-pham/{id}/{duyet|tu-choi|an|hien-lai}`: the last path segment
/// names the decision (each is its own route in the table). A decision made on a version
/// that has changed since is refused with the page as it is now (409).
pub async fn decide_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<DecisionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let decision = decision_of(&req).ok_or_else(AppError::not_found)?;
    let reason = kept_reason(&posted.form.reason);
    if decision.needs_reason() && reason.is_empty() {
        return Err(AppError::bad_request(Msg::new(
            "admin-review-reason-needed",
        )));
    }
    let (id, seen) = (id.into_inner(), posted.form.version.trim().to_owned());
    let actor = posted.who.0.actor();
    let decided = act::decide_product(
        &state.db,
        state.caches(),
        &state.site,
        actor,
        id,
        decision,
        reason,
        seen,
    );
    match decided.await? {
        Decided::Applied => Ok(see_other(&locale.path(&format!("/quan-tri/san-pham/{id}")))),
        Decided::Changed => stale(&state, &req, &posted.who.0, id).await,
        Decided::NotApplicable => Err(AppError::bad_request(Msg::new(
            "admin-review-not-applicable",
        ))),
    }
}

/// A decision made on a version that has changed since: the page as it is now, saying so
/// (409).
async fn stale(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
) -> Result<HttpResponse, AppError> {
    let notice = Some(Msg::new("admin-review-changed-since-opened"));
    let view = load_review(state, req, id, notice).await?;
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/review.html",
        &view,
        StatusCode::CONFLICT,
    )
}

/// `POST /quan-tri/nhan-quan-ly/{id}/{duyet|tu-choi}`
pub async fn decide_claim_route(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<ReasonForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let approve = match last_segment(&req) {
        "duyet" => true,
        "tu-choi" => false,
        _ => return Err(AppError::not_found()),
    };
    let actor = posted.who.0.actor();
    let reason = posted.form.reason;
    if !act::decide_claim(
        &state.db,
        &state.site,
        actor,
        id.into_inner(),
        approve,
        reason,
    )
    .await?
    {
        return Err(AppError::not_found());
    }
    Ok(see_other(&locale.path("/quan-tri")))
}
