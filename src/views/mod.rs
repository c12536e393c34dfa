//! Typed page contexts rendered by tera, and the small view structs they share.
//!
//! A page's data is loaded by one function of its area's module (`views::catalogue`,
//! `views::producers` …), which takes a database connection and plain values (the page's
//! address and language, today's date, the reference data) and returns the page struct; the
//! handler calls it once and passes the struct to [`render`]. Every internal link a page
//! struct carries is already in the page's language. Templates escape everything; the only
//! `| safe` outputs are JSON-LD, which [`json_for_script`] has made safe for a `<script>`
//! element, and an article's body, sanitised when it was saved (`crate::markdown`).

pub mod account;
pub mod admin;
pub mod api_docs;
pub mod api_schema;
pub mod articles;
pub mod awards;
pub mod bulk;
pub mod business;
pub mod business_events;
pub mod business_vote;
pub mod buyers;
pub mod buyers_export;
pub mod catalogue;
pub mod charts;
pub mod events;
pub mod feeds;
pub mod filters;
pub mod forms;
pub mod frame;
pub mod home;
pub mod info;
pub mod jury;
pub mod open_data;
pub mod pages;
pub mod point_of_sale_forms;
pub mod producers;
pub mod report_form;
pub mod search;
pub mod search_api;
pub mod sharing;
pub mod vote;
pub mod where_to_buy;

use chrono::NaiveDate;
use diesel::QueryResult;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::models::{Award, Product, ProductImage, Programme, Validity};
use crate::i18n::Locale;
use crate::media;
use crate::reference::{CardContext, ProductExtras};

pub use frame::{Frame, PageAddress, render};

/// Serialises `value` as JSON that can sit inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as `\u00XX` escapes, so a `</script>` in a product name cannot
/// end the element.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

/// Title, description and link metadata of a page, used by `base.html`.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page.
    pub canonical: String,
    /// The page's picture for link previews (OpenGraph, Twitter cards), if it has one.
    pub og_image: Option<OgImage>,
    /// `website`, `product`, `profile`, `article`.
    pub og_type: &'static str,
    /// Which main-menu entry is current: "home", "products", "producers", "awards",
    /// "news", "events".
    pub section: &'static str,
}

/// A photo as link previews show it: the absolute URL of its largest stored variant, that
/// variant's size and the photo's alt text.
#[derive(Debug, Serialize)]
pub struct OgImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl OgImage {
    /// The largest variant of `image`; `fallback_alt` when the photo has no alt text (the
    /// product's name). `base_url` is the site's public address: photos have no language.
    pub fn of(base_url: &str, image: &ProductImage, fallback_alt: &str) -> OgImage {
        let width = u32::try_from(image.width).unwrap_or(0);
        let height = u32::try_from(image.height).unwrap_or(0);
        let name = media::variant_widths(image.width)
            .last()
            .copied()
            .unwrap_or(media::VARIANT_WIDTHS[0]);
        let kept = name.min(width).max(1);
        OgImage {
            url: format!("{base_url}{}", media::url(&image.content_hash, name)),
            width: kept,
            height: media::variant_height(width, height, kept),
            alt: if image.alt.is_empty() {
                fallback_alt.to_owned()
            } else {
                image.alt.clone()
            },
        }
    }
}

/// A product as shown in lists.
#[derive(Debug, Serialize)]
pub struct ProductCard {
    pub name: String,
    /// The product page, in the page's language.
    pub url: String,
    pub producer_name: String,
    pub producer_url: String,
    pub province: String,
    pub awards: Vec<AwardBadge>,
    pub image: Option<ImageView>,
    /// Generated for a load test: the card says "Dữ liệu minh họa".
    pub fictional: bool,
    /// The category's slug: without a photo, the card shows its illustration.
    pub category: String,
}

