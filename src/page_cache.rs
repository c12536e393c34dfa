//! A micro-cache for public catalogue pages: the rendered HTML of a GET is kept for a few
//! seconds and served to the next visitors of the same URL.
//!
//! Catalogue data changes rarely and a page a few seconds old is fine to show, so this turns
//! page rendering (queries plus templates) into a map look-up under load. Rules: only the
//! public catalogue paths, only 200 HTML answers, never a request that carries a cookie
//! (a signed-in visitor may see a page of their own). A change made through this instance
//! calls [`PageCache::clear`]; other instances catch up within the lifetime.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use bytes::Bytes;

use crate::app::AppState;

/// Most pages kept at once; a full cache drops expired pages, then everything.
const MAX_ENTRIES: usize = 4_096;

struct Entry {
    stored: Instant,
    body: Bytes,
}

/// Rendered public pages by URL.
pub struct PageCache {
    lifetime: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

impl PageCache {
    /// A cache keeping pages for `lifetime`; zero turns it off.
    pub fn new(lifetime: Duration) -> PageCache {
        PageCache {
            lifetime,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &str) -> Option<Bytes> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        (entry.stored.elapsed() < self.lifetime).then(|| entry.body.clone())
    }

    fn put(&self, key: String, body: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                let lifetime = self.lifetime;
                entries.retain(|_, e| e.stored.elapsed() < lifetime);
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
            }
            entries.insert(
                key,
                Entry {
                    stored: Instant::now(),
                    body,
                },
            );
        }
    }

    /// Forgets every page: call after any change to the catalogue.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

/// Paths whose pages are the same for every anonymous visitor.
fn is_public_page(path: &str) -> bool {
    path == "/"
        || ["/san-pham", "/danh-muc", "/nha-san-xuat", "/giai-thuong"]
            .iter()
            .any(|p| {
                path == *p
                    || path
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
}

/// The middleware: answers from the cache, or renders and keeps the page.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let key = match &state {
        Some(state)
            if !state.pages.lifetime.is_zero()
                && req.method() == Method::GET
                && !req.headers().contains_key(header::COOKIE)
                && is_public_page(req.path()) =>
        {
            Some(req.uri().to_string())
        }
        _ => None,
    };
    let (Some(state), Some(key)) = (state, key) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if let Some(body) = state.pages.get(&key) {
        let response = HttpResponse::Ok()
            .content_type(mime::TEXT_HTML_UTF_8)
            .insert_header(("X-Cache", "hit"))
            .body(body);
        return Ok(req.into_response(response));
    }
    let res = next.call(req).await?;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if res.status() != StatusCode::OK || !is_html || res.headers().contains_key(header::SET_COOKIE)
    {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("page body"))?;
    state.pages.put(key, bytes.clone());
    Ok(ServiceResponse::new(
        req,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_catalogue_paths_are_cached() {
        for path in [
            "/",
            "/san-pham",
            "/san-pham/mat-hoa-dua",
            "/danh-muc/do-uong",
            "/nha-san-xuat",
            "/giai-thuong/ocop/2022",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/tim-kiem",
            "/api/v1/search",
            "/san-phamx",
            "/doanh-nghiep",
            "/quan-tri/san-pham",
            "/healthz",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn pages_expire_and_clear() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.put("/a".into(), Bytes::from_static(b"x"));
        assert_eq!(cache.get("/a").as_deref(), Some(&b"x"[..]));
        cache.clear();
        assert!(cache.get("/a").is_none());
        let off = PageCache::new(Duration::ZERO);
        off.put("/a".into(), Bytes::from_static(b"x"));
        assert!(off.get("/a").is_none());
    }
}
