//! A photo upload still arriving while its product is sent for review and approved must not land
//! on the published product: the status is checked again where the row is written. The body is
//! a stream the test feeds by hand, so the interleaving is exact: the second half is sent only
//! once the handler has read the first and waits for more, and the product is approved between.

use std::pin::Pin;
use std::rc::Rc;

use futures_util::{Stream, StreamExt};

use crate::common::fixtures::{encode, noisy};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::test;
use bytes::Bytes;
use hangviet::db::models::ProductImage;
use hangviet::db::models::product::ProductStatus;
use hangviet::db::schema::products;
use image::ImageFormat;
use tokio::sync::mpsc;

use crate::common::world::{World, reviewed_version};
use crate::common::{self, Actor};
use diesel::prelude::*;

async fn post_form(world: &World, actor: Actor, path: &str) -> common::Page {
    let member = world.member(actor).expect("member");
    world
        .app
        .browser_of(member)
        .post_raw(
            path,
            &[("csrf_token", member.csrf_token.as_str())],
            &[("Origin", "http://localhost:8080")],
        )
        .await
}

fn status_of(world: &World) -> String {
    products::table
        .find(world.product_a)
        .select(products::status)
        .first(&mut *world.app.conn())
        .expect("status")
}

/// Starts an upload of the photo `jpeg` (as `file_name`) whose second half waits for `rest`;
/// returns once the handler has read the first half and asks for more, with the second half
/// to send.
async fn upload_held_open(
    world: &World,
    member: &common::Member,
    file_name: &str,
    jpeg: &[u8],
) -> (
    mpsc::UnboundedSender<Bytes>,
    actix_web::rt::task::JoinHandle<(StatusCode, String)>,
    Bytes,
) {
    let (content_type, body) = common::multipart(&[
        ("csrf_token", None, member.csrf_token.as_bytes()),
        ("photo", Some(file_name), jpeg),
    ]);
    let half = body.len() / 2;
    let first = Bytes::copy_from_slice(&body[..half]);
    let second = Bytes::copy_from_slice(&body[half..]);
    let (send, chunks) = mpsc::unbounded_channel::<Bytes>();
    let (asked, mut asks) = mpsc::unbounded_channel::<()>();
    let body = futures_util::stream::unfold(chunks, move |mut chunks| {
        let asked = asked.clone();
        async move {
            let _ = asked.send(());
            chunks
                .recv()
                .await
                .map(|chunk| (Ok::<_, PayloadError>(chunk), chunks))
        }
    })
    .fuse();
    let request = test::TestRequest::post()
        .uri(&format!("/doanh-nghiep/san-pham/{}/anh", world.product_a))
        .insert_header(("Content-Type", content_type.as_str()))
        .insert_header(("Origin", "http://localhost:8080"))
        .insert_header(("Cookie", format!("hv_session={}", member.session_token)))
        .to_request();
    let body: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(body);
    let (request, _) = request.replace_payload(actix_web::dev::Payload::Stream { payload: body });
    let app = Rc::new(test::init_service(hangviet::server::app(world.app.state.clone())).await);
    let handle = actix_web::rt::spawn(async move {
        let res = test::call_service(&*app, request).await;
        let status = res.status();
        let body = test::read_body(res).await;
        (status, String::from_utf8_lossy(&body).into_owned())
    });
    send.send(first).expect("first half");
    // First ask: the first half; second ask: the handler has read it and waits for more.
    for _ in 0..2 {
        asks.recv().await.expect("the handler reads the body");
    }
    (send, handle, second)
}

#[actix_web::test]
async fn a_slow_upload_finished_after_approval_is_refused() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    assert_eq!(status_of(&world), ProductStatus::Draft.as_str());
    let photos_before = ProductImage::for_product(&mut world.app.conn(), world.product_a)
        .expect("photos")
        .len();
    let files_before = world.app.stored_file_count();

    let jpeg = encode(&noisy(200, 150), ImageFormat::Jpeg);
    let (rest, upload, second_half) = upload_held_open(&world, a, "IMG_3001.JPG", &jpeg).await;

    // Meanwhile, through the real app: the business sends the product for review and the
    // official approves it, with the photos they see.
    let sent = post_form(
        &world,
        Actor::BusinessA,
        &format!("/doanh-nghiep/san-pham/{}/gui-duyet", world.product_a),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let version = reviewed_version(&world, world.product_a).await;
    let official = world.member(Actor::Official).expect("official");
    let approved = world
        .app
        .browser_of(official)
        .post_raw(
            &format!("/quan-tri/san-pham/{}/duyet", world.product_a),
            &[
                ("csrf_token", official.csrf_token.as_str()),
                ("version", &version),
            ],
            &[("Origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(status_of(&world), ProductStatus::Published.as_str());
    let reviewed = world.fingerprint();

    rest.send(second_half).expect("second half");
    drop(rest);
    let (status, page) = upload.await.expect("upload task");
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    assert!(
        page.contains("đã được gửi duyệt hoặc đã được duyệt"),
        "{page}"
    );
    let photos = ProductImage::for_product(&mut world.app.conn(), world.product_a).expect("photos");
    assert_eq!(photos.len(), photos_before, "no photo lands unreviewed");
    assert_eq!(world.app.stored_file_count(), files_before, "no file left");
    assert_eq!(
        world.fingerprint(),
        reviewed,
        "nothing changed after the review"
    );
}

/// Deleting or moving a photo of a product already sent for review is refused with 409 (and
/// the write transaction checks the status again, as for uploads).
#[actix_web::test]
async fn photo_changes_on_a_submitted_product_are_refused_with_conflict() {
    let world = World::new();
    let sent = post_form(
        &world,
        Actor::BusinessA,
        &format!("/doanh-nghiep/san-pham/{}/gui-duyet", world.product_a),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let before = world.fingerprint();
    for action in ["xoa", "len", "xuong"] {
        let page = post_form(
            &world,
            Actor::BusinessA,
            &format!(
                "/doanh-nghiep/san-pham/{}/anh/{}/{action}",
                world.product_a, world.photo_a
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{action}: {}", page.body);
        assert_eq!(world.fingerprint(), before, "{action} changed something");
    }
}

/// The user's membership of the producer ends while the body is still arriving: the photo is
/// refused (as for a stranger's product, 404) and nothing is stored.
#[actix_web::test]
async fn a_slow_upload_finished_after_losing_the_producer_is_refused() {
    use hangviet::db::schema::memberships;
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let before = world.fingerprint();
    let jpeg = encode(&noisy(120, 90), ImageFormat::Jpeg);
    let (rest, upload, second_half) = upload_held_open(&world, a, "IMG_3002.JPG", &jpeg).await;
    let ended = diesel::delete(
        memberships::table
            .filter(memberships::user_id.eq(a.user_id))
            .filter(memberships::producer_id.eq(world.producer_a)),
    )
    .execute(&mut *world.app.conn())
    .expect("membership ends");
    assert_eq!(ended, 1);
    let after_membership = world.fingerprint();
    assert_ne!(after_membership, before);
    rest.send(second_half).expect("second half");
    drop(rest);
    let (status, page) = upload.await.expect("upload task");
    assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    assert_eq!(world.fingerprint(), after_membership, "no row, no file");
}
