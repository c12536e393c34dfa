//! Helpers of the article tests: an official's form posts, and a tiny XML well-formedness
//! check for the feed and the sitemap.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::db::schema::articles;

use super::world::World;
use super::{Actor, Page, TestApp};

/// POSTs `fields` as `actor`, with the actor's token, from our own origin.
pub async fn post(world: &World, actor: Actor, path: &str, fields: &[(&str, &str)]) -> Page {
    let member = world.member(actor).expect("a signed-in actor");
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    world
        .app
        .browser_of(member)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

/// Writes an article as the official; returns its id.
pub async fn write(world: &World, fields: &[(&str, &str)]) -> i32 {
    let page = post(world, Actor::Official, "/quan-tri/tin-tuc/moi", fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.header("location")
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("redirect to the new article")
}

pub async fn publish(world: &World, id: i32) {
    let path = format!("/quan-tri/tin-tuc/{id}/xuat-ban");
    let page = post(world, Actor::Official, &path, &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

pub fn slug_of(world: &World, id: i32) -> String {
    articles::table
        .find(id)
        .select(articles::slug)
        .first(&mut *world.app.conn())
        .expect("article")
}

pub fn count(world: &World, action: &str) -> i64 {
    crate::common::audit_count(&mut world.app.conn(), action).expect("count")
}

/// Whether the article is visible anywhere public: its page, the list, the feed, the sitemap.
pub async fn public_places(app: &TestApp, slug: &str, title: &str) -> [bool; 4] {
    [
        app.get(&format!("/tin-tuc/{slug}")).await.status == StatusCode::OK,
        app.page("/tin-tuc").await.body.contains(title),
        app.page("/feed.xml").await.body.contains(title),
        app.sitemap_text()
            .await
            .contains(&format!("/tin-tuc/{slug}<")),
    ]
}

/// A tiny XML check: tags nest and close, text holds no raw `<`, and every `&` starts an entity.
pub fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map(|(_, rest)| rest)
        .expect("XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        check_text(&rest[..at]);
        let end = rest[at..].find('>').expect("tag closes") + at;
        let tag = &rest[at + 1..end];
        assert!(!tag.contains('<'), "a '<' inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "closing tag {name}");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().expect("tag name"));
        }
        check_text(tag);
        rest = &rest[end + 1..];
    }
    check_text(rest);
    assert!(open.is_empty(), "unclosed: {open:?}");
}

pub fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x27;"].contains(&entity),
            "a bare '&' in {text}"
        );
    }
}
