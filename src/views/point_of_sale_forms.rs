//! The pages where points of sale are kept: a producer's list in the business area
//! (`/doanh-nghiep/nha-san-xuat/{id}/diem-ban`), and the point-of-sale form that businesses
//! and officials share (officials edit any point of sale from `/quan-tri/diem-ban`).

use serde::Serialize;

use super::business::own_producer;
use super::forms::FormState;
use super::{FilterOption, PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::point_of_sale_edits::producer_is_public;
use crate::db::models::{PointOfSale, Producer, Product, SaleKind};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::map_link::Coordinates;
use crate::reference::CardContext;

/// Most products offered as checkboxes on the form.
const MAX_PRODUCTS: i64 = 500;

/// What a kind of point of sale is called.
pub fn kind_label(kind: SaleKind, locale: Locale) -> String {
    locale.t(&format!("sale-kind-{}", kind.as_str()))
}

/// A product offered on the form, ticked when the point of sale sells it.
#[derive(Debug, Serialize)]
pub struct ProductChoice {
    /// The field's name: `product-{id}`.
    pub field: String,
    pub name: String,
    pub checked: bool,
}

/// Who is editing: the business area or the officials' area (links and wording differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    Business,
    Officials,
}

/// The point-of-sale form.
#[derive(Debug, Serialize)]
pub struct PointOfSaleFormPage {
    pub meta: PageMeta,
    pub form: FormState,
    pub area: Area,
    pub heading: String,
    pub producer_name: String,
    /// Where the form posts, and where "cancel" goes (paths without the language prefix).
    pub action: String,
    pub back: String,
    /// Set when editing: where the delete button posts.
    pub delete_action: Option<String>,
    pub kinds: Vec<FilterOption>,
    pub provinces: Vec<FilterOption>,
    pub products: Vec<ProductChoice>,
}

/// The producer and its products (id, name), as a form offers them.
pub struct FormSubject {
    pub producer: Producer,
    pub products: Vec<(i32, String)>,
}

impl FormSubject {
    pub fn load(conn: &mut DbConnection, producer: Producer) -> Result<FormSubject, AppError> {
        let mut products: Vec<(i32, String)> =
            Product::of_producers(conn, &[producer.id], MAX_PRODUCTS)?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
        products.sort_by_cached_key(|(id, name)| (crate::text::fold(name), *id));
        Ok(FormSubject { producer, products })
    }

    /// The business's own producer `producer_id` with its products (another's is a 404).
    pub fn own(
        conn: &mut DbConnection,
        user_id: i32,
        producer_id: i32,
    ) -> Result<FormSubject, AppError> {
        let producer = own_producer(conn, user_id, producer_id)?;
        FormSubject::load(conn, producer)
    }
}

/// The form page for `subject`: a new point of sale when `editing` is `None`.
pub fn form_page(
    ctx: &CardContext,
    address: &PageAddress,
    subject: &FormSubject,
    editing: Option<i32>,
    area: Area,
    form: FormState,
) -> PointOfSaleFormPage {
    let locale = address.locale;
    let producer = &subject.producer;
    let (action, heading) = match (area, editing) {
        (_, None) => (
            format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban/moi", producer.id),
            locale.t("pos-form-new-title"),
        ),
        (Area::Business, Some(id)) => (
            format!("/doanh-nghiep/diem-ban/{id}"),
            locale.t("pos-form-edit-title"),
        ),
        (Area::Officials, Some(id)) => (
            format!("/quan-tri/diem-ban/{id}"),
            locale.t("pos-form-edit-title"),
        ),
    };
    let back = match area {
        Area::Business => format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban", producer.id),
        Area::Officials => "/quan-tri/diem-ban".to_owned(),
    };
    let delete_action = match (area, editing) {
        (Area::Business, Some(id)) => Some(format!("/doanh-nghiep/diem-ban/{id}/xoa")),
        (Area::Officials, Some(id)) => Some(format!("/quan-tri/diem-ban/{id}/xoa")),
        _ => None,
    };
    let kind = form.get("kind").to_owned();
    let province = form.get("province").to_owned();
    PointOfSaleFormPage {
        meta: address.meta("", heading.clone(), ""),
        heading,
        producer_name: producer.name.clone(),
        area,
        action,
        back,
        delete_action,
        kinds: SaleKind::ALL
            .iter()
            .map(|k| FilterOption {
                value: k.as_str().to_owned(),
                label: kind_label(*k, locale),
                selected: k.as_str() == kind,
            })
            .collect(),
        provinces: ctx
            .provinces
            .provinces
            .iter()
            .map(|p| FilterOption {
                value: p.slug.clone(),
                label: ctx.province_name(p, locale),
                selected: p.slug == province,
            })
            .collect(),
        products: subject
            .products
            .iter()
            .map(|(id, name)| {
                let field = format!("product-{id}");
                ProductChoice {
                    checked: !form.get(&field).is_empty(),
                    field,
                    name: name.clone(),
                }
            })
            .collect(),
        form,
    }
}

