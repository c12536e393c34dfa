//! Mail: a transactional outbox drained by a worker, and the [`Mailer`] that delivers.
//!
//! Rules:
//! - A request never talks to a mail server. It inserts a row into `mail_outbox`
//!   ([`crate::db::models::mail_outbox`]) in the transaction of the change that causes the
//!   mail, so a change and its mail commit together or not at all.
//! - The worker ([`spawn_worker`], started by `server::serve`) sends due rows off the async
//!   workers (`web::block`), records every attempt, and retries failures with exponential
//!   backoff capped at [`MAX_BACKOFF`]: a mail server that is down means mail waits, never
//!   that it is lost. [`drain_once`] is one round of it, for tests.
//! - Texts come from the catalogue (`assets/locales/*/mail.ftl`, [`compose`]) in the
//!   recipient's language; links are absolute, built from the configured public address
//!   ([`SiteAddress`]), never from request headers.
//! - Default transport: RFC 5322 `.eml` files in `DATA_DIR/outbox-mail/` (nothing to
//!   install). With `SMTP_URL` set: that SMTP server, through lettre (rustls, no OpenSSL).

pub mod compose;
pub mod digest;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use chrono::{NaiveDateTime, TimeDelta};
use lettre::message::{Mailbox, SinglePart};
use lettre::{Message, SmtpTransport, Transport as _};

use crate::clock::SiteClock;
use crate::db::Db;
use crate::db::models::mail_outbox::{MailOutbox, QueuedMail};
use crate::error::AppError;
use crate::site::SiteAddress;

/// The longest a failed mail waits before its next attempt.
pub const MAX_BACKOFF: TimeDelta = TimeDelta::hours(1);
/// The wait after the first failed attempt; each further failure doubles it.
const FIRST_BACKOFF: TimeDelta = TimeDelta::minutes(1);
/// How long a claimed row is left to the worker that claimed it (a worker that dies while
/// sending lets another try after this).
const LEASE: TimeDelta = TimeDelta::minutes(10);
/// Rows sent per round.
const BATCH: i64 = 50;
/// How long one SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The wait before the next attempt after `attempts` failed ones.
pub fn backoff(attempts: i32) -> TimeDelta {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    let wait = FIRST_BACKOFF * 2i32.pow(doublings);
    wait.min(MAX_BACKOFF)
}

/// How mail leaves the site.
#[derive(Clone)]
enum Transport {
    /// `.eml` files in this directory.
    Files(PathBuf),
    /// An SMTP server (`SMTP_URL`).
    Smtp(Box<SmtpTransport>),
}

/// Delivers queued mail: builds the RFC 5322 message and hands it to the transport.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<MailerInner>,
}

struct MailerInner {
    from: Mailbox,
    /// The host of `Message-ID`s (the public address's host).
    host: String,
    transport: Transport,
}

impl Mailer {
    /// The mailer the settings ask for: `smtp_url` set selects SMTP, else files in
    /// `outbox_dir`. `from` is the sender (`HANGVIET_MAIL_FROM`), `None` for the default:
    /// the site's name at `no-reply@` the public host.
    pub fn new(
        from: Option<&str>,
        smtp_url: Option<&str>,
        outbox_dir: PathBuf,
        site: &SiteAddress,
    ) -> anyhow::Result<Mailer> {
        let host = site_host(site);
        let from = match from.map(str::trim).filter(|f| !f.is_empty()) {
            Some(text) => text
                .parse::<Mailbox>()
                .with_context(|| format!("HANGVIET_MAIL_FROM: {text:?} is not an address"))?,
            None => default_from(&host)?,
        };
        let transport = match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Transport::Smtp(Box::new(
                SmtpTransport::from_url(url)
                    .context("SMTP_URL: not an smtp:// or smtps:// URL")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            )),
            None => Transport::Files(outbox_dir),
        };
        Ok(Mailer {
            inner: Arc::new(MailerInner {
                from,
                host,
                transport,
            }),
        })
    }

    /// `smtp` or `files`, for logs and `/healthz`.
    pub fn transport_name(&self) -> &'static str {
        match self.inner.transport {
            Transport::Files(_) => "files",
            Transport::Smtp(_) => "smtp",
        }
    }

    /// The sender of every mail.
    pub fn from(&self) -> &Mailbox {
        &self.inner.from
    }

    /// The message of a queued mail, as RFC 5322 bytes are built from it. Its `Message-ID`
    /// is derived from the row, so a retried mail keeps the same one.
    pub fn message(&self, mail: &QueuedMail) -> Result<Message, String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient {:?}: {e}", mail.recipient))?;
        let date = mail.created_at.and_utc();
        Message::builder()
            .from(self.inner.from.clone())
            .to(to)
            .subject(&mail.subject)
            .date(date.into())
            .message_id(Some(format!(
                "<hangviet.{}.{}@{}>",
                mail.id,
                date.timestamp(),
                self.inner.host
            )))
            // A single text/plain UTF-8 part, with its MIME-Version header.
            .singlepart(SinglePart::plain(mail.body_text.clone()))
            .map_err(|e| e.to_string())
    }

    /// Sends one mail; the error says why it did not go.
    pub fn deliver(&self, mail: &QueuedMail) -> Result<(), String> {
        let message = self.message(mail)?;
        match &self.inner.transport {
            Transport::Files(dir) => write_eml(dir, mail.id, &message.formatted())
                .map_err(|e| format!("cannot write to {}: {e}", dir.display())),
            Transport::Smtp(smtp) => smtp.send(&message).map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// The host part of the public address, without a port.
fn site_host(site: &SiteAddress) -> String {
    let rest = site
        .origin()
        .split_once("://")
        .map_or(site.origin(), |(_, r)| r);
    match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or("localhost").to_owned(),
        None => rest.split(':').next().unwrap_or("localhost").to_owned(),
    }
}

/// The site's name at `no-reply@` the public host (`localhost` when the host is an address,
/// which a mailbox cannot name).
fn default_from(host: &str) -> anyhow::Result<Mailbox> {
    let domain = if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        "localhost"
    } else {
        host
    };
    let name = crate::i18n::Locale::Vi.t("site-name");
    format!("{name} <no-reply@{domain}>")
        .parse()
        .with_context(|| format!("no default sender for the host {host:?}: set HANGVIET_MAIL_FROM"))
}

