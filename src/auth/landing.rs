//! Where a login leads: the page the visitor came from (`tiep`), if it is a plain path of this
//! site, else the landing page of their role.
//!
//! Rule: `tiep` is followed only when it is an ASCII path that starts with exactly one `/` and,
//! once percent-decoded (repeatedly, so a double-encoded `%252F` is seen too), still holds no
//! `//`, no backslash, no control character (tab, CR, LF, NUL…) and no whitespace or Unicode
//! line separator. Browsers drop tabs and newlines inside a URL and read `\` as `/`, which is
//! how `/\t/evil.example` or `/\evil.example` leave the site; a value that could mean anything
//! but a local path is ignored, never repaired.

use crate::db::models::user::Role;
use crate::i18n::Locale;

/// Longest `tiep` followed; our own addresses are far shorter.
const MAX_LEN: usize = 2_000;

/// The page a user of `role` lands on after login when `tiep` is missing or refused.
pub fn default_landing(role: Role) -> &'static str {
    match role {
        Role::Business => "/doanh-nghiep",
        Role::Official | Role::Admin => "/quan-tri",
        Role::Citizen => "/",
    }
}

/// Where a login from a page in `locale` leads when `tiep` is missing or refused: the role's
/// landing page in that language (`/en/quan-tri` for an official on the English site).
pub fn landing_in(locale: Locale, role: Role) -> String {
    locale.path(default_landing(role))
}

/// `next` when it is a plain local path (see the module rules), else `None`.
pub fn local_path(next: &str) -> Option<&str> {
    let plain = !next.is_empty()
        && next.len() <= MAX_LEN
        && next.bytes().all(|b| b.is_ascii_graphic())
        && next.starts_with('/');
    if !plain {
        return None;
    }
    let mut text = next.to_owned();
    // Decoding stops when nothing changes; the bound only guards against a pathological value.
    for _ in 0..4 {
        if !decoded_is_local(&text) {
            return None;
        }
        match percent_decode(&text) {
            Some(d) if d == text => return Some(next),
            Some(d) => text = d,
            None => return None,
        }
    }
    None
}

/// `/page?q` as a browser or a later decoder could read it: one leading slash, no `//` or
/// backslash, no control or separator characters, no whitespace outside the query.
fn decoded_is_local(text: &str) -> bool {
    let path = text.split(['?', '#']).next().unwrap_or_default();
    text.starts_with('/')
        && !text.contains("//")
        && !text.contains('\\')
        && !text
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}'))
        && !path.chars().any(char::is_whitespace)
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::login_url;
    use crate::i18n::locale_of_path;

    #[test]
    fn plain_local_paths_are_followed() {
        for ok in [
            "/",
            "/doanh-nghiep",
            "/san-pham/nuoc-mam-phu-quoc?anh=2#mo-ta",
            "/tim-kiem?q=n%C6%B0%E1%BB%9Bc%20m%E1%BA%AFm",
            "/quan-tri/nguoi-dung?q=a%40b.vn",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\r/evil.example",
            "/\n/evil.example",
            "/%0d%0aSet-Cookie:%20x=1",
            "/%0D%0ALocation:%20https://evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\0evil",
            "/%00evil",
            "/%E2%80%A8/evil.example",
            "/%E2%80%A9/evil.example",
            "/%C2%85/evil.example",
            "/\u{2028}/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%252F%252Fevil.example",
            "/%255Cevil.example",
            "/a//b",
            "/ /evil.example",
            "/%20/evil.example",
            "/%zz",
            "/%E2%80",
            "evil.example",
            "./evil",
            "/đường-dẫn",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }

    #[test]
    fn english_paths_are_local_and_keep_their_language() {
        assert_eq!(local_path("/en/doanh-nghiep"), Some("/en/doanh-nghiep"));
        assert_eq!(landing_in(Locale::En, Role::Official), "/en/quan-tri");
        assert_eq!(landing_in(Locale::En, Role::Citizen), "/en");
        assert_eq!(landing_in(Locale::Vi, Role::Business), "/doanh-nghiep");
        assert_eq!(
            login_url("/en/doanh-nghiep?x=1"),
            "/en/dang-nhap?tiep=%2Fen%2Fdoanh-nghiep%3Fx%3D1"
        );
        assert_eq!(
            login_url("/doanh-nghiep"),
            "/dang-nhap?tiep=%2Fdoanh-nghiep"
        );
        assert_eq!(locale_of_path("/english"), Locale::Vi);
        assert_eq!(locale_of_path("/en"), Locale::En);
    }

    #[test]
    fn each_role_has_its_landing() {
        assert_eq!(default_landing(Role::Business), "/doanh-nghiep");
        assert_eq!(default_landing(Role::Official), "/quan-tri");
        assert_eq!(default_landing(Role::Admin), "/quan-tri");
        assert_eq!(default_landing(Role::Citizen), "/");
    }
}