/// Cards for `products`, in the order given, in `locale`: 3 queries whatever the number of
/// products. Awards are judged expired on `today`.
pub fn cards(
    conn: &mut DbConnection,
    ctx: &CardContext,
    locale: Locale,
    today: NaiveDate,
    products: Vec<Product>,
) -> QueryResult<Vec<ProductCard>> {
    let ProductExtras {
        producers,
        awards,
        covers,
    } = ProductExtras::load(conn, &products)?;
    Ok(products
        .into_iter()
        .filter_map(|product| {
            let producer = producers.get(&product.producer_id)?;
            Some(ProductCard {
                url: locale.path(&format!("/san-pham/{}", product.slug)),
                name: product.name.clone(),
                producer_name: producer.name.clone(),
                producer_url: locale.path(&format!("/nha-san-xuat/{}", producer.slug)),
                province: ctx.province_label_in(producer, locale),
                fictional: product.is_demo || producer.is_demo,
                awards: awards
                    .get(&product.id)
                    .map(|list| {
                        let mut badges: Vec<AwardBadge> = list
                            .iter()
                            .map(|a| AwardBadge::new(a, today, locale))
                            .collect();
                        AwardBadge::valid_first(&mut badges);
                        badges
                    })
                    .unwrap_or_default(),
                image: covers
                    .get(&product.id)
                    .map(|img| ImageView::new(img, &product.name)),
                category: ctx
                    .category(product.category_id)
                    .map(|c| c.slug.clone())
                    .unwrap_or_default(),
            })
        })
        .collect())
}

/// An award as a badge: "OCOP 5 sao · 2022" and its state ("hiệu lực đến 31/12/2026",
/// "hết hiệu lực", "không ghi thời hạn"). Every surface that shows an award shows these.
#[derive(Debug, Serialize)]
pub struct AwardBadge {
    pub programme: String,
    pub programme_name: String,
    pub programme_short: String,
    pub year: i32,
    pub tier: Option<String>,
    pub tier_label: Option<String>,
    pub certificate_no: Option<String>,
    /// The end of validity as pages print it (dd/mm/yyyy).
    pub valid_until: Option<String>,
    /// The end of validity in ISO 8601, for `<time datetime>`.
    pub valid_until_iso: Option<String>,
    pub expired: bool,
    /// `valid`, `expired` or `no_end_date` (also the badge's CSS modifier).
    pub status: Validity,
    /// The state in words: "hiệu lực đến 31/12/2026", "hết hiệu lực", "không ghi thời hạn".
    pub status_label: String,
    pub source_url: Option<String>,
    /// CSS modifier: programme and tier, e.g. `ocop-5`, `hvn-yeu-thich-top1`, `thqg`.
    pub css: String,
    /// Programme, tier and year: "OCOP 5 sao · 2022". Put together here because every card
    /// prints it.
    pub label: String,
    /// The label with the state: "OCOP 5 sao · 2022 · hết hiệu lực" (feeds, plain text).
    pub text: String,
}

/// `url` if it is a web link. Stored addresses are rendered as links only through this, so no
/// `javascript:` (or other scheme) from stored data ever reaches a page or a client.
pub fn web_link(url: &str) -> Option<String> {
    (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_owned())
}

impl AwardBadge {
    /// The badge of `award` in `locale`, its state judged on `today`.
    pub fn new(award: &Award, today: NaiveDate, locale: Locale) -> AwardBadge {
        let mut badge = AwardBadge::from_parts(
            award.programme.slug(),
            award.year,
            award.tier.as_deref(),
            award.valid_until,
            today,
            locale,
        );
        badge.certificate_no = award
            .certificate_no
            .clone()
            .filter(|c| !c.trim().is_empty());
        badge.source_url = award.source_url.as_deref().and_then(web_link);
        badge
    }

    /// A badge from programme, year, tier and end of validity alone (search results carry
    /// no more), its state judged on `today`.
    pub fn from_parts(
        programme_slug: &str,
        year: i32,
        tier: Option<&str>,
        valid_until: Option<NaiveDate>,
        today: NaiveDate,
        locale: Locale,
    ) -> AwardBadge {
        let programme = Programme::from_slug(programme_slug);
        let tier = tier.filter(|t| !t.is_empty()).map(str::to_owned);
        let programme_short = programme.map(|p| p.short_name(locale)).unwrap_or_default();
        let tier_label = match (programme, &tier) {
            (Some(p), Some(t)) => Some(p.tier_label(t, locale)),
            _ => None,
        };
        let validity = Validity::of(valid_until, today);
        let until = valid_until.map(|d| d.format("%d/%m/%Y").to_string());
        let status_label = validity_words(validity, until.as_deref(), locale);
        let label = match &tier_label {
            Some(tier) => format!("{programme_short} {tier} · {year}"),
            None => format!("{programme_short} · {year}"),
        };
        AwardBadge {
            programme: programme_slug.to_owned(),
            programme_name: programme.map(|p| p.name(locale)).unwrap_or_default(),
            text: format!("{label} · {status_label}"),
            label,
            programme_short,
            year,
            tier_label,
            css: match &tier {
                Some(t) => format!("{programme_slug}-{t}"),
                None => programme_slug.to_owned(),
            },
            tier,
            certificate_no: None,
            valid_until: until,
            valid_until_iso: valid_until.map(|d| d.format("%Y-%m-%d").to_string()),
            expired: validity == Validity::Expired,
            status: validity,
            status_label,
            source_url: None,
        }
    }

