//! `/feed.xml` (Atom 1.0: newly published products and articles) and `/sitemap.xml`.
//!
//! Both are written by hand: a few elements, every text and URL through [`xml_escape`], and
//! absolute URLs from [`PageAddress`]. Both are bounded: [`FEED_ENTRIES`] entries, and the
//! sitemap protocol's 50,000 URLs.

use crate::i18n::Locale;
use std::fmt::Write as _;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;

use super::PageAddress;
use crate::app::AppState;
use crate::db::models::{Article, Award, Category, Programme, Topic, feed};
use crate::error::AppError;
use crate::views::articles::rfc3339;

/// Entries of the Atom feed, products and articles together.
pub const FEED_ENTRIES: usize = 50;

/// URLs one sitemap file may hold (sitemaps.org). A catalogue past that would need a sitemap
/// index; until then the list is cut, products last.
pub const SITEMAP_URLS: usize = 50_000;

/// Characters of a product description shown as an entry's summary.
const SUMMARY_CHARS: usize = 300;

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// cannot hold at all (control characters other than tab and line breaks).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Entry {
    title: String,
    path: String,
    category: (&'static str, String),
    summary: String,
    published: NaiveDateTime,
    updated: NaiveDateTime,
}

fn xml_response(content_type: &'static str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body)
}

/// `GET /feed.xml`: the newest published products and articles, newest first.
pub async fn show_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    let limit = FEED_ENTRIES as i64;
    let (products, articles) = state
        .db
        .run(move |conn| {
            Ok((
                feed::newest_products(conn, limit)?,
                Article::latest(conn, now, limit)?,
            ))
        })
        .await?;
    let mut entries: Vec<Entry> = products
        .into_iter()
        .map(|p| Entry {
            title: p.name,
            path: format!("/san-pham/{}", p.slug),
            category: ("san-pham", "Sản phẩm mới".to_owned()),
            summary: p.description.chars().take(SUMMARY_CHARS).collect(),
            published: p.published_at,
            updated: p.updated_at.max(p.published_at),
        })
        .chain(articles.into_iter().filter_map(|a| {
            let published = a.publish_at?;
            Some(Entry {
                category: Topic::from_slug(&a.topic)
                    .map_or(("tin-tuc", "Tin tức".to_owned()), |t| {
                        (t.slug(), t.label(Locale::Vi))
                    }),
                title: a.title,
                path: format!("/tin-tuc/{}", a.slug),
                summary: a.summary,
                published,
                updated: a.updated_at.max(published),
            })
        }))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.published));
    entries.truncate(FEED_ENTRIES);
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(now);

    let mut xml = String::with_capacity(1024 + entries.len() * 600);
    let home = xml_escape(&address.absolute("/"));
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n\
         <title>hangviet: sản phẩm mới và tin tức</title>\n\
         <subtitle>Sản phẩm Việt đạt danh hiệu vừa được giới thiệu, cùng tin tức và hướng dẫn cho người tiêu dùng.</subtitle>\n\
         <id>{home}</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n\
         <updated>{}</updated>\n\
         <author><name>hangviet</name></author>\n",
        xml_escape(&address.absolute("/feed.xml")),
        rfc3339(updated),
    );
    for e in &entries {
        let url = xml_escape(&address.absolute(&e.path));
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <id>{url}</id>\n<published>{}</published>\n<updated>{}</updated>\n\
             <category term=\"{}\" label=\"{}\"/>\n",
            xml_escape(&e.title),
            rfc3339(e.published),
            rfc3339(e.updated),
            e.category.0,
            xml_escape(&e.category.1),
        );
        if !e.summary.is_empty() {
            let _ = writeln!(xml, "<summary>{}</summary>", xml_escape(&e.summary));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok(xml_response("application/atom+xml; charset=utf-8", xml))
}

/// `GET /sitemap.xml`: every public page: static pages, categories, award years, articles,
/// producers and products.
pub async fn show_sitemap(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    let budget = SITEMAP_URLS as i64;
    // The XML (up to 50,000 lines) is written on the blocking thread too, not the async worker.
    let xml = state
        .db
        .run(move |conn| {
            let mut pages: Vec<(String, Option<NaiveDateTime>)> = [
                "/",
                "/san-pham",
                "/nha-san-xuat",
                "/giai-thuong",
                "/tin-tuc",
            ]
            .into_iter()
            .map(|p| (p.to_owned(), None))
            .collect();
            for c in Category::all(conn)? {
                pages.push((format!("/danh-muc/{}", c.slug), None));
            }
            for (programme, year) in Award::programme_years(conn)? {
                if Programme::from_slug(&programme).is_some() {
                    pages.push((format!("/giai-thuong/{programme}/{year}"), None));
                }
            }
            for a in Article::latest(conn, now, budget)? {
                pages.push((format!("/tin-tuc/{}", a.slug), Some(a.updated_at)));
            }
            let left = |pages: &Vec<_>| budget - pages.len() as i64;
            for (slug, at) in feed::producer_pages(conn, left(&pages))? {
                pages.push((format!("/nha-san-xuat/{slug}"), Some(at)));
            }
            for (slug, at) in feed::product_pages(conn, left(&pages))? {
                pages.push((format!("/san-pham/{slug}"), Some(at)));
            }
            pages.truncate(SITEMAP_URLS);
            Ok(sitemap_xml(&address, &pages))
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", xml))
}

fn sitemap_xml(address: &PageAddress, pages: &[(String, Option<NaiveDateTime>)]) -> String {
    let mut xml = String::with_capacity(128 + pages.len() * 110);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, at) in pages {
        let _ = write!(
            xml,
            "<url><loc>{}</loc>",
            xml_escape(&address.absolute(path))
        );
        if let Some(at) = at {
            let _ = write!(xml, "<lastmod>{}</lastmod>", at.format("%Y-%m-%d"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape(r#"Cá <kho> & "tộ" 'Bá Kiến'"#),
            "Cá &lt;kho&gt; &amp; &quot;tộ&quot; &apos;Bá Kiến&apos;"
        );
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\td"), "abc\td");
    }
}
