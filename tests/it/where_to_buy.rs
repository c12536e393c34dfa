//! Where to buy (issue 13, item 3): `/diem-ban`, `/api/v1/points-of-sale` and the points of
//! sale of product and producer pages — nearest first from a fixed set of coordinates, the
//! filters, what is never public, junk positions, stable pages and "Chỉ đường" links.

use crate::common;

use actix_web::http::StatusCode;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use hangviet::db::DbConnection;
use serde_json::Value;

/// Hoàn Kiếm lake, Hà Nội.
const HA_NOI: &str = "21.0285,105.8542";

/// The located, public points of sale nearest Hà Nội first (Hà Nội 1.1 km, Huế ~540 km,
/// Đà Nẵng ~630 km, TP Hồ Chí Minh ~1,140 km, Phú Quốc ~1,215 km).
const NEAREST_HA_NOI: [&str; 5] = [
    "Cửa hàng Hàng Đường",
    "Đại lý Huế",
    "Quầy Mè xửng Đà Nẵng",
    "Siêu thị Sài Gòn",
    "Quầy chợ Dương Đông",
];

/// Never public: hidden, listing only a draft, or of a producer with nothing published.
const PRIVATE: [&str; 3] = [
    "Điểm đã ẩn",
    "Điểm chỉ bán hàng nháp",
    "Cửa hàng chưa công bố",
];

struct Store<'a> {
    producer: i32,
    name: &'a str,
    province: &'a str,
    ward: &'a str,
    position: Option<(f64, f64)>,
    hidden: bool,
    products: &'a [i32],
}

fn store(conn: &mut DbConnection, s: Store<'_>) -> i32 {
    crate::common::PointOfSaleBuilder::new(s.name, s.producer)
        .place(s.province, s.ward)
        .address("12 Lê Lợi")
        .phone("0243 826 0000")
        .at(s.position)
        .hidden(s.hidden)
        .selling(s.products)
        .insert(conn)
}

/// Two producers with published goods (one with an OCOP award, in Hà Nội; one without, in
/// Huế) and one with only a draft; their points of sale across the country.
struct Shops {
    app: TestApp,
    /// Producer A (Hà Nội) and its published product's slug.
    maker: i32,
    product_slug: &'static str,
}

impl Shops {
    fn new() -> Shops {
        let app = TestApp::new();
        let (maker, omai, draft, other, unpublished) = {
            let mut conn = app.conn();
            let conn = &mut *conn;
            Shops::producers(conn)
        };
        {
            let mut conn = app.conn();
            Shops::stores(&mut conn, maker, omai, draft, other, unpublished);
        }
        Shops {
            app,
            maker,
            product_slug: "o-mai-mo-hong-lam",
        }
    }

    fn producers(conn: &mut DbConnection) -> (i32, i32, i32, i32, i32) {
        let maker = ProducerBuilder::new("Công ty Ô mai Hồng Lam").insert(conn);
        let omai = ProductBuilder::new("Ô mai mơ Hồng Lam", maker)
            .slug("o-mai-mo-hong-lam")
            .award("ocop", 2022, Some("4"))
            .insert(conn);
        let draft = ProductBuilder::new("Ô mai nháp", maker)
            .status("draft")
            .insert(conn);
        let other = ProducerBuilder::new("Cơ sở Mè xửng Thiên Hương")
            .province("Huế")
            .insert(conn);
        ProductBuilder::new("Mè xửng Thiên Hương", other)
            .category("nong-san-dac-san")
            .insert(conn);
        let unpublished = ProducerBuilder::new("Công ty Chưa Công Bố").insert(conn);
        ProductBuilder::new("Hàng chưa duyệt", unpublished)
            .status("submitted")
            .insert(conn);
        (maker, omai, draft, other, unpublished)
    }

