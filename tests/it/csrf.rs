//! CSRF: every state-changing route of the route table refuses a request without the token,
//! with a wrong one, with another session's, and from a foreign site, and changes nothing.
//! The routes come from `hangviet::routes::ROUTES`, so a new route cannot be forgotten.
//! Signed-out forms (sign-up, login, a citizen's report) are forged with the anonymous token.

use crate::common;

use actix_web::http::StatusCode;
use common::world::{World, small_jpeg};
use common::{Actor, Browser};
use hangviet::routes::ROUTES;

/// The four kinds of forged request.
const ATTACKS: [&str; 5] = [
    "no token",
    "wrong token",
    "another session's token",
    "foreign Origin",
    "cross-site fetch",
];

fn fill(world: &World, template: &str) -> String {
    let citizen = world.member(Actor::Citizen).expect("citizen").user_id;
    let path = template
        .replace("{id}", &world.product_a.to_string())
        .replace("{photo}", &world.photo_a.to_string())
        .replace("{claim}", &world.claim.to_string())
        .replace("{user}", &citizen.to_string())
        .replace("{award}", &world.award.to_string())
        .replace("{import}", &world.import.to_string())
        .replace("{collection}", &world.collection.to_string())
        .replace("{item}", &world.item.to_string())
        .replace("{article}", &world.article.to_string())
        .replace("{report}", &world.report.to_string())
        .replace("{point}", &world.point.to_string())
        .replace("{slug}", &world.published_slug)
        .replace("{event}", &world.event.to_string())
        .replace("{participant}", &world.participant.to_string())
        .replace("{token}", &"ab".repeat(32))
        .replace("{batch}", "1")
        .replace("{year}", "2031");
    // Producer routes use {id} for a producer.
    let path = if template.starts_with("/doanh-nghiep/nha-san-xuat/{id}") {
        template.replace("{id}", &world.producer_a.to_string())
    } else {
        path
    };
    assert!(
        !path.contains('{'),
        "a placeholder this test does not know: {template}"
    );
    path
}

#[actix_web::test]
async fn every_state_changing_route_refuses_forged_requests() {
    let world = World::new();
    let b = world.member(Actor::BusinessB).expect("b");
    let posts: Vec<&str> = ROUTES
        .iter()
        .filter(|(m, _)| *m == "post")
        .map(|(_, p)| *p)
        .collect();
    assert!(
        posts.len() >= 15,
        "the route table lists the POST routes: {posts:?}"
    );
    assert!(
        ROUTES.iter().all(|(m, _)| *m == "get" || *m == "post"),
        "no other methods yet"
    );
    let mut cases = 0;
    for template in &posts {
        let path = fill(&world, template);
        // Each route is forged against someone allowed to use it.
        let a = world
            .member(if path.starts_with("/quan-tri/nguoi-dung") {
                Actor::Admin
            } else if path.starts_with("/quan-tri") || path == "/tai-khoan/thu-tong-hop" {
                Actor::Official
            } else {
                Actor::BusinessA
            })
            .expect("member");
        for attack in ATTACKS {
            let (token, headers): (&str, Vec<(&str, &str)>) = match attack {
                "no token" => ("", vec![]),
                "wrong token" => (
                    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                    vec![],
                ),
                "another session's token" => (b.csrf_token.as_str(), vec![]),
                "foreign Origin" => (
                    a.csrf_token.as_str(),
                    vec![("Origin", "https://evil.example")],
                ),
                _ => (
                    a.csrf_token.as_str(),
                    vec![("Sec-Fetch-Site", "cross-site")],
                ),
            };
            let before = world.fingerprint();
            let mut browser = world.app.browser_of(a);
            let page = if path.ends_with("/anh") || path.ends_with("/nhap") {
                let (file, name) = if path.ends_with("/anh") {
                    (small_jpeg(), "photo")
                } else {
                    (
                        include_bytes!("../../src/demo/demo-awards.csv").to_vec(),
                        "file",
                    )
                };
                let mut parts: Vec<(&str, Option<&str>, &[u8])> = Vec::new();
                if !token.is_empty() {
                    parts.push(("csrf_token", None, token.as_bytes()));
                }
                parts.push((name, Some("a.jpg"), &file));
                let (content_type, body) = common::multipart(&parts);
                let mut req = actix_web::test::TestRequest::post()
                    .uri(&path)
                    .insert_header(("Content-Type", content_type))
                    .insert_header(("Cookie", format!("hv_session={}", a.session_token)))
                    .set_payload(body);
                for h in &headers {
                    req = req.insert_header(*h);
                }
                world.app.send(req).await
            } else {
                let fields: Vec<(&str, &str)> = vec![
                    ("csrf_token", token),
                    ("name", "Giả mạo"),
                    ("address", "x"),
                    ("province", "ha-noi"),
                    ("alt", "giả"),
                    ("email", "x@example.vn"),
                    ("password", common::PASSWORD),
                    ("reason", "khac"),
                    ("message", "Giả mạo"),
                    ("note", "Giả mạo"),
                ];
                browser.post_raw(&path, &fields, &headers).await
            };
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{attack} on POST {path}: {}",
                page.body
            );
            assert_eq!(
                world.fingerprint(),
                before,
                "{attack} on POST {path} changed something"
            );
            cases += 1;
        }
    }
    // Signed out: the forms that work without an account.
    let mut visitor = Browser::new(&world.app);
    let mut other = Browser::new(&world.app);
    let other_token = other.token("/dang-ky").await;
    let report_path = format!("/san-pham/{}/bao-cao", world.published_slug);
    for (form_page, path) in [
        ("/dang-ky", "/dang-ky"),
        ("/dang-nhap", "/dang-nhap"),
        (report_path.as_str(), report_path.as_str()),
        ("/quen-mat-khau", "/quen-mat-khau"),
        ("/dang-nhap", "/dang-ky/gui-lai-xac-nhan"),
    ] {
        visitor.token(form_page).await;
        for (attack, token, headers) in [
            ("no token", "", vec![]),
            ("wrong token", "not-the-token", vec![]),
            ("another visitor's token", other_token.as_str(), vec![]),
        ] {
            let users_before = world.fingerprint();
            let page = visitor
                .post_raw(
                    path,
                    &[
                        ("csrf_token", token),
                        ("email", "moi@example.vn"),
                        ("password", common::PASSWORD),
                        ("name", "Mới"),
                        ("reason", "khac"),
                        ("message", "Giả mạo"),
                    ],
                    &headers,
                )
                .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{attack} on {path}");
            assert_eq!(world.fingerprint(), users_before);
            assert!(
                !visitor.cookies.contains_key("hv_session"),
                "{attack} on {path} signed someone in"
            );
            cases += 1;
        }
    }
    // Logging out is state-changing too: a forged logout leaves the session alive.
    let a = world.member(Actor::BusinessA).expect("a");
    assert_eq!(
        world.app.browser_of(a).get("/doanh-nghiep").await.status,
        StatusCode::OK
    );
    println!("CSRF table: {cases} cases over {} POST routes", posts.len());
    assert_eq!(cases, posts.len() * ATTACKS.len() + 15);
}
