//! Every date and time typed into a form, pushed to its extremes: far past and future years
//! that chrono can parse but not shift, years no one means, impossible days, garbage. Each
//! is refused with a message next to its field (4xx), never a panic or a 500, and nothing
//! is stored.

use crate::common;

use common::world::World;
use common::{Actor, Page};

/// Values no date or time field accepts.
const EXTREMES: &[&str] = &[
    "-262143-01-01T00:00",
    "+262142-12-31T23:59",
    "-262143-01-01",
    "+262142-12-31",
    "0000-01-01",
    "0000-01-01T00:00",
    "9999-12-31T23:59",
    "9999-12-31",
    "1899-12-31T23:59",
    "2201-01-01",
    "2024-02-30",
    "2024-02-30T10:00",
    "2025-01-01T24:00",
    "２０２５-01-01",
    "garbage",
    "2025-01-01T00:00Z' OR 1=1",
];

async fn post(world: &World, path: &str, fields: &[(&str, &str)]) -> Page {
    let member = world.member(Actor::Official).expect("official");
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    world
        .app
        .browser_of(member)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

async fn get(world: &World, path: &str) -> Page {
    let member = world.member(Actor::Official).expect("official");
    world.app.browser_of(member).get(path).await
}

/// One form with one date field: where it is posted and its other (valid) fields.
struct DateField {
    path: String,
    field: &'static str,
    others: Vec<(&'static str, String)>,
}

#[actix_web::test]
async fn extreme_dates_in_every_form_are_refused_with_a_field_message() {
    let world = World::new();
    let collection = format!("/quan-tri/bo-suu-tap/{}", world.collection);
    let article = format!("/quan-tri/tin-tuc/{}", world.article);
    let record_award = format!("/quan-tri/san-pham/{}/giai-thuong", world.product_a);
    let edit_award = format!("/quan-tri/giai-thuong/{}", world.award);
    let title = |t: &str| vec![("title", t.to_owned())];
    let article_fields = vec![
        ("title", "Quyền đổi trả hàng lỗi".to_owned()),
        ("topic", "quyen-loi".to_owned()),
        ("body", "Giữ hóa đơn.".to_owned()),
    ];
    let award_fields = vec![
        ("programme", "hvnclc".to_owned()),
        ("year", "2023".to_owned()),
    ];
    let forms = [
        DateField {
            path: "/quan-tri/bo-suu-tap".into(),
            field: "starts_at",
            others: title("Hàng Tết"),
        },
        DateField {
            path: "/quan-tri/bo-suu-tap".into(),
            field: "ends_at",
            others: title("Hàng Tết"),
        },
        DateField {
            path: collection.clone(),
            field: "starts_at",
            others: title("OCOP 5 sao"),
        },
        DateField {
            path: collection,
            field: "ends_at",
            others: title("OCOP 5 sao"),
        },
        DateField {
            path: "/quan-tri/tin-tuc/moi".into(),
            field: "publish_at",
            others: article_fields.clone(),
        },
        DateField {
            path: article,
            field: "publish_at",
            others: article_fields,
        },
        DateField {
            path: record_award,
            field: "valid_until",
            others: award_fields,
        },
        DateField {
            path: edit_award,
            field: "valid_until",
            others: vec![("tier", "4".to_owned())],
        },
    ];
    let mut cases = 0;
    for form in &forms {
        for value in EXTREMES {
            let before = world.fingerprint();
            let mut fields: Vec<(&str, &str)> =
                form.others.iter().map(|(k, v)| (*k, v.as_str())).collect();
            fields.push((form.field, value));
            let page = post(&world, &form.path, &fields).await;
            assert!(
                page.status.is_client_error(),
                "{} {}={value}: {} {}",
                form.path,
                form.field,
                page.status,
                page.body
            );
            assert!(
                page.body.contains("không hợp lệ"),
                "{} {}={value}: no field message",
                form.path,
                form.field
            );
            assert!(
                page.body.contains(&format!("name=\"{}\"", form.field)),
                "{} {}={value}: the form is shown again",
                form.path,
                form.field
            );
            assert_eq!(
                world.fingerprint(),
                before,
                "{} {}={value} changed something",
                form.path,
                form.field
            );
            cases += 1;
        }
    }
    for value in EXTREMES {
        for filter in ["from", "to"] {
            let query = serde_urlencoded::to_string([(filter, value)]).expect("query");
            let page = get(&world, &format!("/quan-tri/nhat-ky?{query}")).await;
            assert_eq!(page.status.as_u16(), 400, "audit {filter}={value}");
            assert!(page.body.contains("không hợp lệ"), "audit {filter}={value}");
            cases += 1;
        }
    }
    // Empty means "no date" wherever a date is optional.
    assert_eq!(get(&world, "/quan-tri/nhat-ky?from=&to=").await.status, 200);
    println!("extreme dates: {cases} cases");
}

#[actix_web::test]
async fn extreme_validity_dates_in_an_award_list_are_bad_lines() {
    let world = World::new();
    let member = world.member(Actor::Official).expect("official");
    for value in EXTREMES {
        let before = world.fingerprint();
        let csv = format!(
            "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url\n\
             ocop,2024,4,Mật ong bạc hà,HTX Ong Mèo Vạc,,thuc-pham-che-bien,Hà Giang,,{value},\n"
        );
        let mut browser = world.app.browser_of(member);
        let uploaded = browser
            .post_multipart(
                "/quan-tri/giai-thuong/nhap",
                &[
                    ("csrf_token", None, member.csrf_token.as_bytes()),
                    ("file", Some("ngay.csv"), csv.as_bytes()),
                ],
            )
            .await;
        assert_eq!(uploaded.status.as_u16(), 303, "{value}: {}", uploaded.body);
        let preview = browser.get(uploaded.header("location")).await;
        assert_eq!(preview.status.as_u16(), 200, "{value}");
        assert!(
            preview.body.contains("<td>2</td>") && preview.body.contains("không hợp lệ"),
            "{value}: line 2 is reported: {}",
            preview.body
        );
        assert!(!preview.body.contains("Xác nhận nhập"), "{value}");
        // The staged upload is the only new row: no product, producer or award.
        let after = world.fingerprint();
        assert_eq!(
            after.lines().next(),
            before.lines().next(),
            "{value}: no product"
        );
        assert_eq!(
            after.lines().nth(1),
            before.lines().nth(1),
            "{value}: no producer"
        );
        assert_eq!(
            after.lines().nth(6),
            before.lines().nth(6),
            "{value}: no award"
        );
    }
}
