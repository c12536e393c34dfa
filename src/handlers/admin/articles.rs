//! Articles (`/quan-tri/tin-tuc`): officials write them in Markdown (with an optional English
//! version), preview them, publish them at once or at a scheduled time, and take them back
//! to draft. Every change is one audited action; an invalid form is shown again with the
//! input kept and writes nothing.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::article_form::{ArticleForm, Checked};
use super::last_segment;
use crate::actions::articles as act;
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected};
use crate::db::models::{Article, PageRequest, Topic};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::i18n::{Locale, Msg};
use crate::views::admin::articles as page;
use crate::views::articles::ArticlePage;
use crate::views::filters::parse_page;
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

/// Articles per page of the officials' list.
const PER_PAGE: i64 = 50;

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
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| page::load_list(conn, &address, page, Utc::now().naive_utc()))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/articles.html",
        &view,
        StatusCode::OK,
    )
}

/// The form of a new article, filled with `form` (a failed one answers 422).
fn new_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let view = page::form_page(&PageAddress::of(req), form, None, Utc::now().naive_utc());
    let frame = Frame::signed_in(req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/article_form.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/tin-tuc/moi`
pub async fn new_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    locale: Locale,
) -> Result<HttpResponse, AppError> {
    let form = FormState::new(locale).value("topic", Topic::ConsumerRights.slug());
    new_page(&state, &req, &official, form, StatusCode::OK)
}

/// `POST /quan-tri/tin-tuc/moi`: a new draft.
pub async fn create_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (form, checked) = posted.form.check(locale);
    let Some(Checked { fields, english }) = checked else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return new_page(&state, &req, &posted.who, form, status);
    };
    let actor = posted.who.0.actor();
    let id = state
        .db
        .run(move |conn| Ok(act::create(conn, &actor, &fields, &english)?))
        .await?;
    let to = locale.path(&format!("/quan-tri/tin-tuc/{id}"));
    Ok(flash::see_other(
        &req,
        &to,
        Flash::success("flash-article-created"),
    ))
}

/// The form of article `id`: as stored, or as typed with its messages (422).
async fn edit_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    id: i32,
    failed: Option<FormState>,
) -> Result<HttpResponse, AppError> {
    let status = super::form_status(failed.is_some());
    let address = PageAddress::of(req);
    let view = state
        .db
        .run(move |conn| page::load_form(conn, &address, id, failed, Utc::now().naive_utc()))
        .await?;
    let frame = Frame::signed_in(req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/article_form.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/tin-tuc/{article}`
pub async fn edit_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    edit_page(&state, &req, &official, id.into_inner(), None).await
}

/// `POST /quan-tri/tin-tuc/{article}`: saves an edit; a public article changes at once.
pub async fn update_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<ArticleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (form, checked) = posted.form.check(locale);
    let Some(checked) = checked else {
        return edit_page(&state, &req, &posted.who, id, Some(form)).await;
    };
    let actor = posted.who.0.actor();
    act::update(
        &state.db,
        state.caches(),
        actor,
        id,
        checked.fields,
        checked.english,
    )
    .await?;
    let to = locale.path(&format!("/quan-tri/tin-tuc/{id}"));
    Ok(flash::see_other(
        &req,
        &to,
        Flash::success("flash-article-saved"),
    ))
}

/// `GET /quan-tri/tin-tuc/{article}/xem-truoc`: the article as readers would see it (in the
/// page's language), drafts and scheduled ones included.
pub async fn preview_article(
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
    let view = ArticlePage::preview(&PageAddress::of(&req), article, Utc::now().naive_utc());
    let frame = Frame::signed_in(&req, &official.0);
    let mut res = views::render(
        &state.templates,
        &frame,
        "articles/show.html",
        &view,
        StatusCode::OK,
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
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (id.into_inner(), posted.who.0.actor());
    let (applied, refusal) = match last_segment(&req) {
        "xuat-ban" => {
            let now = Utc::now().naive_utc();
            let applied = act::publish(&state.db, state.caches(), actor, id, now).await?;
            (applied, "admin-article-already-published")
        }
        "an" => {
            let applied = act::unpublish(&state.db, state.caches(), actor, id).await?;
            (applied, "admin-article-already-draft")
        }
        _ => return Err(AppError::not_found()),
    };
    if !applied {
        return Err(AppError::bad_request(Msg::new(refusal)));
    }
    let key = if last_segment(&req) == "xuat-ban" {
        "flash-article-published"
    } else {
        "flash-article-unpublished"
    };
    let to = locale.path(&format!("/quan-tri/tin-tuc/{id}"));
    Ok(flash::see_other(&req, &to, Flash::success(key)))
}
