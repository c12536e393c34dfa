//! Hostile uploads: each is refused, or neutralised, and a refused one leaves no file and no
//! row behind.

use crate::common;

use crate::common::fixtures::{
    contains, encode, jpeg_claiming, latitude_bytes, noisy, png_claiming, png_with_chunk,
    png16_rgba, png16_rgba_claiming, sideways_jpeg_with_gps, two_colour, webp_claiming,
    zlib_of_zeros,
};
use actix_web::http::StatusCode;
use common::Actor;
use common::world::World;
use hangviet::db::models::ProductImage;
use image::ImageFormat;

/// What the server must do with an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Refused with this status; nothing stored.
    Refused(u16),
    /// Accepted, and stored only as our own re-encoded JPEG.
    Neutralised,
}

fn stored_files(root: &std::path::Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(std::fs::read(file.path()).expect("read"));
        }
    }
    files
}

#[actix_web::test]
async fn hostile_uploads_are_refused_or_neutralised() {
    let jpeg = encode(&noisy(96, 64), ImageFormat::Jpeg);
    let truncated = jpeg[..jpeg.len() / 2].to_vec();
    let polyglot = [jpeg.as_slice(), b"<html><script>alert(1)</script></html>"].concat();
    let png = encode(&two_colour(64, 48), ImageFormat::Png);
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let html = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
        .to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let cases: Vec<(&str, &str, Vec<u8>, Outcome)> = vec![
        (
            "pixel flood: tiny PNG claiming 65535×65535",
            "a.png",
            png_claiming(65_535, 65_535),
            Outcome::Refused(422),
        ),
        (
            "PNG decompression bomb declaring 20000×20000",
            "bomb.png",
            png_claiming(20_000, 20_000),
            Outcome::Refused(422),
        ),
        (
            "16-bit RGBA PNG of 8000×6250 with an EXIF orientation (550 MB to decode)",
            "flood16.png",
            png16_rgba_claiming(8000, 6250),
            Outcome::Refused(422),
        ),
        (
            "16-bit RGBA PNG of 6000×6000 (a bomb within the pixel limits)",
            "bomb16.png",
            png16_rgba_claiming(6000, 6000),
            Outcome::Refused(422),
        ),
        (
            "progressive JPEG claiming 6000×6000",
            "progressive.jpg",
            jpeg_claiming(6000, 6000, true),
            Outcome::Refused(422),
        ),
        (
            "JPEG claiming 8000×8000",
            "big.jpg",
            jpeg_claiming(8000, 8000, false),
            Outcome::Refused(422),
        ),
        (
            "WebP with alpha claiming 7000×7000",
            "big.webp",
            webp_claiming(7000, 7000),
            Outcome::Refused(422),
        ),
        (
            "WebP claiming 16000×16000",
            "huge.webp",
            webp_claiming(16_000, 16_000),
            Outcome::Refused(422),
        ),
        (
            "PNG with a 2 MB iCCP chunk",
            "icc.png",
            png_with_chunk(&png, b"iCCP", &vec![7; 2 << 20]),
            Outcome::Refused(422),
        ),
        (
            "PNG with a 2 MB zTXt chunk",
            "text.png",
            png_with_chunk(&png, b"zTXt", &vec![7; 2 << 20]),
            Outcome::Refused(422),
        ),
        (
            "PNG with an iCCP profile inflating to 128 MiB",
            "icc-bomb.png",
            png_with_chunk(
                &png,
                b"iCCP",
                &[&b"icc\0\0"[..], &zlib_of_zeros(128 << 20)].concat(),
            ),
            Outcome::Neutralised,
        ),
        (
            "16-bit RGBA PNG, half transparent",
            "deep.png",
            png16_rgba(300, 200),
            Outcome::Neutralised,
        ),
        (
            "truncated JPEG",
            "half.jpg",
            truncated,
            Outcome::Refused(422),
        ),
        (
            "JPEG/HTML polyglot",
            "poly.jpg",
            polyglot,
            Outcome::Neutralised,
        ),
        ("SVG with script", "logo.svg", svg, Outcome::Refused(422)),
        (
            "HTML renamed .jpg",
            "photo.jpg",
            html,
            Outcome::Refused(422),
        ),
        (
            "GIF sent as image/jpeg",
            "anim.jpg",
            gif,
            Outcome::Refused(422),
        ),
        (
            "PNG sent as image/jpeg (the bytes decide)",
            "really-png.jpg",
            png.clone(),
            Outcome::Neutralised,
        ),
        (
            "path-traversal file name",
            "../../../etc/passwd.jpg",
            jpeg.clone(),
            Outcome::Neutralised,
        ),
        (
            "NUL in the file name",
            "a\0b.jpg",
            jpeg.clone(),
            Outcome::Refused(400),
        ),
        (
            "0-byte file",
            "empty.jpg",
            Vec::new(),
            Outcome::Refused(422),
        ),
        (
            "oversize file (16 MB)",
            "big.jpg",
            vec![0xFF; 16 * 1024 * 1024],
            Outcome::Refused(413),
        ),
    ];
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let path = format!("/doanh-nghiep/san-pham/{}/anh", world.product_a);
    let media_root = world.app.dir.path().join("media");
    let mut counted = 0;
    for (name, filename, bytes, outcome) in &cases {
        // Start each case with room for a photo.
        for photo in ProductImage::for_product(&mut world.app.conn(), world.product_a)
            .expect("photos")
            .iter()
            .skip(1)
        {
            ProductImage::remove(&mut world.app.conn(), world.product_a, photo.id).expect("remove");
        }
        let before = world.fingerprint();
        let mut browser = world.app.browser_of(a);
        let page = browser
            .post_multipart(
                &path,
                &[
                    ("csrf_token", None, a.csrf_token.as_bytes()),
                    ("photo", Some(filename), bytes),
                ],
            )
            .await;
        match outcome {
            Outcome::Refused(status) => {
                assert_eq!(
                    page.status.as_u16(),
                    *status,
                    "{name}: {}",
                    &page.body[..page.body.len().min(300)]
                );
                assert_eq!(world.fingerprint(), before, "{name} left something behind");
            }
            Outcome::Neutralised => {
                assert_eq!(page.status, StatusCode::SEE_OTHER, "{name}: {}", page.body);
                for file in stored_files(&media_root) {
                    assert!(
                        file.starts_with(&[0xFF, 0xD8, 0xFF]),
                        "{name}: only JPEGs we encoded are stored"
                    );
                    assert!(
                        !contains(&file, b"<script") && !contains(&file, b"<html"),
                        "{name}: markup stored"
                    );
                }
            }
        }
        counted += 1;
    }
    assert!(
        !std::fs::read_dir(world.app.dir.path())
            .expect("dir")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("passwd"))
    );

    // Too many parts is refused before any photo is decoded.
    let before = world.fingerprint();
    let small = encode(&two_colour(8, 8), ImageFormat::Jpeg);
    let mut parts: Vec<(&str, Option<&str>, &[u8])> =
        vec![("csrf_token", None, a.csrf_token.as_bytes())];
    for _ in 0..6 {
        parts.push(("alt", None, b"x"));
    }
    parts.push(("photo", Some("a.jpg"), &small));
    let page = world.app.browser_of(a).post_multipart(&path, &parts).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(world.fingerprint(), before);
    counted += 1;
    println!("hostile upload table: {counted} cases");
}

