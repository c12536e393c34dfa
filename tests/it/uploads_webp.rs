//! Photo variants made by the fast path (a JPEG decoded at a reduced scale, SIMD resize and
//! encode) keep their sizes, orientation and colours; WebP twins are served at the JPEG's URL to
//! browsers that accept WebP only, made once however many ask at the same time; crafted JPEGs
//! are still refused with nothing stored.

use crate::common;

use crate::common::fixtures::{
    contains, encode, jpeg_claiming, photo_like, two_colour, with_orientation,
};
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::Actor;
use common::world::World;
use hangviet::db::models::ProductImage;
use image::{GenericImageView, ImageFormat};

/// What Chrome sends for an `<img>`.
const CHROME: &str = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
/// What a browser without WebP sends (Firefox before 65).
const NO_WEBP: &str = "image/png,image/*;q=0.8,*/*;q=0.5";

/// Business A uploads `bytes`; the answer's status.
async fn upload(world: &World, bytes: &[u8]) -> StatusCode {
    let a = world.member(Actor::BusinessA).expect("a");
    world
        .app
        .browser_of(a)
        .post_multipart(
            &format!("/doanh-nghiep/san-pham/{}/anh", world.product_a),
            &[
                ("csrf_token", None, a.csrf_token.as_bytes()),
                ("photo", Some("IMG_0001.JPG"), bytes),
            ],
        )
        .await
        .status
}

fn newest_photo(world: &World) -> ProductImage {
    ProductImage::for_product(&mut world.app.conn(), world.product_a)
        .expect("photos")
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("photo")
}

/// The stored files whose names end with `suffix`, and the temp files left, under the media
/// directory.
fn files_ending(world: &World, suffix: &str) -> (Vec<std::path::PathBuf>, usize) {
    let (mut found, mut temp) = (Vec::new(), 0);
    let root = world.app.dir.path().join("media");
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                temp += 1;
            } else if name.ends_with(suffix) {
                found.push(file.path());
            }
        }
    }
    (found, temp)
}

/// GET of a stored variant with an `Accept` header (none when `accept` is empty).
async fn fetch(world: &World, url: &str, accept: &str) -> common::RawPage {
    let mut req = TestRequest::get().uri(url);
    if !accept.is_empty() {
        req = req.insert_header(("Accept", accept));
    }
    world.app.send_raw(req).await
}

#[actix_web::test]
async fn a_big_sideways_phone_jpeg_becomes_upright_variants_of_the_same_sizes() {
    let world = World::new();
    // 3000 × 2600 as the sensor saw it, Orientation 6: 2600 × 3000 upright, left (red) on top.
    let jpeg = with_orientation(&encode(&two_colour(3000, 2600), ImageFormat::Jpeg), 6);
    assert_eq!(upload(&world, &jpeg).await, StatusCode::SEE_OTHER);
    let photo = newest_photo(&world);
    assert_eq!((photo.width, photo.height), (2600, 3000));
    for (width, height) in [(320, 369), (640, 738), (1280, 1477)] {
        let served = fetch(
            &world,
            &hangviet::media::url(&photo.content_hash, width),
            "",
        )
        .await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.header("content-type"), "image/jpeg");
        assert!(!contains(&served.bytes, b"Exif"), "metadata stripped");
        let image =
            image::load_from_memory_with_format(&served.bytes, ImageFormat::Jpeg).expect("a JPEG");
        assert_eq!(image.dimensions(), (width, height));
        let top = image.get_pixel(width / 2, height / 4).0;
        let bottom = image.get_pixel(width / 2, height * 3 / 4).0;
        assert!(top[0] > 200 && top[2] < 60, "{width}: top {top:?}");
        assert!(
            bottom[2] > 200 && bottom[0] < 60,
            "{width}: bottom {bottom:?}"
        );
    }
}

