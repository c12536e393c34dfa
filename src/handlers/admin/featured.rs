//! Featured collections on the home page ("Top 1 năm 2025", "OCOP 5 sao", "Tháng khuyến mại
//! Hà Nội"): create, schedule, order their products, delete.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{last_segment, render, see_other, unprocessable_if};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected, SignedIn};
use crate::clock::{datetime_local, parse_datetime_local, shown_time};
use crate::db::models::featured_change::{AddItem, CollectionFields, MAX_ITEMS};
use crate::db::models::{FeaturedCollection, Product};
use crate::error::AppError;
use crate::views::forms::FormState;

/// The collection form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct CollectionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sort_order: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
}

impl CollectionForm {
    fn state(&self) -> FormState {
        FormState::default()
            .value("title", self.title.trim())
            .value("description", self.description.trim())
            .value("sort_order", self.sort_order.trim())
            .value("starts_at", self.starts_at.trim())
            .value("ends_at", self.ends_at.trim())
    }

    fn check(&self) -> Result<CollectionFields, FormState> {
        let mut form = self.state();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            form.error("title", "Tên bộ sưu tập cần từ 1 đến 120 ký tự.");
        }
        if self.description.trim().chars().count() > 500 {
            form.error("description", "Mô tả dài quá 500 ký tự.");
        }
        let sort_order = match self.sort_order.trim() {
            "" => 0,
            n => n.parse::<i32>().unwrap_or_else(|_| {
                form.error("sort_order", "Thứ tự phải là một số nguyên.");
                0
            }),
        };
        let mut time = |name: &str, text: &str| match text.trim() {
            "" => None,
            t => parse_datetime_local(t)
                .map_err(|e| form.error(name, e.time_message()))
                .ok(),
        };
        let starts_at = time("starts_at", &self.starts_at);
        let ends_at = time("ends_at", &self.ends_at);
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            form.error("ends_at", "Thời điểm kết thúc phải sau thời điểm bắt đầu.");
        }
        if !form.is_valid() {
            return Err(form);
        }
        Ok(CollectionFields {
            title: title.to_owned(),
            description: self.description.trim().to_owned(),
            sort_order,
            starts_at,
            ends_at,
        })
    }
}

fn schedule_label(c: &FeaturedCollection, now: NaiveDateTime) -> String {
    match (c.starts_at, c.ends_at) {
        (Some(s), _) if s > now => format!("Sắp hiển thị từ {}", shown_time(s)),
        (_, Some(e)) if e <= now => format!("Đã kết thúc lúc {}", shown_time(e)),
        (_, Some(e)) => format!("Đang hiển thị đến {}", shown_time(e)),
        _ => "Đang hiển thị".to_owned(),
    }
}

#[derive(Serialize)]
struct CollectionRow {
    id: i32,
    title: String,
    sort_order: i32,
    items: i64,
    schedule: String,
}

#[derive(Serialize)]
struct ListView {
    collections: Vec<CollectionRow>,
    form: FormState,
}

async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    form: Option<FormState>,
) -> Result<HttpResponse, AppError> {
    let all = state
        .db
        .run(|conn| Ok(FeaturedCollection::all_with_counts(conn)?))
        .await?;
    let now = Utc::now().naive_utc();
    let failed = form.is_some();
    let view = ListView {
        collections: all
            .into_iter()
            .map(|(c, items)| CollectionRow {
                schedule: schedule_label(&c, now),
                id: c.id,
                title: c.title,
                sort_order: c.sort_order,
                items,
            })
            .collect(),
        form: form.unwrap_or_default(),
    };
    let page = render(
        state,
        req,
        who,
        "admin/collections.html",
        "Bộ sưu tập nổi bật",
        view,
    )?;
    Ok(unprocessable_if(failed, page))
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
    posted: Protected<CollectionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let fields = match posted.form.check() {
        Ok(f) => f,
        Err(form) => return list_page(&state, &req, &posted.who.0, Some(form)).await,
    };
    let actor = posted.who.0.actor();
    let id = state
        .db
        .run(move |conn| Ok(FeaturedCollection::create(conn, &actor, &fields)?))
        .await?;
    state.pages.clear();
    Ok(see_other(&format!("/quan-tri/bo-suu-tap/{id}")))
}

#[derive(Serialize)]
struct ItemRow {
    id: i32,
    name: String,
    slug: String,
    published: bool,
}

#[derive(Serialize)]
struct EditView {
    id: i32,
    schedule: String,
    form: FormState,
    items: Vec<ItemRow>,
    max_items: i64,
    add_error: Option<String>,
    add_value: String,
}

/// What went wrong on the edit page, if anything.
#[derive(Default)]
struct EditState {
    form: Option<FormState>,
    add_error: Option<(String, String)>,
}

