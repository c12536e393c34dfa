//! `/quan-tri/tin-tuc`: every article with its state; the article form (new or existing,
//! with its optional English version).

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::article::Visibility;
use crate::db::models::{Article, PageRequest, Topic};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::{FilterOption, PageAddress, PageMeta, Pagination};

#[derive(Debug, Serialize)]
pub struct ArticleRow {
    pub id: i32,
    pub title: String,
    pub topic: String,
    pub visibility: String,
    /// Whether the article has an English version.
    pub english: bool,
    pub publish_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct ArticleListPage {
    pub meta: PageMeta,
    pub articles: Vec<ArticleRow>,
    pub pagination: Pagination,
}

/// Every article, most recently changed first.
pub fn load_list(
    conn: &mut DbConnection,
    address: &PageAddress,
    page: PageRequest,
    now: NaiveDateTime,
) -> Result<ArticleListPage, AppError> {
    let locale = address.locale;
    let paged = Article::all(conn, page)?;
    let path = locale.path("/quan-tri/tin-tuc");
    Ok(ArticleListPage {
        meta: meta(address, locale.t("admin-articles-title")),
        pagination: Pagination::new(&path, &[], page.page, paged.last_page(), paged.total),
        articles: paged
            .items
            .into_iter()
            .map(|a| ArticleRow {
                id: a.id,
                topic: Topic::label_of(&a.topic, locale),
                visibility: Visibility::of(a.status, a.publish_at, now).label(locale),
                english: !a.title_en.is_empty(),
                publish_at: shown(a.publish_at),
                updated_at: shown(Some(a.updated_at)),
                title: a.title,
            })
            .collect(),
    })
}

/// Where a stored article stands, above its form.
#[derive(Debug, Serialize)]
pub struct ArticleState {
    pub id: i32,
    pub slug: String,
    pub visibility: String,
    pub is_draft: bool,
    pub is_public: bool,
    pub publish_at: String,
}

#[derive(Debug, Serialize)]
pub struct ArticleFormPage {
    pub meta: PageMeta,
    pub form: FormState,
    /// Where the form posts, in the page's language.
    pub action: String,
    pub heading: String,
    pub topics: Vec<FilterOption>,
    pub article: Option<ArticleState>,
}

/// The form of `article` (a new one when `None`), filled with `form`.
pub fn form_page(
    address: &PageAddress,
    form: FormState,
    article: Option<&Article>,
    now: NaiveDateTime,
) -> ArticleFormPage {
    let locale = address.locale;
    let selected = form.values.get("topic").cloned().unwrap_or_default();
    let heading = article.map_or_else(
        || locale.t("admin-article-new"),
        |a| locale.msg(&Msg::new("admin-article-edit").arg("title", &a.title)),
    );
    ArticleFormPage {
        meta: meta(address, heading.clone()),
        action: locale.path(&article.map_or_else(
            || "/quan-tri/tin-tuc/moi".to_owned(),
            |a| format!("/quan-tri/tin-tuc/{}", a.id),
        )),
        heading,
        topics: topic_options(&selected, locale),
        article: article.map(|a| {
            let visibility = a.visibility(now);
            ArticleState {
                id: a.id,
                slug: a.slug.clone(),
                visibility: visibility.label(locale),
                is_draft: visibility == Visibility::Draft,
                is_public: visibility == Visibility::Public,
                publish_at: shown(a.publish_at),
            }
        }),
        form,
    }
}

/// The topics as choices, `selected` chosen.
pub fn topic_options(selected: &str, locale: Locale) -> Vec<FilterOption> {
    Topic::ALL
        .iter()
        .map(|t| FilterOption {
            value: t.slug().to_owned(),
            label: t.label(locale),
            selected: t.slug() == selected,
        })
        .collect()
}

/// The form of article `id` after a failed save: what was typed, with its messages.
pub fn load_form(
    conn: &mut DbConnection,
    address: &PageAddress,
    id: i32,
    form: Option<FormState>,
    now: NaiveDateTime,
) -> Result<ArticleFormPage, AppError> {
    let article = Article::by_id(conn, id)?;
    let form = form.unwrap_or_else(|| form_of(&article, address.locale));
    Ok(form_page(address, form, Some(&article), now))
}

/// The form filled with the article as stored.
fn form_of(a: &Article, locale: Locale) -> FormState {
    FormState::new(locale)
        .value("title", a.title.clone())
        .value("summary", a.summary.clone())
        .value("topic", a.topic.clone())
        .value("body", a.body_markdown.clone())
        .value(
            "publish_at",
            a.publish_at
                .map(crate::clock::datetime_local)
                .unwrap_or_default(),
        )
        .value("title_en", a.title_en.clone())
        .value("summary_en", a.summary_en.clone())
        .value("body_en", a.body_markdown_en.clone())
}
