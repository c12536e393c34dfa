//! Audited commands: each changes several tables in one transaction, writes its audit row
//! and then drops exactly the cached data it made stale. Handlers call one action; an action
//! receives the database and [`Caches`], never the whole application state, so a new command
//! cannot forget to invalidate what it changed.
//!
//! One module per area (`actions::moderation`, `actions::awards`, …).

pub mod producers;

use crate::page_cache::PageCache;
use crate::reference::ReferenceCache;

/// The caches an action may have to drop after it commits.
#[derive(Clone, Copy)]
pub struct Caches<'a> {
    pub pages: &'a PageCache,
    pub reference: &'a ReferenceCache,
}

impl Caches<'_> {
    /// Something public pages show changed (a product, producer, collection, article).
    pub fn public_pages_changed(&self) {
        self.pages.clear();
    }

    /// Awards changed: public pages and the reference data's award years are stale here
    /// (other instances catch up within their TTLs).
    pub fn awards_changed(&self) {
        self.pages.clear();
        self.reference.invalidate();
    }
}
