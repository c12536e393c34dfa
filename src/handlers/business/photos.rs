//! Product photos: upload (multipart), remove, reorder, alt text.
//!
//! An upload is refused before its body is read when it declares more than the limit, and
//! while it is read as soon as it passes it. The CSRF token must be the first part. The photo
//! is decoded from its bytes with hard limits (`media::upload`), re-encoded without metadata
//! into size variants, and its files are written completely before the row that refers to
//! them. Photos change only while the product is a draft (or was rejected): what the public
//! sees is what was reviewed. That, the ownership and the photo cap are checked again in the
//! transaction that inserts the row; a refused upload removes the files it wrote (unless a row
//! of the same content refers to them), and a deleted photo's files go once nothing refers to
//! them.

use std::sync::OnceLock;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tokio::sync::Semaphore;

use super::{is_draft_or_rejected, own_product};
use crate::app::AppState;
use crate::auth::{self, BusinessUser, NoFields, Protected, Visitor};
use crate::db::models::product_image::{Appended, Deleted, MAX_PHOTOS, NewProductImage};
use crate::db::models::{Product, ProductImage};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::{FRAMING, PageAddress, read_multipart, refuse_oversize};
use crate::i18n::{Locale, Msg};
use crate::media::upload::{UploadError, UploadLimits, decode_photo};
use crate::media::{self, EncodedPhoto, StoreError};
use crate::views::business::{FileRefusal, MAX_FILES};
use crate::views::{self, Frame};
use diesel::Connection;

/// Most parts an upload form may have (token, alt text, photos).
const MAX_PARTS: usize = 2 + MAX_FILES;
/// Most bytes of one request: the limit of one photo, as before several files were taken at
/// once (several small photos fit in one request; the site's script sends one per request).
fn request_limit(limits: &UploadLimits) -> usize {
    limits.max_bytes + FRAMING
}

/// Longest alt text.
const MAX_ALT: usize = 300;

/// A decode needs up to `UploadLimits::max_decode_alloc` (192 MiB) plus its variants: two at a
/// time (the README's photo section gives the worst case).
fn decode_permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(2))
}

/// The refusal when the product left the editable states while the change was under way.
const NOT_EDITABLE: Msg = Msg::new("upload-not-editable-meanwhile");

fn editable(product: &Product) -> Result<(), Msg> {
    if is_draft_or_rejected(product) {
        Ok(())
    } else {
        Err(Msg::new("upload-not-editable"))
    }
}

/// One file of an upload: the name the client gave (only to say which file a refusal is
/// about) and its bytes.
struct UploadedFile {
    name: String,
    bytes: Vec<u8>,
}

/// What the upload form carried.
struct Upload {
    token: String,
    alt: String,
    photos: Vec<UploadedFile>,
}

/// Reads the multipart body with limits; refuses oversize parts as soon as they pass the limit.
async fn read_upload(payload: Multipart, limits: &UploadLimits) -> Result<Upload, AppError> {
    let invalid_part = || AppError::bad_request(Msg::new("upload-invalid-part"));
    let cap = |n: usize, name: &str| match name {
        _ if n > MAX_PARTS => Err(AppError::bad_request(Msg::new("upload-too-many-parts"))),
        "photo" => Ok(limits.max_bytes),
        "csrf_token" | "alt" => Ok(4 * 1024),
        _ => Err(invalid_part()),
    };
    let too_large = || AppError::bad_request(UploadError::TooLarge.msg());
    let mut upload = Upload {
        token: String::new(),
        alt: String::new(),
        photos: Vec::new(),
    };
    for part in read_multipart(payload, cap, too_large).await? {
        match part.name.as_str() {
            "csrf_token" => upload.token = String::from_utf8_lossy(&part.bytes).into_owned(),
            "alt" => {
                upload.alt = String::from_utf8_lossy(&part.bytes)
                    .trim()
                    .chars()
                    .take(MAX_ALT)
                    .collect()
            }
            // The client's file name and Content-Type decide nothing: only the bytes do. The
            // name only says which file a refusal is about. A browser sends an empty file part
            // when no file was chosen.
            "photo"
                if part.bytes.is_empty() && part.file_name.as_deref().unwrap_or("").is_empty() => {}
            "photo" if upload.photos.len() < MAX_FILES => upload.photos.push(UploadedFile {
                name: part
                    .file_name
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(120)
                    .collect(),
                bytes: part.bytes,
            }),
            _ => return Err(invalid_part()),
        }
    }
    Ok(upload)
}

