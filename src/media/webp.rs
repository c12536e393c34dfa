//! WebP twins of the JPEG variants, served at the JPEG's URL to browsers that accept WebP.
//!
//! A twin `{hash}-{width}.webp` is made from its JPEG the first time a browser sending
//! `Accept: image/webp` asks for the variant ([`super::MediaStore::make_webp`]), off the async
//! workers and a few at a time (`handlers::assets`), then served from disk. Made lazily rather
//! than at upload: an upload stays as cheap as its three JPEGs (libwebp costs more than the
//! whole JPEG pipeline), photos stored before WebP existed get theirs the same way, and a variant
//! no WebP browser asks for costs nothing. The twin is encoded from the JPEG (the uploaded pixels
//! are never kept), by Google's libwebp at [`WEBP_QUALITY`]: smaller than the JPEG for the same
//! look (the figures are in `.ci/bench-upload.sh`'s output).
//!
//! Two requests for the same missing twin: in this process they take turns ([`one_at_a_time`]),
//! the second finding the file the first wrote; across processes each writes a temp file and
//! renames it, so the file is always whole whichever rename wins (both hold the same bytes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::Context;

/// libwebp's quality factor (0–100). At 80 a twin of a quality-82 JPEG looks the same and is
/// about a third smaller.
pub const WEBP_QUALITY: f32 = 80.0;

/// The WebP twin's name of the JPEG variant `jpeg_name`.
pub fn webp_name(jpeg_name: &str) -> Option<String> {
    jpeg_name
        .strip_suffix(".jpg")
        .map(|stem| format!("{stem}.webp"))
}

/// Whether an `Accept` header names WebP (`image/webp`, not refused by `q=0`). A wildcard does
/// not count: it says nothing of what the browser can decode.
pub fn accepts_webp(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let kind = parts.next().unwrap_or_default().trim();
        kind.eq_ignore_ascii_case("image/webp")
            && !parts.any(|param| {
                let (key, value) = param.split_once('=').unwrap_or((param, ""));
                key.trim().eq_ignore_ascii_case("q")
                    && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
            })
    })
}

/// A JPEG variant re-encoded as lossy WebP (no metadata: our JPEGs carry none).
pub fn encode_from_jpeg(jpeg: &[u8]) -> anyhow::Result<Vec<u8>> {
    let pixels = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .context("cannot decode a stored JPEG variant")?
        .into_rgb8();
    let encoded = ::webp::Encoder::from_rgb(pixels.as_raw(), pixels.width(), pixels.height())
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| anyhow::anyhow!("libwebp cannot encode the variant: {e:?}"))?;
    Ok(encoded.to_vec())
}

/// Runs `make` for `target` while no other thread of this process runs one for the same
/// target: concurrent first requests for a twin encode it once, the others wait and find it.
pub(super) fn one_at_a_time<T>(target: &Path, make: impl FnOnce() -> T) -> T {
    static GATES: OnceLock<Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>> = OnceLock::new();
    let gates = GATES.get_or_init(Mutex::default);
    let gate = Arc::clone(lock(gates).entry(target.to_path_buf()).or_default());
    let made = {
        let _turn = lock(&gate);
        make()
    };
    // Whoever still waits on this gate finds the file; a newcomer makes a new gate and finds
    // it too.
    lock(gates).remove(target);
    made
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_image_webp_counts() {
        for yes in [
            "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
            "image/webp",
            "IMAGE/WEBP;q=0.5",
            "image/png, image/webp ; q=1",
        ] {
            assert!(accepts_webp(yes), "{yes}");
        }
        for no in [
            "",
            "*/*",
            "image/*",
            "image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
            "image/webp;q=0",
            "image/webp; q=0.0",
            "image/webpx",
        ] {
            assert!(!accepts_webp(no), "{no}");
        }
    }

    #[test]
    fn twin_names() {
        let hash = "a".repeat(64);
        assert_eq!(
            webp_name(&format!("{hash}-640.jpg")),
            Some(format!("{hash}-640.webp"))
        );
        assert_eq!(webp_name(&format!("{hash}-640.png")), None);
    }
}
