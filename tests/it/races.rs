//! Ordinary races through the real app: many requests creating things with the same name at
//! once. Every one must succeed with a slug of its own, never a 500.

use crate::common;

use std::sync::{Arc, Barrier};

use actix_web::http::StatusCode;
use actix_web::test;
use common::Actor;
use common::world::World;
use diesel::prelude::*;
use hangviet::db::schema::{articles, featured_collections, producers, products};

/// How many requests race.
const RACERS: usize = 24;

/// POSTs the same form `RACERS` times at once as `actor`, and checks every answer is a
/// redirect (a success). Each request runs on a thread of its own with its own copy of the
/// app, all released together by a barrier, as a server's workers would run them.
async fn race(world: &World, actor: Actor, path: &str, fields: &[(&str, &str)]) {
    let member = world.member(actor).expect("signed in");
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&all).expect("form encodes");
    let cookie = format!("hv_session={}", member.session_token);
    let barrier = Arc::new(Barrier::new(RACERS));
    let racers: Vec<_> = (0..RACERS)
        .map(|_| {
            let (state, barrier) = (world.app.state.clone(), barrier.clone());
            let (path, body, cookie) = (path.to_owned(), body.clone(), cookie.clone());
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let app = test::init_service(hangviet::server::app(state)).await;
                    let req = test::TestRequest::post()
                        .uri(&path)
                        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
                        .insert_header(("Cookie", cookie))
                        .insert_header(("Origin", "http://localhost:8080"))
                        .set_payload(body)
                        .to_request();
                    barrier.wait();
                    let res = test::call_service(&app, req).await;
                    let status = res.status();
                    let body = test::read_body(res).await;
                    (status, String::from_utf8_lossy(&body).into_owned())
                })
            })
        })
        .collect();
    for racer in racers {
        let (status, body) = racer.join().expect("racer thread");
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "POST {path} in a race: {body}"
        );
    }
}

fn assert_distinct(slugs: Vec<String>, base: &str, what: &str) {
    let mut unique = slugs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(slugs.len(), RACERS, "{what}: one row per request");
    assert_eq!(unique.len(), RACERS, "{what}: distinct slugs {slugs:?}");
    assert!(
        slugs.iter().all(|s| s.starts_with(base)),
        "{what}: {slugs:?}"
    );
    assert!(slugs.iter().any(|s| s == base), "{what}: {slugs:?}");
}

#[actix_web::test]
async fn concurrent_creations_with_one_name_all_get_slugs_of_their_own() {
    let world = World::new();
    let producer = world.producer_a.to_string();
    race(
        &world,
        Actor::BusinessA,
        "/doanh-nghiep/san-pham/moi",
        &[
            ("producer", &producer),
            ("name", "Nước mắm cốt"),
            ("category", "thu-cong-my-nghe"),
        ],
    )
    .await;
    race(
        &world,
        Actor::BusinessB,
        "/doanh-nghiep/nha-san-xuat/moi",
        &[
            ("name", "Cơ sở Nước mắm Cốt"),
            ("address", "Phú Quốc"),
            ("province", "an-giang"),
        ],
    )
    .await;
    race(
        &world,
        Actor::Official,
        "/quan-tri/tin-tuc/moi",
        &[
            ("title", "Mua hàng Việt dịp Tết"),
            ("topic", "quyen-loi"),
            ("body", "Giữ hóa đơn."),
        ],
    )
    .await;
    race(
        &world,
        Actor::Official,
        "/quan-tri/bo-suu-tap",
        &[("title", "Quà Tết Việt")],
    )
    .await;
    let mut conn = world.app.conn();
    let product_slugs: Vec<String> = products::table
        .filter(products::name.eq("Nước mắm cốt"))
        .select(products::slug)
        .load(&mut *conn)
        .expect("products");
    assert_distinct(product_slugs, "nuoc-mam-cot", "products");
    let producer_slugs: Vec<String> = producers::table
        .filter(producers::name.eq("Cơ sở Nước mắm Cốt"))
        .select(producers::slug)
        .load(&mut *conn)
        .expect("producers");
    assert_distinct(producer_slugs, "co-so-nuoc-mam-cot", "producers");
    let article_slugs: Vec<String> = articles::table
        .filter(articles::title.eq("Mua hàng Việt dịp Tết"))
        .select(articles::slug)
        .load(&mut *conn)
        .expect("articles");
    assert_distinct(article_slugs, "mua-hang-viet-dip-tet", "articles");
    let collection_slugs: Vec<String> = featured_collections::table
        .filter(featured_collections::title.eq("Quà Tết Việt"))
        .select(featured_collections::slug)
        .load(&mut *conn)
        .expect("collections");
    assert_distinct(collection_slugs, "qua-tet-viet", "collections");
}
