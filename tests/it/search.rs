//! Search: one conformance suite run on the embedded backend always and on Meilisearch when
//! `MEILI_URL` is set; the outbox keeping the index in step; degradation to the database.

use crate::common;

use actix_web::http::StatusCode;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use hangviet::db::models::product::ProductStatus;
use hangviet::db::models::search_outbox::SearchOutbox;
use serde_json::Value;

fn url(q: &str, filters: &[(&str, &str)]) -> String {
    let mut pairs = vec![("q", q)];
    pairs.extend_from_slice(filters);
    format!(
        "/api/v1/search?{}",
        serde_urlencoded::to_string(&pairs).expect("encodes")
    )
}

async fn search(app: &TestApp, q: &str, filters: &[(&str, &str)]) -> Value {
    app.json(&url(q, filters)).await
}

fn names(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["name"].as_str().expect("name").to_owned())
        .collect()
}

/// The queries every backend must answer alike, on the demo catalogue.
async fn conformance(app: &TestApp) {
    // Unaccented, as typed on a phone.
    let r = search(app, "nuoc mam", &[]).await;
    assert_eq!(r["degraded"], false);
    let found = names(&r);
    assert!(
        found
            .iter()
            .all(|n| hangviet::text::fold(n).contains("nuoc mam")),
        "{found:?}"
    );
    let phu_quoc = names(&search(app, "nuoc mam phu quoc", &[]).await);
    assert!(
        phu_quoc[..5]
            .iter()
            .any(|n| n == "Nước mắm Phú Quốc Khải Hoàn 40 độ đạm"),
        "{phu_quoc:?}"
    );
    assert!(
        phu_quoc[..5]
            .iter()
            .all(|n| n.starts_with("Nước mắm Phú Quốc")),
        "whole-name matches first: {phu_quoc:?}"
    );
    assert!(r["total"].as_u64().expect("total") >= 6);
    assert!(
        r["hits"][0]["highlight"]
            .as_str()
            .is_some_and(|h| h.contains("<mark>"))
    );

    // Mixed case and diacritics find the same products.
    let upper = search(app, "NƯỚC MẮM", &[]).await;
    assert_eq!(upper["total"], r["total"]);

    // đ folds to d.
    let d = names(&search(app, "dien quang", &[]).await);
    assert!(
        d.iter().any(|n| n == "Bóng đèn LED Bulb Điện Quang"),
        "{d:?}"
    );
    let rang_dong = names(&search(app, "rang dong", &[]).await);
    assert_eq!(
        rang_dong.first().map(String::as_str),
        Some("Bóng đèn và phích nước Rạng Đông")
    );

    // Craft-village goods.
    let gom = search(app, "gom su bat trang", &[]).await;
    let gom_names = names(&gom);
    assert!(!gom_names.is_empty());
    assert!(
        gom_names.iter().all(|n| n.contains("Bát Tràng")),
        "{gom_names:?}"
    );

    // A typo within the budget (8 letters: one typo) and a half-typed last word.
    let typo = names(&search(app, "vicosapp", &[]).await);
    assert!(typo.iter().any(|n| n == "Dừa sáp sợi VICOSAP"), "{typo:?}");
    let typo = names(&search(app, "sunhouze", &[]).await);
    assert!(typo.iter().any(|n| n == "Đồ gia dụng Sunhouse"), "{typo:?}");
    let prefix = names(&search(app, "gom su bat tra", &[]).await);
    assert!(prefix.iter().any(|n| n.contains("Bát Tràng")), "{prefix:?}");
    let short = names(&search(app, "mat hoa d", &[]).await);
    assert!(short.iter().any(|n| n == "Mật hoa dừa"), "{short:?}");

    // Old province names: Kiên Giang is part of An Giang since 2025.
    let kg = search(app, "Kien Giang", &[]).await;
    assert!(kg["total"].as_u64().expect("total") >= 6);
    for hit in kg["hits"].as_array().expect("hits") {
        assert!(
            hit["province"]
                .as_str()
                .is_some_and(|p| p.contains("Kiên Giang")),
            "{hit}"
        );
    }
    let kg = names(&search(app, "nuoc mam Kien Giang", &[]).await);
    assert!(
        kg.iter().any(|n| n == "Nước mắm Thanh Quốc 43 độ đạm"),
        "{kg:?}"
    );
    let in_kg = search(app, "nuoc mam", &[("province", "kien-giang")]).await;
    assert!(in_kg["total"].as_u64().expect("total") >= 6);
    for hit in in_kg["hits"].as_array().expect("hits") {
        assert!(
            hit["province"]
                .as_str()
                .is_some_and(|p| p.contains("Kiên Giang")),
            "{hit}"
        );
    }
    let in_ag = search(app, "nuoc mam thanh quoc", &[("province", "an-giang")]).await;
    assert!(
        names(&in_ag)
            .iter()
            .any(|n| n == "Nước mắm Thanh Quốc 35 độ đạm")
    );

    // Synonyms: "tp hcm" is Hồ Chí Minh.
    let hcm = search(app, "gao tp hcm", &[]).await;
    assert!(
        names(&hcm)
            .iter()
            .any(|n| n == "Gạo sinh thái tôm lúa Co.op Fitnest"),
        "{hcm}"
    );

    // Facet filters combine and are counted.
    let ocop = search(
        app,
        "nuoc mam",
        &[("programme", "ocop"), ("year", "2022"), ("tier", "5")],
    )
    .await;
    assert!(ocop["total"].as_u64().expect("total") >= 6);
    for hit in ocop["hits"].as_array().expect("hits") {
        let awards = hit["awards"].as_array().expect("awards");
        assert!(
            awards
                .iter()
                .any(|a| a["programme"] == "ocop" && a["year"] == 2022),
            "{hit}"
        );
    }
    assert!(
        ocop["facets"]["category"]["thuc-pham"]
            .as_u64()
            .is_some_and(|n| n >= 6),
        "{}",
        ocop["facets"]
    );
    assert!(
        ocop["facets"]["year"]["2022"].as_u64().is_some(),
        "{}",
        ocop["facets"]
    );
    let in_category = search(app, "", &[("category", "thu-cong-my-nghe")]).await;
    assert!(in_category["total"].as_u64().expect("total") > 50);
    for hit in in_category["hits"].as_array().expect("hits") {
        assert_eq!(hit["category"], "thu-cong-my-nghe");
    }

    // Nothing matches.
    let none = search(app, "xyzzyqwvbn", &[]).await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["degraded"], false);

    // Hostile input is text, never an error.
    let long = "nước mắm ".repeat(230);
    for q in [
        "\"",
        ":",
        "*",
        "\"nuoc\" OR 1=1 --",
        "name:*",
        "<script>",
        "\\",
        "%_%",
        long.as_str(),
    ] {
        let r = search(app, q, &[]).await;
        assert!(r["total"].is_u64(), "{q}");
        assert_eq!(r["degraded"], false, "{q}");
    }
}

