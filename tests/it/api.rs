//! The open-data API: shapes of products and producers, only published data, 404 and 400
//! answers in JSON, pagination bounds, and CORS for every answer (the document, the error
//! shape and CORS rules in general: `openapi.rs`).

use crate::common;

use crate::common::fixtures::two_colour;
use actix_web::http::StatusCode;
use chrono::NaiveDate;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use hangviet::db::models::product_image::NewProductImage;
use hangviet::db::models::{NewAward, ProductImage};
use serde_json::{Value, json};

const BASE: &str = "http://localhost:8080";

/// A small catalogue: a fish-sauce maker recorded under the pre-2025 "Kiên Giang", with two
/// published products, a draft and a hidden one; a producer with only a draft.
struct Catalogue {
    app: TestApp,
}

fn award(product: i32, valid_until: NaiveDate, source_url: &str) -> NewAward {
    NewAward {
        product_id: Some(product),
        producer_id: None,
        programme: hangviet::db::models::Programme::Ocop,
        year: 2022,
        tier: Some("5".into()),
        certificate_no: Some("123/QĐ-UBND".into()),
        valid_until: Some(valid_until),
        source_url: Some(source_url.into()),
    }
}

fn point_of_sale(
    conn: &mut hangviet::db::DbConnection,
    producer: i32,
    product: Option<i32>,
    name: &str,
) {
    crate::common::PointOfSaleBuilder::new(name, producer)
        .selling(product.as_slice())
        .insert(conn);
}

impl Catalogue {
    fn new() -> Catalogue {
        let app = TestApp::new();
        let mut conn = app.conn();
        let maker = ProducerBuilder::new("Công ty Nước mắm Hưng Thịnh")
            .province("Kiên Giang")
            .insert(&mut conn);
        let sauce = ProductBuilder::new("Nước mắm <b>Hưng Thịnh</b> 40 độ đạm", maker)
            .slug("nuoc-mam-hung-thinh")
            .brand("Hưng Thịnh")
            .description("Ủ chượp 12 tháng trong thùng gỗ.")
            .insert(&mut conn);
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        for a in [
            award(sauce, date(2099, 12, 31), "https://ocop.gov.vn/qd"),
            NewAward {
                year: 2019,
                ..award(sauce, date(2020, 1, 1), "javascript:alert(1)")
            },
        ] {
            common::add_award(&mut conn, a);
        }
        ProductBuilder::new("Nước mắm cá cơm 35 độ đạm", maker)
            .slug("nuoc-mam-ca-com")
            .insert(&mut conn);
        let draft = ProductBuilder::new("Nước mắm nháp", maker)
            .slug("nuoc-mam-nhap")
            .status("draft")
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm đã ẩn", maker)
            .slug("nuoc-mam-da-an")
            .status("hidden")
            .insert(&mut conn);
        let stored = app.state.media.put(&two_colour(64, 48)).expect("stored");
        ProductImage::append(
            &mut conn,
            NewProductImage {
                product_id: sauce,
                content_hash: stored.hash,
                width: 64,
                height: 48,
                sort_order: 0,
                alt: String::new(),
            },
        )
        .expect("photo")
        .expect("room");
        point_of_sale(&mut conn, maker, None, "Cửa hàng Hưng Thịnh");
        point_of_sale(&mut conn, maker, Some(sauce), "Quầy nước mắm chợ đêm");
        point_of_sale(&mut conn, maker, Some(draft), "Quầy hàng nháp");
        let quiet = ProducerBuilder::new("Cơ sở Chưa Công Bố").insert(&mut conn);
        ProductBuilder::new("Mắm tôm nháp", quiet)
            .status("draft")
            .insert(&mut conn);
        drop(conn);
        Catalogue { app }
    }

    async fn json(&self, path: &str) -> Value {
        let page = self.app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_eq!(page.header("access-control-allow-origin"), "*", "{path}");
        assert!(page.header("content-type").starts_with("application/json"));
        serde_json::from_str(&page.body).expect("JSON")
    }

    async fn error(&self, path: &str, status: StatusCode) -> Value {
        let page = self.app.get(path).await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
        assert!(
            page.header("content-type").starts_with("application/json"),
            "{path}"
        );
        let body: Value = serde_json::from_str(&page.body).expect("JSON error");
        let code = match status {
            StatusCode::BAD_REQUEST => "invalid_parameter",
            StatusCode::NOT_FOUND => "not_found",
            other => panic!("{other}"),
        };
        assert_eq!(body["error"]["code"], code, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "{path}"
        );
        body
    }
}

fn slugs(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["slug"].as_str().expect("slug"))
        .collect()
}

