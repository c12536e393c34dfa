//! Checks of what businesses type into forms; every error is a catalogue message for the
//! field it concerns (`validate-*`), put into words in the form's language.

use crate::i18n::Msg;

/// Mã số thuế: 10 digits, or 10-3 for a branch (`0101234567-001`).
pub fn tax_code(text: &str) -> Result<(), Msg> {
    let (main, branch) = match text.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (text, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if digits(main, 10) && branch.is_none_or(|b| digits(b, 3)) {
        Ok(())
    } else {
        Err(Msg::new("validate-tax-code"))
    }
}

/// GTIN-8/12/13/14 with a correct check digit.
pub fn gtin(text: &str) -> Result<(), Msg> {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != text.len() || ![8, 12, 13, 14].contains(&digits.len()) {
        return Err(Msg::new("validate-gtin-length"));
    }
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    if (10 - sum % 10) % 10 == check[0] {
        Ok(())
    } else {
        Err(Msg::new("validate-gtin-check"))
    }
}

/// A web address: only http and https, with a host.
pub fn website(text: &str) -> Result<(), Msg> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(r)
            if !r.is_empty()
                && !r.starts_with('/')
                && r.len() <= 200
                && !r.chars().any(|c| {
                    c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                }) =>
        {
            Ok(())
        }
        _ => Err(Msg::new("validate-website")),
    }
}

/// Longest source address an award may cite, in characters: official pages put long query
/// strings and encoded Vietnamese titles in their addresses.
pub const SOURCE_URL_MAX: usize = 2_000;

/// What is wrong with a web address, so the message can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Longer than the limit (in characters).
    TooLong { max: usize, length: usize },
    /// Not starting with http:// or https://.
    Scheme,
    /// Nothing (or a path) after the scheme.
    NoHost,
    /// Spaces, control characters, quotes or angle brackets (they must be percent-encoded).
    Characters,
}

/// An http(s) address of at most `max` characters, with a host and nothing that must be
/// percent-encoded; the first problem found otherwise.
pub fn web_address(text: &str, max: usize) -> Result<(), UrlProblem> {
    let length = text.chars().count();
    if length > max {
        return Err(UrlProblem::TooLong { max, length });
    }
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return Err(UrlProblem::Scheme);
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(UrlProblem::NoHost);
    }
    if rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(UrlProblem::Characters);
    }
    Ok(())
}

/// A phone number: digits with spaces, dots, dashes, parentheses and a leading +.
pub fn phone(text: &str) -> Result<(), Msg> {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if (8..=15).contains(&digits)
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " .-()+".contains(c))
    {
        Ok(())
    } else {
        Err(Msg::new("validate-phone"))
    }
}

/// An email address, as far as a form can tell: something@domain.tld, no spaces or brackets.
pub fn email(text: &str) -> Result<(), Msg> {
    let ok = text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && text.len() <= 254
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Msg::new("validate-email"))
    }
}

/// Required text with a length limit.
pub fn required(text: &str, max: usize) -> Result<(), Msg> {
    if text.trim().is_empty() {
        Err(Msg::new("validate-required"))
    } else {
        limited(text, max)
    }
}

pub fn limited(text: &str, max: usize) -> Result<(), Msg> {
    if text.chars().count() > max {
        Err(Msg::new("validate-too-long").arg("max", max))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_worded_per_language_with_plain_numbers() {
        use crate::i18n::Locale;
        let err = |r: Result<(), Msg>| r.expect_err("refused");
        let long = err(limited(&"x".repeat(5_001), 5_000));
        assert_eq!(Locale::Vi.msg(&long), "Dài tối đa 5000 ký tự.");
        assert_eq!(Locale::En.msg(&long), "At most 5000 characters.");
        assert_eq!(
            Locale::Vi.msg(&err(required(" ", 10))),
            "Không được để trống."
        );
        assert_eq!(Locale::Vi.msg(&err(email("dan"))), "Email không hợp lệ.");
        assert_eq!(
            Locale::En.msg(&err(gtin("8934588012229"))),
            "The barcode's check digit is not right; please compare it with the packaging."
        );
    }

    #[test]
    fn tax_codes() {
        assert!(tax_code("0101234567").is_ok());
        assert!(tax_code("0101234567-001").is_ok());
        assert!(tax_code("010123456").is_err());
        assert!(tax_code("0101234567-01").is_err());
        assert!(tax_code("01012345ab").is_err());
    }

    #[test]
    fn gtins() {
        assert!(gtin("8934588012228").is_ok(), "a Vietnamese EAN-13");
        assert!(gtin("8934588012229").is_err());
        assert!(gtin("96385074").is_ok(), "EAN-8");
        assert!(gtin("893458801222").is_err(), "12 digits, wrong check");
        assert!(gtin("89345880122x8").is_err());
    }

    #[test]
    fn websites_and_phones() {
        assert!(website("https://hangviet.vn").is_ok());
        assert!(website("javascript:alert(1)").is_err());
        assert!(website("ftp://x.vn").is_err());
        assert!(website("https://").is_err());
        let long = format!("https://vietnam.vn/{}", "a".repeat(1_981));
        assert_eq!(long.chars().count(), 2_000);
        assert_eq!(web_address(&long, SOURCE_URL_MAX), Ok(()));
        assert_eq!(
            web_address(&format!("{long}b"), SOURCE_URL_MAX),
            Err(UrlProblem::TooLong {
                max: 2_000,
                length: 2_001
            })
        );
        assert_eq!(web_address("ftp://x.vn", 100), Err(UrlProblem::Scheme));
        assert_eq!(web_address("https://", 100), Err(UrlProblem::NoHost));
        assert_eq!(
            web_address("https://x.vn/a b", 100),
            Err(UrlProblem::Characters)
        );
        assert_eq!(web_address("HTTPS://x.vn/", 100), Ok(()));
        assert!(phone("024 3826 1234").is_ok());
        assert!(phone("+84 (24) 3826-1234").is_ok());
        assert!(phone("gọi tôi").is_err());
        assert!(email("dan@example.vn").is_ok());
        for bad in [
            "dan",
            "dan@",
            "@x.vn",
            "dan@x",
            "dan@.vn",
            "d an@x.vn",
            "<d>@x.vn",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
