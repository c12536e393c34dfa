//! Account commands that send mail: sign-up (with its confirmation link, or a warning to an
//! address that already has an account), a new confirmation link, a password-reset link, and
//! using those links. A link and its mail are stored in one transaction.
//!
//! Sign-up never tells whether an address has an account: both cases answer the same page,
//! and only the mailbox's owner learns which mail came.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::auth::{random_token, token_hash};
use crate::db::DbConnection;
use crate::db::models::email_token::{EmailToken, TokenPurpose};
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::rate_limit::RateLimit;
use crate::db::models::user::{NewUser, User};
use crate::i18n::Locale;
use crate::mail::compose;
use crate::site::SiteAddress;

/// Mails of one kind an address receives per hour at most (warnings, new links): the forms
/// that send them must not become a way to flood someone's mailbox.
pub const MAILS_PER_ADDRESS_HOUR: i64 = 3;

/// Whether `email` may receive one more mail of `kind` this hour (counted).
fn mail_allowed(conn: &mut DbConnection, kind: &str, email: &str) -> QueryResult<bool> {
    let email: String = email.chars().take(320).collect();
    RateLimit::hit(
        conn,
        &format!("mail-{kind}:{email}"),
        MAILS_PER_ADDRESS_HOUR,
        TimeDelta::hours(1),
    )
}

/// Stores the sign-up's account, unconfirmed, and queues its confirmation link; when the
/// address already has an account, queues a warning to it instead and stores nothing.
pub fn sign_up(
    conn: &mut DbConnection,
    site: &SiteAddress,
    account: &NewUser,
    locale: Locale,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let created = conn.transaction(|conn| {
        let Some(user_id) = account.insert_unconfirmed(conn, locale)? else {
            return Ok(false);
        };
        let token = random_token();
        EmailToken::create(
            conn,
            user_id,
            TokenPurpose::Confirm,
            &token_hash(&token),
            now,
        )?;
        let mail = compose::confirm_address(site, locale, &account.email, &account.name, &token);
        MailOutbox::enqueue(conn, &mail, now)?;
        QueryResult::Ok(true)
    })?;
    if created {
        return Ok(());
    }
    // The rate limit runs a transaction of its own, so it comes after the one above.
    let Some(owner) = User::by_email(conn, &account.email)? else {
        return Ok(());
    };
    if mail_allowed(conn, "signup-attempt", &owner.email)? {
        let mail = compose::signup_attempt(site, locale, &owner.email, &owner.name);
        MailOutbox::enqueue(conn, &mail, now)?;
    }
    Ok(())
}

/// Stores a new link of `purpose` for `user` and queues `mail` with it, in one transaction.
fn send_link(
    conn: &mut DbConnection,
    user: &User,
    purpose: TokenPurpose,
    now: NaiveDateTime,
    mail: impl FnOnce(&str) -> crate::db::models::mail_outbox::NewMail,
) -> QueryResult<()> {
    let token = random_token();
    let mail = mail(&token);
    conn.transaction(|conn| {
        EmailToken::create(conn, user.id, purpose, &token_hash(&token), now)?;
        MailOutbox::enqueue(conn, &mail, now)
    })
}

/// A new confirmation link for an unconfirmed account with this address (nothing otherwise).
pub fn resend_confirmation(
    conn: &mut DbConnection,
    site: &SiteAddress,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(user) = User::by_email(conn, email)? else {
        return Ok(());
    };
    if user.email_confirmed || user.is_suspended() || !mail_allowed(conn, "confirm", email)? {
        return Ok(());
    }
    send_link(conn, &user, TokenPurpose::Confirm, now, |token| {
        compose::confirm_address(site, user.mail_locale(), &user.email, &user.name, token)
    })
}

/// A password-reset link for the account with this address, if any and not suspended, in
/// the language the request was made in.
pub fn request_reset(
    conn: &mut DbConnection,
    site: &SiteAddress,
    email: &str,
    locale: Locale,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(user) = User::by_email(conn, email)? else {
        return Ok(());
    };
    if user.is_suspended() || !mail_allowed(conn, "reset", email)? {
        return Ok(());
    }
    send_link(conn, &user, TokenPurpose::Reset, now, |token| {
        compose::password_reset(site, locale, &user.email, &user.name, token)
    })
}

/// Uses a confirmation link: the account, now confirmed; `None` if the link is unknown,
/// used or expired, or the account suspended.
pub fn confirm_address(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    conn.transaction(|conn| {
        let Some(user_id) =
            EmailToken::consume(conn, TokenPurpose::Confirm, &token_hash(token), now)?
        else {
            return Ok(None);
        };
        User::confirm_email(conn, user_id)?;
        let user = User::by_id(conn, user_id)?;
        Ok((!user.is_suspended()).then_some(user))
    })
}

/// Uses a reset link: sets the new password (already hashed), confirms the address and ends
/// every session of the account. The account, or `None` if the link no longer works.
pub fn reset_password(
    conn: &mut DbConnection,
    token: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    conn.transaction(|conn| {
        let Some(user_id) =
            EmailToken::consume(conn, TokenPurpose::Reset, &token_hash(token), now)?
        else {
            return Ok(None);
        };
        User::set_password(conn, user_id, password_hash, None)?;
        User::confirm_email(conn, user_id)?;
        let user = User::by_id(conn, user_id)?;
        Ok((!user.is_suspended()).then_some(user))
    })
}

/// The account a reset link would act on, without using it (to check the new password
/// against the account's address before the link is spent).
pub fn reset_account(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    match EmailToken::peek(conn, TokenPurpose::Reset, &token_hash(token), now)? {
        Some(id) => User::by_id(conn, id).map(|u| (!u.is_suspended()).then_some(u)),
        None => Ok(None),
    }
}