#[actix_web::test]
async fn the_product_list_shows_only_published_products() {
    let c = Catalogue::new();
    let list = c.json("/api/v1/products").await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["page"], 1);
    assert_eq!(list["last_page"], 1);
    assert_eq!(list["next"], Value::Null);
    // By name, ignoring diacritics: "nuoc mam <b>…" sorts before "nuoc mam ca…".
    assert_eq!(slugs(&list), ["nuoc-mam-hung-thinh", "nuoc-mam-ca-com"]);
    let item = &list["items"][0];
    assert_eq!(item["name"], "Nước mắm <b>Hưng Thịnh</b> 40 độ đạm");
    assert_eq!(
        item["category"],
        json!({"slug": "thuc-pham", "name": item["category"]["name"]})
    );
    assert_eq!(
        item["producer"],
        json!({"slug": "cong-ty-nuoc-mam-hung-thinh", "name": "Công ty Nước mắm Hưng Thịnh", "province": "An Giang"})
    );
    assert_eq!(item["url"], format!("{BASE}/san-pham/nuoc-mam-hung-thinh"));
    assert!(
        item["image"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{BASE}/media/")))
    );
    assert_eq!(item["awards"].as_array().expect("awards").len(), 2);
}

#[actix_web::test]
async fn the_product_list_takes_the_catalogue_filters() {
    let c = Catalogue::new();
    for (query, expected) in [
        (
            "province=an-giang",
            vec!["nuoc-mam-ca-com", "nuoc-mam-hung-thinh"],
        ),
        (
            "province=kien-giang",
            vec!["nuoc-mam-ca-com", "nuoc-mam-hung-thinh"],
        ),
        ("province=ha-noi", vec![]),
        (
            "programme=ocop&tier=5&year=2022",
            vec!["nuoc-mam-hung-thinh"],
        ),
        ("year=2021", vec![]),
        (
            "category=thuc-pham&sort=moi-nhat",
            vec!["nuoc-mam-ca-com", "nuoc-mam-hung-thinh"],
        ),
    ] {
        let list = c.json(&format!("/api/v1/products?{query}")).await;
        let mut found = slugs(&list);
        found.sort_unstable();
        assert_eq!(found, expected, "{query}");
    }
}

