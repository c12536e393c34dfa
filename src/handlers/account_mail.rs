//! The account flows that go through the mailbox: "check your mail" after sign-up, the
//! confirmation link, a new confirmation link, "Quên mật khẩu" and the reset link, and an
//! official's daily digest choice.
//!
//! A mailed link opens a page with a button; only the button (a POST with the CSRF token)
//! uses the link. Mail scanners that open every link in a message therefore neither spend
//! the single-use token nor receive a session.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use super::account::admitted;
use crate::actions::mail_accounts;
use crate::app::AppState;
use crate::auth::landing::landing_in;
use crate::auth::{self, OfficialUser, Protected, Visitor, client_key, password, throttle};
use crate::db::models::user::{User, normalize_email};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::i18n::{Locale, Msg};
use crate::views::account::AccountPage;
use crate::views::forms::FormState;
use crate::views::{self, Frame};

/// Mailed tokens are 64 hex digits; anything else is refused before the database.
fn plausible(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    template: &str,
    page: &AccountPage,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let frame = Frame::for_visitor(req, visitor);
    views::render(&state.templates, &frame, template, page, status)
}

/// The page of a link that no longer works (used, expired, unknown): 410, with the ways on.
fn dead_link(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let form = FormState::new(address.locale);
    let p = AccountPage::titled(&address, "mail-link-dead-title", form);
    page(
        state,
        req,
        visitor,
        "account/dead_link.html",
        &p,
        StatusCode::GONE,
    )
}

/// Signs `user` in (a new session) and sends them to their landing page with `message`.
async fn sign_in_and_land(
    state: &AppState,
    req: &HttpRequest,
    user: &User,
    message: &'static str,
) -> Result<HttpResponse, AppError> {
    let cookie = auth::start_session(&state.db, req, user.id).await?;
    let to = landing_in(Locale::of(req), user.role());
    let mut res = flash::see_other(req, &to, Flash::success(message));
    res.add_cookie(&cookie).map_err(AppError::internal)?;
    res.add_cookie(&auth::removal(req, auth::CSRF_COOKIE))
        .map_err(AppError::internal)?;
    Ok(res)
}

/// `GET /dang-ky/kiem-tra-email`: what every valid sign-up answers.
pub async fn show_check_mail(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let form = FormState::new(address.locale);
    let p = AccountPage::titled(&address, "mail-check-title", form);
    page(
        &state,
        &req,
        &visitor,
        "account/check_mail.html",
        &p,
        StatusCode::OK,
    )
}

/// `GET /xac-nhan-email/{token}`: the button that confirms, if the link still works.
pub async fn show_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let now = state.clock.now();
    let live = plausible(&token) && {
        let hash = auth::token_hash(&token);
        state
            .db
            .run(move |conn| {
                Ok(crate::db::models::email_token::EmailToken::peek(
                    conn,
                    crate::db::models::email_token::TokenPurpose::Confirm,
                    &hash,
                    now,
                )?)
            })
            .await?
            .is_some()
    };
    if !live {
        return dead_link(&state, &req, &visitor);
    }
    let address = PageAddress::of(&req);
    let form = FormState::new(address.locale).value("token", token);
    let p = AccountPage::titled(&address, "mail-confirm-title", form);
    page(
        &state,
        &req,
        &visitor,
        "account/confirm.html",
        &p,
        StatusCode::OK,
    )
}

/// `POST /xac-nhan-email/{token}`: confirms the address and signs the account in.
pub async fn confirm_email(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<auth::NoFields>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let now = state.clock.now();
    let user = if plausible(&token) {
        state
            .db
            .run(move |conn| Ok(mail_accounts::confirm_address(conn, &token, now)?))
            .await?
    } else {
        None
    };
    match user {
        Some(user) => sign_in_and_land(&state, &req, &user, "flash-email-confirmed").await,
        None => dead_link(&state, &req, &posted.visitor),
    }
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// The "check your mail" page after a request for a mailed link: the same whatever the
/// address (a wrong one included), so it tells nothing about accounts.
fn link_requested(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    notice: &'static str,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let mut form = FormState::new(address.locale);
    form.notice(Msg::new(notice));
    let p = AccountPage::titled(&address, "mail-check-title", form);
    page(
        state,
        req,
        visitor,
        "account/check_mail.html",
        &p,
        StatusCode::OK,
    )
}

/// `POST /dang-ky/gui-lai-xac-nhan`: a new confirmation link for an unconfirmed account.
pub async fn resend_confirmation(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<EmailForm>,
) -> Result<HttpResponse, AppError> {
    admit_mail_request(&state, &req).await?;
    let email = normalize_email(&posted.form.email);
    let (site, now) = (state.site.clone(), state.clock.now());
    state
        .db
        .run(move |conn| {
            Ok(mail_accounts::resend_confirmation(
                conn, &site, &email, now,
            )?)
        })
        .await?;
    link_requested(&state, &req, &posted.visitor, "mail-resent-notice")
}

/// `GET /quen-mat-khau`
pub async fn show_forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let form = FormState::new(address.locale);
    let p = AccountPage::titled(&address, "mail-forgot-title", form);
    page(
        &state,
        &req,
        &visitor,
        "account/forgot.html",
        &p,
        StatusCode::OK,
    )
}

