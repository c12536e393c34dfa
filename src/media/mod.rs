//! Photo storage: content-addressed JPEG files in size variants, behind [`MediaStore`].
//!
//! A stored photo is named by the SHA-256 of its largest re-encoded variant; each variant is
//! `{hash}-{width}.jpg`. Files are written completely (temp file, fsync, rename) before any
//! database row may refer to them, and are never changed afterwards, so they can be cached
//! for a year.
//!
//! Making the variants ([`EncodedPhoto::encode`]): the photo is decoded once, a JPEG at a reduced
//! DCT scale ([`upload`]); the largest variant is resized from those pixels by a SIMD Lanczos-3
//! convolution (`fast_image_resize`) and turned upright, each smaller one from the next larger;
//! the largest is encoded by a SIMD JPEG encoder (`jpeg-encoder`) on a thread of its own while
//! the smaller ones are resized and encoded. Two threads per upload at most, and uploads are
//! decoded two at a time (`handlers::business::photos`).
//!
//! WebP ([`webp`]): each JPEG variant has a lossy WebP twin `{hash}-{width}.webp`, made from
//! it the first time a browser that accepts WebP asks for the variant, and served at the same URL
//! (`Vary: Accept`). It is removed with its JPEG.
//!
//! Several rows may share one file (two products, one picture). A file is removed only when no
//! row refers to it any more: the row is deleted and the references counted in one transaction,
//! the file is removed after the commit by [`MediaStore::remove_unreferenced`], which moves it
//! aside, asks again, and puts it back if an upload of the same content committed a row
//! meanwhile. The uploader writes its files before its row and checks them again after.

/// The photo fixtures of the integration tests, for this module's unit tests too.
#[cfg(test)]
#[path = "../../tests/it/common/fixtures.rs"]
pub(crate) mod fixtures;
pub mod upload;
pub mod webp;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use image::{DynamicImage, RgbImage};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::text::hex;
use upload::DecodedPhoto;

/// Widths of the variants we keep, smallest first.
pub const VARIANT_WIDTHS: [u32; 3] = [320, 640, 1280];

const JPEG_QUALITY: u8 = 82;

/// The widths stored for a photo `width` pixels wide: every standard width it reaches, and
/// always the smallest one.
pub fn variant_widths(width: i32) -> Vec<u32> {
    let width = u32::try_from(width).unwrap_or(0);
    let mut widths: Vec<u32> = VARIANT_WIDTHS
        .iter()
        .copied()
        .filter(|w| *w <= width)
        .collect();
    if widths.is_empty() {
        widths.push(VARIANT_WIDTHS[0]);
    }
    widths
}

/// Height of the variant `kept` pixels wide of an upright photo `width` × `height`, rounded to
/// the nearest pixel (as libvips does).
pub(crate) fn variant_height(width: u32, height: u32, kept: u32) -> u32 {
    let width = u64::from(width.max(1));
    u32::try_from(((u64::from(height) * u64::from(kept) * 2 + width) / (2 * width)).max(1))
        .unwrap_or(u32::MAX)
}

/// `image` resized to `width` × `height` by a SIMD Lanczos-3 convolution (sRGB values, as
/// libvips and browsers resize).
pub(crate) fn resize(image: &RgbImage, width: u32, height: u32) -> RgbImage {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let mut resized = RgbImage::new(width, height);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    match Resizer::new().resize(image, &mut resized, &options) {
        Ok(()) => resized,
        // Only a mismatch of pixel types fails, and both are 8-bit RGB.
        Err(e) => {
            tracing::error!(error = %e, "SIMD resize failed; resizing with the image crate");
            image::imageops::resize(image, width, height, image::imageops::FilterType::Lanczos3)
        }
    }
}

/// `image` as a baseline JPEG (quality [`JPEG_QUALITY`], 4:2:0 chroma, no metadata).
fn encode_jpeg(image: &RgbImage) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(image.as_raw().len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY);
    // 4:2:0 chroma from the average of each 2×2 block, as libjpeg makes it (the crate's
    // default takes one pixel of four, which costs about 1 dB).
    encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    encoder.encode(
        image.as_raw(),
        u16::try_from(image.width())?,
        u16::try_from(image.height())?,
        jpeg_encoder::ColorType::Rgb,
    )?;
    Ok(bytes)
}

/// Public URL of one variant.
pub fn url(hash: &str, width: u32) -> String {
    format!("/media/{hash}-{width}.jpg")
}