#[actix_web::test]
async fn bad_filters_are_a_json_400() {
    let c = Catalogue::new();
    for query in [
        "category=khong-co",
        "province=sao-hoa",
        "year=abc",
        "year=1800",
        "programme=oscar",
        "tier=top9",
        "sort=ngau-nhien",
        "page=0",
        "page=abc",
        "page=100001",
        "per_page=0",
        "per_page=101",
    ] {
        let page = c.app.get(&format!("/api/v1/products?{query}")).await;
        assert_eq!(page.header("access-control-allow-origin"), "*", "{query}");
        c.error(
            &format!("/api/v1/products?{query}"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
}

#[actix_web::test]
async fn pages_are_bounded_and_linked() {
    let c = Catalogue::new();
    {
        let mut conn = c.app.conn();
        let producer = ProducerBuilder::new("Hợp tác xã Chè Tân Cương").insert(&mut conn);
        for n in 0..3 {
            ProductBuilder::new(&format!("Chè búp {n}"), producer).insert(&mut conn);
        }
    }
    let first = c.json("/api/v1/products?per_page=2&province=ha-noi").await;
    assert_eq!(
        (first["total"].as_i64(), first["last_page"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(slugs(&first).len(), 2);
    assert_eq!(
        first["next"],
        format!("{BASE}/api/v1/products?province=ha-noi&per_page=2&page=2")
    );
    let next = first["next"]
        .as_str()
        .expect("next")
        .trim_start_matches(BASE)
        .to_owned();
    let second = c.json(&next).await;
    assert_eq!(slugs(&second), ["che-bup-2"]);
    assert_eq!(second["next"], Value::Null);
    let past = c
        .json("/api/v1/products?per_page=2&province=ha-noi&page=3")
        .await;
    assert_eq!(past["items"], json!([]));
    assert_eq!(past["total"], 3);
}

#[actix_web::test]
async fn a_product_in_full() {
    let c = Catalogue::new();
    let p = c.json("/api/v1/products/nuoc-mam-hung-thinh").await;
    let mut keys: Vec<&str> = p
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "awards",
            "brand",
            "category",
            "description",
            "fictional",
            "gtin",
            "images",
            "name",
            "producer",
            "slug",
            "url"
        ]
    );
    assert_eq!(p["brand"], "Hưng Thịnh");
    assert_eq!(p["description"], "Ủ chượp 12 tháng trong thùng gỗ.");
    assert_eq!(p["gtin"], Value::Null);
    assert_eq!(p["producer"]["province"], "An Giang");
    assert_eq!(p["images"].as_array().expect("images").len(), 1);
    assert!(
        p["images"][0]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{BASE}/media/")))
    );
    assert_eq!(
        p["awards"][0],
        json!({
            "programme": "ocop", "programme_name": "Sản phẩm OCOP", "year": 2022, "tier": "5",
            "valid_until": "2099-12-31", "expired": false, "status": "valid",
            "certificate_no": "123/QĐ-UBND",
            "source_url": "https://ocop.gov.vn/qd"
        })
    );
    assert_eq!(p["awards"][1]["expired"], true);
    assert_eq!(
        p["awards"][1]["source_url"],
        Value::Null,
        "no javascript: links"
    );
}

#[actix_web::test]
async fn unpublished_or_missing_products_are_a_json_404() {
    let c = Catalogue::new();
    for slug in ["nuoc-mam-nhap", "nuoc-mam-da-an", "khong-co"] {
        let path = format!("/api/v1/products/{slug}");
        let page = c.app.get(&path).await;
        assert_eq!(page.header("access-control-allow-origin"), "*");
        c.error(&path, StatusCode::NOT_FOUND).await;
    }
}

#[actix_web::test]
async fn a_producer_with_its_awards_points_of_sale_and_products() {
    let c = Catalogue::new();
    let p = c
        .json("/api/v1/producers/cong-ty-nuoc-mam-hung-thinh")
        .await;
    assert_eq!(p["name"], "Công ty Nước mắm Hưng Thịnh");
    assert_eq!(
        p["province"],
        json!({"slug": "an-giang", "name": "An Giang"})
    );
    assert_eq!(p["province_as_written"], "Kiên Giang");
    assert_eq!(
        p["url"],
        format!("{BASE}/nha-san-xuat/cong-ty-nuoc-mam-hung-thinh")
    );
    assert_eq!(p["awards"], json!([]));
    assert_eq!(p["products"]["total"], 2);
    assert_eq!(p["products"]["next"], Value::Null);
    let points: Vec<(&str, &Value)> = p["points_of_sale"]
        .as_array()
        .expect("points")
        .iter()
        .map(|s| (s["name"].as_str().expect("name"), &s["products"]))
        .collect();
    assert_eq!(
        points,
        [
            ("Cửa hàng Hưng Thịnh", &json!([])),
            ("Quầy nước mắm chợ đêm", &json!(["nuoc-mam-hung-thinh"]))
        ],
        "the draft's stall is not public"
    );
    assert_eq!(p["points_of_sale"][0]["province"], "An Giang");

    c.error(
        "/api/v1/producers/co-so-chua-cong-bo",
        StatusCode::NOT_FOUND,
    )
    .await;
    c.error("/api/v1/producers/khong-co", StatusCode::NOT_FOUND)
        .await;
}

#[actix_web::test]
async fn points_of_sale_of_unpublished_products_are_not_public() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let maker = ProducerBuilder::new("Cơ sở Mắm Ba Làng")
        .province("Kiên Giang")
        .insert(&mut conn);
    let public = ProductBuilder::new("Mắm cá linh Ba Làng", maker)
        .slug("mam-ca-linh-ba-lang")
        .insert(&mut conn);
    point_of_sale(&mut conn, maker, None, "Cửa hàng chung Ba Làng");
    point_of_sale(&mut conn, maker, Some(public), "Quầy mắm cá linh");
    let mut unpublished = Vec::new();
    for status in ["hidden", "draft", "submitted", "rejected"] {
        let id = ProductBuilder::new(&format!("Mắm {status}"), maker)
            .slug(&format!("mam-{status}"))
            .status(status)
            .insert(&mut conn);
        point_of_sale(&mut conn, maker, Some(id), &format!("Quầy kín {status}"));
        unpublished.push(id);
    }
    // More points of unpublished products than a page shows, sorted first by name: they
    // must not crowd out the public ones either.
    for i in 0..60 {
        point_of_sale(
            &mut conn,
            maker,
            Some(unpublished[i % unpublished.len()]),
            &format!("A quầy kín {i:02}"),
        );
    }
    drop(conn);
    let pages = [
        app.page("/nha-san-xuat/co-so-mam-ba-lang").await.body,
        app.page("/api/v1/producers/co-so-mam-ba-lang").await.body,
        app.page("/san-pham/mam-ca-linh-ba-lang").await.body,
        app.page("/api/v1/products/mam-ca-linh-ba-lang").await.body,
    ];
    for (i, body) in pages.iter().enumerate() {
        assert!(
            !body.contains("kín"),
            "page {i} shows a hidden product's point of sale"
        );
    }
    for (i, body) in pages[..3].iter().enumerate() {
        assert!(
            body.contains("Cửa hàng chung Ba Làng") && body.contains("Quầy mắm cá linh"),
            "page {i} lists the public points of sale"
        );
    }
}
