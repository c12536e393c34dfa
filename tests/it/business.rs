//! The business area: the authorization matrix, the happy path of a business submitting a
//! product with a photo, and hostile text shown safely.

use crate::common;

use actix_web::http::StatusCode;
use common::world::{MISSING, World, small_jpeg};
use common::{ACTORS, Actor, Browser, TestApp};
use diesel::prelude::*;
use hangviet::db::models::ProductImage;
use hangviet::db::models::product::ProductStatus;
use hangviet::db::schema::{producers, products};

/// Which object a row's path points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// No object in the path.
    None,
    /// Business A's object.
    Own,
    /// An id that does not exist.
    Missing,
}

/// The authorization matrix: (method, path, target, expected status per actor in the order
/// of `ACTORS`: anonymous, citizen, business A, business B, suspended, official, admin).
const MATRIX: &[(&str, &str, Target, [u16; 7])] = &[
    // The consumer vote: the world has no campaign, so nominating and objecting are refused
    // with the form again, and a nomination that does not exist is a 404.
    (
        "GET",
        "/doanh-nghiep/binh-chon",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/binh-chon/de-cu",
        Target::None,
        [303, 403, 422, 422, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/binh-chon/de-cu/987654/rut",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/binh-chon/de-cu/987654/bo-sung",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/binh-chon/khieu-nai",
        Target::None,
        [303, 403, 422, 422, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/moi",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/moi",
        Target::None,
        [303, 403, 422, 422, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/nhan",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/san-pham/moi",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/moi",
        Target::None,
        [303, 403, 303, 422, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/{producer}",
        Target::Own,
        [303, 403, 200, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/{producer}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/{producer}",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/{producer}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/{producer}/nhan",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/san-pham/{product}",
        Target::Own,
        [303, 403, 200, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/san-pham/{product}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/mo-ta",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/mo-ta",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/xuong",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/len",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    // The photos in a new order (the page's drag and drop): business A reverses them.
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/thu-tu",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/thu-tu",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/len",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/xoa",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/anh/{photo}/xoa",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/hoi-cho",
        Target::None,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/hoi-cho/{event}",
        Target::Own,
        [303, 403, 200, 200, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/hoi-cho/{event}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    // Business A asks for its producer to be listed; B cannot name A's producer.
    (
        "POST",
        "/doanh-nghiep/hoi-cho/{event}",
        Target::Own,
        [303, 403, 303, 422, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/hoi-cho/{event}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/hoi-cho/{event}/rut/{participant}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/hoi-cho/{event}/rut/{participant}",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/gui-duyet",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/san-pham/{product}/gui-duyet",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban",
        Target::Own,
        [303, 403, 200, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban/moi",
        Target::Own,
        [303, 403, 200, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban/moi",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban/moi",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/diem-ban/{point}",
        Target::Own,
        [303, 403, 200, 404, 303, 403, 403],
    ),
    (
        "GET",
        "/doanh-nghiep/diem-ban/{point}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/diem-ban/{point}",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/diem-ban/{point}",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    (
        "POST",
        "/doanh-nghiep/diem-ban/{point}/xoa",
        Target::Missing,
        [303, 403, 404, 404, 303, 403, 403],
    ),
    // Last for business A: the point of sale is gone after it.
    (
        "POST",
        "/doanh-nghiep/diem-ban/{point}/xoa",
        Target::Own,
        [303, 403, 303, 404, 303, 403, 403],
    ),
];

async fn send(world: &World, actor: Actor, method: &str, path: &str) -> common::Page {
    let app = &world.app;
    let member = world.member(actor);
    let mut browser = match member {
        Some(m) => app.browser_of(m),
        None => Browser::new(app),
    };
    let token = member.map(|m| m.csrf_token.clone()).unwrap_or_default();
    if method == "GET" {
        return browser.get(path).await;
    }
    if path.ends_with("/anh") {
        let photo = small_jpeg();
        return browser
            .post_multipart(
                path,
                &[
                    ("csrf_token", None, token.as_bytes()),
                    ("alt", None, "ảnh mới".as_bytes()),
                    ("photo", Some("a.jpg"), &photo),
                ],
            )
            .await;
    }
    let producer = world.producer_a.to_string();
    let order: String;
    let fields: Vec<(&str, &str)> = if path.contains("/hoi-cho/") {
        vec![("producer", producer.as_str())]
    } else if path.contains("/diem-ban") {
        vec![
            ("name", "Cửa hàng Gốm An Mới"),
            ("kind", "shop"),
            ("address", "14 Bát Tràng"),
            ("province", "ha-noi"),
        ]
    } else if path.contains("/nha-san-xuat/moi") {
        vec![("name", "")]
    } else if path.contains("/nha-san-xuat/") {
        vec![
            ("name", "Xưởng Gốm An Mới"),
            ("address", "2 Bát Tràng"),
            ("province", "ha-noi"),
        ]
    } else if path.ends_with("/thu-tu") {
        let reversed: Vec<String> =
            ProductImage::for_product(&mut world.app.conn(), world.product_a)
                .expect("photos")
                .iter()
                .rev()
                .map(|p| p.id.to_string())
                .collect();
        order = reversed.join(",");
        vec![("order", order.as_str())]
    } else if path.ends_with("/mo-ta") {
        vec![("alt", "Bình gốm nhìn nghiêng")]
    } else if path.contains("/san-pham") && !path.contains("/anh/") && !path.ends_with("gui-duyet")
    {
        vec![
            ("producer", producer.as_str()),
            ("name", "Bình gốm men lam cổ"),
            ("category", "thu-cong-my-nghe"),
        ]
    } else {
        vec![]
    };
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend(fields);
    browser
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

#[actix_web::test]
async fn authorization_matrix() {
    let world = World::new();
    let mut cases = 0;
    // Everyone but business A first: denied cells must change nothing.
    for actor in ACTORS.iter().copied().filter(|a| *a != Actor::BusinessA) {
        for (method, template, target, expected) in MATRIX {
            let path = fill(&world, template, *target);
            let column = ACTORS.iter().position(|a| *a == actor).expect("actor");
            let before = world.fingerprint();
            let page = send(&world, actor, method, &path).await;
            assert_eq!(
                page.status.as_u16(),
                expected[column],
                "{actor:?} {method} {path}: {}",
                page.body
            );
            if !page.status.is_success() {
                assert_eq!(
                    world.fingerprint(),
                    before,
                    "{actor:?} {method} {path} changed something"
                );
            }
            cases += 1;
        }
    }
    // Business A last, in the table's order (it ends by sending the product for review).
    for (method, template, target, expected) in MATRIX {
        let path = fill(&world, template, *target);
        let before = world.fingerprint();
        let page = send(&world, Actor::BusinessA, method, &path).await;
        assert_eq!(
            page.status.as_u16(),
            expected[2],
            "BusinessA {method} {path}: {}",
            page.body
        );
        let changed = world.fingerprint() != before;
        let should_change = *method == "POST" && page.status == StatusCode::SEE_OTHER;
        assert_eq!(
            changed, should_change,
            "BusinessA {method} {path}: changed {changed}"
        );
        cases += 1;
    }
    assert_eq!(cases, MATRIX.len() * ACTORS.len());
    let status: String = products::table
        .find(world.product_a)
        .select(products::status)
        .first(&mut *world.app.conn())
        .expect("status");
    assert_eq!(status, "submitted");
    println!("authorization matrix: {cases} cases");
}

fn fill(world: &World, template: &str, target: Target) -> String {
    let (producer, product, photo, point) = match target {
        Target::Missing => (MISSING, MISSING, MISSING, MISSING),
        _ => (
            world.producer_a,
            world.product_a,
            world.photo_a,
            world.point,
        ),
    };
    // A missing photo sits on A's own product, a missing product anywhere.
    let product = if template.contains("{photo}") && target == Target::Missing {
        world.product_a
    } else {
        product
    };
    let (event, participant) = match target {
        Target::Missing => (MISSING, MISSING),
        _ => (world.event, world.participant),
    };
    template
        .replace("{producer}", &producer.to_string())
        .replace("{product}", &product.to_string())
        .replace("{photo}", &photo.to_string())
        .replace("{event}", &event.to_string())
        .replace("{participant}", &participant.to_string())
        .replace("{point}", &point.to_string())
}

#[actix_web::test]
async fn a_business_submits_a_product_with_a_phone_photo() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    b.sign_up("xuong@example.vn", "business").await;
    let created = b
        .submit(
            "/doanh-nghiep/nha-san-xuat/moi",
            "/doanh-nghiep/nha-san-xuat/moi",
            &[
                ("name", "Hợp tác xã Mây tre Phú Vinh"),
                ("tax_code", "0101234567"),
                ("address", "Phú Vinh, Chương Mỹ"),
                ("province", "ha-noi"),
                ("website", "https://phuvinh.example.vn"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let producer: i32 = producers::table
        .filter(producers::tax_code.eq("0101234567"))
        .select(producers::id)
        .first(&mut *app.conn())
        .expect("producer");
    let draft = b
        .submit(
            "/doanh-nghiep/san-pham/moi",
            "/doanh-nghiep/san-pham/moi",
            &[
                ("producer", &producer.to_string()),
                ("name", "Giỏ mây đan tay"),
                ("category", "thu-cong-my-nghe"),
                ("gtin", "8934588012228"),
            ],
        )
        .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    // The new draft's page, at its photos: the next step.
    let location = draft.header("location").to_owned();
    let edit = location
        .strip_suffix("#anh")
        .expect("lands on the photos")
        .to_owned();
    let id: i32 = edit
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let token = b.token(&edit).await;
    let photo = crate::common::fixtures::sideways_jpeg_with_gps();
    let up = b
        .post_multipart(
            &format!("{edit}/anh"),
            &[
                ("csrf_token", None, token.as_bytes()),
                ("alt", None, "Giỏ mây".as_bytes()),
                ("photo", Some("IMG_0001.JPG"), &photo),
            ],
        )
        .await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    let photos = ProductImage::for_product(&mut app.conn(), id).expect("photos");
    assert_eq!(photos.len(), 1);
    assert_eq!(
        (photos[0].width, photos[0].height),
        (20, 40),
        "stored upright"
    );
    assert_eq!(
        b.submit(&edit, &format!("{edit}/gui-duyet"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let dashboard = b.get("/doanh-nghiep").await;
    assert!(
        dashboard.body.contains("Giỏ mây đan tay")
            && dashboard.body.contains("Đã gửi, đang chờ cán bộ duyệt")
    );
    assert_eq!(
        app.get("/san-pham/gio-may-dan-tay").await.status,
        StatusCode::NOT_FOUND,
        "not public before review"
    );

    // Published, then edited: the public page keeps the reviewed version.
    common::set_status(&mut app.conn(), id, ProductStatus::Published);
    let changed = b
        .submit(
            &edit,
            &edit,
            &[
                ("producer", &producer.to_string()),
                ("name", "Giỏ mây đan tay loại lớn"),
                ("category", "thu-cong-my-nghe"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    app.state.pages.clear();
    let public = app.page("/san-pham/gio-may-dan-tay").await;
    assert!(public.body.contains("Giỏ mây đan tay") && !public.body.contains("loại lớn"));
    assert!(b.get(&edit).await.body.contains("đang chờ duyệt"));
}

#[actix_web::test]
async fn business_forms_keep_input_and_explain_errors() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let mut b = world.app.browser_of(a);
    let page = b
        .post_raw(
            "/doanh-nghiep/nha-san-xuat/moi",
            &[
                ("csrf_token", &a.csrf_token),
                ("name", "Cơ sở <Hoa>"),
                ("tax_code", "12345"),
                ("address", ""),
                ("province", "atlantis"),
                ("website", "javascript:alert(1)"),
                ("phone", "gọi tôi"),
            ],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Mã số thuế gồm 10 chữ số",
        "Không được để trống.",
        "Hãy chọn tỉnh, thành phố.",
        "Địa chỉ web phải bắt đầu bằng http",
        "Số điện thoại không hợp lệ.",
    ] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(
        page.body.contains("value=\"Cơ sở &lt;Hoa&gt;\""),
        "input kept, escaped"
    );
    let product = b
        .post_raw(
            "/doanh-nghiep/san-pham/moi",
            &[
                ("csrf_token", &a.csrf_token),
                ("producer", &world.producer_a.to_string()),
                ("name", "Chén"),
                ("category", "thu-cong-my-nghe"),
                ("gtin", "8934588012229"),
            ],
            &[],
        )
        .await;
    assert_eq!(product.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(product.body.contains("số kiểm tra không đúng"));
    assert!(product.body.contains("value=\"8934588012229\""));
}

#[actix_web::test]
async fn forms_cannot_set_status_verification_or_ownership() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let b = world.member(Actor::BusinessB).expect("b");
    let mut browser = world.app.browser_of(a);
    let product_path = format!("/doanh-nghiep/san-pham/{}", world.product_a);
    let page = browser
        .post_raw(
            &product_path,
            &[
                ("csrf_token", &a.csrf_token),
                ("producer", &world.producer_a.to_string()),
                ("name", "Bình gốm men lam"),
                ("category", "thu-cong-my-nghe"),
                ("status", "published"),
                ("published_at", "2020-01-01T00:00:00"),
                ("producer_id", "2"),
            ],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let producer_path = format!("/doanh-nghiep/nha-san-xuat/{}", world.producer_a);
    browser
        .post_raw(
            &producer_path,
            &[
                ("csrf_token", &a.csrf_token),
                ("name", "Xưởng Gốm An"),
                ("address", "Bát Tràng"),
                ("province", "ha-noi"),
                ("verified", "true"),
                ("claimed_by", &b.user_id.to_string()),
            ],
            &[],
        )
        .await;
    let mut conn = world.app.conn();
    let (status, producer_id): (String, i32) = products::table
        .find(world.product_a)
        .select((products::status, products::producer_id))
        .first(&mut *conn)
        .expect("product");
    assert_eq!((status.as_str(), producer_id), ("draft", world.producer_a));
    let (verified, claimed_by): (bool, Option<i32>) = producers::table
        .find(world.producer_a)
        .select((producers::verified, producers::claimed_by))
        .first(&mut *conn)
        .expect("producer");
    assert!(!verified);
    assert_ne!(claimed_by, Some(b.user_id));
}

#[test]
fn every_route_of_the_business_area_is_in_the_matrix() {
    let missing: Vec<String> = hangviet::routes::ROUTES
        .iter()
        .filter(|(_, template)| template.starts_with("/doanh-nghiep"))
        .filter(|(method, template)| {
            !MATRIX.iter().any(|(m, path, _, _)| {
                m.eq_ignore_ascii_case(method) && crate::admin::instance_of(path, template)
            })
        })
        .map(|(method, template)| format!("{method} {template}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes of the business area without a row in the authorisation matrix: {missing:?}"
    );
}
