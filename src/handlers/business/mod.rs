//! The business area (`/doanh-nghiep`): a business manages its own producers and products.
//!
//! Every handler takes [`BusinessUser`] (signed in, business role, not suspended) and then
//! checks that the object belongs to one of the user's producers: another's object is a 404,
//! exactly like a missing one, so ids reveal nothing.

pub mod photos;
pub mod producers;
pub mod products;

use crate::i18n::Locale;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::PageAddress;
pub(crate) use super::see_other;
use crate::app::AppState;
use crate::auth::{BusinessUser, Visitor};
use crate::db::DbConnection;
use crate::db::models::membership::{Membership, MembershipStatus};
use crate::db::models::producer::ProducerId;
use crate::db::models::{Producer, Product, ProductStatus};
use crate::error::AppError;
use crate::views::PageMeta;
use crate::views::forms::FormState;

/// The product, if it belongs to a producer the user is an active member of.
pub fn own_product(
    conn: &mut DbConnection,
    user_id: i32,
    product_id: i32,
) -> Result<Product, AppError> {
    let product = Product::by_id(conn, product_id)?;
    if Membership::is_active(conn, user_id, ProducerId(product.producer_id))? {
        Ok(product)
    } else {
        Err(AppError::not_found())
    }
}

/// The producer, if the user is an active member of it.
pub fn own_producer(
    conn: &mut DbConnection,
    user_id: i32,
    producer_id: i32,
) -> Result<Producer, AppError> {
    if Membership::is_active(conn, user_id, ProducerId(producer_id))? {
        Ok(Producer::by_ids(conn, &[producer_id])?
            .pop()
            .ok_or_else(AppError::not_found)?)
    } else {
        Err(AppError::not_found())
    }
}

/// A draft, or a rejected product back with its business: the states in which the business
/// may change its photos and send it for review.
pub fn is_draft_or_rejected(product: &Product) -> bool {
    product.status.is_draft_or_rejected()
}

/// Ids of the producers the user acts for.
pub fn own_producer_ids(conn: &mut DbConnection, user_id: i32) -> Result<Vec<i32>, AppError> {
    Ok(Membership::of_user(conn, user_id)?
        .into_iter()
        .filter(|(_, status)| *status == MembershipStatus::Active)
        .map(|(id, _)| id)
        .collect())
}

/// Renders a business form page.
#[expect(clippy::too_many_arguments)] // each is one distinct piece of the page
pub fn form_page<E: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    template: &str,
    meta: PageMeta,
    form: FormState,
    extra: E,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let visitor = Visitor::signed_in(user.0.clone());
    super::form_page(state, req, &visitor, template, meta, form, extra, status)
}

#[derive(Debug, Serialize)]
struct DashboardProducer {
    id: i32,
    name: String,
    slug: String,
    status: MembershipStatus,
}

#[derive(Debug, Serialize)]
struct DashboardProduct {
    id: i32,
    name: String,
    slug: String,
    status: ProductStatus,
    status_label: String,
    rejection_reason: Option<String>,
    pending_changes: bool,
    live: bool,
}

#[derive(Debug, Serialize)]
struct Dashboard {
    name: String,
    producers: Vec<DashboardProducer>,
    products: Vec<DashboardProduct>,
}

/// `GET /doanh-nghiep`: the user's producers and products with their status.
pub async fn dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let user_id = user.0.user.id;
    let name = user.0.user.name.clone();
    let extra = state
        .db
        .run(move |conn| {
            let memberships = Membership::of_user(conn, user_id)?;
            let ids: Vec<i32> = memberships.iter().map(|(id, _)| *id).collect();
            let producers = Producer::by_ids(conn, &ids)?;
            let active: Vec<i32> = memberships
                .iter()
                .filter(|(_, s)| *s == MembershipStatus::Active)
                .map(|(id, _)| *id)
                .collect();
            let products = Product::of_producers(conn, &active, 500)?;
            Ok(Dashboard {
                name,
                producers: memberships
                    .iter()
                    .filter_map(|(id, status)| {
                        let p = producers.iter().find(|p| p.id == *id)?;
                        Some(DashboardProducer {
                            id: p.id,
                            name: p.name.clone(),
                            slug: p.slug.clone(),
                            status: *status,
                        })
                    })
                    .collect(),
                products: products
                    .into_iter()
                    .map(|p| DashboardProduct {
                        live: p.is_published(),
                        status_label: p.status.label(Locale::Vi),
                        pending_changes: p.pending_changes.is_some(),
                        id: p.id,
                        name: p.name,
                        slug: p.slug,
                        status: p.status,
                        rejection_reason: p.rejection_reason,
                    })
                    .collect(),
            })
        })
        .await?;
    let meta = PageAddress::of(&req).meta("", "Khu vực doanh nghiệp", "");
    form_page(
        &state,
        &req,
        &user,
        "business/dashboard.html",
        meta,
        FormState::default(),
        extra,
        StatusCode::OK,
    )
}
