//! A micro-cache for public catalogue pages: the rendered HTML of a GET is kept for a few
//! seconds and served to the next visitors of the same page.
//!
//! Catalogue data changes rarely and a page a few seconds old is fine to show, so this turns
//! page rendering (queries plus templates) into a map look-up under load. Rules:
//! - only the public catalogue paths, only 200 HTML answers, never a request that carries a
//!   cookie (a signed-in visitor may see a page of their own);
//! - the key is the path and the query parameters the catalogue reads, decoded and sorted:
//!   junk parameters neither make new entries nor change the page;
//! - the cache is bounded in bytes; the least recently used pages go first, and pages past
//!   their stale window are swept out as time goes on;
//! - when a page expires, one request renders it again while the others get the previous copy
//!   (for at most [`STALE_FOR`]), so a popular page is not rendered by every waiting request;
//! - a page is kept with its gzip and brotli forms, made once when it is stored, so a hit is a
//!   map look-up for browsers too (the compression middleware passes encoded answers through);
//! - a change made through this instance calls [`PageCache::clear`]; other instances catch up
//!   within the lifetime.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use bytes::Bytes;

/// Bytes of pages kept at once.
const MAX_BYTES: usize = 64 * 1024 * 1024;
/// A page larger than this is not kept (it would push out many others).
const MAX_PAGE: usize = MAX_BYTES / 16;
/// How long past its lifetime a page may still be served while one request renders it anew.
const STALE_FOR: Duration = Duration::from_secs(30);
/// Query parameters that change a cached page; any other is ignored by those pages.
const KNOWN_PARAMS: &[&str] = &[
    "category",
    "province",
    "year",
    "programme",
    "tier",
    "sort",
    "page",
    "valid",
    "ward",
];

/// A page and its compressed forms.
#[derive(Clone)]
pub struct Encoded {
    /// The page's entity tag ([`crate::conditional::etag_of`] of the identity form): sent
    /// with every form, so a compressed copy is revalidated like the page it came from.
    etag: String,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

impl Encoded {
    /// Compresses `body` (a few milliseconds for a catalogue page: run it off the async
    /// workers).
    pub fn new(body: Bytes) -> Encoded {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let gzip = gz
            .write_all(&body)
            .and_then(|()| gz.finish())
            .map(Bytes::from)
            .unwrap_or_default();
        let mut writer = brotli::CompressorWriter::new(Vec::new(), 32 * 1024, 5, 22);
        let br = match writer.write_all(&body).and_then(|()| writer.flush()) {
            Ok(()) => writer.into_inner(),
            Err(_) => Vec::new(),
        };
        Encoded {
            etag: crate::conditional::etag_of(&body),
            identity: body,
            gzip,
            brotli: Bytes::from(br),
        }
    }

    fn len(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }

    /// The form to send for an `Accept-Encoding` header, and its `Content-Encoding`.
    pub fn for_accept(&self, accept: Option<&str>) -> (Option<&'static str>, Bytes) {
        let accepts = |name: &str| {
            accept.is_some_and(|a| {
                a.split(',').any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    parts.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                        && !parts.any(|p| {
                            p.strip_prefix("q=")
                                .and_then(|q| q.parse::<f32>().ok())
                                .is_some_and(|q| q <= 0.0)
                        })
                })
            })
        };
        if !self.brotli.is_empty() && accepts("br") {
            (Some("br"), self.brotli.clone())
        } else if !self.gzip.is_empty() && accepts("gzip") {
            (Some("gzip"), self.gzip.clone())
        } else {
            (None, self.identity.clone())
        }
    }
}

struct Entry {
    stored: Instant,
    body: Encoded,
    /// Position in the recency order.
    used: u64,
    /// One request is rendering this page anew.
    refreshing: bool,
}

#[derive(Default)]
struct Pages {
    entries: HashMap<Arc<str>, Entry>,
    /// Recency order: the smallest tick is the least recently used page.
    order: BTreeMap<u64, Arc<str>>,
    tick: u64,
    bytes: usize,
    last_sweep: Option<Instant>,
}

impl Pages {
    fn touch(&mut self, key: &Arc<str>) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(entry) = self.entries.get_mut(key) {
            self.order.remove(&entry.used);
            entry.used = tick;
            self.order.insert(tick, key.clone());
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.entries.remove(key) {
            self.order.remove(&entry.used);
            self.bytes -= entry.body.len();
        }
    }
}

/// What the cache has for a page.
pub enum Lookup {
    /// A copy to serve.
    Hit(Encoded),
    /// Nothing usable: render the page, then [`PageCache::put`] it (or drop the ticket).
    Render(RenderTicket),
}

