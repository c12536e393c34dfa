//! Read models of the business area (`/doanh-nghiep`): the dashboard, the producer and
//! product forms, the claim search; and the ownership rule every business page follows.
//!
//! Ownership: an object belongs to a user when the user is an active member of its
//! producer. Another's object is a 404, exactly like a missing one, so ids reveal nothing.

use serde::Serialize;

use super::forms::FormState;
use super::{FilterOption, PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::membership::{Membership, MembershipStatus};
use crate::db::models::producer::ProducerId;
use crate::db::models::product_image::MAX_PHOTOS;
use crate::db::models::{Producer, Product, ProductImage, ProductStatus};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::media;
use crate::reference::CardContext;

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

/// The producers the user acts for, as (id, name): the choices of a product's producer.
pub fn producer_choices(
    conn: &mut DbConnection,
    user_id: i32,
) -> Result<Vec<(i32, String)>, AppError> {
    let ids = own_producer_ids(conn, user_id)?;
    Ok(Producer::by_ids(conn, &ids)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

#[derive(Debug, Serialize)]
pub struct DashboardProducer {
    pub id: i32,
    pub name: String,
    pub slug: String,
    /// The user's membership.
    pub status: MembershipStatus,
}

#[derive(Debug, Serialize)]
pub struct DashboardProduct {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub status: ProductStatus,
    pub status_label: String,
    /// The state in plain words for the business ("Đã gửi, đang chờ cán bộ duyệt").
    pub state_text: String,
    pub rejection_reason: Option<String>,
    pub pending_changes: bool,
    pub live: bool,
    pub photos: i64,
    /// What to do next with it, if anything: a label and the path of the step.
    pub next: Option<NextStep>,
}

/// A link to the next thing to do.
#[derive(Debug, Serialize)]
pub struct NextStep {
    pub label: String,
    /// A path without the language prefix.
    pub path: String,
}

/// How far a step of the onboarding checklist is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    Done,
    /// Waiting for an official (a claim).
    Waiting,
    Todo,
}

/// One step of the onboarding checklist.
#[derive(Debug, Serialize)]
pub struct ChecklistStep {
    /// A stable name for the step: `producer`, `product`, `photos`, `review`.
    pub key: &'static str,
    pub label: String,
    pub state: StepState,
    pub state_label: String,
    /// Where to do it (a path without the language prefix), while it is not done.
    pub path: Option<String>,
}

/// The checklist of a business's first product: producer page → product → photos → review.
fn checklist(
    locale: Locale,
    producers: &[DashboardProducer],
    products: &[DashboardProduct],
) -> Vec<ChecklistStep> {
    let has_producer = producers
        .iter()
        .any(|p| p.status == MembershipStatus::Active);
    let claim_waiting = producers
        .iter()
        .any(|p| p.status == MembershipStatus::Pending);
    // The product the next steps are about: the first still being prepared, else any.
    let working = products
        .iter()
        .find(|p| p.status.is_draft_or_rejected())
        .or_else(|| products.first());
    let sent = products.iter().any(|p| {
        matches!(
            p.status,
            ProductStatus::Submitted | ProductStatus::Published | ProductStatus::Hidden
        )
    });
    let with_photo = sent || products.iter().any(|p| p.photos > 0);
    let product_path = working.map(|p| format!("/doanh-nghiep/san-pham/{}", p.id));
    let step = |key: &'static str, state: StepState, path: Option<String>| ChecklistStep {
        key,
        label: locale.t(&format!("business-step-{key}")),
        state,
        state_label: locale.t(match state {
            StepState::Done => "business-step-done",
            StepState::Waiting => "business-step-waiting",
            StepState::Todo => "business-step-todo",
        }),
        path: (state != StepState::Done).then_some(path).flatten(),
    };
    let producer_state = if has_producer {
        StepState::Done
    } else if claim_waiting {
        StepState::Waiting
    } else {
        StepState::Todo
    };
    let todo_or = |done: bool| {
        if done {
            StepState::Done
        } else {
            StepState::Todo
        }
    };
    vec![
        step(
            "producer",
            producer_state,
            Some("/doanh-nghiep/nha-san-xuat/moi".to_owned()),
        ),
        step(
            "product",
            todo_or(!products.is_empty()),
            Some("/doanh-nghiep/san-pham/moi".to_owned()),
        ),
        step(
            "photos",
            todo_or(with_photo),
            product_path
                .clone()
                .map(|p| format!("{p}#anh"))
                .or_else(|| Some("/doanh-nghiep/san-pham/moi".to_owned())),
        ),
        step(
            "review",
            todo_or(sent),
            product_path
                .map(|p| format!("{p}#gui-duyet"))
                .or_else(|| Some("/doanh-nghiep/san-pham/moi".to_owned())),
        ),
    ]
}

/// The state of a product in the business's words, and what to do next with it.
fn product_state(locale: Locale, p: &Product, photos: i64) -> (String, Option<NextStep>) {
    let text = match (p.status, &p.rejection_reason) {
        (ProductStatus::Rejected, Some(reason)) => {
            locale.msg(&Msg::new("business-state-rejected-reason").arg("reason", reason.as_str()))
        }
        (status, _) => locale.t(&format!("business-state-{}", status.as_str())),
    };
    let page = format!("/doanh-nghiep/san-pham/{}", p.id);
    let next = match p.status {
        ProductStatus::Draft | ProductStatus::Rejected if photos == 0 => Some(NextStep {
            label: locale.t("business-next-add-photos"),
            path: format!("{page}#anh"),
        }),
        ProductStatus::Draft => Some(NextStep {
            label: locale.t("business-next-submit"),
            path: format!("{page}#gui-duyet"),
        }),
        ProductStatus::Rejected => Some(NextStep {
            label: locale.t("business-next-fix"),
            path: page,
        }),
        _ => None,
    };
    (text, next)
}

/// Where a user who just created a producer page goes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterProducer {
    /// No product yet: the next step of the checklist.
    FirstProduct,
    Dashboard,
}

