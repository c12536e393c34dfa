//! A producer's points of sale: the list, add, edit, delete. The same form (and its checks,
//! [`PointOfSaleForm::check`]) serves officials editing any point of sale.
//!
//! A change shows at once; when the producer is public (it has a published product) the
//! point of sale is flagged for officials to look at afterwards (`actions::points_of_sale`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::points_of_sale as act;
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::models::SaleKind;
use crate::db::models::point_of_sale_edits::PointOfSaleFields;
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::PageAddress;
use crate::i18n::{Locale, Msg};
use crate::map_link;
use crate::reference::CardContext;
use crate::validate;
use crate::views::forms::FormState;
use crate::views::point_of_sale_forms::{self as pages, Area, FormSubject};
use crate::views::{self, Frame};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const TEMPLATE: &str = "business/point_of_sale_form.html";
/// Longest web address of an online shop kept, in characters.
const URL_MAX: usize = 500;

/// The point-of-sale form as posted: named fields, and one `product-{id}` checkbox per
/// product of the producer (none ticked: the whole range).
#[derive(Debug, Default, Deserialize)]
pub struct PointOfSaleForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

impl PointOfSaleForm {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// Checks every field against the reference data and the producer's products; returns
    /// the form state (input kept) and, if valid, the fields to save.
    pub fn check(
        &self,
        ctx: &CardContext,
        products: &[(i32, String)],
        locale: Locale,
    ) -> (FormState, Option<PointOfSaleFields>) {
        let mut f = FormState::new(locale);
        for name in [
            "name",
            "kind",
            "address",
            "ward",
            "province",
            "phone",
            "opening_hours",
            "url",
            "coordinates",
        ] {
            f = f.value(name, self.get(name));
        }
        let mut ticked = Vec::new();
        for (key, value) in &self.fields {
            let Some(id) = key.strip_prefix("product-") else {
                continue;
            };
            if value.trim().is_empty() {
                continue;
            }
            match products.iter().find(|(p, _)| p.to_string() == id) {
                Some((p, _)) => {
                    ticked.push(*p);
                    f = f.value(key, "1");
                }
                None => f.error("products", Msg::new("pos-error-product-not-yours")),
            }
        }
        let kind = SaleKind::parse(self.get("kind"));
        let mut check = |field: &str, result: Result<(), Msg>| {
            if let Err(e) = result {
                f.error(field, e);
            }
        };
        check("name", validate::required(self.get("name"), 160));
        if kind.is_none() {
            check("kind", Err(Msg::new("pos-error-kind")));
        }
        let online = kind == Some(SaleKind::Online);
        if online {
            check("address", validate::limited(self.get("address"), 300));
        } else {
            check("address", validate::required(self.get("address"), 300));
        }
        check("ward", validate::limited(self.get("ward"), 120));
        check(
            "opening_hours",
            validate::limited(self.get("opening_hours"), 200),
        );
        if !self.get("phone").is_empty() {
            check("phone", validate::phone(self.get("phone")));
        }
        let url = self.get("url");
        if url.is_empty() && online {
            check("url", Err(Msg::new("pos-error-url-required")));
        } else if !url.is_empty() && validate::web_address(url, URL_MAX).is_err() {
            check("url", Err(Msg::new("pos-error-url").arg("max", URL_MAX)));
        }
        let province = province_id(ctx, self.get("province"));
        if province.is_none() {
            check("province", Err(Msg::new("pos-error-province")));
        }
        let coordinates = match map_link::parse(self.get("coordinates")) {
            Ok(c) => c,
            Err(e) => {
                check("coordinates", Err(e.msg()));
                None
            }
        };
        let fields = match (f.is_valid(), kind, province) {
            (true, Some(kind), Some(province_id)) => Some(PointOfSaleFields {
                name: self.get("name").to_owned(),
                kind,
                address: self.get("address").to_owned(),
                ward: self.get("ward").to_owned(),
                province_id,
                phone: self.get("phone").to_owned(),
                opening_hours: self.get("opening_hours").to_owned(),
                url: url.to_owned(),
                latitude: coordinates.map(|c| c.latitude),
                longitude: coordinates.map(|c| c.longitude),
                products: ticked,
            }),
            _ => None,
        };
        (f, fields)
    }
}

