//! Photo fixtures built in code (no binary files in the repository), for the upload tests of
//! `tests/` and the library's own unit tests (`src/media` includes this file under
//! `cfg(test)`): ordinary photos and the hostile ones (pixel floods, EXIF with GPS and
//! orientation).
// Each user takes a few of these.
#![allow(dead_code)]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

pub const RED: Rgb<u8> = Rgb([255, 0, 0]);
pub const BLUE: Rgb<u8> = Rgb([0, 0, 255]);
/// 21° 1' 28.3347" N as three EXIF rationals.
pub const LATITUDE: [u32; 6] = [21, 1, 1, 1, 283_347, 10_000];

/// Left half red, right half blue.
pub fn two_colour(width: u32, height: u32) -> DynamicImage {
    let image = RgbImage::from_fn(width, height, |x, _| if x < width / 2 { RED } else { BLUE });
    DynamicImage::ImageRgb8(image)
}

/// A picture with detail everywhere, so that its compressed data is spread over the file.
pub fn noisy(width: u32, height: u32) -> DynamicImage {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let v = x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503);
        Rgb([(v >> 3) as u8, (v >> 11) as u8, (v >> 19) as u8])
    });
    DynamicImage::ImageRgb8(image)
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

pub fn push_png_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let body = [&kind[..], data].concat();
    png.extend(u32::try_from(data.len()).expect("small").to_be_bytes());
    png.extend(&body);
    png.extend(crc32(&body).to_be_bytes());
}

/// A well-formed PNG whose header claims `width` × `height` RGB pixels, with a tiny IDAT
/// (a zlib stream of one stored block of zeros, far fewer than claimed).
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = [width.to_be_bytes(), height.to_be_bytes()].concat();
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace.
    // zlib header, a final stored block of 16 zeros, their Adler-32.
    let mut idat = vec![0x78, 0x01, 0x01, 0x10, 0x00, 0xEF, 0xFF];
    idat.extend([0; 16]);
    idat.extend([0, 0x10, 0, 1]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    push_png_chunk(&mut png, b"IHDR", &ihdr);
    push_png_chunk(&mut png, b"IDAT", &idat);
    push_png_chunk(&mut png, b"IEND", &[]);
    png
}

pub fn ifd_entry(tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    tiff.extend(tag.to_le_bytes().into_iter().chain(kind.to_le_bytes()));
    tiff.extend(count.to_le_bytes().into_iter().chain(value.to_le_bytes()));
}

/// `segment` (marker, length, payload) inserted right after the SOI of `jpeg`.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).expect("small");
    [
        &jpeg[..2],
        &[0xFF, marker],
        &length.to_be_bytes(),
        payload,
        &jpeg[2..],
    ]
    .concat()
}