    fn stores(
        conn: &mut DbConnection,
        maker: i32,
        omai: i32,
        draft: i32,
        other: i32,
        unpublished: i32,
    ) {
        let all = [
            (
                maker,
                "Cửa hàng Hàng Đường",
                "ha-noi",
                "Phường Hoàn Kiếm",
                Some((21.0385, 105.8542)),
                false,
                vec![],
            ),
            (
                maker,
                "Cửa hàng không tọa độ",
                "ha-noi",
                "Phường Ba Đình",
                None,
                false,
                vec![omai],
            ),
            (
                maker,
                "Đại lý Huế",
                "hue",
                "Phường Thuận Hóa",
                Some((16.4637, 107.5909)),
                false,
                vec![],
            ),
            (
                maker,
                "Siêu thị Sài Gòn",
                "tp-ho-chi-minh",
                "Phường Bến Thành",
                Some((10.7720, 106.6980)),
                false,
                vec![omai],
            ),
            (
                maker,
                "Quầy chợ Dương Đông",
                "an-giang",
                "Đặc khu Phú Quốc",
                Some((10.2270, 103.9670)),
                false,
                vec![],
            ),
            (
                other,
                "Quầy Mè xửng Đà Nẵng",
                "da-nang",
                "Phường Hải Châu",
                Some((16.0544, 108.2022)),
                false,
                vec![],
            ),
            (
                maker,
                "Điểm đã ẩn",
                "ha-noi",
                "Phường Hoàn Kiếm",
                Some((21.0286, 105.8542)),
                true,
                vec![],
            ),
            (
                maker,
                "Điểm chỉ bán hàng nháp",
                "ha-noi",
                "Phường Hoàn Kiếm",
                Some((21.0287, 105.8542)),
                false,
                vec![draft],
            ),
            (
                unpublished,
                "Cửa hàng chưa công bố",
                "ha-noi",
                "Phường Hoàn Kiếm",
                Some((21.0288, 105.8542)),
                false,
                vec![],
            ),
        ];
        for (producer, name, province, ward, position, hidden, products) in all {
            store(
                conn,
                Store {
                    producer,
                    name,
                    province,
                    ward,
                    position,
                    hidden,
                    products: &products,
                },
            );
        }
    }

    async fn names(&self, path: &str) -> Vec<String> {
        let body = self.app.json(path).await;
        names_of(&body)
    }
}

fn names_of(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_owned())
        .collect()
}

/// Where each of `names` first appears in `html`, which must show them all in that order.
fn assert_in_order(html: &str, names: &[&str]) {
    let at: Vec<usize> = names
        .iter()
        .map(|n| html.find(n).unwrap_or_else(|| panic!("{n} missing")))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "order {names:?}: {at:?}"
    );
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[actix_web::test]
async fn near_me_in_the_api_orders_by_distance() {
    let shops = Shops::new();
    let body = shops
        .app
        .json(&format!("/api/v1/points-of-sale?near={HA_NOI}"))
        .await;
    assert_eq!(names_of(&body), NEAREST_HA_NOI);
    assert_eq!(body["total"], 5, "only located, public points: {body}");
    assert_eq!(body["near"]["latitude"], 21.0285);
    let distances: Vec<f64> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["distance_km"].as_f64().expect("distance"))
        .collect();
    assert!((distances[0] - 1.112).abs() < 0.01, "{distances:?}");
    assert!((500.0..580.0).contains(&distances[1]), "{distances:?}");
    assert!((1100.0..1180.0).contains(&distances[3]), "{distances:?}");
    assert!(distances.windows(2).all(|w| w[0] <= w[1]));
    let first = &body["items"][0];
    assert_eq!(first["producer"]["slug"], "cong-ty-o-mai-hong-lam");
    assert_eq!(
        first["directions_url"],
        "https://www.google.com/maps/dir/?api=1&destination=21.0385,105.8542"
    );
    // From TP Hồ Chí Minh the order turns round.
    let from_saigon = shops
        .names("/api/v1/points-of-sale?near=10.7769,106.7009")
        .await;
    let mut reversed = NEAREST_HA_NOI.to_vec();
    reversed.reverse();
    assert_eq!(from_saigon[0], "Siêu thị Sài Gòn");
    assert_eq!(from_saigon[1], "Quầy chợ Dương Đông");
    assert_eq!(
        from_saigon.last().map(String::as_str),
        Some("Cửa hàng Hàng Đường")
    );
}

