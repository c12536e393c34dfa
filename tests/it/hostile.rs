//! Hostile requests against the site's own address, the page cache and the small items of
//! issue 9: forged host and forwarded headers never reach a page or the cache, forwarded
//! client addresses count only from trusted proxies, junk query strings do not fill the
//! cache, HEAD answers wherever GET does, `/healthz` keeps its details for the operator, and
//! the data directory is private.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::{ProducerBuilder, ProductBuilder, TestApp, csrf_of};
use diesel::prelude::*;
use hangviet::db::schema::reports;

/// Every spelling of "this request came for another host" we know of.
const FORGED: &[(&str, &str)] = &[
    ("Host", "evil.example"),
    ("X-Forwarded-Host", "evil.example"),
    ("X-Forwarded-Proto", "https"),
    ("X-Forwarded-Server", "evil.example"),
    ("X-Host", "evil.example"),
    ("X-Original-Host", "evil.example"),
    ("Forwarded", "host=evil.example;proto=https;for=6.6.6.6"),
    ("X-Forwarded-For", "6.6.6.6"),
];

fn published_product(app: &TestApp) -> String {
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Cơ sở Nước mắm Hưng Thịnh").insert(&mut conn);
    ProductBuilder::new("Nước mắm cốt nhĩ 40 độ đạm", producer)
        .award("ocop", 2024, Some("4"))
        .insert(&mut conn);
    "nuoc-mam-cot-nhi-40-do-dam".to_owned()
}

#[actix_web::test]
async fn forged_host_headers_never_reach_pages_feeds_or_the_cache() {
    let app = TestApp::new();
    let slug = published_product(&app);
    let paths = [
        format!("/san-pham/{slug}"),
        "/nha-san-xuat/co-so-nuoc-mam-hung-thinh".to_owned(),
        "/san-pham".to_owned(),
        "/".to_owned(),
        "/feed.xml".to_owned(),
        "/sitemap.xml".to_owned(),
        "/api/v1/products".to_owned(),
        format!("/api/v1/products/{slug}"),
        "/api/v1/openapi.json".to_owned(),
        "/api".to_owned(),
        "/tim-kiem?q=nuoc+mam".to_owned(),
    ];
    for path in &paths {
        // One header at a time, then all together: the first answer also fills the cache.
        for forged in FORGED.iter().map(std::slice::from_ref).chain([FORGED]) {
            let mut req = TestRequest::get().uri(path);
            for h in forged {
                req = req.insert_header(*h);
            }
            let page = app.send(req).await;
            assert_eq!(page.status, StatusCode::OK, "{path} {forged:?}");
            assert!(
                !page.body.contains("evil.example") && !page.body.contains("https://localhost"),
                "{path} with {forged:?} reflects a forged header"
            );
        }
        let clean = app.page(path).await;
        assert!(!clean.body.contains("evil.example"), "{path} cached");
    }
    let product = app.page(&format!("/san-pham/{slug}")).await;
    assert!(product.body.contains(&format!(
        "<link rel=\"canonical\" href=\"http://localhost:8080/san-pham/{slug}\">"
    )));
    assert_eq!(
        product.json_ld()["url"],
        format!("http://localhost:8080/san-pham/{slug}")
    );
}

