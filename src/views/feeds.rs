//! The Atom feed (`/feed.xml`: newly published products, articles and events) and the sitemap
//! (`/sitemap.xml`), read from the database and rendered by `templates/feeds/*.xml`, which
//! the template engine escapes. Absolute URLs come from [`PageAddress`]. Both are bounded:
//! [`FEED_ENTRIES`] entries, and the sitemap protocol's [`SITEMAP_URLS`].

use chrono::NaiveDateTime;
use serde::Serialize;

use std::collections::HashMap;

use super::articles::rfc3339;
use super::{AwardBadge, Frame, PageAddress};
use crate::assets::Templates;
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::event::Event;
use crate::db::models::{Article, Award, Category, Programme, Topic, feed};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// Entries of the Atom feed, products and articles together.
pub const FEED_ENTRIES: usize = 50;

/// URLs one sitemap file may hold (sitemaps.org). A catalogue past that would need a sitemap
/// index; until then the list is cut, products last.
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

/// Every public page: static pages, categories, award years, articles, events, producers
/// and products, each with its English alternate.
pub fn load_sitemap(
    conn: &mut DbConnection,
    address: &PageAddress,
    now: NaiveDateTime,
) -> Result<Sitemap, AppError> {
    let budget = SITEMAP_URLS as i64;
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
    for a in Article::latest(conn, now, budget)? {
        pages.push((format!("/tin-tuc/{}", a.slug), Some(a.updated_at)));
    }
    for e in Event::latest_published(conn, budget)? {
        pages.push((format!("/hoi-cho/{}", e.slug), Some(e.updated_at)));
    }
    let left = |pages: &Vec<_>| budget - pages.len() as i64;
    for (slug, at) in feed::producer_pages(conn, left(&pages))? {
        pages.push((format!("/nha-san-xuat/{slug}"), Some(at)));
    }
    for (slug, at) in feed::product_pages(conn, left(&pages))? {
        pages.push((format!("/san-pham/{slug}"), Some(at)));
    }
    pages.truncate(SITEMAP_URLS);
    let urls = pages
        .into_iter()
        .map(|(path, at)| SitemapUrl {
            vi: address.absolute_in(Locale::Vi, &path),
            en: address.absolute_in(Locale::En, &path),
            lastmod: at.map(|at| at.format("%Y-%m-%d").to_string()),
        })
        .collect();
    Ok(Sitemap { urls })
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
