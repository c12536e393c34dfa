//! Request handlers, one module per area. A handler extracts its input, runs one closure on
//! the database through `Db::run`, and renders a page struct; it holds no SQL.

pub mod account;
pub mod admin;
pub mod api;
pub mod articles;
pub mod assets;
pub mod awards;
pub mod business;
pub mod catalogue;
pub mod errors;
pub mod feeds;
pub mod filters;
pub mod health;
pub mod producers;
pub mod reports;
pub mod search;

use actix_web::HttpRequest;

use crate::views::PageMeta;

/// Refuses an upload that declares (`Content-Length`) more than `limit` bytes, before its
/// body is read.
pub fn refuse_oversize(req: &HttpRequest, limit: usize) -> Result<(), crate::error::AppError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(n) if n > limit => Err(crate::error::AppError::PayloadTooLarge),
        _ => Ok(()),
    }
}

/// What a page needs to know about its own address; unlike `HttpRequest` it can move into a
/// database closure.
#[derive(Debug, Clone)]
pub struct PageAddress {
    /// "https://hangviet.vn", as the client reached the site.
    pub base_url: String,
    pub path: String,
}

impl PageAddress {
    pub fn of(req: &HttpRequest) -> PageAddress {
        let info = req.connection_info();
        PageAddress {
            base_url: format!("{}://{}", info.scheme(), info.host()),
            path: req.path().to_owned(),
        }
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Page metadata with this page's canonical URL.
    pub fn meta(
        &self,
        section: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> PageMeta {
        PageMeta {
            title: title.into(),
            description: description.into(),
            canonical: self.absolute(&self.path),
            og_image: None,
            og_type: "website",
            section,
        }
    }
}
