//! Templates and static assets compiled into the binary, so the site runs from any directory
//! with nothing beside it. Asset URLs carry a content fingerprint (`/assets/site.css?v=…`),
//! which lets browsers cache them for a year.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentValue};
use regex::{Captures, Regex};
use rust_embed::Embed;

use crate::i18n::{CATALOGUE, Link, Locale, Translate};
use crate::text::hex;

#[derive(Embed)]
#[folder = "templates/"]
struct TemplateFiles;

#[derive(Embed)]
#[folder = "assets/"]
struct Assets;

/// One embedded asset.
pub struct Asset {
    pub bytes: std::borrow::Cow<'static, [u8]>,
    pub mime: String,
    /// Hex SHA-256 of the content.
    pub hash: String,
}

/// Looks up an asset by its path under `assets/`.
pub fn asset(path: &str) -> Option<Asset> {
    let file = Assets::get(path)?;
    Some(Asset {
        mime: file.metadata.mimetype().to_owned(),
        hash: hex(&file.metadata.sha256_hash()),
        bytes: file.data,
    })
}

/// The fingerprinted URL of every asset, computed once at start.
#[derive(Debug, Clone)]
pub struct AssetUrls(HashMap<String, String>);

impl AssetUrls {
    pub fn build() -> AssetUrls {
        AssetUrls(
            Assets::iter()
                .filter_map(|path| {
                    let a = asset(&path)?;
                    Some((
                        path.to_string(),
                        format!("/assets/{path}?v={}", &a.hash[..12]),
                    ))
                })
                .collect(),
        )
    }
}

impl tera::Function for AssetUrls {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("asset() needs path=\"…\""))?;
        self.0
            .get(path)
            .map(|url| tera::Value::String(url.clone()))
            .ok_or_else(|| tera::Error::msg(format!("no asset {path}")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `placeholder(category=slug)`: the URL of the illustration shown for a product without a
/// photo, its category's (`assets/img/placeholder/{slug}.svg`), or a parcel for a category
/// that has none (officials may add categories). The page prints "no photo yet" beside it.
#[derive(Debug, Clone)]
pub struct Placeholders(AssetUrls);

impl Placeholders {
    const DIR: &'static str = "img/placeholder/";
    const ANY: &'static str = "img/placeholder/san-pham.svg";

    /// The illustration's URL for the category `slug`.
    pub fn url(&self, slug: &str) -> &str {
        let urls = &(self.0).0;
        urls.get(&format!("{}{slug}.svg", Self::DIR))
            .or_else(|| urls.get(Self::ANY))
            .map_or("", String::as_str)
    }
}

impl tera::Function for Placeholders {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let slug = args
            .get("category")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        Ok(tera::Value::String(self.url(slug).to_owned()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `share_links(url=…)`: where a page's share buttons point (`url` itself for the copy and
/// Zalo buttons, Facebook's sharer for Facebook): plain links, no script of anyone else's.
#[derive(Debug, Clone, Copy)]
pub struct ShareLinks;

impl ShareLinks {
    /// The Facebook sharer address of `url`.
    pub fn facebook(url: &str) -> String {
        format!(
            "https://www.facebook.com/sharer/sharer.php?u={}",
            encode_component(url)
        )
    }
}

impl tera::Function for ShareLinks {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let url = args
            .get("url")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("share_links() needs url=\"…\""))?;
        let mut links = serde_json::Map::new();
        links.insert("url".into(), url.into());
        links.insert("facebook".into(), ShareLinks::facebook(url).into());
        Ok(tera::Value::Object(links))
    }
}

/// Percent-encodes `text` for a query value (everything but unreserved characters).
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One template engine per language: the same templates, with `t()` (messages), `link()`
/// (paths) and the `num` filter bound to that language (see `crate::i18n`).
pub struct Templates {
    vi: tera::Tera,
    en: tera::Tera,
}

impl Templates {
    pub fn get(&self, locale: Locale) -> &tera::Tera {
        match locale {
            Locale::Vi => &self.vi,
            Locale::En => &self.en,
        }
    }
}

/// Builds the template engines from the embedded templates; fails on any syntax error.
pub fn templates() -> anyhow::Result<Templates> {
    let sources: Vec<(String, String)> = Templates::sources();
    let assets = AssetUrls::build();
    let engine = |locale: Locale| -> anyhow::Result<tera::Tera> {
        let mut tera = tera::Tera::default();
        let baked = sources
            .iter()
            .map(|(name, text)| (name.clone(), bake(name, text, locale, &assets)));
        tera.add_raw_templates(baked)
            .map_err(|e| anyhow::anyhow!("templates: {e:?}"))?;
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("asset", assets.clone());
        tera.register_function("placeholder", Placeholders(assets.clone()));
        tera.register_function("share_links", ShareLinks);
        tera.register_function("t", Translate(locale));
        tera.register_function("link", Link(locale));
        tera.register_filter(
            "num",
            move |v: &tera::Value, _: &HashMap<String, tera::Value>| format_number(v, locale),
        );
        Ok(tera)
    };
    Ok(Templates {
        vi: engine(Locale::Vi)?,
        en: engine(Locale::En)?,
    })
}

/// `t(k="key")` with no argument or only literal ones, `link(to="/path")` and
/// `{{ asset(path='file') }}` give the same text on every render of a language's engine, so
/// they are written into that engine's copy of the template once, when it is built: the text,
/// path or URL replaces the call (escaped where the template autoescapes, as the call's output
/// would be). `{{ link(to="/san-pham/" ~ slug) }}` keeps only the concatenation. A list page
/// prints some sixty such calls. Calls with variable arguments, unknown keys and text that tera
/// would read as a tag stay calls and are evaluated at render time.
fn bake(name: &str, source: &str, locale: Locale, assets: &AssetUrls) -> String {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r#"(?P<open>\{\{ )?\b(?:"#,
            r#"t\(k="(?P<key>[a-z0-9-]+)"(?P<args>(?:, [a-z_]+=(?:-?[0-9]+|"[^"{}]*"))*)\)"#,
            r#"|link\(to="(?P<path>[^"{}]*)"\)"#,
            r#"|link\(to="(?P<prefix>/[^"?{}][^"{}]*)" ~ (?P<rest>[^(){}|,]+)\)"#,
            r#"|asset\(path='(?P<asset>[^'{}]*)'\))"#,
            r#"(?P<close> \}\})?"#
        ))
        .expect("valid pattern")
    });
    let autoescape = [".html", ".xml", ".svg"].iter().any(|e| name.ends_with(e));
    CALL.replace_all(source, |c: &Captures<'_>| {
        let whole = c[0].to_owned();
        let open = c.name("open").map_or("", |m| m.as_str());
        let close = c.name("close").map_or("", |m| m.as_str());
        let printed = !open.is_empty() && !close.is_empty();
        let (text, safe) = if let Some(key) = c.name("key") {
            match message(locale, key.as_str(), &c["args"]) {
                Some(text) => (text, false),
                None => return whole,
            }
        } else if let Some(path) = c.name("path") {
            (locale.path(path.as_str()), false)
        } else if let Some(prefix) = c.name("prefix") {
            // Only a whole printed expression: tera has no parentheses for a concatenation.
            let path = locale.path(prefix.as_str());
            return match printed && !path.contains('"') {
                true => format!("{open}\"{path}\" ~ {}{close}", &c["rest"]),
                false => whole,
            };
        } else {
            match assets.0.get(&c["asset"]) {
                Some(url) if printed => (url.clone(), true),
                _ => return whole,
            }
        };
        if printed {
            if text.contains('{') {
                return whole;
            }
            return if autoescape && !safe {
                escape_html(&text)
            } else {
                text
            };
        }
        // Inside a larger expression the call becomes a string literal, which tera escapes on
        // output as it did the call's result. Tera literals have no escapes: pick a free quote.
        let Some(quote) = ['"', '\'', '`'].into_iter().find(|q| !text.contains(*q)) else {
            return whole;
        };
        format!("{open}{quote}{text}{quote}{close}")
    })
    .into_owned()
}

