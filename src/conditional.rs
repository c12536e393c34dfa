//! Validators and conditional requests (RFC 9110 §8.8, §13): public `GET`/`HEAD` answers
//! carry an `ETag` and a `Last-Modified`, and a client that already holds the same answer gets
//! `304 Not Modified` with no body.
//!
//! Rules:
//! - only `200` answers to `GET`/`HEAD` whose body is in memory (pages, JSON, XML); never a
//!   streamed body, an error, an answer setting a cookie or one marked `no-store`/`private`
//!   (signed-in pages, forms): those are one visitor's and must not be revalidated by caches.
//!   Answers marked `immutable` (photos, fingerprinted assets) are left as they are;
//! - the `ETag` is a hash of the body as the handler made it, before compression. The
//!   compression middleware and the page cache send the same answer gzip- or
//!   brotli-encoded under that one tag, so the tag is weak (`W/"…"`): equal tags mean the same
//!   content, not the same bytes. `If-None-Match` uses the weak comparison anyway;
//! - `Last-Modified` is the whole second this instance first sent the current body of that
//!   address, and always later than the date of the body it replaced (a body replaced within
//!   the same second is dated a second on, and that date is claimed only once it has passed):
//!   it is never later than now, never moves backwards while the body stays the same, and a
//!   client holding an older body cannot take a newer one for it. The memory of first
//!   sightings is bounded; once emptied, every date given is later than those given before.
//!   Another instance may date the same body differently (each dates what it serves); a
//!   change made through another instance reaches this one's pages, and dates, within the
//!   page cache's lifetime;
//! - `If-None-Match` (a list or `*`) decides when present; `If-Modified-Since` counts only
//!   without it. A `304` repeats the validators and the caching headers, without a body;
//! - an answer without `Cache-Control` gets `no-cache`: caches keep it but ask again each
//!   time (a `304` is cheap), instead of guessing a lifetime from `Last-Modified`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use actix_web::body::{self, BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

/// Addresses whose first sighting is remembered; past that the memory starts afresh.
const REMEMBERED: usize = 50_000;
/// Bodies up to this size are hashed where they are (a page: tens of microseconds).
const HASH_INLINE: usize = 256 * 1024;

/// The weak entity tag of a body: `W/"` and 32 hex digits of its SHA-256.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("W/\"{}\"", &crate::text::hex(&digest)[..32])
}

/// When this instance first sent each address's current body (see the module's rules).
#[derive(Clone, Default)]
pub struct Validators {
    seen: Arc<Mutex<Seen>>,
}

#[derive(Default)]
struct Seen {
    /// Address → its current tag and the whole second it counts as modified at.
    bodies: HashMap<String, (String, SystemTime)>,
    /// No date given after the memory was last emptied is earlier than this: a body seen
    /// before and after that moment cannot share a date.
    not_before: Option<SystemTime>,
}

impl Validators {
    /// The time `etag` counts as modified at for `key`: the whole second this instance first
    /// sent it, later than the date of the body it replaced. It may lie up to a second ahead
    /// (a body replaced twice in one second): the caller claims it only once it has passed.
    fn modified_at(&self, key: &str, etag: &str, now: SystemTime) -> SystemTime {
        let Ok(mut seen) = self.seen.lock() else {
            return ceil_second(now);
        };
        let mut at = floor_second(now);
        match seen.bodies.get(key) {
            Some((tag, stamp)) if tag == etag => return *stamp,
            Some((_, stamp)) if *stamp >= at => at = *stamp + Duration::from_secs(1),
            _ => {}
        }
        if seen.bodies.len() >= REMEMBERED {
            seen.bodies.clear();
            seen.not_before = Some(ceil_second(now + Duration::from_millis(1)));
        }
        if let Some(floor) = seen.not_before {
            at = at.max(floor);
        }
        seen.bodies.insert(key.to_owned(), (etag.to_owned(), at));
        at
    }
}

/// `t` without its fraction of a second.
fn floor_second(t: SystemTime) -> SystemTime {
    let since = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    SystemTime::UNIX_EPOCH + Duration::from_secs(since.as_secs())
}

/// `t` rounded up to a whole second.
fn ceil_second(t: SystemTime) -> SystemTime {
    let whole = floor_second(t);
    if whole == t {
        whole
    } else {
        whole + Duration::from_secs(1)
    }
}

/// Whether `header` (an `If-None-Match` value) matches `etag` by the weak comparison: `*`, or
/// one of its tags equal to `etag` once `W/` is set aside.
pub fn none_match_hits(header: &str, etag: &str) -> bool {
    let opaque = |tag: &str| {
        let tag = tag.trim();
        tag.strip_prefix("W/").unwrap_or(tag).to_owned()
    };
    let ours = opaque(etag);
    header.trim() == "*" || header.split(',').any(|tag| opaque(tag) == ours)
}

/// Whether the answer is one every visitor gets alike and is whole in memory.
fn is_shared(method: &Method, res: &ServiceResponse<impl MessageBody>) -> bool {
    if !(method == Method::GET || method == Method::HEAD) || res.status() != StatusCode::OK {
        return false;
    }
    let headers = res.headers();
    let private = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("no-store") || v.contains("private")
        });
    // Photos and fingerprinted assets never change under their address: nothing to ask.
    let immutable = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("immutable"));
    !private
        && !immutable
        && !headers.contains_key(header::SET_COOKIE)
        && matches!(res.response().body().size(), BodySize::Sized(_))
}

