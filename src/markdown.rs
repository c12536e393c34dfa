//! Article bodies: Markdown rendered to HTML and sanitised, once, when an article is saved.
//!
//! The result is the only HTML the site shows unescaped (`| safe` in `articles/show.html`),
//! so the sanitiser's allow-list is tight: text structure, lists, tables, code, links and
//! images of our own; no scripts, styles, frames, forms, event handlers or `id`s. Links may
//! only use `http`, `https`, `mailto` and `tel` (or be relative), and get
//! `rel="noopener noreferrer nofollow"`. Images must come from this site (the CSP would block
//! others anyway).

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
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" {
                let own = value.starts_with('/') && !value.starts_with("//");
                return own.then(|| value.into());
            }
            Some(value.into())
        });
    builder
});

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
}
