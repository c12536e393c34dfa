//! Mail in tests: what the outbox holds, the links in a mail, and following the
//! confirmation link as the mailbox's owner would.

use actix_web::http::StatusCode;
use hangviet::db::models::mail_outbox::{MailKind, MailOutbox, QueuedMail};

use super::{Browser, Page, TestApp};

/// The public address the test apps are configured with.
pub const ORIGIN: &str = "http://localhost:8080";

impl TestApp {
    /// Every queued mail, oldest first (sent or not).
    pub fn outbox(&self) -> Vec<QueuedMail> {
        MailOutbox::all(&mut self.conn(), 1000).expect("outbox")
    }

    /// Queued mails to `recipient` of `kind`, oldest first.
    pub fn mails_to(&self, recipient: &str, kind: MailKind) -> Vec<QueuedMail> {
        self.outbox()
            .into_iter()
            .filter(|m| m.recipient == recipient && m.kind == kind)
            .collect()
    }

    /// Sends the due mail as the worker would (one round).
    pub async fn drain_mail(&self) -> hangviet::mail::Drained {
        hangviet::mail::drain_once(&self.state.mail_worker())
            .await
            .expect("outbox drains")
    }
}

/// The path of the first link in `body` to a path containing `contains` (the origin checked
/// and cut off).
pub fn link_in(body: &str, contains: &str) -> String {
    let url = body
        .split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(contains))
        .unwrap_or_else(|| panic!("no link with {contains} in:\n{body}"));
    url.strip_prefix(ORIGIN)
        .unwrap_or_else(|| panic!("{url} is not on the public address {ORIGIN}"))
        .to_owned()
}

impl Browser<'_> {
    /// Opens the confirmation link of the last confirmation mail to `email` and presses its
    /// button: the answer (a 303 to the landing page, signed in).
    pub async fn confirm_from_mail(&mut self, email: &str) -> Page {
        let mail = self
            .app
            .mails_to(email, MailKind::ConfirmAddress)
            .pop()
            .unwrap_or_else(|| panic!("no confirmation mail to {email}"));
        let path = link_in(&mail.body_text, "/xac-nhan-email/");
        let page = self.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        self.submit(&path, &path, &[]).await
    }
}