/// A photo once stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    pub hash: String,
    pub width: u32,
    pub height: u32,
}

/// A photo re-encoded into its variants, not yet on disk. Kept until its row is committed, so
/// that a file removed meanwhile (a photo of the same content deleted) can be written again.
#[derive(Debug, Clone)]
pub struct EncodedPhoto {
    /// SHA-256 of the largest variant: the name of every file of the photo.
    pub hash: String,
    /// Upright width and height of the photo.
    pub width: u32,
    pub height: u32,
    variants: Vec<(u32, Vec<u8>)>,
}

impl EncodedPhoto {
    /// Turns the photo upright and re-encodes it into its variants. CPU-heavy: call it off the
    /// async workers. The largest variant is resized from the decoded pixels and encoded on a
    /// second thread while the smaller ones are resized, each from the next larger, and encoded.
    pub fn encode(photo: &DecodedPhoto) -> anyhow::Result<EncodedPhoto> {
        let (width, height) = photo.upright_dimensions();
        // Largest first: (name width, width kept, height).
        let sizes: Vec<(u32, u32, u32)> = variant_widths(i32::try_from(width).unwrap_or(i32::MAX))
            .into_iter()
            .rev()
            .map(|w| {
                let kept = w.min(width);
                (w, kept, variant_height(width, height, kept))
            })
            .collect();
        let &(largest_name, largest_width, largest_height) = sizes.first().context("no variant")?;
        let largest = photo.upright_scaled(largest_width, largest_height);
        let mut encoded = std::thread::scope(|scope| -> anyhow::Result<Vec<(u32, Vec<u8>)>> {
            let big = scope.spawn(|| encode_jpeg(&largest));
            let mut smaller = Vec::new();
            let mut previous: Option<RgbImage> = None;
            for &(name, kept, h) in &sizes[1..] {
                let variant = resize(previous.as_ref().unwrap_or(&largest), kept, h);
                smaller.push((name, encode_jpeg(&variant)?));
                previous = Some(variant);
            }
            let big = big
                .join()
                .map_err(|_| anyhow::anyhow!("the JPEG encoder panicked"))??;
            Ok([vec![(largest_name, big)], smaller].concat())
        })?;
        encoded.reverse();
        let hash = hex(&Sha256::digest(&encoded.last().context("no variant")?.1));
        Ok(EncodedPhoto {
            hash,
            width,
            height,
            variants: encoded,
        })
    }

    /// Names of the photo's files, smallest first.
    pub fn file_names(&self) -> Vec<String> {
        file_names(&self.hash, self.width)
    }

    pub fn stored(&self) -> StoredImage {
        StoredImage {
            hash: self.hash.clone(),
            width: self.width,
            height: self.height,
        }
    }
}

/// Names of the files of the photo `hash`, `width` pixels wide (upright).
pub fn file_names(hash: &str, width: u32) -> Vec<String> {
    variant_widths(i32::try_from(width).unwrap_or(i32::MAX))
        .into_iter()
        .map(|w| format!("{hash}-{w}.jpg"))
        .collect()
}

/// Why a photo's files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No space (or quota) left: the uploader is told to try later.
    #[error("the media storage is full")]
    Full(#[source] std::io::Error),
    /// Any other failure of the storage.
    #[error("cannot write to the media storage")]
    Failed(#[source] std::io::Error),
}

impl From<std::io::Error> for StoreError {
    fn from(error: std::io::Error) -> Self {
        use std::io::ErrorKind;
        match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
                StoreError::Full(error)
            }
            _ => StoreError::Failed(error),
        }
    }
}

/// A failed [`MediaStore::write`]: the error, and the files the call had written before it.
/// Those are still on disk: remove them with [`MediaStore::remove_unreferenced`], since a
/// concurrent upload of the same content may already refer to them.
#[derive(Debug)]
pub struct WriteFailure {
    pub error: StoreError,
    pub written: Vec<String>,
}

/// Where photos live. Local files by default; shared object storage later.
#[derive(Debug, Clone)]
pub enum MediaStore {
    LocalFileSystem { root: PathBuf },
}

impl MediaStore {
    pub fn local(root: impl Into<PathBuf>) -> anyhow::Result<MediaStore> {
        let root = root.into();
        fs::create_dir_all(&root)
            .with_context(|| format!("cannot create the media directory {}", root.display()))?;
        Ok(MediaStore::LocalFileSystem { root })
    }

