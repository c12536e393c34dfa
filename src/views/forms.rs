//! Form pages: what the user typed (kept on error) and the message next to each field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::PageMeta;

/// Values and errors of one form, by field name.
#[derive(Debug, Default, Serialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    /// A message for the whole form.
    pub notice: Option<String>,
}

impl FormState {
    pub fn value(mut self, field: &str, value: impl Into<String>) -> Self {
        self.values.insert(field.to_owned(), value.into());
        self
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.notice.is_none()
    }
}

/// A page holding one form.
#[derive(Debug, Serialize)]
pub struct FormPage<E: Serialize> {
    pub meta: PageMeta,
    pub form: FormState,
    /// Whatever else the page shows (choices of a drop-down, a product's photos…).
    pub extra: E,
}
