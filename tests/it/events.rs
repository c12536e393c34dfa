//! Fairs and product weeks (issue 13, item 4): an official creates, fills and publishes an
//! event, which is then listed on `/hoi-cho` and on the pages of the products and producers
//! taking part until its last day is over (the site's clock is moved forward, no job runs); a
//! business asks to be listed and an official accepts; nobody acts for another's producer or
//! products; bad forms keep their input and store nothing; the feed and the sitemap carry
//! published events.

use crate::common::{self, Member, Page, TestApp};

use actix_web::http::StatusCode;
use chrono::TimeDelta;
use common::Actor;
use common::factories::{ProducerBuilder, ProductBuilder};
use common::world::World;
use diesel::prelude::*;
use hangviet::db::models::membership::{Membership, MembershipStatus};
use hangviet::db::models::producer::ProducerId;
use hangviet::db::schema::{event_participants, events};

const ORIGIN: (&str, &str) = ("Origin", "http://localhost:8080");

/// POSTs `fields` to `path` as `member`, with the member's token.
async fn post(app: &TestApp, member: &Member, path: &str, fields: &[(&str, &str)]) -> Page {
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    app.browser_of(member).post_raw(path, &all, &[ORIGIN]).await
}

/// The `Location` of a 303, checked.
fn location(page: &Page) -> String {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.header("location").to_owned()
}

/// The part of `html` after the element with `id`, up to the next `<section`: what one
/// section of a page shows.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else {
        return "";
    };
    let rest = &html[start..];
    let end = rest.find("<section").unwrap_or(rest.len());
    &rest[..end]
}

fn event_count(app: &TestApp) -> i64 {
    events::table
        .count()
        .get_result(&mut *app.conn())
        .expect("events")
}

fn participant_rows(app: &TestApp) -> Vec<(i32, Option<i32>, String)> {
    event_participants::table
        .order(event_participants::id)
        .select((
            event_participants::producer_id,
            event_participants::product_id,
            event_participants::status,
        ))
        .load(&mut *app.conn())
        .expect("participants")
}

/// A published product of a new producer; `(producer id, producer slug, product slug)`.
fn maker(app: &TestApp, producer: &str, product: &str) -> (i32, String, String) {
    let mut conn = app.conn();
    let id = ProducerBuilder::new(producer).insert(&mut conn);
    ProductBuilder::new(product, id)
        .award("ocop", 2024, Some("4"))
        .insert(&mut conn);
    (
        id,
        hangviet::text::slugify(producer),
        hangviet::text::slugify(product),
    )
}

