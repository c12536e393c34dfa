//! Citizens' reports: the public form (anonymous CSRF, validation, rate limit, only published
//! products) and the officials' queue (resolution with its audit row, escaping, CSV export).

use crate::common;

use actix_web::http::StatusCode;
use common::world::World;
use common::{Actor, Browser};
use diesel::prelude::*;
use hangviet::db::schema::reports;

fn count(world: &World) -> i64 {
    reports::table
        .count()
        .get_result(&mut *world.app.conn())
        .expect("count")
}

fn form_path(world: &World) -> String {
    format!("/san-pham/{}/bao-cao", world.published_slug)
}

async fn send_report<'a>(
    world: &'a World,
    browser: &mut Browser<'a>,
    fields: &[(&str, &str)],
) -> common::Page {
    let path = form_path(world);
    browser.submit(&path, &path, fields).await
}

#[actix_web::test]
async fn an_anonymous_report_is_stored_and_thanked() {
    let world = World::new();
    let product = world
        .app
        .page(&format!("/san-pham/{}", world.published_slug))
        .await;
    assert!(product.body.contains(&form_path(&world)), "linked");

    let mut visitor = Browser::new(&world.app);
    let page = send_report(
        &world,
        &mut visitor,
        &[
            ("reason", "gia-mao"),
            (
                "message",
                "Ngoài chợ bán giỏ in logo này\r\nnhưng làm bằng nhựa.",
            ),
            ("contact_email", " dan.pho@example.vn "),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let thanks = page.header("location").to_owned();
    assert_eq!(thanks, format!("{}?da-gui=1", form_path(&world)));
    let thanked = visitor.get(&thanks).await;
    assert!(thanked.body.contains("Cảm ơn bạn đã báo cáo"));

    let stored: (i32, String, String, Option<String>, String) = reports::table
        .order(reports::id.desc())
        .select((
            reports::product_id,
            reports::reason,
            reports::message,
            reports::contact_email,
            reports::status,
        ))
        .first(&mut *world.app.conn())
        .expect("stored");
    assert_eq!(
        stored,
        (
            world.published,
            "gia-mao".to_owned(),
            "Ngoài chợ bán giỏ in logo này\nnhưng làm bằng nhựa.".to_owned(),
            Some("dan.pho@example.vn".to_owned()),
            "open".to_owned()
        )
    );

    // Signed in, the same form works with the session's token.
    let citizen = world.member(Actor::Citizen).expect("citizen");
    let mut browser = world.app.browser_of(citizen);
    let page = send_report(
        &world,
        &mut browser,
        &[("reason", "noi-ban"), ("message", "Cửa hàng đã đóng.")],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(count(&world), 3);
}

#[actix_web::test]
async fn the_form_page_is_never_cached_and_carries_its_own_token() {
    let world = World::new();
    let path = form_path(&world);
    for _ in 0..2 {
        let page = world.app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_ne!(page.header("x-cache"), "hit");
        assert!(page.header("set-cookie").starts_with("hv_csrf="));
        assert_eq!(page.header("cache-control"), "no-store");
    }
}

#[actix_web::test]
async fn bad_input_is_shown_again_with_messages_and_nothing_is_stored() {
    let world = World::new();
    let before = count(&world);
    let mut visitor = Browser::new(&world.app);
    let page = send_report(
        &world,
        &mut visitor,
        &[
            ("reason", "khong-co"),
            ("message", "  "),
            ("contact_email", "dan@khong-hop-le"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Hãy chọn lý do báo cáo.",
        "Hãy mô tả thông tin sai",
        "Email không hợp lệ.",
        "value=\"dan@khong-hop-le\"",
        "Biểu mẫu còn 3 lỗi",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }

    let long = "ả".repeat(2001);
    let page = send_report(
        &world,
        &mut visitor,
        &[("reason", "khac"), ("message", &long)],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Dài tối đa 2000 ký tự."));
    assert!(page.body.contains("<option value=\"khac\" selected>"));
    assert!(page.body.contains(&long), "the message is kept");
    assert_eq!(count(&world), before);
}

#[actix_web::test]
async fn six_reports_in_an_hour_from_one_address_are_refused() {
    let world = World::new();
    let before = count(&world);
    let mut visitor = Browser::new(&world.app);
    for n in 0..5 {
        let message = format!("Báo cáo số {n}");
        let page = send_report(
            &world,
            &mut visitor,
            &[("reason", "khac"), ("message", &message)],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "report {n}");
    }
    let page = send_report(
        &world,
        &mut visitor,
        &[("reason", "khac"), ("message", "Báo cáo thứ sáu")],
    )
    .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(
        page.body
            .contains("Bạn đã gửi nhiều báo cáo trong một giờ qua")
    );
    assert_eq!(count(&world), before + 5);
}

#[actix_web::test]
async fn only_published_products_can_be_reported() {
    let world = World::new();
    let before = count(&world);
    let mut visitor = Browser::new(&world.app);
    // A valid anonymous token, from a page that has one.
    let token = visitor.token(&form_path(&world)).await;
    for slug in ["binh-gom-men-lam", "khong-co-san-pham-nay"] {
        let path = format!("/san-pham/{slug}/bao-cao");
        assert_eq!(
            visitor.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{slug}"
        );
        let page = visitor
            .post_raw(
                &path,
                &[
                    ("csrf_token", &token),
                    ("reason", "khac"),
                    ("message", "Sản phẩm nháp"),
                ],
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{slug}");
    }
    assert_eq!(count(&world), before);
}

#[actix_web::test]
async fn a_report_without_its_token_is_refused() {
    let world = World::new();
    let before = count(&world);
    let mut visitor = Browser::new(&world.app);
    visitor.token(&form_path(&world)).await;
    let page = visitor
        .post_raw(
            &form_path(&world),
            &[("reason", "khac"), ("message", "Không có mã")],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&world), before);
}

async fn resolve(world: &World, report: i32, note: &str) -> common::Page {
    let official = world.member(Actor::Official).expect("official");
    world
        .app
        .browser_of(official)
        .post_raw(
            &format!("/quan-tri/bao-cao/{report}/xu-ly"),
            &[("csrf_token", &official.csrf_token), ("note", note)],
            &[("Origin", "http://localhost:8080")],
        )
        .await
}

#[actix_web::test]
async fn an_official_resolves_a_report_once_with_an_audit_row() {
    let world = World::new();
    let audits =
        |w: &World| crate::common::audit_count(&mut w.app.conn(), "resolve_report").expect("count");
    let official = world.member(Actor::Official).expect("official");
    let queue = world
        .app
        .browser_of(official)
        .get("/quan-tri/bao-cao")
        .await;
    assert!(queue.body.contains("Chương Mỹ") && queue.body.contains("Giỏ mây Phú Vinh"));

    let no_note = resolve(&world, world.report, "   ").await;
    assert_eq!(no_note.status, StatusCode::BAD_REQUEST);
    assert_eq!(audits(&world), 0);

    let done = resolve(&world, world.report, "Đã sửa địa chỉ sản xuất").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.header("location"), "/quan-tri/bao-cao");
    let row: (String, Option<String>, Option<i32>) = reports::table
        .find(world.report)
        .select((
            reports::status,
            reports::resolution_note,
            reports::resolved_by,
        ))
        .first(&mut *world.app.conn())
        .expect("report");
    assert_eq!(
        row,
        (
            "resolved".to_owned(),
            Some("Đã sửa địa chỉ sản xuất".to_owned()),
            Some(official.user_id)
        )
    );
    assert_eq!(audits(&world), 1);

    let again = resolve(&world, world.report, "Lần nữa").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("đã được xử lý"));
    assert_eq!(audits(&world), 1, "no audit row for a refused resolution");

    let mut browser = world.app.browser_of(official);
    let open = browser.get("/quan-tri/bao-cao").await;
    assert!(!open.body.contains("Chương Mỹ"), "left the open queue");
    let resolved = browser.get("/quan-tri/bao-cao?status=resolved").await;
    assert!(resolved.body.contains("Đã sửa địa chỉ sản xuất"));
    assert!(resolved.body.contains("canbo@example.vn"));
    let log = browser.get("/quan-tri/nhat-ky?action=resolve_report").await;
    assert!(log.body.contains("Đã sửa địa chỉ sản xuất"));
}

#[actix_web::test]
async fn hostile_reports_are_escaped_and_exported_as_text() {
    let world = World::new();
    let mut visitor = Browser::new(&world.app);
    let hostile = "<script>alert('xss')</script>";
    let page = send_report(
        &world,
        &mut visitor,
        &[("reason", "khac"), ("message", hostile)],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let formula = "=HYPERLINK(\"http://evil.example\",\"Bấm vào\")";
    send_report(
        &world,
        &mut visitor,
        &[("reason", "khac"), ("message", formula)],
    )
    .await;

    let official = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(official);
    let queue = browser.get("/quan-tri/bao-cao").await;
    assert!(!queue.body.contains(hostile), "raw script on the page");
    assert!(queue.body.contains("&lt;script&gt;"), "{}", queue.body);

    let csv = browser.get("/quan-tri/bao-cao.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").starts_with("attachment"));
    let text = csv.body.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let messages: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[6].to_owned())
        .collect();
    assert_eq!(messages.len(), 3);
    assert!(messages.contains(&format!("'{formula}")), "{messages:?}");
    assert!(messages.contains(&hostile.to_owned()));
    let open_only = browser.get("/quan-tri/bao-cao.csv?status=resolved").await;
    assert_eq!(
        open_only
            .body
            .trim_start_matches('\u{feff}')
            .lines()
            .count(),
        1,
        "header only"
    );
}
