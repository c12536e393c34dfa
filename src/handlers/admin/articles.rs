//! Articles (`/quan-tri/tin-tuc`): officials write them in Markdown, preview them, publish
//! them at once or at a scheduled time, and take them back to draft. Every change is audited
//! in the model's transaction; an invalid form is shown again with the input kept and writes
//! nothing.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{last_segment, render, see_other};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected};
use crate::db::models::article::{
    ArticleFields, Visibility, utc_of_vietnam_time, vietnam_time,
};
use crate::db::models::{Article, PageRequest, Topic};
use crate::error::AppError;
use crate::handlers::PageAddress;
use crate::handlers::filters::parse_page;
use crate::validate;
use crate::views::articles::ArticlePage;
use crate::views::forms::FormState;
use crate::views::{self, FilterOption, Pagination};

/// Largest article body, in bytes of Markdown.
pub const MAX_BODY_BYTES: usize = 100 * 1024;

/// Articles per page of the officials' list.
const PER_PAGE: i64 = 50;

/// The article form as posted; everything is text until checked.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    body: String,
    /// `datetime-local`: Vietnam time, `2026-03-15T08:00`.
    #[serde(default)]
    publish_at: String,
}

/// Parses a `datetime-local` value (Vietnam time) into UTC.
fn parse_publish_at(text: &str) -> Result<Option<NaiveDateTime>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .filter(|t| (2000..=2100).contains(&chrono::Datelike::year(t)))
        .map(|t| Some(utc_of_vietnam_time(t)))
        .ok_or_else(|| "Thời điểm đăng không hợp lệ: hãy chọn ngày và giờ.".to_owned())
}

impl ArticleForm {
    fn check(&self) -> (FormState, Option<ArticleFields>) {
        let body = self.body.trim();
        let mut f = FormState::default()
            .value("title", self.title.trim())
            .value("summary", self.summary.trim())
            .value("topic", self.topic.trim())
            .value("body", body)
            .value("publish_at", self.publish_at.trim());
        let mut check = |field: &str, result: Result<(), String>| {
            if let Err(e) = result {
                f.error(field, e);
            }
        };
        check("title", validate::required(&self.title, 200));
        check("summary", validate::limited(self.summary.trim(), 500));
        if body.is_empty() {
            check("body", Err("Nội dung không được để trống.".to_owned()));
        } else if body.len() > MAX_BODY_BYTES {
            check(
                "body",
                Err("Nội dung dài tối đa 100 KB; hãy tách thành nhiều bài.".to_owned()),
            );
        }
        let topic = Topic::from_slug(self.topic.trim());
        if topic.is_none() {
            check("topic", Err("Hãy chọn chủ đề.".to_owned()));
        }
        let publish_at = parse_publish_at(self.publish_at.trim());
        if let Err(e) = &publish_at {
            check("publish_at", Err(e.clone()));
        }
        let fields = match (f.is_valid(), topic, publish_at) {
            (true, Some(topic), Ok(publish_at)) => Some(ArticleFields {
                title: self.title.trim().to_owned(),
                summary: self.summary.trim().to_owned(),
                topic,
                body_markdown: body.to_owned(),
                publish_at,
            }),
            _ => None,
        };
        (f, fields)
    }
}

fn datetime_local(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%Y-%m-%dT%H:%M").to_string()
}

fn shown(utc: Option<NaiveDateTime>) -> String {
    utc.map(|t| vietnam_time(t).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// The form filled with the article as stored.
fn form_of(a: &Article) -> FormState {
    FormState::default()
        .value("title", a.title.clone())
        .value("summary", a.summary.clone())
        .value("topic", a.topic.clone())
        .value("body", a.body_markdown.clone())
        .value("publish_at", a.publish_at.map(datetime_local).unwrap_or_default())
}

#[derive(Serialize)]
struct ArticleState {
    id: i32,
    slug: String,
    visibility: &'static str,
    is_draft: bool,
    is_public: bool,
    publish_at: String,
}

#[derive(Serialize)]
struct ArticleFormView {
    form: FormState,
    action: String,
    heading: String,
    topics: Vec<FilterOption>,
    article: Option<ArticleState>,
}

fn form_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    form: FormState,
    article: Option<&Article>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let now = chrono::Utc::now().naive_utc();
    let selected = form.values.get("topic").cloned().unwrap_or_default();
    let heading = article.map_or_else(
        || "Viết bài mới".to_owned(),
        |a| format!("Sửa bài: {}", a.title),
    );
    let view = ArticleFormView {
        action: article.map_or_else(
            || "/quan-tri/tin-tuc/moi".to_owned(),
            |a| format!("/quan-tri/tin-tuc/{}", a.id),
        ),
        heading: heading.clone(),
        topics: Topic::ALL
            .iter()
            .map(|t| FilterOption {
                value: t.slug().to_owned(),
                label: t.label().to_owned(),
                selected: t.slug() == selected,
            })
            .collect(),
        article: article.map(|a| {
            let visibility = a.visibility(now);
            ArticleState {
                id: a.id,
                slug: a.slug.clone(),
                visibility: visibility.label(),
                is_draft: visibility == Visibility::Draft,
                is_public: visibility == Visibility::Public,
                publish_at: shown(a.publish_at),
            }
        }),
        form,
    };
    let mut response = render(
        state,
        req,
        &official.0,
        "admin/article_form.html",
        &heading,
        view,
    )?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Serialize)]
