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
use crate::views::api_schema::ErrorAnswer;
use crate::views::filters::{CatalogueParams, parse_per_page};
use crate::views::search::{API_MAX_PER_PAGE, PER_PAGE, SearchParams, SearchRequest, results_page};
use crate::views::search_api::{ApiSearch, ApiSuggest, suggestions};
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

/// Published products matching words, with facets.
///
/// By relevance, or by `sort`; ties are broken the same way on every search backend (a valid
/// award first, the best tier, the newest year, then name and id), so walking the pages
/// through `next` gives every hit once. `degraded` is true when the search service was
/// down and the database answered.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    operation_id = "search",
    params(SearchParams, CatalogueParams),
    responses(
        (status = 200, description = "One page of hits.", body = ApiSearch),
        (status = 400, description = "A parameter has a value it does not take.", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
pub async fn api_search(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let per_page = parse_per_page(params.per_page.as_deref(), PER_PAGE, API_MAX_PER_PAGE)?;
    let ctx = state.reference.get(&state.db).await?;
    let request = SearchRequest::parse(params, &ctx, per_page)?;
    let answer = request.run(&state.search, &state.db, ctx.clone()).await?;
    let address = PageAddress::of(&req);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ApiSearch::new(
            &request,
            answer,
            &ctx,
            address.locale,
            today_in_vietnam(),
            &address.base_url,
        )))
}

/// The query string of `/api/v1/suggest`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What the search box holds; nothing is suggested under two letters.
    pub q: Option<String>,
}

/// Up to 8 categories, products and producers for a search box.
///
/// Not paged: the answer is bounded; `/api/v1/search` pages through every match.
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    tag = "search",
    operation_id = "suggest",
    params(SuggestParams),
    responses(
        (status = 200, description = "The suggestions.", body = ApiSuggest),
        (status = 400, description = "The query string cannot be read.", body = ErrorAnswer),
        (status = 500, description = "Something failed on our side.", body = ErrorAnswer),
        (status = 503, description = "The database cannot answer now; try again.", body = ErrorAnswer),
    )
)]
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
