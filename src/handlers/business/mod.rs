//! The business area (`/doanh-nghiep`): a business manages its own producers and products.
//!
//! Every handler takes [`BusinessUser`] (signed in, business role, not suspended) and then
//! checks that the object belongs to one of the user's producers: another's object is a 404,
//! exactly like a missing one, so ids reveal nothing (`views::business::own_product`…).

pub mod events;
pub mod photos;
pub mod points_of_sale;
pub mod producers;
pub mod products;
pub mod vote;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::auth::BusinessUser;
use crate::error::AppError;
use crate::views::{self, Frame};

pub use crate::views::business::{
    is_draft_or_rejected, own_producer, own_producer_ids, own_product,
};

/// `GET /doanh-nghiep`: the user's producers and products with their status.
pub async fn dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let (user_id, name) = (user.0.user.id, user.0.user.name.clone());
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| views::business::dashboard(conn, user_id, name, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/dashboard.html",
        &page,
        StatusCode::OK,
    )
}