#[actix_web::test]
async fn embedded_backend_conformance() {
    let app = TestApp::demo();
    conformance(&app).await;
}

#[actix_web::test]
async fn meilisearch_backend_conformance() {
    let Ok(meili) = std::env::var("MEILI_URL") else {
        println!("SKIPPED: Meilisearch conformance suite (MEILI_URL is not set)");
        return;
    };
    let app = TestApp::with_settings(|s| {
        s.meili_url = Some(meili);
        s.meili_api_key = std::env::var("MEILI_API_KEY").ok();
    });
    hangviet::demo::seed(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
    )
    .expect("seed");
    app.state.search.configure().await.expect("settings");
    let ctx = app
        .state
        .reference
        .get(&app.state.db)
        .await
        .expect("reference");
    app.state
        .search
        .rebuild(&app.state.db, ctx, |_| {})
        .await
        .expect("rebuild");
    assert_eq!(app.state.search.backend_name(), "meilisearch");
    conformance(&app).await;
}

#[actix_web::test]
async fn exact_diacritics_rank_first_on_the_embedded_backend() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Làng Vòng").insert(&mut conn);
        for name in ["Cơm cháy chà bông", "Bánh cốm Hà Nội", "Com bo qua tang"] {
            let id = ProductBuilder::new(name, producer)
                .status("draft")
                .insert(&mut conn);
            common::set_status(&mut conn, id, ProductStatus::Published);
        }
    }
    assert_eq!(app.sync_search().await, 3);
    let com = names(&search(&app, "cốm", &[]).await);
    assert_eq!(com.len(), 3, "folded matches are all found: {com:?}");
    assert_eq!(com[0], "Bánh cốm Hà Nội");
    let com = names(&search(&app, "cơm", &[]).await);
    assert_eq!(com[0], "Cơm cháy chà bông");
}

