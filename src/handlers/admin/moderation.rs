//! The moderation queue: submitted products, pending edits and producer claims, oldest first,
//! and the decisions on them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ReasonForm, kept_reason, last_segment};
use crate::actions::moderation::{self as act, Decided, Decision};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected, SignedIn};
use crate::error::AppError;
use crate::flash::Flash;
use crate::i18n::{Locale, Msg};
use crate::views::admin::review::RejectForm;
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
    let view = load_review(&state, &req, id.into_inner(), None, RejectForm::default()).await?;
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
    reject: RejectForm,
) -> Result<review::ReviewPage, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(req);
    state
        .db
        .run(move |conn| review::load(conn, &ctx, &address, id, notice, reject))
        .await
}

/// A decision on a product as posted: the reason, and the version of the product the
/// official reviewed (approvals and rejections only).
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub reason: String,
    /// A common reason picked from the list (its code), for a rejection.
    #[serde(default)]
    pub pick: String,
    #[serde(default)]
    pub version: String,
}

impl DecisionForm {
    /// The reason as kept: the picked common reason in the official's language, then what
    /// they typed (unless it already holds the picked words).
    fn reason(&self, locale: Locale) -> String {
        let typed = kept_reason(&self.reason);
        match review::common_reason(self.pick.trim(), locale) {
            Some(picked) if typed.is_empty() => picked,
            Some(picked) if !typed.contains(&picked) => kept_reason(&format!("{picked} {typed}")),
            _ => typed,
        }
    }
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
/// names the decision (each is its own route in the table). A rejection or a hiding without
/// a reason is shown again with the message next to the field (422). A decision made on a
/// version that has changed since is refused with the page as it is now (409). After an
/// approval or a rejection the official lands on the next product in the queue (or the queue,
/// when nothing is left), with a message saying what was done.
pub async fn decide_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<DecisionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let decision = decision_of(&req).ok_or_else(AppError::not_found)?;
    let id = id.into_inner();
    let reason = posted.form.reason(locale);
    if decision.needs_reason() && reason.is_empty() {
        let error = Some(locale.t("admin-review-reason-needed"));
        let form = RejectForm {
            reason: posted.form.reason.trim().to_owned(),
            pick: posted.form.pick.trim().to_owned(),
            error: error.clone().filter(|_| decision == Decision::Reject),
            hide_error: error.filter(|_| decision == Decision::Hide),
        };
        let view = load_review(&state, &req, id, None, form).await?;
        let frame = Frame::signed_in(&req, &posted.who.0);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return views::render(&state.templates, &frame, "admin/review.html", &view, status);
    }
    let seen = posted.form.version.trim().to_owned();
    let actor = posted.who.0.actor();
    let shown_reason = reason.clone();
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
        Decided::Applied => {}
        Decided::Changed => {
            // The reason typed stays in its field, for the decision made again.
            let form = RejectForm {
                reason: posted.form.reason.trim().to_owned(),
                pick: posted.form.pick.trim().to_owned(),
                ..RejectForm::default()
            };
            return stale(&state, &req, &posted.who.0, id, form).await;
        }
        Decided::NotApplicable => {
            return Err(AppError::bad_request(Msg::new(
                "admin-review-not-applicable",
            )));
        }
    }
    let (name, next) = state
        .db
        .run(move |conn| queue::after_decision(conn, id))
        .await?;
    let (key, to) = match (decision, next) {
        (Decision::Approve, Some(n)) => {
            ("flash-product-approved", format!("/quan-tri/san-pham/{n}"))
        }
        (Decision::Approve, None) => ("flash-product-approved-last", "/quan-tri".to_owned()),
        (Decision::Reject, Some(n)) => {
            ("flash-product-rejected", format!("/quan-tri/san-pham/{n}"))
        }
        (Decision::Reject, None) => ("flash-product-rejected-last", "/quan-tri".to_owned()),
        (Decision::Hide, _) => ("flash-product-hidden", format!("/quan-tri/san-pham/{id}")),
        (Decision::Restore, _) => ("flash-product-restored", format!("/quan-tri/san-pham/{id}")),
    };
    let flash = Flash::success(key)
        .arg("name", name)
        .arg("reason", shown_reason);
    Ok(crate::flash::see_other(&req, &locale.path(&to), flash))
}

/// A decision made on a version that has changed since: the page as it is now, saying so
/// (409).
async fn stale(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    form: RejectForm,
) -> Result<HttpResponse, AppError> {
    let notice = Some(Msg::new("admin-review-changed-since-opened"));
    let view = load_review(state, req, id, notice, form).await?;
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
    let reason = kept_reason(&reason);
    let shown_reason = reason.clone();
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
    let flash = if approve {
        Flash::success("flash-claim-approved")
    } else {
        Flash::success("flash-claim-rejected").arg("reason", shown_reason)
    };
    Ok(crate::flash::see_other(
        &req,
        &locale.path("/quan-tri"),
        flash,
    ))
}
