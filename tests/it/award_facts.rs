//! Awards shown honestly: every surface (cards, search hits, product, producer and award
//! pages, the JSON APIs, the feed) states programme, tier, year and whether the award is
//! valid, expired or without an end date; the guide to the four titles; a year's list by
//! tier with a province filter and its sources; home shelves that never show only expired
//! awards.

use crate::common;

use actix_web::http::StatusCode;
use chrono::{Days, NaiveDate};
use common::TestApp;
use common::factories::{ProducerBuilder, ProductBuilder, add_award};
use hangviet::clock::today_in_vietnam;
use hangviet::db::models::{NewAward, Programme};
use serde_json::Value;

const VALID: &str = "tra-sen-con-han";
const EXPIRED: &str = "mam-ca-het-han";
const DATELESS: &str = "gao-khong-ghi-han";

fn award(
    product_id: i32,
    programme: Programme,
    year: i32,
    tier: Option<&str>,
    valid_until: Option<NaiveDate>,
) -> NewAward {
    NewAward {
        product_id: Some(product_id),
        producer_id: None,
        programme,
        year,
        tier: tier.map(str::to_owned),
        certificate_no: None,
        valid_until,
        source_url: None,
    }
}

/// The end date of the valid award, as pages print it.
fn valid_date() -> NaiveDate {
    today_in_vietnam() + Days::new(400)
}

/// One producer with three products: an OCOP 4-star award of 2025 still valid (with its
/// decision number and source), an OCOP 3-star award of 2019 expired, and a "Top 1" award
/// of 2025 recorded without an end date.
fn three_awards(app: &TestApp) {
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Hợp tác xã Sen Vàng")
        .province("An Giang")
        .insert(&mut conn);
    let valid = ProductBuilder::new("Trà sen còn hạn", producer)
        .slug(VALID)
        .insert(&mut conn);
    let expired = ProductBuilder::new("Mắm cá hết hạn", producer)
        .slug(EXPIRED)
        .insert(&mut conn);
    let dateless = ProductBuilder::new("Gạo không ghi hạn", producer)
        .slug(DATELESS)
        .insert(&mut conn);
    add_award(
        &mut conn,
        NewAward {
            certificate_no: Some("QĐ 999/QĐ-UBND".to_owned()),
            source_url: Some("https://example.org/ocop-2025".to_owned()),
            ..award(valid, Programme::Ocop, 2025, Some("4"), Some(valid_date()))
        },
    );
    add_award(
        &mut conn,
        award(
            expired,
            Programme::Ocop,
            2019,
            Some("3"),
            Some(today_in_vietnam() - Days::new(30)),
        ),
    );
    add_award(
        &mut conn,
        award(dateless, Programme::HvnYeuThich, 2025, Some("top1"), None),
    );
    // Rows made directly: queue them for the search index as publishing would.
    hangviet::db::models::search_outbox::SearchOutbox::enqueue(
        &mut conn,
        &[valid, expired, dateless],
    )
    .expect("queued for the index");
}

/// The badge as pages print it.
fn badge(css: &str, status: &str, label: &str, state: &str) -> String {
    format!(
        "<span class=\"badge badge--{css} badge--{status}\" title=\"{}\"><span class=\"badge__name\">{label}</span> <span class=\"badge__state\">{state}</span></span>",
        match css.split('-').next() {
            Some("ocop") => "Sản phẩm OCOP",
            _ => "Hàng Việt Nam được người tiêu dùng yêu thích",
        }
    )
}

fn valid_badge() -> String {
    let date = valid_date().format("%d/%m/%Y");
    badge(
        "ocop-4",
        "valid",
        "OCOP 4 sao · 2025",
        &format!("hiệu lực đến {date}"),
    )
}

fn expired_badge() -> String {
    badge("ocop-3", "expired", "OCOP 3 sao · 2019", "hết hiệu lực")
}

fn dateless_badge() -> String {
    badge(
        "hvn-yeu-thich-top1",
        "no_end_date",
        "HVN yêu thích Top 1 · 2025",
        "không ghi thời hạn",
    )
}

