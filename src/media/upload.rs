//! Safe decoding of uploaded photos: untrusted bytes in, upright pixels out.
//!
//! Rules:
//! - The format is decided from the bytes (magic numbers), never from the file name or the
//!   Content-Type. Only JPEG, PNG and WebP are accepted.
//! - Size, width, height and pixel count are checked from the header before anything is decoded,
//!   and decoding runs under [`image::Limits`], so pixel floods and decompression bombs are refused
//!   instead of eating memory.
//! - A JPEG must run to its end-of-image marker: the decoder would turn a truncated file into a
//!   half-grey picture without complaint.
//! - The uploaded bytes are never stored or served. The pixels returned here go to
//!   [`MediaStore::put`](super::MediaStore::put), which re-encodes them, so EXIF (GPS included) and
//!   anything smuggled into a polyglot file is dropped.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

/// Hard limits for a photo upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLimits {
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
    /// Widest accepted image, in pixels.
    pub max_width: u32,
    /// Tallest accepted image, in pixels.
    pub max_height: u32,
    /// Most pixels (width × height) accepted.
    pub max_pixels: u64,
    /// Most memory the decoder may allocate, in bytes.
    pub max_decode_alloc: u64,
}

impl Default for UploadLimits {
    /// 15 MiB, 8000 × 8000, 50 megapixels (a 48 MP phone photo fits), 512 MiB to decode.
    fn default() -> Self {
        UploadLimits {
            max_bytes: 15 * 1024 * 1024,
            max_width: 8000,
            max_height: 8000,
            max_pixels: 50_000_000,
            max_decode_alloc: 512 * 1024 * 1024,
        }
    }
}

/// Why a photo was refused. `Display` is a short message for the uploader, in Vietnamese; it quotes
/// the default limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// No bytes at all.
    #[error("Tệp rỗng.")]
    Empty,
    /// More bytes than [`UploadLimits::max_bytes`].
    #[error("Ảnh quá lớn: tối đa 15 MB.")]
    TooLarge,
    /// Not a JPEG, PNG or WebP file, whatever its name says.
    #[error("Chỉ nhận ảnh JPEG, PNG hoặc WebP.")]
    UnsupportedFormat,
    /// Over the width, height, pixel or decoding-memory limits.
    #[error("Kích thước ảnh vượt quá 8000×8000 điểm ảnh.")]
    TooManyPixels,
    /// Truncated, damaged or otherwise undecodable.
    #[error("Ảnh bị hỏng hoặc không đọc được.")]
    Corrupt,
}

/// The accepted formats, decided from the bytes (magic numbers), never from the file name or the
/// Content-Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    Jpeg,
    Png,
    WebP,
}

impl PhotoFormat {
    fn image_format(self) -> ImageFormat {
        match self {
            PhotoFormat::Jpeg => ImageFormat::Jpeg,
            PhotoFormat::Png => ImageFormat::Png,
            PhotoFormat::WebP => ImageFormat::WebP,
        }
    }
}

/// The format the bytes say they are, if it is one we accept.
pub fn sniff(bytes: &[u8]) -> Option<PhotoFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoFormat::Png)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(&b"WEBP"[..]) {
        Some(PhotoFormat::WebP)
    } else {
        None
    }
}

/// Decodes an uploaded photo safely and returns upright pixels (EXIF orientation applied).
///
/// Checks, in order: not empty, not over `max_bytes`, a format we accept (from the bytes), a JPEG
/// that is not truncated, header dimensions within the limits (before any pixel is decoded), an
/// output buffer within `max_decode_alloc`, and a decode without error.
///
/// Its only job is to return pixels: the caller must store them through
/// [`MediaStore::put`](super::MediaStore::put), never the uploaded bytes. That is why bytes after
/// a JPEG's end-of-image marker are accepted and ignored (phones append motion-photo videos
/// there): a JPEG/HTML polyglot decodes to the JPEG's pixels and its HTML never reaches a disk.
pub fn decode_photo(bytes: &[u8], limits: &UploadLimits) -> Result<DynamicImage, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(UploadError::TooLarge);
    }
    let format = sniff(bytes).ok_or(UploadError::UnsupportedFormat)?;
    if format == PhotoFormat::Jpeg && !jpeg_reaches_end(bytes) {
        return Err(UploadError::Corrupt);
    }

    let mut decode_limits = image::Limits::default();
    decode_limits.max_image_width = Some(limits.max_width);
    decode_limits.max_image_height = Some(limits.max_height);
    decode_limits.max_alloc = Some(limits.max_decode_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(decode_limits.clone());
    // Reads the headers only, and refuses a width or height over the limits.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(UploadError::Corrupt);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(UploadError::TooManyPixels);
    }
    // `DynamicImage::from_decoder` does not count its output buffer against the limits
    // (`ImageReader::decode` does this same reservation).
    decode_limits
        .reserve(decoder.total_bytes())
        .map_err(refusal)?;
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn refusal(error: ImageError) -> UploadError {
    match error {
        ImageError::Limits(_) => UploadError::TooManyPixels,
        ImageError::Unsupported(_) => UploadError::UnsupportedFormat,
        _ => UploadError::Corrupt,
    }
}

