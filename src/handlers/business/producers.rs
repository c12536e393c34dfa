//! Producer onboarding: create a producer page, claim an existing one, edit one's own.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::own_producer;
use crate::actions::producers::{self as producer_actions, Saved};
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::models::producer::ProducerFields;
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::PageAddress;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::validate;
use crate::views::business::producer_form;
use crate::views::forms::FormState;
use crate::views::{self, Frame};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const TEMPLATE: &str = "business/producer_form.html";

/// The producer form as posted. Status, verification and ownership are not fields: nobody
/// can set them from here.
#[derive(Debug, Default, Deserialize)]
pub struct ProducerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    legal_name: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    description: String,
}

impl ProducerForm {
    /// Checks every field; returns the form state (input kept) and the fields if valid.
    fn check(&self, ctx: &CardContext, locale: Locale) -> (FormState, Option<ProducerFields>) {
        let t = |s: &String| s.trim().to_owned();
        let mut f = FormState::new(locale)
            .value("name", t(&self.name))
            .value("legal_name", t(&self.legal_name))
            .value("tax_code", t(&self.tax_code))
            .value("address", t(&self.address))
            .value("province", t(&self.province))
            .value("website", t(&self.website))
            .value("phone", t(&self.phone))
            .value("email", t(&self.email))
            .value("description", self.description.trim().to_owned());
        let mut check = |field: &str, result: Result<(), Msg>| {
            if let Err(e) = result {
                f.error(field, e);
            }
        };
        check("name", validate::required(&self.name, 160));
        check("legal_name", validate::limited(&self.legal_name, 200));
        check("address", validate::required(&self.address, 300));
        check("description", validate::limited(&self.description, 5_000));
        if !self.tax_code.trim().is_empty() {
            check("tax_code", validate::tax_code(self.tax_code.trim()));
        }
        if !self.website.trim().is_empty() {
            check("website", validate::website(self.website.trim()));
        }
        if !self.phone.trim().is_empty() {
            check("phone", validate::phone(self.phone.trim()));
        }
        if !self.email.trim().is_empty() {
            check("email", validate::email(self.email.trim()));
        }
        let province = ctx
            .provinces
            .provinces
            .iter()
            .find(|p| p.slug == self.province.trim());
        if province.is_none() {
            check("province", Err(Msg::new("business-province-missing")));
        }
        let fields = match (f.is_valid(), province) {
            (true, Some(p)) => Some(ProducerFields {
                name: t(&self.name),
                legal_name: t(&self.legal_name),
                tax_code: Some(t(&self.tax_code)).filter(|s| !s.is_empty()),
                address: t(&self.address),
                province_id: p.id,
                website: t(&self.website),
                phone: t(&self.phone),
                email: t(&self.email),
                description: self.description.trim().to_owned(),
            }),
            _ => None,
        };
        (f, fields)
    }
}

/// `GET /doanh-nghiep/nha-san-xuat/moi`
pub async fn new_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let page = producer_form(&ctx, &address, None, FormState::new(address.locale));
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// `POST /doanh-nghiep/nha-san-xuat/moi`
pub async fn create_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ProducerForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    let ctx = state.reference.get(&state.db).await?;
    let (mut form, fields) = posted.form.check(&ctx, address.locale);
    if let Some(fields) = fields {
        let (user_id, name) = (posted.who.0.user.id, fields.name.clone());
        match producer_actions::create(&state.db, user_id, fields).await? {
            Saved::Saved => {
                // The next step of the checklist: a first product, when there is none yet.
                let next = state
                    .db
                    .run(move |conn| views::business::next_after_producer(conn, user_id))
                    .await?;
                let flash = match next {
                    views::business::AfterProducer::FirstProduct => {
                        Flash::success("flash-producer-created-next")
                    }
                    views::business::AfterProducer::Dashboard => {
                        Flash::success("flash-producer-created")
                    }
                };
                return Ok(flash::see_other(
                    &req,
                    &frame.path(next.path()),
                    flash.arg("name", name),
                ));
            }
            Saved::TaxCodeTaken => form.error("tax_code", Msg::new("business-tax-code-has-page")),
        }
    }
    let page = producer_form(&ctx, &address, None, form);
    views::render(&state.templates, &frame, TEMPLATE, &page, UNPROCESSABLE)
}

/// `GET /doanh-nghiep/nha-san-xuat/{id}`
pub async fn edit_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| views::business::edit_producer(conn, &ctx, user_id, id, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// `POST /doanh-nghiep/nha-san-xuat/{id}`: changes show at once (the producer is the
/// business's own statement); its products are re-indexed.
pub async fn update_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ProducerForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (posted.who.0.user.id, id.into_inner());
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    // Another's producer is a 404 whatever the form holds.
    state
        .db
        .run(move |conn| own_producer(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let (mut form, fields) = posted.form.check(&ctx, address.locale);
    if let Some(fields) = fields {
        let name = fields.name.clone();
        match producer_actions::update(&state.db, state.caches(), user_id, id, fields).await? {
            Saved::Saved => {
                return Ok(flash::see_other(
                    &req,
                    &frame.path("/doanh-nghiep"),
                    Flash::success("flash-producer-saved").arg("name", name),
                ));
            }
            Saved::TaxCodeTaken => form.error("tax_code", Msg::new("business-tax-code-taken")),
        }
    }
    let page = producer_form(&ctx, &address, Some(id), form);
    views::render(&state.templates, &frame, TEMPLATE, &page, UNPROCESSABLE)
}

#[derive(Debug, Deserialize)]
pub struct ClaimQuery {
    q: Option<String>,
}

/// `GET /doanh-nghiep/nha-san-xuat/nhan?q=…`: find an existing producer page to claim.
pub async fn find_claim(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    query: web::Query<ClaimQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner().q.unwrap_or_default();
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| views::business::claim_search(conn, &ctx, q, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/claim.html",
        &page,
        StatusCode::OK,
    )
}

/// `POST /doanh-nghiep/nha-san-xuat/{id}/nhan`: the claim waits for an official.
pub async fn claim_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    producer_actions::claim(&state.db, posted.who.0.user.id, id.into_inner()).await?;
    Ok(flash::see_other(
        &req,
        &Locale::of(&req).path("/doanh-nghiep"),
        Flash::success("flash-claim-sent"),
    ))
}
