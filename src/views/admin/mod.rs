//! Pages of the officials' area (`/quan-tri`): one page struct with named fields per page,
//! and the one function that loads it (from a connection and plain parameters: the page's
//! address, which carries its language, the reference data, the time). Handlers call a
//! loader and render its page with `admin/…` templates, which extend `admin/layout.html`
//! (the officials' menu, read from the frame's account).
//!
//! Times are shown one way across the area: Vietnam time, `dd/mm/yyyy HH:MM` ([`shown`]).

pub mod articles;
pub mod audit;
pub mod awards;
pub mod collections;
pub mod dashboard;
pub mod events;
pub mod imports;
pub mod nav;
pub mod points_of_sale;
pub mod queue;
pub mod reports;
pub mod review;
pub mod users;
pub mod vote;
pub mod vote_paper;

use chrono::NaiveDateTime;

use super::{PageAddress, PageMeta};

/// The metadata of an officials' page titled `title`.
fn meta(address: &PageAddress, title: String) -> PageMeta {
    address.meta("", title, "")
}

/// A UTC time as the officials' area shows it: "15/03/2026 08:00", Vietnam time; empty for
/// none.
pub fn shown(utc: Option<NaiveDateTime>) -> String {
    utc.map(crate::clock::shown_date_time).unwrap_or_default()
}
