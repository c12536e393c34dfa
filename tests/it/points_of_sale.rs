//! Points of sale kept by producers (issue 13): a business adds them through its forms (by
//! pasted map links too) and assigns products; bad input is shown again and stores nothing;
//! another producer's member cannot touch them; officials review, edit, hide and remove them,
//! each audited, and hidden ones leave every public page; the CSV import reports every bad
//! line, is all or nothing and idempotent; the export imports back unchanged.

use crate::common;

use actix_web::http::StatusCode;
use common::world::points_of_sale_fingerprint;
use common::{Browser, Member, ProducerBuilder, ProductBuilder, TestApp, audit_count};
use diesel::prelude::*;
use hangviet::db::models::membership::{Membership, MembershipStatus};
use hangviet::db::models::producer::ProducerId;
use hangviet::db::schema::{audit_log, point_of_sale_products, points_of_sale};

/// A business member of a producer with two published products (so its points of sale are
/// public), an official, and a second business with a producer of its own.
struct Shop {
    app: TestApp,
    owner: Member,
    other: Member,
    official: Member,
    producer: i32,
    producer_slug: String,
    fish_sauce: i32,
    pepper: i32,
    other_product: i32,
}

fn shop() -> Shop {
    let app = TestApp::new();
    let owner = app.member("khaihoan@example.vn", "business");
    let other = app.member("khac@example.vn", "business");
    let official = app.member("canbo@example.vn", "official");
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Nước mắm Khải Hoàn")
        .province("Kiên Giang")
        .insert(&mut conn);
    let rival = ProducerBuilder::new("Nước mắm Thanh Hà").insert(&mut conn);
    Membership::add(
        &mut conn,
        owner.user_id,
        ProducerId(producer),
        MembershipStatus::Active,
    )
    .expect("membership");
    Membership::add(
        &mut conn,
        other.user_id,
        ProducerId(rival),
        MembershipStatus::Active,
    )
    .expect("membership");
    let fish_sauce = ProductBuilder::new("Nước mắm Khải Hoàn 40 độ đạm", producer)
        .slug("nuoc-mam-khai-hoan-40")
        .insert(&mut conn);
    let pepper = ProductBuilder::new("Tiêu Phú Quốc", producer)
        .slug("tieu-phu-quoc")
        .insert(&mut conn);
    let other_product = ProductBuilder::new("Nước mắm Thanh Hà", rival)
        .slug("nuoc-mam-thanh-ha")
        .insert(&mut conn);
    drop(conn);
    Shop {
        app,
        owner,
        other,
        official,
        producer,
        producer_slug: "nuoc-mam-khai-hoan".to_owned(),
        fish_sauce,
        pepper,
        other_product,
    }
}

impl Shop {
    fn new_path(&self) -> String {
        format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban/moi", self.producer)
    }

    /// Posts the new point-of-sale form as the owner, with its page's token.
    async fn add(&self, fields: &[(&str, &str)]) -> common::Page {
        let path = self.new_path();
        self.app
            .browser_of(&self.owner)
            .submit(&path, &path, fields)
            .await
    }

    fn count(&self) -> i64 {
        points_of_sale::table
            .count()
            .get_result(&mut *self.app.conn())
            .expect("count")
    }

