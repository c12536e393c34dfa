//! Photo storage: content-addressed JPEG files in size variants, behind [`MediaStore`].
//!
//! A stored photo is named by the SHA-256 of its largest re-encoded variant; each variant is
//! `{hash}-{width}.jpg`. Files are written completely (temp file, fsync, rename) before any
//! database row may refer to them, and are never changed afterwards, so they can be cached
//! for a year.

pub mod fixtures;
pub mod upload;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use image::DynamicImage;
use image::codecs::jpeg::JpegEncoder;
use sha2::{Digest, Sha256};

use crate::text::hex;

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

    /// Re-encodes `image` (already upright, metadata-free pixels) into its variants and stores
    /// them. CPU-heavy: call it off the async workers.
    pub fn put(&self, image: &DynamicImage) -> anyhow::Result<StoredImage> {
        let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
        let (width, height) = (rgb.width(), rgb.height());
        let largest = *variant_widths(i32::try_from(width).unwrap_or(0))
            .last()
            .unwrap_or(&VARIANT_WIDTHS[0]);
        let mut encoded: Vec<(u32, Vec<u8>)> = Vec::new();
        for w in variant_widths(i32::try_from(width).unwrap_or(0)) {
            let variant = if w == largest && w >= width {
                rgb.clone()
            } else {
                let h = (u64::from(height) * u64::from(w) / u64::from(width.max(1))).max(1);
                rgb.resize_exact(w, u32::try_from(h)?, image::imageops::FilterType::Triangle)
            };
            let mut bytes = Vec::new();
            JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&variant)?;
            encoded.push((w, bytes));
        }
        let hash = hex(&Sha256::digest(&encoded.last().context("no variant")?.1));
        for (w, bytes) in &encoded {
            self.write_atomically(&format!("{hash}-{w}.jpg"), bytes)?;
        }
        Ok(StoredImage {
            hash,
            width,
            height,
        })
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

    /// Number of stored files, for tests and health checks.
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

    fn write_atomically(&self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            MediaStore::LocalFileSystem { root } => {
                let dir = root.join(&name[..2]);
                fs::create_dir_all(&dir)?;
                let target = dir.join(name);
                if target.is_file() {
                    return Ok(()); // Same name, same content.
                }
                write_file_atomically(&dir, &target, bytes)
            }
        }
    }
}

fn write_file_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(target)
        .with_context(|| format!("cannot store {}", target.display()))?;
    Ok(())
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
}
