//! The public catalogue pages on the demo catalogue: content, filters, pagination, errors.

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;

#[actix_web::test]
async fn home_shows_collections_latest_year_and_categories() {
    let app = TestApp::demo();
    let page = app.page("/").await;
    assert!(page.body.contains("<html lang=\"vi\""));
    assert!(
        page.body.contains("Top 1 năm 2025"),
        "featured collection shown"
    );
    assert!(page.body.contains("OCOP 5 sao"));
    assert!(page.body.contains("năm 2025"), "latest award year shown");
    assert!(page.body.contains("/giai-thuong/hvn-yeu-thich/2025"));
    assert!(page.body.contains("/danh-muc/thuc-pham"));
    assert!(page.body.contains("action=\"/tim-kiem\""), "search box");
    assert!(
        page.card_count() >= 12,
        "cards on home: {}",
        page.card_count()
    );
    assert!(page.header("content-type").starts_with("text/html"));
}

#[actix_web::test]
async fn catalogue_paginates_and_keeps_filters() {
    let app = TestApp::demo();
    let first = app.page("/san-pham").await;
    assert_eq!(first.card_count(), 24);
    assert!(first.body.contains("href=\"/san-pham?page=2\""));
    assert!(
        !first.body.contains("Trang trước"),
        "no previous link on page 1"
    );

    let filtered = app.page("/san-pham?category=thuc-pham&sort=moi-nhat").await;
    assert!(
        filtered
            .body
            .contains("/san-pham?category=thuc-pham&amp;sort=moi-nhat&amp;page=2"),
        "next link keeps the filters"
    );

    // The last page exists and is partial; one past it is a 404.
    let total = count_from(&first.body);
    let last = total.div_ceil(24);
    let last_page = app.page(&format!("/san-pham?page={last}")).await;
    assert_eq!(last_page.card_count(), total - (last - 1) * 24);
    assert!(!last_page.body.contains("Trang sau"));
    let beyond = app.get(&format!("/san-pham?page={}", last + 1)).await;
    assert_eq!(beyond.status, StatusCode::NOT_FOUND);
}

/// Reads "1.973 sản phẩm" back as a number.
fn count_from(body: &str) -> usize {
    let idx = body.find(" sản phẩm<").expect("result count on page");
    let digits: String = body[..idx]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().expect("count parses")
}

