//! Importing a yearly award list from the web: upload → preview of what will be created,
//! matched, or is wrong (every bad line by number) → confirm. The checking and the dry run
//! happen at upload, on the blocking pool; confirming applies the stored file once, all or
//! nothing (`actions::imports`).

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::see_other;
use crate::actions::imports as act;
use crate::app::AppState;
use crate::auth::{self, NoFields, OfficialUser, Protected, Visitor};
use crate::error::AppError;
use crate::handlers::{FRAMING, read_multipart, refuse_oversize};
use crate::i18n::{Locale, Msg};
use crate::import::ConfirmError;
use crate::views::admin::imports;
use crate::views::{self, Frame, PageAddress};

/// Largest list accepted: a 5,000-row list is about 1 MB.
pub(super) const MAX_FILE: usize = 8 * 1024 * 1024;

/// `GET /quan-tri/giai-thuong/nhap`: the upload form and the latest uploads.
pub async fn show_import_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| imports::load_form(conn, &address))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/import.html",
        &view,
        StatusCode::OK,
    )
}

/// `GET /quan-tri/giai-thuong/nhap/mau.csv`: a template to fill in — the header the import
/// reads (DESIGN.md section 5) and one example line — as UTF-8 with a BOM, so that Excel shows
/// the Vietnamese letters right. Imported as it is, it is a valid file.
pub async fn import_template(
    locale: Locale,
    _official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let example: Vec<String> = locale
        .t("admin-import-template-example")
        .split(',')
        .map(|cell| cell.trim().to_owned())
        .collect();
    let body = crate::spreadsheet::document(&crate::import::COLUMNS, &[example])?;
    Ok(super::csv_download("mau-danh-sach-giai-thuong.csv", body))
}

/// An uploaded list: its CSRF token and the file.
pub(super) struct Upload {
    pub token: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reads an officials' list upload (a CSRF token and one file of at most [`MAX_FILE`]); a
/// file sent without a name is called `default_name`.
pub(super) async fn read_upload(
    payload: Multipart,
    default_name: &str,
) -> Result<Upload, AppError> {
    let invalid = || AppError::bad_request(Msg::new("admin-import-bad-form"));
    let cap = |n: usize, name: &str| match name {
        _ if n > 2 => Err(invalid()),
        "file" => Ok(MAX_FILE),
        "csrf_token" => Ok(256),
        _ => Err(invalid()),
    };
    let mut upload = Upload {
        token: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    for part in read_multipart(payload, cap, || AppError::PayloadTooLarge).await? {
        if part.name == "file" {
            upload.file_name = part
                .file_name
                .as_deref()
                .map(|f| f.rsplit(['/', '\\']).next().unwrap_or_default())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            upload.bytes = part.bytes;
        } else {
            upload.token = String::from_utf8_lossy(&part.bytes).into_owned();
        }
    }
    if upload.file_name.is_empty() {
        default_name.clone_into(&mut upload.file_name);
    }
    Ok(upload)
}

/// `POST /quan-tri/giai-thuong/nhap` (multipart): checks and dry-runs the file, stores it
/// with its preview, and shows the preview.
pub async fn upload_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    official: OfficialUser,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    refuse_oversize(&req, MAX_FILE + FRAMING)?;
    let upload = read_upload(payload, "danh-sach.csv").await?;
    // The official's session already holds the token: no second look-up through `Visitor`.
    auth::verify_request(&req, &Visitor::signed_in(official.0.clone()), &upload.token)?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad_request(Msg::new("admin-import-no-file")));
    }
    let ctx = state.reference.get(&state.db).await?;
    let actor = official.0.actor();
    let id = act::stage(&state.db, ctx, actor, upload.file_name, upload.bytes).await?;
    Ok(see_other(
        &locale.path(&format!("/quan-tri/giai-thuong/nhap/{id}")),
    ))
}

/// `GET /quan-tri/giai-thuong/nhap/{import}`: what the file will do, or did.
pub async fn show_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (address, id) = (PageAddress::of(&req), id.into_inner());
    // A stored preview holds an outcome per line: parsed on the blocking thread, not here.
    let view = state
        .db
        .run(move |conn| imports::load_preview(conn, &address, id))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/import_preview.html",
        &view,
        StatusCode::OK,
    )
}

/// `POST /quan-tri/giai-thuong/nhap/{import}/xac-nhan`: applies the checked file, once.
pub async fn confirm_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let actor = posted.who.0.actor();
    match act::confirm(&state.db, state.caches(), ctx, actor, id).await? {
        Ok(_) => Ok(crate::flash::see_other(
            &req,
            &locale.path(&format!("/quan-tri/giai-thuong/nhap/{id}")),
            crate::flash::Flash::success("flash-import-applied"),
        )),
        Err(ConfirmError::Invalid(errors)) => {
            let first = errors.first();
            let msg = Msg::new("admin-import-no-longer-valid")
                .arg("count", errors.len())
                .arg("line", first.map_or(0, |e| e.line))
                .arg(
                    "message",
                    first.map(|e| e.message(locale)).unwrap_or_default(),
                );
            Err(AppError::bad_request(msg))
        }
        Err(_) => Err(AppError::bad_request(Msg::new("admin-import-not-pending"))),
    }
}
