//! Safe decoding of uploaded photos: untrusted bytes in, upright pixels out.
//!
//! Rules:
//! - The format is decided from the bytes (magic numbers), never from the file name or the
//!   Content-Type. Only JPEG, PNG and WebP are accepted.
//! - Size, width, height and pixel count are checked from the header before anything is decoded,
//!   and so is the memory the decode will need: the decoder's own buffer (width × height × bytes
//!   per pixel of its colour type, so 16-bit and alpha count), the 8-bit RGB copy it is converted
//!   to at once, and the working buffers of the progressive-JPEG and WebP decoders. Over
//!   [`UploadLimits::max_decode_alloc`] is refused before a byte is decoded; decoding then runs
//!   under [`image::Limits`] with the same budget, so pixel floods and decompression bombs are
//!   refused instead of eating memory.
//! - PNG text and colour-profile chunks (`tEXt`, `zTXt`, `iTXt`, `iCCP`) are never inflated: they
//!   are removed before decoding, and a metadata chunk over [`MAX_METADATA_CHUNK`] is refused.
//! - The pixels are converted to 8-bit RGB as soon as they are decoded (transparent pixels laid on
//!   white), and the EXIF orientation is applied later to the small variants only, so no
//!   full-size rotated copy is ever made.
//! - An 8-bit RGB or grey JPEG, once all the checks above passed on its header, is decoded at the
//!   smallest DCT scale (1/8, 1/4, 1/2 or 1) whose pixels still cover the largest variant
//!   ([`super::VARIANT_WIDTHS`]): a 12 MP phone photo is decoded at 1/2, a quarter of the pixels,
//!   and never exists at full size in memory. Other JPEGs (CMYK, 12-bit), PNG and WebP are decoded
//!   whole.
//! - A JPEG must run to its end-of-image marker: the decoder would turn a truncated file into a
//!   half-grey picture without complaint.
//! - The uploaded bytes are never stored or served. The pixels returned here go to
//!   [`MediaStore::put`](super::MediaStore::put), which re-encodes them, so EXIF (GPS included) and
//!   anything smuggled into a polyglot file is dropped.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{
    ColorType, DynamicImage, GenericImageView, ImageDecoder, ImageError, ImageFormat, ImageReader,
    Rgb, RgbImage,
};

use crate::i18n::{Locale, Msg};

/// Largest PNG metadata chunk accepted (EXIF, text, colour profile), in bytes.
pub const MAX_METADATA_CHUNK: usize = 1024 * 1024;

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
    /// Most memory one decode may need for its pixel buffers, in bytes (see the module doc).
    pub max_decode_alloc: u64,
}

impl Default for UploadLimits {
    /// 15 MiB, 8000 × 8000, 50 megapixels, 192 MiB to decode: an 8-bit 48 MP phone JPEG
    /// (144 MB) fits, and so does a 16-bit RGBA PNG of 12 MP (134 MB), but not one of 50 MP
    /// (550 MB).
    fn default() -> Self {
        UploadLimits {
            max_bytes: 15 * 1024 * 1024,
            max_width: 8000,
            max_height: 8000,
            max_pixels: 50_000_000,
            max_decode_alloc: 192 * 1024 * 1024,
        }
    }
}

/// Why a photo was refused. [`UploadError::msg`] is a short message for the uploader (it
/// quotes the default limits); `Display` gives it in Vietnamese, for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    /// No bytes at all.
    Empty,
    /// More bytes than [`UploadLimits::max_bytes`].
    TooLarge,
    /// Not a JPEG, PNG or WebP file, whatever its name says.
    UnsupportedFormat,
    /// Over the width, height, pixel or decoding-memory limits.
    TooManyPixels,
    /// Decoding would need more memory than [`UploadLimits::max_decode_alloc`] (many pixels at
    /// 16 bits per channel, say).
    TooMuchMemory,
    /// A metadata chunk over [`MAX_METADATA_CHUNK`].
    OversizedMetadata,
    /// Truncated, damaged or otherwise undecodable.
    Corrupt,
}

