//! Public articles: `/tin-tuc` (newest first, optionally one topic) and `/tin-tuc/{slug}`.
//! Drafts and articles scheduled for later are not found, exactly like missing ones.

use crate::i18n::Locale;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use super::filters::parse_page;
use crate::app::AppState;
use crate::db::models::{Article, Topic};
use crate::error::AppError;
use crate::views::articles::{ArticleCard, ArticleListPage, ArticlePage};
use crate::views::{self, FilterOption, Pagination};

/// Articles per page of `/tin-tuc`.
pub const PER_PAGE: i64 = 12;

/// The query string of `/tin-tuc`.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleParams {
    #[serde(rename = "chu-de")]
    pub topic: Option<String>,
    pub page: Option<String>,
}

/// `chu-de`: absent or empty means every topic; an unknown one is a 400.
fn parse_topic(value: Option<&str>) -> Result<Option<Topic>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(slug) => Topic::from_slug(slug).map(Some).ok_or_else(|| {
            AppError::bad_request(format!(
                "Không có chủ đề “{slug}”: hãy chọn trong danh sách."
            ))
        }),
    }
}

/// `GET /tin-tuc`: public articles, newest first.
pub async fn list_articles(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ArticleParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let topic = parse_topic(params.topic.as_deref())?;
    let page = parse_page(&params.page, PER_PAGE)?;
    let now = chrono::Utc::now().naive_utc();
    let paged = state
        .db
        .run(move |conn| Ok(Article::published(conn, topic, now, page)?))
        .await?;
    let filter: Vec<(&str, String)> = topic
        .map(|t| vec![("chu-de", t.slug().to_owned())])
        .unwrap_or_default();
    let heading = topic.map_or_else(
        || "Tin tức và hướng dẫn".to_owned(),
        |t| t.label(Locale::Vi),
    );
    let view = ArticleListPage {
        meta: address.meta(
            "news",
            heading.clone(),
            "Quyền lợi người tiêu dùng, cách nhận biết hàng thật, hàng chất lượng và tin hoạt \
             động của Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.",
        ),
        heading: heading.clone(),
        topics: Topic::ALL
            .iter()
            .map(|t| FilterOption {
                value: t.slug().to_owned(),
                label: t.label(Locale::Vi).to_owned(),
                selected: Some(*t) == topic,
            })
            .collect(),
        articles: paged.items.iter().map(ArticleCard::new).collect(),
        pagination: Pagination::new(
            &address.path,
            &filter,
            paged.page.page,
            paged.last_page(),
            paged.total,
        ),
    };
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "articles/list.html",
        &view,
        actix_web::http::StatusCode::OK,
    )
}

/// `GET /tin-tuc/{slug}`: one public article.
pub async fn show_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let now = chrono::Utc::now().naive_utc();
    let article = state
        .db
        .run(move |conn| Ok(Article::public_by_slug(conn, &slug, now)?))
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "articles/show.html",
        &ArticlePage::new(&address, article, None),
        actix_web::http::StatusCode::OK,
    )
}
