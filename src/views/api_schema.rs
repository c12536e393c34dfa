//! Pieces of the API's OpenAPI document that the JSON shapes of `views` name: the error
//! body every `/api/` error answers with, and the schemas of fields whose values are a fixed
//! set (`#[schema(schema_with = …)]`). The document itself is built in `handlers::openapi`.

use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use crate::db::models::{Programme, SaleKind, Validity};

/// The licence of the data the API gives: its text (the document names it by its SPDX
/// identifier, `CC-BY-4.0`).
pub const DATA_LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The body of every error answer of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorAnswer {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `invalid_parameter`, `not_found`, `method_not_allowed`,
    /// `rate_limited`, `internal_error`, `unavailable`…
    #[schema(schema_with = error_code_schema)]
    pub code: &'static str,
    /// For people, in the request's language (English under `/en/api/`).
    pub message: String,
}

/// Every code of [`api_error_code`].
const ERROR_CODES: [&str; 10] = [
    "invalid_parameter",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "payload_too_large",
    "rate_limited",
    "internal_error",
    "unavailable",
    "error",
];

fn error_code_schema() -> Object {
    one_of(
        ERROR_CODES,
        "Stable, for programs: one per kind of failure.",
    )
}

/// The API's code for an error answer with `status`.
pub fn api_error_code(status: u16) -> &'static str {
    match status {
        400 => "invalid_parameter",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        429 => "rate_limited",
        503 => "unavailable",
        500..=599 => "internal_error",
        _ => "error",
    }
}

/// A string schema that takes one of `values`.
fn one_of(values: impl IntoIterator<Item = &'static str>, description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .description(Some(description))
        .build()
}

/// `status` of an award.
pub fn validity_schema() -> Object {
    one_of(
        [Validity::Valid, Validity::Expired, Validity::NoEndDate].map(Validity::as_str),
        "`valid`, `expired` or `no_end_date`, judged on the day of the request (Vietnam's \
         date).",
    )
}

/// `programme` of an award.
pub fn programme_schema() -> Object {
    one_of(
        Programme::ALL.map(Programme::slug),
        "The award programme's slug.",
    )
}

/// `kind` of a point of sale.
pub fn sale_kind_schema() -> Object {
    one_of(
        SaleKind::ALL.map(SaleKind::as_str),
        "What kind of place it is.",
    )
}

/// `kind` of a suggestion.
pub fn suggestion_kind_schema() -> Object {
    one_of(
        ["category", "product", "producer"],
        "What the suggestion opens.",
    )
}
