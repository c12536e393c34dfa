//! A product's QR code (`/san-pham/{slug}/qr.svg`) and printable shelf label
//! (`/san-pham/{slug}/nhan`), built by [`crate::views::sharing`].

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::models::Product;
use crate::error::AppError;
use crate::views::{self, Frame, sharing};

/// `GET /san-pham/{slug}/qr.svg`: the QR code of a published product's page, in the language
/// of the address (`/en/…` leads to the English page).
pub async fn show_qr(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let product = state
        .db
        .run(move |conn| Ok(Product::published_by_slug(conn, &slug)?))
        .await?;
    let svg = sharing::qr_svg(&sharing::product_address(&address, &product.slug))?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(svg))
}

/// `GET /san-pham/{slug}/nhan`: the shelf label of a published product, to print.
pub async fn show_label(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| sharing::label_page(conn, &ctx, &address, &slug, today))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "catalogue/label.html",
        &page,
        StatusCode::OK,
    )
}
