//! Peak memory of the test process while four photos are uploaded at once: run by hand, one
//! test per process, since the high-water mark (`VmHWM`) is the process's. Figures are in the
//! README's photo section:
//! `cargo test --test it decode_memory -- --ignored --exact --nocapture decode_memory::NAME`.

use crate::common::fixtures::png_of_zeros;
use actix_web::http::StatusCode;

use crate::common::Actor;
use crate::common::world::World;

/// `VmHWM` (peak resident set) of this process, in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("proc status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("number");
    kib / 1024
}

/// Uploads `photo` four times at once; returns the statuses.
async fn four_at_once(photo: &[u8]) -> Vec<StatusCode> {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let path = format!("/doanh-nghiep/san-pham/{}/anh", world.product_a);
    let parts = [
        ("csrf_token", None, a.csrf_token.as_bytes()),
        ("photo", Some("anh.png"), photo),
    ];
    let before = peak_mib();
    let uploads = (0..4).map(|_| {
        let path = path.clone();
        let world = &world;
        async move {
            world
                .app
                .browser_of(a)
                .post_multipart(&path, &parts)
                .await
                .status
        }
    });
    let statuses = futures_util::future::join_all(uploads).await;
    println!(
        "peak RSS before the uploads {before} MiB, after {} MiB; statuses {statuses:?}",
        peak_mib()
    );
    statuses
}

/// The reported attack: 16-bit RGBA, 8000 × 6250, EXIF orientation 6.
#[actix_web::test]
#[ignore = "a measurement: run alone"]
async fn sixteen_bit_8000_by_6250_four_at_once() {
    let photo = png_of_zeros(8000, 6250, 16, 6);
    println!("upload of {} KB", photo.len() / 1024);
    four_at_once(&photo).await;
}

/// The largest photo still accepted: 8-bit RGB, 8000 × 6000 (48 MP), EXIF orientation 6.
#[actix_web::test]
#[ignore = "a measurement: run alone"]
async fn eight_bit_48_megapixels_four_at_once() {
    let photo = png_of_zeros(8000, 6000, 8, 2);
    println!("upload of {} KB", photo.len() / 1024);
    four_at_once(&photo).await;
}
