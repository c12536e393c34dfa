//! The Atom feed (`/feed.xml`: newly published products, articles and events), the sitemap
//! index (`/sitemap.xml`) and its files (`/sitemap/*.xml`), and `robots.txt`, read from the
//! database and rendered by `templates/feeds/*.xml`, which the template engine escapes.
//! Absolute URLs come from [`PageAddress`]. All are bounded: [`FEED_ENTRIES`] entries, and
//! sitemap files of one id range ([`SITEMAP_RANGE`]) each, under the protocol's limits.

use chrono::NaiveDateTime;
use serde::Serialize;

use std::collections::HashMap;

use super::articles::rfc3339;
use super::{AwardBadge, Frame, PageAddress};
use crate::assets::Templates;
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::event::Event;
use crate::db::models::feed::{self, SitemapSection};
use crate::db::models::{Article, Award, Category, Programme, Topic};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// Entries of the Atom feed, products and articles together.
pub const FEED_ENTRIES: usize = 50;

/// URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_URLS: usize = 50_000;

/// Characters of a product description shown as an entry's summary.
const SUMMARY_CHARS: usize = 300;

/// `templates/feeds/atom.xml`.
#[derive(Debug, Serialize)]
pub struct Feed {
    /// The feed's language (`xml:lang`).
    pub lang: &'static str,
    pub home: String,
    pub self_url: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// One product or article of the feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub category_term: &'static str,
    pub category_label: String,
    /// Empty when there is none.
    pub summary: String,
    /// A product's awards with their state ("Danh hiệu: OCOP 4 sao · 2023 · hiệu lực đến
    /// 31/12/2026"); empty for articles and products without awards.
    pub awards: String,
    pub published: String,
    pub updated: String,
}

/// `templates/feeds/sitemap.xml`.
#[derive(Debug, Serialize)]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
}

/// A public page: its Vietnamese address (the canonical one), its English one, and the day
/// it last changed, when known.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub vi: String,
    pub en: String,
    pub lastmod: Option<String>,
}

