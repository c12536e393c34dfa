//! Articles officials write for consumers: rights, recognising quality, campaign news.
//!
//! An article is public when it is `published` and its `publish_at` (UTC) has passed, so an
//! official can schedule one ahead. `body_html` is always `body_markdown` rendered and
//! sanitised by [`crate::markdown::render`], written together; nothing else writes it (and
//! `body_html_en` likewise from `body_markdown_en`). Officials' changes are audited commands
//! in `crate::actions::articles`.

use crate::i18n::Locale;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{PageRequest, Paged};
use crate::db::schema::articles;
use crate::db::stored::text_enum;
use crate::db::{DbConnection, MultiBackend};
use crate::text::slugify;

text_enum! {
    /// Whether an official has published an article (it is public once `publish_at` passes
    /// too: see [`Visibility`]).
    pub enum ArticleStatus {
        Draft = "draft",
        Published = "published",
    }
}

/// What an article is about; the public list can be narrowed to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Consumer rights.
    ConsumerRights,
    /// Recognising genuine, quality goods.
    Recognising,
    /// Campaign news and events.
    News,
}

impl Topic {
    pub const ALL: [Topic; 3] = [Topic::ConsumerRights, Topic::Recognising, Topic::News];

    pub fn slug(self) -> &'static str {
        match self {
            Topic::ConsumerRights => "quyen-loi",
            Topic::Recognising => "nhan-biet",
            Topic::News => "tin-hoat-dong",
        }
    }

    /// The label shown to readers.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("topic-{}", self.slug()))
    }

    pub fn from_slug(slug: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// The label of a stored topic slug (empty for an unknown one).
    pub fn label_of(slug: &str, locale: Locale) -> String {
        Topic::from_slug(slug)
            .map(|t| t.label(locale))
            .unwrap_or_default()
    }
}

/// One article, body included.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = articles)]
pub struct Article {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    /// Sanitised HTML of `body_markdown`; safe to output unescaped.
    pub body_html: String,
    pub topic: String,
    pub status: ArticleStatus,
    /// When the article goes (or went) public, UTC.
    pub publish_at: Option<NaiveDateTime>,
    pub author_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The English version: empty when there is none (see [`Article::has_english`]).
    pub title_en: String,
    pub summary_en: String,
    pub body_markdown_en: String,
    /// Sanitised HTML of `body_markdown_en`; safe to output unescaped.
    pub body_html_en: String,
}

/// An article without its body, for lists, the feed and the sitemap.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleSummary {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub status: ArticleStatus,
    pub publish_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    /// Empty when the article has no English version.
    pub title_en: String,
    pub summary_en: String,
}

/// Where an article stands for readers at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Draft,
    /// Published, waiting for its `publish_at`.
    Scheduled,
    Public,
}

impl Visibility {
    pub fn of(
        status: ArticleStatus,
        publish_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Visibility {
        match (status, publish_at) {
            (ArticleStatus::Published, Some(at)) if at <= now => Visibility::Public,
            (ArticleStatus::Published, _) => Visibility::Scheduled,
            (ArticleStatus::Draft, _) => Visibility::Draft,
        }
    }

    /// The label of the officials' list.
    pub fn label(self, locale: Locale) -> String {
        locale.t(match self {
            Visibility::Draft => "visibility-draft",
            Visibility::Scheduled => "visibility-scheduled",
            Visibility::Public => "visibility-public",
        })
    }
}

/// What an official writes; checked by the form before it gets here.
#[derive(Debug, Clone)]
pub struct ArticleFields {
    pub title: String,
    pub summary: String,
    pub topic: Topic,
    pub body_markdown: String,
    /// UTC; `None` means "when published".
    pub publish_at: Option<NaiveDateTime>,
}

/// An article's optional English version, as an official writes it. All empty: none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleEnglish {
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
}

impl ArticleEnglish {
    /// Whether there is an English version (a title and a body).
    pub fn is_present(&self) -> bool {
        !self.title.is_empty() && !self.body_markdown.is_empty()
    }
}

/// Articles shown at most on one public page, in the feed and in the sitemap.
pub const MAX_LISTED: i64 = 50_000;

fn public(now: NaiveDateTime) -> articles::BoxedQuery<'static, MultiBackend> {
    articles::table
        .filter(articles::status.eq(ArticleStatus::Published))
        .filter(articles::publish_at.le(now))
        .into_boxed()
}