/// The right (and duty) to render a page for the cache. Dropped without a
/// [`PageCache::put`] (an error page, a cancelled request), it lets the next request try.
pub struct RenderTicket {
    key: Arc<str>,
    done: bool,
    cache: Arc<Mutex<Pages>>,
}

impl Drop for RenderTicket {
    fn drop(&mut self) {
        if !self.done
            && let Ok(mut pages) = self.cache.lock()
            && let Some(entry) = pages.entries.get_mut(&self.key)
        {
            entry.refreshing = false;
        }
    }
}

/// Rendered public pages by normalised URL. Clones share the pages.
#[derive(Clone)]
pub struct PageCache {
    lifetime: Duration,
    max_bytes: usize,
    pages: Arc<Mutex<Pages>>,
    counts: Arc<Counts>,
}

/// Look-ups answered from the cache and look-ups that had to render.
#[derive(Debug, Default)]
struct Counts {
    hits: AtomicU64,
    misses: AtomicU64,
}

/// The cache's counters and size, for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub pages: usize,
    pub bytes: usize,
}

impl PageCache {
    /// A cache keeping pages for `lifetime`; zero turns it off.
    pub fn new(lifetime: Duration) -> PageCache {
        PageCache::with_capacity(lifetime, MAX_BYTES)
    }

    /// A cache of at most `max_bytes` of pages.
    pub fn with_capacity(lifetime: Duration, max_bytes: usize) -> PageCache {
        PageCache {
            lifetime,
            max_bytes,
            pages: Arc::default(),
            counts: Arc::default(),
        }
    }

    /// Whether the cache is on.
    pub fn is_enabled(&self) -> bool {
        !self.lifetime.is_zero()
    }

