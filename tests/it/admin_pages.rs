//! The officials' pages as officials use them (issue 14): the officials' menu on every page
//! with the current section marked; the review page with the producer's details, full-size
//! photos and common reasons; the next product in the queue after a decision, with a message;
//! products added to a collection by name; the award import's template, history and
//! no-change files; chart numbers in the language's style.

use crate::common;

use actix_web::http::StatusCode;
use common::world::{World, reviewed_version};
use common::{Actor, Page, ProducerBuilder, ProductBuilder};
use diesel::prelude::*;
use hangviet::db::schema::{award_imports, featured_collection_items, producers, products};

async fn get(world: &World, actor: Actor, path: &str) -> Page {
    let member = world.member(actor).expect("member");
    world.app.browser_of(member).get(path).await
}

async fn post(world: &World, path: &str, fields: &[(&str, &str)]) -> Page {
    let official = world.member(Actor::Official).expect("official");
    let mut all = vec![("csrf_token", official.csrf_token.as_str())];
    all.extend_from_slice(fields);
    world
        .app
        .browser_of(official)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

fn status_of(world: &World, id: i32) -> String {
    products::table
        .find(id)
        .select(products::status)
        .first(&mut *world.app.conn())
        .expect("status")
}

fn id_of(world: &World, slug: &str) -> i32 {
    products::table
        .filter(products::slug.eq(slug))
        .select(products::id)
        .first(&mut *world.app.conn())
        .expect("product id")
}

fn audits(world: &World, action: &str) -> i64 {
    common::audit_count(&mut world.app.conn(), action).expect("count")
}

/// The officials' menu entry of `section` is the one marked current.
fn marked(body: &str, section: &str) -> bool {
    let current: Vec<&str> = body
        .match_indices("data-admin-nav=\"")
        .map(|(at, m)| &body[at + m.len()..])
        .filter(|rest| {
            let tag_end = rest.find('>').unwrap_or(rest.len());
            rest[..tag_end].contains("aria-current=\"page\"")
        })
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect();
    current == [section]
}

#[actix_web::test]
async fn every_officials_page_has_the_menu_with_its_section_marked() {
    let world = World::new();
    let pages = [
        ("/quan-tri", "queue"),
        (&*format!("/quan-tri/san-pham/{}", world.product_a), "queue"),
        (
            &*format!("/quan-tri/san-pham/{}/giai-thuong", world.product_a),
            "awards",
        ),
        ("/quan-tri/tong-quan", "dashboard"),
        ("/quan-tri/giai-thuong", "awards"),
        ("/quan-tri/giai-thuong/nhap", "awards"),
        (
            &*format!("/quan-tri/giai-thuong/nhap/{}", world.import),
            "awards",
        ),
        ("/quan-tri/bo-suu-tap", "collections"),
        (
            &*format!("/quan-tri/bo-suu-tap/{}", world.collection),
            "collections",
        ),
        ("/quan-tri/tin-tuc", "articles"),
        ("/quan-tri/tin-tuc/moi", "articles"),
        (&*format!("/quan-tri/tin-tuc/{}", world.article), "articles"),
        ("/quan-tri/hoi-cho", "events"),
        ("/quan-tri/hoi-cho/moi", "events"),
        (&*format!("/quan-tri/hoi-cho/{}", world.event), "events"),
        ("/quan-tri/bao-cao", "reports"),
        ("/quan-tri/diem-ban", "points"),
        ("/quan-tri/diem-ban/nhap", "points"),
        (&*format!("/quan-tri/diem-ban/{}", world.point), "points"),
        ("/quan-tri/nhat-ky", "audit"),
    ]
    .map(|(p, s)| (p.to_owned(), s));
    for (path, section) in &pages {
        for prefix in ["", "/en"] {
            let url = format!("{prefix}{path}");
            let page = get(&world, Actor::Official, &url).await;
            assert_eq!(page.status, StatusCode::OK, "{url}");
            assert!(page.body.contains("id=\"admin-nav\""), "{url}: no menu");
            assert!(marked(&page.body, section), "{url}: {section} not current");
            // Officials do not see the admins' entry.
            assert!(!page.body.contains("data-admin-nav=\"users\""), "{url}");
        }
    }
    let users = get(&world, Actor::Admin, "/quan-tri/nguoi-dung").await;
    assert!(marked(&users.body, "users"), "{}", users.body);

    // Waiting work is counted on the queue link: the claim, and a submitted product.
    let queue = get(&world, Actor::Official, "/quan-tri").await;
    assert!(
        queue.body.contains("data-count=\"queue\">1<"),
        "{}",
        queue.body
    );
    hangviet::db::models::Product::submit(&mut world.app.conn(), world.product_a).expect("submit");
    let queue = get(&world, Actor::Official, "/en/quan-tri").await;
    assert!(queue.body.contains("data-count=\"queue\">2<"));
    assert!(
        queue.body.contains("data-count=\"reports\">1<"),
        "the open report"
    );
}

#[actix_web::test]
async fn the_review_page_shows_the_producer_and_full_size_photos() {
    let world = World::new();
    {
        let mut conn = world.app.conn();
        diesel::update(producers::table.find(world.producer_a))
            .set(producers::tax_code.eq(Some("0101234567")))
            .execute(&mut *conn)
            .expect("tax code");
        diesel::update(
            hangviet::db::schema::product_images::table
                .filter(hangviet::db::schema::product_images::product_id.eq(world.product_a)),
        )
        .set(hangviet::db::schema::product_images::width.eq(2000))
        .execute(&mut *conn)
        .expect("width");
        ProductBuilder::new("Lọ gốm men rạn", world.producer_a)
            .slug("lo-gom-men-ran")
            .status("published")
            .insert(&mut conn);
        hangviet::db::models::Product::submit(&mut conn, world.product_a).expect("submit");
    }
    let other = id_of(&world, "lo-gom-men-ran");
    let path = format!("/quan-tri/san-pham/{}", world.product_a);
    let page = get(&world, Actor::Official, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("data-tax-code>0101234567<"), "{body}");
    assert!(body.contains("data-verified=\"false\">Mới, chưa xác minh<"));
    // The accounts that manage the producer (the suspended one still holds its membership).
    assert!(body.contains("a@example.vn"));
    assert!(body.contains("1 sản phẩm khác"));
    assert!(body.contains(&format!(
        "href=\"/quan-tri/san-pham/{other}\">Lọ gốm men rạn</a>"
    )));
    // Each photo links to its widest stored size, and zooms without script.
    let widest = hangviet::media::variant_widths(2000)
        .last()
        .copied()
        .expect("a width");
    let full = format!("-{widest}.jpg\" data-full-photo=\"1\"");
    assert!(body.contains(&full), "{body}");
    assert!(body.contains("data-full-photo=\"2\""));
    assert!(body.contains("href=\"#zoom-1\"") && body.contains("id=\"zoom-1\""));
    // Common reasons to pick, in the page's language.
    assert!(body.contains("<option value=\"photo-quality\">Ảnh mờ"));

    diesel::update(producers::table.find(world.producer_a))
        .set(producers::verified.eq(true))
        .execute(&mut *world.app.conn())
        .expect("verified");
    let english = get(&world, Actor::Official, &format!("/en{path}")).await;
    assert!(english.body.contains("data-verified=\"true\">Verified<"));
    assert!(english.body.contains("1 other product"));
    assert!(
        english
            .body
            .contains("<option value=\"photo-quality\">The photos are blurred")
    );
}

#[actix_web::test]
async fn a_rejection_needs_a_reason_and_a_picked_one_is_sent_in_words() {
    let world = World::new();
    let id = world.product_a;
    hangviet::db::models::Product::submit(&mut world.app.conn(), id).expect("submit");
    let version = reviewed_version(&world, id).await;
    let path = format!("/quan-tri/san-pham/{id}/tu-choi");
    let refused = post(
        &world,
        &path,
        &[("reason", "   "), ("pick", ""), ("version", &version)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"reject-reason-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(
        refused.body.contains("id=\"admin-nav\""),
        "the page, not an error page"
    );
    assert_eq!(status_of(&world, id), "submitted");
    assert_eq!(audits(&world, "reject_product"), 0);

    // Made on a version that has changed since: refused, the reason kept in its field.
    let stale = post(
        &world,
        &path,
        &[
            ("reason", "Nhãn không rõ hạn dùng"),
            ("version", "an-old-version"),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains(">Nhãn không rõ hạn dùng</textarea>"),
        "{}",
        stale.body
    );
    assert_eq!(status_of(&world, id), "submitted");

    // A picked reason is enough, and the business reads it in words.
    let done = post(
        &world,
        &path,
        &[
            ("reason", ""),
            ("pick", "photo-quality"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let reason: Option<String> = products::table
        .find(id)
        .select(products::rejection_reason)
        .first(&mut *world.app.conn())
        .expect("reason");
    assert_eq!(
        reason.as_deref(),
        Some("Ảnh mờ hoặc quá tối: hãy chụp lại rõ sản phẩm và nhãn.")
    );
    assert_eq!(audits(&world, "reject_product"), 1);
}

#[actix_web::test]
async fn after_a_decision_the_official_lands_on_the_next_product_with_a_message() {
    let world = World::new();
    let first = world.product_a;
    let second = id_of(&world, "binh-gom-binh");
    hangviet::db::models::Product::submit(&mut world.app.conn(), first).expect("submit");
    hangviet::db::models::Product::submit(&mut world.app.conn(), second).expect("submit");
    let official = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(official);

    let version = reviewed_version(&world, first).await;
    let approved = browser
        .submit(
            &format!("/quan-tri/san-pham/{first}"),
            &format!("/quan-tri/san-pham/{first}/duyet"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        approved.header("location"),
        format!("/quan-tri/san-pham/{second}")
    );
    assert_eq!(status_of(&world, first), "published");
    let next = browser.get(&format!("/quan-tri/san-pham/{second}")).await;
    assert!(
        next.body
            .contains("Đã duyệt “Bình gốm men lam”. Đây là sản phẩm tiếp theo chờ duyệt."),
        "{}",
        next.body
    );

    // A second decision on the same version (another official, a double click) decides
    // nothing more.
    let again = post(
        &world,
        &format!("/quan-tri/san-pham/{first}/duyet"),
        &[("version", &version)],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(audits(&world, "approve_product"), 1);

    // The last one: back to the queue, which says nothing is left.
    let version = reviewed_version(&world, second).await;
    let last = browser
        .submit(
            &format!("/en/quan-tri/san-pham/{second}"),
            &format!("/en/quan-tri/san-pham/{second}/duyet"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(last.header("location"), "/en/quan-tri");
    let queue = browser.get("/en/quan-tri").await;
    assert!(
        queue
            .body
            .contains("“Bình gốm Bình” approved. No more products are waiting for review."),
        "{}",
        queue.body
    );
}

fn items_of(world: &World) -> Vec<i32> {
    featured_collection_items::table
        .filter(featured_collection_items::collection_id.eq(world.collection))
        .order(featured_collection_items::product_id)
        .select(featured_collection_items::product_id)
        .load(&mut *world.app.conn())
        .expect("items")
}

#[actix_web::test]
async fn a_product_is_added_to_a_collection_by_its_name() {
    let world = World::new();
    let (tea_a, tea_b) = {
        let mut conn = world.app.conn();
        let a = ProducerBuilder::new("Hợp tác xã Chè Suối Giàng").insert(&mut conn);
        let b = ProducerBuilder::new("Hợp tác xã Chè Tà Xùa").insert(&mut conn);
        (
            ProductBuilder::new("Trà Shan tuyết", a)
                .slug("tra-shan-tuyet-suoi-giang")
                .status("published")
                .insert(&mut conn),
            ProductBuilder::new("Trà Shan tuyết", b)
                .slug("tra-shan-tuyet-ta-xua")
                .status("published")
                .insert(&mut conn),
        )
    };
    let add = format!("/quan-tri/bo-suu-tap/{}/san-pham", world.collection);
    let before = items_of(&world);

    // The suggestions: published products whose name holds what is typed.
    let suggest = get(
        &world,
        Actor::Official,
        "/quan-tri/bo-suu-tap/goi-y?q=shan%20tuy",
    )
    .await;
    assert_eq!(suggest.status, StatusCode::OK);
    let found: serde_json::Value = serde_json::from_str(&suggest.body).expect("json");
    let slugs: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["slug"].as_str())
        .collect();
    assert_eq!(
        slugs,
        ["tra-shan-tuyet-suoi-giang", "tra-shan-tuyet-ta-xua"]
    );

    // Unknown: the message next to the field, the text kept, nothing stored.
    let unknown = post(&world, &add, &[("product", "Bánh không có thật")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("id=\"e-product\""));
    assert!(unknown.body.contains("value=\"Bánh không có thật\""));
    assert_eq!(items_of(&world), before);

    // Ambiguous: both candidates to pick from, nothing stored.
    let ambiguous = post(&world, &add, &[("product", "trà shan tuyết")]).await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        ambiguous
            .body
            .contains("data-candidate=\"tra-shan-tuyet-suoi-giang\"")
    );
    assert!(
        ambiguous
            .body
            .contains("data-candidate=\"tra-shan-tuyet-ta-xua\"")
    );
    assert!(ambiguous.body.contains("Có 2 sản phẩm khớp với tên này"));
    assert_eq!(items_of(&world), before);

    // Picking one posts its slug.
    let picked = post(&world, &add, &[("product", "tra-shan-tuyet-ta-xua")]).await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER);
    assert!(items_of(&world).contains(&tea_b));
    assert!(!items_of(&world).contains(&tea_a));

    // A unique name, typed without accents, adds at once, with a message.
    let official = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(official);
    let collection = format!("/quan-tri/bo-suu-tap/{}", world.collection);
    let added = browser
        .submit(&collection, &add, &[("product", "gio may phu vinh")])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert!(items_of(&world).contains(&world.published));
    let shown = browser.get(&collection).await;
    assert!(
        shown
            .body
            .contains("Đã thêm “Giỏ mây Phú Vinh” vào bộ sưu tập.")
    );
}

#[actix_web::test]
async fn the_award_template_downloads_and_imports_back_as_a_valid_file() {
    let world = World::new();
    let official = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(official);
    let form = browser.get("/quan-tri/giai-thuong/nhap").await;
    assert!(
        form.body
            .contains("href=\"/quan-tri/giai-thuong/nhap/mau.csv\"")
    );
    let template = browser.get("/quan-tri/giai-thuong/nhap/mau.csv").await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.header("content-type").starts_with("text/csv"));
    assert!(
        template
            .header("content-disposition")
            .contains("attachment")
    );
    assert!(template.body.starts_with('\u{feff}'), "a BOM for Excel");
    let mut lines = template.body.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url"
        )
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.contains("Nước mắm Phú Quốc"))
    );
    assert_eq!(lines.next(), None, "one example line");

    let uploaded = browser
        .post_multipart(
            "/quan-tri/giai-thuong/nhap",
            &[
                ("csrf_token", None, official.csrf_token.as_bytes()),
                ("file", Some("mau.csv"), template.body.as_bytes()),
            ],
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    let preview = browser.get(uploaded.header("location")).await;
    assert!(
        !preview.body.contains("data-import-errors"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("id=\"confirm\""),
        "it changes something"
    );
}

#[actix_web::test]
async fn the_import_history_is_in_vietnam_time() {
    let world = World::new();
    let utc = chrono::NaiveDate::from_ymd_opt(2026, 3, 15)
        .and_then(|d| d.and_hms_opt(20, 30, 0))
        .expect("a time");
    diesel::update(award_imports::table.find(world.import))
        .set(award_imports::created_at.eq(utc))
        .execute(&mut *world.app.conn())
        .expect("time");
    let page = get(&world, Actor::Official, "/quan-tri/giai-thuong/nhap").await;
    // 20:30 UTC is 03:30 the next day in Vietnam (UTC+7).
    assert!(
        page.body
            .contains("<time datetime=\"2026-03-15T20:30:00Z\">16/03/2026 03:30</time>"),
        "{}",
        page.body
    );
    let preview = get(
        &world,
        Actor::Official,
        &format!("/quan-tri/giai-thuong/nhap/{}", world.import),
    )
    .await;
    assert!(preview.body.contains("16/03/2026 03:30"));
}

#[actix_web::test]
async fn chart_numbers_use_the_languages_thousands_separator() {
    let world = World::new();
    {
        use hangviet::db::models::ProductStatus;
        use hangviet::db::models::product::NewProduct;
        let mut conn = world.app.conn();
        let producer = ProducerBuilder::new("Làng nghề Bát Tràng").insert(&mut conn);
        let category = hangviet::db::models::Category::by_slug(&mut conn, "thu-cong-my-nghe")
            .expect("category")
            .id;
        let now = chrono::Utc::now().naive_utc();
        let rows: Vec<NewProduct> = (0..1234)
            .map(|n| NewProduct {
                producer_id: producer,
                category_id: category,
                slug: format!("chen-bat-trang-{n}"),
                name: format!("Chén Bát Tràng {n}"),
                name_folded: format!("chen bat trang {n}"),
                brand: String::new(),
                description: String::new(),
                gtin: None,
                status: ProductStatus::Published,
                rejection_reason: None,
                published_at: Some(now),
                created_at: now,
                updated_at: now,
                is_demo: false,
            })
            .collect();
        conn.transaction(|conn| {
            for row in rows {
                diesel::insert_into(products::table)
                    .values(row)
                    .execute(conn)?;
            }
            diesel::QueryResult::Ok(())
        })
        .expect("products");
    }
    // 1,234 new ones and the world's published product in the same category.
    let vi = get(&world, Actor::Official, "/quan-tri/tong-quan").await;
    assert!(vi.body.contains("class=\"chart__value\""));
    assert!(vi.body.contains(">1.235</text>"), "{}", vi.body);
    assert!(!vi.body.contains(">1235<"));
    let en = get(&world, Actor::Official, "/en/quan-tri/tong-quan").await;
    assert!(en.body.contains(">1,235</text>"));
}

/// The flash message key a redirect sets, if any.
fn flash_key(page: &Page) -> Option<String> {
    page.headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("hv_flash="))
        .and_then(|v| v.split(';').next())
        .and_then(|v| {
            let decoded = v.replace("%3D", "=").replace("%26", "&");
            decoded
                .split('&')
                .find_map(|pair| pair.strip_prefix("key=").map(str::to_owned))
        })
}

#[actix_web::test]
async fn every_officials_action_that_redirects_says_what_it_did() {
    let world = World::new();
    let citizen = world.member(Actor::Citizen).expect("citizen").user_id;
    let cases = [
        (
            Actor::Official,
            format!("/quan-tri/bao-cao/{}/xu-ly", world.report),
            vec![("note", "Đã kiểm tra")],
            "flash-report-resolved",
        ),
        (
            Actor::Official,
            format!("/quan-tri/tin-tuc/{}/xuat-ban", world.article),
            vec![],
            "flash-article-published",
        ),
        (
            Actor::Official,
            format!("/quan-tri/diem-ban/{}/da-xem", world.point),
            vec![],
            "flash-point-of-sale-reviewed",
        ),
        (
            Actor::Official,
            format!(
                "/quan-tri/bo-suu-tap/{}/san-pham/{}/xoa",
                world.collection, world.item
            ),
            vec![],
            "flash-collection-product-removed",
        ),
        (
            Actor::Official,
            format!("/quan-tri/nhan-quan-ly/{}/duyet", world.claim),
            vec![],
            "flash-claim-approved",
        ),
        (
            Actor::Admin,
            format!("/quan-tri/nguoi-dung/{citizen}/dinh-chi"),
            vec![],
            "flash-user-suspended",
        ),
    ];
    for (actor, path, fields, key) in cases {
        let member = world.member(actor).expect("member");
        let mut all = vec![("csrf_token", member.csrf_token.as_str())];
        all.extend(fields);
        let done = world
            .app
            .browser_of(member)
            .post_raw(&path, &all, &[("Origin", "http://localhost:8080")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.body);
        assert_eq!(flash_key(&done).as_deref(), Some(key), "{path}");
    }

    // Shown on the page it lands on, in the official's language.
    let official = world.member(Actor::Official).expect("official");
    let mut browser = world.app.browser_of(official);
    let done = browser
        .submit(
            "/en/quan-tri/tin-tuc",
            &format!("/en/quan-tri/tin-tuc/{}/an", world.article),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = browser.get(done.header("location")).await;
    assert!(
        page.body.contains("Article taken back to draft."),
        "{}",
        page.body
    );
}
