//! Audited commands: each changes several tables in one transaction, writes its audit row
//! and then drops exactly the cached data it made stale. Handlers call one action; an action
//! receives the database and [`Caches`], never the whole application state, so a new command
//! cannot forget to invalidate what it changed.
//!
//! One module per area (`actions::moderation`, `actions::awards`, …). An action that changes
//! nothing a cache holds (a draft article, an account's role) takes a connection and no
//! caches, so tests and the command line can call it directly.

pub mod accounts;
pub mod articles;
pub mod awards;
pub mod events;
pub mod featured;
pub mod imports;
pub mod mail_accounts;
pub mod moderation;
pub mod points_of_sale;

pub mod producers;
pub mod products;
pub mod vote;
pub mod vote_ballot;
pub mod vote_detect;
pub mod vote_jury;
pub mod vote_objection;
pub mod vote_paper;
pub mod vote_publish;

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

/// The audit log is a record kept in the site's source language: its generated notes
/// ("lên lịch …") are put into Vietnamese words whatever the official's page language.
pub(crate) fn audit_note(msg: &crate::i18n::Msg) -> String {
    crate::i18n::Locale::Vi.msg(msg)
}
