//! Product photos: upload (multipart), remove, reorder, alt text.
//!
//! An upload is refused before its body is read when it declares more than the limit, and
//! while it is read as soon as it passes it. The CSRF token must be the first part. The photo
//! is decoded from its bytes with hard limits (`media::upload`), re-encoded without metadata
//! into size variants, and its files are written completely before the row that refers to
//! them. Photos change only while the product is a draft (or was rejected): what the public
//! sees is what was reviewed.

use std::sync::OnceLock;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use tokio::sync::Semaphore;

use super::products::{product_form_state, product_page};
use super::{is_draft_or_rejected, own_product, see_other};
use crate::app::AppState;
use crate::auth::{self, BusinessUser, NoFields, Protected, Visitor};
use crate::db::models::product_image::NewProductImage;
use crate::db::models::{Product, ProductImage};
use crate::error::AppError;
use crate::handlers::{FRAMING, read_multipart, refuse_oversize};
use crate::media::upload::{UploadError, UploadLimits, decode_photo};

/// Most parts an upload form may have (token, alt text, photo).
const MAX_PARTS: usize = 4;
/// Longest alt text.
const MAX_ALT: usize = 300;

/// Decoding a phone photo takes hundreds of MB at worst: two at a time.
fn decode_permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(2))
}

fn editable(product: &Product) -> Result<(), String> {
    if is_draft_or_rejected(product) {
        Ok(())
    } else {
        Err("Chỉ thay ảnh khi sản phẩm là bản nháp hoặc bị từ chối: ảnh đang hiển thị là ảnh đã được duyệt.".to_owned())
    }
}

/// What the upload form carried.
struct Upload {
    token: String,
    alt: String,
    photo: Vec<u8>,
}

/// Reads the multipart body with limits; refuses oversize parts as soon as they pass the limit.
async fn read_upload(payload: Multipart, limits: &UploadLimits) -> Result<Upload, AppError> {
    let invalid_part = || AppError::bad_request("Biểu mẫu có phần không hợp lệ.");
    let cap = |n: usize, name: &str| match name {
        _ if n > MAX_PARTS => Err(AppError::bad_request("Biểu mẫu có quá nhiều phần.")),
        "photo" => Ok(limits.max_bytes),
        "csrf_token" | "alt" => Ok(4 * 1024),
        _ => Err(invalid_part()),
    };
    let too_large = || AppError::bad_request(UploadError::TooLarge.to_string());
    let mut upload = Upload {
        token: String::new(),
        alt: String::new(),
        photo: Vec::new(),
    };
    let mut have_photo = false;
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
            // The client's file name and Content-Type are ignored: only the bytes decide.
            "photo" if !have_photo => {
                have_photo = true;
                upload.photo = part.bytes;
            }
            _ => return Err(invalid_part()),
        }
    }
    Ok(upload)
}

/// `POST /doanh-nghiep/san-pham/{id}/anh`
pub async fn upload_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let limits = UploadLimits::default();
    refuse_oversize(&req, limits.max_bytes + FRAMING)?;
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let product = state
        .db
        .run(move |conn| own_product(conn, user_id, id))
        .await?;
    let upload = read_upload(payload, &limits).await?;
    // The user's session already holds the token: no second look-up through `Visitor`.
    auth::verify_request(&req, &Visitor::signed_in(user.0.clone()), &upload.token)?;
    if let Err(message) = editable(&product) {
        return photo_error(&state, &req, &user, product, message).await;
    }
    let decoded = {
        let _permit = decode_permits()
            .acquire()
            .await
            .map_err(AppError::internal)?;
        let media = state.media.clone();
        web::block(move || decode_photo(&upload.photo, &limits).map(|image| media.put(&image)))
            .await
            .map_err(AppError::internal)?
    };
    let stored = match decoded {
        Ok(stored) => stored.map_err(AppError::internal)?,
        Err(e) => return photo_error(&state, &req, &user, product, e.to_string()).await,
    };
    let new = NewProductImage {
        product_id: id,
        content_hash: stored.hash,
        width: i32::try_from(stored.width).map_err(AppError::internal)?,
        height: i32::try_from(stored.height).map_err(AppError::internal)?,
        sort_order: 0,
        alt: upload.alt,
    };
    let added = state
        .db
        .run(move |conn| Ok(ProductImage::append(conn, new)?))
        .await?;
    if added.is_none() {
        let message = format!(
            "Mỗi sản phẩm có tối đa {} ảnh.",
            crate::db::models::product_image::MAX_PHOTOS
        );
        return photo_error(&state, &req, &user, product, message).await;
    }
    Ok(see_other(&format!("/doanh-nghiep/san-pham/{id}#anh")))
}

/// The product page again, with the photo error shown by the upload field.
async fn photo_error(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product: Product,
    message: String,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let form = product_form_state(&ctx, &product);
    product_page(
        state,
        req,
        user,
        Some(product),
        form,
        Some(message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AltForm {
    #[serde(default)]
    alt: String,
}

/// Runs `change` on a photo of the user's own editable product, then goes back to it.
async fn change_photo(
    state: &AppState,
    req: &HttpRequest,
    user: &BusinessUser,
    product_id: i32,
    change: impl FnOnce(&mut crate::db::DbConnection) -> Result<(), AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let user_id = user.0.user.id;
    let product = state
        .db
        .run(move |conn| own_product(conn, user_id, product_id))
        .await?;
    if let Err(message) = editable(&product) {
        return photo_error(state, req, user, product, message).await;
    }
    state.db.run(change).await?;
    Ok(see_other(&format!(
        "/doanh-nghiep/san-pham/{product_id}#anh"
    )))
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
    change_photo(&state, &req, user, id, move |conn| {
        if ProductImage::remove(conn, id, photo)? == 0 {
            return Err(AppError::not_found());
        }
        Ok(())
    })
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
    change_photo(&state, &req, user, id, move |conn| {
        Ok(ProductImage::shift(conn, id, photo, up)?)
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
    change_photo(&state, &req, user, id, move |conn| {
        if ProductImage::set_alt(conn, id, photo, &alt)? == 0 {
            return Err(AppError::not_found());
        }
        Ok(())
    })
    .await
}
