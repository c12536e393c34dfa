//! The integration tests' harness: [`harness`] (the app under test and requests to it),
//! [`factories`] (rows made directly in the database, signed-in users), [`browser`] (a
//! visitor's cookie-keeping client), [`world`] (the business area's shared set-up),
//! [`fixtures`] (photos built in code) and [`articles`] (the articles tests' helpers).
//! Everything of the first three is re-exported here: `common::TestApp`, `common::Browser`.
#![allow(dead_code)]

pub mod articles;
pub mod browser;
pub mod chrome;
pub mod events;
pub mod factories;
pub mod fixtures;
pub mod harness;
pub mod mail;
pub mod sitemap;
pub mod vote;
pub mod world;

pub use browser::*;
pub use factories::*;
pub use harness::*;
pub use mail::*;