impl AfterProducer {
    pub fn path(self) -> &'static str {
        match self {
            AfterProducer::FirstProduct => "/doanh-nghiep/san-pham/moi",
            AfterProducer::Dashboard => "/doanh-nghiep",
        }
    }
}

/// Where to go after creating a producer page: the first product when there is none.
pub fn next_after_producer(
    conn: &mut DbConnection,
    user_id: i32,
) -> Result<AfterProducer, AppError> {
    let ids = own_producer_ids(conn, user_id)?;
    Ok(if Product::of_producers(conn, &ids, 1)?.is_empty() {
        AfterProducer::FirstProduct
    } else {
        AfterProducer::Dashboard
    })
}

/// `/doanh-nghiep`: the user's producers (claims included) and their products.
#[derive(Debug, Serialize)]
pub struct DashboardPage {
    pub meta: PageMeta,
    /// The user's name, for the greeting.
    pub name: String,
    pub producers: Vec<DashboardProducer>,
    pub products: Vec<DashboardProduct>,
    /// The steps to a first product under review; shown until they are all done.
    pub checklist: Vec<ChecklistStep>,
    pub checklist_done: bool,
}

/// Loads the dashboard of `user_id` (called `name`).
pub fn dashboard(
    conn: &mut DbConnection,
    user_id: i32,
    name: String,
    address: &PageAddress,
) -> Result<DashboardPage, AppError> {
    let locale = address.locale;
    let memberships = Membership::of_user(conn, user_id)?;
    let ids: Vec<i32> = memberships.iter().map(|(id, _)| *id).collect();
    let producers = Producer::by_ids(conn, &ids)?;
    let active: Vec<i32> = memberships
        .iter()
        .filter(|(_, s)| *s == MembershipStatus::Active)
        .map(|(id, _)| *id)
        .collect();
    let products = Product::of_producers(conn, &active, 500)?;
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let counts = ProductImage::counts_for(conn, &ids)?;
    let photos_of = |id: i32| counts.iter().find(|(p, _)| *p == id).map_or(0, |(_, n)| *n);
    let producers: Vec<DashboardProducer> = memberships
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
        .collect();
    let products: Vec<DashboardProduct> = products
        .into_iter()
        .map(|p| {
            let photos = photos_of(p.id);
            let (state_text, next) = product_state(locale, &p, photos);
            DashboardProduct {
                live: p.is_published(),
                status_label: p.status.label(locale),
                state_text,
                next,
                photos,
                pending_changes: p.pending_changes.is_some(),
                id: p.id,
                name: p.name,
                slug: p.slug,
                status: p.status,
                rejection_reason: p.rejection_reason,
            }
        })
        .collect();
    let checklist = checklist(locale, &producers, &products);
    Ok(DashboardPage {
        meta: address.meta("", locale.t("business-dashboard-title"), ""),
        name,
        checklist_done: checklist.iter().all(|s| s.state == StepState::Done),
        checklist,
        producers,
        products,
    })
}

/// The producer form: a new producer page, or one of the user's own.
#[derive(Debug, Serialize)]
pub struct ProducerFormPage {
    pub meta: PageMeta,
    pub form: FormState,
    /// Where the form posts (a path without the language prefix).
    pub action: String,
    pub heading: String,
    pub provinces: Vec<FilterOption>,
}