#[actix_web::test]
async fn near_me_on_the_page_lists_distances_in_each_language() {
    let shops = Shops::new();
    let vi = shops.app.page(&format!("/diem-ban?near={HA_NOI}")).await;
    assert_in_order(&vi.body, &NEAREST_HA_NOI);
    assert!(vi.body.contains("cách 1,1 km"), "Vietnamese decimal comma");
    assert!(
        !vi.body.contains("Cửa hàng không tọa độ"),
        "no position, no distance"
    );
    assert!(vi.body.contains("data-near-me"), "the Gần tôi button");
    assert!(
        vi.body.contains("/assets/js/near-me"),
        "its script, self-hosted"
    );
    let en = shops.app.page(&format!("/en/diem-ban?near={HA_NOI}")).await;
    assert_in_order(&en.body, &NEAREST_HA_NOI);
    assert!(en.body.contains("1.1 km away"), "English decimal point");
    assert!(en.body.contains("Directions"));
    assert!(vi.body.contains("Chỉ đường"));
    assert_eq!(
        vi.header("x-cache"),
        "",
        "a position's page is never cached"
    );
}

#[actix_web::test]
async fn product_and_producer_pages_list_their_points_nearest_first() {
    let shops = Shops::new();
    let path = format!("/san-pham/{}", shops.product_slug);
    let near = shops.app.page(&format!("{path}?near={HA_NOI}")).await;
    // The product is sold where it is listed and where nothing is listed (whole range).
    assert_in_order(
        &near.body,
        &[
            "Cửa hàng Hàng Đường",
            "Đại lý Huế",
            "Siêu thị Sài Gòn",
            "Quầy chợ Dương Đông",
            "Cửa hàng không tọa độ",
        ],
    );
    assert!(near.body.contains("cách 1,1 km"));
    assert!(!near.body.contains("Quầy Mè xửng"), "another producer's");
    for private in PRIVATE {
        assert!(!near.body.contains(private), "{private}");
    }
    // Directions by coordinates, or by the written address when there are none.
    assert!(
        near.body
            .contains("https://www.google.com/maps/dir/?api=1&amp;destination=21.0385,105.8542")
            || near
                .body
                .contains("https://www.google.com/maps/dir/?api=1&destination=21.0385,105.8542"),
    );
    assert!(
        near.body.contains(
            "destination=12+L%C3%AA+L%E1%BB%A3i%2C+Ph%C6%B0%E1%BB%9Dng+Ba+%C4%90%C3%ACnh%2C+H%C3%A0+N%E1%BB%99i"
        ),
        "directions by address"
    );
    assert!(near.body.contains("href=\"tel:02438260000\""));
    // Without a position: those listing it first, by name, no distance.
    let plain = shops.app.page(&path).await;
    assert_in_order(
        &plain.body,
        &[
            "Cửa hàng không tọa độ",
            "Siêu thị Sài Gòn",
            "Cửa hàng Hàng Đường",
        ],
    );
    assert!(!plain.body.contains(" km"));
    // A junk position is ignored.
    let junk = shops.app.page(&format!("{path}?near=abc")).await;
    assert_eq!(junk.body.matches("class=\"pos\"").count(), 5);
    let producer = shops
        .app
        .page(&format!(
            "/nha-san-xuat/cong-ty-o-mai-hong-lam?near={HA_NOI}"
        ))
        .await;
    assert_in_order(
        &producer.body,
        &[
            "Cửa hàng Hàng Đường",
            "Đại lý Huế",
            "Siêu thị Sài Gòn",
            "Quầy chợ Dương Đông",
        ],
    );
    assert!(producer.body.contains("1,1 km"));
    let _ = shops.maker;
}

