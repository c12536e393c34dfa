//! The catalogue's query string lives in [`crate::views::filters`], where the page loaders
//! read it; `parse_page` stays reachable here for the handlers that import it from this
//! module.

pub use crate::views::filters::parse_page;