/// The piece of `body` from the element that names `name` on to the next card or hit.
fn item_of<'a>(body: &'a str, name: &str, start_marker: &str) -> &'a str {
    let at = body
        .find(name)
        .unwrap_or_else(|| panic!("{name} on the page"));
    let start = body[..at].rfind(start_marker).expect("item start");
    let end = body[at..].find(start_marker).map_or(body.len(), |e| at + e);
    &body[start..end]
}

fn assert_three_cards(body: &str, what: &str) {
    let card = |name| item_of(body, name, "<article class=\"card\">");
    assert!(
        card("Trà sen còn hạn").contains(&valid_badge()),
        "{what}: valid badge\n{}",
        card("Trà sen còn hạn")
    );
    assert!(
        card("Mắm cá hết hạn").contains(&expired_badge()),
        "{what}: expired badge"
    );
    assert!(
        card("Gạo không ghi hạn").contains(&dateless_badge()),
        "{what}: dateless badge"
    );
}

#[actix_web::test]
async fn cards_on_the_catalogue_and_the_producer_page_state_validity() {
    let app = TestApp::new();
    three_awards(&app);
    assert_three_cards(&app.page("/san-pham").await.body, "catalogue");
    assert_three_cards(
        &app.page("/nha-san-xuat/hop-tac-xa-sen-vang").await.body,
        "producer page",
    );
}

#[actix_web::test]
async fn search_hits_state_validity() {
    let app = TestApp::new();
    three_awards(&app);
    assert_eq!(app.sync_search().await, 3, "indexed");
    assert_hits_state_validity(&app).await;
}

/// The same on a real Meilisearch (`cargo test --test it -- --ignored meilisearch`): its
/// documents carry each award's end of validity too.
#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn meilisearch_hits_state_validity() {
    let url = std::env::var("MEILI_URL").expect("MEILI_URL");
    let key = std::env::var("MEILI_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let index = format!(
        "hangviet-test-award-facts-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let app = TestApp::with_settings(|s| {
        s.meili_url = Some(url.clone());
        s.meili_api_key = key.clone();
        s.meili_index = index.clone();
        s.search_timeout_ms = 10_000;
    });
    assert_eq!(app.state.search.backend_name(), "meilisearch");
    app.state.search.configure().await.expect("settings");
    three_awards(&app);
    assert_eq!(app.sync_search().await, 3, "indexed");
    assert_hits_state_validity(&app).await;
    let answer = app.json("/api/v1/search?q=mam+ca").await;
    assert_eq!(
        answer["degraded"],
        Value::Bool(false),
        "answered by Meilisearch"
    );
    assert_eq!(answer["hits"][0]["awards"][0]["status"], "expired");
    let client = meilisearch_sdk::client::Client::new(url, key).expect("client");
    if let Ok(task) = client.delete_index(&index).await {
        let _ = task
            .wait_for_completion(&client, None, Some(std::time::Duration::from_secs(60)))
            .await;
    }
}

/// Each of the three products found by its words shows its badge with its state.
async fn assert_hits_state_validity(app: &TestApp) {
    for (q, slug, expected) in [
        ("tra sen", VALID, valid_badge()),
        ("mam ca", EXPIRED, expired_badge()),
        ("gao khong", DATELESS, dateless_badge()),
    ] {
        let page = app
            .page(&format!("/tim-kiem?q={}", q.replace(' ', "+")))
            .await;
        assert!(
            !page.body.contains("notice--warning"),
            "search {q}: not degraded"
        );
        // Names are cut into highlighted pieces: find the hit by its link.
        let link = format!("href=\"/san-pham/{slug}\"");
        let hit = item_of(&page.body, &link, "<li class=\"hit\">");
        assert!(hit.contains(&expected), "search {q}: {hit}");
    }
}

#[actix_web::test]
async fn award_year_pages_state_validity() {
    let app = TestApp::new();
    three_awards(&app);
    let page = app.page("/giai-thuong/ocop/2025").await;
    assert!(page.body.contains(&valid_badge()));
    let page = app.page("/giai-thuong/ocop/2019").await;
    assert!(page.body.contains(&expired_badge()));
    let page = app.page("/giai-thuong/hvn-yeu-thich/2025").await;
    assert!(page.body.contains(&dateless_badge()));
}