impl UploadError {
    /// The message for the uploader.
    pub fn msg(self) -> Msg {
        Msg::new(match self {
            UploadError::Empty => "upload-empty",
            UploadError::TooLarge => "upload-too-large",
            UploadError::UnsupportedFormat => "upload-unsupported-format",
            UploadError::TooManyPixels => "upload-too-many-pixels",
            UploadError::TooMuchMemory => "upload-too-much-memory",
            UploadError::OversizedMetadata => "upload-oversized-metadata",
            UploadError::Corrupt => "upload-corrupt",
        })
    }
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Locale::Vi.msg(&self.msg()))
    }
}

impl std::error::Error for UploadError {}

/// An uploaded photo once decoded: 8-bit RGB pixels as the file holds them (at full size, or at
/// a reduced DCT scale that still covers the largest variant), the photo's full size, and the
/// EXIF orientation still to apply. Turning a photo upright copies it, so it is done on the small
/// variants ([`DecodedPhoto::upright_scaled`]), never on the full-size pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPhoto {
    pixels: RgbImage,
    /// Width and height of the whole photo as the file holds it (before the orientation).
    full: (u32, u32),
    orientation: Orientation,
}

impl DecodedPhoto {
    /// Pixels that are already upright (the demo's drawings, test pictures).
    pub fn upright_image(image: &DynamicImage) -> DecodedPhoto {
        DecodedPhoto {
            pixels: image.to_rgb8(),
            full: image.dimensions(),
            orientation: Orientation::NoTransforms,
        }
    }

    /// Width and height of the decoded pixels, as the file holds them: smaller than the photo
    /// when a JPEG was decoded at a reduced scale.
    pub fn decoded_dimensions(&self) -> (u32, u32) {
        self.pixels.dimensions()
    }

    /// Width and height of the whole photo once upright.
    pub fn upright_dimensions(&self) -> (u32, u32) {
        let (width, height) = self.full;
        if self.swaps_sides() {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// The photo upright, scaled to `width` × `height` (upright sides; never larger than the
    /// photo). Resized by a SIMD Lanczos-3 convolution ([`super::resize`]), with no intermediate
    /// buffer.
    pub fn upright_scaled(&self, width: u32, height: u32) -> RgbImage {
        let (across, down) = if self.swaps_sides() {
            (height, width)
        } else {
            (width, height)
        };
        let scaled = if (across, down) == self.pixels.dimensions() {
            self.pixels.clone()
        } else {
            super::resize(&self.pixels, across.max(1), down.max(1))
        };
        let mut image = DynamicImage::ImageRgb8(scaled);
        image.apply_orientation(self.orientation);
        image.into_rgb8()
    }

    /// The whole photo upright, at full size (a full-size copy: for small pictures and tests).
    pub fn upright(&self) -> RgbImage {
        let (width, height) = self.upright_dimensions();
        self.upright_scaled(width, height)
    }

    fn swaps_sides(&self) -> bool {
        matches!(
            self.orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    }
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

/// Decodes an uploaded photo safely into 8-bit RGB pixels and its EXIF orientation.
///
/// Checks, in order: not empty, not over `max_bytes`, a format we accept (from the bytes), a JPEG
/// that is not truncated, PNG metadata chunks within [`MAX_METADATA_CHUNK`] (then dropped), header
/// dimensions within the limits and the memory the decode needs within `max_decode_alloc`
/// (before any pixel is decoded), and a decode without error.
///
/// Its only job is to return pixels: the caller must re-encode them through
/// [`EncodedPhoto::encode`](super::EncodedPhoto::encode), never the uploaded bytes. That is why
/// bytes after a JPEG's end-of-image marker are accepted and ignored (phones append motion-photo
/// videos there): a JPEG/HTML polyglot decodes to the JPEG's pixels and its HTML never reaches a
/// disk.
pub fn decode_photo(bytes: &[u8], limits: &UploadLimits) -> Result<DecodedPhoto, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(UploadError::TooLarge);
    }
    let format = sniff(bytes).ok_or(UploadError::UnsupportedFormat)?;
    let mut working_bytes_per_pixel = 0;
    let sanitised;
    let bytes = match format {
        PhotoFormat::Jpeg => {
            let jpeg = jpeg_markers(bytes).ok_or(UploadError::Corrupt)?;
            if jpeg.progressive {
                // The decoder keeps every DCT coefficient: 2 bytes per sample, 3 samples.
                working_bytes_per_pixel = 6;
            }
            bytes
        }
        PhotoFormat::Png => {
            sanitised = png_without_metadata(bytes)?;
            &sanitised[..]
        }
        // Lossy frames are decoded through YUV planes, lossless ones through 32-bit pixels.
        PhotoFormat::WebP => {
            working_bytes_per_pixel = 4;
            bytes
        }
    };

    let mut decode_limits = image_limits(limits);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(decode_limits.clone());
    // Reads the headers only, and refuses a width or height over the limits.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(UploadError::Corrupt);
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(UploadError::TooManyPixels);
    }
    if decode_bytes_per_pixel(decoder.color_type()) + working_bytes_per_pixel
        > limits.max_decode_alloc / pixels
    {
        return Err(UploadError::TooMuchMemory);
    }
    // `DynamicImage::from_decoder` does not count its output buffer against the limits
    // (`ImageReader::decode` does this same reservation).
    decode_limits
        .reserve(decoder.total_bytes())
        .map_err(refusal)?;
    let orientation = decoder.orientation().map_err(refusal)?;
    if format == PhotoFormat::Jpeg
        && matches!(decoder.color_type(), ColorType::Rgb8 | ColorType::L8)
    {
        drop(decoder);
        if let Some(photo) = decode_jpeg_scaled(bytes, (width, height), orientation, limits)? {
            return Ok(photo);
        }
        return decode_photo_whole(bytes, format, limits, orientation);
    }
    let image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    Ok(DecodedPhoto {
        pixels: opaque_rgb8(image),
        full: (width, height),
        orientation,
    })
}

/// Decodes the whole photo, after [`decode_photo`] checked its header (for the rare JPEGs that
/// [`decode_jpeg_scaled`] leaves to the `image` crate).
fn decode_photo_whole(
    bytes: &[u8],
    format: PhotoFormat,
    limits: &UploadLimits,
    orientation: Orientation,
) -> Result<DecodedPhoto, UploadError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(image_limits(limits));
    let image = reader.decode().map_err(refusal)?;
    Ok(DecodedPhoto {
        full: image.dimensions(),
        pixels: opaque_rgb8(image),
        orientation,
    })
}