    /// Removes temp files left by writes a killed process never finished (see
    /// [`STALE_TEMP`]). Reads the whole directory: the server runs it once, off its start-up path.
    pub fn sweep_stale_temp_files(&self) {
        match self {
            MediaStore::LocalFileSystem { root } => sweep_stale_temp_files(root, STALE_TEMP),
        }
    }

    /// Re-encodes `image` (already upright, metadata-free pixels) into its variants and stores
    /// them. CPU-heavy: call it off the async workers. For the demo and tests; uploads go through
    /// [`EncodedPhoto::encode`] and [`MediaStore::write`].
    pub fn put(&self, image: &DynamicImage) -> anyhow::Result<StoredImage> {
        let encoded = EncodedPhoto::encode(&DecodedPhoto::upright_image(image))?;
        self.write(&encoded).map_err(|failure| failure.error)?;
        Ok(encoded.stored())
    }

    /// Writes the photo's files that are not already there, each completely (temp file in the
    /// same directory, fsync, rename, fsync of the directory), and returns the names this call
    /// wrote. A failed file leaves no temp file behind; see [`WriteFailure`] for the others.
    pub fn write(&self, photo: &EncodedPhoto) -> Result<Vec<String>, WriteFailure> {
        let mut written = Vec::new();
        for (w, bytes) in &photo.variants {
            let name = format!("{}-{w}.jpg", photo.hash);
            match self.write_atomically(&name, bytes) {
                Ok(true) => written.push(name),
                Ok(false) => {}
                Err(error) => return Err(WriteFailure { error, written }),
            }
        }
        Ok(written)
    }

    /// Removes the files `names` unless `is_referenced` (asked after they were moved aside)
    /// says a row refers to them again, in which case they are put back. With writers that
    /// check their files after committing their row ([`MediaStore::write`] again), no row is
    /// left without its files, whichever order a removal and an upload of the same content
    /// interleave in. Returns how many files were removed.
    pub fn remove_unreferenced(
        &self,
        names: &[String],
        is_referenced: impl FnOnce() -> anyhow::Result<bool>,
    ) -> anyhow::Result<usize> {
        let MediaStore::LocalFileSystem { root } = self;
        let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
        // Each JPEG variant with its WebP twin, if one was made.
        let files = names
            .iter()
            .filter(|n| is_variant_name(n))
            .flat_map(|n| [n.clone()].into_iter().chain(webp::webp_name(n)));
        for name in files {
            let dir = root.join(&name[..2]);
            let path = dir.join(&name);
            let aside = dir.join(format!(".{name}.{:016x}.removing", OsRng.next_u64()));
            match fs::rename(&path, &aside) {
                Ok(()) => moved.push((path, aside)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    put_back(&moved);
                    return Err(e.into());
                }
            }
        }
        if moved.is_empty() {
            return Ok(0);
        }
        match is_referenced() {
            Ok(false) => {
                for (_, aside) in &moved {
                    fs::remove_file(aside)?;
                }
                Ok(moved.len())
            }
            Ok(true) => {
                put_back(&moved);
                Ok(0)
            }
            Err(e) => {
                put_back(&moved);
                Err(e)
            }
        }
    }

    /// The file behind a public name, if it is a well-formed name and exists.
    pub fn path_of(&self, name: &str) -> Option<PathBuf> {
        if !is_variant_name(name) {
            return None;
        }
        match self {
            MediaStore::LocalFileSystem { root } => {
                let path = root.join(&name[..2]).join(name);
                path.is_file().then_some(path)
            }
        }
    }

    /// The WebP twin of the JPEG variant `name`, if it has been made.
    pub fn webp_path_of(&self, name: &str) -> Option<PathBuf> {
        if !is_variant_name(name) {
            return None;
        }
        let MediaStore::LocalFileSystem { root } = self;
        let path = root.join(&name[..2]).join(webp::webp_name(name)?);
        path.is_file().then_some(path)
    }

