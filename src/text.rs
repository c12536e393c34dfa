//! Vietnamese text helpers shared by storage, search and URLs.
//!
//! [`fold`] is the one folding used everywhere (database columns, search on both backends):
//! Unicode decomposition, combining marks stripped, `đ`/`Đ` → `d`, lowercase — the same as
//! Meilisearch's normalisation, so "nuoc mam" matches "Nước mắm" whichever backend answers.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: "Điện Quang" → "dien quang".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A URL slug: folded, ASCII letters and digits joined by single dashes.
/// "Nước mắm Phú Quốc 40 độ đạm" → "nuoc-mam-phu-quoc-40-do-dam".
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// `text` with the `LIKE … ESCAPE '\\'` wildcards (`%`, `_`) and the escape itself escaped.
pub fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A `LIKE … ESCAPE '\\'` pattern matching text that contains `word` literally.
pub fn like_contains(word: &str) -> String {
    format!("%{}%", like_escaped(word))
}

/// Lowercase hexadecimal, two digits per byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_tones_and_d_bar() {
        assert_eq!(fold("Nước mắm Phú Quốc"), "nuoc mam phu quoc");
        assert_eq!(fold("ĐIỆN QUANG"), "dien quang");
        assert_eq!(fold("Gốm sứ Bát Tràng"), "gom su bat trang");
    }

    #[test]
    fn hex_is_lowercase_two_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xab, 0xff]), "000fabff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn slugify_makes_ascii_dashes() {
        assert_eq!(slugify("  Bà Rịa - Vũng Tàu "), "ba-ria-vung-tau");
        assert_eq!(slugify("TP Hồ Chí Minh"), "tp-ho-chi-minh");
        assert_eq!(
            slugify("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert_eq!(slugify("!!!"), "");
    }
}
