//! Accounts (admins only): grant and revoke the official and admin roles, suspend and
//! reinstate. The safeguards (nobody changes their own account, the site keeps an active
//! admin) live in `actions::accounts::administer`, inside the transaction of the change.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::last_segment;
use crate::actions::accounts::{self, AccountChange};
use crate::app::AppState;
use crate::auth::{AdminUser, NoFields, Protected};
use crate::db::models::user::Role;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::admin::users;
use crate::views::{self, Frame, PageAddress};

#[derive(Debug, Deserialize)]
pub struct UsersParams {
    q: Option<String>,
}

/// `GET /quan-tri/nguoi-dung`: accounts (admins only).
pub async fn list_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: AdminUser,
    params: web::Query<UsersParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.into_inner().q.unwrap_or_default();
    let (address, me) = (PageAddress::of(&req), admin.0.user.id);
    let view = state
        .db
        .run(move |conn| users::load(conn, &address, q, me))
        .await?;
    let frame = Frame::signed_in(&req, &admin.0);
    views::render(
        &state.templates,
        &frame,
        "admin/users.html",
        &view,
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn administer(
    state: &AppState,
    req: &HttpRequest,
    locale: Locale,
    admin: &AdminUser,
    id: i32,
    change: AccountChange,
) -> Result<HttpResponse, AppError> {
    let actor = admin.0.actor();
    let key = match change {
        AccountChange::SetRole(_) => "flash-user-role-set",
        AccountChange::Suspend => "flash-user-suspended",
        AccountChange::Reinstate => "flash-user-reinstated",
    };
    state
        .db
        .run(move |conn| accounts::administer(conn, &actor, id, change))
        .await?;
    let to = locale.path("/quan-tri/nguoi-dung");
    Ok(crate::flash::see_other(
        req,
        &to,
        crate::flash::Flash::success(key),
    ))
}

/// `POST /quan-tri/nguoi-dung/{id}/vai-tro`: grant or revoke the official or admin role.
pub async fn set_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<RoleForm, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let role = Role::parse(&posted.form.role)
        .ok_or_else(|| AppError::bad_request(Msg::new("admin-users-bad-role")))?;
    let change = AccountChange::SetRole(role);
    administer(&state, &req, locale, &posted.who, id.into_inner(), change).await
}

/// `POST /quan-tri/nguoi-dung/{id}/{dinh-chi|mo-lai}`: suspending ends the account's
/// sessions at once.
pub async fn change_suspension(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<NoFields, AdminUser>,
) -> Result<HttpResponse, AppError> {
    let change = match last_segment(&req) {
        "dinh-chi" => AccountChange::Suspend,
        "mo-lai" => AccountChange::Reinstate,
        _ => return Err(AppError::not_found()),
    };
    administer(&state, &req, locale, &posted.who, id.into_inner(), change).await
}