/// Whether a JPEG's markers run from SOI to an EOI marker (0xFFD9). Segments are skipped by their
/// length, so a thumbnail's EOI inside EXIF does not count, and inside entropy-coded data 0xFF is
/// always followed by a zero, a restart marker or a real marker.
fn jpeg_reaches_end(bytes: &[u8]) -> bool {
    let mut at = 2; // Past SOI.
    loop {
        let (Some(&byte), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += match (byte, marker) {
            (0xFF, 0xD9) => return true,
            // Stuffed zero, TEM and restart markers carry no length; 0xFF may pad before a marker.
            (0xFF, 0x00 | 0x01 | 0xD0..=0xD7) => 2,
            (0xFF, 0xFF) => 1,
            (0xFF, _) => match bytes.get(at + 2..at + 4) {
                Some(&[high, low]) if u16::from_be_bytes([high, low]) >= 2 => {
                    2 + usize::from(u16::from_be_bytes([high, low]))
                }
                _ => return false,
            },
            _ => 1, // Entropy-coded data.
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::MediaStore;

    use crate::media::fixtures::*;

    fn defaults() -> UploadLimits {
        UploadLimits::default()
    }

    fn refused(bytes: &[u8], limits: &UploadLimits) -> UploadError {
        decode_photo(bytes, limits).expect_err("should be refused")
    }

    fn stored_files(root: &std::path::Path) -> Vec<Vec<u8>> {
        let mut files = Vec::new();
        for dir in std::fs::read_dir(root).expect("root").flatten() {
            for file in std::fs::read_dir(dir.path()).expect("dir").flatten() {
                files.push(std::fs::read(file.path()).expect("file"));
            }
        }
        files
    }

    #[test]
    fn accepts_jpeg_png_and_lossless_webp() {
        let limits = defaults();
        for (format, expected) in [
            (ImageFormat::Jpeg, PhotoFormat::Jpeg),
            (ImageFormat::Png, PhotoFormat::Png),
            (ImageFormat::WebP, PhotoFormat::WebP),
        ] {
            let bytes = encode(&two_colour(30, 18), format);
            assert_eq!(sniff(&bytes), Some(expected));
            let image = decode_photo(&bytes, &limits).expect("decodes");
            assert_eq!((image.width(), image.height()), (30, 18), "{format:?}");
        }
    }

    #[test]
    fn pixel_floods_are_refused_from_the_header_alone() {
        let flood = png_claiming(65535, 65535);
        assert!(flood.len() < 100);
        assert_eq!(refused(&flood, &defaults()), UploadError::TooManyPixels);
        // With only the pixel count guarding, it is still refused before decoding: decoding would
        // first allocate the 12 GB the header promises.
        let pixels_only = UploadLimits {
            max_width: u32::MAX,
            max_height: u32::MAX,
            max_decode_alloc: u64::MAX,
            ..defaults()
        };
        assert_eq!(refused(&flood, &pixels_only), UploadError::TooManyPixels);
        let image = encode(&two_colour(20, 20), ImageFormat::Png);
        let small = UploadLimits {
            max_pixels: 100,
            ..defaults()
        };
        assert_eq!(refused(&image, &small), UploadError::TooManyPixels);

        let mut jpeg = encode(&two_colour(16, 16), ImageFormat::Jpeg);
        let sof = jpeg
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("SOF0");
        jpeg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]); // 60000 × 60000.
        assert_eq!(refused(&jpeg, &defaults()), UploadError::TooManyPixels);
    }

    #[test]
    fn png_decompression_bombs_are_refused() {
        // 20000 × 20000 would inflate to 1.2 GB; refused on its header, nothing inflated.
        let bomb = png_claiming(20000, 20000);
        assert_eq!(refused(&bomb, &defaults()), UploadError::TooManyPixels);
        // A real bomb within the dimension limits: 3 MB of pixels in a few KB, over the budget.
        let bomb = encode(&DynamicImage::new_rgb8(1024, 1024), ImageFormat::Png);
        assert!(bomb.len() < 3 * 1024 * 1024 / 100);
        let tight = UploadLimits {
            max_decode_alloc: 1024 * 1024,
            ..defaults()
        };
        assert_eq!(refused(&bomb, &tight), UploadError::TooManyPixels);
        assert!(decode_photo(&bomb, &defaults()).is_ok());
    }

    #[test]
    fn truncated_files_are_corrupt() {
        let [jpeg, png, webp] = [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP]
            .map(|format| encode(&noisy(64, 64), format));
        // The image crate decodes these two JPEGs without an error, into partly grey pictures.
        let cuts = [&jpeg[..jpeg.len() / 2], &jpeg[..jpeg.len() - 2]];
        for cut in cuts
            .into_iter()
            .chain([&png[..png.len() / 2], &webp[..webp.len() / 2]])
        {
            assert_eq!(refused(cut, &defaults()), UploadError::Corrupt);
        }
        assert!(decode_photo(&jpeg, &defaults()).is_ok());
        let padded = [&jpeg[..], &[0; 64]].concat();
        assert!(decode_photo(&padded, &defaults()).is_ok());
    }

    /// Polyglots decode to the JPEG's own pixels; only a clean re-encoding is ever stored.
    #[test]
    fn jpeg_html_polyglot_decodes_to_the_same_pixels_and_is_stored_clean() {
        let limits = defaults();
        let jpeg = encode(&two_colour(40, 20), ImageFormat::Jpeg);
        let html = b"<html><script>alert(1)</script></html>";
        // HTML in a comment segment and again after the end-of-image marker.
        let polyglot = [&with_segment(&jpeg, 0xFE, html), &html[..]].concat();
        let clean = decode_photo(&jpeg, &limits).expect("clean JPEG");
        let decoded = decode_photo(&polyglot, &limits).expect("polyglot decodes");
        assert_eq!(decoded, clean);

        let dir = tempfile::tempdir().expect("temp dir");
        MediaStore::local(dir.path())
            .expect("store")
            .put(&decoded)
            .expect("stored");
        let files = stored_files(dir.path());
        assert!(!files.is_empty());
        assert!(
            files
                .iter()
                .all(|f| !contains(f, b"<script") && !contains(f, b"<html"))
        );
    }

    #[test]
    fn other_formats_are_refused_whatever_their_name() {
        let limits = defaults();
        let hostile: [&[u8]; 9] = [
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            b"<?xml version=\"1.0\"?><svg onload=\"alert(1)\"/>",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00;",
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF",
            b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00",
            b"II*\x00\x08\x00\x00\x00\x00\x00",
            b"RIFF\x24\x00\x00\x00WAVEfmt ",
            b"RIFF",
        ];
        for bytes in hostile {
            assert_eq!(sniff(bytes), None);
            assert_eq!(refused(bytes, &limits), UploadError::UnsupportedFormat);
        }
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        let limits = UploadLimits {
            max_bytes: 100,
            ..defaults()
        };
        assert_eq!(refused(&[], &limits), UploadError::Empty);
        let png = encode(&noisy(32, 32), ImageFormat::Png);
        assert!(png.len() > 100);
        assert_eq!(refused(&png, &limits), UploadError::TooLarge);
        assert_eq!(
            UploadError::TooLarge.to_string(),
            "Ảnh quá lớn: tối đa 15 MB."
        );
        assert_eq!(UploadError::Empty.to_string(), "Tệp rỗng.");
    }

    #[test]
    fn exif_orientation_is_applied() {
        let image = decode_photo(&sideways_jpeg_with_gps(), &defaults())
            .expect("decodes")
            .to_rgb8();
        assert_eq!(image.dimensions(), (20, 40));
        // Rotated 90° clockwise: the left (red) half is now on top.
        let [r, _, b] = image.get_pixel(10, 8).0;
        assert!(r > 200 && b < 60, "top should be red, got {r} {b}");
        let [r, _, b] = image.get_pixel(10, 32).0;
        assert!(b > 200 && r < 60, "bottom should be blue, got {r} {b}");
    }

    #[test]
    fn stored_photos_keep_no_exif_or_gps() {
        let upload = sideways_jpeg_with_gps();
        assert!(contains(&upload, b"Exif") && contains(&upload, &latitude_bytes()));
        let image = decode_photo(&upload, &defaults()).expect("decodes");
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::local(dir.path()).expect("store");
        let stored = store.put(&image).expect("stored");
        assert_eq!((stored.width, stored.height), (20, 40));
        let files = stored_files(dir.path());
        assert_eq!(files.len(), store.file_count());
        assert!(!files.is_empty());
        for file in files {
            assert!(!contains(&file, b"Exif"));
            assert!(!contains(&file, &latitude_bytes()));
        }
    }
}
