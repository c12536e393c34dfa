//! Pages of the articles (`/tin-tuc`), and how an article becomes one.
//!
//! An article may have an English version. The English site shows it when there is one;
//! otherwise it shows the Vietnamese article, with `lang="vi"` on the Vietnamese text and a
//! note saying it is only available in Vietnamese ([`ArticlePage::only_vietnamese`]).
//!
//! `ArticlePage::body_html` is the article's stored, sanitised HTML (see `crate::markdown`):
//! the one piece of user-written text a template may output with `| safe`.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{FilterOption, PageAddress, PageMeta, Pagination};
use crate::clock::vietnam_time;
use crate::db::DbConnection;
use crate::db::models::PageRequest;
use crate::db::models::article::{Article, ArticleSummary, Topic, Visibility};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// The text of an article in the page's language, or the Vietnamese text when it has no
/// version in that language: `lang` is then `Some("vi")`, for the elements holding it.
struct Shown<'a> {
    title: &'a str,
    summary: &'a str,
    lang: Option<&'static str>,
}

fn shown<'a>(
    locale: Locale,
    vi: (&'a str, &'a str),
    en: (&'a str, &'a str),
    has_english: bool,
) -> Shown<'a> {
    match locale {
        Locale::En if has_english => Shown {
            title: en.0,
            summary: en.1,
            lang: None,
        },
        Locale::En => Shown {
            title: vi.0,
            summary: vi.1,
            lang: Some("vi"),
        },
        Locale::Vi => Shown {
            title: vi.0,
            summary: vi.1,
            lang: None,
        },
    }
}

/// An article in a list: the home page, `/tin-tuc`.
#[derive(Debug, Serialize)]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// `vi` when the page is in another language and the article has no version in it.
    pub lang: Option<&'static str>,
    pub topic: String,
    pub topic_label: String,
    /// "15/03/2026", Vietnam time; empty when never published.
    pub date: String,
    /// "2026-03-15", for `<time datetime>`.
    pub date_iso: String,
}

impl ArticleCard {
    /// The card of `a` on a page in `locale`.
    pub fn new(a: &ArticleSummary, locale: Locale) -> ArticleCard {
        let (date, date_iso) = dates(a.publish_at);
        let text = shown(
            locale,
            (&a.title, &a.summary),
            (&a.title_en, &a.summary_en),
            !a.title_en.is_empty(),
        );
        ArticleCard {
            slug: a.slug.clone(),
            title: text.title.to_owned(),
            summary: text.summary.to_owned(),
            lang: text.lang,
            topic_label: Topic::label_of(&a.topic, locale),
            topic: a.topic.clone(),
            date,
            date_iso,
        }
    }
}

fn dates(at: Option<NaiveDateTime>) -> (String, String) {
    at.map(vietnam_time).map_or_else(Default::default, |t| {
        (
            t.format("%d/%m/%Y").to_string(),
            t.format("%Y-%m-%d").to_string(),
        )
    })
}

