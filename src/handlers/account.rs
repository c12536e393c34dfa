//! Accounts: sign up, log in, log out, change password.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{PageAddress, see_other};
use crate::actions::mail_accounts;
use crate::app::AppState;
use crate::auth::landing::{landing_in, local_path};
use crate::auth::{
    self, NoFields, Protected, SESSION_COOKIE, SignedIn, SignedInUser, Visitor, password, throttle,
};
use crate::db::models::login_address::LoginAddress;
use crate::db::models::session::Session;
use crate::db::models::user::{NewUser, Role, User, normalize_email};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::validate;
use crate::views::account::AccountPage;
use crate::views::forms::FormState;
use crate::views::{self, Frame};

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

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
}

/// A sign-up that passed the form's checks.
struct NewAccount {
    email: String,
    name: String,
    password: String,
    role: Role,
}

impl SignupForm {
    /// The form state to show again (input kept, password never), and the account if valid.
    fn check(self, locale: Locale) -> (FormState, Option<NewAccount>) {
        let email = normalize_email(&self.email);
        let name = self.name.trim().to_owned();
        // Sign-up is for businesses only: citizens browse, search and report without an
        // account, and an account would give them nothing more.
        let role = Role::Business;
        let mut form = FormState::new(locale)
            .value("email", self.email.trim())
            .value("name", &name);
        if let Err(msg) = validate::email(&email) {
            form.error("email", msg);
        }
        if name.is_empty() {
            form.error("name", Msg::new("account-name-missing"));
        } else if name.chars().count() > 120 {
            form.error("name", Msg::new("account-name-too-long"));
        }
        if let Err(msg) = password::check_policy(&self.password, &email) {
            form.error("password", msg);
        }
        let account = form.is_valid().then_some(NewAccount {
            email,
            name,
            password: self.password,
            role,
        });
        (form, account)
    }
}

/// Refuses the request (429) when `admit` says the key has had its share of attempts.
pub(crate) async fn admitted(
    state: &AppState,
    admit: impl FnOnce(&mut crate::db::DbConnection) -> diesel::QueryResult<bool> + Send + 'static,
) -> Result<(), AppError> {
    if state.db.run(move |conn| Ok(admit(conn)?)).await? {
        Ok(())
    } else {
        Err(AppError::TooManyRequests)
    }
}

/// Hashes the password (always: an address with an account takes the same time) and hands
/// the sign-up to [`mail_accounts::sign_up`], which stores it unconfirmed and mails the link,
/// or mails the address's owner if it already has an account.
async fn register(state: &AppState, account: NewAccount, locale: Locale) -> Result<(), AppError> {
    let hash = password::hash(account.password).await?;
    let now = state.clock.now();
    let new = NewUser {
        email: account.email,
        name: account.name,
        password_hash: hash,
        role: account.role,
        suspended_at: None,
        created_at: now,
        updated_at: now,
    };
    let site = state.site.clone();
    state
        .db
        .run(move |conn| Ok(mail_accounts::sign_up(conn, &site, &new, locale, now)?))
        .await
}

/// `GET /dang-ky`
pub async fn show_signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
) -> Result<HttpResponse, AppError> {
    let form = FormState::new(Locale::of(&req));
    let page = AccountPage::signup(&PageAddress::of(&req), form);
    let frame = Frame::for_visitor(&req, &visitor);
    views::render(
        &state.templates,
        &frame,
        "account/signup.html",
        &page,
        StatusCode::OK,
    )
}

/// `POST /dang-ky`: a valid sign-up goes to "check your mail" (`/dang-ky/kiem-tra-email`).
pub async fn create_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<SignupForm>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let (form, account) = posted.form.check(locale);
    let address = client_key(&req);
    admitted(&state, move |conn| throttle::admit_signup(conn, &address)).await?;
    if let Some(account) = account {
        // The same answer whether or not the address had an account: see the mail.
        register(&state, account, locale).await?;
        return Ok(see_other(&locale.path("/dang-ky/kiem-tra-email")));
    }
    let page = AccountPage::signup(&PageAddress::of(&req), form);
    let frame = Frame::for_visitor(&req, &posted.visitor);
    views::render(
        &state.templates,
        &frame,
        "account/signup.html",
        &page,
        UNPROCESSABLE,
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

impl LoginForm {
    /// The form again after a refused login: the email and `next` kept, one notice that does
    /// not say which of email and password was wrong.
    fn refused(&self, next: Option<String>, locale: Locale) -> FormState {
        let mut form = FormState::new(locale)
            .value("email", self.email.trim())
            .value("tiep", next.unwrap_or_default());
        form.notice(Msg::new("account-login-failed"));
        form
    }
}

/// `GET /dang-nhap`
pub async fn show_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    // Only a plain local path is carried into the form; the login checks it again.
    let next = query.tiep.as_deref().and_then(local_path);
    let form = FormState::new(Locale::of(&req)).value("tiep", next.unwrap_or_default());
    let page = AccountPage::login(&PageAddress::of(&req), form);
    let frame = Frame::for_visitor(&req, &visitor);
    views::render(
        &state.templates,
        &frame,
        "account/login.html",
        &page,
        StatusCode::OK,
    )
}

