//! The catalogue at any size: the counts the database keeps (published products per category
//! and per producer, producers with products) stay equal to a real count after every write
//! path; award filters follow an award import; deep pages show the right products in the
//! right order; and past the page cap a list says how to go on instead of walking the table.

use crate::common;

use actix_web::http::StatusCode;
use common::world::World;
use common::{Actor, ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::DbConnection;
use hangviet::db::models::catalogue_counts;
use hangviet::db::models::product::ProductStatus;
use hangviet::db::schema::{categories, products};

/// Published products, published products per category id, producers with a published product.
type Counts = (i64, Vec<(i32, i64)>, i64);

/// The kept counts, and the same numbers counted from the products table.
fn kept_and_counted(conn: &mut DbConnection) -> (Counts, Counts) {
    let mut per_category = catalogue_counts::per_category(conn).expect("kept");
    per_category.retain(|(_, n)| *n != 0);
    let kept = (
        catalogue_counts::published(conn).expect("kept"),
        per_category,
        catalogue_counts::producers_with_products(conn).expect("kept"),
    );
    let published = || products::table.filter(products::status.eq(ProductStatus::Published));
    let counted = (
        published().count().get_result(conn).expect("count"),
        published()
            .group_by(products::category_id)
            .select((products::category_id, diesel::dsl::count_star()))
            .order(products::category_id)
            .load(conn)
            .expect("count"),
        published()
            .select(diesel::dsl::count(products::producer_id).aggregate_distinct())
            .first(conn)
            .expect("count"),
    );
    (kept, counted)
}

fn assert_counts_right(world: &World, after: &str) {
    let (kept, counted) = kept_and_counted(&mut world.app.conn());
    assert_eq!(kept, counted, "kept counts after {after}");
}

fn published_in(conn: &mut DbConnection, category: &str) -> i64 {
    let id: i32 = categories::table
        .filter(categories::slug.eq(category))
        .select(categories::id)
        .first(conn)
        .expect("category");
    catalogue_counts::of_category(conn, id).expect("kept")
}

/// A page as a signed-in visitor gets it: never from the page cache, which a change made
/// straight in the database (as here) does not clear.
async fn fresh(app: &TestApp, path: &str) -> common::Page {
    let page = app.get_with_cookie(path, "hv_test=1").await;
    assert_eq!(page.status, StatusCode::OK, "GET {path}");
    page
}

async fn official_post(world: &World, path: &str, fields: &[(&str, &str)]) -> StatusCode {
    let member = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(member);
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    browser
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
        .status
}

#[actix_web::test]
async fn kept_counts_follow_moderation_moves_and_deletion() {
    let world = World::new();
    assert_counts_right(&world, "setting up");
    let before = published_in(&mut world.app.conn(), "thu-cong-my-nghe");
    assert!(before >= 1, "the published product is counted");
    let page = fresh(&world.app, "/danh-muc/thu-cong-my-nghe").await;
    assert!(
        page.body.contains(&format!(">{before} sản phẩm<")),
        "the category page shows the kept count"
    );

    // Hidden by an official: out of every count, and of the category page.
    let hide = format!("/quan-tri/san-pham/{}/an", world.published);
    let restore = format!("/quan-tri/san-pham/{}/hien-lai", world.published);
    assert_eq!(
        official_post(&world, &hide, &[("reason", "Thông tin sai")]).await,
        StatusCode::SEE_OTHER
    );
    assert_counts_right(&world, "hiding");
    assert_eq!(
        published_in(&mut world.app.conn(), "thu-cong-my-nghe"),
        before - 1
    );
    let page = fresh(&world.app, "/danh-muc/thu-cong-my-nghe").await;
    assert!(!page.body.contains("Giỏ mây Phú Vinh"));
    assert_eq!(
        official_post(&world, &restore, &[]).await,
        StatusCode::SEE_OTHER
    );
    assert_counts_right(&world, "restoring");
    assert_eq!(
        published_in(&mut world.app.conn(), "thu-cong-my-nghe"),
        before
    );

    // Moved to another category and producer, then deleted: the database keeps up.
    {
        let mut conn = world.app.conn();
        diesel::update(products::table.find(world.published))
            .set((
                products::category_id.eq(categories::table
                    .filter(categories::slug.eq("thuc-pham"))
                    .select(categories::id)
                    .single_value()
                    .assume_not_null()),
                products::producer_id.eq(world.producer_a),
            ))
            .execute(&mut *conn)
            .expect("move");
    }
    assert_counts_right(&world, "a move");
    assert_eq!(
        published_in(&mut world.app.conn(), "thu-cong-my-nghe"),
        before - 1
    );
    diesel::delete(products::table.find(world.published))
        .execute(&mut *world.app.conn())
        .expect("delete");
    assert_counts_right(&world, "deletion");
}

#[actix_web::test]
async fn the_home_page_and_directory_show_the_kept_counts() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let maker = ProducerBuilder::new("Cơ sở Nước mắm Cửa Hội").insert(&mut conn);
    let other = ProducerBuilder::new("Hợp tác xã Chè Tân Cương").insert(&mut conn);
    ProductBuilder::new("Nước mắm Cửa Hội 40 độ đạm", maker).insert(&mut conn);
    ProductBuilder::new("Nước mắm Cửa Hội 30 độ đạm", maker).insert(&mut conn);
    let tea = ProductBuilder::new("Chè búp Tân Cương", other)
        .status("submitted")
        .insert(&mut conn);
    drop(conn);
    let directory = fresh(&app, "/nha-san-xuat").await;
    assert!(
        directory.body.contains(">1 nhà sản xuất<"),
        "one producer with products"
    );
    assert!(!directory.body.contains("Chè Tân Cương"));

    common::set_status(&mut app.conn(), tea, ProductStatus::Published);
    let directory = fresh(&app, "/nha-san-xuat").await;
    assert!(
        directory.body.contains(">2 nhà sản xuất<"),
        "the tea's producer joins"
    );
    assert!(directory.body.contains("Chè Tân Cương"));
    let home = fresh(&app, "/").await;
    assert!(home.body.contains("/danh-muc/thuc-pham"));
    let (kept, counted) = kept_and_counted(&mut app.conn());
    assert_eq!(kept, counted);
    assert_eq!(kept.0, 3);

    common::set_status(&mut app.conn(), tea, ProductStatus::Hidden);
    let directory = fresh(&app, "/nha-san-xuat").await;
    assert!(
        directory.body.contains(">1 nhà sản xuất<"),
        "and leaves again"
    );
}