    /// The page for `key`: a fresh copy, a stale one while another request renders it, or the
    /// ticket to render it.
    pub fn lookup(&self, key: &str) -> Lookup {
        let found = self.find(key);
        let counter = match found {
            Lookup::Hit(_) => &self.counts.hits,
            Lookup::Render(_) => &self.counts.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn find(&self, key: &str) -> Lookup {
        let key: Arc<str> = Arc::from(key);
        let ticket = |cache: &PageCache, key: Arc<str>| {
            Lookup::Render(RenderTicket {
                key,
                done: false,
                cache: cache.pages.clone(),
            })
        };
        let Ok(mut pages) = self.pages.lock() else {
            return ticket(self, key);
        };
        let Some(entry) = pages.entries.get_mut(&key) else {
            return ticket(self, key);
        };
        let age = entry.stored.elapsed();
        if age < self.lifetime {
            let body = entry.body.clone();
            pages.touch(&key);
            return Lookup::Hit(body);
        }
        if age < self.lifetime + STALE_FOR {
            if entry.refreshing {
                return Lookup::Hit(entry.body.clone());
            }
            entry.refreshing = true;
            return ticket(self, key);
        }
        pages.remove(&key);
        ticket(self, key)
    }

    /// Keeps the page rendered under `ticket`.
    pub fn put(&self, mut ticket: RenderTicket, body: Encoded) {
        ticket.done = true;
        if body.len() > MAX_PAGE.min(self.max_bytes) {
            if let Ok(mut pages) = self.pages.lock() {
                pages.remove(&ticket.key);
            }
            return;
        }
        let Ok(mut pages) = self.pages.lock() else {
            return;
        };
        let now = Instant::now();
        if pages
            .last_sweep
            .is_none_or(|at| now.duration_since(at) >= self.lifetime)
        {
            self.sweep(&mut pages, now);
        }
        pages.remove(&ticket.key);
        while pages.bytes + body.len() > self.max_bytes {
            let Some((_, oldest)) = pages.order.pop_first() else {
                break;
            };
            pages.remove(&oldest);
        }
        pages.tick += 1;
        let used = pages.tick;
        pages.bytes += body.len();
        pages.order.insert(used, ticket.key.clone());
        pages.entries.insert(
            ticket.key.clone(),
            Entry {
                stored: now,
                body,
                used,
                refreshing: false,
            },
        );
    }

    /// Drops the pages past their stale window.
    fn sweep(&self, pages: &mut Pages, now: Instant) {
        let limit = self.lifetime + STALE_FOR;
        let expired: Vec<Arc<str>> = pages
            .entries
            .iter()
            .filter(|(_, e)| now.duration_since(e.stored) >= limit)
            .map(|(k, _)| k.clone())
            .collect();
        for key in expired {
            pages.remove(&key);
        }
        pages.last_sweep = Some(now);
    }

    /// Forgets every page: call after any change to the catalogue.
    pub fn clear(&self) {
        if let Ok(mut pages) = self.pages.lock() {
            *pages = Pages::default();
        }
    }

    /// Hits, misses, pages and bytes held.
    pub fn stats(&self) -> CacheStats {
        let (pages, bytes) = self.size();
        CacheStats {
            hits: self.counts.hits.load(Ordering::Relaxed),
            misses: self.counts.misses.load(Ordering::Relaxed),
            pages,
            bytes,
        }
    }

    /// Pages and bytes held (for tests and metrics).
    pub fn size(&self) -> (usize, usize) {
        self.pages
            .lock()
            .map_or((0, 0), |p| (p.entries.len(), p.bytes))
    }
}

/// Paths whose pages are the same for every anonymous visitor.
fn is_public_page(path: &str) -> bool {
    // English pages (`/en/…`) are the same pages in the other language.
    let path = match path.strip_prefix("/en") {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };
    path == "/"
        || [
            "/san-pham",
            "/danh-muc",
            "/nha-san-xuat",
            "/giai-thuong",
            "/diem-ban",
        ]
        .iter()
        .any(|p| {
            path == *p
                || path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// The cache key of a request: its path and the known parameters, decoded, sorted and
/// re-encoded. `None` (do not cache) when a known parameter is repeated, the query does not
/// decode or it carries a position (`near`): such a request gets whatever its handler answers, rendered for it alone.
pub fn cache_key(path: &str, query: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    // A page for one visitor's position ("Gần tôi") is rendered for them alone.
    if pairs.iter().any(|(k, _)| k == "near") {
        return None;
    }
    let mut known: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| KNOWN_PARAMS.contains(&k.as_str()))
        .collect();
    known.sort();
    if known.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    if known.is_empty() {
        return Some(path.to_owned());
    }
    let query = serde_urlencoded::to_string(&known).ok()?;
    Some(format!("{path}?{query}"))
}

/// The middleware: answers from the cache, or renders and keeps the page.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let pages = req.app_data::<web::Data<PageCache>>().cloned();
    let key = match &pages {
        Some(pages)
            if pages.is_enabled()
                && req.method() == Method::GET
                && !req.headers().contains_key(header::COOKIE)
                && is_public_page(req.path()) =>
        {
            cache_key(req.path(), req.query_string())
        }
        _ => None,
    };
    let (Some(pages), Some(key)) = (pages, key) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let ticket = match pages.lookup(&key) {
        Lookup::Hit(page) => {
            let accept = req
                .headers()
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok());
            let (encoding, body) = page.for_accept(accept);
            let mut response = HttpResponse::Ok();
            response
                .content_type(mime::TEXT_HTML_UTF_8)
                .insert_header((header::VARY, "Accept-Encoding"))
                .insert_header((header::ETAG, page.etag.clone()))
                .insert_header(("X-Cache", "hit"));
            if let Some(encoding) = encoding {
                response.insert_header((header::CONTENT_ENCODING, encoding));
            }
            return Ok(req.into_response(response.body(body)));
        }
        Lookup::Render(ticket) => ticket,
    };
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
    let page = bytes.clone();
    if let Ok(encoded) = web::block(move || Encoded::new(page)).await {
        pages.put(ticket, encoded);
    }
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

    fn fill(cache: &PageCache, key: &str, body: &'static [u8]) {
        match cache.lookup(key) {
            Lookup::Render(t) => cache.put(t, plain(body)),
            Lookup::Hit(_) => panic!("{key} was already cached"),
        }
    }

    /// A page kept as it is (no compressed forms), so sizes are easy to count.
    fn plain(body: &'static [u8]) -> Encoded {
        Encoded {
            etag: String::new(),
            identity: Bytes::from_static(body),
            gzip: Bytes::new(),
            brotli: Bytes::new(),
        }
    }

    fn hit(cache: &PageCache, key: &str) -> Option<Bytes> {
        match cache.lookup(key) {
            Lookup::Hit(b) => Some(b.identity),
            Lookup::Render(_) => None,
        }
    }

    #[test]
    fn pages_are_kept_compressed_and_served_as_the_browser_accepts() {
        let page = Encoded::new(Bytes::from("<p>Nước mắm Phú Quốc</p>".repeat(200)));
        assert!(page.gzip.len() < page.identity.len() / 4);
        assert!(page.brotli.len() < page.identity.len() / 4);
        let encoding = |accept| page.for_accept(accept).0;
        assert_eq!(encoding(Some("gzip, deflate, br, zstd")), Some("br"));
        assert_eq!(encoding(Some("gzip, br;q=0")), Some("gzip"));
        assert_eq!(encoding(Some("GZIP")), Some("gzip"));
        assert_eq!(encoding(Some("deflate")), None);
        assert_eq!(encoding(Some("gzip;q=0, identity")), None);
        assert_eq!(encoding(None), None);
        let mut unzipped = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&page.gzip[..]),
            &mut unzipped,
        )
        .expect("gunzip");
        assert_eq!(unzipped.as_bytes(), &page.identity[..]);
        let mut unbrotli = String::new();
        std::io::Read::read_to_string(
            &mut brotli::Decompressor::new(&page.brotli[..], 4096),
            &mut unbrotli,
        )
        .expect("brotli");
        assert_eq!(unbrotli.as_bytes(), &page.identity[..]);
    }