#[actix_web::test]
async fn product_pages_give_state_decision_source_and_meaning() {
    let app = TestApp::new();
    three_awards(&app);
    let valid = app.page(&format!("/san-pham/{VALID}")).await.body;
    let date = valid_date();
    assert!(valid.contains(&valid_badge()));
    assert!(valid.contains(&format!(
        "<time datetime=\"{}\">hiệu lực đến {}</time>",
        date.format("%Y-%m-%d"),
        date.format("%d/%m/%Y")
    )));
    assert!(valid.contains("QĐ 999/QĐ-UBND"), "decision number");
    assert!(
        valid.contains("href=\"https://example.org/ocop-2025\""),
        "source link"
    );
    assert!(
        valid.contains("giấy chứng nhận OCOP có hiệu lực 36 tháng"),
        "what the title means"
    );
    assert!(valid.contains("href=\"/giai-thuong/gioi-thieu#ocop\""));

    let expired = app.page(&format!("/san-pham/{EXPIRED}")).await.body;
    assert!(expired.contains(&expired_badge()));
    assert!(expired.contains("class=\"award award--expired\""));
    assert!(
        !expired.contains("Số quyết định/chứng nhận"),
        "no decision number row when none is known"
    );
    assert!(
        !expired.contains("award__source"),
        "no source link when none is known"
    );

    let dateless = app.page(&format!("/san-pham/{DATELESS}")).await.body;
    assert!(dateless.contains(&dateless_badge()));
    assert!(dateless.contains("Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"));
    assert!(dateless.contains("href=\"/giai-thuong/gioi-thieu#hvn-yeu-thich\""));

    let english = app.page(&format!("/en/san-pham/{EXPIRED}")).await.body;
    assert!(english.contains("<span class=\"badge__state\">expired</span>"));
    let english = app.page(&format!("/en/san-pham/{DATELESS}")).await.body;
    assert!(english.contains("<span class=\"badge__state\">no end date given</span>"));
    assert!(english.contains("href=\"/en/giai-thuong/gioi-thieu#hvn-yeu-thich\""));
}