/// Size of the largest variant of a photo `full` pixels large (as the file holds it), on the
/// sides of the file: the size a reduced decode must still cover.
fn largest_variant_in_file(full: (u32, u32), orientation: Orientation) -> (u32, u32) {
    let swaps = DecodedPhoto {
        pixels: RgbImage::new(0, 0),
        full,
        orientation,
    }
    .swaps_sides();
    let (width, height) = if swaps { (full.1, full.0) } else { full };
    let widths = super::variant_widths(i32::try_from(width).unwrap_or(i32::MAX));
    let kept = widths.last().copied().unwrap_or(width).min(width);
    let down = super::variant_height(width, height, kept);
    if swaps { (down, kept) } else { (kept, down) }
}

/// A JPEG's side once decoded at `eighths`/8 of its size (what `jpeg-decoder` produces).
fn dct_scaled(side: u32, eighths: u32) -> u32 {
    (side * eighths).div_ceil(8)
}

/// Decodes an 8-bit RGB or grey JPEG at the smallest DCT scale whose pixels cover its largest
/// variant on both sides. Its header was checked by [`decode_photo`] (dimensions, pixels and
/// memory budget), and the decoder's own buffer is capped by the same budget. `None` when the
/// decoder sees the file differently (CMYK, other precision, other size): the caller decodes it
/// whole.
fn decode_jpeg_scaled(
    bytes: &[u8],
    full: (u32, u32),
    orientation: Orientation,
    limits: &UploadLimits,
) -> Result<Option<DecodedPhoto>, UploadError> {
    use jpeg_decoder::PixelFormat;
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(
        usize::try_from(limits.max_decode_alloc).unwrap_or(usize::MAX),
    );
    decoder.read_info().map_err(jpeg_refusal)?;
    let Some(info) = decoder.info() else {
        return Ok(None);
    };
    if (u32::from(info.width), u32::from(info.height)) != full
        || !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8)
    {
        return Ok(None);
    }
    let (across, down) = largest_variant_in_file(full, orientation);
    let eighths = [1, 2, 4, 8]
        .into_iter()
        .find(|&e| dct_scaled(full.0, e) >= across && dct_scaled(full.1, e) >= down)
        .unwrap_or(8);
    let (Ok(w), Ok(h)) = (
        u16::try_from(dct_scaled(full.0, eighths)),
        u16::try_from(dct_scaled(full.1, eighths)),
    ) else {
        return Ok(None);
    };
    let (w, h) = decoder.scale(w, h).map_err(jpeg_refusal)?;
    let (w, h) = (u32::from(w), u32::from(h));
    if w < across || h < down {
        return Ok(None);
    }
    let data = decoder.decode().map_err(jpeg_refusal)?;
    let pixels = match info.pixel_format {
        PixelFormat::L8 => RgbImage::from_raw(w, h, data.iter().flat_map(|&v| [v, v, v]).collect()),
        _ => RgbImage::from_raw(w, h, data),
    }
    .ok_or(UploadError::Corrupt)?;
    Ok(Some(DecodedPhoto {
        pixels,
        full,
        orientation,
    }))
}