#[actix_web::test]
async fn a_published_event_is_listed_until_its_last_day_then_past() {
    let app = TestApp::new();
    let official = app.member("canbo@example.vn", "official");
    let (_, producer_slug, product_slug) =
        maker(&app, "Công ty Gốm Chu Đậu", "Bình hút lộc gốm Chu Đậu");
    let today = app.state.clock.today();
    let day = |n: i64| (today + TimeDelta::days(n)).format("%Y-%m-%d").to_string();
    let (starts, ends) = (day(3), day(5));
    let created = post(
        &app,
        &official,
        "/quan-tri/hoi-cho/moi",
        &[
            ("name", "Tuần hàng Việt Hoàn Kiếm 2026"),
            ("kind", "product-week"),
            ("starts_on", &starts),
            ("ends_on", &ends),
            ("venue", "Cung Văn hóa Hữu nghị Việt Xô"),
            ("address", "91 Trần Hưng Đạo"),
            ("province", "ha-noi"),
            ("coordinates", ""),
            ("organiser", "Sở Công Thương Hà Nội"),
            ("description", "Hơn 200 gian hàng."),
            ("name_en", "Hoan Kiem Vietnamese Goods Week 2026"),
        ],
    )
    .await;
    let edit = location(&created);
    assert!(edit.starts_with("/quan-tri/hoi-cho/"), "{edit}");
    let slug = "tuan-hang-viet-hoan-kiem-2026";
    // Unpublished: nowhere to be seen.
    assert_eq!(
        app.get(&format!("/hoi-cho/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.page("/hoi-cho").await.body.contains(slug));

    let listed = post(
        &app,
        &official,
        &format!("{edit}/tham-gia"),
        &[(
            "product",
            &format!("https://hangviet.vn/san-pham/{product_slug}"),
        )],
    )
    .await;
    location(&listed);
    location(&post(&app, &official, &format!("{edit}/xuat-ban"), &[]).await);

    let list = app.page("/hoi-cho").await;
    let upcoming = section(&list.body, "sap-dien-ra");
    assert!(
        upcoming.contains(&format!("href=\"/hoi-cho/{slug}\"")),
        "{}",
        list.body
    );
    assert!(upcoming.contains("Sắp diễn ra"));
    assert!(section(&list.body, "da-dien-ra").is_empty());

    let event = app.page(&format!("/hoi-cho/{slug}")).await;
    assert!(event.body.contains("Tuần hàng Việt Hoàn Kiếm 2026"));
    assert!(
        event
            .body
            .contains(&format!("href=\"/san-pham/{product_slug}\""))
    );
    assert!(
        event
            .body
            .contains(&format!("href=\"/nha-san-xuat/{producer_slug}\""))
    );
    assert!(event.body.contains("Sở Công Thương Hà Nội"));
    // No coordinates: directions to the address, encoded.
    assert!(
        event.body.contains(
            "https://www.google.com/maps/dir/?api=1&amp;destination=Cung+V%C4%83n+h%C3%B3a"
        ),
        "{}",
        event.body
    );
    assert_eq!(event.json_ld()["@type"], "Event");
    assert_eq!(event.json_ld()["startDate"], starts);
    // In English: the English name, the English words.
    let english = app.page(&format!("/en/hoi-cho/{slug}")).await;
    assert!(
        english
            .body
            .contains("Hoan Kiem Vietnamese Goods Week 2026")
    );
    assert!(english.body.contains("Directions") && english.body.contains("Organiser"));
    assert!(english.body.contains("<html lang=\"en\""));

    let product = app.page(&format!("/san-pham/{product_slug}")).await;
    assert!(
        section(&product.body, "hoi-cho").contains(slug),
        "{}",
        product.body
    );
    let producer = app.page(&format!("/nha-san-xuat/{producer_slug}")).await;
    assert!(section(&producer.body, "hoi-cho").contains(slug));
    let mut conn = app.conn();
    for action in ["create_event", "list_event_participant", "publish_event"] {
        assert_eq!(
            common::audit_count(&mut conn, action).expect("count"),
            1,
            "{action}"
        );
    }
    drop(conn);

    // On its first day it is on now; the day after its last day it is over, by itself.
    app.state.clock.advance(TimeDelta::days(3));
    app.state.pages.clear();
    let list = app.page("/hoi-cho").await;
    assert!(section(&list.body, "sap-dien-ra").contains("Đang diễn ra"));
    app.state.clock.advance(TimeDelta::days(3));
    app.state.pages.clear();
    let list = app.page("/hoi-cho").await;
    assert!(!section(&list.body, "sap-dien-ra").contains(slug));
    let past = section(&list.body, "da-dien-ra");
    assert!(
        past.contains(slug) && past.contains("Đã kết thúc"),
        "{}",
        list.body
    );
    let product = app.page(&format!("/san-pham/{product_slug}")).await;
    assert!(
        !product.body.contains(slug),
        "a past event left on the product page"
    );
    let producer = app.page(&format!("/nha-san-xuat/{producer_slug}")).await;
    assert!(!producer.body.contains(slug));
    // Its own page stays, marked as over.
    let event = app.page(&format!("/hoi-cho/{slug}")).await;
    assert!(event.body.contains("Đã kết thúc"));
}

#[actix_web::test]
async fn a_business_asks_to_be_listed_and_an_official_accepts() {
    let app = TestApp::new();
    let official = app.member("canbo@example.vn", "official");
    let business = app.member("gom@example.vn", "business");
    let (producer, _, product_slug) = maker(&app, "Hợp tác xã Gốm Phù Lãng", "Bình gốm Phù Lãng");
    let mut conn = app.conn();
    Membership::add(
        &mut conn,
        business.user_id,
        ProducerId(producer),
        MembershipStatus::Active,
    )
    .expect("membership");
    let product: i32 = hangviet::db::schema::products::table
        .filter(hangviet::db::schema::products::slug.eq(&product_slug))
        .select(hangviet::db::schema::products::id)
        .first(&mut *conn)
        .expect("product");
    let today = app.state.clock.today();
    let event = common::events::insert(&mut conn, "Hội chợ hàng Việt Long Biên", today, 7, true);
    let hidden = common::events::insert(&mut conn, "Hội chợ chưa công bố", today, 7, false);
    drop(conn);

    let mut b = app.browser_of(&business);
    let list = b.get("/doanh-nghiep/hoi-cho").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Hội chợ hàng Việt Long Biên"));
    assert!(!list.body.contains("Hội chợ chưa công bố"));
    assert_eq!(
        b.get(&format!("/doanh-nghiep/hoi-cho/{hidden}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let form = b.get(&format!("/doanh-nghiep/hoi-cho/{event}")).await;
    assert!(
        form.body
            .contains(&format!("name=\"product\" value=\"{product}\""))
    );

    let path = format!("/doanh-nghiep/hoi-cho/{event}");
    let (producer_text, product_text) = (producer.to_string(), product.to_string());
    let asked = post(
        &app,
        &business,
        &path,
        &[("producer", &producer_text), ("product", &product_text)],
    )
    .await;
    assert_eq!(location(&asked), path);
    assert_eq!(
        participant_rows(&app),
        vec![(producer, Some(product), "requested".to_owned())]
    );
    let page = b.get(&path).await;
    assert!(page.body.contains("Đang chờ cán bộ duyệt"), "{}", page.body);
    // Not listed yet: the product page does not show the event.
    let product_page = format!("/san-pham/{product_slug}");
    assert!(!app.page(&product_page).await.body.contains("Long Biên"));
    // Asking again changes nothing.
    location(
        &post(
            &app,
            &business,
            &path,
            &[("producer", &producer_text), ("product", &product_text)],
        )
        .await,
    );
    assert_eq!(participant_rows(&app).len(), 1);

    let official_page = app
        .browser_of(&official)
        .get(&format!("/quan-tri/hoi-cho/{event}"))
        .await;
    assert!(official_page.body.contains("Bình gốm Phù Lãng"));
    let row: i32 = event_participants::table
        .select(event_participants::id)
        .first(&mut *app.conn())
        .expect("row");
    let accepted = post(
        &app,
        &official,
        &format!("/quan-tri/hoi-cho/{event}/tham-gia/{row}/chap-nhan"),
        &[],
    )
    .await;
    location(&accepted);
    assert_eq!(participant_rows(&app)[0].2, "listed");
    assert_eq!(
        common::audit_count(&mut app.conn(), "accept_event_request").expect("count"),
        1
    );
    app.state.pages.clear();
    let shown = app.page(&product_page).await;
    assert!(section(&shown.body, "hoi-cho").contains("Hội chợ hàng Việt Long Biên"));
    let event_slug: String = events::table
        .find(event)
        .select(events::slug)
        .first(&mut *app.conn())
        .expect("slug");
    let public = app.page(&format!("/hoi-cho/{event_slug}")).await;
    assert!(
        public
            .body
            .contains(&format!("href=\"/san-pham/{product_slug}\""))
    );
    let page = b.get(&path).await;
    assert!(page.body.contains("Đã được đưa vào danh sách"));

    // A decided request can no longer be withdrawn; a pending one can.
    let refused = post(&app, &business, &format!("{path}/rut/{row}"), &[]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(participant_rows(&app).len(), 1);
    location(&post(&app, &business, &path, &[("producer", &producer_text)]).await);
    let rows = participant_rows(&app);
    assert_eq!(rows[1], (producer, None, "requested".to_owned()));
    let whole: i32 = event_participants::table
        .filter(event_participants::product_id.is_null())
        .select(event_participants::id)
        .first(&mut *app.conn())
        .expect("row");
    location(&post(&app, &business, &format!("{path}/rut/{whole}"), &[]).await);
    assert_eq!(participant_rows(&app).len(), 1);
}

#[actix_web::test]
async fn nobody_acts_for_another_producers_products() {
    let world = World::new();
    let b = world.member(Actor::BusinessB).expect("b");
    let mut conn = world.app.conn();
    // A published product of business A's producer.
    let a_product = ProductBuilder::new("Đĩa gốm men rạn", world.producer_a).insert(&mut conn);
    let b_producer: i32 = hangviet::db::schema::producers::table
        .filter(hangviet::db::schema::producers::name.eq("Xưởng Gốm Bình"))
        .select(hangviet::db::schema::producers::id)
        .first(&mut *conn)
        .expect("B's producer");
    drop(conn);
    let path = format!("/doanh-nghiep/hoi-cho/{}", world.event);
    let (a_product, b_producer, a_producer) = (
        a_product.to_string(),
        b_producer.to_string(),
        world.producer_a.to_string(),
    );
    for (fields, message) in [
        (
            vec![("producer", a_producer.as_str())],
            "Hãy chọn một nhà sản xuất mà bạn đang quản lý.",
        ),
        (
            vec![
                ("producer", b_producer.as_str()),
                ("product", a_product.as_str()),
            ],
            "Chỉ chọn được sản phẩm đang công bố của nhà sản xuất đã chọn.",
        ),
        (
            vec![
                ("producer", b_producer.as_str()),
                ("product", "'; DROP TABLE x"),
            ],
            "Chỉ chọn được sản phẩm đang công bố của nhà sản xuất đã chọn.",
        ),
    ] {
        let before = world.fingerprint();
        let page = post(&world.app, b, &path, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.body.contains(message), "{fields:?}: {}", page.body);
        assert_eq!(world.fingerprint(), before, "{fields:?} stored something");
    }
    // Nor withdraw another's request, nor see it.
    let before = world.fingerprint();
    let page = post(
        &world.app,
        b,
        &format!("{path}/rut/{}", world.participant),
        &[],
    )
    .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(world.fingerprint(), before);
    let shown = world.app.browser_of(b).get(&path).await;
    assert!(
        !shown.body.contains("Bình gốm men lam"),
        "A's request shown to B"
    );
}

#[actix_web::test]
async fn bad_event_forms_keep_input_and_store_nothing() {
    let app = TestApp::new();
    let official = app.member("canbo@example.vn", "official");
    let fields = [
        ("name", "Hội chợ mùa thu"),
        ("kind", "festival"),
        ("starts_on", "2026-10-10"),
        ("ends_on", "2026-10-01"),
        ("venue", ""),
        ("address", "Số 1 Phạm Văn Đồng"),
        ("province", "atlantis"),
        ("coordinates", "91, 200"),
        ("organiser", "Sở Công Thương"),
    ];
    let page = post(&app, &official, "/quan-tri/hoi-cho/moi", &fields).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Ngày kết thúc phải từ ngày bắt đầu trở đi.",
        "Hãy chọn loại sự kiện.",
        "Không được để trống.",
        "Hãy chọn tỉnh, thành phố.",
        "Tọa độ phải là vĩ độ",
    ] {
        assert!(page.body.contains(message), "{message}: {}", page.body);
    }
    assert!(
        page.body.contains("value=\"Hội chợ mùa thu\""),
        "input kept"
    );
    assert!(page.body.contains("value=\"91, 200\""), "input kept");
    let english = post(&app, &official, "/en/quan-tri/hoi-cho/moi", &fields).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english
            .body
            .contains("The last day cannot be before the first day.")
    );
    // A date no calendar has, and a year out of range.
    let mut bad_dates = fields.to_vec();
    bad_dates[2] = ("starts_on", "2026-02-30");
    bad_dates[3] = ("ends_on", "9999-01-01");
    let page = post(&app, &official, "/quan-tri/hoi-cho/moi", &bad_dates).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(event_count(&app), 0);
    assert_eq!(
        common::audit_count(&mut app.conn(), "create_event").expect("count"),
        0
    );

    // Listing: an unknown product, or a product of another producer than the one named.
    let (_, producer_slug, _) = maker(&app, "Công ty Trà Thái Nguyên", "Trà Tân Cương");
    let (_, _, other_product) = maker(&app, "Công ty Nước mắm Cát Hải", "Nước mắm Cát Hải");
    let today = app.state.clock.today();
    let event = common::events::insert(&mut app.conn(), "Tuần hàng Việt", today, 3, true);
    let path = format!("/quan-tri/hoi-cho/{event}/tham-gia");
    for (fields, message) in [
        (vec![("product", "khong-co")], "Không tìm thấy sản phẩm"),
        (
            vec![("producer", "khong-co")],
            "Không tìm thấy nhà sản xuất",
        ),
        (vec![], "Hãy nhập nhà sản xuất hoặc sản phẩm."),
        (
            vec![
                ("producer", producer_slug.as_str()),
                ("product", other_product.as_str()),
            ],
            "Sản phẩm này không thuộc nhà sản xuất đã nhập.",
        ),
    ] {
        let page = post(&app, &official, &path, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.body.contains(message), "{fields:?}: {}", page.body);
    }
    assert!(participant_rows(&app).is_empty());
    assert_eq!(
        common::audit_count(&mut app.conn(), "list_event_participant").expect("count"),
        0
    );
}

#[actix_web::test]
async fn the_feed_and_the_sitemap_carry_published_events() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let today = app.state.clock.today();
    common::events::insert(&mut conn, "Tháng khuyến mại Hà Nội", today, 20, true);
    common::events::insert(&mut conn, "Hội chợ còn nháp", today, 20, false);
    drop(conn);
    let feed = app.page("/feed.xml").await;
    assert!(
        feed.body
            .contains("<id>http://localhost:8080/hoi-cho/thang-khuyen-mai-ha-noi</id>"),
        "{}",
        feed.body
    );
    assert!(feed.body.contains("term=\"hoi-cho\""));
    assert!(!feed.body.contains("hoi-cho-con-nhap"));
    let sitemap = app.sitemap_text().await;
    assert!(sitemap.contains("<loc>http://localhost:8080/hoi-cho</loc>"));
    assert!(sitemap.contains("<loc>http://localhost:8080/hoi-cho/thang-khuyen-mai-ha-noi</loc>"));
    assert!(sitemap.contains("href=\"http://localhost:8080/en/hoi-cho/thang-khuyen-mai-ha-noi\""));
    assert!(!sitemap.contains("hoi-cho-con-nhap"));
    // The site's header and footer lead to the events, in both languages.
    for (path, link, words) in [
        ("/", "href=\"/hoi-cho\"", "Hội chợ"),
        ("/en", "href=\"/en/hoi-cho\"", "Fairs"),
    ] {
        let page = app.page(path).await;
        assert!(
            page.body.matches(link).count() >= 2,
            "{path}: nav and footer"
        );
        assert!(page.body.contains(words));
    }
    let english = app.page("/en/hoi-cho").await;
    assert!(english.body.contains("Fairs and Vietnamese goods weeks"));
    assert!(
        english.body.contains("lang=\"vi\""),
        "a Vietnamese-only name is marked"
    );
    assert_eq!(
        app.get("/hoi-cho?page=9").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/hoi-cho?page=abc").await.status,
        StatusCode::BAD_REQUEST
    );
}