/// `2026-03-15T01:00:00Z`: the form Atom, the sitemap and JSON-LD read.
pub fn rfc3339(utc: NaiveDateTime) -> String {
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `/tin-tuc`.
#[derive(Debug, Serialize)]
pub struct ArticleListPage {
    pub meta: PageMeta,
    pub heading: String,
    pub topics: Vec<FilterOption>,
    pub articles: Vec<ArticleCard>,
    pub pagination: Pagination,
}

impl ArticleListPage {
    /// Public articles at `now`, newest first, optionally of one topic.
    pub fn load(
        conn: &mut DbConnection,
        address: &PageAddress,
        topic: Option<Topic>,
        page: PageRequest,
        now: NaiveDateTime,
    ) -> Result<ArticleListPage, AppError> {
        let locale = address.locale;
        let paged = Article::published(conn, topic, now, page)?;
        let filter: Vec<(&str, String)> = topic
            .map(|t| vec![("chu-de", t.slug().to_owned())])
            .unwrap_or_default();
        let heading = topic.map_or_else(|| locale.t("article-list-heading"), |t| t.label(locale));
        Ok(ArticleListPage {
            meta: address.meta(
                "news",
                heading.clone(),
                locale.t("article-list-description"),
            ),
            heading,
            topics: Topic::ALL
                .iter()
                .map(|t| FilterOption {
                    value: t.slug().to_owned(),
                    label: t.label(locale),
                    selected: Some(*t) == topic,
                })
                .collect(),
            articles: paged
                .items
                .iter()
                .map(|a| ArticleCard::new(a, locale))
                .collect(),
            pagination: Pagination::new(
                &locale.path(&address.path),
                &filter,
                paged.page.page,
                paged.last_page(),
                paged.total,
            ),
        })
    }
}

/// `/tin-tuc/{slug}`, and the officials' preview of any article.
#[derive(Debug, Serialize)]
pub struct ArticlePage {
    pub meta: PageMeta,
    pub json_ld: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub topic_label: String,
    pub date: String,
    pub date_iso: String,
    /// Sanitised when the article was saved; rendered unescaped.
    pub body_html: String,
    /// `vi` when the page is in another language and the article has no version in it:
    /// the article's own text is then marked as Vietnamese.
    pub lang: Option<&'static str>,
    /// The page is in another language, and the article is only available in Vietnamese.
    pub only_vietnamese: bool,
    /// Set on the officials' preview: what readers would see, with a banner.
    pub preview: Option<String>,
}

impl ArticlePage {
    /// The public page of `article`, in the address's language.
    pub fn new(address: &PageAddress, article: Article) -> Self {
        ArticlePage::with_banner(address, article, None)
    }

    /// The officials' preview of `article` at `now`: the public page with a banner saying
    /// whether readers see it yet.
    pub fn preview(address: &PageAddress, article: Article, now: NaiveDateTime) -> Self {
        let banner = match article.visibility(now) {
            Visibility::Draft => Msg::new("article-preview-draft"),
            Visibility::Scheduled => Msg::new("article-preview-scheduled")
                .arg("at", crate::views::admin::shown(article.publish_at)),
            Visibility::Public => Msg::new("article-preview-public"),
        };
        let banner = address.locale.msg(&banner);
        ArticlePage::with_banner(address, article, Some(banner))
    }

    fn with_banner(address: &PageAddress, article: Article, preview: Option<String>) -> Self {
        let locale = address.locale;
        let has_english = article.has_english();
        let text = shown(
            locale,
            (&article.title, &article.summary),
            (&article.title_en, &article.summary_en),
            has_english,
        );
        let (title, summary, lang) = (text.title.to_owned(), text.summary.to_owned(), text.lang);
        let url = address.absolute(&format!("/tin-tuc/{}", article.slug));
        let mut meta = address.meta("news", title.clone(), summary.clone());
        meta.canonical = url.clone();
        meta.og_type = "article";
        let topic_label = Topic::label_of(&article.topic, locale);
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            "description": summary,
            "inLanguage": lang.unwrap_or(locale.code()),
            "url": url,
            "mainEntityOfPage": url,
            "dateModified": rfc3339(article.updated_at),
            "articleSection": topic_label,
            "publisher": {
                "@type": "Organization",
                "name": locale.t("site-name"),
                "url": address.absolute("/"),
            },
        });
        if let Some(at) = article.publish_at {
            ld["datePublished"] = serde_json::Value::String(rfc3339(at));
        }
        let (date, date_iso) = dates(article.publish_at);
        let body_html = if locale == Locale::En && has_english {
            article.body_html_en
        } else {
            article.body_html
        };
        ArticlePage {
            meta,
            json_ld: super::json_for_script(&ld),
            topic_label,
            topic: article.topic,
            title,
            summary,
            date,
            date_iso,
            body_html,
            lang,
            only_vietnamese: lang.is_some(),
            preview,
        }
    }
}