/// Whether the request is the site's script, which wants a JSON answer rather than a page.
fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// `POST /doanh-nghiep/san-pham/{id}/anh`: one or several photos. Each is decoded and stored
/// on its own: a refused file is reported by its name and nothing of it is kept, while the
/// others are added.
pub async fn upload_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let limits = UploadLimits::default();
    refuse_oversize(&req, request_limit(&limits))?;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let (product, mut photos) = state
        .db
        .run(move |conn| own_with_count(conn, user_id, id))
        .await?;
    let upload = read_upload(payload, &limits).await?;
    // The user's session already holds the token: no second look-up through `Visitor`.
    auth::verify_request(&req, &Visitor::signed_in(user.0.clone()), &upload.token)?;
    let locale = Locale::of(&req);
    if upload.photos.is_empty() {
        let refusal = (Msg::new("upload-no-file"), UNPROCESSABLE);
        return refused(
            &state,
            &req,
            &user,
            id,
            Vec::new(),
            0,
            vec![(String::new(), refusal)],
        )
        .await;
    }
    let (mut added, mut refusals) = (0_i64, Vec::new());
    for file in upload.photos {
        let one = Upload1 {
            alt: upload.alt.clone(),
            bytes: file.bytes,
        };
        match add_photo(&state, user_id, &product, photos, one, limits.clone()).await? {
            Ok(()) => {
                added += 1;
                photos += 1;
            }
            Err(refusal) => refusals.push((file.name, refusal)),
        }
    }
    if refusals.is_empty() {
        // The count is the product's photos now: right also when the script sends one file
        // per request and the last message is the one shown.
        let flash = Flash::success("flash-photos-uploaded").arg("count", photos);
        let to = locale.path(&format!("/doanh-nghiep/san-pham/{id}#anh"));
        if wants_json(&req) {
            let mut res = HttpResponse::Ok()
                .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                .json(serde_json::json!({ "ok": true, "photos": photos }));
            let _ = res.add_cookie(&flash.cookie(&req));
            return Ok(res);
        }
        return Ok(flash::see_other(&req, &to, flash));
    }
    refused(&state, &req, &user, id, Vec::new(), added, refusals).await
}

/// A refusal for the site's script. It is answered 200 with `ok: false` and the refusal's
/// status in the body: the site's error pages replace the body of every non-HTML error
/// response, and the script needs the messages.
fn json_refusal(body: serde_json::Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// The answer when some files were refused: for the script, the messages as JSON; otherwise
/// the product's page as it is now, each refusal shown by the upload field with its file's
/// name, and how many photos were added.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    id: i32,
    mut shown: Vec<FileRefusal>,
    added: i64,
    refusals: Vec<(String, Refusal)>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(req);
    let status = refusals.first().map_or(UNPROCESSABLE, |(_, (_, s))| *s);
    shown.extend(refusals.into_iter().map(|(file, (msg, _))| FileRefusal {
        file,
        message: locale.msg(&msg),
    }));
    if wants_json(req) {
        return Ok(json_refusal(
            serde_json::json!({ "ok": false, "status": status.as_u16(), "added": added, "errors": shown }),
        ));
    }
    let notice = (added > 0).then(|| Msg::new("business-photos-some-added").arg("count", added));
    photo_page(
        state,
        req,
        user,
        id,
        PhotoProblem::Files(shown, notice),
        status,
    )
    .await
}
/// The user's own product `id` and how many photos it has.
fn own_with_count(
    conn: &mut crate::db::DbConnection,
    user_id: i32,
    id: i32,
) -> Result<(Product, i64), AppError> {
    Ok((
        own_product(conn, user_id, id)?,
        ProductImage::count_for(conn, id)?,
    ))
}

