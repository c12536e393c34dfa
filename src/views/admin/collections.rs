//! `/quan-tri/bo-suu-tap`: featured collections with their schedule and the form for a new
//! one; `/quan-tri/bo-suu-tap/{id}`: one collection's form and its products in order.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{meta, shown};
use crate::clock::datetime_local;
use crate::db::DbConnection;
use crate::db::models::FeaturedCollection;
use crate::db::models::featured::COLLECTION_CAPACITY;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::{PageAddress, PageMeta};

/// When a collection shows on the home page, in words.
fn schedule_label(c: &FeaturedCollection, now: NaiveDateTime, locale: Locale) -> String {
    let at = |key: &'static str, t: NaiveDateTime| Msg::new(key).arg("at", shown(Some(t)));
    locale.msg(&match (c.starts_at, c.ends_at) {
        (Some(s), _) if s > now => at("admin-collection-upcoming", s),
        (_, Some(e)) if e <= now => at("admin-collection-ended", e),
        (_, Some(e)) => at("admin-collection-showing-until", e),
        _ => Msg::new("admin-collection-showing"),
    })
}

#[derive(Debug, Serialize)]
pub struct CollectionRow {
    pub id: i32,
    pub title: String,
    pub sort_order: i32,
    pub items: i64,
    pub schedule: String,
}

#[derive(Debug, Serialize)]
pub struct CollectionsPage {
    pub meta: PageMeta,
    pub collections: Vec<CollectionRow>,
    /// The form for a new collection (with its messages after a failed attempt).
    pub form: FormState,
}

pub fn load_list(
    conn: &mut DbConnection,
    address: &PageAddress,
    form: FormState,
    now: NaiveDateTime,
) -> Result<CollectionsPage, AppError> {
    let locale = address.locale;
    Ok(CollectionsPage {
        meta: meta(address, locale.t("admin-collections-title")),
        collections: FeaturedCollection::all_with_counts(conn)?
            .into_iter()
            .map(|(c, items)| CollectionRow {
                schedule: schedule_label(&c, now, locale),
                id: c.id,
                title: c.title,
                sort_order: c.sort_order,
                items,
            })
            .collect(),
        form,
    })
}

#[derive(Debug, Serialize)]
pub struct ItemRow {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub published: bool,
}

#[derive(Debug, Serialize)]
pub struct CollectionPage {
    pub meta: PageMeta,
    pub id: i32,
    pub schedule: String,
    pub form: FormState,
    pub items: Vec<ItemRow>,
    pub max_items: i64,
    pub add_error: Option<String>,
    pub add_value: String,
}

/// What went wrong on the collection's page, if anything.
#[derive(Debug, Default)]
pub struct EditFailure {
    /// The collection's form as typed, with its messages.
    pub form: Option<FormState>,
    /// Why the product could not be added, and the address as typed.
    pub add_error: Option<(Msg, String)>,
}

impl EditFailure {
    pub fn is_some(&self) -> bool {
        self.form.is_some() || self.add_error.is_some()
    }
}

/// The form filled with the collection as stored.
fn form_of(c: &FeaturedCollection, locale: Locale) -> FormState {
    FormState::new(locale)
        .value("title", &c.title)
        .value("description", &c.description)
        .value("title_en", &c.title_en)
        .value("description_en", &c.description_en)
        .value("sort_order", c.sort_order.to_string())
        .value(
            "starts_at",
            c.starts_at.map(datetime_local).unwrap_or_default(),
        )
        .value("ends_at", c.ends_at.map(datetime_local).unwrap_or_default())
}

/// Collection `id`'s page (not found: a 404).
pub fn load_one(
    conn: &mut DbConnection,
    address: &PageAddress,
    id: i32,
    failed: EditFailure,
    now: NaiveDateTime,
) -> Result<CollectionPage, AppError> {
    let locale = address.locale;
    let collection = FeaturedCollection::by_id(conn, id)?;
    let items = FeaturedCollection::items(conn, id)?;
    let (add_error, add_value) = match failed.add_error {
        Some((message, value)) => (Some(locale.msg(&message)), value),
        None => (None, String::new()),
    };
    let title = Msg::new("admin-collection-title").arg("title", &collection.title);
    Ok(CollectionPage {
        meta: meta(address, locale.msg(&title)),
        id,
        schedule: schedule_label(&collection, now, locale),
        form: failed
            .form
            .unwrap_or_else(|| form_of(&collection, address.locale)),
        items: items
            .into_iter()
            .map(|(item, p)| ItemRow {
                id: item,
                published: p.is_published(),
                name: p.name,
                slug: p.slug,
            })
            .collect(),
        max_items: COLLECTION_CAPACITY,
        add_error,
        add_value,
    })
}