#[actix_web::test]
async fn filters_narrow_by_province_ward_category_and_programme() {
    let shops = Shops::new();
    let api = "/api/v1/points-of-sale";
    assert_eq!(
        shops.names(&format!("{api}?province=hue")).await,
        ["Đại lý Huế"]
    );
    // A pre-2025 name selects its current unit.
    assert_eq!(
        shops.names(&format!("{api}?province=thua-thien-hue")).await,
        ["Đại lý Huế"]
    );
    assert_eq!(
        sorted(shops.names(&format!("{api}?province=ha-noi")).await),
        ["Cửa hàng Hàng Đường", "Cửa hàng không tọa độ"]
    );
    assert_eq!(
        shops
            .names(&format!(
                "{api}?province=ha-noi&ward=Ph%C6%B0%E1%BB%9Dng+Ba+%C4%90%C3%ACnh"
            ))
            .await,
        ["Cửa hàng không tọa độ"]
    );
    assert_eq!(
        shops
            .names(&format!("{api}?category=nong-san-dac-san"))
            .await,
        ["Quầy Mè xửng Đà Nẵng"]
    );
    assert_eq!(
        shops.names(&format!("{api}?category=do-uong")).await,
        Vec::<String>::new()
    );
    let ocop = sorted(shops.names(&format!("{api}?programme=ocop")).await);
    assert_eq!(ocop.len(), 5, "{ocop:?}");
    assert!(!ocop.contains(&"Quầy Mè xửng Đà Nẵng".to_owned()));
    assert_eq!(
        shops.names(&format!("{api}?programme=thqg")).await,
        Vec::<String>::new()
    );
    assert_eq!(
        shops
            .names(&format!("{api}?programme=ocop&near={HA_NOI}"))
            .await,
        [
            "Cửa hàng Hàng Đường",
            "Đại lý Huế",
            "Siêu thị Sài Gòn",
            "Quầy chợ Dương Đông"
        ]
    );
    // The page: choosing a province offers its wards from the data.
    let page = shops.app.page("/diem-ban?province=ha-noi").await;
    assert!(page.body.contains("name=\"ward\""));
    assert!(page.body.contains("<option value=\"Phường Ba Đình\""));
    assert!(page.body.contains("Cửa hàng Hàng Đường"));
    assert!(!page.body.contains("Đại lý Huế"));
    // A ward of another province left in the form is dropped, not an empty list.
    let moved = shops
        .app
        .page("/diem-ban?province=hue&ward=Ph%C6%B0%E1%BB%9Dng+Ba+%C4%90%C3%ACnh")
        .await;
    assert!(moved.body.contains("Đại lý Huế"));
    // A ward only on private points of sale is not offered.
    let hue = shops.app.page("/diem-ban?province=hue").await;
    assert!(!hue.body.contains("Phường Hoàn Kiếm"));
    // Unknown filter values are a 400, never a 500.
    for bad in [
        "province=atlantis",
        "category=zzz",
        "programme=nobel",
        "page=0",
        "page=x",
    ] {
        let page = shops.app.get(&format!("/diem-ban?{bad}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        let api = shops.app.get(&format!("{api}?{bad}")).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(api.header("access-control-allow-origin"), "*");
    }
}

#[actix_web::test]
async fn hidden_points_and_those_of_unpublished_goods_never_appear() {
    let shops = Shops::new();
    let all = shops.names("/api/v1/points-of-sale").await;
    assert_eq!(all.len(), 6, "{all:?}");
    let page = shops.app.page("/diem-ban").await;
    let en = shops.app.page("/en/diem-ban").await;
    let near = shops.app.page(&format!("/diem-ban?near={HA_NOI}")).await;
    let near_api = shops
        .names(&format!("/api/v1/points-of-sale?near={HA_NOI}"))
        .await;
    for private in PRIVATE {
        assert!(!all.contains(&private.to_owned()), "{private}");
        assert!(!near_api.contains(&private.to_owned()), "{private}");
        for html in [&page.body, &en.body, &near.body] {
            assert!(!html.contains(private), "{private}");
        }
    }
    // The producer without a published product has no page either.
    let none = shops
        .app
        .get("/nha-san-xuat/cong-ty-chua-cong-bo?near=21,105")
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn junk_positions_are_refused_by_the_api_and_ignored_by_pages() {
    let shops = Shops::new();
    for junk in [
        "abc",
        "21.0285",
        "91,105",
        "21,181",
        "NaN,NaN",
        "inf,1",
        "1e3,5",
        "21.0285,105.8542,7",
        "%00%ff",
        "21.0285;105.8542",
    ] {
        let api = shops
            .app
            .get(&format!("/api/v1/points-of-sale?near={junk}"))
            .await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{junk}: {}", api.body);
        assert!(
            api.header("content-type").starts_with("application/json"),
            "{junk}"
        );
        assert_eq!(api.header("access-control-allow-origin"), "*");
        let page = shops.app.get(&format!("/diem-ban?near={junk}")).await;
        assert_eq!(page.status, StatusCode::OK, "{junk}");
        assert!(!page.body.contains(" km"), "{junk}: listed by place");
        assert!(page.body.contains("Cửa hàng không tọa độ"), "{junk}");
    }
    // Repeated parameters are a 4xx too, never a 500.
    let twice = shops
        .app
        .get(&format!(
            "/api/v1/points-of-sale?near={HA_NOI}&near={HA_NOI}"
        ))
        .await;
    assert!(twice.status.is_client_error(), "{}", twice.status);
}

#[actix_web::test]
async fn pages_are_stable_and_cover_every_point_once() {
    let shops = Shops::new();
    {
        let mut conn = shops.app.conn();
        for n in 0..45 {
            // Same name for all: the id decides, so the order cannot drift.
            store(
                &mut conn,
                Store {
                    producer: shops.maker,
                    name: "Đại lý Hồng Lam",
                    province: "ha-noi",
                    ward: if n % 2 == 0 {
                        "Phường Cửa Nam"
                    } else {
                        "Phường Ba Đình"
                    },
                    position: Some((21.0 + f64::from(n) * 0.001, 105.80)),
                    hidden: false,
                    products: &[],
                },
            );
        }
    }
    for query in ["province=ha-noi", "near=21.0285,105.8542"] {
        let mut seen: Vec<i64> = Vec::new();
        let first = shops
            .app
            .json(&format!("/api/v1/points-of-sale?{query}"))
            .await;
        let total = first["total"].as_i64().expect("total");
        let last_page = first["last_page"].as_i64().expect("last page");
        assert_eq!(last_page, (total + 19) / 20, "{query}");
        for page in 1..=last_page {
            let path = format!("/api/v1/points-of-sale?{query}&page={page}");
            let a = shops.app.json(&path).await;
            let b = shops.app.json(&path).await;
            assert_eq!(a["items"], b["items"], "{path}");
            assert_eq!(a["next"].is_string(), page < last_page, "{path}");
            seen.extend(
                a["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|i| i["id"].as_i64().expect("id")),
            );
        }
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), count, "{query}: no point twice");
        assert_eq!(count as i64, total, "{query}: every point once");
        let past = shops
            .app
            .json(&format!(
                "/api/v1/points-of-sale?{query}&page={}",
                last_page + 1
            ))
            .await;
        assert_eq!(past["items"], Value::Array(vec![]));
    }
    let page2 = shops.app.page("/diem-ban?province=ha-noi&page=2").await;
    assert!(page2.body.contains("rel=\"prev\""));
    let gone = shops.app.get("/diem-ban?province=ha-noi&page=99").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn where_to_buy_is_in_the_navigation_and_the_sitemap() {
    let shops = Shops::new();
    let home = shops.app.page("/").await;
    assert!(home.body.contains("href=\"/diem-ban\""));
    let en = shops.app.page("/en/").await;
    assert!(en.body.contains("href=\"/en/diem-ban\""));
    let sitemap = shops.app.sitemap_text().await;
    assert!(sitemap.contains("/diem-ban</loc>"));
    let list = shops.app.page("/diem-ban").await;
    assert!(list.body.contains("aria-current=\"page\">Điểm bán"));
}