#[actix_web::test]
async fn the_outbox_keeps_the_index_in_step() {
    let app = TestApp::new();
    let (product, producer) = {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Xưởng Trà Thái").insert(&mut conn);
        let product = ProductBuilder::new("Trà móc câu Tân Cương", producer)
            .status("submitted")
            .category("do-uong")
            .insert(&mut conn);
        (product, producer)
    };
    // Publish → searchable.
    common::set_status(&mut app.conn(), product, ProductStatus::Published);
    assert_eq!(SearchOutbox::pending(&mut app.conn()).expect("pending"), 1);
    assert_eq!(
        names(&search(&app, "tra moc cau", &[]).await).len(),
        0,
        "not before the worker runs"
    );
    assert_eq!(app.sync_search().await, 1);
    assert_eq!(SearchOutbox::pending(&mut app.conn()).expect("pending"), 0);
    assert_eq!(
        names(&search(&app, "tra moc cau", &[]).await),
        vec!["Trà móc câu Tân Cương"]
    );

    // Producer rename → the new name finds it.
    common::rename_producer(&mut app.conn(), producer, "Hợp tác xã Chè Tân Cương");
    app.sync_search().await;
    let renamed = search(&app, "hop tac xa che", &[]).await;
    assert_eq!(
        renamed["hits"][0]["producer"]["name"],
        "Hợp tác xã Chè Tân Cương"
    );

    // Unpublish → gone.
    common::set_status(&mut app.conn(), product, ProductStatus::Hidden);
    app.sync_search().await;
    assert_eq!(search(&app, "tra moc cau", &[]).await["total"], 0);
    assert_eq!(app.state.search.count().await.expect("count"), 0);
}

#[actix_web::test]
async fn a_mismatched_index_is_rebuilt_at_start() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Cơ sở Mắm Cái").insert(&mut conn);
        ProductBuilder::new("Mắm cá linh", producer).insert(&mut conn);
        ProductBuilder::new("Mắm nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let ctx = app
        .state
        .reference
        .get(&app.state.db)
        .await
        .expect("reference");
    assert!(
        app.state
            .search
            .ensure_in_sync(&app.state.db, ctx.clone())
            .await
            .expect("check")
    );
    assert_eq!(
        app.state.search.count().await.expect("count"),
        1,
        "only the published product"
    );
    assert!(
        !app.state
            .search
            .ensure_in_sync(&app.state.db, ctx)
            .await
            .expect("check"),
        "in step now"
    );
}

