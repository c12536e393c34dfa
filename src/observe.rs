//! Operations: the request id and access log line every request gets ([`tag_request`]), and
//! the request counts and latencies `/metrics` reports ([`Metrics`]).
//!
//! Rules:
//! - Every response carries `X-Request-Id`, and every log line written while the request is
//!   handled (its access line included, also from blocking threads: see `Db::run`) carries
//!   the same id as `request_id`. An id sent by the client is kept only when the connection
//!   comes from a trusted proxy (`HANGVIET_TRUSTED_PROXIES`) and the id is 1–64 characters
//!   of `A-Z a-z 0-9 . _ -`; anything else gets an id of our own, so a forged header can put
//!   neither control characters nor someone else's id into the log.
//! - Metrics are labelled by the route's pattern from the route table (`/san-pham/{slug}`),
//!   never by the raw path, so their number is bounded whatever clients send. The
//!   `/metrics` page itself is `handlers::metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing::Instrument;

use crate::site::SiteAddress;

/// The response header that carries the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// The id of the request being handled, in its extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Observations in each bucket (not cumulative); the last one is `+Inf`.
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let slot = BUCKETS
            .iter()
            .position(|upper| seconds <= *upper)
            .unwrap_or(BUCKETS.len());
        self.buckets[slot] += 1;
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Debug, Default)]
struct Recorded {
    /// Requests by (method, route, status).
    requests: BTreeMap<(&'static str, String, u16), u64>,
    /// Latency by (method, route).
    latency: BTreeMap<(&'static str, String), Histogram>,
}

/// Request counts and latencies since the process started. Cheap to share: one lock held for
/// a few map look-ups per request.
#[derive(Debug)]
pub struct Metrics {
    started: Instant,
    recorded: Mutex<Recorded>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            started: Instant::now(),
            recorded: Mutex::default(),
        }
    }
}

/// The method as a label: the ones the site answers, everything else `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, method: &Method, route: &str, status: StatusCode, took: Duration) {
        let method = method_label(method);
        if let Ok(mut recorded) = self.recorded.lock() {
            *recorded
                .requests
                .entry((method, route.to_owned(), status.as_u16()))
                .or_default() += 1;
            recorded
                .latency
                .entry((method, route.to_owned()))
                .or_default()
                .observe(took.as_secs_f64());
        }
    }

    /// Time since the process started (since these metrics were made).
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// Requests counted so far for `route` (any method and status): for tests.
    pub fn requests_for(&self, route: &str) -> u64 {
        self.recorded.lock().map_or(0, |r| {
            r.requests
                .iter()
                .filter(|((_, r, _), _)| r == route)
                .map(|(_, n)| n)
                .sum()
        })
    }

    /// The request families in the text format.
    pub fn render_requests(&self, out: &mut String) {
        let Ok(recorded) = self.recorded.lock() else {
            return;
        };
        family(
            out,
            "hangviet_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route pattern and status.",
        );
        for ((method, route, status), n) in &recorded.requests {
            let _ = writeln!(
                out,
                "hangviet_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        family(
            out,
            "hangviet_http_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to its response head, by method and route pattern.",
        );
        for ((method, route), h) in &recorded.latency {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            let mut cumulative = 0;
            for (upper, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "hangviet_http_request_duration_seconds_bucket{{{labels},le=\"{upper}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "hangviet_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "hangviet_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "hangviet_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
    }
}

/// `# HELP` and `# TYPE` of a metric family.
pub fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// One sample without labels, with its family's header.
pub fn gauge(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    family(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

/// A label value as the text format wants it: backslash, double quote and newline escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Whether a client-sent request id may be kept: short, plain characters only.
fn is_plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A new request id: 16 random bytes in hex.
fn new_id() -> String {
    use rand_core::RngCore;
    let mut bytes = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes.iter().fold(String::with_capacity(32), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The request's id: the trusted proxy's, when it sent a plain one, or a new one.
fn request_id(req: &ServiceRequest) -> String {
    let from_proxy = req
        .app_data::<web::Data<SiteAddress>>()
        .is_some_and(|site| site.peer_is_trusted(req.request()));
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| from_proxy && is_plain_id(id))
        .map_or_else(new_id, str::to_owned)
}

/// The outermost middleware: gives the request its id and span, answers with the id, writes
/// the access log line and counts the request.
pub async fn tag_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().clone();
    let span = tracing::info_span!("request", request_id = %id);
    let answered = next.call(req).instrument(span.clone()).await;
    let header = HeaderValue::from_str(&id).ok();
    let record = |status: StatusCode, route: &str| {
        let took = started.elapsed();
        if let Some(metrics) = &metrics {
            metrics.observe(&method, route, status, took);
        }
        span.in_scope(|| {
            tracing::info!(
                target: "hangviet::access",
                method = %method,
                route = %route,
                status = status.as_u16(),
                ms = took.as_secs_f64() * 1000.0,
                "answered"
            );
        });
    };
    match answered {
        Ok(mut res) => {
            if let Some(value) = header {
                res.headers_mut()
                    .insert(HeaderName::from_static(REQUEST_ID), value);
            }
            let route = res
                .request()
                .match_pattern()
                .unwrap_or_else(|| "unmatched".to_owned());
            record(res.status(), &route);
            Ok(res.map_into_boxed_body())
        }
        // An error no inner layer turned into a response (the request is gone with it): the
        // response actix makes of it still gets the id, and is counted without a route.
        Err(err) => {
            let mut response = err.error_response();
            if let Some(value) = header {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static(REQUEST_ID), value);
            }
            record(response.status(), "error");
            Err(InternalError::from_response(err.to_string(), response).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_only() {
        assert!(is_plain_id("abc-123_x.y"));
        assert!(!is_plain_id(""));
        assert!(!is_plain_id(&"a".repeat(65)));
        assert!(!is_plain_id("a b"));
        assert!(!is_plain_id("a\u{7}b"));
        assert!(!is_plain_id("đ"));
        assert_eq!(new_id().len(), 32);
        assert_ne!(new_id(), new_id());
    }

    #[test]
    fn histogram_buckets_are_cumulative_and_complete() {
        let metrics = Metrics::default();
        for ms in [0, 3, 40, 40, 9000] {
            metrics.observe(
                &Method::GET,
                "/san-pham/{slug}",
                StatusCode::OK,
                Duration::from_millis(ms),
            );
        }
        let mut out = String::new();
        metrics.render_requests(&mut out);
        assert!(out.contains(
            "hangviet_http_requests_total{method=\"GET\",route=\"/san-pham/{slug}\",status=\"200\"} 5"
        ));
        assert!(out.contains("route=\"/san-pham/{slug}\",le=\"0.001\"} 1\n"));
        assert!(out.contains("route=\"/san-pham/{slug}\",le=\"0.005\"} 2\n"));
        assert!(out.contains("route=\"/san-pham/{slug}\",le=\"0.05\"} 4\n"));
        assert!(out.contains("route=\"/san-pham/{slug}\",le=\"5\"} 4\n"));
        assert!(out.contains("route=\"/san-pham/{slug}\",le=\"+Inf\"} 5\n"));
        assert!(out.contains("_count{method=\"GET\",route=\"/san-pham/{slug}\"} 5\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
