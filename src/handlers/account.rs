//! Accounts: sign up, log in, log out, change password.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{PageAddress, form_page, see_other};
use crate::app::AppState;
use crate::auth::landing::{default_landing, local_path};
use crate::auth::{
    self, NoFields, Protected, SESSION_COOKIE, SignedInUser, Visitor, password, throttle,
};
use crate::db::models::login_address::LoginAddress;
use crate::db::models::session::Session;
use crate::db::models::user::{NewUser, Role, User, normalize_email};
use crate::error::AppError;
use crate::validate;
use crate::views::forms::FormState;

pub(crate) use crate::auth::client_key;

fn redirect(to: &str, cookies: Vec<Cookie<'static>>) -> Result<HttpResponse, AppError> {
    let mut res = see_other(to);
    for c in cookies {
        res.add_cookie(&c).map_err(AppError::internal)?;
    }
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    account_type: String,
}

/// `GET /dang-ky`
pub async fn show_signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
) -> Result<HttpResponse, AppError> {
    let meta = PageAddress::of(&req).meta(
        "",
        "Đăng ký tài khoản",
        "Tạo tài khoản để giới thiệu sản phẩm của doanh nghiệp.",
    );
    let form = FormState::default().value("account_type", "business");
    form_page(
        &state,
        &req,
        &visitor,
        "account/signup.html",
        meta,
        form,
        (),
        StatusCode::OK,
    )
}

/// `POST /dang-ky`
pub async fn create_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<SignupForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let email = normalize_email(&form.email);
    let name = form.name.trim().to_owned();
    let role = if form.account_type == "citizen" {
        Role::Citizen
    } else {
        Role::Business
    };
    let mut state_form = FormState::default()
        .value("email", form.email.trim())
        .value("name", &name)
        .value("account_type", role.as_str());
    if let Err(msg) = validate::email(&email) {
        state_form.error("email", msg);
    }
    if name.is_empty() {
        state_form.error("name", "Hãy cho biết tên của bạn hoặc doanh nghiệp.");
    } else if name.chars().count() > 120 {
        state_form.error("name", "Tên dài tối đa 120 ký tự.");
    }
    if let Err(msg) = password::check_policy(&form.password, &email) {
        state_form.error("password", msg);
    }
    let meta = PageAddress::of(&req).meta("", "Đăng ký tài khoản", "");
    let address = client_key(&req);
    let allowed = state
        .db
        .run(move |conn| Ok(throttle::admit_signup(conn, &address)?))
        .await?;
    if !allowed {
        return Err(AppError::TooManyRequests);
    }
    if state_form.is_valid() {
        let hash = password::hash(form.password).await?;
        let now = chrono::Utc::now().naive_utc();
        let new = NewUser {
            email,
            name,
            password_hash: hash,
            role,
            suspended_at: None,
            created_at: now,
            updated_at: now,
        };
        if let Some(user_id) = state.db.run(move |conn| Ok(new.insert(conn)?)).await? {
            let cookie = auth::start_session(&state.db, &req, user_id).await?;
            let home = if role == Role::Business {
                "/doanh-nghiep"
            } else {
                "/"
            };
            return redirect(home, vec![cookie]);
        }
        state_form.error("email", "Email này đã có tài khoản. Hãy đăng nhập.");
    }
    form_page(
        &state,
        &req,
        &visitor,
        "account/signup.html",
        meta,
        state_form,
        (),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    tiep: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    tiep: String,
}

/// `GET /dang-nhap`
pub async fn show_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let meta = PageAddress::of(&req).meta("", "Đăng nhập", "");
    // Only a plain local path is carried into the form; the login checks it again.
    let next = query
        .tiep
        .as_deref()
        .and_then(local_path)
        .unwrap_or_default();
    let form = FormState::default().value("tiep", next);
    form_page(
        &state,
        &req,
        &visitor,
        "account/login.html",
        meta,
        form,
        (),
        StatusCode::OK,
    )
}