/// The producer form for a new producer (`editing` is `None`) or producer `editing`, with
/// the province drop-down set from the form's value.
pub fn producer_form(
    ctx: &CardContext,
    address: &PageAddress,
    editing: Option<i32>,
    form: FormState,
) -> ProducerFormPage {
    let locale = address.locale;
    let (action, heading) = match editing {
        None => (
            "/doanh-nghiep/nha-san-xuat/moi".to_owned(),
            locale.t("business-producer-new-title"),
        ),
        Some(id) => (
            format!("/doanh-nghiep/nha-san-xuat/{id}"),
            locale.t("business-producer-edit-title"),
        ),
    };
    let selected = form.get("province").to_owned();
    ProducerFormPage {
        meta: address.meta("", heading.clone(), ""),
        provinces: ctx
            .provinces
            .provinces
            .iter()
            .map(|p| FilterOption {
                value: p.slug.clone(),
                label: ctx.province_name(p, locale),
                selected: p.slug == selected,
            })
            .collect(),
        form,
        action,
        heading,
    }
}

/// The form of the user's own producer `id`, filled with its details.
pub fn edit_producer(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    address: &PageAddress,
) -> Result<ProducerFormPage, AppError> {
    let producer = own_producer(conn, user_id, id)?;
    // A producer imported without a province gets an empty choice here: the business fills it.
    let province = producer
        .province_id
        .and_then(|id| ctx.provinces.province(id))
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let form = FormState::new(address.locale)
        .value("name", producer.name)
        .value("legal_name", producer.legal_name)
        .value("tax_code", producer.tax_code.unwrap_or_default())
        .value("address", producer.address)
        .value("province", province)
        .value("website", producer.website)
        .value("phone", producer.phone)
        .value("email", producer.email)
        .value("description", producer.description);
    Ok(producer_form(ctx, address, Some(id), form))
}

#[derive(Debug, Serialize)]
pub struct ClaimCandidate {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub province: String,
}

/// `/doanh-nghiep/nha-san-xuat/nhan?q=…`: producer pages the user may claim.
#[derive(Debug, Serialize)]
pub struct ClaimPage {
    pub meta: PageMeta,
    pub q: String,
    pub candidates: Vec<ClaimCandidate>,
}

/// The producers matching `q` (name or tax code).
pub fn claim_search(
    conn: &mut DbConnection,
    ctx: &CardContext,
    q: String,
    address: &PageAddress,
) -> Result<ClaimPage, AppError> {
    let found = Producer::find_for_claim(conn, &q, 20)?;
    Ok(ClaimPage {
        meta: address.meta("", address.locale.t("business-claim-title"), ""),
        candidates: found
            .iter()
            .map(|p| ClaimCandidate {
                id: p.id,
                name: p.name.clone(),
                slug: p.slug.clone(),
                province: ctx.province_label_in(p, address.locale),
            })
            .collect(),
        q,
    })
}

#[derive(Debug, Serialize)]
pub struct PhotoView {
    pub id: i32,
    pub src: String,
    pub alt: String,
    /// Where the photo stands in plain words: never "approved" before a review.
    pub status_text: String,
}

/// Most photos one upload request carries (the upload field takes several at once; the
/// site's script sends one per request, with its own progress).
pub const MAX_FILES: usize = 4;

/// A refused file of an upload, as the page shows it next to the upload field.
#[derive(Debug, Clone, Serialize)]
pub struct FileRefusal {
    /// The name the client gave the file (empty when unknown).
    pub file: String,
    pub message: String,
}

/// The state of a product's photos in plain words, from the product's status: a photo is
/// reviewed with its product, and cannot change once the product is public.
pub fn photo_status(status: ProductStatus, locale: Locale) -> String {
    locale.t(match status {
        ProductStatus::Draft => "business-photo-state-draft",
        ProductStatus::Submitted => "business-photo-state-submitted",
        ProductStatus::Rejected => "business-photo-state-rejected",
        ProductStatus::Published | ProductStatus::Hidden => "business-photo-state-approved",
    })
}

/// The product being edited, as its form shows it.
#[derive(Debug, Serialize)]
pub struct ProductSummary {
    pub id: i32,
    pub slug: String,
    pub status: ProductStatus,
    pub status_label: String,
    pub rejection_reason: Option<String>,
    pub pending_changes: bool,
    pub can_submit: bool,
    pub photos_editable: bool,
    /// The state in the business's words.
    pub state_text: String,
    /// Why photos cannot change now, in words that fit the status.
    pub photos_locked_text: String,
}