#[actix_web::test]
async fn the_public_address_comes_from_the_setting() {
    let app = TestApp::with_settings(|s| s.public_url = Some("https://hangviet.vn/".to_owned()));
    let slug = published_product(&app);
    let page = app
        .send(
            TestRequest::get()
                .uri(&format!("/san-pham/{slug}"))
                .insert_header(("Host", "evil.example")),
        )
        .await;
    assert!(page.body.contains(&format!(
        "<link rel=\"canonical\" href=\"https://hangviet.vn/san-pham/{slug}\">"
    )));
    assert_eq!(
        page.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let feed = app.page("/feed.xml").await;
    assert!(feed.body.contains("https://hangviet.vn/san-pham/"));
    // Cookies are Secure behind HTTPS.
    let form = app.get("/dang-nhap").await;
    let cookie = form.header("set-cookie");
    assert!(cookie.contains("Secure"), "{cookie}");

    let plain = TestApp::new();
    let page = plain.page("/").await;
    assert!(page.headers.get("strict-transport-security").is_none());
    assert!(
        !plain
            .get("/dang-nhap")
            .await
            .header("set-cookie")
            .contains("Secure")
    );
}

/// Sends a citizen report from `peer`, with `headers`; returns the status.
async fn report_from(
    app: &TestApp,
    slug: &str,
    peer: &str,
    headers: &[(&str, &str)],
) -> StatusCode {
    let path = format!("/san-pham/{slug}/bao-cao");
    let form = app
        .send(
            TestRequest::get()
                .uri(&path)
                .peer_addr(peer.parse().expect("peer")),
        )
        .await;
    let token = csrf_of(&form.body).expect("token");
    let cookie = form
        .header("set-cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("reason", "khac"),
        ("message", "Thông tin trên nhãn không khớp"),
    ])
    .expect("form");
    let mut req = TestRequest::post()
        .uri(&path)
        .peer_addr(peer.parse().expect("peer"))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header(("Cookie", cookie))
        .set_payload(body);
    for h in headers {
        req = req.insert_header(*h);
    }
    app.send(req).await.status
}

