//! Placeholder product photos drawn by the app (no network): a soft gradient in the
//! category's colour with a simple motif, so demo cards look like a real catalogue.

use image::{DynamicImage, Rgb, RgbImage};

const SIZE: u32 = 640;

/// Draws placeholder number `variant` for category number `category`.
pub fn draw(category: usize, variant: usize) -> DynamicImage {
    let hue = (category as f32 * 360.0 / 16.0 + variant as f32 * 23.0) % 360.0;
    let light = hsl(hue, 0.55, 0.88);
    let dark = hsl(hue, 0.50, 0.62);
    let accent = hsl((hue + 40.0) % 360.0, 0.65, 0.45);
    let mut img = RgbImage::new(SIZE, SIZE);
    let centre = SIZE as f32 / 2.0;
    let radius = SIZE as f32
        * if variant.is_multiple_of(2) {
            0.26
        } else {
            0.20
        };
    for (x, y, pixel) in img.enumerate_pixels_mut() {
        let t = (x + y) as f32 / (2 * SIZE) as f32;
        let mut c = mix(light, dark, t);
        let (dx, dy) = (x as f32 - centre, y as f32 - centre * 1.05);
        let d = (dx * dx + dy * dy).sqrt();
        if d < radius {
            c = mix(accent, light, (d / radius) * 0.35);
        } else if d < radius + 10.0 {
            c = mix(c, [255.0, 255.0, 255.0], 0.7);
        }
        // A "shelf" under the motif.
        if (y as f32 - (centre + radius + 40.0)).abs() < 6.0 && dx.abs() < radius * 1.6 {
            c = mix(c, dark, 0.8);
        }
        *pixel = Rgb([c[0] as u8, c[1] as u8, c[2] as u8]);
    }
    DynamicImage::ImageRgb8(img)
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn hsl(h: f32, s: f32, l: f32) -> [f32; 3] {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}