/// The product form: a new draft, or one of the user's products with its photos.
#[derive(Debug, Serialize)]
pub struct ProductFormPage {
    pub meta: PageMeta,
    pub form: FormState,
    /// Where the form posts (a path without the language prefix).
    pub action: String,
    pub heading: String,
    pub producers: Vec<FilterOption>,
    /// The user's only producer, preselected: the form names it instead of a choice.
    pub single_producer: Option<FilterOption>,
    pub categories: Vec<FilterOption>,
    /// Set when editing an existing product.
    pub product: Option<ProductSummary>,
    pub photos: Vec<PhotoView>,
    /// Why the last change of photos was refused, shown by the upload field.
    pub photo_error: Option<String>,
    /// Files of the last upload that were refused, each with its message.
    pub photo_file_errors: Vec<FileRefusal>,
    /// What the last upload added despite refusals.
    pub photo_notice: Option<String>,
    pub max_photos: i64,
    /// Most files the upload field sends at once without the script.
    pub max_files: usize,
    /// Whether the optional details (brand, barcode) start unfolded: they hold a value or
    /// an error.
    pub details_open: bool,
}

/// The product form: a new product when `product` is `None`, else that product, which the
/// caller has checked is the user's own (`own_product`).
pub fn product_form(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    product: Option<Product>,
    form: FormState,
    photo_error: Option<Msg>,
    address: &PageAddress,
) -> Result<ProductFormPage, AppError> {
    let locale = address.locale;
    let own = producer_choices(conn, user_id)?;
    let photos = match &product {
        Some(p) => ProductImage::for_product(conn, p.id)?,
        None => Vec::new(),
    };
    let selected = |field: &str, value: &str| form.get(field) == value;
    let heading = match &product {
        None => locale.t("business-product-new-title"),
        Some(p) => locale.msg(&Msg::new("business-product-edit-title").arg("name", &p.name)),
    };
    Ok(ProductFormPage {
        meta: address.meta("", heading.clone(), ""),
        action: product.as_ref().map_or_else(
            || "/doanh-nghiep/san-pham/moi".to_owned(),
            |p| format!("/doanh-nghiep/san-pham/{}", p.id),
        ),
        heading,
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
                label: ctx.category_name(c, locale),
                selected: selected("category", &c.slug),
            })
            .collect(),
        single_producer: match own.as_slice() {
            [(id, name)] => Some(FilterOption {
                value: id.to_string(),
                label: name.clone(),
                selected: true,
            }),
            _ => None,
        },
        photos: photos
            .iter()
            .map(|ph| PhotoView {
                id: ph.id,
                src: media::url(&ph.content_hash, media::variant_widths(ph.width)[0]),
                alt: ph.alt.clone(),
                status_text: photo_status(
                    product.as_ref().map_or(ProductStatus::Draft, |p| p.status),
                    locale,
                ),
            })
            .collect(),
        product: product.map(|p| ProductSummary {
            id: p.id,
            status_label: p.status.label(locale),
            state_text: product_state(locale, &p, 0).0,
            photos_locked_text: locale.t(match p.status {
                ProductStatus::Submitted => "business-photos-locked-submitted",
                _ => "business-photos-locked",
            }),
            can_submit: is_draft_or_rejected(&p),
            photos_editable: is_draft_or_rejected(&p),
            pending_changes: p.pending_changes.is_some(),
            slug: p.slug,
            status: p.status,
            rejection_reason: p.rejection_reason,
        }),
        photo_error: photo_error.map(|m| locale.msg(&m)),
        photo_file_errors: Vec::new(),
        photo_notice: None,
        max_photos: MAX_PHOTOS,
        max_files: MAX_FILES,
        details_open: ["brand", "gtin"]
            .iter()
            .any(|f| !form.get(f).is_empty() || form.errors.contains_key(*f)),
        form,
    })
}

/// The form of a new product, its producer preselected (the first of the user's); `None`
/// when the user has no producer yet.
pub fn new_product(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    address: &PageAddress,
) -> Result<Option<ProductFormPage>, AppError> {
    let Some((first, _)) = producer_choices(conn, user_id)?.into_iter().next() else {
        return Ok(None);
    };
    let form = FormState::new(address.locale).value("producer", first.to_string());
    product_form(conn, ctx, user_id, None, form, None, address).map(Some)
}

/// The form filled with a product's current fields (the pending edit, when there is one).
pub fn product_form_state(ctx: &CardContext, product: &Product, locale: Locale) -> FormState {
    let f = product.fields_with_pending_edit();
    FormState::new(locale)
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

/// The form of the user's own product `id` as it is now, with `photo_error` by the upload
/// field when a change of photos was just refused.
pub fn edit_product(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    photo_error: Option<Msg>,
    address: &PageAddress,
) -> Result<ProductFormPage, AppError> {
    let product = own_product(conn, user_id, id)?;
    let form = product_form_state(ctx, &product, address.locale);
    product_form(
        conn,
        ctx,
        user_id,
        Some(product),
        form,
        photo_error,
        address,
    )
}