    fn point_named(&self, name: &str) -> (i32, Option<f64>, Option<f64>, bool, bool) {
        points_of_sale::table
            .filter(points_of_sale::name.eq(name))
            .select((
                points_of_sale::id,
                points_of_sale::latitude,
                points_of_sale::longitude,
                points_of_sale::needs_review,
                points_of_sale::hidden,
            ))
            .first(&mut *self.app.conn())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn listed(&self, point: i32) -> Vec<i32> {
        point_of_sale_products::table
            .filter(point_of_sale_products::point_of_sale_id.eq(point))
            .order(point_of_sale_products::product_id)
            .select(point_of_sale_products::product_id)
            .load(&mut *self.app.conn())
            .expect("listed")
    }

    /// Adds the three points of sale of the happy path; their ids.
    async fn add_three(&self) -> [i32; 3] {
        let fish = format!("product-{}", self.fish_sauce);
        let pepper = format!("product-{}", self.pepper);
        let page = self
            .add(&[
                ("name", "Nhà thùng Khải Hoàn"),
                ("kind", "shop"),
                ("address", "Tổ 2, ấp Suối Đá"),
                ("ward", "Xã Dương Tơ"),
                ("province", "an-giang"),
                ("phone", "0297 3846 123"),
                ("opening_hours", "7:00–17:00"),
                (
                    "coordinates",
                    "https://www.google.com/maps/place/Nh%C3%A0+th%C3%B9ng/@10.2850,103.9700,15z/data=!3m1!4b1!4m6!3m5!1s0x31a7:0x8aa7!8m2!3d10.2899!4d103.984!16s",
                ),
                (&fish, "1"),
            ])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = self
            .add(&[
                ("name", "Đại lý Hàng Bè"),
                ("kind", "agent"),
                ("address", "22 Hàng Bè"),
                ("ward", "Phường Hoàn Kiếm"),
                ("province", "ha-noi"),
                (
                    "coordinates",
                    "https://www.openstreetmap.org/?mlat=21.0325&mlon=105.8530#map=17/21.03/105.85",
                ),
                (&pepper, "1"),
            ])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let page = self
            .add(&[
                ("name", "Gian hàng Khải Hoàn trực tuyến"),
                ("kind", "online"),
                ("url", "https://shop.khaihoan.example.vn"),
                ("province", "an-giang"),
                ("coordinates", ""),
            ])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        [
            self.point_named("Nhà thùng Khải Hoàn").0,
            self.point_named("Đại lý Hàng Bè").0,
            self.point_named("Gian hàng Khải Hoàn trực tuyến").0,
        ]
    }
}

#[actix_web::test]
async fn a_business_adds_three_points_of_sale_by_map_links_and_assigns_products() {
    let s = shop();
    let form = s.app.browser_of(&s.owner).get(&s.new_path()).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("name=\"coordinates\"") && form.body.contains("Tiêu Phú Quốc"),
        "the form offers the coordinates field and the producer's products"
    );
    assert!(
        !form.body.contains("Nước mắm Thanh Hà"),
        "another producer's products are not offered"
    );
    let [shop_id, agent, online] = s.add_three().await;
    assert_eq!(s.count(), 3);

    let (_, lat, lon, review, hidden) = s.point_named("Nhà thùng Khải Hoàn");
    assert_eq!(
        (lat, lon),
        (Some(10.2899), Some(103.984)),
        "Google's place pin"
    );
    assert!(
        review && !hidden,
        "a public producer's new point of sale waits for a look"
    );
    let (_, lat, lon, _, _) = s.point_named("Đại lý Hàng Bè");
    assert_eq!(
        (lat, lon),
        (Some(21.0325), Some(105.853)),
        "OpenStreetMap's marker"
    );
    let (_, lat, lon, _, _) = s.point_named("Gian hàng Khải Hoàn trực tuyến");
    assert_eq!((lat, lon), (None, None));
    assert_eq!(s.listed(shop_id), vec![s.fish_sauce]);
    assert_eq!(s.listed(agent), vec![s.pepper]);
    assert!(s.listed(online).is_empty(), "none ticked: the whole range");

    // The product pages show where each product is sold.
    let fish_page = s.app.page("/san-pham/nuoc-mam-khai-hoan-40").await;
    assert!(fish_page.body.contains("Nhà thùng Khải Hoàn"));
    assert!(fish_page.body.contains("Gian hàng Khải Hoàn trực tuyến"));
    assert!(!fish_page.body.contains("Đại lý Hàng Bè"));
    let pepper_page = s.app.page("/san-pham/tieu-phu-quoc").await;
    assert!(pepper_page.body.contains("Đại lý Hàng Bè"));
    assert!(!pepper_page.body.contains("Nhà thùng Khải Hoàn"));

