//! Featured collections on the home page ("Top 1 năm 2025", "OCOP 5 sao", "Tháng khuyến mại
//! Hà Nội"): create, schedule, order their products, delete.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::{DateField, date_problem, form_status, last_segment};
use crate::actions::featured::{self as act, AddItem, CollectionFields, ItemChange};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected, SignedIn};
use crate::clock::parse_datetime_local;
use crate::db::models::featured::COLLECTION_CAPACITY;
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::i18n::{Locale, Msg};
use crate::views::admin::collections::{self as page, EditFailure, Found};
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

/// The collection form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct CollectionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    sort_order: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
}

impl CollectionForm {
    fn state(&self, locale: Locale) -> FormState {
        FormState::new(locale)
            .value("title", self.title.trim())
            .value("description", self.description.trim())
            .value("title_en", self.title_en.trim())
            .value("description_en", self.description_en.trim())
            .value("sort_order", self.sort_order.trim())
            .value("starts_at", self.starts_at.trim())
            .value("ends_at", self.ends_at.trim())
    }

    /// The fields, or the form with its messages in `locale`.
    fn check(&self, locale: Locale) -> Result<CollectionFields, FormState> {
        let mut form = self.state(locale);
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            form.error("title", "admin-collection-title-length");
        }
        if self.description.trim().chars().count() > 500 {
            form.error("description", "admin-collection-description-length");
        }
        if self.title_en.trim().chars().count() > 120 {
            form.error("title_en", "admin-collection-title-en-length");
        }
        if self.description_en.trim().chars().count() > 500 {
            form.error("description_en", "admin-collection-description-length");
        }
        let sort_order = match self.sort_order.trim() {
            "" => 0,
            n => n.parse::<i32>().unwrap_or_else(|_| {
                form.error("sort_order", "admin-collection-sort-order");
                0
            }),
        };
        let mut time = |name: &str, text: &str| match text.trim() {
            "" => None,
            t => parse_datetime_local(t)
                .map_err(|e| form.error(name, date_problem(e, DateField::Time)))
                .ok(),
        };
        let starts_at = time("starts_at", &self.starts_at);
        let ends_at = time("ends_at", &self.ends_at);
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            form.error("ends_at", "admin-collection-ends-before-start");
        }
        if !form.is_valid() {
            return Err(form);
        }
        Ok(CollectionFields {
            title: title.to_owned(),
            description: self.description.trim().to_owned(),
            title_en: self.title_en.trim().to_owned(),
            description_en: self.description_en.trim().to_owned(),
            sort_order,
            starts_at,
            ends_at,
        })
    }
}

/// The list of collections with the new-collection form (`failed`: shown again, 422).
async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    failed: Option<FormState>,
) -> Result<HttpResponse, AppError> {
    let status = form_status(failed.is_some());
    let address = PageAddress::of(req);
    let form = failed.unwrap_or_else(|| FormState::new(address.locale));
    let view = state
        .db
        .run(move |conn| page::load_list(conn, &address, form, Utc::now().naive_utc()))
        .await?;
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/collections.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/bo-suu-tap`: every collection with its schedule, and the form for a new one.
pub async fn list_collections(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    list_page(&state, &req, &official.0, None).await
}

/// `POST /quan-tri/bo-suu-tap`: creates a collection.
pub async fn create_collection(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    posted: Protected<CollectionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let fields = match posted.form.check(locale) {
        Ok(f) => f,
        Err(form) => return list_page(&state, &req, &posted.who.0, Some(form)).await,
    };
    let title = fields.title.clone();
    let id = act::create(&state.db, state.caches(), posted.who.0.actor(), fields).await?;
    let flash = Flash::success("flash-collection-created").arg("name", title);
    Ok(flash::see_other(
        &req,
        &locale.path(&format!("/quan-tri/bo-suu-tap/{id}")),
        flash,
    ))
}

/// Collection `id`'s page; with a failure, shown again with its messages (422).
async fn edit_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    failed: EditFailure,
) -> Result<HttpResponse, AppError> {
    let status = form_status(failed.is_some());
    let address = PageAddress::of(req);
    let view = state
        .db
        .run(move |conn| page::load_one(conn, &address, id, failed, Utc::now().naive_utc()))
        .await?;
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/collection.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/bo-suu-tap/{collection}`
pub async fn edit_collection(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    edit_page(
        &state,
        &req,
        &official.0,
        id.into_inner(),
        EditFailure::default(),
    )
    .await
}

/// `POST /quan-tri/bo-suu-tap/{collection}`: saves title, description, order and schedule.
pub async fn update_collection(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<CollectionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let fields = match posted.form.check(locale) {
        Ok(f) => f,
        Err(form) => {
            let failed = EditFailure {
                form: Some(form),
                ..EditFailure::default()
            };
            return edit_page(&state, &req, &posted.who.0, id, failed).await;
        }
    };
    let title = fields.title.clone();
    let found = act::update(&state.db, state.caches(), posted.who.0.actor(), id, fields).await?;
    let flash = Flash::success("flash-collection-saved").arg("name", title);
    done(
        &req,
        found,
        &locale.path(&format!("/quan-tri/bo-suu-tap/{id}")),
        flash,
    )
}

/// `POST /quan-tri/bo-suu-tap/{collection}/xoa`
pub async fn delete_collection(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let found = act::delete(
        &state.db,
        state.caches(),
        posted.who.0.actor(),
        id.into_inner(),
    )
    .await?;
    let flash = Flash::success("flash-collection-deleted");
    done(&req, found, &locale.path("/quan-tri/bo-suu-tap"), flash)
}

/// Where a change that found its collection (or item) goes; a missing one is a 404.
fn done(req: &HttpRequest, found: bool, to: &str, flash: Flash) -> Result<HttpResponse, AppError> {
    if !found {
        return Err(AppError::not_found());
    }
    Ok(flash::see_other(req, to, flash))
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    /// A product's name, slug or page address.
    #[serde(default)]
    product: String,
}

/// The words typed so far into "add a product".
#[derive(Debug, Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
}

