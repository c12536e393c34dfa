//! `/du-lieu`: the bulk downloads' page and the files themselves, streamed from disk (the
//! files are built by `crate::bulk` off the request path; a request only reads them).

use actix_files::NamedFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use crate::app::AppState;
use crate::error::AppError;
use crate::views::bulk::open_data_page;
use crate::views::{self, Frame};

/// How long a browser or proxy may keep a file before asking again (the set is rebuilt at
/// most every few minutes; `ETag` and `Last-Modified` make the next ask cheap).
const FILE_MAX_AGE: &str = "public, max-age=300";

/// `GET /du-lieu`: the licence, when the files were made, each file and each schema.
pub async fn show_open_data(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let reader = state.clone();
    let current = web::block(move || reader.open_data.current())
        .await
        .map_err(AppError::internal)?;
    let page = open_data_page(&PageAddress::of(&req), current.as_ref().map(|(_, m)| m));
    views::render(
        &state.templates,
        &Frame::public(&req),
        "open_data/index.html",
        &page,
        StatusCode::OK,
    )
}

/// `GET /du-lieu/{file}`: one file of the current set, streamed (ranges, `ETag`,
/// `Last-Modified` and conditional requests by actix-files). Only the names of the allow-list
/// are served; anything else is 404.
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let name = name.into_inner();
    crate::bulk::parse_file_name(&name).ok_or_else(AppError::not_found)?;
    let reader = state.clone();
    let dir = web::block(move || reader.open_data.current_dir())
        .await
        .map_err(AppError::internal)?
        .ok_or_else(AppError::not_found)?;
    let file = NamedFile::open_async(dir.join(&name))
        .await
        .map_err(|_| AppError::not_found())?
        .set_content_type("application/gzip".parse().map_err(AppError::internal)?)
        .set_content_disposition(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        // The bytes are the gzip file itself: no transfer encoding on top (`Compress` leaves
        // a response with a `Content-Encoding` alone).
        .set_content_encoding(header::ContentEncoding::Identity);
    let mut res = file.into_response(&req);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(FILE_MAX_AGE),
    );
    Ok(res)
}