struct ArticleRow {
    id: i32,
    title: String,
    topic: &'static str,
    visibility: &'static str,
    publish_at: String,
    updated_at: String,
}

#[derive(Serialize)]
struct ArticleListView {
    articles: Vec<ArticleRow>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
pub struct ArticleListParams {
    page: Option<String>,
}

/// `GET /quan-tri/tin-tuc`: every article with its state, most recently changed first.
pub async fn list_articles(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<ArticleListParams>,
) -> Result<HttpResponse, AppError> {
    let page: PageRequest = parse_page(&params.page, PER_PAGE)?;
    let paged = state
        .db
        .run(move |conn| Ok(Article::all(conn, page)?))
        .await?;
    let now = chrono::Utc::now().naive_utc();
    let view = ArticleListView {
        pagination: Pagination::new(
            "/quan-tri/tin-tuc",
            &[],
            page.page,
            paged.last_page(),
            paged.total,
        ),
        articles: paged
            .items
            .into_iter()
            .map(|a| ArticleRow {
                id: a.id,
                topic: Topic::label_of(&a.topic),
                visibility: Visibility::of(&a.status, a.publish_at, now).label(),
                publish_at: shown(a.publish_at),
                updated_at: shown(Some(a.updated_at)),
                title: a.title,
            })
            .collect(),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/articles.html",
        "Tin tức",
        view,
    )
}

/// `GET /quan-tri/tin-tuc/moi`
pub async fn new_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let form = FormState::default().value("topic", Topic::ConsumerRights.slug());
    form_page(&state, &req, &official, form, None, StatusCode::OK)
}

/// `POST /quan-tri/tin-tuc/moi`: a new draft.
pub async fn create_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (form, fields) = posted.form.check();
    let Some(fields) = fields else {
        return form_page(
            &state,
            &req,
            &posted.who,
            form,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let actor = posted.who.0.actor();
    let id = state
        .db
        .run(move |conn| Ok(Article::create(conn, &actor, &fields)?))
        .await?;
    Ok(see_other(&format!("/quan-tri/tin-tuc/{id}")))
}

/// `GET /quan-tri/tin-tuc/{article}`
pub async fn edit_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let article = state
        .db
        .run(move |conn| Ok(Article::by_id(conn, id)?))
        .await?;
    let form = form_of(&article);
    form_page(&state, &req, &official, form, Some(&article), StatusCode::OK)
}

/// `POST /quan-tri/tin-tuc/{article}`: saves an edit; a public article changes at once.
pub async fn update_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let article = state
        .db
        .run(move |conn| Ok(Article::by_id(conn, id)?))
        .await?;
    let (form, fields) = posted.form.check();
    let Some(fields) = fields else {
        return form_page(
            &state,
            &req,
            &posted.who,
            form,
            Some(&article),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let actor = posted.who.0.actor();
    state
        .db
        .run(move |conn| Ok(Article::update(conn, &actor, id, &fields)?))
        .await?;
    state.pages.clear();
    Ok(see_other(&format!("/quan-tri/tin-tuc/{id}")))
}

/// `GET /quan-tri/tin-tuc/{article}/xem-truoc`: the article as readers would see it, drafts
/// and scheduled ones included.
pub async fn preview_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    _official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let article = state
        .db
        .run(move |conn| Ok(Article::by_id(conn, id)?))
        .await?;
    let banner = match article.visibility(chrono::Utc::now().naive_utc()) {
        Visibility::Draft => "Xem trước: bài viết này là bản nháp, người đọc chưa thấy.".to_owned(),
        Visibility::Scheduled => format!(
            "Xem trước: bài viết sẽ hiển thị từ {}.",
            shown(article.publish_at)
        ),
        Visibility::Public => "Xem trước: bài viết đang hiển thị công khai.".to_owned(),
    };
    let page = ArticlePage::new(&PageAddress::of(&req), article, Some(banner));
    let html = views::render_string(&state.templates, "articles/show.html", &page)?;
    Ok(HttpResponse::Ok()
        .content_type(mime::TEXT_HTML_UTF_8)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .body(html))
}

/// `POST /quan-tri/tin-tuc/{article}/{xuat-ban|an}`: publish (now, or at the scheduled
/// time), or take back to draft.
pub async fn change_publication(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let publish = match last_segment(&req) {
        "xuat-ban" => true,
        "an" => false,
        _ => return Err(AppError::not_found()),
    };
    let id = id.into_inner();
    let actor = posted.who.0.actor();
    let now = chrono::Utc::now().naive_utc();
    let applied = state
        .db
        .run(move |conn| {
            Ok(if publish {
                Article::publish(conn, &actor, id, now)?
            } else {
                Article::unpublish(conn, &actor, id)?
            })
        })
        .await?;
    if !applied {
        return Err(AppError::bad_request(if publish {
            "Bài viết đã được xuất bản rồi."
        } else {
            "Bài viết đang là bản nháp."
        }));
    }
    state.pages.clear();
    Ok(see_other(&format!("/quan-tri/tin-tuc/{id}")))
}