#[actix_web::test]
async fn webp_is_served_at_the_same_url_only_to_browsers_that_accept_it() {
    let world = World::new();
    let jpeg = encode(&photo_like(1400, 1000), ImageFormat::Jpeg);
    assert_eq!(upload(&world, &jpeg).await, StatusCode::SEE_OTHER);
    let photo = newest_photo(&world);
    assert_eq!(files_ending(&world, ".webp").0.len(), 0, "none at upload");
    let url = hangviet::media::url(&photo.content_hash, 640);

    for accept in ["", NO_WEBP, "*/*", "image/webp;q=0"] {
        let served = fetch(&world, &url, accept).await;
        assert_eq!(served.status, StatusCode::OK, "{accept}");
        assert_eq!(served.header("content-type"), "image/jpeg", "{accept}");
        assert_eq!(served.header("vary"), "Accept", "{accept}");
        assert!(served.bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "{accept}");
    }
    assert_eq!(
        files_ending(&world, ".webp").0.len(),
        0,
        "no WebP asked yet"
    );
    let served_jpeg = fetch(&world, &url, "").await.bytes;

    let served = fetch(&world, &url, CHROME).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/webp");
    assert_eq!(served.header("vary"), "Accept");
    assert_eq!(served.header("x-content-type-options"), "nosniff");
    assert!(served.header("cache-control").contains("immutable"));
    assert!(served.bytes.starts_with(b"RIFF") && &served.bytes[8..12] == b"WEBP");
    let webp = image::load_from_memory_with_format(&served.bytes, ImageFormat::WebP)
        .expect("a valid WebP")
        .to_rgb8();
    let jpeg = image::load_from_memory_with_format(&served_jpeg, ImageFormat::Jpeg)
        .expect("JPEG")
        .to_rgb8();
    assert_eq!(webp.dimensions(), (640, 457));
    assert_eq!(webp.dimensions(), jpeg.dimensions());
    assert!(
        served.bytes.len() < served_jpeg.len(),
        "WebP {} bytes, JPEG {}",
        served.bytes.len(),
        served_jpeg.len()
    );
    // The same picture: on average within a few levels of the JPEG it was made from.
    let difference: u64 = webp
        .as_raw()
        .iter()
        .zip(jpeg.as_raw())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = difference as f64 / webp.as_raw().len() as f64;
    assert!(mean < 4.0, "mean difference {mean}");

    // Made once, then served from disk; a browser without WebP still gets the JPEG.
    let (twins, temp) = files_ending(&world, ".webp");
    assert_eq!((twins.len(), temp), (1, 0));
    assert_eq!(std::fs::read(&twins[0]).expect("twin"), served.bytes);
    assert_eq!(fetch(&world, &url, CHROME).await.bytes, served.bytes);
    assert_eq!(fetch(&world, &url, NO_WEBP).await.bytes, served_jpeg);
}

#[actix_web::test]
async fn concurrent_first_requests_for_a_webp_make_one_whole_file() {
    let world = World::new();
    let jpeg = encode(&photo_like(1600, 1200), ImageFormat::Jpeg);
    assert_eq!(upload(&world, &jpeg).await, StatusCode::SEE_OTHER);
    let url = hangviet::media::url(&newest_photo(&world).content_hash, 1280);
    let answers = futures_util::future::join_all((0..8).map(|_| fetch(&world, &url, CHROME))).await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("content-type"), "image/webp");
        assert_eq!(answer.bytes, answers[0].bytes, "every answer the same file");
    }
    let (twins, temp) = files_ending(&world, "-1280.webp");
    assert_eq!((twins.len(), temp), (1, 0), "one file, no temp file left");
    let on_disk = std::fs::read(&twins[0]).expect("twin");
    assert_eq!(on_disk, answers[0].bytes);
    let image = image::load_from_memory_with_format(&on_disk, ImageFormat::WebP).expect("whole");
    assert_eq!(image.dimensions(), (1280, 960));
}

#[actix_web::test]
async fn no_webp_for_a_name_that_is_not_a_stored_variant() {
    let world = World::new();
    for url in [
        format!("/media/{}-640.jpg", "ab".repeat(32)),
        format!("/media/{}-640.webp", "ab".repeat(32)),
        "/media/..%2F..%2Fetc%2Fpasswd".to_owned(),
    ] {
        assert_eq!(
            fetch(&world, &url, CHROME).await.status,
            StatusCode::NOT_FOUND,
            "{url}"
        );
    }
    assert_eq!(files_ending(&world, ".webp").0.len(), 0);
}

/// Crafted JPEGs reach the reduced-scale decoder only after the header checks, and whatever
/// it finds is a 4xx with nothing stored, never a 500.
#[actix_web::test]
async fn crafted_jpegs_are_refused_and_leave_nothing() {
    let world = World::new();
    let good = encode(&two_colour(2600, 1400), ImageFormat::Jpeg);
    let sof = good
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0");
    let sos = good
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("SOS");
    let mut two_components = good.clone();
    two_components[sof + 9] = 2;
    let mut zero_width = good.clone();
    zero_width[sof + 7..sof + 9].copy_from_slice(&[0, 0]);
    let mut flood = good.clone();
    flood[sof + 5..sof + 9].copy_from_slice(&[0x1F, 0x40, 0x1F, 0x40]); // 8000 × 8000.
    let no_scan = [&good[..sos], &[0xFF, 0xD9][..]].concat();
    let cut = good[..good.len() * 2 / 3].to_vec();
    for (name, bytes) in [
        ("two components", two_components),
        ("zero width", zero_width),
        ("8000 × 8000 claimed by a 2600 × 1400 file", flood),
        ("no scan", no_scan),
        ("truncated", cut),
        ("progressive 6000 × 6000", jpeg_claiming(6000, 6000, true)),
    ] {
        let before = world.fingerprint();
        let status = upload(&world, &bytes).await;
        assert!(status.is_client_error(), "{name}: {status}");
        assert_eq!(world.fingerprint(), before, "{name} left something behind");
    }
}
