//! hangviet: the public showcase of Vietnamese goods that won "Hàng Việt Nam được người tiêu
//! dùng yêu thích", OCOP stars, "Hàng Việt Nam chất lượng cao" and "Thương hiệu quốc gia".
//!
//! Layout follows the architecture in DESIGN.md: `routes` is the one route table, `handlers`
//! are thin (extract → call → render), queries live in `db::models`, pages are typed view
//! structs in `views` rendered by tera templates embedded from `templates/`. `app` holds the
//! shared state, `server` builds the actix `App` around it. The top-level modules form no
//! cycle (`tests/it/architecture.rs` checks it).

pub mod actions;
pub mod api_edge;
pub mod app;
pub mod assets;
pub mod auth;
pub mod body_deadline;
pub mod bulk;
pub mod cli;
pub mod clock;
pub mod conditional;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod flash;
pub mod fraud_sim;
pub mod geo;
pub mod handlers;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod map_link;
pub mod markdown;
pub mod media;
pub mod observe;
pub mod page_cache;
pub mod reference;
pub mod routes;
pub mod search;
pub mod server;
pub mod site;
pub mod spreadsheet;
pub mod text;
pub mod validate;
pub mod views;
pub mod vote;