const AWARD_CSV: &str = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url\n\
ocop,2023,4,Nước mắm Cửa Hội 40 độ đạm,Cơ sở Nước mắm Cửa Hội,,thuc-pham,Nghệ An,,,\n";

#[actix_web::test]
async fn award_filters_follow_an_award_import() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let maker = ProducerBuilder::new("Cơ sở Nước mắm Cửa Hội")
        .province("Nghệ An")
        .insert(&mut conn);
    ProductBuilder::new("Nước mắm Cửa Hội 40 độ đạm", maker).insert(&mut conn);
    drop(conn);
    let filtered = "/san-pham?year=2023&programme=ocop";
    let before = fresh(&app, filtered).await;
    assert!(!before.body.contains("Nước mắm Cửa Hội 40 độ đạm"));
    assert!(
        before.body.contains(">0 sản phẩm<"),
        "nothing has the award yet"
    );

    let mut conn = app.conn();
    let ctx = hangviet::reference::CardContext::load(&mut conn).expect("reference");
    let parsed = hangviet::import::parse(AWARD_CSV.as_bytes(), &ctx);
    hangviet::import::apply(
        &mut conn,
        &parsed,
        &hangviet::db::models::audit::Actor::cli(),
        &hangviet::db::models::audit::AuditTarget::ImportFile("ocop-2023.csv".to_owned()),
        false,
        &|| {},
    )
    .expect("imports");
    drop(conn);
    let after = fresh(&app, filtered).await;
    assert!(after.body.contains("Nước mắm Cửa Hội 40 độ đạm"));
    assert!(after.body.contains(">1 sản phẩm<"), "the import is counted");
    let api: serde_json::Value = app.json("/api/v1/products?year=2023&programme=ocop").await;
    assert_eq!(api["total"], 1);
    assert_eq!(api["total_exact"], true);
    let other_year = fresh(&app, "/san-pham?year=2022&programme=ocop").await;
    assert!(other_year.body.contains(">0 sản phẩm<"));
}

/// The slugs of the cards of a catalogue page, in order.
fn slugs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let marker = "class=\"card__link\" href=\"/san-pham/";
    let mut rest = body;
    while let Some(at) = rest.find(marker) {
        rest = &rest[at + marker.len()..];
        out.push(rest.chars().take_while(|c| *c != '"').collect());
    }
    out
}

#[actix_web::test]
async fn deep_pages_show_the_catalogue_in_order_and_the_cap_says_how_to_go_on() {
    let app = TestApp::demo();
    let expected: Vec<String> = products::table
        .filter(products::status.eq(ProductStatus::Published))
        .order((products::name_folded, products::id))
        .select(products::slug)
        .load(&mut *app.conn())
        .expect("slugs");
    assert!(expected.len() > 48, "the demo has several pages");
    let mut shown = Vec::new();
    let last = expected.len().div_ceil(24);
    for page in [1, 2, last] {
        let body = fresh(&app, &format!("/san-pham?page={page}")).await.body;
        let on_page = slugs(&body);
        let from = (page - 1) * 24;
        assert_eq!(
            on_page,
            expected[from..(from + 24).min(expected.len())],
            "page {page}"
        );
        shown.extend(on_page);
    }
    assert!(!shown.is_empty());

    // Past the cap (100 pages of 24): the page says so, in both languages, and lists nothing.
    let past = fresh(&app, "/san-pham?page=101").await;
    assert!(
        past.body
            .contains("Danh sách chỉ hiển thị 100 trang đầu (2.400 sản phẩm)")
    );
    assert_eq!(slugs(&past.body).len(), 0);
    assert!(
        !past.body.contains("Không có sản phẩm"),
        "not the empty list's message"
    );
    let english = fresh(&app, "/en/san-pham?page=101&category=thuc-pham").await;
    assert!(
        english
            .body
            .contains("The list shows only its first 100 pages (2,400 products)")
    );
    let directory = fresh(&app, "/nha-san-xuat?page=81").await;
    assert!(directory.body.contains("Danh bạ chỉ hiển thị 80 trang đầu"));

    // The API serves as many rows and says where the rest is.
    let capped = app.get("/api/v1/products?page=25&per_page=100").await;
    assert_eq!(capped.status, StatusCode::BAD_REQUEST);
    assert!(capped.body.contains("/du-lieu"), "{}", capped.body);
    let last_served = app.get("/api/v1/products?page=24&per_page=100").await;
    assert_eq!(last_served.status, StatusCode::OK);
    // Within the cap, a page past the last is still a 404 on the site.
    let beyond = app.get(&format!("/san-pham?page={}", last + 1)).await;
    assert_eq!(beyond.status, StatusCode::NOT_FOUND);
}
