//! `/quan-tri/nguoi-dung`: accounts (admins only), with their role and suspension.

use serde::Serialize;

use super::meta;
use crate::db::DbConnection;
use crate::db::models::user::{Role, User};
use crate::error::AppError;
use crate::views::{PageAddress, PageMeta};

/// Accounts listed at most.
const LISTED: i64 = 50;

#[derive(Debug, Serialize)]
pub struct UserRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    /// `citizen`, `business`, `official`, `admin`: what the forms post.
    pub role: Role,
    pub role_label: String,
    pub suspended: bool,
}

#[derive(Debug, Serialize)]
pub struct UsersPage {
    pub meta: PageMeta,
    pub q: String,
    /// The admin looking: their own row offers no actions.
    pub me: i32,
    pub users: Vec<UserRow>,
}

/// Accounts whose email contains `q`, newest first.
pub fn load(
    conn: &mut DbConnection,
    address: &PageAddress,
    q: String,
    me: i32,
) -> Result<UsersPage, AppError> {
    let locale = address.locale;
    let users = User::search(conn, &q, LISTED)?;
    Ok(UsersPage {
        meta: meta(address, locale.t("admin-users-title")),
        q,
        me,
        users: users
            .into_iter()
            .map(|u| UserRow {
                suspended: u.is_suspended(),
                role_label: u.role.label(locale),
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
            })
            .collect(),
    })
}
