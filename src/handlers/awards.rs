//! Award lists: the index of programmes and years, and one year's winners grouped by tier,
//! loaded by `views::awards`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::models::Programme;
use crate::error::AppError;
use crate::views::awards::{self, WinnersParams};
use crate::views::{self, Frame};

/// `/giai-thuong`: every programme with the years that have winners.
pub async fn award_index(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| awards::index_page(conn, &address))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "awards/index.html",
        &page,
        StatusCode::OK,
    )
}

/// `/giai-thuong/gioi-thieu`: the four titles, who grants them and how long they last.
pub async fn award_guide(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let page = awards::guide_page(&PageAddress::of(&req));
    views::render(
        &state.templates,
        &Frame::public(&req),
        "awards/guide.html",
        &page,
        StatusCode::OK,
    )
}

/// `/giai-thuong/{programme}/{year}`: that year's winners, best tier first.
pub async fn award_year(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: web::Query<WinnersParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let list = parse_list(&path)?;
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| awards::year_page(conn, &ctx, &address, list, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "awards/year.html",
        &page,
        StatusCode::OK,
    )
}

/// The programme and year of a list's path; anything else is a 404.
fn parse_list((programme, year): &(String, String)) -> Result<(Programme, i32), AppError> {
    let programme = Programme::from_slug(programme).ok_or_else(AppError::not_found)?;
    let year = year
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(AppError::not_found)?;
    Ok((programme, year))
}