/// The user whose email and password these are, if not suspended: a wrong email and a wrong
/// password get the same answer, in the same time. Attempts are throttled (`throttle`).
async fn authenticate(
    state: &AppState,
    req: &HttpRequest,
    form: &LoginForm,
) -> Result<Option<User>, AppError> {
    let lookup = normalize_email(&form.email);
    let address = client_key(req);
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
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify(form.password.clone(), hash).await?;
    Ok(user.filter(|u| ok && !u.is_suspended()))
}

/// Ends the session the browser had, if any.
async fn end_session(state: &AppState, signed_in: Option<SignedIn>) -> Result<(), AppError> {
    if let Some(old) = signed_in {
        state
            .db
            .run(move |conn| Ok(Session::delete(conn, old.session_id)?))
            .await?;
    }
    Ok(())
}

/// The login form again, refused (422).
fn refuse_login(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    form: FormState,
) -> Result<HttpResponse, AppError> {
    let page = AccountPage::login(&PageAddress::of(req), form);
    let frame = Frame::for_visitor(req, visitor);
    views::render(
        &state.templates,
        &frame,
        "account/login.html",
        &page,
        UNPROCESSABLE,
    )
}

/// `POST /dang-nhap`: goes on to `tiep`, or the role's landing page in the visitor's language.
pub async fn log_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let locale = Locale::of(&req);
    // Decided before any session exists: a refused `tiep` falls back to the role's landing.
    let next = local_path(&form.tiep).map(str::to_owned);
    let Some(user) = authenticate(&state, &req, &form).await? else {
        return refuse_login(&state, &req, &visitor, form.refused(next, locale));
    };
    if !user.email_confirmed {
        // The password was right, so saying the address awaits confirmation reveals nothing.
        let mut refused = form.refused(next, locale).value("unconfirmed", "1");
        refused = refused.value("resend_email", form.email.trim());
        refused.notice(Msg::new("account-login-unconfirmed"));
        return refuse_login(&state, &req, &visitor, refused);
    }
    let next = next.unwrap_or_else(|| landing_in(locale, user.role()));
    // A login always gets a new session; the one the browser had (if any) ends.
    end_session(&state, visitor.signed_in).await?;
    let cookie = auth::start_session(&state.db, &req, user.id).await?;
    redirect(&next, vec![cookie, auth::removal(&req, auth::CSRF_COOKIE)])
}

/// `POST /dang-xuat`: ends the session on the server, so the cookie is worthless after.
pub async fn log_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<NoFields>,
) -> Result<HttpResponse, AppError> {
    end_session(&state, posted.visitor.signed_in).await?;
    let home = Locale::of(&req).path("/");
    redirect(&home, vec![auth::removal(&req, SESSION_COOKIE)])
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// The account page: the password form, and for officials the daily digest choice.
fn password_page(req: &HttpRequest, me: &SignedIn, form: FormState) -> AccountPage {
    let page = AccountPage::password(&PageAddress::of(req), form);
    if matches!(me.user.role(), Role::Official | Role::Admin) {
        page.with_digest(me.user.wants_digest)
    } else {
        page
    }
}

/// `GET /tai-khoan/mat-khau`
pub async fn show_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: SignedInUser,
) -> Result<HttpResponse, AppError> {
    let page = password_page(&req, &user.0, FormState::new(Locale::of(&req)));
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "account/password.html",
        &page,
        StatusCode::OK,
    )
}

/// Checks the current password (a bounded number of times: `throttle`) and the new one, and
/// sets it, ending every other session of the account. A wrong one changes nothing. The form
/// to show, and its status.
async fn set_password(
    state: &AppState,
    me: &SignedIn,
    posted: PasswordForm,
    locale: Locale,
) -> Result<(FormState, StatusCode), AppError> {
    let id = me.user.id;
    admitted(state, move |conn| throttle::admit_password_check(conn, id)).await?;
    let mut form = FormState::new(locale);
    if !password::verify(posted.current, Some(me.user.password_hash.clone())).await? {
        form.error("current", Msg::new("account-current-password-wrong"));
    }
    if let Err(msg) = password::check_policy(&posted.password, &me.user.email) {
        form.error("password", msg);
    }
    if !form.is_valid() {
        return Ok((form, UNPROCESSABLE));
    }
    let hash = password::hash(posted.password).await?;
    let keep = me.session_id;
    state
        .db
        .run(move |conn| Ok(User::set_password(conn, id, &hash, Some(keep))?))
        .await?;
    form.notice(Msg::new("account-password-changed"));
    Ok((form, StatusCode::OK))
}

/// `POST /tai-khoan/mat-khau`: every other session of the account ends.
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<PasswordForm, SignedInUser>,
) -> Result<HttpResponse, AppError> {
    let SignedInUser(me) = posted.who;
    let (form, status) = set_password(&state, &me, posted.form, Locale::of(&req)).await?;
    let page = password_page(&req, &me, form);
    let frame = Frame::signed_in(&req, &me);
    views::render(
        &state.templates,
        &frame,
        "account/password.html",
        &page,
        status,
    )
}