/// The message `key` with literal arguments (`, count=1, name="x"`), as `t()` would format it.
fn message(locale: Locale, key: &str, args: &str) -> Option<String> {
    if args.is_empty() {
        return CATALOGUE.plain_text(locale, key).map(str::to_owned);
    }
    if !CATALOGUE.has(locale, key) {
        return None;
    }
    let mut fluent = FluentArgs::new();
    for arg in args.split(", ").filter(|a| !a.is_empty()) {
        let (name, value) = arg.split_once('=')?;
        let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(text) => FluentValue::from(text.to_owned()),
            None => FluentValue::from(value.parse::<i64>().ok()?),
        };
        fluent.set(name.to_owned(), value);
    }
    Some(CATALOGUE.format(locale, key, Some(&fluent)))
}

impl Templates {
    /// Every embedded template's name and text.
    fn sources() -> Vec<(String, String)> {
        TemplateFiles::iter()
            .filter_map(|name| {
                let file = TemplateFiles::get(&name)?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(&file.data).into_owned(),
                ))
            })
            .collect()
    }
}

/// `{{ n | num }}`: 12345 → "12.345" in Vietnamese, "12,345" in English.
fn format_number(value: &tera::Value, locale: Locale) -> tera::Result<tera::Value> {
    let separator = match locale {
        Locale::Vi => '.',
        Locale::En => ',',
    };
    let n = value
        .as_i64()
        .ok_or_else(|| tera::Error::msg("num expects an integer"))?;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    Ok(tera::Value::String(out))
}

