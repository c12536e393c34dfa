//! Search: the `/tim-kiem` page, the JSON search API and as-you-type suggestions, built by
//! `views::search`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::views::filters::parse_per_page;
use crate::views::search::{API_MAX_PER_PAGE, PER_PAGE, SearchParams, SearchRequest, results_page};
use crate::views::search_api::{ApiSearch, suggestions};
use crate::views::{self, Frame};

/// `/tim-kiem?q=…`: results with highlighted names, facets and pagination.
pub async fn search_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let ctx = state.reference.get(&state.db).await?;
    let request = SearchRequest::parse(params.into_inner(), &ctx, PER_PAGE)?;
    let answer = request.run(&state.search, &state.db, ctx.clone()).await?;
    let page = results_page(&request, &answer, &ctx, &address, today_in_vietnam())?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "search/results.html",
        &page,
        StatusCode::OK,
    )
}

/// `/api/v1/search`: the same search as JSON (DESIGN.md section 3).
pub async fn api_search(
    state: web::Data<AppState>,
    locale: Locale,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let per_page = parse_per_page(params.per_page.as_deref(), PER_PAGE, API_MAX_PER_PAGE)?;
    let ctx = state.reference.get(&state.db).await?;
    let request = SearchRequest::parse(params, &ctx, per_page)?;
    let answer = request.run(&state.search, &state.db, ctx.clone()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ApiSearch::new(
            &request,
            answer,
            &ctx,
            locale,
            today_in_vietnam(),
        )))
}

#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    pub q: Option<String>,
}

/// `/api/v1/suggest?q=…`: up to 8 products, producers and categories for a search box.
pub async fn api_suggest(
    state: web::Data<AppState>,
    locale: Locale,
    params: web::Query<SuggestParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.into_inner().q.unwrap_or_default();
    let ctx = state.reference.get(&state.db).await?;
    let answer = suggestions(&state.search, &state.db, ctx, q, locale).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(answer))
}