fn jpeg_refusal(error: jpeg_decoder::Error) -> UploadError {
    match error {
        jpeg_decoder::Error::Unsupported(_) => UploadError::UnsupportedFormat,
        _ => UploadError::Corrupt,
    }
}

/// The `image` crate's limits for a decode under `limits`.
fn image_limits(limits: &UploadLimits) -> image::Limits {
    let mut decode_limits = image::Limits::default();
    decode_limits.max_image_width = Some(limits.max_width);
    decode_limits.max_image_height = Some(limits.max_height);
    decode_limits.max_alloc = Some(limits.max_decode_alloc);
    decode_limits
}

/// Bytes per pixel a decode holds at its peak: the decoder's buffer in its own colour type, plus
/// the 8-bit RGB copy unless it already is one.
fn decode_bytes_per_pixel(color: ColorType) -> u64 {
    let native = u64::from(color.bytes_per_pixel());
    if color == ColorType::Rgb8 {
        native
    } else {
        native + 3
    }
}

/// 8-bit RGB, transparent pixels laid on white (stored photos are JPEGs, which have no alpha).
/// The decoder's buffer is dropped as soon as the copy exists.
fn opaque_rgb8(image: DynamicImage) -> RgbImage {
    match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        image if !image.color().has_alpha() => image.to_rgb8(),
        image => RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let [r, g, b, a] = image.get_pixel(x, y).0;
            let over_white = |c: u8| {
                let (c, a) = (u16::from(c), u16::from(a));
                u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
            };
            Rgb([over_white(r), over_white(g), over_white(b)])
        }),
    }
}