/// The request's conditions, read before it goes on.
struct Conditions {
    none_match: Option<String>,
    modified_since: Option<SystemTime>,
}

impl Conditions {
    fn of(headers: &HeaderMap) -> Conditions {
        let text = |name| {
            headers
                .get_all(name)
                .filter_map(|v: &HeaderValue| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",")
        };
        let none_match = Some(text(header::IF_NONE_MATCH)).filter(|v| !v.trim().is_empty());
        let modified_since = headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate_parse(v.trim()));
        Conditions {
            none_match,
            modified_since,
        }
    }

    /// Whether the client's copy is current (`304`).
    fn hold(&self, etag: &str, modified: Option<SystemTime>) -> bool {
        match (&self.none_match, self.modified_since, modified) {
            (Some(list), _, _) => none_match_hits(list, etag),
            (None, Some(since), Some(modified)) => modified <= since,
            _ => false,
        }
    }
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), as actix parses it.
fn httpdate_parse(text: &str) -> Option<SystemTime> {
    text.parse::<header::HttpDate>().ok().map(SystemTime::from)
}

/// The middleware: validators on shared answers, `304` when the client's copy is current.
pub async fn revalidate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let method = req.method().clone();
    if !(method == Method::GET || method == Method::HEAD) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let conditions = Conditions::of(req.headers());
    let validators = req.app_data::<web::Data<Validators>>().cloned();
    let key = match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    let res = next.call(req).await?;
    if !is_shared(&method, &res) {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("answer body"))?;
    // The page cache tags the pages it keeps (it may send them compressed): keep that tag.
    let etag = match head
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        Some(tag) => tag.to_owned(),
        None if bytes.len() <= HASH_INLINE => etag_of(&bytes),
        // A sitemap file of several megabytes is hashed off the async workers.
        None => {
            let body = bytes.clone();
            web::block(move || etag_of(&body))
                .await
                .map_err(actix_web::error::ErrorInternalServerError)?
        }
    };
    let now = SystemTime::now();
    let modified = validators
        .map(|v| v.modified_at(&key, &etag, now))
        .filter(|at| *at <= now);
    let headers = head.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Some(at) = modified
        && let Ok(value) = HeaderValue::from_str(&header::HttpDate::from(at).to_string())
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if conditions.hold(&etag, modified) {
        let mut not_modified = HttpResponse::NotModified();
        for (name, value) in head.headers().iter() {
            if ![
                header::CONTENT_TYPE,
                header::CONTENT_LENGTH,
                header::CONTENT_ENCODING,
                header::TRANSFER_ENCODING,
            ]
            .contains(name)
            {
                not_modified.append_header((name.clone(), value.clone()));
            }
        }
        return Ok(ServiceResponse::new(req, not_modified.finish()));
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
    fn if_none_match_compares_weakly_lists_and_star() {
        let tag = etag_of(b"<p>xin chao</p>");
        assert!(tag.starts_with("W/\"") && tag.len() == 36);
        let strong = tag.trim_start_matches("W/");
        assert!(none_match_hits(&tag, &tag));
        assert!(none_match_hits(strong, &tag));
        assert!(none_match_hits(&format!("\"x\", {tag}"), &tag));
        assert!(none_match_hits("*", &tag));
        assert!(!none_match_hits("\"x\", W/\"y\"", &tag));
        assert!(!none_match_hits(&etag_of(b"other"), &tag));
    }

    #[test]
    fn last_modified_is_the_first_sighting_and_grows_with_every_change() {
        let v = Validators::default();
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_000_300);
        let first = v.modified_at("/a", "W/\"1\"", t);
        assert_eq!(first, SystemTime::UNIX_EPOCH + Duration::from_secs(1_000));
        let later = t + Duration::from_secs(50);
        assert_eq!(
            v.modified_at("/a", "W/\"1\"", later),
            first,
            "unchanged body"
        );
        // A new body in the same second is dated after the one it replaces: a client holding
        // the old one cannot take the new one for it.
        let changed = v.modified_at("/a", "W/\"2\"", t + Duration::from_millis(200));
        assert_eq!(changed, first + Duration::from_secs(1));
        let conditions = Conditions {
            none_match: None,
            modified_since: Some(first),
        };
        assert!(!conditions.hold("W/\"2\"", Some(changed)));
        let exact = SystemTime::UNIX_EPOCH + Duration::from_secs(7);
        assert_eq!(ceil_second(exact), exact);
        assert_eq!(floor_second(exact + Duration::from_millis(999)), exact);
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(100);
        let both = Conditions {
            none_match: Some("\"other\"".into()),
            modified_since: Some(at),
        };
        assert!(!both.hold("W/\"mine\"", Some(at)));
        let since = Conditions {
            none_match: None,
            modified_since: Some(at),
        };
        assert!(since.hold("W/\"mine\"", Some(at)));
        assert!(!since.hold("W/\"mine\"", Some(at + Duration::from_secs(1))));
        assert!(!since.hold("W/\"mine\"", None));
    }
}
