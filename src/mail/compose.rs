//! The texts of the site's mail, from the catalogue (`mail.ftl`) in the recipient's
//! language, with absolute links built from the public address. Each function returns the
//! [`NewMail`] to queue; none sends anything.

use crate::db::models::mail_outbox::{MailKind, NewMail};
use crate::db::models::moderation::PendingCounts;
use crate::i18n::{Locale, Msg};
use crate::site::SiteAddress;

/// Writes one mail: paragraphs separated by a blank line, the sign-off last.
struct Letter<'a> {
    site: &'a SiteAddress,
    locale: Locale,
    paragraphs: Vec<String>,
}

impl<'a> Letter<'a> {
    fn to(site: &'a SiteAddress, locale: Locale, name: &str) -> Letter<'a> {
        let greeting = if name.trim().is_empty() {
            locale.t("mail-greeting-plain")
        } else {
            locale.msg(&Msg::new("mail-greeting").arg("name", name.trim()))
        };
        Letter {
            site,
            locale,
            paragraphs: vec![greeting],
        }
    }

    /// The absolute address of a site path, in the letter's language.
    fn link(&self, path: &str) -> String {
        format!("{}{}", self.site.origin(), self.locale.path(path))
    }

    fn say(mut self, msg: Msg) -> Self {
        self.paragraphs.push(self.locale.msg(&msg));
        self
    }

    /// A paragraph and, on the next line, a link to `path`.
    fn say_with_link(mut self, msg: Msg, path: &str) -> Self {
        let text = format!("{}\n{}", self.locale.msg(&msg), self.link(path));
        self.paragraphs.push(text);
        self
    }

    fn quote(mut self, text: &str) -> Self {
        let quoted = if text.trim().is_empty() {
            self.locale.t("mail-no-reason")
        } else {
            text.trim().to_owned()
        };
        self.paragraphs.push(
            quoted
                .lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        self
    }

    fn finish(mut self, recipient: &str, subject: Msg, kind: MailKind) -> NewMail {
        self.paragraphs.push(format!(
            "-- \n{}\n{}\n{}",
            self.locale.t("mail-signature"),
            self.link("/"),
            self.locale.t("mail-automatic")
        ));
        NewMail {
            recipient: recipient.to_owned(),
            subject: self.locale.msg(&subject),
            body_text: self.paragraphs.join("\n\n") + "\n",
            kind,
        }
    }
}

/// The link that confirms a new account's address (`token` is the secret, never stored).
pub fn confirm_address(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    name: &str,
    token: &str,
) -> NewMail {
    Letter::to(site, locale, name)
        .say_with_link(
            Msg::new("mail-confirm-intro"),
            &format!("/xac-nhan-email/{token}"),
        )
        .say(Msg::new("mail-confirm-expiry"))
        .finish(
            to,
            Msg::new("mail-confirm-subject"),
            MailKind::ConfirmAddress,
        )
}

/// The link that confirms a consumer-vote ballot of `year` (`token` is the secret, never
/// stored); the voter's picks are not repeated, the link shows them.
pub fn vote_confirm(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    year: i32,
    token: &str,
) -> NewMail {
    Letter::to(site, locale, "")
        .say(Msg::new("mail-vote-intro").arg("year", year))
        .say_with_link(
            Msg::new("mail-vote-link"),
            &format!("/binh-chon/xac-nhan/{token}"),
        )
        .say(Msg::new("mail-vote-expiry"))
        .say(Msg::new("mail-vote-ignore"))
        .finish(
            to,
            Msg::new("mail-vote-subject").arg("year", year),
            MailKind::VoteConfirm,
        )
}

/// The text message of a phone ballot's `code`, to the SMS gateway's address `to`: short
/// (one text), no greeting, no link.
pub fn vote_code(locale: Locale, to: &str, year: i32, code: &str) -> NewMail {
    let text = locale.msg(
        &Msg::new("sms-vote-code")
            .arg("year", year)
            .arg("code", code)
            .arg("minutes", crate::vote::online::CODE_LIFETIME_MINUTES),
    );
    NewMail {
        recipient: to.to_owned(),
        subject: text.clone(),
        body_text: text,
        kind: MailKind::VoteCode,
    }
}

/// To an account just appointed juror number `number` of the vote of `year`: where to score.
pub fn jury_appointed(
    site: &SiteAddress,
    locale: Locale,
    (to, name): (&str, &str),
    year: i32,
    number: i32,
) -> NewMail {
    Letter::to(site, locale, name)
        .say(
            Msg::new("mail-jury-body")
                .arg("year", year)
                .arg("number", number),
        )
        .say_with_link(Msg::new("mail-jury-link"), &format!("/giam-khao/{year}"))
        .say(Msg::new("mail-jury-lock"))
        .finish(
            to,
            Msg::new("mail-jury-subject").arg("year", year),
            MailKind::JuryAppointed,
        )
}

/// To a member of a firm: `count` ballots that picked its nomination `product` in the vote
/// of `year` were invalidated for `reason`; the firm may object.
pub fn vote_invalidated(
    site: &SiteAddress,
    locale: Locale,
    (to, name): (&str, &str),
    year: i32,
    product: &str,
    count: usize,
    reason: crate::db::models::vote_ballot::InvalidReason,
) -> NewMail {
    let reason = locale.t(&format!("vote-reason-{}", reason.as_str()));
    Letter::to(site, locale, name)
        .say(
            Msg::new("mail-vote-invalidated-body")
                .arg("count", count as i64)
                .arg("product", product)
                .arg("year", year)
                .arg("reason", reason),
        )
        .say_with_link(
            Msg::new("mail-vote-invalidated-object"),
            &format!("/binh-chon/{year}"),
        )
        .finish(
            to,
            Msg::new("mail-vote-invalidated-subject").arg("year", year),
            MailKind::VoteInvalidated,
        )
}

/// To an address that already has an account, when someone signs up with it.
pub fn signup_attempt(site: &SiteAddress, locale: Locale, to: &str, name: &str) -> NewMail {
    Letter::to(site, locale, name)
        .say(Msg::new("mail-signup-attempt-intro"))
        .say_with_link(Msg::new("mail-signup-attempt-login"), "/dang-nhap")
        .say_with_link(Msg::new("mail-signup-attempt-reset"), "/quen-mat-khau")
        .say(Msg::new("mail-signup-attempt-ignore"))
        .finish(
            to,
            Msg::new("mail-signup-attempt-subject"),
            MailKind::SignupAttempt,
        )
}

/// The single-use link that sets a new password.
pub fn password_reset(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    name: &str,
    token: &str,
) -> NewMail {
    Letter::to(site, locale, name)
        .say_with_link(
            Msg::new("mail-reset-intro"),
            &format!("/dat-lai-mat-khau/{token}"),
        )
        .say(Msg::new("mail-reset-expiry"))
        .finish(to, Msg::new("mail-reset-subject"), MailKind::PasswordReset)
}

/// A product of the recipient's producer was approved (`reason: None`) or rejected.
pub fn product_decided(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    name: &str,
    product: &(i32, String, String, String),
    rejection: Option<&str>,
) -> NewMail {
    let (id, product_name, slug, producer) = product;
    let about = |key: &'static str| {
        Msg::new(key)
            .arg("product", product_name.as_str())
            .arg("producer", producer.as_str())
    };
    let letter = Letter::to(site, locale, name);
    match rejection {
        None => letter
            .say_with_link(
                about("mail-product-approved-body"),
                &format!("/san-pham/{slug}"),
            )
            .finish(
                to,
                about("mail-product-approved-subject"),
                MailKind::ProductApproved,
            ),
        Some(reason) => letter
            .say(about("mail-product-rejected-body"))
            .quote(reason)
            .say_with_link(
                Msg::new("mail-product-rejected-next"),
                &format!("/doanh-nghiep/san-pham/{id}"),
            )
            .finish(
                to,
                about("mail-product-rejected-subject"),
                MailKind::ProductRejected,
            ),
    }
}

/// The recipient's claim to manage `producer` was granted (`reason: None`) or refused.
pub fn claim_decided(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    name: &str,
    producer: &str,
    rejection: Option<&str>,
) -> NewMail {
    let about = |key: &'static str| Msg::new(key).arg("producer", producer);
    let letter = Letter::to(site, locale, name);
    match rejection {
        None => letter
            .say_with_link(about("mail-claim-approved-body"), "/doanh-nghiep")
            .finish(
                to,
                about("mail-claim-approved-subject"),
                MailKind::ClaimApproved,
            ),
        Some(reason) => letter
            .say(about("mail-claim-rejected-body"))
            .quote(reason)
            .say_with_link(Msg::new("mail-claim-rejected-next"), "/gioi-thieu")
            .finish(
                to,
                about("mail-claim-rejected-subject"),
                MailKind::ClaimRejected,
            ),
    }
}

/// What waits for officials, counted once for every digest of a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PendingWork {
    pub queue: PendingCounts,
    pub reports: i64,
    pub points_of_sale: i64,
}

