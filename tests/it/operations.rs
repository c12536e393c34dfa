//! Operations (issue 15, part 5): a request id on every response and log line, `/metrics` in
//! the Prometheus text format for loopback and configured addresses only, and JSON logs.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::prelude::*;
use hangviet::db::models::mail_outbox::{MailKind, MailOutbox, NewMail};
use hangviet::db::models::search_outbox::SearchOutbox;
use hangviet::db::schema::products;

use crate::common::{ProducerBuilder, ProductBuilder, TestApp};

fn seed(app: &TestApp) -> String {
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Công ty Nước mắm Phú Quốc").insert(&mut conn);
    ProductBuilder::new("Nước mắm Phú Quốc 40 độ đạm", producer)
        .award("ocop", 2024, Some("4"))
        .insert(&mut conn);
    "/san-pham/nuoc-mam-phu-quoc-40-do-dam".to_owned()
}

fn is_generated_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[actix_web::test]
async fn every_response_carries_a_request_id_of_its_own() {
    let app = TestApp::new();
    let product = seed(&app);
    let requests = [
        TestRequest::get().uri(&product),
        // The same page again: now from the page cache.
        TestRequest::get().uri(&product),
        TestRequest::get().uri("/khong-co-trang-nay"),
        TestRequest::get().uri("/api/v1/products/khong-co"),
        TestRequest::post().uri("/dang-nhap"),
        TestRequest::get().uri("/healthz"),
        TestRequest::default()
            .method(actix_web::http::Method::PUT)
            .uri("/"),
    ];
    let mut seen = HashSet::new();
    for req in requests {
        let page = app.send(req).await;
        let id = page.header("x-request-id").to_owned();
        assert!(is_generated_id(&id), "{} has id {id:?}", page.status);
        assert!(seen.insert(id), "ids are not reused");
    }
    assert_eq!(seen.len(), 7);
}

#[actix_web::test]
async fn a_request_id_is_kept_only_from_a_trusted_proxy_and_only_when_plain() {
    let app = TestApp::with_settings(|s| s.trusted_proxies = "10.0.0.0/8".to_owned());
    let send = |peer: &str, id: &str| {
        TestRequest::get()
            .uri("/healthz")
            .peer_addr(format!("{peer}:5000").parse().expect("peer"))
            .insert_header(("X-Request-Id", id.to_owned()))
    };
    let kept = app.send(send("10.1.2.3", "edge-7f3a.42_b")).await;
    assert_eq!(kept.header("x-request-id"), "edge-7f3a.42_b");

    // The same header from anyone else, or a hostile one from the proxy, is replaced.
    let long = "a".repeat(65);
    for (peer, id) in [
        ("203.0.113.9", "edge-7f3a.42_b"),
        ("10.1.2.3", "a b"),
        ("10.1.2.3", "x\ty"),
        ("10.1.2.3", long.as_str()),
        ("10.1.2.3", "id\"><script>"),
    ] {
        let page = app.send(send(peer, id)).await;
        assert_eq!(page.status, StatusCode::OK);
        let answered = page.header("x-request-id");
        assert!(is_generated_id(answered), "{peer} {id:?} → {answered:?}");
        assert_ne!(answered, id);
    }
}

/// The samples of a text-format page: `name{labels}` → value, after checking every line.
fn parse_metrics(text: &str) -> HashMap<String, f64> {
    let mut typed = HashSet::new();
    let mut samples = HashMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            assert!(typed.insert(name.to_owned()), "{name} typed twice");
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("series value");
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("number in {line}"));
        let name = series.split('{').next().expect("name");
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains(*f)))
            .unwrap_or(name);
        assert!(typed.contains(family), "{name} has no TYPE before it");
        assert!(
            name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{name}"
        );
        assert!(
            samples.insert(series.to_owned(), value).is_none(),
            "{series} twice"
        );
    }
    samples
}

async fn metrics_from(app: &TestApp, peer: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut req = TestRequest::get()
        .uri("/metrics")
        .peer_addr(format!("{peer}:5000").parse().expect("peer"));
    for h in headers {
        req = req.insert_header(*h);
    }
    let page = app.send(req).await;
    (page.status, page.body)
}