    /// Makes the WebP twin of the JPEG variant `name` unless it exists, and returns its path;
    /// `None` when the JPEG is not (or no longer) there. CPU-heavy: call it off the async
    /// workers. Concurrent calls for one name encode it once in this process, and the file is
    /// written completely (temp file, rename) whatever other processes do. A twin made while its
    /// JPEG was being removed is removed too.
    pub fn make_webp(&self, name: &str) -> anyhow::Result<Option<PathBuf>> {
        let Some(jpeg) = self.path_of(name) else {
            return Ok(None);
        };
        let MediaStore::LocalFileSystem { root } = self;
        let dir = root.join(&name[..2]);
        let target = dir.join(webp::webp_name(name).context("not a JPEG variant")?);
        webp::one_at_a_time(&target, || {
            if target.is_file() {
                return Ok(Some(target.clone()));
            }
            let bytes = match fs::read(&jpeg) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            write_file_atomically(&dir, &target, &webp::encode_from_jpeg(&bytes)?)?;
            if !jpeg.is_file() {
                // Its photo was deleted meanwhile: the twin goes too.
                let _ = fs::remove_file(&target);
                return Ok(None);
            }
            Ok(Some(target.clone()))
        })
    }

    /// Number of stored files (temp files and files being removed included), for this crate's
    /// tests (the integration tests count the directory themselves).
    #[cfg(test)]
    pub fn file_count(&self) -> usize {
        match self {
            MediaStore::LocalFileSystem { root } => fs::read_dir(root)
                .map(|dirs| {
                    dirs.flatten()
                        .filter_map(|d| fs::read_dir(d.path()).ok())
                        .map(|files| files.flatten().count())
                        .sum()
                })
                .unwrap_or(0),
        }
    }

    /// Writes one file unless it exists; whether this call wrote it.
    fn write_atomically(&self, name: &str, bytes: &[u8]) -> Result<bool, StoreError> {
        match self {
            MediaStore::LocalFileSystem { root } => {
                let dir = root.join(&name[..2]);
                fs::create_dir_all(&dir)?;
                let target = dir.join(name);
                if target.is_file() {
                    return Ok(false); // Same name, same content.
                }
                write_file_atomically(&dir, &target, bytes)?;
                Ok(true)
            }
        }
    }
}

/// A temp file older than this belongs to no running upload (an upload's body has a deadline
/// of minutes): it was left by a process that was killed mid-write.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temp files (`.tmp…`) of writes that never finished, older than `age`, from the
/// media directory's subdirectories. Younger ones may belong to another instance sharing the
/// directory, so they are left. Best effort: a failure is logged.
fn sweep_stale_temp_files(root: &Path, age: std::time::Duration) {
    let Ok(dirs) = fs::read_dir(root) else {
        return;
    };
    for dir in dirs.flatten().filter(|d| d.path().is_dir()) {
        let Ok(files) = fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let stale = file.file_name().to_string_lossy().starts_with(".tmp")
                && file
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|e| e >= age));
            if stale && let Err(e) = fs::remove_file(file.path()) {
                tracing::warn!(error = %e, file = %file.path().display(), "cannot remove a stale temp file");
            }
        }
    }
}

/// Renames files moved aside back to their names (best effort: a failure is logged).
fn put_back(moved: &[(PathBuf, PathBuf)]) {
    for (path, aside) in moved {
        if let Err(e) = fs::rename(aside, path) {
            tracing::error!(error = %e, file = %path.display(), "cannot put a photo file back");
        }
    }
}

/// The temp file is removed when anything fails (dropping a `NamedTempFile` deletes it).
fn write_file_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    // The rename itself must survive a crash before the row that refers to the file does.
    fs::File::open(dir)?.sync_all()
}

