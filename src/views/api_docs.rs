//! The `/api` page: the API's OpenAPI document (`handlers::openapi`) drawn as a page to read,
//! built from the document itself so the page shows what the document says. Labels are the
//! catalogue's (`api.ftl`); operation summaries too, by operation id; field descriptions are
//! the document's (English, from the code).

use serde::Serialize;
use serde_json::Value;

use super::{PageAddress, PageMeta};

/// The page.
#[derive(Debug, Serialize)]
pub struct ApiDocsPage {
    pub meta: PageMeta,
    pub version: String,
    /// Absolute URL of the JSON document.
    pub document_url: String,
    pub licence_name: String,
    pub licence_url: String,
    /// The body of every error answer, as an example.
    pub error_shape: &'static str,
    pub operations: Vec<OperationView>,
    pub schemas: Vec<SchemaView>,
}

/// One operation: `GET /api/v1/products`.
#[derive(Debug, Serialize)]
pub struct OperationView {
    /// The operation id: the anchor of its section.
    pub id: String,
    pub method: String,
    pub path: String,
    /// In the page's language.
    pub summary: String,
    /// From the document (English).
    pub description: String,
    pub parameters: Vec<ParameterView>,
    pub responses: Vec<ResponseView>,
    /// A `curl` command line that calls it.
    pub curl: String,
}

/// A query or path parameter.
#[derive(Debug, Serialize)]
pub struct ParameterView {
    pub name: String,
    /// `query` or `path`.
    pub location: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

/// One status an operation answers, and the schema of its body.
#[derive(Debug, Serialize)]
pub struct ResponseView {
    pub status: String,
    pub description: String,
    /// The name of the body's schema (an anchor in the schema list), if it has one.
    pub schema: Option<String>,
}

/// A named schema and its fields.
#[derive(Debug, Serialize)]
pub struct SchemaView {
    pub name: String,
    pub description: String,
    pub fields: Vec<FieldView>,
}

/// A field of a schema.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: String,
    /// `string`, `integer | null`, `array of AwardJson`…
    pub kind: String,
    /// The schema it names, if any (a link).
    pub link: Option<String>,
    pub required: bool,
    pub description: String,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The component name of a `$ref` (`#/components/schemas/ProductList` → `ProductList`).
fn ref_name(v: &Value) -> Option<String> {
    v.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_owned)
}

/// How a schema reads (`string`, `integer | null`, `array of X`) and the schema it names.
fn kind_of(schema: &Value) -> (String, Option<String>) {
    if let Some(name) = ref_name(schema) {
        return (name.clone(), Some(name));
    }
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        let kinds: Vec<(String, Option<String>)> = choices.iter().map(kind_of).collect();
        let link = kinds.iter().find_map(|(_, l)| l.clone());
        let label: Vec<String> = kinds.into_iter().map(|(k, _)| k).collect();
        return (label.join(" | "), link);
    }
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let mut link = None;
    let mut labels = Vec::new();
    for t in types {
        labels.push(match t.as_str() {
            "array" => {
                let (item, item_link) = schema.get("items").map(kind_of).unwrap_or_default();
                link = item_link;
                format!("array of {item}")
            }
            "object" if schema.get("additionalProperties").is_some() => {
                let (value, _) = schema
                    .get("additionalProperties")
                    .map(kind_of)
                    .unwrap_or_default();
                format!("map of {value}")
            }
            "string" => match schema.get("format").and_then(Value::as_str) {
                Some(format) => format!("string ({format})"),
                None => "string".to_owned(),
            },
            _ => t,
        });
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        labels = vec![values.join(" | ")];
    }
    (labels.join(" | "), link)
}

/// The fields of an object schema, `allOf` parts merged in order; `$ref` parts are looked up
/// in `schemas`.
fn fields_of(schema: &Value, schemas: &Value, out: &mut Vec<FieldView>) {
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            match ref_name(part) {
                Some(name) => {
                    if let Some(target) = schemas.get(&name) {
                        fields_of(target, schemas, out);
                    }
                }
                None => fields_of(part, schemas, out),
            }
        }
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let (kind, link) = kind_of(property);
            out.push(FieldView {
                name: name.clone(),
                kind,
                link,
                required: required.contains(&name.as_str()),
                description: text(property, "description"),
            });
        }
    }
}

fn operation(
    address: &PageAddress,
    base: &str,
    path: &str,
    method: &str,
    op: &Value,
) -> OperationView {
    let id = text(op, "operationId");
    let locale = address.locale;
    let parameters = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| ParameterView {
                    name: text(p, "name"),
                    location: text(p, "in"),
                    kind: p.get("schema").map(kind_of).unwrap_or_default().0,
                    required: p.get("required").and_then(Value::as_bool) == Some(true),
                    description: text(p, "description"),
                })
                .collect()
        })
        .unwrap_or_default();
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .map(|rs| {
            rs.iter()
                .map(|(status, r)| ResponseView {
                    status: status.clone(),
                    description: text(r, "description"),
                    schema: r
                        .pointer("/content/application~1json/schema")
                        .and_then(ref_name),
                })
                .collect()
        })
        .unwrap_or_default();
    let example = path.replace("{slug}", "nuoc-mam-phu-quoc");
    let example = match id.as_str() {
        "search" => format!("{example}?q=nuoc+mam"),
        "suggest" => format!("{example}?q=che"),
        "list_products" => format!("{example}?programme=ocop&per_page=10"),
        _ => example,
    };
    OperationView {
        summary: locale.t(&format!("api-op-{}", id.replace('_', "-"))),
        description: text(op, "description"),
        curl: format!("curl -s '{base}{}{example}'", locale.prefix()),
        id,
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        parameters,
        responses,
    }
}

/// The `/api` page of `doc` (the document as JSON).
pub fn docs_page(address: &PageAddress, doc: &Value) -> ApiDocsPage {
    let locale = address.locale;
    let base = address.base_url.as_str();
    let mut operations = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                operations.push(operation(address, base, path, method, op));
            }
        }
    }
    let empty = Value::Null;
    let components = doc.pointer("/components/schemas").unwrap_or(&empty);
    let schemas = components
        .as_object()
        .map(|all| {
            all.iter()
                .map(|(name, schema)| {
                    let mut fields = Vec::new();
                    fields_of(schema, components, &mut fields);
                    SchemaView {
                        name: name.clone(),
                        description: text(schema, "description"),
                        fields,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    ApiDocsPage {
        meta: address.meta(
            "api",
            locale.t("api-docs-title"),
            locale.t("api-docs-description"),
        ),
        version: doc
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        document_url: format!("{base}/api/v1/openapi.json"),
        licence_name: doc
            .pointer("/info/license/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        licence_url: crate::views::api_schema::DATA_LICENCE_URL.to_owned(),
        error_shape: r#"{"error": {"code": "not_found", "message": "…"}}"#,
        operations,
        schemas,
    }
}