#[actix_web::test]
async fn metrics_count_requests_by_route_and_report_caches_pools_and_queues() {
    let app = TestApp::new();
    let product = seed(&app);
    for _ in 0..3 {
        app.page(&product).await;
    }
    app.page("/en/san-pham/nuoc-mam-phu-quoc-40-do-dam").await;
    let missing = app.get("/khong-co-trang-nay").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let mail = NewMail {
        recipient: "a@example.vn".to_owned(),
        subject: "Xin chào".to_owned(),
        body_text: "…".to_owned(),
        kind: MailKind::ConfirmAddress,
    };
    MailOutbox::enqueue(&mut app.conn(), &mail, chrono::Utc::now().naive_utc()).expect("queued");
    // The product's change waits in the search outbox until the worker runs.
    let id: i32 = products::table
        .filter(products::slug.eq("nuoc-mam-phu-quoc-40-do-dam"))
        .select(products::id)
        .first(&mut *app.conn())
        .expect("product");
    SearchOutbox::enqueue(&mut app.conn(), &[id]).expect("queued");

    let (status, text) = metrics_from(&app, "127.0.0.1", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let samples = parse_metrics(&text);
    let get = |series: &str| {
        *samples
            .get(series)
            .unwrap_or_else(|| panic!("{series} missing from:\n{text}"))
    };
    // The English page counts under the same route as the Vietnamese one.
    let route = "method=\"GET\",route=\"/san-pham/{slug}\"";
    assert_eq!(
        get(&format!(
            "hangviet_http_requests_total{{{route},status=\"200\"}}"
        )),
        4.0
    );
    assert_eq!(
        get(&format!(
            "hangviet_http_request_duration_seconds_count{{{route}}}"
        )),
        4.0
    );
    assert_eq!(
        get(&format!(
            "hangviet_http_request_duration_seconds_bucket{{{route},le=\"+Inf\"}}"
        )),
        4.0
    );
    assert!(
        get(&format!(
            "hangviet_http_request_duration_seconds_sum{{{route}}}"
        )) > 0.0
    );
    // Unknown paths share one label, whatever was asked.
    assert_eq!(
        get("hangviet_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"),
        1.0
    );
    assert!(!text.contains("khong-co-trang-nay"));
    // Two of the three Vietnamese requests were cache hits.
    assert!(get("hangviet_page_cache_hits_total") >= 2.0);
    assert!(get("hangviet_page_cache_misses_total") >= 2.0);
    assert!(get("hangviet_page_cache_pages") >= 1.0);
    assert!(get("hangviet_db_pool_max_connections") >= 4.0);
    assert!(get("hangviet_db_pool_connections") >= 1.0);
    assert_eq!(get("hangviet_mail_outbox_pending"), 1.0);
    assert_eq!(get("hangviet_mail_outbox_failing"), 0.0);
    assert_eq!(get("hangviet_search_outbox_pending"), 1.0);
    assert_eq!(get("hangviet_search_backend_up{backend=\"embedded\"}"), 1.0);
    app.sync_search().await;
    let (_, text) = metrics_from(&app, "127.0.0.1", &[]).await;
    let after = parse_metrics(&text);
    assert_eq!(after["hangviet_search_outbox_pending"], 0.0);
    assert_eq!(after["hangviet_search_documents"], 1.0);
    assert_eq!(app.state.metrics.requests_for("/metrics"), 2);
}

#[actix_web::test]
async fn metrics_answer_loopback_and_configured_addresses_only() {
    let app = TestApp::with_settings(|s| {
        s.trusted_proxies = "10.0.0.1".to_owned();
        s.metrics_allow = "192.0.2.0/24".to_owned();
    });
    for (peer, headers, allowed) in [
        ("127.0.0.1", vec![], true),
        ("::1", vec![], true),
        ("192.0.2.77", vec![], true),
        ("203.0.113.9", vec![], false),
        // Forged forwarding headers from an untrusted peer count for nothing.
        ("203.0.113.9", vec![("X-Forwarded-For", "127.0.0.1")], false),
        ("203.0.113.9", vec![("Forwarded", "for=127.0.0.1")], false),
        // Through the trusted proxy, the client it names is judged.
        ("10.0.0.1", vec![("X-Forwarded-For", "203.0.113.9")], false),
        ("10.0.0.1", vec![("X-Forwarded-For", "192.0.2.5")], true),
    ] {
        let peer = if peer.contains(':') {
            format!("[{peer}]")
        } else {
            peer.to_owned()
        };
        let (status, body) = metrics_from(&app, &peer, &headers).await;
        if allowed {
            assert_eq!(status, StatusCode::OK, "{peer} {headers:?}");
            assert!(body.contains("# TYPE hangviet_http_requests_total counter"));
        } else {
            assert_eq!(status, StatusCode::NOT_FOUND, "{peer} {headers:?}");
            assert!(!body.contains("hangviet_"), "{peer} {headers:?}");
        }
    }
}

#[test]
fn a_bad_metrics_allow_list_stops_the_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = crate::common::settings_for(dir.path());
    settings.metrics_allow = "10.0.0.0/99".to_owned();
    let err = hangviet::app::AppState::init(&settings)
        .err()
        .expect("refused");
    assert!(
        format!("{err:#}").contains("HANGVIET_METRICS_ALLOW"),
        "{err:#}"
    );
}

/// One GET over a plain socket; the answer's head and body.
fn http_get(port: u16, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("server answers");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("head and body");
    (head.to_owned(), body.to_owned())
}

fn header_of<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn json_logs_carry_the_request_id_on_every_line_of_a_request() {
    let app = TestApp::new();
    seed(&app);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut server = app
        .cli()
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("HANGVIET_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env("HANGVIET_SEARCH", "database")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let mut lines = BufReader::new(server.stderr.take().expect("stderr")).lines();
    // Every line is JSON; the server says when it listens (after binding).
    let mut parsed = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("log line");
        let value: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let listening = value["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("listening"));
        parsed.push(value);
        if listening {
            break;
        }
    }
    let (head, _) = http_get(port, "/san-pham/nuoc-mam-phu-quoc-40-do-dam");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let id = header_of(&head, "x-request-id")
        .expect("request id")
        .to_owned();
    let (missing, _) = http_get(port, "/khong-co");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    server.kill().expect("server stops");
    server.wait().expect("server ended");
    for line in lines {
        let line = line.expect("log line");
        parsed.push(serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}")));
    }
    let ours: Vec<_> = parsed
        .iter()
        .filter(|v| v["span"]["request_id"] == id.as_str())
        .collect();
    let access = ours
        .iter()
        .find(|v| v["target"] == "hangviet::access")
        .unwrap_or_else(|| panic!("no access line for {id} in {parsed:#?}"));
    assert_eq!(access["fields"]["status"], 200);
    assert_eq!(access["fields"]["route"], "/san-pham/{slug}");
    assert_eq!(access["fields"]["method"], "GET");
    assert!(access["timestamp"].is_string());
    // Every access line has an id, and the two requests had different ones.
    let access_ids: HashSet<_> = parsed
        .iter()
        .filter(|v| v["target"] == "hangviet::access")
        .map(|v| v["span"]["request_id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(access_ids.len(), 2, "{parsed:#?}");
}
