//! `/mua-sam-cong`: the state buyers' list and its CSV and XLSX exports, loaded by
//! `views::buyers` and `views::buyers_export`. Validity is judged on the site clock's today.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::buyers::{self, BuyersParams, BuyersQuery};
use crate::views::buyers_export::Export;
use crate::views::{self, Frame};

/// `/mua-sam-cong`: the filtered, paginated list.
pub async fn list_buyers(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<BuyersParams>,
) -> Result<HttpResponse, AppError> {
    let (address, params, today) = (
        PageAddress::of(&req),
        params.into_inner(),
        state.clock.today(),
    );
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| buyers::list_page(conn, &ctx, &address, params, today))
        .await?;
    views::render(
        &state.templates,
        &Frame::public(&req),
        "buyers/list.html",
        &page,
        StatusCode::OK,
    )
}

/// The export of the list as `params` filter it: its ids are read first (a 400 for a bad
/// filter comes before any byte of the file).
async fn export_of(
    state: &AppState,
    req: &HttpRequest,
    params: BuyersParams,
) -> Result<Export, AppError> {
    let address = PageAddress::of(req);
    let today = state.clock.today();
    let ctx = state.reference.get(&state.db).await?;
    let filter = BuyersQuery::parse(params, &ctx)?.filter;
    let selected = filter.clone();
    let (ids, truncated) = state
        .db
        .run(move |conn| Export::ids(conn, &selected, today))
        .await?;
    Ok(Export {
        ctx,
        filter,
        today,
        locale: address.locale,
        base_url: address.base_url,
        ids,
        truncated,
    })
}

fn download(content_type: &str, name: &str) -> actix_web::HttpResponseBuilder {
    let mut res = HttpResponse::Ok();
    res.content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    res
}

/// `/mua-sam-cong.csv`: the filtered list as UTF-8 CSV (with a byte-order mark), streamed.
pub async fn export_buyers_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<BuyersParams>,
) -> Result<HttpResponse, AppError> {
    let export = export_of(&state, &req, params.into_inner()).await?;
    let name = export.file_name("csv");
    Ok(download("text/csv; charset=utf-8", &name).streaming(export.csv_stream(state.db.clone())))
}

/// `/mua-sam-cong.xlsx`: the filtered list as an Excel workbook, built on the blocking pool.
pub async fn export_buyers_xlsx(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<BuyersParams>,
) -> Result<HttpResponse, AppError> {
    let export = export_of(&state, &req, params.into_inner()).await?;
    let name = export.file_name("xlsx");
    let file = state.db.run(move |conn| export.xlsx(conn)).await?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    )
    .body(file))
}
