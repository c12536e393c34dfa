//! A business's commands on its products: save the form and, in the same step, send the
//! product for review ("Lưu và gửi duyệt"). Nothing here is public until an official decides,
//! so no cache changes.
//!
//! What a product needs before it is sent ([`missing_for_review`]): the form's own rules
//! (a name, a category, checked by the handler) and at least one photo. A product that is not
//! ready keeps the edit (saved as a draft) and is not sent.

use diesel::Connection;

use crate::db::DbConnection;
use crate::db::models::product::{EditOutcome, ProductFields};
use crate::db::models::{Product, ProductImage};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::views::business::own_product;

/// What "Lưu và gửi duyệt" came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveAndSubmit {
    /// Saved and sent for review.
    Submitted,
    /// A public product's edit saved; it waits for an official, the public version stays.
    AwaitingReview,
    /// Saved as a draft but not sent: what is missing, by field (`photos` for the photos).
    Incomplete(Vec<(&'static str, Msg)>),
    /// Under review already: nothing changed.
    Locked,
}

/// What the product lacks before review, by field. Empty when it may be sent.
pub fn missing_for_review(photos: i64) -> Vec<(&'static str, Msg)> {
    let mut missing = Vec::new();
    if photos < 1 {
        missing.push(("photos", Msg::new("business-submit-needs-photo")));
    }
    missing
}

/// Saves `fields` on the user's own product `id`, then sends it for review when it is ready,
/// all in one transaction (the status and the photos are read inside it).
pub fn save_and_submit(
    conn: &mut DbConnection,
    user_id: i32,
    id: i32,
    fields: &ProductFields,
) -> Result<SaveAndSubmit, AppError> {
    conn.transaction(|conn| {
        let product = own_product(conn, user_id, id)?;
        match Product::save_edit(conn, &product, fields)? {
            EditOutcome::Locked => return Ok(SaveAndSubmit::Locked),
            EditOutcome::AwaitingReview => return Ok(SaveAndSubmit::AwaitingReview),
            EditOutcome::Saved => {}
        }
        let missing = missing_for_review(ProductImage::count_for(conn, id)?);
        if !missing.is_empty() {
            return Ok(SaveAndSubmit::Incomplete(missing));
        }
        Ok(if Product::submit(conn, id)? {
            SaveAndSubmit::Submitted
        } else {
            SaveAndSubmit::Locked
        })
    })
}

/// Sends the user's own product `id` for review as it is, when it is ready.
pub fn submit(conn: &mut DbConnection, user_id: i32, id: i32) -> Result<SaveAndSubmit, AppError> {
    conn.transaction(|conn| {
        own_product(conn, user_id, id)?;
        let missing = missing_for_review(ProductImage::count_for(conn, id)?);
        if !missing.is_empty() {
            return Ok(SaveAndSubmit::Incomplete(missing));
        }
        Ok(if Product::submit(conn, id)? {
            SaveAndSubmit::Submitted
        } else {
            SaveAndSubmit::Locked
        })
    })
}