/// One photo to add, with the alt text the form gave (usually none: it is asked after).
struct Upload1 {
    alt: String,
    bytes: Vec<u8>,
}

/// Adds the uploaded photo to `product` (which has `photos` already), or says why not.
async fn add_photo(
    state: &AppState,
    user_id: i32,
    product: &Product,
    photos: i64,
    upload: Upload1,
    limits: UploadLimits,
) -> Result<Result<(), Refusal>, AppError> {
    // Refusals that cost nothing come before the decoder's work and any file; all of them are
    // checked again with the row (the body may have taken minutes to arrive).
    if let Err(message) = editable(product) {
        return Ok(Err((message, StatusCode::CONFLICT)));
    }
    if photos >= MAX_PHOTOS {
        return Ok(Err((full(), UNPROCESSABLE)));
    }
    match encode_upload(upload.bytes, limits).await? {
        Ok(encoded) => store_photo(state, user_id, product.id, encoded, upload.alt).await,
        Err(e) => Ok(Err((e.msg(), UNPROCESSABLE))),
    }
}

/// A refusal for the uploader: the message shown by the upload field, and the status.
type Refusal = (Msg, StatusCode);

/// Writes the photo's files, then its row in a transaction that checks everything again;
/// when the row is refused (or anything fails), removes the files this request wrote.
async fn store_photo(
    state: &AppState,
    user_id: i32,
    product_id: i32,
    encoded: EncodedPhoto,
    alt: String,
) -> Result<Result<(), Refusal>, AppError> {
    let written = match write_files(state, &encoded).await? {
        Ok(written) => written,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let new = NewProductImage {
        product_id,
        content_hash: encoded.hash.clone(),
        width: i32::try_from(encoded.width).map_err(AppError::internal)?,
        height: i32::try_from(encoded.height).map_err(AppError::internal)?,
        sort_order: 0,
        alt,
    };
    let appended = state
        .db
        .run(move |conn| Ok(ProductImage::append_checked(conn, user_id, new)?))
        .await;
    let refusal = match appended {
        Ok(Appended::Added(_)) => {
            // A photo of the same content deleted meanwhile may have taken our files with it.
            let media = state.media.clone();
            return match web::block(move || media.write(&encoded)).await {
                Ok(Ok(_)) => Ok(Ok(())),
                Ok(Err(failure)) => Err(AppError::internal(failure.error)),
                Err(e) => Err(AppError::internal(e)),
            };
        }
        Ok(Appended::Full) => Ok((full(), UNPROCESSABLE)),
        Ok(Appended::NotEditable) => Ok((NOT_EDITABLE, StatusCode::CONFLICT)),
        Ok(Appended::NotOwned) => Err(AppError::not_found()),
        Err(e) => Err(e),
    };
    discard_files(state, encoded.hash, written).await?;
    refusal.map(Err)
}

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

fn full() -> Msg {
    Msg::new("upload-photos-full").arg("max", MAX_PHOTOS)
}

/// Decodes and re-encodes the photo off the async workers, a few at a time.
async fn encode_upload(
    photo: Vec<u8>,
    limits: UploadLimits,
) -> Result<Result<EncodedPhoto, UploadError>, AppError> {
    let _permit = decode_permits()
        .acquire()
        .await
        .map_err(AppError::internal)?;
    let encoded = web::block(move || {
        decode_photo(&photo, &limits).map(|decoded| EncodedPhoto::encode(&decoded))
    })
    .await
    .map_err(AppError::internal)?;
    match encoded {
        Ok(Ok(encoded)) => Ok(Ok(encoded)),
        Ok(Err(e)) => Err(AppError::internal(e)),
        Err(refused) => Ok(Err(refused)),
    }
}

/// Writes the photo's files; when the storage fails, removes what was written and gives the
/// refusal for the uploader (507 when the disk is full, 503 otherwise).
async fn write_files(
    state: &AppState,
    encoded: &EncodedPhoto,
) -> Result<Result<Vec<String>, Refusal>, AppError> {
    let media = state.media.clone();
    let photo = encoded.clone();
    let failure = match web::block(move || media.write(&photo))
        .await
        .map_err(AppError::internal)?
    {
        Ok(written) => return Ok(Ok(written)),
        Err(failure) => failure,
    };
    tracing::error!(error = ?failure.error, "cannot store an uploaded photo");
    discard_files(state, encoded.hash.clone(), failure.written).await?;
    Ok(Err(match failure.error {
        StoreError::Full(_) => (
            Msg::new("upload-storage-full"),
            StatusCode::INSUFFICIENT_STORAGE,
        ),
        StoreError::Failed(_) => (
            Msg::new("upload-storage-failed"),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
    }))
}

/// Removes files of `hash` unless a row refers to them (another product's photo of the same
/// content, or a concurrent upload of it that committed).
async fn discard_files(state: &AppState, hash: String, names: Vec<String>) -> Result<(), AppError> {
    if names.is_empty() {
        return Ok(());
    }
    let media = state.media.clone();
    state
        .db
        .run(move |conn| {
            media
                .remove_unreferenced(&names, || Ok(ProductImage::is_referenced(conn, &hash)?))
                .map_err(AppError::internal)
        })
        .await?;
    Ok(())
}

/// What to show by the photos when the product's page is given again.
enum PhotoProblem {
    /// A change refused as a whole.
    One(Msg),
    /// Files refused (by name), and a note of those added.
    Files(Vec<FileRefusal>, Option<Msg>),
}

/// The refusal of a whole change, by the photos of the product's page.
async fn photo_error(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product_id: i32,
    message: Msg,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    if wants_json(req) {
        let text = Locale::of(req).msg(&message);
        return Ok(json_refusal(
            serde_json::json!({ "ok": false, "status": status.as_u16(), "errors": [{ "file": "", "message": text }] }),
        ));
    }
    photo_page(
        state,
        req,
        user,
        product_id,
        PhotoProblem::One(message),
        status,
    )
    .await
}

/// The page of the user's product `product_id` as it is now, with the problem shown by the
/// photos.
async fn photo_page(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product_id: i32,
    problem: PhotoProblem,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let (user_id, address) = (user.0.user.id, PageAddress::of(req));
    let page = state
        .db
        .run(move |conn| {
            let (message, files, notice) = match problem {
                PhotoProblem::One(m) => (Some(m), Vec::new(), None),
                PhotoProblem::Files(files, notice) => (None, files, notice),
            };
            let mut page =
                views::business::edit_product(conn, &ctx, user_id, product_id, message, &address)?;
            page.photo_file_errors = files;
            page.photo_notice = notice.map(|m| address.locale.msg(&m));
            Ok(page)
        })
        .await?;
    let frame = Frame::signed_in(req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/product_form.html",
        &page,
        status,
    )
}

#[derive(Debug, Deserialize)]
pub struct AltForm {
    #[serde(default)]
    alt: String,
}

/// Runs `change` on a photo of the user's own editable product, then goes back to it. The
/// product is re-checked and locked in the transaction of the change. `change` returns the
/// photo it deleted, if any: its files go once the deletion is committed, unless shared.
async fn change_photo(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product_id: i32,
    done: Flash,
    change: impl FnOnce(&mut crate::db::DbConnection) -> Result<Option<Deleted>, AppError>
    + Send
    + 'static,
) -> Result<HttpResponse, AppError> {
    let user_id = user.0.user.id;
    let product = state
        .db
        .run(move |conn| own_product(conn, user_id, product_id))
        .await?;
    if let Err(message) = editable(&product) {
        return photo_error(state, req, user, product_id, message, StatusCode::CONFLICT).await;
    }
    let changed = state
        .db
        .run(move |conn| {
            conn.transaction(|conn| {
                if !ProductImage::lock_editable(conn, product_id)? {
                    return Ok(None);
                }
                change(conn).map(Some)
            })
        })
        .await?;
    match changed {
        None => {
            photo_error(
                state,
                req,
                user,
                product_id,
                NOT_EDITABLE,
                StatusCode::CONFLICT,
            )
            .await
        }
        Some(deleted) => {
            if let Some(gone) = deleted.filter(|d| d.unreferenced) {
                let width = u32::try_from(gone.width).unwrap_or(0);
                let names = media::file_names(&gone.content_hash, width);
                discard_files(state, gone.content_hash, names).await?;
            }
            if wants_json(req) {
                // The script reloads the page, which shows the message once.
                let text = done.view(Locale::of(req)).text;
                let mut res = HttpResponse::Ok()
                    .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                    .json(serde_json::json!({ "ok": true, "message": text }));
                let _ = res.add_cookie(&done.cookie(req));
                return Ok(res);
            }
            Ok(flash::see_other(
                req,
                &Locale::of(req).path(&format!("/doanh-nghiep/san-pham/{product_id}#anh")),
                done,
            ))
        }
    }
}

/// `POST /doanh-nghiep/san-pham/{id}/anh/{photo}/xoa`
pub async fn delete_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (id, photo) = path.into_inner();
    change_photo(
        &state,
        &req,
        user,
        id,
        Flash::success("flash-photo-deleted"),
        move |conn| match ProductImage::delete(conn, id, photo)? {
            Some(deleted) => Ok(Some(deleted)),
            None => Err(AppError::not_found()),
        },
    )
    .await
}

/// `POST /doanh-nghiep/san-pham/{id}/anh/{photo}/{len|xuong}`: one place up or down.
pub async fn move_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (id, photo) = path.into_inner();
    let up = req.path().ends_with("/len");
    let done = Flash::success(if up {
        "flash-photo-moved-up"
    } else {
        "flash-photo-moved-down"
    });
    change_photo(&state, &req, user, id, done, move |conn| {
        ProductImage::shift(conn, id, photo, up)?;
        Ok(None)
    })
    .await
}