/// HTML and XML escaping for text and quoted attributes (every `.html`, `.xml` and `.svg`
/// template). Unlike tera's default it leaves `/` alone, so URLs in `href` stay readable; `/`
/// is harmless inside quoted attributes and text. Control characters other than tab and line
/// breaks are dropped: XML 1.0 cannot hold them at all (a feed would not parse) and HTML
/// forbids them.
fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // Text between two bytes that need care is copied in one go. Every byte examined below
    // starts a character (continuation bytes are 0x80..=0xBF), so `start..i` always falls on
    // character boundaries.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#x27;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            // C0 controls and DEL.
            0x00..=0x1f | 0x7f => ("", 1),
            // C1 controls, U+0080..=U+009F.
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            // The noncharacters U+FFFE and U+FFFF.
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&input[start..i]);
        out.push_str(replacement);
        i += width;
        start = i;
    }
    out.push_str(&input[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{AssetUrls, ShareLinks, bake, escape_html};
    use crate::i18n::Locale;

    #[test]
    fn share_addresses_are_encoded() {
        assert_eq!(
            ShareLinks::facebook("https://x.vn/san-pham/a?b=1&c=đ"),
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.vn%2Fsan-pham%2Fa%3Fb%3D1%26c%3D%C4%91"
        );
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape_html(r#"Cá <kho> & "tộ" 'Bá Kiến'"#),
            "Cá &lt;kho&gt; &amp; &quot;tộ&quot; &#x27;Bá Kiến&#x27;"
        );
        assert_eq!(escape_html("a\u{0}b\u{1b}c\td\ne\r\u{7f}"), "abc\td\ne\r");
        assert_eq!(
            escape_html("x\u{80}y\u{9f}z\u{a0}ạ\u{fffe}\u{fffd}\u{ffff}!"),
            "xyz\u{a0}ạ\u{fffd}!"
        );
    }

    #[test]
    fn constant_calls_are_written_into_each_languages_copy() {
        let assets = AssetUrls::build();
        let source = concat!(
            r#"<a href="{{ link(to="/san-pham") }}">{{ t(k="nav-products") }}</a>"#,
            r#"{{ forms::input(label=t(k="nav-products")) }}{{ t(k="catalogue-count", count=n) }}"#,
            r#"{{ t(k="no-such-key") }}<img src="{{ asset(path='img/favicon.svg') }}">"#,
            r#"{{- t(k="nav-home") -}}"#,
            r#"<a href="{{ link(to="/san-pham/" ~ p.slug ~ "/bao-cao") }}">"#,
            r##"{{ t(k="suggest-count", count=1) }}|{{ t(k="suggest-count", count="#") }}"##
        );
        let vi = bake("x.html", source, Locale::Vi, &assets);
        let en = bake("x.html", source, Locale::En, &assets);
        let icon = &assets.0["img/favicon.svg"];
        assert_eq!(
            vi,
            format!(
                concat!(
                    r#"<a href="/san-pham">Sản phẩm</a>{{{{ forms::input(label="Sản phẩm") }}}}"#,
                    r#"{{{{ t(k="catalogue-count", count=n) }}}}{{{{ t(k="no-such-key") }}}}"#,
                    r#"<img src="{icon}">{{{{- "Trang chủ" -}}}}"#,
                    r#"<a href="{{{{ "/san-pham/" ~ p.slug ~ "/bao-cao" }}}}">1 gợi ý|# gợi ý"#
                ),
                icon = icon
            )
        );
        assert!(
            en.ends_with(concat!(
                r#"<a href="{{ "/en/san-pham/" ~ p.slug ~ "/bao-cao" }}">"#,
                "1 suggestion|# suggestions"
            )),
            "{en}"
        );
        assert!(
            en.starts_with(r#"<a href="/en/san-pham">Products</a>"#),
            "{en}"
        );
        // Text that needs escaping is escaped as the call's output would be, and only where
        // the template autoescapes.
        let call = r#"{{ t(k="account-name-label") }}"#;
        let baked = bake("x.html", call, Locale::En, &assets);
        assert_eq!(baked, "Your name or your business&#x27;s name");
        let text = bake("x.txt", call, Locale::En, &assets);
        assert_eq!(text, "Your name or your business's name");
    }

    #[test]
    fn escaping_matches_the_character_by_character_rule() {
        let reference = |input: &str| -> String {
            input
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#x27;".to_owned(),
                    '\t' | '\n' | '\r' => c.to_string(),
                    c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => String::new(),
                    other => other.to_string(),
                })
                .collect()
        };
        // Every character from U+0000 to U+00FF, then the edges of the multi-byte ranges.
        let mut all: String = (0u32..=0xff).filter_map(char::from_u32).collect();
        all.extend([
            '\u{7ff}', '\u{800}', '\u{ffef}', '\u{fffd}', '\u{fffe}', '\u{ffff}',
        ]);
        all.extend(['\u{10000}', '\u{1fffe}', '\u{10ffff}', 'ệ', 'Ơ', '€']);
        assert_eq!(escape_html(&all), reference(&all));
        assert_eq!(escape_html(""), "");
    }
}