impl PendingWork {
    pub fn total(&self) -> i64 {
        self.queue.submitted
            + self.queue.edits
            + self.queue.claims
            + self.reports
            + self.points_of_sale
    }
}

/// An official's daily digest of pending work (`date` as Vietnam shows it).
pub fn digest(
    site: &SiteAddress,
    locale: Locale,
    to: &str,
    name: &str,
    date: &str,
    work: &PendingWork,
) -> NewMail {
    let lines = [
        (
            "mail-digest-submitted",
            work.queue.submitted,
            "/quan-tri#moi",
        ),
        ("mail-digest-edits", work.queue.edits, "/quan-tri#sua"),
        ("mail-digest-claims", work.queue.claims, "/quan-tri#nhan"),
        ("mail-digest-reports", work.reports, "/quan-tri/bao-cao"),
        (
            "mail-digest-points",
            work.points_of_sale,
            "/quan-tri/diem-ban",
        ),
    ];
    let mut letter = Letter::to(site, locale, name).say(Msg::new("mail-digest-intro"));
    let list = lines
        .iter()
        .filter(|(_, count, _)| *count > 0)
        .map(|(key, count, path)| {
            format!(
                "- {}\n  {}",
                locale.msg(&Msg::new(key).arg("count", *count)),
                letter.link(path)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    letter.paragraphs.push(list);
    letter
        .say_with_link(Msg::new("mail-digest-stop"), "/tai-khoan/mat-khau")
        .finish(
            to,
            Msg::new("mail-digest-subject").arg("date", date),
            MailKind::Digest,
        )
}