impl Article {
    /// Public articles, newest first, optionally of one topic.
    pub fn published(
        conn: &mut DbConnection,
        topic: Option<Topic>,
        now: NaiveDateTime,
        page: PageRequest,
    ) -> QueryResult<Paged<ArticleSummary>> {
        let query = || {
            let q = public(now);
            match topic {
                Some(t) => q.filter(articles::topic.eq(t.slug())),
                None => q,
            }
        };
        let total = query().count().get_result(conn)?;
        let items = query()
            .order((articles::publish_at.desc(), articles::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(ArticleSummary::as_select())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    /// The newest `limit` public articles (home page, feed, sitemap), at most [`MAX_LISTED`].
    pub fn latest(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<ArticleSummary>> {
        public(now)
            .order((articles::publish_at.desc(), articles::id.desc()))
            .limit(limit.clamp(0, MAX_LISTED))
            .select(ArticleSummary::as_select())
            .load(conn)
    }

    /// A public article by slug; drafts and scheduled ones are not found.
    pub fn public_by_slug(
        conn: &mut DbConnection,
        slug: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Article> {
        public(now)
            .filter(articles::slug.eq(slug.to_owned()))
            .select(Article::as_select())
            .first(conn)
    }

    /// Any article, for officials (edit, preview).
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Article> {
        articles::table
            .find(id)
            .select(Article::as_select())
            .first(conn)
    }

    /// Every article for officials, most recently changed first.
    pub fn all(conn: &mut DbConnection, page: PageRequest) -> QueryResult<Paged<ArticleSummary>> {
        let total = articles::table.count().get_result(conn)?;
        let items = articles::table
            .order((articles::updated_at.desc(), articles::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(ArticleSummary::as_select())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    pub fn visibility(&self, now: NaiveDateTime) -> Visibility {
        Visibility::of(self.status, self.publish_at, now)
    }

    /// Inserts an article with the given status and no audit row: the demo content uses
    /// it directly; officials go through [`Article::create`].
    pub(crate) fn insert(
        conn: &mut DbConnection,
        fields: &ArticleFields,
        status: ArticleStatus,
        author_id: Option<i32>,
    ) -> QueryResult<i32> {
        super::slug::insert_with_free_slug(
            conn,
            super::slug::SlugTable::Articles,
            &slugify(&fields.title),
            |conn, slug| {
                let english = ArticleEnglish::default();
                Article::insert_row(conn, slug, fields, &english, status, author_id)
            },
        )
    }

    /// Inserts the article under `slug`; returns its id. (Callers choose a free slug with
    /// `slug::insert_with_free_slug`, which retries on a clash.)
    pub fn insert_row(
        conn: &mut DbConnection,
        slug: &str,
        fields: &ArticleFields,
        english: &ArticleEnglish,
        status: ArticleStatus,
        author_id: Option<i32>,
    ) -> QueryResult<i32> {
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(articles::table)
            .values((
                articles::slug.eq(slug),
                articles::title.eq(&fields.title),
                articles::summary.eq(&fields.summary),
                articles::body_markdown.eq(&fields.body_markdown),
                articles::body_html.eq(crate::markdown::render(&fields.body_markdown)),
                articles::topic.eq(fields.topic.slug()),
                articles::status.eq(status),
                articles::publish_at.eq(fields.publish_at),
                articles::author_id.eq(author_id),
                articles::created_at.eq(now),
                articles::updated_at.eq(now),
                articles::title_en.eq(&english.title),
                articles::summary_en.eq(&english.summary),
                articles::body_markdown_en.eq(&english.body_markdown),
                articles::body_html_en.eq(english_html(english)),
            ))
            .returning(articles::id)
            .get_result(conn)
    }

    /// Saves new content; the slug stays, since other sites link to it. Not found: diesel's
    /// `NotFound`.
    pub fn save(
        conn: &mut DbConnection,
        id: i32,
        fields: &ArticleFields,
        english: &ArticleEnglish,
    ) -> QueryResult<()> {
        let changed = diesel::update(articles::table.find(id))
            .set((
                articles::title.eq(&fields.title),
                articles::summary.eq(&fields.summary),
                articles::body_markdown.eq(&fields.body_markdown),
                articles::body_html.eq(crate::markdown::render(&fields.body_markdown)),
                articles::topic.eq(fields.topic.slug()),
                articles::publish_at.eq(fields.publish_at),
                articles::updated_at.eq(chrono::Utc::now().naive_utc()),
                articles::title_en.eq(&english.title),
                articles::summary_en.eq(&english.summary),
                articles::body_markdown_en.eq(&english.body_markdown),
                articles::body_html_en.eq(english_html(english)),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        Ok(())
    }

    /// Marks the article published from `at`.
    pub fn set_published(
        conn: &mut DbConnection,
        id: i32,
        at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(articles::table.find(id))
            .set((
                articles::status.eq(ArticleStatus::Published),
                articles::publish_at.eq(Some(at)),
                articles::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Takes the article back to draft.
    pub fn set_draft(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
        diesel::update(articles::table.find(id))
            .set((
                articles::status.eq(ArticleStatus::Draft),
                articles::updated_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(conn)
            .map(|_| ())
    }

    pub fn is_published(&self) -> bool {
        self.status == ArticleStatus::Published
    }

    /// The English version as stored (all empty when there is none).
    pub fn english(&self) -> ArticleEnglish {
        ArticleEnglish {
            title: self.title_en.clone(),
            summary: self.summary_en.clone(),
            body_markdown: self.body_markdown_en.clone(),
        }
    }

    /// Whether the English site has its own version of this article.
    pub fn has_english(&self) -> bool {
        self.english().is_present()
    }
}

/// The sanitised HTML of an English body (empty for none).
fn english_html(english: &ArticleEnglish) -> String {
    if english.body_markdown.is_empty() {
        String::new()
    } else {
        crate::markdown::render(&english.body_markdown)
    }
}