/// Writes `mail-{id}.eml` completely (a temporary file renamed), so a reader never sees half
/// a message and a retry overwrites rather than duplicates.
fn write_eml(dir: &std::path::Path, id: i32, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("mail-{id:08}.eml"));
    let temp = dir.join(format!(".mail-{id:08}.eml.tmp"));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, &path)
}

/// What the mail worker needs from the application state.
pub struct Worker<'a> {
    pub db: &'a Db,
    pub mailer: &'a Mailer,
    pub clock: &'a SiteClock,
    pub site: &'a SiteAddress,
}

/// One round's result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the mail that is due now (one batch), recording each attempt: what the worker does
/// every few seconds, callable from tests.
pub async fn drain_once(worker: &Worker<'_>) -> Result<Drained, AppError> {
    let db = worker.db.clone();
    let mailer = worker.mailer.clone();
    let now = worker.clock.now();
    web::block(move || drain_blocking(&db, &mailer, now))
        .await
        .map_err(AppError::internal)?
}

fn drain_blocking(db: &Db, mailer: &Mailer, now: NaiveDateTime) -> Result<Drained, AppError> {
    let mut conn = db.conn().map_err(AppError::unavailable)?;
    let due = MailOutbox::claim_due(&mut conn, now, now + LEASE, BATCH)?;
    let mut drained = Drained::default();
    for mail in due {
        match mailer.deliver(&mail) {
            Ok(()) => {
                MailOutbox::mark_sent(&mut conn, mail.id, now)?;
                drained.sent += 1;
            }
            Err(error) => {
                tracing::warn!(mail = mail.id, attempts = mail.attempts + 1, %error, "mail not sent; will retry");
                let retry_at = now + backoff(mail.attempts + 1);
                MailOutbox::mark_failed(&mut conn, mail.id, &error, retry_at)?;
                drained.failed += 1;
            }
        }
    }
    Ok(drained)
}

/// Starts the mail worker: every few seconds it queues the daily digests that are due and
/// sends due mail, until the server stops.
pub fn spawn_worker<S: Send + Sync + 'static>(holder: Arc<S>, parts: fn(&S) -> Worker<'_>) {
    actix_web::rt::spawn(async move {
        let worker = parts(&holder);
        tracing::info!(
            transport = worker.mailer.transport_name(),
            "mail worker started"
        );
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(err) = digest::queue_due(&worker).await {
                tracing::warn!(error = %err, "could not queue the daily digests");
            }
            loop {
                match drain_once(&worker).await {
                    Ok(d) if d.sent + d.failed == usize::try_from(BATCH).unwrap_or(0) => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "could not read the mail outbox");
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_an_hour() {
        assert_eq!(backoff(1), TimeDelta::minutes(1));
        assert_eq!(backoff(2), TimeDelta::minutes(2));
        assert_eq!(backoff(6), TimeDelta::minutes(32));
        assert_eq!(backoff(7), MAX_BACKOFF);
        assert_eq!(backoff(1000), MAX_BACKOFF);
        assert_eq!(backoff(0), TimeDelta::minutes(1));
    }

    #[test]
    fn the_sender_defaults_to_the_public_host() {
        let site = SiteAddress::new("https://hangviet.vn:8443", "").expect("address");
        assert_eq!(site_host(&site), "hangviet.vn");
        let from = default_from(&site_host(&site)).expect("a sender");
        assert_eq!(from.email.to_string(), "no-reply@hangviet.vn");
        let local = SiteAddress::new("http://127.0.0.1:8080", "").expect("address");
        let from = default_from(&site_host(&local)).expect("a sender");
        assert_eq!(from.email.to_string(), "no-reply@localhost");
    }

    #[test]
    fn a_vietnamese_subject_is_encoded_and_the_body_is_utf8() {
        let site = SiteAddress::new("https://hangviet.vn", "").expect("address");
        let dir = tempfile::tempdir().expect("dir");
        let mailer = Mailer::new(None, None, dir.path().to_owned(), &site).expect("mailer");
        let mail = QueuedMail {
            id: 7,
            recipient: "lan@example.vn".to_owned(),
            subject: "Xác nhận địa chỉ email".to_owned(),
            body_text: "Chào chị Lan, hãy bấm liên kết.".to_owned(),
            kind: crate::db::models::mail_outbox::MailKind::ConfirmAddress,
            created_at: chrono::Utc::now().naive_utc(),
            attempts: 0,
            next_attempt_at: chrono::Utc::now().naive_utc(),
            sent_at: None,
            last_error: None,
        };
        mailer.deliver(&mail).expect("written");
        let text = std::fs::read_to_string(dir.path().join("mail-00000007.eml")).expect("eml");
        let subject = text
            .lines()
            .find(|l| l.starts_with("Subject: "))
            .expect("a subject");
        assert!(
            subject.is_ascii() && subject.contains("=?utf-8?"),
            "{subject}"
        );
        assert!(text.contains("Message-ID: <hangviet.7."), "{text}");
        assert!(text.contains("To: lan@example.vn"), "{text}");
        assert!(
            text.to_ascii_lowercase().contains("charset=utf-8"),
            "{text}"
        );
    }
}
