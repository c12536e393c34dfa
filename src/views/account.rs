//! The account pages (sign up, log in, change password): each is one form.

use serde::Serialize;

use super::forms::FormState;
use super::{PageAddress, PageMeta};

/// A page of the account area: its metadata and its form.
#[derive(Debug, Serialize)]
pub struct AccountPage {
    pub meta: PageMeta,
    pub form: FormState,
    /// The daily digest setting, shown to officials on the account page: `Some(wants)`.
    pub digest: DigestSetting,
}

/// Whether the account page shows the daily digest choice, and what is chosen.
#[derive(Debug, Default, Serialize)]
pub struct DigestSetting {
    pub offered: bool,
    pub chosen: bool,
}

impl AccountPage {
    /// `/dang-ky`
    pub fn signup(address: &PageAddress, form: FormState) -> AccountPage {
        let l = address.locale;
        AccountPage {
            meta: address.meta(
                "",
                l.t("account-signup-title"),
                l.t("account-signup-description"),
            ),
            form,
            digest: DigestSetting::default(),
        }
    }

    /// `/dang-nhap`
    pub fn login(address: &PageAddress, form: FormState) -> AccountPage {
        AccountPage {
            meta: address.meta("", address.locale.t("account-login-title"), ""),
            form,
            digest: DigestSetting::default(),
        }
    }

    /// `/tai-khoan/mat-khau`
    pub fn password(address: &PageAddress, form: FormState) -> AccountPage {
        AccountPage {
            meta: address.meta("", address.locale.t("account-password-title"), ""),
            form,
            digest: DigestSetting::default(),
        }
    }
}

impl AccountPage {
    /// A page of the mail flows (check your mail, confirm, forgotten password, new
    /// password, a link that no longer works), titled by the catalogue's `title` key.
    pub fn titled(address: &PageAddress, title: &str, form: FormState) -> AccountPage {
        AccountPage {
            meta: address.meta("", address.locale.t(title), ""),
            form,
            digest: DigestSetting::default(),
        }
    }

    /// The account page with the digest choice of an official.
    pub fn with_digest(mut self, chosen: bool) -> AccountPage {
        self.digest = DigestSetting {
            offered: true,
            chosen,
        };
        self
    }
}