/// `POST /quen-mat-khau`: mails a reset link if the address has an account; the answer is
/// the same either way.
pub async fn request_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<EmailForm>,
) -> Result<HttpResponse, AppError> {
    admit_mail_request(&state, &req).await?;
    let email = normalize_email(&posted.form.email);
    let locale = Locale::of(&req);
    let (site, now) = (state.site.clone(), state.clock.now());
    state
        .db
        .run(move |conn| {
            Ok(mail_accounts::request_reset(
                conn, &site, &email, locale, now,
            )?)
        })
        .await?;
    link_requested(&state, &req, &posted.visitor, "mail-forgot-sent")
}

/// Refuses (429) a client address that asked for too many mailed links lately.
async fn admit_mail_request(state: &AppState, req: &HttpRequest) -> Result<(), AppError> {
    let address = client_key(req);
    admitted(state, move |conn| {
        throttle::admit_mail_request(conn, &address)
    })
    .await
}

/// The account a reset link acts on, if the link still works.
async fn reset_account(state: &AppState, token: &str) -> Result<Option<User>, AppError> {
    if !plausible(token) {
        return Ok(None);
    }
    let (token, now) = (token.to_owned(), state.clock.now());
    state
        .db
        .run(move |conn| Ok(mail_accounts::reset_account(conn, &token, now)?))
        .await
}

fn reset_form(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let p = AccountPage::titled(&PageAddress::of(req), "mail-reset-title", form);
    page(state, req, visitor, "account/reset.html", &p, status)
}

/// `GET /dat-lai-mat-khau/{token}`: the new password form, if the link still works.
pub async fn show_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    if reset_account(&state, &token).await?.is_none() {
        return dead_link(&state, &req, &visitor);
    }
    let form = FormState::new(Locale::of(&req)).value("token", token);
    reset_form(&state, &req, &visitor, form, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

/// `POST /dat-lai-mat-khau/{token}`: sets the new password (the policy of sign-up), ends
/// every session of the account, confirms its address and signs this browser in.
pub async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<ResetForm>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let Some(account) = reset_account(&state, &token).await? else {
        return dead_link(&state, &req, &posted.visitor);
    };
    let mut form = FormState::new(Locale::of(&req)).value("token", token.clone());
    if let Err(msg) = password::check_policy(&posted.form.password, &account.email) {
        form.error("password", msg);
        return reset_form(
            &state,
            &req,
            &posted.visitor,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let hash = password::hash(posted.form.password.clone()).await?;
    let now = state.clock.now();
    let user = state
        .db
        .run(move |conn| Ok(mail_accounts::reset_password(conn, &token, &hash, now)?))
        .await?;
    match user {
        Some(user) => sign_in_and_land(&state, &req, &user, "flash-password-reset").await,
        None => dead_link(&state, &req, &posted.visitor),
    }
}

#[derive(Debug, Deserialize)]
pub struct DigestForm {
    #[serde(default)]
    digest: Option<String>,
}

/// `POST /tai-khoan/thu-tong-hop`: an official turns the daily digest on or off.
pub async fn set_digest(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<DigestForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = posted.who.0.user.id;
    let wants = posted.form.digest.is_some();
    state
        .db
        .run(move |conn| Ok(User::set_wants_digest(conn, id, wants)?))
        .await?;
    let message = if wants {
        "flash-digest-on"
    } else {
        "flash-digest-off"
    };
    let to = Locale::of(&req).path("/tai-khoan/mat-khau");
    Ok(flash::see_other(&req, &to, Flash::success(message)))
}
