//! A business's products: create drafts, edit, send for review.
//!
//! Editing a published (or hidden) product does not touch what the public sees: the edit is
//! kept in `pending_changes` and waits for an official, while the published version stays up.
//! A product under review cannot be edited until it is decided.

use crate::i18n::Locale;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{form_page, is_draft_or_rejected, own_producer_ids, own_product, see_other};
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::DbConnection;
use crate::db::models::product::{EditOutcome, ProductFields};
use crate::db::models::{Producer, Product, ProductImage};
use crate::error::AppError;
use crate::handlers::PageAddress;
use crate::media;
use crate::reference::CardContext;
use crate::validate;
use crate::views::FilterOption;
use crate::views::forms::FormState;

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
}

#[derive(Debug, Serialize)]
pub struct PhotoView {
    pub id: i32,
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Serialize)]
pub struct ProductFormExtra {
    pub action: String,
    pub heading: String,
    pub producers: Vec<FilterOption>,
    pub categories: Vec<FilterOption>,
    /// Set when editing an existing product.
    pub product: Option<ProductSummary>,
    pub photos: Vec<PhotoView>,
    pub photo_error: Option<String>,
    pub max_photos: i64,
}

#[derive(Debug, Serialize)]
pub struct ProductSummary {
    pub id: i32,
    pub slug: String,
    pub status: crate::db::models::ProductStatus,
    pub status_label: String,
    pub rejection_reason: Option<String>,
    pub pending_changes: bool,
    pub can_submit: bool,
    pub photos_editable: bool,
}

