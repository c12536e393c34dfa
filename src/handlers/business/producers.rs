//! Producer onboarding: create a producer page, claim an existing one, edit one's own.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{form_page, own_producer, see_other};
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::models::Producer;
use crate::db::models::membership::{Membership, MembershipStatus};
use crate::db::models::producer::ProducerFields;
use crate::error::AppError;
use crate::handlers::PageAddress;
use crate::reference::CardContext;
use crate::validate;
use crate::views::FilterOption;
use crate::views::forms::FormState;

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

#[derive(Debug, Serialize)]
pub struct ProducerFormExtra {
    action: String,
    heading: &'static str,
    provinces: Vec<FilterOption>,
}

fn extra(
    ctx: &CardContext,
    action: String,
    heading: &'static str,
    selected: &str,
) -> ProducerFormExtra {
    ProducerFormExtra {
        action,
        heading,
        provinces: ctx
            .provinces
            .provinces
            .iter()
            .map(|p| FilterOption {
                value: p.slug.clone(),
                label: p.name.clone(),
                selected: p.slug == selected,
            })
            .collect(),
    }
}

impl ProducerForm {
    /// Checks every field; returns the form state (input kept) and the fields if valid.
    fn check(&self, ctx: &CardContext) -> (FormState, Option<ProducerFields>) {
        let t = |s: &String| s.trim().to_owned();
        let mut f = FormState::default()
            .value("name", t(&self.name))
            .value("legal_name", t(&self.legal_name))
            .value("tax_code", t(&self.tax_code))
            .value("address", t(&self.address))
            .value("province", t(&self.province))
            .value("website", t(&self.website))
            .value("phone", t(&self.phone))
            .value("email", t(&self.email))
            .value("description", self.description.trim().to_owned());
        let mut check = |field: &str, result: Result<(), String>| {
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
            check("province", Err("Hãy chọn tỉnh, thành phố.".to_owned()));
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

/// Renders the producer form, with the province drop-down set from the form's value.
#[expect(clippy::too_many_arguments)] // each is one distinct piece of the page
fn producer_page(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    ctx: &CardContext,
    action: String,
    heading: &'static str,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let selected = form.values.get("province").cloned().unwrap_or_default();
    let meta = PageAddress::of(req).meta("", heading, "");
    let extra = extra(ctx, action, heading, &selected);
    form_page(
        state,
        req,
        user,
        "business/producer_form.html",
        meta,
        form,
        extra,
        status,
    )
}

/// `GET /doanh-nghiep/nha-san-xuat/moi`
pub async fn new_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    producer_page(
        &state,
        &req,
        &user,
        &ctx,
        "/doanh-nghiep/nha-san-xuat/moi".to_owned(),
        "Tạo trang nhà sản xuất",
        FormState::default(),
        StatusCode::OK,
    )
}

/// `POST /doanh-nghiep/nha-san-xuat/moi`
pub async fn create_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ProducerForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let ctx = state.reference.get(&state.db).await?;
    let (mut form, fields) = posted.form.check(&ctx);
    let user_id = user.0.user.id;
    if let Some(fields) = fields {
        let created = state
            .db
            .run(move |conn| Ok(Producer::create_owned(conn, user_id, &fields)?))
            .await?;
        if created.is_some() {
            return Ok(see_other("/doanh-nghiep"));
        }
        form.error(
            "tax_code",
            "Mã số thuế này đã có trang nhà sản xuất: hãy nhận quản lý trang đó thay vì tạo mới.",
        );
    }
    producer_page(
        &state,
        &req,
        user,
        &ctx,
        "/doanh-nghiep/nha-san-xuat/moi".to_owned(),
        "Tạo trang nhà sản xuất",
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// `GET /doanh-nghiep/nha-san-xuat/{id}`
pub async fn edit_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let producer = state
        .db
        .run(move |conn| own_producer(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let province = ctx
        .provinces
        .province(producer.province_id)
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let form = FormState::default()
        .value("name", &producer.name)
        .value("legal_name", &producer.legal_name)
        .value("tax_code", producer.tax_code.clone().unwrap_or_default())
        .value("address", &producer.address)
        .value("province", &province)
        .value("website", &producer.website)
        .value("phone", &producer.phone)
        .value("email", &producer.email)
        .value("description", &producer.description);
    producer_page(
        &state,
        &req,
        &user,
        &ctx,
        format!("/doanh-nghiep/nha-san-xuat/{id}"),
        "Sửa trang nhà sản xuất",
        form,
        StatusCode::OK,
    )
}

/// `POST /doanh-nghiep/nha-san-xuat/{id}`: changes show at once (the producer is the
/// business's own statement); its products are re-indexed.
pub async fn update_producer(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ProducerForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    state
        .db
        .run(move |conn| own_producer(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let (mut form, fields) = posted.form.check(&ctx);
    if let Some(fields) = fields {
        if state
            .db
            .run(move |conn| Ok(Producer::update_fields(conn, id, &fields)?))
            .await?
        {
            state.pages.clear();
            return Ok(see_other("/doanh-nghiep"));
        }
        form.error("tax_code", "Mã số thuế này thuộc một nhà sản xuất khác.");
    }
    producer_page(
        &state,
        &req,
        user,
        &ctx,
        format!("/doanh-nghiep/nha-san-xuat/{id}"),
        "Sửa trang nhà sản xuất",
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

#[derive(Debug, Deserialize)]
pub struct ClaimQuery {
    q: Option<String>,
}

#[derive(Debug, Serialize)]
struct ClaimCandidate {
    id: i32,
    name: String,
    slug: String,
    province: String,
}

#[derive(Debug, Serialize)]
struct ClaimExtra {
    q: String,
    candidates: Vec<ClaimCandidate>,
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
    let lookup = q.clone();
    let found = state
        .db
        .run(move |conn| Ok(Producer::find_for_claim(conn, &lookup, 20)?))
        .await?;
    let extra = ClaimExtra {
        candidates: found
            .iter()
            .map(|p| ClaimCandidate {
                id: p.id,
                name: p.name.clone(),
                slug: p.slug.clone(),
                province: ctx.province_label(p),
            })
            .collect(),
        q,
    };
    let meta = PageAddress::of(&req).meta("", "Nhận quản lý trang nhà sản xuất", "");
    form_page(
        &state,
        &req,
        &user,
        "business/claim.html",
        meta,
        FormState::default(),
        extra,
        StatusCode::OK,
    )
}

/// `POST /doanh-nghiep/nha-san-xuat/{id}/nhan`: the claim waits for an official.
pub async fn claim_producer(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    state
        .db
        .run(move |conn| {
            Producer::by_ids(conn, &[id])?
                .pop()
                .ok_or_else(AppError::not_found)?;
            Ok(Membership::add(
                conn,
                user_id,
                crate::db::models::producer::ProducerId(id),
                MembershipStatus::Pending,
            )?)
        })
        .await?;
    Ok(see_other("/doanh-nghiep"))
}
