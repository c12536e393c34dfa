//! Photo fixtures built in code (no binary files in the repository), for the upload tests
//! of this crate and of `tests/`: ordinary photos and the hostile ones (pixel floods, EXIF
//! with GPS and orientation).
#![doc(hidden)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

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
