//! `/diem-ban`: points of sale of awarded goods by province and ward, or nearest first;
//! loaded by `views::where_to_buy`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::where_to_buy::{self, SaleParams};
use crate::views::{self, Frame};

/// `/diem-ban`: filtered by place, category and programme, or `?near=lat,lng`.
pub async fn list_points_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SaleParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| where_to_buy::list_page(conn, &ctx, &address, params))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "where_to_buy/list.html",
        &page,
        StatusCode::OK,
    )
}
