//! Article bodies: Markdown rendered to HTML and sanitised, once, when an article is saved.
//!
//! The result is the only HTML the site shows unescaped (`| safe` in `articles/show.html`),
//! so the sanitiser's allow-list is tight: text structure, lists, tables, code, links and
//! images of our own; no scripts, styles, frames, forms, event handlers or `id`s. Links may
//! only be paths on this site (`/…`, never `//…` or `/\…`), `https://` addresses, `mailto:`
//! or `tel:`, and get `rel="noopener noreferrer nofollow"`. Images must be paths on this site
//! (the CSP would block others anyway). Anything else loses its `href` or `src`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
    .into_iter()
    .collect();
    let attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href", "title"].into_iter().collect()),
        ("abbr", ["title"].into_iter().collect()),
        (
            "img",
            ["src", "alt", "title", "width", "height"]
                .into_iter()
                .collect(),
        ),
        ("ol", ["start"].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        // The content of these goes too, not only the tags.
        .clean_content_tags(
            [
                "script", "style", "iframe", "object", "embed", "template", "noscript",
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => own_path(value).then(|| value.into()),
            ("a", "href") => link_target(value).then(|| value.into()),
            _ => Some(value.into()),
        });
    builder
});

/// A path on this site: one `/` then anything but a second `/` or `\` (browsers read `//x`,
/// `/\x` and their percent-encoded forms as another host), and no whitespace or control
/// character anywhere (browsers drop tabs and newlines, so `/\t/x` would become `//x`).
fn own_path(url: &str) -> bool {
    let Some(rest) = url.strip_prefix('/') else {
        return false;
    };
    let lower = rest.to_ascii_lowercase();
    !rest.starts_with(['/', '\\'])
        && !lower.starts_with("%2f")
        && !lower.starts_with("%5c")
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Where an article may link: a path on this site, an `https://` address, an email address
/// or a telephone number; nothing else (no `http:`, no other relative forms).
fn link_target(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    own_path(url)
        || lower
            .strip_prefix("https://")
            .is_some_and(|host| !host.is_empty() && !host.starts_with(['/', '\\']))
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
}

/// Renders an article's Markdown to sanitised HTML. A `#` heading becomes `<h2>`, like `##`:
/// the page's one `<h1>` is the article title.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id: _,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    SANITISER.clean(&html).to_string()
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html =
            render("# Quyền lợi\n\nMua **hàng Việt** tại [cửa hàng](/san-pham).\n\n- một\n- hai");
        assert!(html.contains("<h2>Quyền lợi</h2>"), "{html}");
        assert!(html.contains("<strong>hàng Việt</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="/san-pham" rel="noopener noreferrer nofollow">cửa hàng</a>"#),
            "{html}"
        );
        assert!(html.contains("<li>hai</li>"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_frames_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n[bấm](javascript:alert(2))\n\n\
             <img src=x onerror=alert(3)>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n\
             <p style=\"color:red\" onclick=\"alert(4)\">chữ</p>\n\n![ảnh](https://evil.example/a.png)",
        );
        for bad in [
            "<script",
            "alert(1)",
            "javascript:",
            "onerror",
            "<iframe",
            "evil.example",
            "style=",
            "onclick",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("chữ"), "{html}");
    }

    #[test]
    fn only_own_paths_and_https_survive_in_links_and_images() {
        // Each written as Markdown and as raw HTML (entities decoded by the parser).
        let foreign = [
            "/\\evil.example/x.png",
            "//evil.example/x.png",
            "\\\\evil.example/x.png",
            "\\/evil.example/x.png",
            "/&#92;evil.example/x.png",
            "/&#9;/evil.example/x.png",
            "/&#10;/evil.example/x.png",
            "&#9;//evil.example/x.png",
            "/%2F/evil.example/x.png",
            "/%5cevil.example/x.png",
            "%2F%2Fevil.example/x.png",
            "evil.example/x.png",
            "http://evil.example/x.png",
            "java&#9;script:alert(1)",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:image/png;base64,AAAA",
            "vbscript:msgbox(1)",
            "https:/\\evil.example/x.png",
            "?evil=1",
            "#evil",
        ];
        for url in foreign {
            for html in [
                render(&format!("<img src=\"{url}\" alt=\"a\">")),
                render(&format!("<a href=\"{url}\">b</a>")),
            ] {
                assert!(
                    !html.contains("src=") && !html.contains("href="),
                    "{url} survived: {html}"
                );
            }
            // Markdown reads `\/` as an escaped `/` (a path of this site), and has no
            // character references in link destinations.
            if !url.contains('&') && !url.starts_with("\\/") {
                for html in [
                    render(&format!("![a]({url})")),
                    render(&format!("[b]({url})")),
                ] {
                    assert!(
                        !html.contains("src=") && !html.contains("href="),
                        "{url} survived as Markdown: {html}"
                    );
                }
            }
        }
        // Images: only this site's own paths; links: own paths and https.
        assert!(
            render("![a](https://evil.example/x.png)").contains("<img alt=\"a\">")
                || !render("![a](https://evil.example/x.png)").contains("src=")
        );
        for (markdown, kept) in [
            ("![a](/media/ab/cd.webp)", "src=\"/media/ab/cd.webp\""),
            ("[b](/san-pham/nuoc-mam)", "href=\"/san-pham/nuoc-mam\""),
            (
                "[b](https://moit.gov.vn/tin)",
                "href=\"https://moit.gov.vn/tin\"",
            ),
            (
                "[b](mailto:lienhe@hangviet.vn)",
                "href=\"mailto:lienhe@hangviet.vn\"",
            ),
            ("[b](tel:+842438261234)", "href=\"tel:+842438261234\""),
        ] {
            let html = render(markdown);
            assert!(html.contains(kept), "{markdown}: {html}");
        }
    }
}
