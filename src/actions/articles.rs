//! Officials writing articles: a new draft, an edit, publishing (at once or at the scheduled
//! time) and taking back to draft. Each is audited in its transaction; a change readers may
//! see drops the cached public pages (a new draft is seen by nobody, so it drops nothing).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Caches, audit_note};
use crate::clock::shown_date_time;
use crate::db::models::Article;
use crate::db::models::article::{ArticleEnglish, ArticleFields, ArticleStatus};
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::slug::{SlugTable, insert_with_free_slug};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::text::slugify;

fn target(id: i32, title: &str) -> AuditTarget {
    AuditTarget::Article {
        id,
        title: title.to_owned(),
    }
}

/// Creates a draft with a slug made from its title, audited; returns its id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    fields: &ArticleFields,
    english: &ArticleEnglish,
) -> QueryResult<i32> {
    // Each attempt under a slug is a transaction of its own, audit row included.
    insert_with_free_slug(
        conn,
        SlugTable::Articles,
        &slugify(&fields.title),
        |conn, slug| {
            let status = ArticleStatus::Draft;
            let id = Article::insert_row(conn, slug, fields, english, status, actor.user_id)?;
            let target = target(id, &fields.title);
            Audit::record(conn, actor, AuditAction::CreateArticle, &target, "")?;
            Ok(id)
        },
    )
}

/// Saves an official's edit (a missing article is a 404); a public article changes at once.
pub async fn update(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    fields: ArticleFields,
    english: ArticleEnglish,
) -> Result<(), AppError> {
    db.run(move |conn| {
        Ok(conn.transaction(|conn| {
            Article::save(conn, id, &fields, &english)?;
            Audit::record(
                conn,
                &actor,
                AuditAction::UpdateArticle,
                &target(id, &fields.title),
                "",
            )
        })?)
    })
    .await?;
    caches.public_pages_changed();
    Ok(())
}

/// Publishes a draft: at once, or at its scheduled `publish_at`. `false` when it is already
/// published (nothing written).
pub async fn publish(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let applied = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
                let article = Article::by_id(conn, id)?;
                if article.is_published() {
                    return Ok(false);
                }
                let at = article.publish_at.unwrap_or(now);
                Article::set_published(conn, id, at, now)?;
                let reason = if at > now {
                    audit_note(&Msg::new("audit-note-scheduled").arg("at", shown_date_time(at)))
                } else {
                    String::new()
                };
                let target = target(id, &article.title);
                Audit::record(conn, &actor, AuditAction::PublishArticle, &target, &reason)?;
                QueryResult::Ok(true)
            })?)
        })
        .await?;
    if applied {
        caches.public_pages_changed();
    }
    Ok(applied)
}

/// Takes a published (or scheduled) article back to draft. `false` when it is a draft
/// already (nothing written).
pub async fn unpublish(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
) -> Result<bool, AppError> {
    let applied = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
                let article = Article::by_id(conn, id)?;
                if !article.is_published() {
                    return Ok(false);
                }
                Article::set_draft(conn, id)?;
                let target = target(id, &article.title);
                Audit::record(conn, &actor, AuditAction::UnpublishArticle, &target, "")?;
                QueryResult::Ok(true)
            })?)
        })
        .await?;
    if applied {
        caches.public_pages_changed();
    }
    Ok(applied)
}
