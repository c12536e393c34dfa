//! Form pages: what the user typed (kept on error) and the message next to each field, put
//! into words in the page's language.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::{Locale, Msg};

/// Values and errors of one form, by field name. Messages are catalogue messages, put into
/// words in the form's language as they are set.
#[derive(Debug, Serialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    /// A message for the whole form.
    pub notice: Option<String>,
    #[serde(skip)]
    locale: Locale,
}

impl FormState {
    /// An empty form on a page in `locale`.
    pub fn new(locale: Locale) -> Self {
        FormState {
            values: BTreeMap::new(),
            errors: BTreeMap::new(),
            notice: None,
            locale,
        }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn value(mut self, field: &str, value: impl Into<String>) -> Self {
        self.values.insert(field.to_owned(), value.into());
        self
    }

    /// The message next to `field` (the first one set stays).
    pub fn error(&mut self, field: &str, message: impl Into<Msg>) {
        if !self.errors.contains_key(field) {
            let text = self.locale.msg(&message.into());
            self.errors.insert(field.to_owned(), text);
        }
    }

    /// The message next to `field`, already put into words (the first one set stays).
    pub fn error_text(&mut self, field: &str, text: String) {
        self.errors.entry(field.to_owned()).or_insert(text);
    }

    /// Sets the message for the whole form.
    pub fn notice(&mut self, message: impl Into<Msg>) {
        self.notice = Some(self.locale.msg(&message.into()));
    }

    /// The value of `field`, or "".
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.notice.is_none()
    }
}