/// The current province a form value or a typed name stands for: a slug of the select, or a
/// name written either way, old (pre-2025) names mapped to the unit they belong to now.
pub fn province_id(ctx: &CardContext, value: &str) -> Option<i32> {
    use crate::db::models::province::ProvinceRef;
    if value.is_empty() {
        return None;
    }
    match ctx
        .provinces
        .by_slug(value)
        .or_else(|| ctx.provinces.by_name(value))?
    {
        ProvinceRef::Current(id) => Some(id),
        ProvinceRef::Legacy { province_id, .. } => Some(province_id),
    }
}

/// `GET /doanh-nghiep/nha-san-xuat/{id}/diem-ban`: the producer's points of sale.
pub async fn list_points(
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
        .run(move |conn| pages::producer_points(conn, &ctx, user_id, id, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/points_of_sale.html",
        &page,
        StatusCode::OK,
    )
}

/// `GET /doanh-nghiep/nha-san-xuat/{id}/diem-ban/moi`
pub async fn new_point(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let subject = state
        .db
        .run(move |conn| FormSubject::own(conn, user_id, id))
        .await?;
    // A new point of sale starts as a shop in the producer's province.
    let province = subject
        .producer
        .province_id
        .and_then(|p| ctx.provinces.province(p))
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let form = FormState::new(address.locale)
        .value("kind", SaleKind::Shop.as_str())
        .value("province", province);
    let page = pages::form_page(&ctx, &address, &subject, None, Area::Business, form);
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// `POST /doanh-nghiep/nha-san-xuat/{id}/diem-ban/moi`
pub async fn create_point(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<PointOfSaleForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (posted.who.0.user.id, id.into_inner());
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    let subject = state
        .db
        .run(move |conn| FormSubject::own(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let (form, fields) = posted.form.check(&ctx, &subject.products, address.locale);
    if let Some(fields) = fields {
        let name = fields.name.clone();
        act::create(&state.db, state.caches(), user_id, id, fields).await?;
        return Ok(flash::see_other(
            &req,
            &frame.path(&format!("/doanh-nghiep/nha-san-xuat/{id}/diem-ban")),
            Flash::success("flash-pos-created").arg("name", name),
        ));
    }
    let page = pages::form_page(&ctx, &address, &subject, None, Area::Business, form);
    views::render(&state.templates, &frame, TEMPLATE, &page, UNPROCESSABLE)
}

/// `GET /doanh-nghiep/diem-ban/{point}`
pub async fn edit_point(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    point: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, point) = (user.0.user.id, point.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| pages::edit_own(conn, &ctx, user_id, point, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// `POST /doanh-nghiep/diem-ban/{point}`
pub async fn update_point(
    state: web::Data<AppState>,
    req: HttpRequest,
    point: web::Path<i32>,
    posted: Protected<PointOfSaleForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, point) = (posted.who.0.user.id, point.into_inner());
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    let subject = state
        .db
        .run(move |conn| act::own_point_subject(conn, user_id, point))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let (form, fields) = posted.form.check(&ctx, &subject.products, address.locale);
    if let Some(fields) = fields {
        let name = fields.name.clone();
        act::update_own(&state.db, state.caches(), user_id, point, fields).await?;
        return Ok(flash::see_other(
            &req,
            &frame.path(&format!(
                "/doanh-nghiep/nha-san-xuat/{}/diem-ban",
                subject.producer.id
            )),
            Flash::success("flash-pos-saved").arg("name", name),
        ));
    }
    let page = pages::form_page(&ctx, &address, &subject, Some(point), Area::Business, form);
    views::render(&state.templates, &frame, TEMPLATE, &page, UNPROCESSABLE)
}

/// `POST /doanh-nghiep/diem-ban/{point}/xoa`
pub async fn delete_point(
    state: web::Data<AppState>,
    req: HttpRequest,
    point: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, point) = (posted.who.0.user.id, point.into_inner());
    let producer = act::delete_own(&state.db, state.caches(), user_id, point).await?;
    Ok(flash::see_other(
        &req,
        &Locale::of(&req).path(&format!("/doanh-nghiep/nha-san-xuat/{producer}/diem-ban")),
        Flash::success("flash-pos-deleted"),
    ))
}