#[actix_web::test]
async fn bad_filter_values_are_400_never_500() {
    let app = TestApp::demo();
    for query in [
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999999999999",
        "category=khong-co",
        "province=atlantis",
        "year=abc",
        "year=1800",
        "programme=oscar",
        "tier=9",
        "programme=hvnclc&tier=5",
        "sort=gia",
        "page=1&page=2",
    ] {
        let page = app.get(&format!("/san-pham?{query}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            page.body.contains("<main"),
            "error page in site look for {query}"
        );
    }
    let empty_values = app
        .page("/san-pham?category=&province=&year=&programme=&tier=&sort=")
        .await;
    assert_eq!(empty_values.card_count(), 24, "empty values mean no filter");
}

#[actix_web::test]
async fn filters_narrow_by_award_and_province_including_old_names() {
    let app = TestApp::demo();
    let ocop5_2022 = app.page("/san-pham?programme=ocop&year=2022&tier=5").await;
    assert!(ocop5_2022.body.contains("Mật hoa dừa"));
    assert!(
        ocop5_2022
            .body
            .contains("Nước mắm Phú Quốc Khải Hoàn 40 độ đạm")
    );
    assert!(
        !ocop5_2022.body.contains("Bộ bát đĩa gốm sứ hoa sen đỏ"),
        "that one is 2020"
    );

    // Kiên Giang is part of An Giang since 1 July 2025: the new unit includes it…
    let an_giang = app
        .page("/san-pham?province=an-giang&category=thuc-pham&programme=ocop&year=2022")
        .await;
    assert!(an_giang.body.contains("Nước mắm Thanh Quốc 43 độ đạm"));
    assert!(an_giang.body.contains("Kiên Giang (nay thuộc An Giang)"));
    // …and the old name still finds exactly the products recorded under it.
    let kien_giang = app
        .page("/san-pham?province=kien-giang&programme=ocop&year=2022")
        .await;
    assert!(kien_giang.body.contains("Nước mắm Thanh Quốc 43 độ đạm"));
    assert!(kien_giang.card_count() > 0);
    assert!(
        kien_giang
            .body
            .matches("Kiên Giang (nay thuộc An Giang)")
            .count()
            >= kien_giang.card_count()
    );

    let tra_vinh = app.page("/san-pham?province=tra-vinh&programme=ocop").await;
    assert!(tra_vinh.body.contains("Dừa sáp sợi VICOSAP"));
    let vinh_long = app
        .page("/san-pham?province=vinh-long&programme=ocop&year=2022&tier=5")
        .await;
    assert!(
        vinh_long.body.contains("Dừa sáp sợi VICOSAP"),
        "Trà Vinh is now Vĩnh Long"
    );
}

#[actix_web::test]
async fn category_page_lists_only_that_category() {
    let app = TestApp::demo();
    let page = app.page("/danh-muc/thu-cong-my-nghe").await;
    assert!(page.body.contains("Thủ công mỹ nghệ - làng nghề"));
    assert!(page.card_count() > 0);
    assert!(page.body.contains("/danh-muc/thu-cong-my-nghe?page=2"));
    assert!(
        !page.body.contains("href=\"/danh-muc/thuc-pham\""),
        "no other category's cards"
    );
    let overridden = app
        .page("/danh-muc/thu-cong-my-nghe?category=thuc-pham")
        .await;
    assert_eq!(
        overridden.card_count(),
        page.card_count(),
        "path wins over query"
    );
    assert_eq!(
        app.get("/danh-muc/khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn product_page_has_awards_producer_json_ld_and_open_graph() {
    let app = TestApp::demo();
    let page = app.page("/san-pham/mat-hoa-dua").await;
    assert!(page.body.contains("<h1"));
    assert!(page.body.contains("Mật hoa dừa"));
    assert!(page.body.contains("Sản phẩm OCOP"));
    assert!(page.body.contains("5 sao"));
    assert!(
        page.body
            .contains("href=\"/nha-san-xuat/cong-ty-tnhh-tra-vinh-farm\"")
    );
    assert!(
        page.body.contains("https://doanhnghiephoinhap.vn/"),
        "source link"
    );
    assert!(page.body.contains("property=\"og:title\""));
    // A real record imported from an award list has no photo yet: no og:image is made up.
    assert!(!page.body.contains("property=\"og:image\""));
    let ld = page.json_ld();
    assert_eq!(ld["@type"], "Product");
    assert_eq!(ld["name"], "Mật hoa dừa");
    assert_eq!(ld["manufacturer"]["name"], "Công ty TNHH Trà Vinh FARM");
    assert!(
        ld["award"][0]
            .as_str()
            .is_some_and(|a| a.contains("OCOP") && a.contains("hiệu lực")),
        "the award with its state: {}",
        ld["award"][0]
    );
    assert_eq!(
        app.get("/san-pham/khong-ton-tai").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn producer_directory_and_page() {
    let app = TestApp::demo();
    let list = app.page("/nha-san-xuat").await;
    assert!(list.body.contains("/nha-san-xuat?page=2"));
    let by_old_name = app.page("/nha-san-xuat?province=kien-giang").await;
    assert!(by_old_name.body.contains("Công ty CP Thương mại Khải Hoàn"));
    assert_eq!(
        app.get("/nha-san-xuat?province=atlantis").await.status,
        StatusCode::BAD_REQUEST
    );

    let page = app
        .page("/nha-san-xuat/cong-ty-cp-thuong-mai-khai-hoan")
        .await;
    assert!(page.body.contains("Công ty CP Thương mại Khải Hoàn"));
    assert!(page.body.contains("Nước mắm Phú Quốc Khải Hoàn 38 độ đạm"));
    assert!(page.body.contains("Nước mắm Phú Quốc Khải Hoàn 43 độ đạm"));
    assert_eq!(page.json_ld()["@type"], "Organization");
    assert_eq!(
        app.get("/nha-san-xuat/khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn award_year_page_groups_by_tier() {
    let app = TestApp::demo();
    let page = app.page("/giai-thuong/ocop/2022").await;
    assert!(page.body.contains("Sản phẩm OCOP năm 2022"));
    let five = page.body.find("5 sao").expect("5-star group");
    let three = page.body.find("3 sao").expect("3-star group");
    assert!(five < three, "best tier first");
    assert!(page.body.contains("Mật hoa dừa"));

    let index = app.page("/giai-thuong").await;
    for programme in ["hvn-yeu-thich", "ocop", "hvnclc", "thqg"] {
        assert!(
            index.body.contains(&format!("/giai-thuong/{programme}/")),
            "{programme}"
        );
    }
    assert_eq!(
        app.get("/giai-thuong/oscar/2022").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/giai-thuong/ocop/1999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/giai-thuong/ocop/abc").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn unknown_page_is_a_friendly_404() {
    let app = TestApp::demo();
    let page = app.get("/khong-co-trang-nay").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Không tìm thấy trang"));
    assert!(page.body.contains("href=\"/san-pham\""));
    assert!(page.header("content-type").starts_with("text/html"));
}

#[actix_web::test]
async fn every_response_has_security_headers() {
    let app = TestApp::demo();
    for path in ["/", "/san-pham", "/khong-co"] {
        let page = app.get(path).await;
        assert!(
            page.header("content-security-policy")
                .contains("script-src 'self'")
        );
        assert!(
            page.header("content-security-policy")
                .contains("frame-ancestors 'none'")
        );
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert!(!page.header("referrer-policy").is_empty());
    }
}

#[actix_web::test]
async fn assets_and_photos_are_cached_and_typed() {
    let app = TestApp::demo();
    let home = app.page("/").await;
    let css_at = home
        .body
        .find("/assets/site.css?v=")
        .expect("fingerprinted CSS link");
    let css_url: String = home.body[css_at..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let css = app.page(&css_url).await;
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.header("cache-control").contains("immutable"));

    let product = app.page("/san-pham/mat-hoa-dua").await;
    let img_at = product.body.find("/media/").expect("photo on product page");
    let img_url: String = product.body[img_at..]
        .chars()
        .take_while(|c| *c != '"' && *c != ' ')
        .collect();
    let photo = app.get(&img_url).await;
    assert_eq!(photo.status, StatusCode::OK, "{img_url}");
    assert_eq!(photo.header("content-type"), "image/jpeg");
    assert_eq!(photo.header("x-content-type-options"), "nosniff");
    assert!(
        photo
            .header("content-security-policy")
            .contains("default-src 'none'")
    );
    assert!(photo.header("cache-control").contains("max-age=31536000"));

    for bad in [
        "/media/..%2F..%2Fhangviet.db",
        "/media/abc-320.jpg",
        "/assets/../Cargo.toml",
    ] {
        assert_eq!(app.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[actix_web::test]
async fn healthz_reports_the_database() {
    let app = TestApp::demo();
    let json = app.json_from_loopback("/healthz").await;
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"]["ok"], true);
    let backend = if std::env::var("TEST_DATABASE_URL").is_ok() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(json["database"]["backend"], backend);
    assert_eq!(json["search"]["backend"], "embedded");
    assert_eq!(json["search"]["ok"], true);
    assert!(
        json["search"]["documents"]
            .as_u64()
            .is_some_and(|n| n > 1_900)
    );
    assert_eq!(json["search"]["pending"], 0);
}

#[actix_web::test]
async fn public_pages_are_micro_cached_but_not_for_cookies() {
    let app = TestApp::new();
    let producer = {
        let mut conn = app.conn();
        let producer = common::ProducerBuilder::new("Cơ sở Bánh Cốm").insert(&mut conn);
        common::ProductBuilder::new("Bánh cốm Hàng Than", producer).insert(&mut conn);
        producer
    };
    let first = app.page("/san-pham").await;
    assert_eq!(first.card_count(), 1);
    assert_eq!(first.header("x-cache"), "");
    {
        let mut conn = app.conn();
        common::ProductBuilder::new("Bánh cốm Vòng", producer).insert(&mut conn);
    }
    let cached = app.page("/san-pham").await;
    assert_eq!(cached.header("x-cache"), "hit");
    assert_eq!(cached.body, first.body);
    assert!(
        cached
            .header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(cached.header("content-type"), "text/html; charset=utf-8");

    let with_cookie = app.get_with_cookie("/san-pham", "a=b").await;
    assert_eq!(
        with_cookie.card_count(),
        2,
        "a visitor with a cookie gets a fresh page"
    );
    assert_eq!(with_cookie.header("x-cache"), "");

    app.state.pages.clear();
    assert_eq!(
        app.page("/san-pham").await.card_count(),
        2,
        "a change clears the cache"
    );
    assert_eq!(
        app.get("/khong-co").await.header("x-cache"),
        "",
        "errors are never cached"
    );
}