pub fn latitude_bytes() -> Vec<u8> {
    LATITUDE.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A 40×20 two-colour JPEG shot "sideways", with GPS coordinates in its EXIF (APP1):
/// little-endian TIFF, IFD0 (at 8) with Orientation 6 and a GPS IFD pointer, the GPS IFD
/// (at 38) with latitude ref "N" and the latitude rationals (at 68).
pub fn sideways_jpeg_with_gps() -> Vec<u8> {
    let mut tiff = b"Exif\0\0II*\0\x08\0\0\0\x02\0".to_vec();
    ifd_entry(&mut tiff, 0x0112, 3, 1, 6);
    ifd_entry(&mut tiff, 0x8825, 4, 1, 38);
    tiff.extend(b"\0\0\0\0\x02\0");
    ifd_entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    ifd_entry(&mut tiff, 0x0002, 5, 3, 68);
    tiff.extend(b"\0\0\0\0");
    assert_eq!(tiff.len(), 6 + 68);
    tiff.extend(latitude_bytes());
    with_segment(&encode(&two_colour(40, 20), ImageFormat::Jpeg), 0xE1, &tiff)
}

/// A well-formed PNG header claiming `width` × `height` pixels of 16-bit RGBA, with an EXIF
/// orientation (rotate 90°) in an `eXIf` chunk and a tiny IDAT: a few hundred bytes promising
/// width × height × 8 bytes once decoded.
pub fn png16_rgba_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = [width.to_be_bytes(), height.to_be_bytes()].concat();
    ihdr.extend([16, 6, 0, 0, 0]); // 16-bit RGBA.
    let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
    ifd_entry(&mut exif, 0x0112, 3, 1, 6);
    exif.extend([0; 4]);
    let mut idat = vec![0x78, 0x01, 0x01, 0x10, 0x00, 0xEF, 0xFF];
    idat.extend([0; 16]);
    idat.extend([0, 0x10, 0, 1]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    push_png_chunk(&mut png, b"IHDR", &ihdr);
    push_png_chunk(&mut png, b"eXIf", &exif);
    push_png_chunk(&mut png, b"IDAT", &idat);
    push_png_chunk(&mut png, b"IEND", &[]);
    png
}

/// A real 16-bit RGBA PNG (a gradient, half transparent on the right).
pub fn png16_rgba(width: u32, height: u32) -> Vec<u8> {
    let image = image::ImageBuffer::from_fn(width, height, |x, y| {
        let alpha = if x < width / 2 {
            u16::MAX
        } else {
            u16::MAX / 2
        };
        image::Rgba([
            u16::try_from(x * 65_535 / width.max(1)).unwrap_or(0),
            u16::try_from(y * 65_535 / height.max(1)).unwrap_or(0),
            20_000,
            alpha,
        ])
    });
    encode(&DynamicImage::ImageRgba16(image), ImageFormat::Png)
}

/// `png` with a chunk `kind` of `data` inserted right after IHDR.
pub fn png_with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let after_ihdr = 8 + 12 + 13;
    let mut out = png[..after_ihdr].to_vec();
    push_png_chunk(&mut out, kind, data);
    out.extend_from_slice(&png[after_ihdr..]);
    out
}

/// A small JPEG whose frame header claims `width` × `height`, marked progressive (SOF2) when
/// asked: the decoder of a progressive JPEG keeps every coefficient of the whole picture.
pub fn jpeg_claiming(width: u16, height: u16, progressive: bool) -> Vec<u8> {
    let mut jpeg = encode(&two_colour(16, 16), ImageFormat::Jpeg);
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0");
    if progressive {
        jpeg[sof + 1] = 0xC2;
    }
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// A small lossless WebP with alpha whose VP8L header claims `width` × `height` (at most
/// 16384 each).
pub fn webp_claiming(width: u32, height: u32) -> Vec<u8> {
    let rgba = DynamicImage::ImageRgba8(two_colour(16, 16).to_rgba8());
    let mut webp = encode(&rgba, ImageFormat::WebP);
    let vp8l = webp
        .windows(4)
        .position(|w| w == b"VP8L")
        .expect("lossless WebP");
    let bits = (width - 1) | ((height - 1) << 14) | (1 << 28);
    webp[vp8l + 9..vp8l + 13].copy_from_slice(&bits.to_le_bytes());
    if let Some(vp8x) = webp.windows(4).position(|w| w == b"VP8X") {
        webp[vp8x + 12..vp8x + 15].copy_from_slice(&(width - 1).to_le_bytes()[..3]);
        webp[vp8x + 15..vp8x + 18].copy_from_slice(&(height - 1).to_le_bytes()[..3]);
    }
    webp
}

/// A zlib stream that inflates to `len` zero bytes (`len` > 1): one fixed-Huffman deflate block,
/// a literal zero then matches of 258 bytes at distance 1: about 6.3 KB per MB.
pub fn zlib_of_zeros(len: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        fn push(&mut self, value: u32, count: u32) {
            for i in 0..count {
                self.acc |= ((value >> i) & 1) << self.n;
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.acc as u8);
                    (self.acc, self.n) = (0, 0);
                }
            }
        }
        /// Huffman codes are sent most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            for i in (0..count).rev() {
                self.push((code >> i) & 1, 1);
            }
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.push(1, 1); // Final block.
    bits.push(1, 2); // Fixed Huffman.
    bits.code(0x30, 8); // Literal 0.
    let mut left = len - 1;
    while left >= 3 {
        let run = left.min(258);
        // Lengths 3..=258 that keep the rest at 0 or at least 3.
        let run = if left - run > 0 && left - run < 3 {
            run - 3
        } else {
            run
        };
        if run == 258 {
            bits.code(0b1100_0101, 8); // Length code 285.
        } else {
            // Length codes 257..=284 with their extra bits, from RFC 1951's table.
            let (code, base, extra) = length_code(run);
            if code < 280 {
                bits.code(code - 256, 7);
            } else {
                bits.code(0b1100_0000 + (code - 280), 8);
            }
            bits.push(u32::try_from(run).expect("small") - base, extra);
        }
        bits.code(0, 5); // Distance code 0: distance 1.
        left -= run;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // End of block.
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    // Adler-32 of `len` zeros: a = 1, b = len mod 65521.
    let b = u32::try_from(len % 65_521).expect("small");
    bits.out.extend(((b << 16) | 1).to_be_bytes());
    bits.out
}

