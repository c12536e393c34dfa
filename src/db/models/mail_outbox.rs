//! The mail outbox: every message the site sends is first a row here, inserted in the
//! transaction of the change that causes it; the mail worker (`crate::mail`) sends due rows.
//!
//! A row is due while `sent_at` is null and `next_attempt_at` has passed. The worker claims a
//! row by moving `next_attempt_at` forward (a lease) with a conditional update, so two
//! instances never send the same row at the same time; a failed attempt records its error and
//! waits longer each time (capped); nothing is ever deleted unsent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::mail_outbox;
use crate::db::stored::text_enum;

text_enum! {
    /// Why a mail was sent (kept on the row, for the operator and the tests).
    pub enum MailKind {
        ConfirmAddress = "confirm-address",
        SignupAttempt = "signup-attempt",
        PasswordReset = "password-reset",
        ProductApproved = "product-approved",
        ProductRejected = "product-rejected",
        ClaimApproved = "claim-approved",
        ClaimRejected = "claim-rejected",
        Digest = "digest",
        VoteConfirm = "vote-confirm",
        VoteCode = "vote-code",
        JuryAppointed = "jury-appointed",
        VoteInvalidated = "vote-invalidated",
    }
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub kind: MailKind,
}

/// A queued message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct QueuedMail {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub kind: MailKind,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

pub struct MailOutbox;

impl MailOutbox {
    /// Queues `mail`, due at once. Call it inside the transaction of the change it reports.
    pub fn enqueue(conn: &mut DbConnection, mail: &NewMail, now: NaiveDateTime) -> QueryResult<()> {
        diesel::insert_into(mail_outbox::table)
            .values((
                mail_outbox::recipient.eq(&mail.recipient),
                mail_outbox::subject.eq(&mail.subject),
                mail_outbox::body_text.eq(&mail.body_text),
                mail_outbox::kind.eq(mail.kind),
                mail_outbox::created_at.eq(now),
                mail_outbox::attempts.eq(0),
                mail_outbox::next_attempt_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Up to `limit` due rows, oldest due first, each leased until `lease_until` (rows another
    /// instance claimed in between are left out).
    pub fn claim_due(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<QueuedMail>> {
        let due: Vec<QueuedMail> = mail_outbox::table
            .filter(mail_outbox::sent_at.is_null())
            .filter(mail_outbox::next_attempt_at.le(now))
            .order((mail_outbox::next_attempt_at, mail_outbox::id))
            .limit(limit)
            .select(QueuedMail::as_select())
            .load(conn)?;
        let mut claimed = Vec::with_capacity(due.len());
        for mail in due {
            let won = diesel::update(
                mail_outbox::table
                    .find(mail.id)
                    .filter(mail_outbox::sent_at.is_null())
                    .filter(mail_outbox::next_attempt_at.eq(mail.next_attempt_at)),
            )
            .set(mail_outbox::next_attempt_at.eq(lease_until))
            .execute(conn)?;
            if won == 1 {
                claimed.push(mail);
            }
        }
        Ok(claimed)
    }

    pub fn mark_sent(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(mail_outbox::table.find(id))
            .set((
                mail_outbox::sent_at.eq(Some(now)),
                mail_outbox::attempts.eq(mail_outbox::attempts + 1),
                mail_outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Records a failed attempt; the row is tried again at `retry_at`.
    pub fn mark_failed(
        conn: &mut DbConnection,
        id: i32,
        error: &str,
        retry_at: NaiveDateTime,
    ) -> QueryResult<()> {
        let error: String = error.chars().take(1000).collect();
        diesel::update(mail_outbox::table.find(id))
            .set((
                mail_outbox::attempts.eq(mail_outbox::attempts + 1),
                mail_outbox::last_error.eq(Some(error)),
                mail_outbox::next_attempt_at.eq(retry_at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Unsent mails, and those of them whose last attempt failed (`/metrics`).
    pub fn backlog(conn: &mut DbConnection) -> QueryResult<(i64, i64)> {
        let unsent = mail_outbox::table.filter(mail_outbox::sent_at.is_null());
        let pending = unsent.count().get_result(conn)?;
        let failing = unsent
            .filter(mail_outbox::last_error.is_not_null())
            .count()
            .get_result(conn)?;
        Ok((pending, failing))
    }

    /// Every row, oldest first (tests and the operator).
    pub fn all(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<QueuedMail>> {
        mail_outbox::table
            .order(mail_outbox::id)
            .limit(limit)
            .select(QueuedMail::as_select())
            .load(conn)
    }
}
