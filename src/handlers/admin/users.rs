//! Accounts (admins only): grant and revoke the official role, suspend and reinstate.

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
        users: users
            .into_iter()
            .map(|u| UserRow {
                suspended: u.is_suspended(),
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
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
    if id == admin.0.user.id {
        return Err(AppError::bad_request(
            "Không thể tự đổi vai trò hoặc tự đình chỉ tài khoản của mình.",
        ));
    }
    let actor = admin.0.actor();
    state
        .db
        .run(move |conn| Ok(User::administer(conn, &actor, id, change)?))
        .await?;
    Ok(see_other("/quan-tri/nguoi-dung"))
}

/// `POST /quan-tri/nguoi-dung/{id}/vai-tro`: grant or revoke the official role.
pub async fn set_role(
    state: web::Data<AppState>,
    id: web::Path<i32>,
    posted: Protected<RoleForm, AdminUser>,
) -> Result<HttpResponse, AppError> {
    // Administrators are made from the command line, never from this form.
    let role = Role::parse(&posted.form.role)
        .filter(|r| *r != Role::Admin)
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
