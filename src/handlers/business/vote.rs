//! The consumer vote in the business area (`/doanh-nghiep/binh-chon`): a firm nominates its
//! published products (three live at most per campaign), withdraws them before voting,
//! answers a request for information, and objects to the provisional results. Another
//! firm's nomination is a 404, like a missing one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use serde::Deserialize;

use super::own_producer_ids;
use crate::actions::vote::{self as campaign, NominationError};
use crate::actions::vote_objection::{self, ObjectionError};
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::models::vote_campaign::Campaign;
use crate::db::schema::{products, vote_nominations};
use crate::error::AppError;
use crate::flash::{Flash, see_other};
use crate::i18n::{Locale, Msg};
use crate::views::business_vote;
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

const PAGE: &str = "/doanh-nghiep/binh-chon";

async fn render(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    forms: (FormState, FormState),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user_id = user.0.user.id;
    let address = PageAddress::of(req);
    let (form, objection) = forms;
    let page = state
        .db
        .run(move |conn| {
            let own = own_producer_ids(conn, user_id)?;
            business_vote::page(conn, &own, &address, form, objection)
        })
        .await?;
    let frame = Frame::signed_in(req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/vote.html",
        &page,
        status,
    )
}

/// `GET /doanh-nghiep/binh-chon`.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let forms = (FormState::new(locale), FormState::new(locale));
    render(&state, &req, &user, forms, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct NominateForm {
    #[serde(default)]
    product: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    dossier: String,
}

/// `POST /doanh-nghiep/binh-chon/de-cu`: nominates one of the firm's published products.
pub async fn nominate(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<NominateForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let user = posted.who;
    let f = posted.form;
    let dossier = f.dossier.replace("\r\n", "\n");
    let mut form = FormState::new(locale)
        .value("product", f.product.trim())
        .value("group", f.group.trim())
        .value("dossier", dossier.trim());
    let product: Option<i32> = f.product.trim().parse().ok();
    let (user_id, group, now) = (user.0.user.id, f.group.trim().to_owned(), state.clock.now());
    let done = state
        .db
        .run(move |conn| {
            let Some(campaign) = Campaign::latest_public(conn)? else {
                return Ok(Err(NominationError::NotOpen));
            };
            let own = own_producer_ids(conn, user_id)?;
            let firm: Option<i32> = match product {
                Some(p) => products::table
                    .find(p)
                    .filter(products::producer_id.eq_any(&own))
                    .select(products::producer_id)
                    .first(conn)
                    .optional()?,
                None => None,
            };
            let (Some(product), Some(firm)) = (product, firm) else {
                return Ok(Err(NominationError::NotTheirs));
            };
            Ok(campaign::nominate(
                conn,
                campaign.id,
                firm,
                product,
                &group,
                &dossier,
                now,
            ))
        })
        .await?;
    match done {
        Ok(_) => Ok(see_other(
            &req,
            &locale.path(PAGE),
            Flash::success("flash-vote-nominated"),
        )),
        Err(NominationError::Database(e)) => Err(AppError::internal(e)),
        Err(e) => {
            let (field, key) = match e {
                NominationError::NotTheirs => ("product", "business-vote-error-product"),
                NominationError::AlreadyNominated => ("product", "business-vote-error-twice"),
                NominationError::TooMany => ("product", "business-vote-error-too-many"),
                NominationError::UnknownGroup => ("group", "business-vote-error-group"),
                NominationError::Dossier => ("dossier", "business-vote-error-dossier"),
                _ => ("product", "business-vote-error-closed"),
            };
            form.error(field, Msg::new(key));
            let forms = (form, FormState::new(locale));
            render(&state, &req, &user, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The firm of nomination `id` if the user acts for it (else a 404).
async fn own_nomination(state: &AppState, user_id: i32, id: i32) -> Result<i32, AppError> {
    state
        .db
        .run(move |conn| {
            let own = own_producer_ids(conn, user_id)?;
            vote_nominations::table
                .find(id)
                .filter(vote_nominations::producer_id.eq_any(&own))
                .select(vote_nominations::producer_id)
                .first(conn)
                .optional()?
                .ok_or_else(AppError::not_found)
        })
        .await
}

fn refused(e: &NominationError) -> Result<Flash, AppError> {
    match e {
        NominationError::NotFound => Err(AppError::not_found()),
        NominationError::Dossier => Ok(Flash::error("flash-vote-dossier")),
        _ => Ok(Flash::error("flash-vote-stale")),
    }
}

/// Runs `command` on the user's nomination `id` (another firm's is a 404) and answers with
/// `done` or why it was refused.
async fn on_own_nomination(
    state: &AppState,
    req: &HttpRequest,
    user_id: i32,
    id: i32,
    done: &'static str,
    command: impl FnOnce(&mut crate::db::DbConnection, i32) -> Result<(), NominationError>
    + Send
    + 'static,
) -> Result<HttpResponse, AppError> {
    let firm = own_nomination(state, user_id, id).await?;
    let result = state.db.run(move |conn| Ok(command(conn, firm))).await?;
    let flash = match result {
        Ok(()) => Flash::success(done),
        Err(NominationError::Database(e)) => return Err(AppError::internal(e)),
        Err(e) => refused(&e)?,
    };
    Ok(see_other(req, &Locale::of(req).path(PAGE), flash))
}

/// `POST /doanh-nghiep/binh-chon/de-cu/{id}/rut`: withdraws a nomination before voting.
pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let user = posted.who.0.user.id;
    on_own_nomination(
        &state,
        &req,
        user,
        id,
        "flash-vote-withdrawn",
        move |conn, firm| campaign::withdraw(conn, firm, id, now),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct DossierForm {
    #[serde(default)]
    dossier: String,
}

/// `POST /doanh-nghiep/binh-chon/de-cu/{id}/bo-sung`: answers a request for information.
pub async fn resubmit(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<DossierForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let dossier = posted.form.dossier.replace("\r\n", "\n");
    let user = posted.who.0.user.id;
    on_own_nomination(
        &state,
        &req,
        user,
        id,
        "flash-vote-resubmitted",
        move |conn, firm| campaign::resubmit(conn, firm, id, &dossier, now),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    nomination: String,
    #[serde(default)]
    body: String,
}

/// `POST /doanh-nghiep/binh-chon/khieu-nai`: files an objection to the provisional results,
/// about one of the firm's nominations or the count as a whole.
pub async fn object(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ObjectionForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let user = posted.who;
    let body = posted.form.body.replace("\r\n", "\n");
    let nomination: Option<i32> = posted.form.nomination.trim().parse().ok();
    let mut objection = FormState::new(locale)
        .value("nomination", posted.form.nomination.trim())
        .value("body", body.trim());
    let (user_id, now) = (user.0.user.id, state.clock.now());
    let done = state
        .db
        .run(move |conn| {
            let Some(campaign) = Campaign::latest_public(conn)? else {
                return Ok(Err(ObjectionError::NotTaking));
            };
            let own = own_producer_ids(conn, user_id)?;
            // About a nomination: the firm's own; about the count: the user's first firm.
            let firm = match nomination {
                Some(n) => vote_nominations::table
                    .find(n)
                    .filter(vote_nominations::producer_id.eq_any(&own))
                    .select(vote_nominations::producer_id)
                    .first(conn)
                    .optional()?,
                None => own.first().copied(),
            };
            let Some(firm) = firm else {
                return Ok(Err(ObjectionError::NotTheirs));
            };
            Ok(vote_objection::file(
                conn,
                campaign.id,
                firm,
                nomination,
                &body,
                now,
            ))
        })
        .await?;
    match done {
        Ok(_) => Ok(see_other(
            &req,
            &locale.path(PAGE),
            Flash::success("flash-vote-objected"),
        )),
        Err(ObjectionError::Database) => {
            Err(AppError::internal(anyhow::anyhow!("objection not stored")))
        }
        Err(e) => {
            let (field, key) = match e {
                ObjectionError::Text => ("body", "business-vote-error-objection"),
                ObjectionError::TooMany => ("body", "business-vote-error-objections"),
                ObjectionError::NotTheirs => ("nomination", "business-vote-error-product"),
                _ => ("body", "business-vote-error-not-taking"),
            };
            objection.error(field, Msg::new(key));
            let forms = (FormState::new(locale), objection);
            render(&state, &req, &user, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
