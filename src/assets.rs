//! Templates and static assets compiled into the binary, so the site runs from any directory
//! with nothing beside it. Asset URLs carry a content fingerprint (`/assets/site.css?v=…`),
//! which lets browsers cache them for a year.

use std::collections::HashMap;

use rust_embed::Embed;

use crate::i18n::{Link, Locale, Translate};
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
        tera.add_raw_templates(sources.clone())
            .map_err(|e| anyhow::anyhow!("templates: {e:?}"))?;
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("asset", assets.clone());
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
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape_html(r#"Cá <kho> & "tộ" 'Bá Kiến'"#),
            "Cá &lt;kho&gt; &amp; &quot;tộ&quot; &#x27;Bá Kiến&#x27;"
        );
        assert_eq!(escape_html("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
    }
}