/// The awards of an API product, by programme and year: (status, valid_until).
fn api_states(product: &Value) -> Vec<(String, Value)> {
    product["awards"]
        .as_array()
        .expect("awards")
        .iter()
        .map(|a| {
            (
                a["status"].as_str().unwrap_or("").to_owned(),
                a["valid_until"].clone(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_json_apis_give_status_and_end_date() {
    let app = TestApp::new();
    three_awards(&app);
    assert_eq!(app.sync_search().await, 3, "indexed");
    let iso = Value::String(valid_date().format("%Y-%m-%d").to_string());
    let expired_iso = Value::String(
        (today_in_vietnam() - Days::new(30))
            .format("%Y-%m-%d")
            .to_string(),
    );
    let expected = |slug: &str| match slug {
        VALID => vec![("valid".to_owned(), iso.clone())],
        EXPIRED => vec![("expired".to_owned(), expired_iso.clone())],
        _ => vec![("no_end_date".to_owned(), Value::Null)],
    };

    for slug in [VALID, EXPIRED, DATELESS] {
        let p = app.json(&format!("/api/v1/products/{slug}")).await;
        assert_eq!(api_states(&p), expected(slug), "/api/v1/products/{slug}");
    }
    let list = app.json("/api/v1/products").await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    for p in items {
        let slug = p["slug"].as_str().expect("slug");
        assert_eq!(api_states(p), expected(slug), "/api/v1/products: {slug}");
    }
    let producer = app.json("/api/v1/producers/hop-tac-xa-sen-vang").await;
    for p in producer["products"]["items"].as_array().expect("items") {
        let slug = p["slug"].as_str().expect("slug");
        assert_eq!(api_states(p), expected(slug), "/api/v1/producers: {slug}");
    }
    for q in ["tra+sen", "mam+ca", "gao+khong"] {
        let answer = app.json(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(
            answer["degraded"],
            Value::Bool(false),
            "answered by the index"
        );
        let hit = &answer["hits"][0];
        let slug = hit["slug"].as_str().expect("a hit");
        assert_eq!(api_states(hit), expected(slug), "/api/v1/search?q={q}");
    }
}

#[actix_web::test]
async fn the_feed_states_each_products_awards() {
    let app = TestApp::new();
    three_awards(&app);
    let feed = app.page("/feed.xml").await.body;
    let date = valid_date().format("%d/%m/%Y");
    assert!(
        feed.contains(&format!(
            "Danh hiệu: OCOP 4 sao · 2025 · hiệu lực đến {date}"
        )),
        "{feed}"
    );
    assert!(feed.contains("Danh hiệu: OCOP 3 sao · 2019 · hết hiệu lực"));
    assert!(feed.contains("Danh hiệu: HVN yêu thích Top 1 · 2025 · không ghi thời hạn"));
    let english = app.page("/en/feed.xml").await.body;
    assert!(
        english.contains("Awards: OCOP 3 stars · 2019 · expired"),
        "{english}"
    );
}

#[actix_web::test]
async fn the_guide_explains_the_four_titles_in_both_languages() {
    let app = TestApp::new();
    let page = app.page("/giai-thuong/gioi-thieu").await.body;
    for text in [
        "id=\"hvn-yeu-thich\"",
        "id=\"ocop\"",
        "id=\"hvnclc\"",
        "id=\"thqg\"",
        "Giấy chứng nhận OCOP có hiệu lực 36 tháng",
        "Hội Doanh nghiệp Hàng Việt Nam chất lượng cao tổ chức",
        "Bộ Công Thương quyết định",
        "hai năm một lần",
        // Abbreviations are spelled out in the text, not in a tooltip.
        "HVNCLC: Hàng Việt Nam chất lượng cao",
        "THQG: Thương hiệu quốc gia",
        "OCOP: Chương trình Mỗi xã một sản phẩm",
    ] {
        assert!(page.contains(text), "guide: {text}");
    }
    let english = app.page("/en/giai-thuong/gioi-thieu").await.body;
    assert!(english.contains("An OCOP certificate is valid for 36 months"));
    assert!(
        english.contains("HVNCLC: Hàng Việt Nam chất lượng cao (High-Quality Vietnamese Goods)")
    );
    let index = app.page("/giai-thuong").await.body;
    assert!(index.contains("href=\"/giai-thuong/gioi-thieu\""));
    let sitemap = app.sitemap_text().await;
    assert!(sitemap.contains("/giai-thuong/gioi-thieu</loc>"));
}

/// Section headings of a year's list, in order.
fn group_headings(body: &str) -> Vec<String> {
    body.match_indices("class=\"section\" id=\"hang-")
        .map(|(i, _)| {
            let rest = &body[i + "class=\"section\" id=\"".len()..];
            rest[..rest.find('"').expect("anchor end")].to_owned()
        })
        .collect()
}

#[actix_web::test]
async fn a_years_list_is_grouped_by_tier_filtered_by_province_with_its_sources() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let south = ProducerBuilder::new("Cơ sở Miền Tây")
            .province("An Giang")
            .insert(&mut conn);
        let north = ProducerBuilder::new("Cơ sở Miền Bắc")
            .province("Lào Cai")
            .insert(&mut conn);
        for (name, producer, tier, source) in [
            (
                "Khô cá lóc",
                south,
                "3",
                Some("https://example.org/an-giang-2024"),
            ),
            (
                "Mắm thái",
                south,
                "4",
                Some("https://example.org/an-giang-2024"),
            ),
            (
                "Trà shan tuyết",
                north,
                "5",
                Some("https://example.org/lao-cai-2024"),
            ),
            ("Mật ong bạc hà", north, "3", None),
        ] {
            let id = ProductBuilder::new(name, producer).insert(&mut conn);
            add_award(
                &mut conn,
                NewAward {
                    source_url: source.map(str::to_owned),
                    ..award(id, Programme::Ocop, 2024, Some(tier), None)
                },
            );
        }
    }
    let page = app.page("/giai-thuong/ocop/2024").await.body;
    assert_eq!(
        group_headings(&page),
        ["hang-5", "hang-4", "hang-3"],
        "best tier first"
    );
    for jump in [
        "href=\"/giai-thuong/ocop/2024#hang-5\"",
        "#hang-4\"",
        "#hang-3\"",
    ] {
        assert!(page.contains(jump), "jump link {jump}");
    }
    assert!(page.contains("Danh sách gồm 4 bản ghi."));
    assert!(page.contains("href=\"https://example.org/an-giang-2024\""));
    assert!(page.contains("href=\"https://example.org/lao-cai-2024\""));
    assert_eq!(
        page.matches("href=\"https://example.org/an-giang-2024\"")
            .count(),
        1,
        "each source once"
    );

    let an_giang = app
        .page("/giai-thuong/ocop/2024?province=an-giang")
        .await
        .body;
    assert_eq!(
        group_headings(&an_giang),
        ["hang-4", "hang-3"],
        "empty tiers hidden"
    );
    assert!(!an_giang.contains("#hang-5\""), "no jump to an empty tier");
    assert!(an_giang.contains("Khô cá lóc") && an_giang.contains("Mắm thái"));
    assert!(!an_giang.contains("Trà shan tuyết") && !an_giang.contains("Mật ong bạc hà"));
    assert!(an_giang.contains("Danh sách gồm 2 bản ghi."));
    assert!(
        !an_giang.contains("lao-cai-2024"),
        "only this list's sources"
    );
    assert!(an_giang.contains("<option value=\"an-giang\" selected>"));

    let none = app
        .page("/giai-thuong/ocop/2024?province=ha-noi")
        .await
        .body;
    assert!(group_headings(&none).is_empty());
    assert!(none.contains("Không có sản phẩm nào của tỉnh, thành này"));
    assert!(none.contains("Các bản ghi của danh sách này không ghi nguồn."));

    let bad = app.get("/giai-thuong/ocop/2024?province=khong-co").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn home_shelves_show_valid_awards_and_never_only_expired_ones() {
    use diesel::prelude::*;
    use hangviet::db::models::featured::{NewFeaturedCollection, NewFeaturedItem};
    use hangviet::db::schema::featured_collection_items;
    let app = TestApp::new();
    let today = today_in_vietnam();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Công ty Kệ Hàng").insert(&mut conn);
        let mut product = |name: &str, year: i32, until: NaiveDate| {
            let id = ProductBuilder::new(name, producer).insert(&mut conn);
            add_award(
                &mut conn,
                award(id, Programme::Ocop, year, Some("4"), Some(until)),
            );
            id
        };
        // The newest award year holds only an expired award (withdrawn early).
        let withdrawn = product("Bánh đã thu hồi", 2026, today - Days::new(1));
        let old = product("Kẹo hết hạn", 2019, today - Days::new(100));
        let current = product("Nem còn hạn", 2024, today + Days::new(100));
        let now = chrono::Utc::now().naive_utc();
        for (slug, title, items) in [
            (
                "chi-het-han",
                "Kệ chỉ có hàng hết hạn",
                vec![withdrawn, old],
            ),
            ("hon-hop", "Kệ hỗn hợp", vec![old, current]),
        ] {
            let collection = NewFeaturedCollection {
                slug: slug.to_owned(),
                title: title.to_owned(),
                description: String::new(),
                sort_order: 0,
                starts_at: None,
                ends_at: None,
                created_at: now,
                title_en: String::new(),
                description_en: String::new(),
            }
            .insert(&mut conn)
            .expect("collection");
            for (position, product_id) in items.into_iter().enumerate() {
                diesel::insert_into(featured_collection_items::table)
                    .values(NewFeaturedItem {
                        collection_id: collection,
                        product_id,
                        position: i32::try_from(position).expect("small"),
                    })
                    .execute(&mut *conn)
                    .expect("item");
            }
        }
    }
    let home = app.page("/").await.body;
    assert!(
        !home.contains("Kệ chỉ có hàng hết hạn"),
        "no shelf of only expired awards"
    );
    assert!(home.contains("Kệ hỗn hợp"));
    let shelf = &home[home.find("Kệ hỗn hợp").expect("shelf")..];
    assert!(
        shelf.find("Nem còn hạn") < shelf.find("Kẹo hết hạn"),
        "valid awards first"
    );
    assert!(
        home.contains("Sản phẩm đạt danh hiệu năm 2024"),
        "the latest year with a valid award, not 2026"
    );
    assert!(!home.contains("Bánh đã thu hồi"));
}