/// The form filled from a stored point of sale and the products listed for it.
pub fn form_state_of(
    ctx: &CardContext,
    point: &PointOfSale,
    listed: &[i32],
    locale: Locale,
) -> FormState {
    let coordinates = match (point.latitude, point.longitude) {
        (Some(latitude), Some(longitude)) => Coordinates {
            latitude,
            longitude,
        }
        .shown(),
        _ => String::new(),
    };
    let province = ctx
        .provinces
        .province(point.province_id)
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let mut form = FormState::new(locale)
        .value("name", point.name.clone())
        .value("kind", point.kind.as_str())
        .value("address", point.address.clone())
        .value("ward", point.ward.clone())
        .value("province", province)
        .value("phone", point.phone.clone())
        .value("opening_hours", point.opening_hours.clone())
        .value("url", point.url.clone())
        .value("coordinates", coordinates);
    for id in listed {
        form = form.value(&format!("product-{id}"), "1");
    }
    form
}

/// The form of point of sale `id` for the business `user_id` (another's is a 404).
pub fn edit_own(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    address: &PageAddress,
) -> Result<PointOfSaleFormPage, AppError> {
    let point = PointOfSale::by_id(conn, id)?;
    let subject = FormSubject::own(conn, user_id, point.producer_id)?;
    edit_page(conn, ctx, subject, point, Area::Business, address)
}

/// The form of any point of sale `id`, for an official.
pub fn edit_any(
    conn: &mut DbConnection,
    ctx: &CardContext,
    id: i32,
    address: &PageAddress,
) -> Result<PointOfSaleFormPage, AppError> {
    let point = PointOfSale::by_id(conn, id)?;
    let producer = Producer::by_ids(conn, &[point.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let subject = FormSubject::load(conn, producer)?;
    edit_page(conn, ctx, subject, point, Area::Officials, address)
}

fn edit_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    subject: FormSubject,
    point: PointOfSale,
    area: Area,
    address: &PageAddress,
) -> Result<PointOfSaleFormPage, AppError> {
    let listed: Vec<i32> = PointOfSale::listed_products(conn, &[point.id])?
        .into_iter()
        .map(|(_, product)| product)
        .collect();
    let form = form_state_of(ctx, &point, &listed, address.locale);
    Ok(form_page(
        ctx,
        address,
        &subject,
        Some(point.id),
        area,
        form,
    ))
}

/// A point of sale as the lists show it.
#[derive(Debug, Serialize)]
pub struct PointOfSaleItem {
    pub id: i32,
    pub name: String,
    pub kind: String,
    /// Street address, ward and province, as one line.
    pub place: String,
    pub phone: String,
    pub opening_hours: String,
    pub url: String,
    pub coordinates: Option<String>,
    /// Names of the products listed; empty: the whole range.
    pub products: Vec<String>,
    pub hidden: bool,
    pub needs_review: bool,
}

impl PointOfSaleItem {
    pub fn new(
        ctx: &CardContext,
        point: PointOfSale,
        products: Vec<String>,
        locale: Locale,
    ) -> PointOfSaleItem {
        let province = ctx.province_name_of(point.province_id, locale);
        let place = [
            point.address.as_str(),
            point.ward.as_str(),
            province.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        PointOfSaleItem {
            id: point.id,
            kind: kind_label(point.kind, locale),
            coordinates: point
                .latitude
                .zip(point.longitude)
                .map(|(latitude, longitude)| {
                    Coordinates {
                        latitude,
                        longitude,
                    }
                    .shown()
                }),
            name: point.name,
            place,
            phone: point.phone,
            opening_hours: point.opening_hours,
            url: point.url,
            products,
            hidden: point.hidden,
            needs_review: point.needs_review,
        }
    }
}

/// `/doanh-nghiep/nha-san-xuat/{id}/diem-ban`: a producer's points of sale.
#[derive(Debug, Serialize)]
pub struct ProducerPointsPage {
    pub meta: PageMeta,
    pub producer_id: i32,
    pub producer_name: String,
    pub producer_slug: String,
    /// The producer has a published product: its points of sale are public, and changes are
    /// looked at by officials afterwards.
    pub public: bool,
    pub points: Vec<PointOfSaleItem>,
}

/// The points of sale of the user's own producer `producer_id` (another's is a 404).
pub fn producer_points(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    producer_id: i32,
    address: &PageAddress,
) -> Result<ProducerPointsPage, AppError> {
    let locale = address.locale;
    let subject = FormSubject::own(conn, user_id, producer_id)?;
    let points = PointOfSale::of_producer(conn, producer_id)?;
    let ids: Vec<i32> = points.iter().map(|p| p.id).collect();
    let listed = PointOfSale::listed_products(conn, &ids)?;
    let name_of = |id: i32| {
        subject
            .products
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, n)| n.clone())
    };
    let producer = &subject.producer;
    Ok(ProducerPointsPage {
        meta: address.meta(
            "",
            locale.msg(&crate::i18n::Msg::new("pos-list-title").arg("producer", &producer.name)),
            "",
        ),
        producer_id,
        producer_name: producer.name.clone(),
        producer_slug: producer.slug.clone(),
        public: producer_is_public(conn, producer_id)?,
        points: points
            .into_iter()
            .map(|point| {
                let products = listed
                    .iter()
                    .filter(|(p, _)| *p == point.id)
                    .filter_map(|(_, product)| name_of(*product))
                    .collect();
                PointOfSaleItem::new(ctx, point, products, locale)
            })
            .collect(),
    })
}
