//! The site's own pages: about and contact, terms of use, privacy notice. Their text is in
//! the message catalogue (`info.ftl`); what the privacy notice says about retention follows
//! the code (`db::models::session`, `login_address`, `rate_limit`, `report`, `audit`).

use serde::Serialize;

use super::{PageAddress, PageMeta};

/// One of the site's own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoPageKind {
    About,
    Terms,
    Privacy,
}

impl InfoPageKind {
    /// The template and the message-key prefix of the page.
    pub fn name(self) -> &'static str {
        match self {
            InfoPageKind::About => "about",
            InfoPageKind::Terms => "terms",
            InfoPageKind::Privacy => "privacy",
        }
    }

    pub fn template(self) -> String {
        format!("info/{}.html", self.name())
    }
}

/// `/gioi-thieu`, `/dieu-khoan`, `/quyen-rieng-tu`.
#[derive(Debug, Serialize)]
pub struct InfoPage {
    pub meta: PageMeta,
    /// The operator's contact e-mail, when the operator set one.
    pub contact_email: Option<String>,
}

/// The page `kind` at `address`.
pub fn info_page(
    address: &PageAddress,
    kind: InfoPageKind,
    contact_email: Option<&str>,
) -> InfoPage {
    let locale = address.locale;
    InfoPage {
        contact_email: contact_email.map(str::to_owned),
        meta: address.meta(
            "info",
            locale.t(&format!("{}-title", kind.name())),
            locale.t(&format!("{}-description", kind.name())),
        ),
    }
}
