//! Page structs of the articles (`/tin-tuc`), and how an article becomes one.
//!
//! `ArticlePage::body_html` is the article's stored, sanitised HTML (see `crate::markdown`):
//! the one piece of user-written text a template may output with `| safe`.

use crate::i18n::Locale;
use chrono::NaiveDateTime;
use serde::Serialize;

use super::PageAddress;
use super::{FilterOption, PageMeta, Pagination};
use crate::clock::vietnam_time;
use crate::db::models::article::{Article, ArticleSummary, Topic};

/// An article in a list: the home page, `/tin-tuc`.
#[derive(Debug, Serialize)]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub topic_label: String,
    /// "15/03/2026", Vietnam time; empty when never published.
    pub date: String,
    /// "2026-03-15", for `<time datetime>`.
    pub date_iso: String,
}

impl ArticleCard {
    pub fn new(a: &ArticleSummary) -> ArticleCard {
        let (date, date_iso) = dates(a.publish_at);
        ArticleCard {
            slug: a.slug.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            topic_label: Topic::label_of(&a.topic, Locale::Vi),
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
    /// Set on the officials' preview: what readers would see, with a banner.
    pub preview: Option<String>,
}

impl ArticlePage {
    /// The page of `article`; `preview` is the banner of the officials' preview.
    pub fn new(address: &PageAddress, article: Article, preview: Option<String>) -> Self {
        let url = address.absolute(&format!("/tin-tuc/{}", article.slug));
        let mut meta = address.meta("news", article.title.clone(), article.summary.clone());
        meta.canonical = url.clone();
        meta.og_type = "article";
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": article.title,
            "description": article.summary,
            "inLanguage": "vi",
            "url": url,
            "mainEntityOfPage": url,
            "dateModified": rfc3339(article.updated_at),
            "articleSection": Topic::label_of(&article.topic, Locale::Vi),
            "publisher": {
                "@type": "Organization",
                "name": "hangviet",
                "url": address.absolute("/"),
            },
        });
        if let Some(at) = article.publish_at {
            ld["datePublished"] = serde_json::Value::String(rfc3339(at));
        }
        let (date, date_iso) = dates(article.publish_at);
        ArticlePage {
            meta,
            json_ld: super::json_for_script(&ld),
            topic_label: Topic::label_of(&article.topic, Locale::Vi),
            topic: article.topic,
            title: article.title,
            summary: article.summary,
            date,
            date_iso,
            body_html: article.body_html,
            preview,
        }
    }
}