/// `POST /doanh-nghiep/san-pham/{id}/anh/{photo}/mo-ta`
pub async fn describe_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    posted: Protected<AltForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let (id, photo) = path.into_inner();
    let alt: String = posted.form.alt.trim().chars().take(MAX_ALT).collect();
    let done = Flash::success("flash-photo-described");
    change_photo(&state, &req, user, id, done, move |conn| {
        if ProductImage::set_alt(conn, id, photo, &alt)? == 0 {
            return Err(AppError::not_found());
        }
        Ok(None)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct OrderForm {
    /// The product's photo ids in their new order, comma-separated.
    #[serde(default)]
    order: String,
}

/// `POST /doanh-nghiep/san-pham/{id}/anh/thu-tu`: the photos in a new order (the page's
/// drag and drop). The order must name each of the product's photos exactly once.
pub async fn reorder_photos(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<OrderForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let id = id.into_inner();
    let order: Vec<i32> = posted
        .form
        .order
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .take(MAX_PHOTOS as usize + 1)
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::bad_request(Msg::new("business-photo-order-invalid")))?;
    let done = Flash::success("flash-photos-reordered");
    change_photo(&state, &req, user, id, done, move |conn| {
        if !ProductImage::reorder(conn, id, &order)? {
            return Err(AppError::bad_request(Msg::new(
                "business-photo-order-invalid",
            )));
        }
        Ok(None)
    })
    .await
}