async fn edit_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    failed: EditState,
) -> Result<HttpResponse, AppError> {
    let (collection, items) = state
        .db
        .run(move |conn| {
            let c = FeaturedCollection::by_id(conn, id)?;
            let items = FeaturedCollection::items(conn, id)?;
            Ok((c, items))
        })
        .await?;
    let is_error = failed.form.is_some() || failed.add_error.is_some();
    let form = failed.form.unwrap_or_else(|| {
        FormState::default()
            .value("title", &collection.title)
            .value("description", &collection.description)
            .value("sort_order", collection.sort_order.to_string())
            .value(
                "starts_at",
                collection.starts_at.map(datetime_local).unwrap_or_default(),
            )
            .value(
                "ends_at",
                collection.ends_at.map(datetime_local).unwrap_or_default(),
            )
    });
    let (add_error, add_value) = match failed.add_error {
        Some((message, value)) => (Some(message), value),
        None => (None, String::new()),
    };
    let view = EditView {
        id,
        schedule: schedule_label(&collection, Utc::now().naive_utc()),
        form,
        items: items
            .into_iter()
            .map(|(item, p)| ItemRow {
                id: item,
                published: p.is_published(),
                name: p.name,
                slug: p.slug,
            })
            .collect(),
        max_items: MAX_ITEMS,
        add_error,
        add_value,
    };
    let page = render(
        state,
        req,
        who,
        "admin/collection.html",
        &format!("Bộ sưu tập: {}", collection.title),
        view,
    )?;
    Ok(unprocessable_if(is_error, page))
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
        EditState::default(),
    )
    .await
}

/// `POST /quan-tri/bo-suu-tap/{collection}`: saves title, description, order and schedule.
pub async fn update_collection(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<CollectionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let fields = match posted.form.check() {
        Ok(f) => f,
        Err(form) => {
            let failed = EditState {
                form: Some(form),
                add_error: None,
            };
            return edit_page(&state, &req, &posted.who.0, id, failed).await;
        }
    };
    let actor = posted.who.0.actor();
    let found = state
        .db
        .run(move |conn| Ok(FeaturedCollection::update(conn, &actor, id, &fields)?))
        .await?;
    done(&state, found, &format!("/quan-tri/bo-suu-tap/{id}"))
}

/// `POST /quan-tri/bo-suu-tap/{collection}/xoa`
pub async fn delete_collection(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (id.into_inner(), posted.who.0.actor());
    let found = state
        .db
        .run(move |conn| Ok(FeaturedCollection::delete(conn, &actor, id)?))
        .await?;
    done(&state, found, "/quan-tri/bo-suu-tap")
}

fn done(state: &AppState, found: bool, to: &str) -> Result<HttpResponse, AppError> {
    if !found {
        return Err(AppError::not_found());
    }
    state.pages.clear();
    Ok(see_other(to))
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    product: String,
}

/// The slug in "nuoc-mam-phu-quoc", "/san-pham/nuoc-mam-phu-quoc" or a full product URL.
fn product_slug(text: &str) -> &str {
    let text = text.trim().trim_end_matches('/');
    let text = text.split(['?', '#']).next().unwrap_or_default();
    match text.rsplit_once("/san-pham/") {
        Some((_, slug)) => slug,
        None => text,
    }
}

/// `POST /quan-tri/bo-suu-tap/{collection}/san-pham`: adds a published product, by slug or
/// product page address.
pub async fn add_collection_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<AddForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let slug = product_slug(&posted.form.product).to_owned();
    let actor = posted.who.0.actor();
    let outcome = state
        .db
        .run(move |conn| {
            FeaturedCollection::by_id(conn, id)?;
            match Product::published_by_slug(conn, &slug) {
                Ok(product) => Ok(Some(FeaturedCollection::add_item(
                    conn, &actor, id, product.id,
                )?)),
                Err(diesel::result::Error::NotFound) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    let message = match outcome {
        Some(AddItem::Added) => {
            state.pages.clear();
            return Ok(see_other(&format!("/quan-tri/bo-suu-tap/{id}#san-pham")));
        }
        Some(AddItem::AlreadyIn) => "Sản phẩm này đã có trong bộ sưu tập.".to_owned(),
        Some(AddItem::Full) => format!("Mỗi bộ sưu tập có tối đa {MAX_ITEMS} sản phẩm."),
        None => "Không tìm thấy sản phẩm đã công bố với địa chỉ này. Hãy dán địa chỉ trang sản phẩm, ví dụ /san-pham/nuoc-mam-phu-quoc.".to_owned(),
    };
    let failed = EditState {
        form: None,
        add_error: Some((message, posted.form.product.trim().to_owned())),
    };
    edit_page(&state, &req, &posted.who.0, id, failed).await
}

/// `POST /quan-tri/bo-suu-tap/{collection}/san-pham/{item}/{len|xuong|xoa}`
pub async fn change_collection_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, item) = path.into_inner();
    let action = last_segment(&req).to_owned();
    let actor = posted.who.0.actor();
    let found = state
        .db
        .run(move |conn| {
            Ok(match action.as_str() {
                "len" => FeaturedCollection::move_item(conn, &actor, id, item, true)?,
                "xuong" => FeaturedCollection::move_item(conn, &actor, id, item, false)?,
                "xoa" => FeaturedCollection::remove_item(conn, &actor, id, item)?,
                _ => false,
            })
        })
        .await?;
    done(
        &state,
        found,
        &format!("/quan-tri/bo-suu-tap/{id}#san-pham"),
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
    }
}