/// The PNG with only the chunks needed to draw it (and its EXIF orientation): text and colour
/// profile chunks are dropped unread, so a compressed one is never inflated. Refuses a
/// metadata chunk over [`MAX_METADATA_CHUNK`] and a chunk running past the end of the file.
fn png_without_metadata(png: &[u8]) -> Result<Vec<u8>, UploadError> {
    // An animation's other frames go too: the default image is what is stored.
    const KEPT: [&[u8; 4]; 6] = [b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"eXIf"];
    let mut out = png[..8].to_vec();
    let mut at = 8;
    while at < png.len() {
        let header = png.get(at..at + 8).ok_or(UploadError::Corrupt)?;
        let length = usize::try_from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]))
        .map_err(|_| UploadError::Corrupt)?;
        let kind = &header[4..8];
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .filter(|end| *end <= png.len())
            .ok_or(UploadError::Corrupt)?;
        if kind != b"IDAT" && length > MAX_METADATA_CHUNK {
            return Err(UploadError::OversizedMetadata);
        }
        if KEPT.iter().any(|k| &k[..] == kind) {
            out.extend_from_slice(&png[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

fn refusal(error: ImageError) -> UploadError {
    match error {
        ImageError::Limits(limit) => match limit.kind() {
            image::error::LimitErrorKind::DimensionError => UploadError::TooManyPixels,
            _ => UploadError::TooMuchMemory,
        },
        ImageError::Unsupported(_) => UploadError::UnsupportedFormat,
        _ => UploadError::Corrupt,
    }
}

/// What the marker walk of a JPEG found.
struct JpegMarkers {
    /// A progressive frame (SOF2, SOF6, SOF10 or SOF14).
    progressive: bool,
}

/// The JPEG's markers, if they run from SOI to an EOI marker (0xFFD9). Segments are skipped by
/// their length, so a thumbnail's EOI inside EXIF does not count, and inside entropy-coded data
/// 0xFF is always followed by a zero, a restart marker or a real marker.
fn jpeg_markers(bytes: &[u8]) -> Option<JpegMarkers> {
    let mut found = JpegMarkers { progressive: false };
    let mut at = 2; // Past SOI.
    loop {
        let (Some(&byte), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return None;
        };
        at += match (byte, marker) {
            (0xFF, 0xD9) => return Some(found),
            // Stuffed zero, TEM and restart markers carry no length; 0xFF may pad before a marker.
            (0xFF, 0x00 | 0x01 | 0xD0..=0xD7) => 2,
            (0xFF, 0xFF) => 1,
            (0xFF, _) => match bytes.get(at + 2..at + 4) {
                Some(&[high, low]) if u16::from_be_bytes([high, low]) >= 2 => {
                    if matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE) {
                        found.progressive = true;
                    }
                    2 + usize::from(u16::from_be_bytes([high, low]))
                }
                _ => return None,
            },
            _ => 1, // Entropy-coded data.
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::{EncodedPhoto, MediaStore};

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
            assert_eq!(image.upright_dimensions(), (30, 18), "{format:?}");
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
        assert_eq!(refused(&bomb, &tight), UploadError::TooMuchMemory);
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
            .write(&EncodedPhoto::encode(&decoded).expect("encoded"))
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
            .upright();
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
        let encoded = EncodedPhoto::encode(&image).expect("encoded");
        store.write(&encoded).expect("stored");
        assert_eq!((encoded.width, encoded.height), (20, 40));
        let files = stored_files(dir.path());
        assert_eq!(files.len(), store.file_count());
        assert!(!files.is_empty());
        for file in files {
            assert!(!contains(&file, b"Exif"));
            assert!(!contains(&file, &latitude_bytes()));
        }
    }

    #[test]
    fn decoding_memory_counts_bit_depth_channels_and_decoder_buffers() {
        let limits = defaults();
        // 8000 × 6250 16-bit RGBA with an EXIF orientation: 400 MB to decode, 150 MB more in
        // 8-bit RGB. Refused from its header, a few hundred bytes long.
        let flood = png16_rgba_claiming(8000, 6250);
        assert!(flood.len() < 200);
        assert_eq!(refused(&flood, &limits), UploadError::TooMuchMemory);
        // A 12 MP phone picture at 16 bits is within the budget (here it then fails on its
        // tiny IDAT, after the budget check).
        assert_eq!(
            refused(&png16_rgba_claiming(4032, 3024), &limits),
            UploadError::Corrupt
        );
        // Progressive JPEG: the decoder's coefficients count too.
        assert_eq!(
            refused(&jpeg_claiming(6000, 6000, true), &limits),
            UploadError::TooMuchMemory
        );
        // WebP with alpha claiming 7000 × 7000: under the pixel cap, over the memory budget.
        assert_eq!(
            refused(&webp_claiming(7000, 7000), &limits),
            UploadError::TooMuchMemory
        );
        assert_eq!(
            refused(&webp_claiming(16000, 16000), &limits),
            UploadError::TooManyPixels
        );
    }

    #[test]
    fn a_real_idat_bomb_decodes_within_the_budget_only() {
        // 3000 × 3000 grey from about 450 KB of zlib: 9 MB of pixels, 36 MB with the RGB copy.
        let mut ihdr = [3000u32.to_be_bytes(), 3000u32.to_be_bytes()].concat();
        ihdr.extend([8, 0, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        push_png_chunk(&mut png, b"IHDR", &ihdr);
        push_png_chunk(&mut png, b"IDAT", &zlib_of_zeros(3000 * 3001));
        push_png_chunk(&mut png, b"IEND", &[]);
        assert!(png.len() < 500_000, "{}", png.len());
        let photo = decode_photo(&png, &defaults()).expect("a valid bomb within the budget");
        assert_eq!(photo.upright_dimensions(), (3000, 3000));
        let tight = UploadLimits {
            max_decode_alloc: 30 * 1024 * 1024,
            ..defaults()
        };
        assert_eq!(refused(&png, &tight), UploadError::TooMuchMemory);
    }

    #[test]
    fn sixteen_bit_and_transparent_photos_become_8_bit_rgb_on_white() {
        let photo = decode_photo(&png16_rgba(40, 20), &defaults()).expect("decodes");
        let upright = photo.upright();
        assert_eq!(upright.dimensions(), (40, 20));
        // Right half: half transparent, laid on white, so its blue (20000/65535 ≈ 78) rises.
        let [_, _, b_left] = upright.get_pixel(5, 10).0;
        let [_, _, b_right] = upright.get_pixel(35, 10).0;
        assert!(b_left < 90 && b_right > 150, "{b_left} {b_right}");
    }

    #[test]
    fn png_metadata_chunks_are_dropped_unread_or_refused_when_huge() {
        let png = encode(&two_colour(32, 16), ImageFormat::Png);
        let huge = vec![b'x'; MAX_METADATA_CHUNK + 1];
        for kind in [b"iCCP", b"zTXt", b"iTXt", b"tEXt", b"eXIf", b"prVt"] {
            assert_eq!(
                refused(&png_with_chunk(&png, kind, &huge), &defaults()),
                UploadError::OversizedMetadata,
                "{}",
                String::from_utf8_lossy(kind)
            );
        }
        // A colour profile that inflates to 128 MiB (a zlib stream of a deflate block repeating
        // one byte): dropped before the decoder could inflate it.
        let bomb = [&b"icc\0\0"[..], &zlib_of_zeros(128 << 20)].concat();
        assert!(bomb.len() < MAX_METADATA_CHUNK);
        let with_bomb = png_with_chunk(&png, b"iCCP", &bomb);
        let decoded = decode_photo(&with_bomb, &defaults()).expect("decodes without the profile");
        assert_eq!(decoded.upright_dimensions(), (32, 16));
        // A chunk running past the end of the file is corrupt.
        let mut cut = png_with_chunk(&png, b"tEXt", b"k\0v");
        cut.truncate(45);
        assert_eq!(refused(&cut, &defaults()), UploadError::Corrupt);
    }

    #[test]
    fn big_jpegs_are_decoded_at_the_smallest_scale_covering_the_largest_variant() {
        // Shot sideways: 3000 × 2600 in the file, 2600 × 3000 upright, so the 1280 variant is
        // 1280 × 1477 and needs 1477 × 1280 of the file's pixels: half the size covers it.
        let jpeg = with_orientation(&encode(&two_colour(3000, 2600), ImageFormat::Jpeg), 6);
        let photo = decode_photo(&jpeg, &defaults()).expect("decodes");
        assert_eq!(photo.decoded_dimensions(), (1500, 1300));
        assert_eq!(photo.upright_dimensions(), (2600, 3000));
        let encoded = EncodedPhoto::encode(&photo).expect("encoded");
        assert_eq!((encoded.width, encoded.height), (2600, 3000));
        let largest = image::load_from_memory(&encoded.variants[2].1).expect("JPEG");
        assert_eq!((largest.width(), largest.height()), (1280, 1477));
        // Turned upright: the file's left (red) half is on top.
        let top = largest.to_rgb8().get_pixel(640, 300).0;
        let bottom = largest.to_rgb8().get_pixel(640, 1176).0;
        assert!(top[0] > 200 && top[2] < 60, "top {top:?}");
        assert!(bottom[2] > 200 && bottom[0] < 60, "bottom {bottom:?}");
        // Small photos are decoded whole.
        let small = decode_photo(&encode(&noisy(700, 400), ImageFormat::Jpeg), &defaults())
            .expect("decodes");
        assert_eq!(small.decoded_dimensions(), (700, 400));
        // A grey JPEG takes the same path, in RGB.
        let grey = DynamicImage::ImageLuma8(noisy(2700, 1900).to_luma8());
        let grey = decode_photo(&encode(&grey, ImageFormat::Jpeg), &defaults()).expect("grey");
        assert_eq!(grey.decoded_dimensions(), (1350, 950));
    }
}