fn report_count(app: &TestApp) -> i64 {
    reports::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

#[actix_web::test]
async fn forwarded_client_addresses_count_only_from_trusted_proxies() {
    // No proxy configured: a client cannot escape the per-address limit by naming others.
    let app = TestApp::new();
    let slug = published_product(&app);
    for n in 0..5 {
        let xff = format!("198.51.100.{n}");
        let status = report_from(
            &app,
            &slug,
            "203.0.113.9:5000",
            &[
                ("X-Forwarded-For", &xff),
                ("Forwarded", &format!("for={xff}")),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "report {n}");
    }
    let status = report_from(
        &app,
        &slug,
        "203.0.113.9:5000",
        &[("X-Forwarded-For", "198.51.100.77")],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(report_count(&app), 5);

    // Behind a trusted proxy, each forwarded client has its own limit, and a client cannot
    // pick its address by prepending to the header.
    let proxied = TestApp::with_settings(|s| s.trusted_proxies = "10.0.0.0/8".to_owned());
    let slug = published_product(&proxied);
    for n in 0..5 {
        let xff = format!("6.6.6.{n}, 198.51.100.20");
        let status = report_from(
            &proxied,
            &slug,
            "10.0.0.2:5000",
            &[("X-Forwarded-For", &xff)],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "report {n}");
    }
    let refused = report_from(
        &proxied,
        &slug,
        "10.0.0.2:5000",
        &[("X-Forwarded-For", "6.6.6.99, 198.51.100.20")],
    )
    .await;
    assert_eq!(refused, StatusCode::TOO_MANY_REQUESTS);
    let other = report_from(
        &proxied,
        &slug,
        "10.0.0.2:5000",
        &[("X-Forwarded-For", "198.51.100.21")],
    )
    .await;
    assert_eq!(
        other,
        StatusCode::SEE_OTHER,
        "another client behind the proxy"
    );
    assert_eq!(report_count(&proxied), 6);
}

#[actix_web::test]
async fn junk_query_strings_do_not_fill_the_page_cache() {
    let app = TestApp::new();
    published_product(&app);
    for n in 0..200 {
        let page = app.page(&format!("/san-pham?utm_source={n}&x{n}=1")).await;
        assert_eq!(page.card_count(), 1);
    }
    assert_eq!(app.state.pages.size().0, 1, "one page, whatever the junk");
    let hit = app.page("/san-pham?fbclid=abc").await;
    assert_eq!(hit.header("x-cache"), "hit");
    // Known parameters in another order or encoding are the same page.
    app.page("/san-pham?page=1&category=thuc-pham").await;
    let same = app
        .page("/san-pham?category=thuc%2Dpham&page=1&ref=x")
        .await;
    assert_eq!(same.header("x-cache"), "hit");
    assert_eq!(app.state.pages.size().0, 2);
}

#[actix_web::test]
async fn head_answers_wherever_get_does() {
    let app = TestApp::new();
    let slug = published_product(&app);
    for path in [
        "/".to_owned(),
        "/san-pham".to_owned(),
        format!("/san-pham/{slug}"),
        "/nha-san-xuat".to_owned(),
        "/tim-kiem?q=mam".to_owned(),
        "/feed.xml".to_owned(),
        "/sitemap.xml".to_owned(),
        "/api/v1/products".to_owned(),
        "/healthz".to_owned(),
        "/mua-sam-cong".to_owned(),
        "/dang-nhap".to_owned(),
        "/assets/site.css".to_owned(),
    ] {
        let head = app
            .send(
                TestRequest::default()
                    .method(actix_web::http::Method::HEAD)
                    .uri(&path),
            )
            .await;
        assert_eq!(head.status, StatusCode::OK, "HEAD {path}");
        assert_eq!(
            head.header("content-type"),
            app.get(&path).await.header("content-type"),
            "HEAD {path}"
        );
    }
    let missing = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri("/khong-co"),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A state-changing route still takes POST only.
    let head_post = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri("/dang-xuat"),
        )
        .await;
    assert_ne!(head_post.status, StatusCode::OK);
}

#[actix_web::test]
async fn healthz_details_are_for_loopback_and_admins() {
    let app = TestApp::new();
    for peer in ["203.0.113.1:4000", "[2001:db8::1]:4000"] {
        let page = app
            .send(
                TestRequest::get()
                    .uri("/healthz")
                    .peer_addr(peer.parse().expect("peer"))
                    .insert_header(("X-Forwarded-For", "127.0.0.1")),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&page.body).expect("JSON");
        assert_eq!(json, serde_json::json!({"status": "ok"}), "{peer}");
    }
    for peer in ["127.0.0.1:4000", "[::1]:4000"] {
        let page = app
            .send(
                TestRequest::get()
                    .uri("/healthz")
                    .peer_addr(peer.parse().expect("peer")),
            )
            .await;
        let json: serde_json::Value = serde_json::from_str(&page.body).expect("JSON");
        assert_eq!(json["database"]["ok"], true, "{peer}");
        assert!(json["search"]["backend"].is_string(), "{peer}");
    }
    let admin = app.member("quantri@example.vn", "admin");
    let page = app.browser_of(&admin).get("/healthz").await;
    let json: serde_json::Value = serde_json::from_str(&page.body).expect("JSON");
    assert_eq!(json["database"]["ok"], true, "an admin sees the details");
    let official = app.member("canbo@example.vn", "official");
    let page = app.browser_of(&official).get("/healthz").await;
    let json: serde_json::Value = serde_json::from_str(&page.body).expect("JSON");
    assert!(json.get("database").is_none(), "an official does not");
}

#[actix_web::test]
async fn the_data_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::with_settings(|s| s.data_dir = s.data_dir.join("data"));
    let dir = app.dir.path().join("data");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        return;
    }
    let db = dir.join("hangviet.db");
    assert_eq!(mode(&db), 0o600);
    for side in ["hangviet.db-wal", "hangviet.db-shm"] {
        let path = dir.join(side);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{side}");
        }
    }
    // An existing, too open directory and file are tightened at the next start.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    hangviet::app::AppState::open_db(&crate::common::settings_for(&dir)).expect("opens");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&db), 0o600);
}

#[actix_web::test]
async fn cached_pages_are_served_compressed_as_the_browser_accepts() {
    let app = TestApp::new();
    published_product(&app);
    let plain = app.page("/san-pham").await.body;
    for (accept, encoding) in [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("identity", ""),
    ] {
        let hit = app
            .send_raw(
                TestRequest::get()
                    .uri("/san-pham")
                    .insert_header(("Accept-Encoding", accept)),
            )
            .await;
        assert_eq!(hit.header("x-cache"), "hit", "{accept}");
        assert_eq!(hit.header("content-encoding"), encoding, "{accept}");
        assert_eq!(hit.header("vary"), "Accept-Encoding");
        let mut body = String::new();
        match encoding {
            "br" => std::io::Read::read_to_string(
                &mut brotli::Decompressor::new(&hit.bytes[..], 4096),
                &mut body,
            ),
            "gzip" => std::io::Read::read_to_string(
                &mut flate2::read::GzDecoder::new(&hit.bytes[..]),
                &mut body,
            ),
            _ => std::io::Read::read_to_string(&mut &hit.bytes[..], &mut body),
        }
        .expect("decodes");
        assert_eq!(body, plain, "{accept}");
    }
}