fn length_code(len: usize) -> (u32, u32, u32) {
    const BASES: [(u32, u32); 28] = [
        (3, 0),
        (4, 0),
        (5, 0),
        (6, 0),
        (7, 0),
        (8, 0),
        (9, 0),
        (10, 0),
        (11, 1),
        (13, 1),
        (15, 1),
        (17, 1),
        (19, 2),
        (23, 2),
        (27, 2),
        (31, 2),
        (35, 3),
        (43, 3),
        (51, 3),
        (59, 3),
        (67, 4),
        (83, 4),
        (99, 4),
        (115, 4),
        (131, 5),
        (163, 5),
        (195, 5),
        (227, 5),
    ];
    let len = u32::try_from(len).expect("small");
    let i = BASES
        .iter()
        .rposition(|(base, _)| *base <= len)
        .expect("len >= 3");
    (
        257 + u32::try_from(i).expect("small"),
        BASES[i].0,
        BASES[i].1,
    )
}

/// A valid PNG of `width` × `height` black pixels (`bit_depth` 8 or 16, `color_type` 2 for RGB
/// or 6 for RGBA) with an EXIF orientation (rotate 90°): the whole image data is a deflate
/// bomb of zeros, about 6.3 KB per MB of pixels.
pub fn png_of_zeros(width: u32, height: u32, bit_depth: u8, color_type: u8) -> Vec<u8> {
    let channels: usize = if color_type == 6 { 4 } else { 3 };
    let row = 1 + width as usize * channels * usize::from(bit_depth / 8);
    let mut ihdr = [width.to_be_bytes(), height.to_be_bytes()].concat();
    ihdr.extend([bit_depth, color_type, 0, 0, 0]);
    let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
    ifd_entry(&mut exif, 0x0112, 3, 1, 6);
    exif.extend([0; 4]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    push_png_chunk(&mut png, b"IHDR", &ihdr);
    push_png_chunk(&mut png, b"eXIf", &exif);
    push_png_chunk(&mut png, b"IDAT", &zlib_of_zeros(row * height as usize));
    push_png_chunk(&mut png, b"IEND", &[]);
    png
}

/// `jpeg` with an EXIF (APP1) segment holding only an orientation (1–8).
pub fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"Exif\0\0II*\0\x08\0\0\0\x01\0".to_vec();
    ifd_entry(&mut tiff, 0x0112, 3, 1, u32::from(orientation));
    tiff.extend(b"\0\0\0\0");
    with_segment(jpeg, 0xE1, &tiff)
}

/// A picture shaped like a photo: smooth shading, soft waves and hard-edged shapes, so that
/// lossy codecs compare as they do on photos (noise would favour neither).
pub fn photo_like(width: u32, height: u32) -> DynamicImage {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let wave = (fx / 37.0).sin() * (fy / 53.0).cos();
        let disc = ((x / 97 + y / 89) % 3) as f32 * 30.0;
        Rgb([
            (120.0 + 90.0 * wave) as u8,
            (fx * 200.0 / width as f32 + disc) as u8,
            (fy * 180.0 / height as f32 + 40.0 - disc / 2.0) as u8,
        ])
    });
    DynamicImage::ImageRgb8(image)
}
