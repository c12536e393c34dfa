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
    /// The products a typed name matched, to pick one.
    pub candidates: Vec<Candidate>,
}

/// What went wrong on the collection's page, if anything.
#[derive(Debug, Default)]
pub struct EditFailure {
    /// The collection's form as typed, with its messages.
    pub form: Option<FormState>,
    /// Why the product could not be added, and the address as typed.
    pub add_error: Option<(Msg, String)>,
    /// The published products the typed name could mean.
    pub candidates: Vec<Candidate>,
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
        candidates: failed.candidates,
    })
}

/// A published product a typed name may mean: what the official picks from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub slug: String,
    pub producer: String,
}

/// What a name or an address typed into "add a product" stands for.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// One published product.
    One(Candidate),
    /// Several products could be meant (the same name, or only part of a name matched).
    Several(Vec<Candidate>),
    /// No published product.
    Nothing,
}

/// The most candidates or suggestions listed.
const CANDIDATES_SHOWN: i64 = 10;

/// The published products whose folded name matches `filter`, by name.
fn published_named(
    conn: &mut DbConnection,
    exact: Option<&str>,
    contains: Option<&str>,
) -> Result<Vec<Candidate>, AppError> {
    use crate::db::models::ProductStatus;
    use crate::db::schema::{producers, products};
    use diesel::prelude::*;
    let mut query = products::table
        .inner_join(producers::table)
        .filter(products::status.eq(ProductStatus::Published))
        .into_boxed();
    if let Some(exact) = exact {
        query = query.filter(products::name_folded.eq(exact.to_owned()));
    }
    if let Some(part) = contains {
        query = query.filter(
            products::name_folded
                .like(crate::text::like_contains(part))
                .escape('\\'),
        );
    }
    let rows: Vec<(String, String, String)> = query
        .order((products::name_folded, products::id))
        .limit(CANDIDATES_SHOWN)
        .select((products::name, products::slug, producers::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(name, slug, producer)| Candidate {
            name,
            slug,
            producer,
        })
        .collect())
}

/// The product meant by `typed`: a slug or a product page address, else a product name
/// (accents and case aside). A name several products share, or only part of names, gives
/// the candidates to pick from.
pub fn find_product(conn: &mut DbConnection, typed: &str, slug: &str) -> Result<Found, AppError> {
    use crate::db::models::Product;
    if !slug.is_empty() {
        match Product::published_by_slug(conn, slug) {
            Ok(p) => {
                return Ok(Found::One(Candidate {
                    name: p.name,
                    slug: p.slug,
                    producer: String::new(),
                }));
            }
            Err(diesel::result::Error::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let folded = crate::text::fold(typed.trim());
    if folded.is_empty() {
        return Ok(Found::Nothing);
    }
    let mut same = published_named(conn, Some(&folded), None)?;
    if same.len() == 1 {
        return Ok(Found::One(same.remove(0)));
    }
    if same.is_empty() {
        same = published_named(conn, None, Some(&folded))?;
    }
    Ok(if same.is_empty() {
        Found::Nothing
    } else {
        Found::Several(same)
    })
}

/// Suggestions for what is being typed into "add a product": published products whose name
/// holds `q` (at least two letters), by name.
pub fn suggestions(conn: &mut DbConnection, q: &str) -> Result<Vec<Candidate>, AppError> {
    let folded = crate::text::fold(q.trim());
    if folded.chars().count() < 2 {
        return Ok(Vec::new());
    }
    published_named(conn, None, Some(&folded))
}