/// The newest published products, articles and events (fairs, product weeks), newest first, in the page's language.
pub fn load_feed(
    conn: &mut DbConnection,
    address: &PageAddress,
    now: NaiveDateTime,
) -> Result<Feed, AppError> {
    let locale = address.locale;
    let limit = FEED_ENTRIES as i64;
    let products = feed::newest_products(conn, limit)?;
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let today = vietnam_time(now).date();
    let mut awards: HashMap<i32, Vec<AwardBadge>> = HashMap::new();
    for a in Award::for_products(conn, &ids)? {
        if let Some(id) = a.product_id {
            awards
                .entry(id)
                .or_default()
                .push(AwardBadge::new(&a, today, locale));
        }
    }
    let articles = Article::latest(conn, now, limit)?;
    let events = Event::latest_published(conn, limit)?;
    let mut entries: Vec<(NaiveDateTime, NaiveDateTime, FeedEntry)> = products
        .into_iter()
        .map(|p| {
            let updated = p.updated_at.max(p.published_at);
            let awards = match awards.get_mut(&p.id) {
                Some(badges) => {
                    AwardBadge::valid_first(badges);
                    let list: Vec<&str> = badges.iter().map(|b| b.text.as_str()).collect();
                    locale.msg(&Msg::new("feed-awards").arg("list", list.join("; ")))
                }
                None => String::new(),
            };
            let entry = FeedEntry {
                awards,
                url: address.absolute(&format!("/san-pham/{}", p.slug)),
                title: if p.is_demo {
                    locale.msg(&Msg::new("fictional-feed-title").arg("name", p.name))
                } else {
                    p.name
                },
                category_term: "san-pham",
                category_label: locale.t("feed-category-products"),
                summary: p.description.chars().take(SUMMARY_CHARS).collect(),
                published: rfc3339(p.published_at),
                updated: rfc3339(updated),
            };
            (p.published_at, updated, entry)
        })
        .chain(articles.into_iter().filter_map(|a| {
            let published = a.publish_at?;
            let updated = a.updated_at.max(published);
            let (category_term, category_label) = Topic::from_slug(&a.topic)
                .map_or(("tin-tuc", locale.t("feed-category-news")), |t| {
                    (t.slug(), t.label(locale))
                });
            let entry = FeedEntry {
                url: address.absolute(&format!("/tin-tuc/{}", a.slug)),
                title: a.title,
                category_term,
                category_label,
                summary: a.summary,
                awards: String::new(),
                published: rfc3339(published),
                updated: rfc3339(updated),
            };
            Some((published, updated, entry))
        }))
        .chain(events.into_iter().filter_map(|e| {
            let published = e.published_at?;
            let updated = e.updated_at.max(published);
            let place: Vec<&str> = [e.venue.as_str(), e.address.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            let when = super::events::dates_label(e.starts_on, e.ends_on, locale);
            let (name, description) = match locale {
                Locale::En if !e.name_en.is_empty() => (e.name_en, e.description_en),
                _ => (e.name, e.description),
            };
            let about = locale.msg(
                &Msg::new("feed-event-summary")
                    .arg("kind", e.kind.label(locale))
                    .arg("dates", when)
                    .arg("place", place.join(", ")),
            );
            let summary: String = format!("{about}\n{description}")
                .trim_end()
                .chars()
                .take(SUMMARY_CHARS)
                .collect();
            let entry = FeedEntry {
                url: address.absolute(&format!("/hoi-cho/{}", e.slug)),
                title: name,
                category_term: "hoi-cho",
                category_label: locale.t("feed-category-events"),
                summary,
                awards: String::new(),
                published: rfc3339(published),
                updated: rfc3339(updated),
            };
            Some((published, updated, entry))
        }))
        .collect();
    entries.sort_by_key(|(published, _, _)| std::cmp::Reverse(*published));
    entries.truncate(FEED_ENTRIES);
    let updated = entries.iter().map(|(_, u, _)| *u).max().unwrap_or(now);
    Ok(Feed {
        lang: locale.code(),
        home: address.absolute("/"),
        self_url: address.absolute("/feed.xml"),
        updated: rfc3339(updated),
        entries: entries.into_iter().map(|(_, _, e)| e).collect(),
    })
}

/// Ids one sitemap file covers. A file holds at most this many URLs whatever the table's
/// size (ids are unique), well under the protocol's 50,000; at four addresses of a few
/// hundred bytes per URL it also stays far under its 50 MB.
pub const SITEMAP_RANGE: i32 = 10_000;

/// Files one sitemap index may list (sitemaps.org): with [`SITEMAP_RANGE`] ids per file, more
/// than any table of this site will hold.
pub const SITEMAP_FILES: usize = 50_000;

/// `templates/feeds/sitemap_index.xml`.
#[derive(Debug, Serialize)]
pub struct SitemapIndex {
    pub sitemaps: Vec<SitemapFile>,
}

/// One file of the sitemap index: its absolute address and when its newest page changed.
#[derive(Debug, Serialize)]
pub struct SitemapFile {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// A sitemap file's name: `trang.xml` (the pages that are not rows of a growing table) or
/// `{section}-{n}.xml`, the `n`-th id range of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapPart {
    Pages,
    Range(SitemapSection, u32),
}

impl SitemapPart {
    /// The part named `file`; `None` for any other name.
    pub fn parse(file: &str) -> Option<SitemapPart> {
        let stem = file.strip_suffix(".xml")?;
        if stem == "trang" {
            return Some(SitemapPart::Pages);
        }
        let (section, n) = stem.rsplit_once('-')?;
        let section = SitemapSection::from_slug(section)?;
        if n.is_empty() || n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = n.parse().ok()?;
        Some(SitemapPart::Range(section, n))
            .filter(|part| part.ids().is_some() || matches!(part, SitemapPart::Pages))
    }

    /// The file's path: `/sitemap/san-pham-3.xml`.
    pub fn path(self) -> String {
        match self {
            SitemapPart::Pages => "/sitemap/trang.xml".to_owned(),
            SitemapPart::Range(section, n) => format!("/sitemap/{}-{n}.xml", section.slug()),
        }
    }

    /// The ids a range file covers (both ends included): `n` = 1 is 1..=10,000.
    fn ids(self) -> Option<(i32, i32)> {
        let SitemapPart::Range(_, n) = self else {
            return None;
        };
        let range = i64::from(SITEMAP_RANGE);
        let lo = (i64::from(n) - 1) * range + 1;
        let hi = lo + range - 1;
        Some((
            i32::try_from(lo).ok()?,
            i32::try_from(hi).unwrap_or(i32::MAX),
        ))
    }
}

/// The sitemap index: the pages file, then every id range of every section that holds at
/// least one public page, with the time its newest page changed. One bounded aggregate per
/// range (a primary-key range scan), never a query over a whole table.
pub fn load_sitemap_index(
    conn: &mut DbConnection,
    address: &PageAddress,
    now: NaiveDateTime,
) -> Result<SitemapIndex, AppError> {
    let file = |part: SitemapPart, at: Option<NaiveDateTime>| SitemapFile {
        loc: address.absolute_in(Locale::Vi, &part.path()),
        lastmod: at.map(rfc3339),
    };
    let mut sitemaps = vec![file(SitemapPart::Pages, None)];
    for section in SitemapSection::ALL {
        let Some(max_id) = section.max_id(conn)? else {
            continue;
        };
        let ranges = u32::try_from(max_id.max(0) / SITEMAP_RANGE + 1).unwrap_or(0);
        for n in 1..=ranges {
            let part = SitemapPart::Range(section, n);
            let Some(ids) = part.ids() else { break };
            if let Some(at) = section.range_stamp(conn, ids, now)? {
                sitemaps.push(file(part, Some(at)));
            }
        }
    }
    sitemaps.truncate(SITEMAP_FILES);
    Ok(SitemapIndex { sitemaps })
}

/// One sitemap file: the site's fixed pages, categories and award years (`trang.xml`), or the
/// public pages of one id range of a section. `None` when a range holds no public page.
pub fn load_sitemap(
    conn: &mut DbConnection,
    address: &PageAddress,
    part: SitemapPart,
    now: NaiveDateTime,
) -> Result<Option<Sitemap>, AppError> {
    let pages: Vec<(String, Option<NaiveDateTime>)> = match part {
        SitemapPart::Pages => {
            let mut pages: Vec<(String, Option<NaiveDateTime>)> = [
                "/",
                "/san-pham",
                "/nha-san-xuat",
                "/diem-ban",
                "/giai-thuong",
                "/giai-thuong/gioi-thieu",
                "/tin-tuc",
                "/hoi-cho",
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
            pages.truncate(SITEMAP_URLS);
            pages
        }
        SitemapPart::Range(section, _) => {
            let Some(ids) = part.ids() else {
                return Ok(None);
            };
            let rows = section.pages_in(conn, ids, now)?;
            if rows.is_empty() {
                return Ok(None);
            }
            rows.into_iter()
                .map(|(slug, at)| (format!("/{}/{slug}", section.slug()), Some(at)))
                .collect()
        }
    };
    let urls = pages
        .into_iter()
        .map(|(path, at)| SitemapUrl {
            vi: address.absolute_in(Locale::Vi, &path),
            en: address.absolute_in(Locale::En, &path),
            lastmod: at.map(|at| at.format("%Y-%m-%d").to_string()),
        })
        .collect();
    Ok(Some(Sitemap { urls }))
}

/// `robots.txt`: crawlers may read the public site, not the officials' and businesses' areas,
/// account pages, search answers (endless and thin) or pages made for one visitor's position;
/// the sitemap index is named by its absolute address.
pub fn robots_txt(origin: &str) -> String {
    const PRIVATE: &[&str] = &[
        "/quan-tri",
        "/doanh-nghiep",
        "/tai-khoan",
        "/dang-ky",
        "/dang-nhap",
        "/dang-xuat",
        "/xac-nhan-email",
        "/quen-mat-khau",
        "/dat-lai-mat-khau",
        "/tim-kiem",
        "/api/v1/search",
        "/api/v1/suggest",
        "/san-pham/*/bao-cao",
        "/*?*near=",
    ];
    let mut out = String::from("User-agent: *\nAllow: /\n");
    for path in PRIVATE {
        out.push_str(&format!("Disallow: {path}\n"));
    }
    for path in PRIVATE {
        out.push_str(&format!("Disallow: /en{path}\n"));
    }
    out.push_str(&format!("\nSitemap: {origin}/sitemap.xml\n"));
    out
}

/// The XML of `template` (`feeds/atom.xml`, `feeds/sitemap.xml`) with `page`, in the frame's
/// language: the same context as every page ([`super::frame::render_string`]), without the
/// HTML response around it.
pub fn render_xml(
    templates: &Templates,
    frame: &Frame,
    template: &str,
    page: &impl Serialize,
) -> Result<String, AppError> {
    super::frame::render_string(templates, frame, template, page)
}