/// `{64 hex}-{width}.jpg` with a width we produce: nothing else maps to a file.
fn is_variant_name(name: &str) -> bool {
    let Some((hash, rest)) = name.split_once('-') else {
        return false;
    };
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && VARIANT_WIDTHS.iter().any(|w| rest == format!("{w}.jpg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_of_killed_writes_are_swept_at_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("7e");
        fs::create_dir_all(&sub).expect("subdir");
        let stale = sub.join(".tmpBsbHh5");
        let photo = sub.join(format!("{}-640.jpg", "7e".repeat(32)));
        fs::write(&stale, b"half a photo").expect("temp");
        fs::write(&photo, b"a photo").expect("photo");
        sweep_stale_temp_files(dir.path(), std::time::Duration::from_secs(3600));
        assert!(
            stale.exists(),
            "a young temp file may belong to a running upload"
        );
        sweep_stale_temp_files(dir.path(), std::time::Duration::ZERO);
        assert!(!stale.exists());
        assert!(photo.exists(), "photos are never swept");
    }

    #[test]
    fn only_well_formed_names_map_to_files() {
        let hash = "a".repeat(64);
        assert!(is_variant_name(&format!("{hash}-640.jpg")));
        assert!(!is_variant_name(&format!("{hash}-641.jpg")));
        assert!(!is_variant_name("../../etc/passwd"));
        assert!(!is_variant_name(&format!("{}-640.jpg", "A".repeat(64))));
    }

    #[test]
    fn variants_never_upscale() {
        assert_eq!(variant_widths(2000), vec![320, 640, 1280]);
        assert_eq!(variant_widths(700), vec![320, 640]);
        assert_eq!(variant_widths(100), vec![320]);
    }

    fn store_with_photo() -> (tempfile::TempDir, MediaStore, EncodedPhoto) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::local(dir.path()).expect("store");
        let image = crate::media::fixtures::noisy(700, 400);
        let photo = EncodedPhoto::encode(&DecodedPhoto::upright_image(&image)).expect("encoded");
        (dir, store, photo)
    }

    #[test]
    fn a_removal_puts_the_files_back_when_a_row_refers_to_them_again() {
        let (_dir, store, photo) = store_with_photo();
        let names = store.write(&photo).expect("written");
        assert_eq!(names, photo.file_names());
        assert_eq!(store.file_count(), 2);
        // The re-check runs while the files are moved aside: a concurrent upload of the same
        // content committed its row meanwhile, so they go back.
        let removed = store
            .remove_unreferenced(&names, || {
                assert_eq!(store.path_of(&names[0]), None, "moved aside while asking");
                Ok(true)
            })
            .expect("kept");
        assert_eq!(removed, 0);
        assert!(names.iter().all(|n| store.path_of(n).is_some()));
        assert_eq!(store.file_count(), 2);
        // Nothing refers to them any more: gone, and nothing else left behind.
        assert_eq!(
            store
                .remove_unreferenced(&names, || Ok(false))
                .expect("removed"),
            2
        );
        assert_eq!(store.file_count(), 0);
        // An error while asking keeps them.
        store.write(&photo).expect("written");
        assert!(
            store
                .remove_unreferenced(&names, || anyhow::bail!("database down"))
                .is_err()
        );
        assert_eq!(store.file_count(), 2);
    }

    #[test]
    fn writing_again_restores_only_the_missing_files() {
        let (_dir, store, photo) = store_with_photo();
        let names = store.write(&photo).expect("written");
        let gone = store.path_of(&names[1]).expect("file");
        std::fs::remove_file(gone).expect("removed by a concurrent deletion");
        assert_eq!(
            store.write(&photo).expect("rewritten"),
            vec![names[1].clone()]
        );
        assert!(names.iter().all(|n| store.path_of(n).is_some()));
        assert_eq!(
            store.write(&photo).expect("nothing to do"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_removal_takes_the_webp_twins_along() {
        let (_dir, store, photo) = store_with_photo();
        let names = store.write(&photo).expect("written");
        let twin = store
            .make_webp(&names[1])
            .expect("made")
            .expect("the JPEG is there");
        assert!(twin.to_string_lossy().ends_with("-640.webp"));
        assert_eq!(store.webp_path_of(&names[1]), Some(twin.clone()));
        assert_eq!(store.file_count(), 3);
        // Kept while referenced, the twin included.
        assert_eq!(
            store
                .remove_unreferenced(&names, || Ok(true))
                .expect("kept"),
            0
        );
        assert!(twin.is_file());
        assert_eq!(
            store
                .remove_unreferenced(&names, || Ok(false))
                .expect("removed"),
            3
        );
        assert_eq!(store.file_count(), 0);
        assert_eq!(store.make_webp(&names[1]).expect("no JPEG"), None);
        assert_eq!(store.file_count(), 0, "no twin without its JPEG");
    }

    #[test]
    fn concurrent_makers_of_one_twin_leave_one_whole_file() {
        let (_dir, store, photo) = store_with_photo();
        let names = store.write(&photo).expect("written");
        let start = std::sync::Barrier::new(6);
        let made: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let makers: Vec<_> = (0..6)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        let path = store.make_webp(&names[0]).expect("made").expect("path");
                        fs::read(path).expect("read")
                    })
                })
                .collect();
            makers
                .into_iter()
                .map(|m| m.join().expect("maker"))
                .collect()
        });
        assert!(made.iter().all(|bytes| bytes == &made[0]));
        let decoded = image::load_from_memory_with_format(&made[0], image::ImageFormat::WebP)
            .expect("a whole WebP");
        assert_eq!(decoded.width(), 320);
        // The two JPEGs and one twin: no temp file left.
        assert_eq!(store.file_count(), 3);
    }
}
