//! Public catalogue pages: home, product list, product page, category page. Each loads its
//! page with one function of `views::home` or `views::catalogue`.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::clock::today_in_vietnam;
use crate::db::models::user::Role;
use crate::error::AppError;
use crate::views::filters::CatalogueParams;
use crate::views::where_to_buy::{NearJunk, NearParams, parse_near};
use crate::views::{self, Frame, catalogue, home};

/// `/`: featured collections, the latest award year, categories.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let ctx = state.reference.get(&state.db).await?;
    let now = chrono::Utc::now().naive_utc();
    let page = state
        .db
        .run(move |conn| home::load(conn, &ctx, &address, now))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "home.html",
        &page,
        StatusCode::OK,
    )
}

/// `/san-pham`: the filtered, paginated catalogue.
pub async fn list_products(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| catalogue::list_page(conn, &ctx, &address, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "catalogue/list.html",
        &page,
        StatusCode::OK,
    )
}

/// `/danh-muc/{slug}`: the catalogue narrowed to one category.
pub async fn show_category(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let (slug, params) = (slug.into_inner(), params.into_inner());
    let ctx = state.reference.get(&state.db).await?;
    let today = today_in_vietnam();
    let page = state
        .db
        .run(move |conn| catalogue::category_page(conn, &ctx, &address, &slug, params, today))
        .await?;
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "catalogue/list.html",
        &page,
        StatusCode::OK,
    )
}

/// `/san-pham/{slug}`: one published product; `?near=lat,lng` lists its points of sale
/// nearest first.
pub async fn show_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<NearParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let near = parse_near(&params.near, NearJunk::Ignore)?;
    let ctx = state.reference.get(&state.db).await?;
    // The site's clock: events listed on the page end by it.
    let today = state.clock.today();
    // A product not yet public is shown to its business and officials only (a preview);
    // anyone else gets the same 404 as for a missing product.
    let viewer = req
        .extensions()
        .get::<Visitor>()
        .and_then(|v| v.signed_in.as_ref())
        .filter(|s| !s.user.is_suspended())
        .map(|s| catalogue::PreviewViewer {
            user_id: s.user.id,
            is_staff: matches!(s.user.role(), Role::Official | Role::Admin),
        });
    let page = state
        .db
        .run(
            move |conn| match catalogue::product_page(conn, &ctx, &address, &slug, near, today) {
                Err(e @ AppError::NotFound) => match viewer {
                    Some(viewer) => {
                        catalogue::preview_page(conn, &ctx, &address, &slug, viewer, today)
                    }
                    None => Err(e),
                },
                other => other,
            },
        )
        .await?;
    let frame = Frame::public(&req);
    let mut res = views::render(
        &state.templates,
        &frame,
        "catalogue/product.html",
        &page,
        StatusCode::OK,
    )?;
    if page.preview {
        let headers = res.headers_mut();
        headers.insert(
            actix_web::http::header::CACHE_CONTROL,
            actix_web::http::header::HeaderValue::from_static("no-store"),
        );
        headers.insert(
            actix_web::http::header::HeaderName::from_static("x-robots-tag"),
            actix_web::http::header::HeaderValue::from_static("noindex, nofollow"),
        );
    }
    Ok(res)
}
