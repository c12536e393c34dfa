//! Articles (`/quan-tri/tin-tuc`): officials write them in Markdown, preview them, publish
//! them at once or at a scheduled time, and take them back to draft. Every change is audited
//! in the model's transaction; an invalid form is shown again with the input kept and writes
//! nothing.

use crate::i18n::Locale;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::article_form::{ArticleForm, form_of, shown};
use super::{last_segment, render, see_other, unprocessable_if};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected};
use crate::db::models::article::Visibility;
use crate::db::models::{Article, PageRequest, Topic};
use crate::error::AppError;
use crate::handlers::PageAddress;
use crate::handlers::filters::parse_page;
use crate::views::articles::ArticlePage;
use crate::views::forms::FormState;
use crate::views::{self, FilterOption, Pagination};

/// Articles per page of the officials' list.
const PER_PAGE: i64 = 50;

#[derive(Serialize)]
struct ArticleState {
    id: i32,
    slug: String,
    visibility: String,
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

/// The article form; `failed` answers 422 (the form did not check out).
fn form_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    form: FormState,
    article: Option<&Article>,
    failed: bool,
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
                label: t.label(Locale::Vi).to_owned(),
                selected: t.slug() == selected,
            })
            .collect(),
        article: article.map(|a| {
            let visibility = a.visibility(now);
            ArticleState {
                id: a.id,
                slug: a.slug.clone(),
                visibility: visibility.label(Locale::Vi),
                is_draft: visibility == Visibility::Draft,
                is_public: visibility == Visibility::Public,
                publish_at: shown(a.publish_at),
            }
        }),
        form,
    };
    let page = render(
        state,
        req,
        &official.0,
        "admin/article_form.html",
        &heading,
        view,
    )?;
    Ok(unprocessable_if(failed, page))
}

/// The article `id`, or not found.
async fn load(state: &AppState, id: i32) -> Result<Article, AppError> {
    state
        .db
        .run(move |conn| Ok(Article::by_id(conn, id)?))
        .await
}

#[derive(Serialize)]
struct ArticleRow {
    id: i32,
    title: String,
    topic: String,
    visibility: String,
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
                topic: Topic::label_of(&a.topic, Locale::Vi),
                visibility: Visibility::of(a.status, a.publish_at, now).label(Locale::Vi),
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
    form_page(&state, &req, &official, form, None, false)
}

/// `POST /quan-tri/tin-tuc/moi`: a new draft.
pub async fn create_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (form, fields) = posted.form.check();
    let Some(fields) = fields else {
        return form_page(&state, &req, &posted.who, form, None, true);
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
    let article = load(&state, id.into_inner()).await?;
    let form = form_of(&article);
    form_page(&state, &req, &official, form, Some(&article), false)
}

/// `POST /quan-tri/tin-tuc/{article}`: saves an edit; a public article changes at once.
pub async fn update_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (form, fields) = posted.form.check();
    let Some(fields) = fields else {
        let article = load(&state, id).await?;
        return form_page(&state, &req, &posted.who, form, Some(&article), true);
    };
    // `Article::update` answers not found for a missing article.
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
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let article = load(&state, id.into_inner()).await?;
    let banner = match article.visibility(chrono::Utc::now().naive_utc()) {
        Visibility::Draft => "Xem trước: bài viết này là bản nháp, người đọc chưa thấy.".to_owned(),
        Visibility::Scheduled => format!(
            "Xem trước: bài viết sẽ hiển thị từ {}.",
            shown(article.publish_at)
        ),
        Visibility::Public => "Xem trước: bài viết đang hiển thị công khai.".to_owned(),
    };
    let page = ArticlePage::new(&PageAddress::of(&req), article, Some(banner));
    let mut res = views::render(
        &state.templates,
        &views::Frame::signed_in(&req, &official.0),
        "articles/show.html",
        &page,
        actix_web::http::StatusCode::OK,
    )?;
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(res)
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
