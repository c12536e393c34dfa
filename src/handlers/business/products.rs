//! A business's products: create drafts, edit, send for review.
//!
//! Editing a published (or hidden) product does not touch what the public sees: the edit is
//! kept in `pending_changes` and waits for an official, while the published version stays up.
//! A product under review cannot be edited until it is decided.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::own_product;
use crate::actions::products::{self, SaveAndSubmit};
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::DbConnection;
use crate::db::models::Product;
use crate::db::models::product::{EditOutcome, ProductFields};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::PageAddress;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::validate;
use crate::views::business::{ProductFormPage, producer_choices, product_form};
use crate::views::forms::FormState;
use crate::views::{self, Frame};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const TEMPLATE: &str = "business/product_form.html";

#[derive(Debug, Default, Deserialize)]
pub struct ProductForm {
    #[serde(default)]
    producer: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    brand: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    gtin: String,
    /// Which button was pressed: `submit` for "Lưu và gửi duyệt", anything else saves.
    #[serde(default)]
    then: String,
}

impl ProductForm {
    /// Checks every field against the user's producers (`own`); returns the form state
    /// (input kept) and, if valid, the producer and the fields.
    fn check(
        &self,
        ctx: &CardContext,
        own: &[(i32, String)],
        locale: Locale,
    ) -> (FormState, Option<(i32, ProductFields)>) {
        let mut f = FormState::new(locale)
            .value("producer", self.producer.trim())
            .value("name", self.name.trim())
            .value("category", self.category.trim())
            .value("brand", self.brand.trim())
            .value("description", self.description.trim())
            .value("gtin", self.gtin.trim());
        let mut check = |field: &str, result: Result<(), Msg>| {
            if let Err(e) = result {
                f.error(field, e);
            }
        };
        check("name", validate::required(&self.name, 160));
        check("brand", validate::limited(&self.brand, 120));
        check("description", validate::limited(&self.description, 5_000));
        let gtin = self.gtin.trim();
        if !gtin.is_empty() {
            check("gtin", validate::gtin(gtin));
        }
        let producer = own
            .iter()
            .find(|(id, _)| id.to_string() == self.producer.trim())
            .map(|(id, _)| *id);
        if producer.is_none() {
            check(
                "producer",
                Err(Msg::new("business-product-producer-missing")),
            );
        }
        let category = ctx
            .categories
            .iter()
            .find(|c| c.slug == self.category.trim());
        if category.is_none() {
            check(
                "category",
                Err(Msg::new("business-product-category-missing")),
            );
        }
        let fields = match (f.is_valid(), producer, category) {
            (true, Some(p), Some(c)) => Some((
                p,
                ProductFields {
                    name: self.name.trim().to_owned(),
                    category_id: c.id,
                    brand: self.brand.trim().to_owned(),
                    description: self.description.trim().to_owned(),
                    gtin: Some(gtin.to_owned()).filter(|g| !g.is_empty()),
                },
            )),
            _ => None,
        };
        (f, fields)
    }
}

/// What posting the product form came to: the product's page to go to, or the form again.
enum Posted {
    /// Saved (and sent, or awaiting review): the product's id and what to say.
    Saved(i32, Flash),
    /// Sent for review: back to the dashboard, where the checklist shows what is done.
    Submitted(Flash),
    /// A new draft: its page, at the photos (the next step).
    Created(i32, Flash),
    Refused(Box<ProductFormPage>),
}

/// Creates a draft from the posted form of a new product, or gives the form again.
fn create_draft(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    posted: &ProductForm,
    address: &PageAddress,
) -> Result<Posted, AppError> {
    let own = producer_choices(conn, user_id)?;
    let (form, fields) = posted.check(ctx, &own, address.locale);
    if let Some((producer_id, fields)) = fields {
        let id = Product::create_draft_named(conn, producer_id, &fields)?;
        let flash = Flash::success("flash-product-created").arg("name", fields.name);
        return Ok(Posted::Created(id, flash));
    }
    let page = product_form(conn, ctx, user_id, None, form, None, address)?;
    Ok(Posted::Refused(Box::new(page)))
}

