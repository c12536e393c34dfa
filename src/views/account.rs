//! The account pages (sign up, log in, change password): each is one form.

use serde::Serialize;

use super::forms::FormState;
use super::{PageAddress, PageMeta};

/// A page of the account area: its metadata and its form.
#[derive(Debug, Serialize)]
pub struct AccountPage {
    pub meta: PageMeta,
    pub form: FormState,
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
        }
    }

    /// `/dang-nhap`
    pub fn login(address: &PageAddress, form: FormState) -> AccountPage {
        AccountPage {
            meta: address.meta("", address.locale.t("account-login-title"), ""),
            form,
        }
    }

    /// `/tai-khoan/mat-khau`
    pub fn password(address: &PageAddress, form: FormState) -> AccountPage {
        AccountPage {
            meta: address.meta("", address.locale.t("account-password-title"), ""),
            form,
        }
    }
}