impl ProductForm {
    fn check(
        &self,
        ctx: &CardContext,
        own: &[(i32, String)],
    ) -> (FormState, Option<(i32, ProductFields)>) {
        let mut f = FormState::default()
            .value("producer", self.producer.trim())
            .value("name", self.name.trim())
            .value("category", self.category.trim())
            .value("brand", self.brand.trim())
            .value("description", self.description.trim())
            .value("gtin", self.gtin.trim());
        let mut check = |field: &str, result: Result<(), String>| {
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
            check("producer", Err("Hãy chọn nhà sản xuất của bạn.".to_owned()));
        }
        let category = ctx
            .categories
            .iter()
            .find(|c| c.slug == self.category.trim());
        if category.is_none() {
            check("category", Err("Hãy chọn nhóm hàng.".to_owned()));
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

/// The producers the user acts for, as (id, name): the choices of the producer field.
fn producer_choices(conn: &mut DbConnection, user_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    let ids = own_producer_ids(conn, user_id)?;
    Ok(Producer::by_ids(conn, &ids)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// Loads what the product form needs: the user's producers and, when editing, the photos of
/// `product`, which the caller has already checked is the user's own.
pub async fn form_extra(
    state: &AppState,
    user_id: i32,
    product: Option<Product>,
    form: &FormState,
    photo_error: Option<String>,
) -> Result<ProductFormExtra, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let product_id = product.as_ref().map(|p| p.id);
    let (own, photos) = state
        .db
        .run(move |conn| {
            let own = producer_choices(conn, user_id)?;
            let photos = match product_id {
                Some(id) => ProductImage::for_product(conn, id)?,
                None => Vec::new(),
            };
            Ok((own, photos))
        })
        .await?;
    let selected = |field: &str, value: &str| form.values.get(field).is_some_and(|v| v == value);
    Ok(ProductFormExtra {
        action: product_id.map_or_else(
            || "/doanh-nghiep/san-pham/moi".to_owned(),
            |id| format!("/doanh-nghiep/san-pham/{id}"),
        ),
        heading: product.as_ref().map_or_else(
            || "Thêm sản phẩm".to_owned(),
            |p| format!("Sửa: {}", p.name),
        ),
        producers: own
            .iter()
            .map(|(id, name)| FilterOption {
                value: id.to_string(),
                label: name.clone(),
                selected: selected("producer", &id.to_string()),
            })
            .collect(),
        categories: ctx
            .categories
            .iter()
            .map(|c| FilterOption {
                value: c.slug.clone(),
                label: c.name.clone(),
                selected: selected("category", &c.slug),
            })
            .collect(),
        photos: photos
            .iter()
            .map(|p| PhotoView {
                id: p.id,
                src: media::url(&p.content_hash, media::variant_widths(p.width)[0]),
                alt: p.alt.clone(),
            })
            .collect(),
        product: product.map(|p| ProductSummary {
            id: p.id,
            status_label: p.status.label(Locale::Vi),
            can_submit: is_draft_or_rejected(&p),
            photos_editable: is_draft_or_rejected(&p),
            pending_changes: p.pending_changes.is_some(),
            slug: p.slug,
            status: p.status,
            rejection_reason: p.rejection_reason,
        }),
        photo_error,
        max_photos: crate::db::models::product_image::MAX_PHOTOS,
    })
}

/// Renders the product form with what `form_extra` loaded.
pub fn render_product_form(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    form: FormState,
    extra: ProductFormExtra,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let meta = PageAddress::of(req).meta("", extra.heading.clone(), "");
    form_page(
        state,
        req,
        user,
        "business/product_form.html",
        meta,
        form,
        extra,
        status,
    )
}

/// Loads and renders the product form: a new product when `product` is `None`, else that
/// product, which the caller has already checked is the user's own.
pub async fn product_page(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product: Option<Product>,
    form: FormState,
    photo_error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let extra = form_extra(state, user.0.user.id, product, &form, photo_error).await?;
    render_product_form(state, req, user, form, extra, status)
}

/// `GET /doanh-nghiep/san-pham/moi`
pub async fn new_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let form = FormState::default();
    let extra = form_extra(&state, user.0.user.id, None, &form, None).await?;
    if extra.producers.is_empty() {
        return Ok(see_other("/doanh-nghiep/nha-san-xuat/moi"));
    }
    // Preselect the first of the user's producers.
    let mut extra = extra;
    extra.producers[0].selected = true;
    let form = form.value("producer", extra.producers[0].value.clone());
    render_product_form(&state, &req, &user, form, extra, StatusCode::OK)
}

/// `POST /doanh-nghiep/san-pham/moi`: a new draft; photos come next, on its page.
pub async fn create_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ProductForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let user_id = user.0.user.id;
    let ctx = state.reference.get(&state.db).await?;
    let own = own_producers(&state, user_id).await?;
    let (form, fields) = posted.form.check(&ctx, &own);
    if let Some((producer_id, fields)) = fields {
        let id = state
            .db
            .run(move |conn| Ok(Product::create_draft_named(conn, producer_id, &fields)?))
            .await?;
        return Ok(see_other(&format!("/doanh-nghiep/san-pham/{id}")));
    }
    product_page(
        &state,
        &req,
        user,
        None,
        form,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn own_producers(state: &AppState, user_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    state
        .db
        .run(move |conn| producer_choices(conn, user_id))
        .await
}

/// The form filled with the product's current (or pending) fields.
pub fn product_form_state(ctx: &CardContext, product: &Product) -> FormState {
    let f = product.fields_with_pending_edit();
    FormState::default()
        .value("producer", product.producer_id.to_string())
        .value("name", f.name)
        .value(
            "category",
            ctx.category(f.category_id)
                .map(|c| c.slug.clone())
                .unwrap_or_default(),
        )
        .value("brand", f.brand)
        .value("description", f.description)
        .value("gtin", f.gtin.unwrap_or_default())
}

/// `GET /doanh-nghiep/san-pham/{id}`
pub async fn edit_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let product = state
        .db
        .run(move |conn| own_product(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let form = product_form_state(&ctx, &product);
    product_page(
        &state,
        &req,
        &user,
        Some(product),
        form,
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /doanh-nghiep/san-pham/{id}`
pub async fn update_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ProductForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let product = state
        .db
        .run(move |conn| own_product(conn, user_id, id))
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let own = own_producers(&state, user_id).await?;
    let (mut form, fields) = posted.form.check(&ctx, &own);
    if let Some((producer_id, fields)) = fields {
        if producer_id != product.producer_id {
            form.error(
                "producer",
                "Không thể chuyển sản phẩm sang nhà sản xuất khác.",
            );
        } else {
            let current = product.clone();
            let outcome = state
                .db
                .run(move |conn| Ok(Product::save_edit(conn, &current, &fields)?))
                .await?;
            match outcome {
                EditOutcome::Saved | EditOutcome::AwaitingReview => {
                    return Ok(see_other(&format!("/doanh-nghiep/san-pham/{id}")));
                }
                EditOutcome::Locked => {
                    form.notice = Some(
                        "Sản phẩm đang chờ duyệt nên chưa sửa được; hãy đợi kết quả duyệt."
                            .to_owned(),
                    );
                }
            }
        }
    }
    product_page(
        &state,
        &req,
        user,
        Some(product),
        form,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /doanh-nghiep/san-pham/{id}/gui-duyet`
pub async fn submit_product(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    state
        .db
        .run(move |conn| {
            own_product(conn, user_id, id)?;
            Product::submit(conn, id)?;
            Ok(())
        })
        .await?;
    Ok(see_other(&format!("/doanh-nghiep/san-pham/{id}")))
}