/// `POST /dang-nhap`: a wrong email and a wrong password get the same answer, in the same time.
pub async fn log_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let email = normalize_email(&form.email);
    let address = client_key(&req);
    let lookup = email.clone();
    let (user, allowed) = state
        .db
        .run(move |conn| {
            let user = User::by_email(conn, &lookup)?;
            // Looked up for unknown emails too (user 0 has no rows), so both take the same path.
            let known = LoginAddress::is_known(conn, user.as_ref().map_or(0, |u| u.id), &address)?;
            let allowed = throttle::admit_login(conn, &lookup, &address, known)?;
            Ok((user, allowed))
        })
        .await?;
    if !allowed {
        return Err(AppError::TooManyRequests);
    }
    let ok = password::verify(
        form.password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    // Decided before any session exists: a refused `tiep` falls back to the role's landing.
    let next = local_path(&form.tiep);
    let user = user.filter(|u| ok && !u.is_suspended());
    let Some(user) = user else {
        let meta = PageAddress::of(&req).meta("", "Đăng nhập", "");
        let mut f = FormState::default()
            .value("email", form.email.trim())
            .value("tiep", next.unwrap_or_default());
        f.notice = Some("Email hoặc mật khẩu không đúng.".to_owned());
        return form_page(
            &state,
            &req,
            &visitor,
            "account/login.html",
            meta,
            f,
            (),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let next = next
        .unwrap_or_else(|| default_landing(user.role()))
        .to_owned();
    // A login always gets a new session; the one the browser had (if any) ends.
    if let Some(old) = visitor.signed_in {
        state
            .db
            .run(move |conn| Ok(Session::delete(conn, old.session_id)?))
            .await?;
    }
    let cookie = auth::start_session(&state.db, &req, user.id).await?;
    redirect(&next, vec![cookie, auth::removal(&req, auth::CSRF_COOKIE)])
}

/// `POST /dang-xuat`: ends the session on the server, so the cookie is worthless after.
pub async fn log_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(s) = posted.visitor.signed_in {
        state
            .db
            .run(move |conn| Ok(Session::delete(conn, s.session_id)?))
            .await?;
    }
    redirect("/", vec![auth::removal(&req, SESSION_COOKIE)])
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// `GET /tai-khoan/mat-khau`
pub async fn show_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: SignedInUser,
) -> Result<HttpResponse, AppError> {
    let visitor = Visitor::signed_in(user.0);
    let meta = PageAddress::of(&req).meta("", "Đổi mật khẩu", "");
    form_page(
        &state,
        &req,
        &visitor,
        "account/password.html",
        meta,
        FormState::default(),
        (),
        StatusCode::OK,
    )
}

/// `POST /tai-khoan/mat-khau`: every other session of the account ends. The current password
/// is checked a bounded number of times (`throttle`); a wrong one changes nothing.
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<PasswordForm, SignedInUser>,
) -> Result<HttpResponse, AppError> {
    let user = &posted.who;
    let SignedInUser(me) = user;
    let Protected { visitor, form, .. } = posted;
    let meta = PageAddress::of(&req).meta("", "Đổi mật khẩu", "");
    let id = me.user.id;
    let allowed = state
        .db
        .run(move |conn| Ok(throttle::admit_password_check(conn, id)?))
        .await?;
    if !allowed {
        return Err(AppError::TooManyRequests);
    }
    let mut f = FormState::default();
    if !password::verify(form.current, Some(me.user.password_hash.clone())).await? {
        f.error("current", "Mật khẩu hiện tại không đúng.");
    }
    if let Err(msg) = password::check_policy(&form.password, &me.user.email) {
        f.error("password", msg);
    }
    let status = if f.is_valid() {
        let hash = password::hash(form.password).await?;
        let (id, keep) = (me.user.id, me.session_id);
        state
            .db
            .run(move |conn| Ok(User::set_password(conn, id, &hash, Some(keep))?))
            .await?;
        f.notice = Some("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.".to_owned());
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    form_page(
        &state,
        &req,
        &visitor,
        "account/password.html",
        meta,
        f,
        (),
        status,
    )
}