/// Saves the posted form of the user's own product `id` (as a pending edit when the product
/// is public) and, for "Lưu và gửi duyệt", sends it for review in the same transaction; or
/// gives the form again with the input kept.
fn save_edit(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    posted: &ProductForm,
    address: &PageAddress,
) -> Result<Posted, AppError> {
    let product = own_product(conn, user_id, id)?;
    let own = producer_choices(conn, user_id)?;
    let (mut form, fields) = posted.check(ctx, &own, address.locale);
    let mut photo_error = None;
    match fields {
        Some((producer_id, _)) if producer_id != product.producer_id => {
            form.error("producer", Msg::new("business-product-producer-fixed"));
        }
        Some((_, fields)) if posted.then == "submit" => {
            let name = fields.name.clone();
            match products::save_and_submit(conn, user_id, id, &fields)? {
                SaveAndSubmit::Submitted => {
                    let flash = Flash::success("flash-product-submitted").arg("name", name);
                    return Ok(Posted::Submitted(flash));
                }
                SaveAndSubmit::AwaitingReview => {
                    let flash = Flash::success("flash-product-edit-pending").arg("name", name);
                    return Ok(Posted::Saved(id, flash));
                }
                SaveAndSubmit::Locked => form.notice(Msg::new("business-product-locked")),
                SaveAndSubmit::Incomplete(missing) => {
                    form.notice(Msg::new("business-submit-saved-not-sent"));
                    for (field, msg) in missing {
                        if field == "photos" {
                            photo_error = Some(msg);
                        } else {
                            form.error(field, msg);
                        }
                    }
                }
            }
        }
        Some((_, fields)) => match Product::save_edit(conn, &product, &fields)? {
            EditOutcome::Saved => {
                let flash = Flash::success("flash-product-saved").arg("name", fields.name);
                return Ok(Posted::Saved(id, flash));
            }
            EditOutcome::AwaitingReview => {
                let flash = Flash::success("flash-product-edit-pending").arg("name", fields.name);
                return Ok(Posted::Saved(id, flash));
            }
            EditOutcome::Locked => form.notice(Msg::new("business-product-locked")),
        },
        None => {
            if posted.then == "submit" {
                form.notice(Msg::new("business-submit-not-sent"));
            }
        }
    }
    // The product as it is now (saved as a draft, say), with the input as posted.
    let product = own_product(conn, user_id, id)?;
    let page = product_form(
        conn,
        ctx,
        user_id,
        Some(product),
        form,
        photo_error,
        address,
    )?;
    Ok(Posted::Refused(Box::new(page)))
}

/// The answer to a posted product form.
fn answer(
    state: &AppState,
    req: &HttpRequest,
    frame: &Frame,
    outcome: Posted,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Posted::Saved(id, flash) => Ok(flash::see_other(
            req,
            &frame.path(&format!("/doanh-nghiep/san-pham/{id}")),
            flash,
        )),
        Posted::Created(id, flash) => Ok(flash::see_other(
            req,
            &frame.path(&format!("/doanh-nghiep/san-pham/{id}#anh")),
            flash,
        )),
        Posted::Submitted(flash) => Ok(flash::see_other(req, &frame.path("/doanh-nghiep"), flash)),
        Posted::Refused(page) => {
            views::render(&state.templates, frame, TEMPLATE, &page, UNPROCESSABLE)
        }
    }
}

/// `GET /doanh-nghiep/san-pham/moi`: a user without a producer is sent to create one.
pub async fn new_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let (user_id, address) = (user.0.user.id, PageAddress::of(&req));
    let page = state
        .db
        .run(move |conn| views::business::new_product(conn, &ctx, user_id, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    match page {
        Some(page) => views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK),
        // Says why, and leads to the producer page, after which the user lands back here.
        None => Ok(flash::see_other(
            &req,
            &frame.path("/doanh-nghiep/nha-san-xuat/moi"),
            Flash::info("flash-product-needs-producer"),
        )),
    }
}

/// `POST /doanh-nghiep/san-pham/moi`: a new draft; photos come next, on its page.
pub async fn create_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ProductForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let (user_id, address) = (posted.who.0.user.id, PageAddress::of(&req));
    let frame = Frame::signed_in(&req, &posted.who.0);
    let form = posted.form;
    let outcome = state
        .db
        .run(move |conn| create_draft(conn, &ctx, user_id, &form, &address))
        .await?;
    answer(&state, &req, &frame, outcome)
}

/// `GET /doanh-nghiep/san-pham/{id}`
pub async fn edit_product(
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
        .run(move |conn| views::business::edit_product(conn, &ctx, user_id, id, None, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &page, StatusCode::OK)
}

/// `POST /doanh-nghiep/san-pham/{id}`
pub async fn update_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ProductForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (posted.who.0.user.id, id.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    let form = posted.form;
    let outcome = state
        .db
        .run(move |conn| save_edit(conn, &ctx, user_id, id, &form, &address))
        .await?;
    answer(&state, &req, &frame, outcome)
}

/// `POST /doanh-nghiep/san-pham/{id}/gui-duyet`: sends the product as saved (the product
/// form's "Lưu và gửi duyệt" saves the edits first). A product that is not ready goes back
/// to its page with what is missing.
pub async fn submit_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (posted.who.0.user.id, id.into_inner());
    let outcome = state
        .db
        .run(move |conn| products::submit(conn, user_id, id))
        .await?;
    let locale = Locale::of(&req);
    let back = locale.path(&format!("/doanh-nghiep/san-pham/{id}"));
    Ok(match outcome {
        SaveAndSubmit::Submitted => flash::see_other(
            &req,
            &locale.path("/doanh-nghiep"),
            Flash::success("flash-product-submitted-plain"),
        ),
        SaveAndSubmit::Incomplete(_) => flash::see_other(
            &req,
            &format!("{back}#anh"),
            Flash::error("flash-product-needs-photo"),
        ),
        SaveAndSubmit::Locked | SaveAndSubmit::AwaitingReview => {
            flash::see_other(&req, &back, Flash::info("flash-product-already-sent"))
        }
    })
}
