//! The officials' overview: what the catalogue holds, what waits in each queue, and charts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::auth::OfficialUser;
use crate::error::AppError;
use crate::views::admin::dashboard;
use crate::views::{self, Frame, PageAddress};

/// `GET /quan-tri/tong-quan`
pub async fn show_dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| dashboard::load(conn, &ctx, &address))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/dashboard.html",
        &view,
        StatusCode::OK,
    )
}