    #[test]
    fn pages_are_kept_and_cleared() {
        let cache = PageCache::new(Duration::from_secs(60));
        fill(&cache, "/a", b"x");
        assert_eq!(hit(&cache, "/a").as_deref(), Some(&b"x"[..]));
        cache.clear();
        assert!(hit(&cache, "/a").is_none());
        assert_eq!(cache.size(), (0, 0));
    }

    #[test]
    fn junk_parameters_share_one_key() {
        assert_eq!(
            cache_key("/san-pham", "page=2&category=do-uong&utm=x&z=1").as_deref(),
            Some("/san-pham?category=do-uong&page=2")
        );
        assert_eq!(
            cache_key("/san-pham", "page=2&category=do-uong"),
            cache_key("/san-pham", "zzz=9&category=do%2Duong&page=2")
        );
        assert_eq!(
            cache_key("/san-pham", "a=1&b=2").as_deref(),
            Some("/san-pham")
        );
        assert_eq!(cache_key("/san-pham", "page=1&page=2"), None);
        assert_eq!(
            cache_key("/san-pham", "province=H%C3%A0%20N%E1%BB%99i").as_deref(),
            Some("/san-pham?province=H%C3%A0+N%E1%BB%99i")
        );
    }

    #[test]
    fn the_cache_is_bounded_in_bytes_least_recently_used_first() {
        let cache = PageCache::with_capacity(Duration::from_secs(60), 10);
        fill(&cache, "/a", b"aaaa");
        fill(&cache, "/b", b"bbbb");
        assert!(hit(&cache, "/a").is_some(), "a is now the most recent");
        fill(&cache, "/c", b"cccc");
        assert_eq!(cache.size(), (2, 8));
        assert!(hit(&cache, "/a").is_some());
        assert!(hit(&cache, "/b").is_none(), "b was the least recently used");
        // A page larger than the whole cache is not kept.
        fill(&cache, "/big", b"0123456789abcdef");
        assert!(hit(&cache, "/big").is_none());
    }

    /// Makes the page `key` look `by` older than it is.
    fn age(cache: &PageCache, key: &str, by: Duration) {
        let mut pages = cache.pages.lock().expect("lock");
        let entry = pages.entries.get_mut(key).expect("entry");
        entry.stored = entry.stored.checked_sub(by).expect("uptime");
        pages.last_sweep = None;
    }

    #[test]
    fn an_expired_page_is_rendered_once_while_others_get_the_old_copy() {
        let cache = PageCache::new(Duration::from_secs(5));
        fill(&cache, "/a", b"old");
        age(&cache, "/a", Duration::from_secs(6));
        let Lookup::Render(ticket) = cache.lookup("/a") else {
            panic!("the first request after expiry renders");
        };
        assert_eq!(hit(&cache, "/a").as_deref(), Some(&b"old"[..]));
        assert_eq!(hit(&cache, "/a").as_deref(), Some(&b"old"[..]));
        drop(ticket);
        let Lookup::Render(ticket) = cache.lookup("/a") else {
            panic!("an abandoned render lets the next request render");
        };
        cache.put(ticket, plain(b"new"));
        assert_eq!(cache.size(), (1, 3));
    }

    #[test]
    fn pages_past_their_stale_window_are_swept() {
        let cache = PageCache::new(Duration::from_secs(5));
        fill(&cache, "/a", b"aaaa");
        age(&cache, "/a", Duration::from_secs(5) + STALE_FOR);
        fill(&cache, "/b", b"b");
        assert_eq!(cache.size(), (1, 1), "the long-expired page was swept");
        let off = PageCache::new(Duration::ZERO);
        assert!(!off.is_enabled());
    }
}