/// `GET /quan-tri/bo-suu-tap/goi-y?q=…`: published products whose name holds what was typed,
/// as JSON (`[{"name", "slug", "producer"}]`, at most ten) for the "add a product" field's
/// suggestions.
pub async fn suggest_collection_products(
    state: web::Data<AppState>,
    _official: OfficialUser,
    query: web::Query<SuggestQuery>,
) -> Result<HttpResponse, AppError> {
    let q: String = query.into_inner().q.chars().take(100).collect();
    let found = state
        .db
        .run(move |conn| page::suggestions(conn, &q))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(found))
}

/// The slug in "nuoc-mam-phu-quoc", "/san-pham/nuoc-mam-phu-quoc" or a full product URL
/// (English addresses, `/en/san-pham/…`, too).
fn product_slug(text: &str) -> &str {
    let text = text.trim().trim_end_matches('/');
    let text = text.split(['?', '#']).next().unwrap_or_default();
    match text.rsplit_once("/san-pham/") {
        Some((_, slug)) => slug,
        None => text,
    }
}

/// Why a product was not added, as the message next to the field.
fn add_problem(outcome: AddItem) -> Msg {
    match outcome {
        AddItem::AlreadyIn | AddItem::Added => Msg::new("admin-collection-already-in"),
        AddItem::Full => Msg::new("admin-collection-full").arg("max", COLLECTION_CAPACITY),
        AddItem::NoSuchProduct => Msg::new("admin-collection-no-such-product"),
    }
}

/// `POST /quan-tri/bo-suu-tap/{collection}/san-pham`: adds a published product named by its
/// name (as suggested), its slug or its page address. A name several products share (or
/// that only part of names matches) shows them to pick from; nothing is added until one is.
pub async fn add_collection_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<AddForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let typed: String = posted.form.product.trim().chars().take(300).collect();
    let slug = product_slug(&typed).to_owned();
    let lookup = typed.clone();
    let found = state
        .db
        .run(move |conn| page::find_product(conn, &lookup, &slug))
        .await?;
    let mut name = typed.clone();
    let (outcome, candidates) = match found {
        Found::One(product) => {
            let actor = posted.who.0.actor();
            let slug = product.slug;
            let added = act::add_product(&state.db, state.caches(), actor, id, slug).await?;
            name = product.name;
            (added, Vec::new())
        }
        Found::Several(candidates) => (AddItem::NoSuchProduct, candidates),
        Found::Nothing => (AddItem::NoSuchProduct, Vec::new()),
    };
    if outcome == AddItem::Added {
        let flash = Flash::success("flash-collection-product-added").arg("name", name);
        let to = locale.path(&format!("/quan-tri/bo-suu-tap/{id}#san-pham"));
        return Ok(flash::see_other(&req, &to, flash));
    }
    let problem = if candidates.is_empty() {
        add_problem(outcome)
    } else {
        Msg::new("admin-collection-pick-one").arg("count", candidates.len())
    };
    let failed = EditFailure {
        form: None,
        add_error: Some((problem, typed)),
        candidates,
    };
    edit_page(&state, &req, &posted.who.0, id, failed).await
}

/// `POST /quan-tri/bo-suu-tap/{collection}/san-pham/{item}/{len|xuong|xoa}`
pub async fn change_collection_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, item) = path.into_inner();
    let change = match last_segment(&req) {
        "len" => ItemChange::Up,
        "xuong" => ItemChange::Down,
        "xoa" => ItemChange::Remove,
        _ => return Err(AppError::not_found()),
    };
    let actor = posted.who.0.actor();
    let found = act::change_item(&state.db, state.caches(), actor, id, item, change).await?;
    let flash = Flash::success(match change {
        ItemChange::Up | ItemChange::Down => "flash-collection-product-moved",
        ItemChange::Remove => "flash-collection-product-removed",
    });
    done(
        &req,
        found,
        &locale.path(&format!("/quan-tri/bo-suu-tap/{id}#san-pham")),
        flash,
    )
}

#[cfg(test)]
mod tests {
    use super::product_slug;

    #[test]
    fn product_slug_reads_slugs_paths_and_addresses() {
        assert_eq!(product_slug("nuoc-mam"), "nuoc-mam");
        assert_eq!(product_slug(" /san-pham/nuoc-mam/ "), "nuoc-mam");
        assert_eq!(
            product_slug("https://hangviet.vn/san-pham/nuoc-mam?x=1#a"),
            "nuoc-mam"
        );
        assert_eq!(product_slug("/en/san-pham/nuoc-mam"), "nuoc-mam");
    }
}
