//! Photo files on disk: nothing refused leaves a file, a deleted photo's files go unless another
//! row uses the same content, and a failed write leaves no row and no partial file.

use std::collections::BTreeSet;

use crate::common::fixtures::{encode, noisy};
use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::db::models::ProductImage;
use hangviet::db::schema::{product_images, products};
use image::ImageFormat;

use crate::common::world::World;
use crate::common::{self, Actor, Member};

/// Every file under the media directory (temp files and hidden ones included), by name.
fn files_on_disk(world: &World) -> BTreeSet<String> {
    let root = world.app.dir.path().join("media");
    let mut names = BTreeSet::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            names.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

/// The files the rows refer to: one per variant of each distinct content.
fn referenced_files(world: &World) -> BTreeSet<String> {
    let rows: Vec<(String, i32)> = product_images::table
        .select((product_images::content_hash, product_images::width))
        .load(&mut *world.app.conn())
        .expect("rows");
    rows.iter()
        .flat_map(|(hash, width)| {
            hangviet::media::variant_widths(*width)
                .into_iter()
                .map(move |w| format!("{hash}-{w}.jpg"))
        })
        .collect()
}

fn assert_disk_matches_rows(world: &World, context: &str) {
    assert_eq!(
        files_on_disk(world),
        referenced_files(world),
        "{context}: the files on disk are exactly those the rows refer to"
    );
}

/// A distinct photo for each `seed`.
fn photo(seed: u32) -> Vec<u8> {
    encode(&noisy(400 + seed, 300), ImageFormat::Jpeg)
}

async fn upload(world: &World, member: &Member, product: i32, bytes: &[u8]) -> common::Page {
    world
        .app
        .browser_of(member)
        .post_multipart(
            &format!("/doanh-nghiep/san-pham/{product}/anh"),
            &[
                ("csrf_token", None, member.csrf_token.as_bytes()),
                ("photo", Some("anh.jpg"), bytes),
            ],
        )
        .await
}

async fn delete(world: &World, member: &Member, product: i32, photo: i32) -> common::Page {
    world
        .app
        .browser_of(member)
        .post_raw(
            &format!("/doanh-nghiep/san-pham/{product}/anh/{photo}/xoa"),
            &[("csrf_token", member.csrf_token.as_str())],
            &[("Origin", "http://localhost:8080")],
        )
        .await
}

fn photos_of(world: &World, product: i32) -> Vec<ProductImage> {
    ProductImage::for_product(&mut world.app.conn(), product).expect("photos")
}

#[actix_web::test]
async fn the_ninth_photo_leaves_no_file() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    for seed in 0..6 {
        let page = upload(&world, a, world.product_a, &photo(seed)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    assert_eq!(photos_of(&world, world.product_a).len(), 8);
    assert_disk_matches_rows(&world, "eight photos");
    let before = world.fingerprint();
    let page = upload(&world, a, world.product_a, &photo(100)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("tối đa 8 ảnh"), "{}", page.body);
    assert_eq!(world.fingerprint(), before);
    assert_disk_matches_rows(&world, "the ninth photo");
}

/// Two uploads racing for the last place: both may pass the first look at the count and write
/// their files; the one refused at the row removes them.
#[actix_web::test]
async fn uploads_racing_for_the_last_place_leave_only_the_winners_files() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    for seed in 0..5 {
        let page = upload(&world, a, world.product_a, &photo(seed)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let (one, two) = (photo(200), photo(201));
    let (first, second) = futures_util::future::join(
        upload(&world, a, world.product_a, &one),
        upload(&world, a, world.product_a, &two),
    )
    .await;
    let mut statuses = [first.status.as_u16(), second.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422]);
    assert_eq!(photos_of(&world, world.product_a).len(), 8);
    assert_disk_matches_rows(&world, "after the race");
}

#[actix_web::test]
async fn a_deleted_photo_takes_its_files_unless_another_row_uses_them() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let b = world.member(Actor::BusinessB).expect("b");
    let product_b: i32 = products::table
        .filter(products::slug.eq("binh-gom-binh"))
        .select(products::id)
        .first(&mut *world.app.conn())
        .expect("product B");

    // Unshared: its own files go with it.
    let page = upload(&world, a, world.product_a, &photo(1)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let own = photos_of(&world, world.product_a)
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("new");
    let before = files_on_disk(&world);
    let page = delete(&world, a, world.product_a, own.id).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let gone: Vec<String> = before.difference(&files_on_disk(&world)).cloned().collect();
    assert!(!gone.is_empty() && gone.iter().all(|f| f.starts_with(&own.content_hash)));
    assert_disk_matches_rows(&world, "unshared photo deleted");

    // The same picture on two products of two producers: one file set, kept until the last
    // row goes.
    let shared = photo(2);
    for (member, product) in [(a, world.product_a), (b, product_b)] {
        let page = upload(&world, member, product, &shared).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let on_a = photos_of(&world, world.product_a)
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("a");
    let on_b = photos_of(&world, product_b)
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("b");
    assert_eq!(on_a.content_hash, on_b.content_hash, "content-addressed");
    let page = delete(&world, a, world.product_a, on_a.id).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        files_on_disk(&world)
            .iter()
            .any(|f| f.starts_with(&on_b.content_hash))
    );
    assert_disk_matches_rows(&world, "shared photo deleted on A");
    let served = world
        .app
        .get(&hangviet::media::url(&on_b.content_hash, 320))
        .await;
    assert_eq!(served.status, StatusCode::OK, "B's photo still served");
    let page = delete(&world, b, product_b, on_b.id).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        !files_on_disk(&world)
            .iter()
            .any(|f| f.starts_with(&on_b.content_hash))
    );
    assert_disk_matches_rows(&world, "shared photo deleted on B too");

    // The world's two rows on A share one picture as well.
    let photos = photos_of(&world, world.product_a);
    assert_eq!(photos.len(), 2);
    for (i, p) in photos.iter().enumerate() {
        let page = delete(&world, a, world.product_a, p.id).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(
            files_on_disk(&world)
                .iter()
                .any(|f| f.starts_with(&p.content_hash)),
            i == 0,
            "kept while the other row uses it"
        );
    }
    assert!(files_on_disk(&world).is_empty());
}

/// The content hash the site gives `bytes`, learnt from an upload to a scratch world.
async fn hash_of_upload(bytes: &[u8]) -> (String, i32) {
    let scratch = World::new();
    let a = scratch.member(Actor::BusinessA).expect("a");
    let page = upload(&scratch, a, scratch.product_a, bytes).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let newest = photos_of(&scratch, scratch.product_a)
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("photo");
    (newest.content_hash, newest.width)
}

#[actix_web::test]
async fn a_failed_write_leaves_no_row_and_no_partial_file() {
    // 1400 pixels wide: three variants, 320, 640 and 1280.
    let bytes = encode(&noisy(1400, 700), ImageFormat::Jpeg);
    let (hash, width) = hash_of_upload(&bytes).await;
    assert_eq!(width, 1400);
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let media = world.app.dir.path().join("media");

    // The second variant's name is taken by a directory: the first is written, the second
    // fails. (The tests run as root, so a read-only directory would not stop the write.)
    let before = world.fingerprint();
    let obstacle = media.join(&hash[..2]).join(format!("{hash}-640.jpg"));
    std::fs::create_dir_all(&obstacle).expect("obstacle");
    let page = upload(&world, a, world.product_a, &bytes).await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(page.body.contains("Không lưu được ảnh"), "{}", page.body);
    std::fs::remove_dir(&obstacle).expect("obstacle removed");
    assert_eq!(world.fingerprint(), before, "no row");
    assert_disk_matches_rows(&world, "a variant failed");

    // A store whose directory is gone (a file in its place).
    std::fs::rename(&media, media.with_extension("moved")).expect("move media");
    std::fs::write(&media, b"not a directory").expect("file in the way");
    let page = upload(&world, a, world.product_a, &bytes).await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    std::fs::remove_file(&media).expect("file removed");
    std::fs::rename(media.with_extension("moved"), &media).expect("media back");
    assert_eq!(world.fingerprint(), before, "no row");
    assert_disk_matches_rows(&world, "no media directory");

    // And once the storage is back, the same upload works.
    let page = upload(&world, a, world.product_a, &bytes).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_disk_matches_rows(&world, "stored");
    assert!(files_on_disk(&world).iter().any(|f| f.starts_with(&hash)));
}

#[test]
fn a_full_disk_is_told_apart_from_other_failures() {
    use hangviet::media::StoreError;
    use std::io::{Error, ErrorKind};
    assert!(matches!(
        StoreError::from(Error::from(ErrorKind::StorageFull)),
        StoreError::Full(_)
    ));
    assert!(matches!(
        StoreError::from(Error::from_raw_os_error(28)),
        StoreError::Full(_)
    ));
    assert!(matches!(
        StoreError::from(Error::from(ErrorKind::PermissionDenied)),
        StoreError::Failed(_)
    ));
}

/// Unmounts the tmpfs when the test ends, passed or not.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A real full disk: the media directory on a 96 KB tmpfs. Needs the right to mount (root, as
/// in CI's container), so a plain `cargo test` lists it as ignored; `.ci/run` runs it, and run
/// without that right it fails.
#[actix_web::test]
#[ignore = "needs the right to mount a tmpfs (root)"]
async fn a_full_disk_refuses_with_507_and_leaves_nothing() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let media = world.app.dir.path().join("media");
    let kept = media.with_extension("before");
    std::fs::rename(&media, &kept).expect("move media");
    std::fs::create_dir(&media).expect("mount point");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"])
        .arg(&media)
        .status()
        .is_ok_and(|s| s.success());
    assert!(mounted, "cannot mount a tmpfs here: run this test as root");
    let _unmount = Mounted(media.clone());
    for dir in std::fs::read_dir(&kept).expect("old media").flatten() {
        let to = media.join(dir.file_name());
        std::fs::create_dir(&to).expect("shard");
        for file in std::fs::read_dir(dir.path()).expect("shard").flatten() {
            std::fs::copy(file.path(), to.join(file.file_name())).expect("copy");
        }
    }
    let before = world.fingerprint();
    // About 300 KB of variants: the first fits, the second does not.
    let page = upload(
        &world,
        a,
        world.product_a,
        &encode(&noisy(1400, 700), ImageFormat::Jpeg),
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{}",
        page.body
    );
    assert!(page.body.contains("hết chỗ"), "{}", page.body);
    assert_eq!(world.fingerprint(), before, "no row, no file");
    assert_disk_matches_rows(&world, "disk full");
}
