//! Accounts (admins only): grant and revoke the official and admin roles, suspend and
//! reinstate.
//!
//! Admins may make and unmake admins here, as they may suspend them: staff change, and a city
//! office cannot wait for someone with shell access to hand over the site. The safeguards live
//! in `User::administer`, inside the transaction of the change: nobody changes their own
//! account, the actor must still be an active admin when the change commits, and the site is
//! never left without an active admin. Every change is audited.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{last_segment, render, see_other};
use crate::app::AppState;
use crate::auth::{AdminUser, NoFields, Protected};
use crate::db::models::user::{AccountChange, Role, User};
use crate::error::AppError;

#[derive(Debug, Deserialize)]
pub struct UsersParams {
    q: Option<String>,
}

#[derive(Serialize)]
struct UserRow {
    id: i32,
    email: String,
    name: String,
    role: String,
    suspended: bool,
}

#[derive(Serialize)]
struct UsersView {
    q: String,
    /// The admin looking: their own row offers no actions.
    me: i32,
    users: Vec<UserRow>,
}

/// `GET /quan-tri/nguoi-dung`: accounts (admins only).
pub async fn list_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: AdminUser,
    params: web::Query<UsersParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.into_inner().q.unwrap_or_default();
    let lookup = q.clone();
    let users = state
        .db
        .run(move |conn| Ok(User::search(conn, &lookup, 50)?))
        .await?;
    let view = UsersView {
        q,
        me: admin.0.user.id,
        users: users
            .into_iter()
            .map(|u| UserRow {
                suspended: u.is_suspended(),
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role.as_str().to_owned(),
            })
            .collect(),
    };
    render(
        &state,
        &req,
        &admin.0,
        "admin/users.html",
        "Tài khoản",
        view,
    )
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn administer(
    state: &AppState,
    admin: &AdminUser,
    id: i32,
    change: AccountChange,
) -> Result<HttpResponse, AppError> {
    let actor = admin.0.actor();
    state
        .db
        .run(move |conn| User::administer(conn, &actor, id, change))
        .await?;
    Ok(see_other("/quan-tri/nguoi-dung"))
}

/// `POST /quan-tri/nguoi-dung/{id}/vai-tro`: grant or revoke the official or admin role.
pub async fn set_role(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<RoleForm, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let role = Role::parse(&posted.form.role)
        .ok_or_else(|| AppError::bad_request("Vai trò không hợp lệ."))?;
    administer(
        &state,
        &posted.who,
        id.into_inner(),
        AccountChange::SetRole(role),
    )
    .await
}

/// `POST /quan-tri/nguoi-dung/{id}/{dinh-chi|mo-lai}`: suspending ends the account's
/// sessions at once.
pub async fn change_suspension(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<NoFields, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let change = match last_segment(&req) {
        "dinh-chi" => AccountChange::Suspend,
        "mo-lai" => AccountChange::Reinstate,
        _ => return Err(AppError::not_found()),
    };
    administer(&state, &posted.who, id.into_inner(), change).await
}
