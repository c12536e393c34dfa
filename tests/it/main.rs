//! The integration suite, in one test binary: each module drives the real app (actix test
//! service or a real listening server) against a fresh SQLite file, or a PostgreSQL schema
//! of its own when `TEST_DATABASE_URL` is set. One binary links once, which keeps the build
//! small and fast; `cargo test --test it accounts::` runs one module.

mod common;

mod accounts;
mod admin;
mod admin_accounts;
mod admin_pages;
mod api;
mod architecture;
mod articles;
mod award_facts;
mod body_deadline;
mod browser;
mod business;
mod business_journey;
mod business_xss;
mod buyers_list;
mod catalogue_counts;
mod catalogue_pages;
mod csrf;
mod curation;
mod dashboard;
mod database;
mod dates;
mod decode_memory;
mod english_admin;
mod english_business;
mod english_public;
mod escaping;
mod events;
mod filter_keys;
mod flash;
mod hostile;
mod import;
mod link_previews;
mod mail;
mod message_catalogue;
mod open_data;
mod openapi;
mod operations;
mod phone_first;
mod photo_review;
mod points_of_sale;
mod races;
mod real_data;
mod relevance;
mod reports;
mod revalidation;
mod scale;
mod search;
mod search_filters;
mod sign_in;
mod sitemap_index;
mod uploads;
mod uploads_disk;
mod uploads_webp;
mod vote_admin;
mod vote_campaign;
mod vote_files;
mod vote_jury;
mod vote_online;
mod vote_pages;
mod vote_paper;
mod where_to_buy;
