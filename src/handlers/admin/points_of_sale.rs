//! Points of sale for officials: the list of those changed by producers (newest first), an
//! official's edit, the decisions (reviewed, hide, show again, remove), and the CSV import
//! and export. Every change is one audited command of `actions::points_of_sale`.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::imports::{MAX_FILE, read_upload};
use super::{csv_download, last_segment};
use crate::actions::points_of_sale::{self as act, Decision};
use crate::app::AppState;
use crate::auth::{self, NoFields, OfficialUser, Protected, Visitor};
use crate::db::models::audit::AuditTarget;
use crate::db::models::point_of_sale_edits::ReviewFilter;
use crate::db::models::{PointOfSale, Producer};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::business::points_of_sale::PointOfSaleForm;
use crate::handlers::{FRAMING, refuse_oversize};
use crate::i18n::{Locale, Msg};
use crate::import::points_of_sale::{self as import, PointImportError};
use crate::views::admin::points_of_sale::{self as pages, PointsImportPage, ShownLineError};
use crate::views::filters::parse_page;
use crate::views::point_of_sale_forms::{self as forms, Area, FormSubject};
use crate::views::{self, Frame, PageAddress};

const PER_PAGE: i64 = 30;
/// Largest file accepted: 10,000 points of sale are about 2 MB.

#[derive(Debug, Deserialize)]
pub struct ListParams {
    xem: Option<String>,
    page: Option<String>,
}

/// `GET /quan-tri/diem-ban`: points of sale waiting for a look (`?xem=hidden`, `?xem=all`).
pub async fn list_points_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let filter = match params
        .xem
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => ReviewFilter::NeedsReview,
        Some(text) => ReviewFilter::from_slug(text).ok_or_else(|| {
            let shown: String = text.chars().take(40).collect();
            AppError::bad_request(Msg::new("admin-pos-bad-filter").arg("value", shown))
        })?,
    };
    let page = parse_page(&params.page, PER_PAGE)?;
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| pages::load(conn, &ctx, &address, filter, page))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/points_of_sale.html",
        &view,
        StatusCode::OK,
    )
}

const FORM: &str = "admin/point_of_sale_form.html";

/// `GET /quan-tri/diem-ban/{point}`: an official's form of any point of sale.
pub async fn edit_point_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    point: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let point = point.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| forms::edit_any(conn, &ctx, point, &address))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(&state.templates, &frame, FORM, &page, StatusCode::OK)
}

/// `POST /quan-tri/diem-ban/{point}`: saves an official's edit (no longer waiting for
/// review), audited.
pub async fn update_point_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    point: web::Path<i32>,
    posted: Protected<PointOfSaleForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let point = point.into_inner();
    let (frame, address) = (Frame::signed_in(&req, &posted.who.0), PageAddress::of(&req));
    let subject = state
        .db
        .run(move |conn| {
            let stored = PointOfSale::by_id(conn, point)?;
            let producer = Producer::by_ids(conn, &[stored.producer_id])?
                .pop()
                .ok_or_else(AppError::not_found)?;
            FormSubject::load(conn, producer)
        })
        .await?;
    let ctx = state.reference.get(&state.db).await?;
    let (form, fields) = posted.form.check(&ctx, &subject.products, address.locale);
    if let Some(fields) = fields {
        let actor = posted.who.0.actor();
        act::update_by_official(&state.db, state.caches(), actor, point, fields).await?;
        let flash = Flash::success("flash-point-of-sale-saved");
        return Ok(flash::see_other(
            &req,
            &frame.path("/quan-tri/diem-ban"),
            flash,
        ));
    }
    let page = forms::form_page(&ctx, &address, &subject, Some(point), Area::Officials, form);
    views::render(
        &state.templates,
        &frame,
        FORM,
        &page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// `POST /quan-tri/diem-ban/{point}/{da-xem|an|hien-lai|xoa}`: an audited decision.
pub async fn decide_point_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    point: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let decision = Decision::from_segment(last_segment(&req)).ok_or_else(AppError::not_found)?;
    let actor = posted.who.0.actor();
    act::decide(
        &state.db,
        state.caches(),
        actor,
        point.into_inner(),
        decision,
    )
    .await?;
    let flash = Flash::success(match decision {
        Decision::MarkReviewed => "flash-point-of-sale-reviewed",
        Decision::Hide => "flash-point-of-sale-hidden",
        Decision::Restore => "flash-point-of-sale-restored",
        Decision::Remove => "flash-point-of-sale-removed",
    });
    let to = Locale::of(&req).path("/quan-tri/diem-ban");
    Ok(flash::see_other(&req, &to, flash))
}

/// `GET /quan-tri/diem-ban/xuat.csv`: every point of sale in the import format.
pub async fn export_points_of_sale(
    state: web::Data<AppState>,
    _official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let body = state
        .db
        .run(move |conn| import::export_csv(conn, &ctx))
        .await?;
    Ok(csv_download("diem-ban.csv", body))
}

/// `GET /quan-tri/diem-ban/nhap`: the upload form.
pub async fn show_point_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let page = PointsImportPage::new(&PageAddress::of(&req));
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/point_of_sale_import.html",
        &page,
        StatusCode::OK,
    )
}

/// `POST /quan-tri/diem-ban/nhap` (multipart): checks the file and imports it, all or
/// nothing. A file with bad lines is shown again with every one of them (422), nothing
/// stored; importing the same file again changes nothing.
pub async fn import_points_of_sale(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    refuse_oversize(&req, MAX_FILE + FRAMING)?;
    let upload = read_upload(payload, "diem-ban.csv").await?;
    auth::verify_request(&req, &Visitor::signed_in(official.0.clone()), &upload.token)?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad_request(Msg::new("admin-pos-import-no-file")));
    }
    let ctx = state.reference.get(&state.db).await?;
    let actor = official.0.actor();
    let address = PageAddress::of(&req);
    let locale = address.locale;
    let mut page = PointsImportPage::new(&address);
    let file_name = upload.file_name.clone();
    let outcome = state
        .db
        .run(move |conn| {
            let parsed = import::parse(conn, &upload.bytes, &ctx)?;
            let source = AuditTarget::ImportFile(upload.file_name);
            Ok(import::apply(conn, &parsed, &actor, &source, false, &|| {}))
        })
        .await?;
    page.file_name = Some(file_name);
    let status = match outcome {
        Ok(report) => {
            if report.created + report.updated > 0 {
                state.caches().public_pages_changed();
            }
            page.report = Some(report);
            StatusCode::OK
        }
        Err(PointImportError::Invalid(errors)) => {
            page.errors = errors
                .into_iter()
                .map(|e| ShownLineError {
                    line: e.line,
                    message: locale.msg(&e.msg),
                })
                .collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(PointImportError::Database(e)) => return Err(e.into()),
    };
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/point_of_sale_import.html",
        &page,
        status,
    )
}
