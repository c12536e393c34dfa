//! Public articles: `/tin-tuc` (newest first, optionally one topic) and `/tin-tuc/{slug}`.
//! Drafts and articles scheduled for later are not found, exactly like missing ones. On the
//! English site an article shows in English when it has an English version, else in
//! Vietnamese, marked as such (`views::articles`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use crate::app::AppState;
use crate::db::models::{Article, Topic};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::views::articles::{ArticleListPage, ArticlePage};
use crate::views::filters::parse_page;
use crate::views::{self, Frame};

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
            let shown: String = slug.chars().take(40).collect();
            AppError::bad_request(Msg::new("article-unknown-topic").arg("topic", shown))
        }),
    }
}

/// `GET /tin-tuc`: public articles, newest first.
pub async fn list_articles(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ArticleParams>,
) -> Result<HttpResponse, AppError> {
    let topic = parse_topic(params.topic.as_deref())?;
    let page = parse_page(&params.page, PER_PAGE)?;
    let (address, now) = (PageAddress::of(&req), chrono::Utc::now().naive_utc());
    let view = state
        .db
        .run(move |conn| ArticleListPage::load(conn, &address, topic, page, now))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "articles/list.html",
        &view,
        StatusCode::OK,
    )
}

/// `GET /tin-tuc/{slug}`: one public article.
pub async fn show_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (slug, now) = (slug.into_inner(), chrono::Utc::now().naive_utc());
    let article = state
        .db
        .run(move |conn| Ok(Article::public_by_slug(conn, &slug, now)?))
        .await?;
    let view = ArticlePage::new(&PageAddress::of(&req), article);
    views::render(
        &state.templates,
        &Frame::public(&req),
        "articles/show.html",
        &view,
        StatusCode::OK,
    )
}
