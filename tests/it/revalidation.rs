//! Validators and `304 Not Modified` (issue 15, part 4): public pages and API answers carry an
//! `ETag` and a `Last-Modified`; a client holding the same answer gets a `304` without a body
//! and with the same validators; a change gives a new tag; pages of one visitor carry none.

use crate::common;

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::schema::products;

fn catalogue(app: &TestApp) -> i32 {
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Hợp tác xã Mật ong Bạc Hà").insert(&mut conn);
    ProductBuilder::new("Mật ong hoa bạc hà", producer)
        .award("ocop", 2024, Some("4"))
        .insert(&mut conn)
}

async fn conditional(
    app: &TestApp,
    method: Method,
    path: &str,
    header: (&str, &str),
) -> common::Page {
    app.send(
        TestRequest::default()
            .method(method)
            .uri(path)
            .insert_header(header),
    )
    .await
}

#[actix_web::test]
async fn pages_and_api_answers_are_revalidated_with_304() {
    let app = TestApp::new();
    catalogue(&app);
    for path in [
        "/san-pham/mat-ong-hoa-bac-ha",
        "/en/san-pham/mat-ong-hoa-bac-ha",
        "/",
        "/api/v1/products/mat-ong-hoa-bac-ha",
        "/api/v1/products",
        "/nha-san-xuat/hop-tac-xa-mat-ong-bac-ha",
    ] {
        let first = app.page(path).await;
        let etag = first.header("etag").to_owned();
        assert!(
            etag.starts_with("W/\"") && etag.ends_with('"'),
            "{path}: {etag:?}"
        );
        let last_modified = first.header("last-modified").to_owned();
        assert!(last_modified.ends_with(" GMT"), "{path}: {last_modified:?}");
        // The second answer may come from the page cache (compressed copies too): same tag.
        let again = app.page(path).await;
        assert_eq!(again.header("etag"), etag, "{path}");
        assert_eq!(again.header("last-modified"), last_modified, "{path}");
        for method in [Method::GET, Method::HEAD] {
            let hit = conditional(&app, method.clone(), path, ("If-None-Match", &etag)).await;
            assert_eq!(hit.status, StatusCode::NOT_MODIFIED, "{method} {path}");
            assert!(hit.body.is_empty(), "{path}");
            assert_eq!(hit.header("etag"), etag, "{path}");
            assert_eq!(hit.header("last-modified"), last_modified, "{path}");
        }
        let listed = format!("\"nope\", {}", etag.trim_start_matches("W/"));
        let hit = conditional(&app, Method::GET, path, ("If-None-Match", &listed)).await;
        assert_eq!(
            hit.status,
            StatusCode::NOT_MODIFIED,
            "a list, strong form: {path}"
        );
        let star = conditional(&app, Method::GET, path, ("If-None-Match", "*")).await;
        assert_eq!(star.status, StatusCode::NOT_MODIFIED, "{path}");
        let other = conditional(&app, Method::GET, path, ("If-None-Match", "W/\"nope\"")).await;
        assert_eq!(other.status, StatusCode::OK, "{path}");
        assert!(!other.body.is_empty());
        let since = conditional(
            &app,
            Method::GET,
            path,
            ("If-Modified-Since", &last_modified),
        )
        .await;
        assert_eq!(since.status, StatusCode::NOT_MODIFIED, "{path}");
        let before = conditional(
            &app,
            Method::GET,
            path,
            ("If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"),
        )
        .await;
        assert_eq!(before.status, StatusCode::OK, "{path}");
        // If-None-Match decides when both are sent.
        let both = app
            .send(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("If-None-Match", "W/\"nope\""))
                    .insert_header(("If-Modified-Since", last_modified.as_str())),
            )
            .await;
        assert_eq!(both.status, StatusCode::OK, "{path}");
    }
}

#[actix_web::test]
async fn a_changed_product_gets_a_new_tag_and_a_full_answer() {
    let app = TestApp::new();
    let id = catalogue(&app);
    let path = "/san-pham/mat-ong-hoa-bac-ha";
    let before = app.page(path).await;
    let etag = before.header("etag").to_owned();
    let api = app.page("/api/v1/products/mat-ong-hoa-bac-ha").await;
    let api_etag = api.header("etag").to_owned();
    diesel::update(products::table.find(id))
        .set(products::description.eq("Mật ong nguyên chất từ cao nguyên đá Đồng Văn."))
        .execute(&mut *app.conn())
        .expect("update");
    // What an action does after it commits.
    app.state.pages.clear();
    let after = conditional(&app, Method::GET, path, ("If-None-Match", &etag)).await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(after.body.contains("cao nguyên đá Đồng Văn"));
    assert_ne!(after.header("etag"), etag);
    assert!(!after.header("etag").is_empty());
    let since = conditional(
        &app,
        Method::GET,
        path,
        ("If-Modified-Since", before.header("last-modified")),
    )
    .await;
    assert_eq!(
        since.status,
        StatusCode::OK,
        "a new body is newer than the old date"
    );
    let api_after = conditional(
        &app,
        Method::GET,
        "/api/v1/products/mat-ong-hoa-bac-ha",
        ("If-None-Match", &api_etag),
    )
    .await;
    assert_eq!(api_after.status, StatusCode::OK);
    assert_ne!(api_after.header("etag"), api_etag);
}

#[actix_web::test]
async fn private_pages_errors_and_forms_carry_no_validators() {
    let app = TestApp::new();
    catalogue(&app);
    let member = app.member("ong-mat@example.vn", "business");
    let mut browser = app.browser_of(&member);
    for path in ["/", "/san-pham/mat-ong-hoa-bac-ha", "/doanh-nghiep"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.header("etag"), "", "signed in: {path}");
        assert_eq!(page.header("last-modified"), "", "signed in: {path}");
    }
    // A form sets the anonymous CSRF cookie: one visitor's answer.
    let login = app.page("/dang-nhap").await;
    assert_eq!(login.header("etag"), "");
    let missing = app.get("/san-pham/khong-co").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("etag"), "");
    // A tag sent to a page that has none changes nothing.
    let form = conditional(&app, Method::GET, "/dang-nhap", ("If-None-Match", "*")).await;
    assert_eq!(form.status, StatusCode::OK);
}