/// Refused for the memory its decoding would take, before it is decoded, and told so (a
/// corrupt-file message would mean it had been decoded first).
#[actix_web::test]
async fn photos_over_the_decoding_budget_are_refused_from_their_header() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let path = format!("/doanh-nghiep/san-pham/{}/anh", world.product_a);
    for (name, photo) in [
        ("16-bit RGBA 8000×6250", png16_rgba_claiming(8000, 6250)),
        (
            "progressive JPEG 6000×6000",
            jpeg_claiming(6000, 6000, true),
        ),
        ("WebP with alpha 7000×7000", webp_claiming(7000, 7000)),
    ] {
        let before = world.fingerprint();
        let page = world
            .app
            .browser_of(a)
            .post_multipart(
                &path,
                &[
                    ("csrf_token", None, a.csrf_token.as_bytes()),
                    ("photo", Some("anh"), &photo),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            page.body.contains("quá nhiều bộ nhớ"),
            "{name}: {}",
            page.body
        );
        assert_eq!(world.fingerprint(), before, "{name}");
    }
}

/// Business A uploads `bytes` as `file_name` to its product.
async fn upload_as_a(world: &World, file_name: &str, bytes: &[u8]) -> common::Page {
    let a = world.member(Actor::BusinessA).expect("a");
    world
        .app
        .browser_of(a)
        .post_multipart(
            &format!("/doanh-nghiep/san-pham/{}/anh", world.product_a),
            &[
                ("csrf_token", None, a.csrf_token.as_bytes()),
                ("photo", Some(file_name), bytes),
            ],
        )
        .await
}

/// The newest photo of business A's product.
fn newest_photo(world: &World) -> ProductImage {
    ProductImage::for_product(&mut world.app.conn(), world.product_a)
        .expect("photos")
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("photo")
}

/// A phone-size 16-bit PNG (12 MP, 97 MB once decoded) is within the decoding budget.
#[actix_web::test]
async fn a_phone_size_16_bit_png_is_stored() {
    let world = World::new();
    let page = upload_as_a(&world, "IMG_4001.PNG", &png16_rgba(4032, 3024)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let newest = newest_photo(&world);
    assert_eq!((newest.width, newest.height), (4032, 3024));
}

#[actix_web::test]
async fn gps_is_stripped_and_photos_are_stored_upright() {
    let world = World::new();
    let photo = sideways_jpeg_with_gps();
    assert!(
        contains(&photo, b"Exif") && contains(&photo, &latitude_bytes()),
        "the fixture carries GPS"
    );
    let page = upload_as_a(&world, "IMG_2001.JPG", &photo).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let newest = newest_photo(&world);
    assert_eq!(
        (newest.width, newest.height),
        (20, 40),
        "Orientation 6 applied"
    );
    for file in stored_files(&world.app.dir.path().join("media")) {
        assert!(!contains(&file, b"Exif"), "no EXIF survives");
        assert!(!contains(&file, &latitude_bytes()), "no GPS survives");
    }
    let served = world
        .app
        .get(&hangviet::media::url(&newest.content_hash, 320))
        .await;
    assert_eq!(served.header("content-type"), "image/jpeg");
    assert_eq!(served.header("x-content-type-options"), "nosniff");
}