#[actix_web::test]
async fn an_unreachable_backend_degrades_to_the_database() {
    // Nothing listens on port 1: every Meilisearch call fails at once.
    let app = TestApp::with_settings(|s| s.meili_url = Some("http://127.0.0.1:1".to_owned()));
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Công ty Nước Mắm Cát Hải")
            .province("Hải Phòng")
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm Cát Hải", producer)
            .award("ocop", 2023, Some("4"))
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let r = search(&app, "nuoc mam", &[]).await;
    assert_eq!(r["degraded"], true);
    assert_eq!(names(&r), vec!["Nước mắm Cát Hải"]);
    let filtered = search(
        &app,
        "nuoc mam",
        &[("programme", "ocop"), ("province", "hai-phong")],
    )
    .await;
    assert_eq!(filtered["total"], 1);
    let page = app.page("/tim-kiem?q=nuoc+mam").await;
    assert!(page.body.contains("chế độ dự phòng"), "notice on the page");
    assert!(page.body.contains("<mark>Nước</mark>"));
    let suggest = app.json("/api/v1/suggest?q=nuoc").await;
    assert_eq!(suggest["degraded"], true);
    assert!(suggest["items"].as_array().is_some_and(|i| !i.is_empty()));
    // The catalogue never needs the search service, and the site stays healthy.
    assert_eq!(app.page("/san-pham").await.card_count(), 1);
    let health = app.json_from_loopback("/healthz").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["search"]["backend"], "meilisearch");
    assert_eq!(health["search"]["ok"], false);
}

#[actix_web::test]
async fn a_missing_index_degrades_too() {
    let app = TestApp::with_settings(|s| {
        // A file where the index directory should be: the index cannot open.
        std::fs::create_dir_all(&s.data_dir).expect("dir");
        std::fs::write(s.search_dir(), b"not a directory").expect("file");
    });
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Lò Gốm").insert(&mut conn);
        ProductBuilder::new("Gốm sứ Bát Tràng men lam", producer).insert(&mut conn);
    }
    let r = search(&app, "gom su", &[]).await;
    assert_eq!(r["degraded"], true);
    assert_eq!(r["total"], 1);
}

#[actix_web::test]
async fn search_page_highlights_filters_and_paginates() {
    let app = TestApp::demo();
    let page = app.page("/tim-kiem?q=nuoc+mam").await;
    assert!(page.body.contains("<mark>Nước</mark> <mark>mắm</mark>"));
    assert!(page.body.contains("Nhóm hàng"), "facets");
    assert!(
        page.body
            .contains("href=\"/tim-kiem?q=nuoc+mam&amp;category=thuc-pham\""),
        "facet link keeps q"
    );
    assert!(!page.body.contains("chế độ dự phòng"));
    let broad = app.page("/tim-kiem?q=tra").await;
    assert!(
        broad.body.contains("href=\"/tim-kiem?q=tra&amp;page=2\""),
        "pagination keeps q"
    );
    let empty = app.page("/tim-kiem?q=xyzzyqwvbn").await;
    assert!(empty.body.contains("Không tìm thấy sản phẩm nào"));
    assert!(
        empty.body.contains("/danh-muc/thuc-pham"),
        "suggests where to look"
    );
    assert_eq!(
        app.get("/tim-kiem?q=tra&page=9999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/tim-kiem?q=tra&year=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/search?q=tra&year=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    let hostile = app
        .page("/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert!(!hostile.body.contains("<script>alert(1)"));
}

#[actix_web::test]
async fn suggestions_mix_products_producers_and_categories() {
    let app = TestApp::demo();
    let s = app.json("/api/v1/suggest?q=nuoc+mam").await;
    let items = s["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.len() <= 8);
    assert!(items.iter().any(|i| {
        i["kind"] == "product"
            && i["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("/san-pham/"))
    }));
    let cat = app.json("/api/v1/suggest?q=do+uong").await;
    assert!(
        cat["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["kind"] == "category" && i["url"] == "/danh-muc/do-uong")
    );
    let producer = app.json("/api/v1/suggest?q=khai+hoan").await;
    assert!(
        producer["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["kind"] == "producer")
    );
    let tiny = app.json("/api/v1/suggest?q=a").await;
    assert_eq!(tiny["items"].as_array().map(Vec::len), Some(0));
}