    /// Awards that still hold (or may) before expired ones; otherwise in the order given.
    pub fn valid_first(badges: &mut [AwardBadge]) {
        badges.sort_by_key(|b| b.status.rank());
    }
}

/// An award's state in words: "hiệu lực đến 31/12/2026", "hết hiệu lực",
/// "không ghi thời hạn".
pub fn validity_words(validity: Validity, until: Option<&str>, locale: Locale) -> String {
    match (validity, until) {
        (Validity::Valid, Some(date)) => {
            locale.msg(&crate::i18n::Msg::new("badge-valid-until").arg("date", date))
        }
        (Validity::Expired, _) => locale.t("badge-expired"),
        _ => locale.t("badge-no-end-date"),
    }
}

/// A photo with its responsive variants.
#[derive(Debug, Serialize)]
pub struct ImageView {
    pub src: String,
    pub srcset: String,
    pub width: i32,
    pub height: i32,
    pub alt: String,
}

impl ImageView {
    /// `fallback_alt` is used when the photo has no alt text of its own (the product name).
    pub fn new(image: &ProductImage, fallback_alt: &str) -> ImageView {
        let widths = media::variant_widths(image.width);
        let src = media::url(&image.content_hash, widths.last().copied().unwrap_or(320));
        let srcset = widths
            .iter()
            .map(|w| format!("{} {w}w", media::url(&image.content_hash, *w)))
            .collect::<Vec<_>>()
            .join(", ");
        ImageView {
            src,
            srcset,
            width: image.width,
            height: image.height,
            alt: if image.alt.is_empty() {
                fallback_alt.to_owned()
            } else {
                image.alt.clone()
            },
        }
    }
}

/// A value in a filter drop-down.
#[derive(Debug, Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Links between pages of a list; every link keeps the list's filters. The path given is the
/// list's path in the page's language (`locale.path(..)`), so the links are too.
#[derive(Debug, Serialize)]
pub struct Pagination {
    pub page: i64,
    pub last_page: i64,
    pub total: i64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Page numbers around the current one; `None` stands for a gap ("…").
    pub links: Vec<Option<PageLink>>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: i64,
    pub url: String,
    pub current: bool,
}

impl Pagination {
    /// `path` is the list's path as the page's links show it; `params` are the list's filters
    /// as query pairs, without `page`.
    pub fn new(
        path: &str,
        params: &[(&str, String)],
        page: i64,
        last_page: i64,
        total: i64,
    ) -> Self {
        let url = |n: i64| {
            let mut pairs: Vec<(&str, String)> = params.to_vec();
            if n > 1 {
                pairs.push(("page", n.to_string()));
            }
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            }
        };
        let mut links = Vec::new();
        let mut previous = 0;
        for n in 1..=last_page {
            if n == 1 || n == last_page || (n - page).abs() <= 2 {
                if n - previous > 1 {
                    links.push(None);
                }
                links.push(Some(PageLink {
                    number: n,
                    url: url(n),
                    current: n == page,
                }));
                previous = n;
            }
        }
        Pagination {
            page,
            last_page,
            total,
            prev_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < last_page).then(|| url(page + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_script_cannot_close_the_element() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script> & co"});
        let out = json_for_script(&v);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back, v);
    }

    #[test]
    fn pagination_keeps_filters_and_elides() {
        let p = Pagination::new("/san-pham", &[("category", "thuc-pham".into())], 5, 20, 480);
        assert_eq!(
            p.prev_url.as_deref(),
            Some("/san-pham?category=thuc-pham&page=4")
        );
        assert_eq!(
            p.next_url.as_deref(),
            Some("/san-pham?category=thuc-pham&page=6")
        );
        let numbers: Vec<Option<i64>> = p
            .links
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect();
        assert_eq!(
            numbers,
            vec![
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(20)
            ]
        );
        let first = Pagination::new("/san-pham", &[], 1, 1, 3);
        assert!(first.prev_url.is_none() && first.next_url.is_none());
    }
}