    // The business's list shows all three, with their products and coordinates.
    let list = s
        .app
        .browser_of(&s.owner)
        .get(&format!(
            "/doanh-nghiep/nha-san-xuat/{}/diem-ban",
            s.producer
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    for text in [
        "Nhà thùng Khải Hoàn",
        "Đại lý Hàng Bè",
        "Gian hàng Khải Hoàn trực tuyến",
        "10.2899, 103.984",
        "Bán mọi sản phẩm của nhà sản xuất",
    ] {
        assert!(list.body.contains(text), "{text}");
    }

    // An edit shows at once: the agent now sells both products.
    let path = format!("/doanh-nghiep/diem-ban/{agent}");
    let fish = format!("product-{}", s.fish_sauce);
    let pepper = format!("product-{}", s.pepper);
    let edit = s
        .app
        .browser_of(&s.owner)
        .submit(
            &path,
            &path,
            &[
                ("name", "Đại lý Hàng Bè"),
                ("kind", "agent"),
                ("address", "22 Hàng Bè"),
                ("province", "ha-noi"),
                ("coordinates", "21.0325, 105.853"),
                (&fish, "1"),
                (&pepper, "1"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    assert_eq!(s.listed(agent), vec![s.fish_sauce, s.pepper]);
    let fish_page = s.app.page("/san-pham/nuoc-mam-khai-hoan-40").await;
    assert!(fish_page.body.contains("Đại lý Hàng Bè"), "live at once");
    let queue = s
        .app
        .browser_of(&s.official)
        .get("/quan-tri/diem-ban")
        .await;
    assert!(queue.body.contains("Đại lý Hàng Bè"), "listed for review");

    // The business deletes the online shop.
    let gone = s
        .app
        .browser_of(&s.owner)
        .submit(
            &format!("/doanh-nghiep/diem-ban/{online}"),
            &format!("/doanh-nghiep/diem-ban/{online}/xoa"),
            &[],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert_eq!(s.count(), 2);
}

#[actix_web::test]
async fn bad_input_is_shown_again_with_messages_and_nothing_is_stored() {
    let s = shop();
    let before = points_of_sale_fingerprint(&mut s.app.conn());
    let page = s
        .add(&[
            ("name", ""),
            ("kind", "online"),
            ("address", "Chợ Dương Đông"),
            ("province", "khong-co"),
            ("phone", "gọi tôi"),
            ("url", "javascript:alert(1)"),
            ("coordinates", "https://maps.app.goo.gl/AbCdEf123"),
        ])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Không được để trống.",
        "maps.app.goo.gl",
        "Hãy chọn tỉnh, thành phố.",
        "Địa chỉ trang web phải bắt đầu bằng http:// hoặc https://",
        "value=\"Chợ Dương Đông\"",
        "value=\"https://maps.app.goo.gl/AbCdEf123\"",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    // An online shop without its address, outside Vietnam, and in English.
    let path = format!("/en{}", s.new_path());
    let page = s
        .app
        .browser_of(&s.owner)
        .submit(
            &path,
            &path,
            &[
                ("name", "Online"),
                ("kind", "online"),
                ("province", "ha-noi"),
                ("coordinates", "48.8584, 2.2945"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("An online shop needs a web address."));
    assert!(page.body.contains("are outside Vietnam"), "{}", page.body);
    // Longitude first, and a product of another producer.
    let foreign = format!("product-{}", s.other_product);
    let page = s
        .add(&[
            ("name", "Sạp chợ"),
            ("kind", "market"),
            ("address", "Chợ Dương Đông"),
            ("province", "an-giang"),
            ("coordinates", "103.984, 10.2899"),
            (&foreign, "1"),
        ])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("Hãy ghi vĩ độ trước: 10.2899, 103.984"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Chỉ chọn được sản phẩm của chính nhà sản xuất này.")
    );
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), before);
}

#[actix_web::test]
async fn another_producers_member_cannot_touch_them() {
    let s = shop();
    let [point, _, _] = s.add_three().await;
    let before = points_of_sale_fingerprint(&mut s.app.conn());
    let mut other = s.app.browser_of(&s.other);
    let token = s.other.csrf_token.clone();
    let edit = format!("/doanh-nghiep/diem-ban/{point}");
    assert_eq!(other.get(&edit).await.status, StatusCode::NOT_FOUND);
    let list = format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban", s.producer);
    assert_eq!(other.get(&list).await.status, StatusCode::NOT_FOUND);
    for path in [
        edit.clone(),
        format!("{edit}/xoa"),
        format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban/moi", s.producer),
    ] {
        let page = other
            .post_raw(
                &path,
                &[
                    ("csrf_token", token.as_str()),
                    ("name", "Chiếm chỗ"),
                    ("kind", "shop"),
                    ("address", "1 Hàng Ngang"),
                    ("province", "ha-noi"),
                ],
                &[("Origin", "http://localhost:8080")],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), before);
    // Officials' pages are not for businesses.
    assert_eq!(
        other.get("/quan-tri/diem-ban").await.status,
        StatusCode::FORBIDDEN
    );
}

fn audits_of(app: &TestApp, action: &str) -> Vec<(String, String)> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .select((audit_log::actor, audit_log::target))
        .load(&mut *app.conn())
        .expect("audit")
}

#[actix_web::test]
async fn an_official_reviews_edits_and_hides_points_of_sale_each_audited() {
    let s = shop();
    let [shop_id, agent, online] = s.add_three().await;
    let mut official = s.app.browser_of(&s.official);
    let queue = official.get("/quan-tri/diem-ban").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.body.contains("Nhà thùng Khải Hoàn") && queue.body.contains("Nước mắm Khải Hoàn")
    );
    let decide = |path: String| {
        let app = &s.app;
        let official = &s.official;
        async move {
            let mut b = app.browser_of(official);
            b.submit("/quan-tri/diem-ban", &path, &[]).await
        }
    };

    // Hidden: gone from the product page, the producer page and the open-data API.
    let page = decide(format!("/quan-tri/diem-ban/{shop_id}/an")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(s.point_named("Nhà thùng Khải Hoàn").4, "hidden");
    let product = s.app.page("/san-pham/nuoc-mam-khai-hoan-40").await;
    assert!(!product.body.contains("Nhà thùng Khải Hoàn"));
    assert!(product.body.contains("Gian hàng Khải Hoàn trực tuyến"));
    let producer = s
        .app
        .page(&format!("/nha-san-xuat/{}", s.producer_slug))
        .await;
    assert!(!producer.body.contains("Nhà thùng Khải Hoàn"));
    assert!(producer.body.contains("Đại lý Hàng Bè"));
    let api = s
        .app
        .json(&format!("/api/v1/producers/{}", s.producer_slug))
        .await;
    let names: Vec<&str> = api["points_of_sale"]
        .as_array()
        .expect("points_of_sale")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(!names.contains(&"Nhà thùng Khải Hoàn"), "{names:?}");
    assert!(names.contains(&"Đại lý Hàng Bè"), "{names:?}");
    // The hidden list has it; hiding it again is refused and not audited.
    let hidden = official.get("/quan-tri/diem-ban?xem=hidden").await;
    assert!(hidden.body.contains("Nhà thùng Khải Hoàn"));
    let again = decide(format!("/quan-tri/diem-ban/{shop_id}/an")).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    // Shown again.
    let page = decide(format!("/quan-tri/diem-ban/{shop_id}/hien-lai")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let product = s.app.page("/san-pham/nuoc-mam-khai-hoan-40").await;
    assert!(product.body.contains("Nhà thùng Khải Hoàn"));

    // Reviewed: off the queue.
    let page = decide(format!("/quan-tri/diem-ban/{agent}/da-xem")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(!s.point_named("Đại lý Hàng Bè").3);
    let queue = official.get("/quan-tri/diem-ban").await;
    assert!(!queue.body.contains("Đại lý Hàng Bè"));

    // An official's edit: saved, reviewed, audited.
    let path = format!("/quan-tri/diem-ban/{shop_id}");
    let form = official.get(&path).await;
    assert!(
        form.body.contains("value=\"10.2899, 103.984\""),
        "coordinates shown"
    );
    let page = official
        .submit(
            &path,
            &path,
            &[
                ("name", "Nhà thùng Khải Hoàn (Dương Tơ)"),
                ("kind", "shop"),
                ("address", "Tổ 2, ấp Suối Đá"),
                ("province", "Kiên Giang"),
                ("coordinates", "geo:10.2899,103.984"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (_, _, _, review, _) = s.point_named("Nhà thùng Khải Hoàn (Dương Tơ)");
    assert!(!review, "an official's edit is a review");
    assert!(
        s.listed(shop_id).is_empty(),
        "no product ticked: the whole range"
    );

    // Removed.
    let page = decide(format!("/quan-tri/diem-ban/{online}/xoa")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(s.count(), 2);

    for (action, target) in [
        (
            "hide_point_of_sale",
            format!("point_of_sale:{shop_id} Nhà thùng Khải Hoàn"),
        ),
        (
            "restore_point_of_sale",
            format!("point_of_sale:{shop_id} Nhà thùng Khải Hoàn"),
        ),
        (
            "review_point_of_sale",
            format!("point_of_sale:{agent} Đại lý Hàng Bè"),
        ),
        (
            "update_point_of_sale",
            format!("point_of_sale:{shop_id} Nhà thùng Khải Hoàn (Dương Tơ)"),
        ),
        (
            "delete_point_of_sale",
            format!("point_of_sale:{online} Gian hàng Khải Hoàn trực tuyến"),
        ),
    ] {
        assert_eq!(
            audits_of(&s.app, action),
            vec![("canbo@example.vn".to_owned(), target)],
            "{action}"
        );
    }
    let log = official.get("/quan-tri/nhat-ky").await;
    assert!(
        log.body.contains("Ẩn điểm bán"),
        "the audit page names the action"
    );
}

const HEADER: &str =
    "producer,name,kind,address,ward,province,phone,opening_hours,url,latitude,longitude,products";

async fn upload(s: &Shop, member: &Member, csv: &str) -> common::Page {
    let token = member.csrf_token.clone();
    s.app
        .browser_of(member)
        .post_multipart(
            "/quan-tri/diem-ban/nhap",
            &[
                ("csrf_token", None, token.as_bytes()),
                ("file", Some("diem-ban.csv"), csv.as_bytes()),
            ],
        )
        .await
}

fn good_file() -> String {
    format!(
        "\u{feff}{HEADER}\n\
         nuoc-mam-khai-hoan,Cửa hàng Dương Đông,shop,\"5 Trần Hưng Đạo, khu phố 1\",Đặc khu Phú Quốc,Kiên Giang,0297 3846 000,7:00–21:00,,10.2170,103.9590,nuoc-mam-khai-hoan-40|tieu-phu-quoc\n\
         nuoc-mam-khai-hoan,Siêu thị Co.opmart Rạch Giá,supermarket,1 Nguyễn Trung Trực,,an-giang,,,,,,\n\
         nuoc-mam-khai-hoan,Gian hàng trên sàn,online,,,Hà Nội,,,https://san.example.vn/khai-hoan,,,tieu-phu-quoc\n"
    )
}

#[actix_web::test]
async fn an_import_with_bad_lines_lists_every_line_and_stores_nothing() {
    let s = shop();
    let before = points_of_sale_fingerprint(&mut s.app.conn());
    let bad = format!(
        "{HEADER}\n\
         nuoc-mam-khai-hoan,Cửa hàng tốt,shop,1 Trần Phú,,Kiên Giang,,,,,,\n\
         khong-co-ai,Cửa hàng,shop,1 Trần Phú,,Kiên Giang,,,,,,\n\
         nuoc-mam-khai-hoan,,kiosk,,,Sao Hỏa,gọi tôi,,,,,\n\
         nuoc-mam-khai-hoan,Gian hàng,online,,,Hà Nội,,,ftp://x.vn,,,\n\
         nuoc-mam-khai-hoan,Cửa hàng xa,shop,1 Rue,,Hà Nội,,,,48.85,2.29,nuoc-mam-thanh-ha\n\
         nuoc-mam-khai-hoan,Cửa hàng tốt,shop,1 Trần Phú,,Kiên Giang,,,,10.2,,\n\
         nuoc-mam-khai-hoan,Cửa hàng tốt,shop,1 Trần Phú,,An Giang,,,,,,\n"
    );
    let page = upload(&s, &s.official, &bad).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    for (line, text) in [
        (
            3,
            "không có nhà sản xuất có slug hoặc mã số thuế “khong-co-ai”",
        ),
        (4, "thiếu tên điểm bán"),
        (4, "loại điểm bán “kiosk” không hợp lệ"),
        (4, "thiếu địa chỉ"),
        (4, "không nhận ra tỉnh, thành phố “Sao Hỏa”"),
        (4, "số điện thoại “gọi tôi” không hợp lệ"),
        (5, "địa chỉ trang web “ftp://x.vn” không hợp lệ"),
        (6, "nằm ngoài Việt Nam"),
        (
            6,
            "“nuoc-mam-thanh-ha” không phải sản phẩm của nhà sản xuất",
        ),
        (7, "cần cả vĩ độ và kinh độ"),
        (8, "trùng điểm bán ở dòng 2"),
    ] {
        let row = format!("<tr><td>{line}</td><td>");
        let at = page.body.match_indices(&row).any(|(i, _)| {
            page.body[i..]
                .split("</tr>")
                .next()
                .is_some_and(|r| r.contains(text))
        });
        assert!(at, "line {line}: {text}\n{}", page.body);
    }
    assert!(!page.body.contains("<tr><td>2</td>"), "line 2 is good");
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), before);
    assert_eq!(
        audit_count(&mut s.app.conn(), "import_points_of_sale").expect("audit"),
        0
    );
    // Businesses cannot import.
    let refused = upload(&s, &s.owner, &good_file()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), before);
}

#[actix_web::test]
async fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let s = shop();
    let first = upload(&s, &s.official, &good_file()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(s.count(), 3);
    let (id, lat, lon, review, _) = s.point_named("Cửa hàng Dương Đông");
    assert_eq!((lat, lon), (Some(10.217), Some(103.959)));
    assert!(!review, "an official's import needs no review");
    assert_eq!(s.listed(id), vec![s.fish_sauce, s.pepper]);
    let province: i32 = points_of_sale::table
        .find(id)
        .select(points_of_sale::province_id)
        .first(&mut *s.app.conn())
        .expect("province");
    let an_giang = hangviet::db::models::ProvinceIndex::load(&mut s.app.conn())
        .expect("provinces")
        .provinces
        .iter()
        .find(|p| p.slug == "an-giang")
        .expect("An Giang")
        .id;
    assert_eq!(province, an_giang, "Kiên Giang is part of An Giang now");
    let after_first = points_of_sale_fingerprint(&mut s.app.conn());
    let second = upload(&s, &s.official, &good_file()).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(
        second.body.contains("<td>3</td></tr>"),
        "3 unchanged: {}",
        second.body
    );
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), after_first);
    assert_eq!(
        audits_of(&s.app, "import_points_of_sale"),
        vec![("canbo@example.vn".to_owned(), "diem-ban.csv".to_owned())],
        "only the import that changed something is audited"
    );
}

#[actix_web::test]
async fn the_export_imports_back_unchanged() {
    let s = shop();
    s.add_three().await;
    upload(&s, &s.official, &good_file()).await;
    assert_eq!(s.count(), 6);
    let export = s
        .app
        .browser_of(&s.official)
        .get("/quan-tri/diem-ban/xuat.csv")
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.header("content-type").starts_with("text/csv"));
    let text = export.body.trim_start_matches('\u{feff}');
    assert!(text.starts_with(HEADER), "{text}");
    assert!(
        text.contains("10.2899,103.984,nuoc-mam-khai-hoan-40"),
        "{text}"
    );
    assert!(
        text.contains("'+") || !text.contains(",+"),
        "formula-like cells are protected"
    );
    let before = points_of_sale_fingerprint(&mut s.app.conn());
    let again = upload(&s, &s.official, &export.body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(points_of_sale_fingerprint(&mut s.app.conn()), before);
    // Businesses cannot download it.
    let refused = s
        .app
        .browser_of(&s.owner)
        .get("/quan-tri/diem-ban/xuat.csv")
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_command_line_imports_with_the_same_rules() {
    let s = shop();
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!("{HEADER}\nkhong-co-ai,A,shop,1 Phố,,Hà Nội,,,,,,\nnuoc-mam-khai-hoan,B,shop,,,Hà Nội,,,,,,\n"),
    )
    .expect("write");
    let out = s
        .app
        .cli()
        .arg("import-points-of-sale")
        .arg(&bad)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dòng 2:") && stderr.contains("dòng 3:"),
        "{stderr}"
    );
    assert_eq!(s.count(), 0);
    let good = dir.path().join("good.csv");
    std::fs::write(&good, good_file()).expect("write");
    for expected in [
        "3 new / 0 updated / 0 unchanged",
        "0 new / 0 updated / 3 unchanged",
    ] {
        let out = s
            .app
            .cli()
            .arg("import-points-of-sale")
            .arg(&good)
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(expected), "{stdout}");
    }
    assert_eq!(s.count(), 3);
    let out = s
        .app
        .cli()
        .arg("export-points-of-sale")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cửa hàng Dương Đông"));
}

#[actix_web::test]
async fn the_pages_work_in_english() {
    let s = shop();
    let [point, _, _] = s.add_three().await;
    let mut owner = s.app.browser_of(&s.owner);
    let list = owner
        .get(&format!(
            "/en/doanh-nghiep/nha-san-xuat/{}/diem-ban",
            s.producer
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Points of sale of Nước mắm Khải Hoàn"));
    let form = owner
        .get(&format!("/en/doanh-nghiep/diem-ban/{point}"))
        .await;
    assert!(form.body.contains("Coordinates or map link"));
    let mut official = Browser::new(&s.app);
    official
        .cookies
        .insert("hv_session".to_owned(), s.official.session_token.clone());
    let queue = official.get("/en/quan-tri/diem-ban").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Mark as reviewed"));
}
