//! The API's OpenAPI document and the contract it states: the document is valid OpenAPI 3.1
//! (checked against the official schema, vendored in `tests/openapi/`); it lists exactly the
//! `/api/v1` routes of the route table; every answer the app gives (successes and each error
//! we can provoke) matches the schema the document gives for its status, read strictly (a
//! field the document does not name fails); errors are `{"error": {"code", "message"}}`;
//! CORS is open on the API and absent elsewhere; lists walk page by page, every item once.

use std::collections::BTreeSet;

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::NaiveDate;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use hangviet::db::models::NewAward;
use hangviet::routes::ROUTES;
use serde_json::{Map, Value, json};

/// The official OpenAPI 3.1 schema (see `tests/openapi/README.md`).
const OAS_SCHEMA: &str = include_str!("../openapi/oas-3.1-schema-2022-10-07.json");

const BASE: &str = "http://localhost:8080";

/// A catalogue with every kind of record the API shows: a producer under a pre-2025
/// province with awarded products, one of them generated ("fictional"), five products of
/// the same name (ties for the sort), and points of sale with and without coordinates.
fn catalogue() -> TestApp {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let maker = ProducerBuilder::new("Công ty Nước mắm Hưng Thịnh")
            .province("Kiên Giang")
            .insert(&mut conn);
        let sauce = ProductBuilder::new("Nước mắm Hưng Thịnh 40 độ đạm", maker)
            .slug("nuoc-mam-hung-thinh")
            .brand("Hưng Thịnh")
            .award("ocop", 2022, Some("5"))
            .insert(&mut conn);
        common::add_award(
            &mut conn,
            NewAward {
                product_id: Some(sauce),
                producer_id: None,
                programme: hangviet::db::models::Programme::Ocop,
                year: 2019,
                tier: Some("4".into()),
                certificate_no: Some("123/QĐ-UBND".into()),
                valid_until: NaiveDate::from_ymd_opt(2020, 1, 1),
                source_url: Some("https://ocop.gov.vn/qd".into()),
            },
        );
        ProductBuilder::new("Nước mắm cá cơm", maker)
            .fictional()
            .insert(&mut conn);
        for n in 0..5 {
            ProductBuilder::new("Trà xanh Tân Cương", maker)
                .slug(&format!("tra-xanh-{n}"))
                .award("hvn-yeu-thich", 2024, Some("top2"))
                .insert(&mut conn);
        }
        ProductBuilder::new("Nước mắm nháp", maker)
            .status("draft")
            .insert(&mut conn);
        for n in 0..23 {
            let position = (n % 2 == 0).then_some((10.2 + f64::from(n) / 100.0, 103.9));
            point_of_sale(&mut conn, maker, (n % 3 == 0).then_some(sauce), n, position);
        }
    }
    app.rebuild_index();
    app
}

fn point_of_sale(
    conn: &mut hangviet::db::DbConnection,
    producer: i32,
    product: Option<i32>,
    n: i32,
    position: Option<(f64, f64)>,
) {
    // Two names only: the order falls back on the id.
    crate::common::PointOfSaleBuilder::new(&format!("Cửa hàng {}", n % 2), producer)
        .at(position)
        .selling(product.as_slice())
        .insert(conn);
}

async fn document(app: &TestApp) -> Value {
    let page = app.page("/api/v1/openapi.json").await;
    assert!(page.header("content-type").starts_with("application/json"));
    serde_json::from_str(&page.body).expect("the document is JSON")
}

fn oas_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(OAS_SCHEMA).expect("vendored schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the OpenAPI 3.1 schema compiles")
}

/// What the official schema finds wrong with `doc`.
fn oas_errors(doc: &Value) -> Vec<String> {
    oas_validator()
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[actix_web::test]
async fn the_document_is_valid_openapi_3_1() {
    let app = TestApp::new();
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(oas_errors(&doc), Vec::<String>::new());
    assert_eq!(doc["servers"][0]["url"], BASE);
    assert_eq!(doc["info"]["license"]["identifier"], "CC-BY-4.0");
    assert_eq!(doc["info"]["contact"]["url"], format!("{BASE}/gioi-thieu"));
    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for (_, item) in doc["paths"].as_object().expect("paths") {
        for (_, op) in item.as_object().expect("path item") {
            let tag = op["tags"][0].as_str().expect("every operation is tagged");
            assert!(tags.contains(tag), "{tag} is declared");
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()));
        }
    }

    // The check can fail: broken copies of the same document are refused.
    let mut no_info = doc.clone();
    no_info.as_object_mut().expect("object").remove("info");
    assert!(!oas_errors(&no_info).is_empty(), "a document without info");
    let mut bad_response = doc.clone();
    bad_response["paths"]["/api/v1/products"]["get"]["responses"]["200"] = json!("fine");
    assert!(
        !oas_errors(&bad_response).is_empty(),
        "a response that is a string"
    );
    let mut bad_parameter = doc.clone();
    bad_parameter["paths"]["/api/v1/products"]["get"]["parameters"][0]["in"] = json!("body");
    assert!(
        !oas_errors(&bad_parameter).is_empty(),
        "a parameter in the body"
    );
    // Schemas are checked through the schema's `$dynamicRef` to its meta-schema.
    let mut bad_schema = doc.clone();
    bad_schema["components"]["schemas"]["ProductList"] = json!(5);
    assert!(
        !oas_errors(&bad_schema).is_empty(),
        "a schema that is a number"
    );
}

/// `(method, path)` of every `/api/v1` route of the route table.
fn api_routes() -> BTreeSet<(String, String)> {
    ROUTES
        .iter()
        .filter(|(_, path)| path.starts_with("/api/v1/"))
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect()
}

/// `(method, path)` of every operation of the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            found.insert((method.clone(), path.clone()));
        }
    }
    found
}

#[actix_web::test]
async fn the_document_lists_exactly_the_api_routes() {
    let app = TestApp::new();
    let doc = document(&app).await;
    let routes = api_routes();
    assert!(routes.len() >= 7, "{routes:?}");
    assert_eq!(documented(&doc), routes);
    // Path parameters are declared, with the name the route uses.
    for (_, path) in &routes {
        let Some(name) = path.split('{').nth(1).and_then(|s| s.split('}').next()) else {
            continue;
        };
        let params = &doc["paths"][path]["get"]["parameters"];
        assert!(
            params
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == name && p["in"] == "path")),
            "{path}: {params}"
        );
    }
}

/// `schema` with `allOf` parts merged into one object (the parts are objects: a flattened
/// struct), so it can be made strict.
fn merge_all_of(schema: &Value, components: &Map<String, Value>) -> Value {
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return schema.clone();
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(r) => merge_all_of(&components[r.rsplit('/').next().expect("name")], components),
            None => merge_all_of(part, components),
        };
        if let Some(p) = part["properties"].as_object() {
            properties.extend(p.clone());
        }
        if let Some(r) = part["required"].as_array() {
            required.extend(r.iter().cloned());
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

/// Every object schema with named properties refuses other properties: a field the code
/// sends but the document does not name fails validation.
fn strict(schema: &mut Value, components: &Map<String, Value>) {
    if schema.get("allOf").is_some() {
        *schema = merge_all_of(schema, components);
    }
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for value in map.values_mut() {
                strict(value, components);
            }
        }
        Value::Array(items) => {
            for item in items {
                strict(item, components);
            }
        }
        _ => {}
    }
}

/// The schema of `operation`'s answer with `status`, compiled with the document's
/// components (strictly); fails when the document gives no such status.
fn response_validator(doc: &Value, path: &str, status: u16) -> jsonschema::Validator {
    let response = &doc["paths"][path]["get"]["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "GET {path} answered {status}, which the document does not list"
    );
    let schema = &response["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "GET {path} {status}: no JSON body");
    let components = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut strict_components = Map::new();
    for (name, s) in &components {
        let mut s = s.clone();
        strict(&mut s, &components);
        strict_components.insert(name.clone(), s);
    }
    let mut root = schema.clone();
    strict(&mut root, &components);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [root],
        "components": {"schemas": strict_components},
    });
    jsonschema::draft202012::new(&root).expect("the response schema compiles")
}

/// GETs `uri` and checks its answer against the document: status listed, body valid.
/// Returns the status and body.
async fn conforms(app: &TestApp, doc: &Value, route: &str, uri: &str) -> (u16, Value) {
    let page = app.get(uri).await;
    let status = page.status.as_u16();
    assert!(
        page.header("content-type").starts_with("application/json"),
        "{uri}: {status} {}",
        page.body
    );
    let body: Value = serde_json::from_str(&page.body).expect("JSON");
    let validator = response_validator(doc, route, status);
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{uri} ({status}) does not match the document: {errors:#?}"
    );
    (status, body)
}

#[actix_web::test]
async fn every_answer_matches_the_document() {
    let app = catalogue();
    let doc = document(&app).await;
    // (route, uri, status expected): successes and each error we can provoke.
    let cases: &[(&str, &str, u16)] = &[
        ("/api/v1/search", "/api/v1/search?q=nuoc+mam", 200),
        ("/api/v1/search", "/api/v1/search?q=", 200),
        ("/api/v1/search", "/en/api/v1/search?q=tra&per_page=2", 200),
        ("/api/v1/search", "/api/v1/search?q=tra&year=abc", 400),
        ("/api/v1/search", "/api/v1/search?q=a&q=b", 400),
        ("/api/v1/search", "/api/v1/search?per_page=51", 400),
        ("/api/v1/suggest", "/api/v1/suggest?q=nuoc", 200),
        ("/api/v1/suggest", "/api/v1/suggest?q=a", 200),
        ("/api/v1/suggest", "/api/v1/suggest?q=a&q=b", 400),
        ("/api/v1/products", "/api/v1/products", 200),
        (
            "/api/v1/products",
            "/api/v1/products?per_page=2&sort=hang-cao-nhat",
            200,
        ),
        (
            "/api/v1/products",
            "/en/api/v1/products?producer=cong-ty-nuoc-mam-hung-thinh",
            200,
        ),
        (
            "/api/v1/products",
            "/api/v1/products?category=khong-co",
            400,
        ),
        (
            "/api/v1/products",
            "/api/v1/products?producer=khong-co",
            400,
        ),
        ("/api/v1/products", "/api/v1/products?page=0", 400),
        (
            "/api/v1/products/{slug}",
            "/api/v1/products/nuoc-mam-hung-thinh",
            200,
        ),
        (
            "/api/v1/products/{slug}",
            "/api/v1/products/nuoc-mam-ca-com",
            200,
        ),
        (
            "/api/v1/products/{slug}",
            "/api/v1/products/nuoc-mam-nhap",
            404,
        ),
        ("/api/v1/products/{slug}", "/api/v1/products/khong-co", 404),
        (
            "/api/v1/producers/{slug}",
            "/api/v1/producers/cong-ty-nuoc-mam-hung-thinh",
            200,
        ),
        (
            "/api/v1/producers/{slug}",
            "/api/v1/producers/khong-co",
            404,
        ),
        ("/api/v1/points-of-sale", "/api/v1/points-of-sale", 200),
        (
            "/api/v1/points-of-sale",
            "/api/v1/points-of-sale?near=10.2,103.9",
            200,
        ),
        (
            "/api/v1/points-of-sale",
            "/api/v1/points-of-sale?province=an-giang&page=2",
            200,
        ),
        (
            "/api/v1/points-of-sale",
            "/api/v1/points-of-sale?near=abc",
            400,
        ),
        (
            "/api/v1/points-of-sale",
            "/api/v1/points-of-sale?province=sao-hoa",
            400,
        ),
        ("/api/v1/openapi.json", "/api/v1/openapi.json", 200),
    ];
    let mut covered = BTreeSet::new();
    for (route, uri, expected) in cases {
        let (status, body) = conforms(&app, &doc, route, uri).await;
        assert_eq!(status, *expected, "{uri}: {body}");
        covered.insert((*route, status));
    }
    // Every operation was called, and every status it documents was seen (but 500 and 503,
    // which need a broken database).
    for (_, route) in api_routes() {
        for status in doc["paths"][&route]["get"]["responses"]
            .as_object()
            .expect("responses")
            .keys()
        {
            let status: u16 = status.parse().expect("a status");
            if status < 500 {
                assert!(
                    covered.contains(&(route.as_str(), status)),
                    "{route} {status}"
                );
            }
        }
    }
}

#[actix_web::test]
async fn the_strict_check_catches_a_field_the_document_does_not_name() {
    let app = catalogue();
    let doc = document(&app).await;
    let body = app.json("/api/v1/products/nuoc-mam-hung-thinh").await;
    let validator = response_validator(&doc, "/api/v1/products/{slug}", 200);
    assert!(validator.is_valid(&body));
    let mut extra = body.clone();
    extra["secret"] = json!(1);
    assert!(!validator.is_valid(&extra), "an unknown field");
    let mut nested = body.clone();
    nested["awards"][0]["secret"] = json!(1);
    assert!(
        !validator.is_valid(&nested),
        "an unknown field in a nested shape"
    );
    let mut wrong = body;
    wrong["awards"][0]["status"] = json!("forever");
    assert!(
        !validator.is_valid(&wrong),
        "a value outside the listed ones"
    );
    // A flattened struct (a point of sale with its producer) is strict too.
    let list = app.json("/api/v1/points-of-sale").await;
    let validator = response_validator(&doc, "/api/v1/points-of-sale", 200);
    assert!(validator.is_valid(&list));
    let mut extra = list;
    extra["items"][0]["secret"] = json!(1);
    assert!(!validator.is_valid(&extra));
}

#[actix_web::test]
async fn errors_are_json_with_a_stable_code_and_a_message_in_the_request_language() {
    let app = catalogue();
    for (method, uri, status, code) in [
        ("GET", "/api/v1/products/khong-co", 404, "not_found"),
        ("GET", "/api/v1/khong-co", 404, "not_found"),
        ("GET", "/api/v2/products", 404, "not_found"),
        ("GET", "/api/v1/products?year=abc", 400, "invalid_parameter"),
        (
            "GET",
            "/api/v1/products?page=1&page=2",
            400,
            "invalid_parameter",
        ),
        ("POST", "/api/v1/products", 405, "method_not_allowed"),
        (
            "DELETE",
            "/api/v1/products/nuoc-mam-hung-thinh",
            405,
            "method_not_allowed",
        ),
        ("PUT", "/api/v1/search", 405, "method_not_allowed"),
    ] {
        let req = TestRequest::default()
            .method(method.parse().expect("method"))
            .uri(uri);
        let page = app.send(req).await;
        assert_eq!(
            page.status.as_u16(),
            status,
            "{method} {uri}: {}",
            page.body
        );
        assert!(
            page.header("content-type").starts_with("application/json"),
            "{method} {uri}"
        );
        let body: Value = serde_json::from_str(&page.body).expect("JSON");
        let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["error"], "{method} {uri}: {body}");
        assert_eq!(body["error"]["code"], code, "{method} {uri}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{method} {uri}"
        );
        if status == 405 {
            assert_eq!(page.header("allow"), "GET, HEAD, OPTIONS");
        }
    }
    let vi = app.get("/api/v1/products?province=sao-hoa").await;
    let en = app.get("/en/api/v1/products?province=sao-hoa").await;
    let message = |body: &str| {
        let v: Value = serde_json::from_str(body).expect("JSON");
        v["error"]["message"].as_str().expect("message").to_owned()
    };
    assert_eq!(message(&vi.body), "Không có tỉnh, thành phố “sao-hoa”.");
    assert_eq!(message(&en.body), "There is no province or city “sao-hoa”.");
    // Nothing was written by the refused methods.
    assert_eq!(app.json("/api/v1/products?per_page=100").await["total"], 7);
}

#[actix_web::test]
async fn cors_is_open_on_the_api_and_absent_elsewhere() {
    let app = catalogue();
    let preflight = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/api/v1/products?page=2")
                .insert_header(("Origin", "https://example.org"))
                .insert_header(("Access-Control-Request-Method", "GET")),
        )
        .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        "GET, HEAD, OPTIONS"
    );
    assert!(
        preflight
            .header("access-control-allow-headers")
            .contains("Accept")
    );
    assert_eq!(preflight.header("access-control-max-age"), "86400");
    assert!(preflight.body.is_empty());
    for uri in [
        "/api/v1/products",
        "/api/v1/products/khong-co",
        "/api/v1/search?q=tra",
        "/api/v1/suggest?q=tra",
        "/api/v1/producers/cong-ty-nuoc-mam-hung-thinh",
        "/api/v1/points-of-sale",
        "/api/v1/openapi.json",
        "/en/api/v1/products",
    ] {
        let page = app
            .send(
                TestRequest::get()
                    .uri(uri)
                    .insert_header(("Origin", "https://example.org")),
            )
            .await;
        assert_eq!(page.header("access-control-allow-origin"), "*", "{uri}");
        assert!(
            !page
                .headers
                .contains_key("access-control-allow-credentials"),
            "{uri}"
        );
        let head = app
            .send(
                TestRequest::default()
                    .method(actix_web::http::Method::HEAD)
                    .uri(uri),
            )
            .await;
        assert_eq!(
            head.header("access-control-allow-origin"),
            "*",
            "HEAD {uri}"
        );
    }
    for uri in ["/", "/san-pham", "/api", "/en/api", "/khong-co"] {
        let page = app
            .send(
                TestRequest::get()
                    .uri(uri)
                    .insert_header(("Origin", "https://example.org")),
            )
            .await;
        assert!(
            !page.headers.contains_key("access-control-allow-origin"),
            "{uri} is not open to other sites"
        );
    }
    // A preflight to a page of the site is not answered as the API's.
    let page_preflight = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/dang-nhap")
                .insert_header(("Origin", "https://example.org"))
                .insert_header(("Access-Control-Request-Method", "POST")),
        )
        .await;
    assert_ne!(page_preflight.status, StatusCode::NO_CONTENT);
    assert!(
        !page_preflight
            .headers
            .contains_key("access-control-allow-origin")
    );
}

/// Walks a list from `first` through `next`, returning every item's `key`.
async fn walk(app: &TestApp, first: &str, items: &str, key: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut uri = Some(first.to_owned());
    let mut pages = 0;
    while let Some(u) = uri {
        pages += 1;
        assert!(pages < 50, "the walk ends");
        let page = app.json(&u).await;
        for item in page[items].as_array().expect("items") {
            seen.push(match &item[key] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        uri = page["next"].as_str().map(|n| {
            n.strip_prefix(BASE)
                .expect("absolute, on the site")
                .to_owned()
        });
    }
    seen
}

fn assert_each_once(seen: &[String], expected: usize, what: &str) {
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "{what}: an item twice: {seen:?}");
    assert_eq!(seen.len(), expected, "{what}: {seen:?}");
}

#[actix_web::test]
async fn every_list_walks_page_by_page_each_item_once() {
    let app = catalogue();
    for sort in [
        "",
        "&sort=ten",
        "&sort=moi-nhat",
        "&sort=giai-moi-nhat",
        "&sort=hang-cao-nhat",
    ] {
        let seen = walk(
            &app,
            &format!("/api/v1/products?per_page=2{sort}"),
            "items",
            "slug",
        )
        .await;
        assert_each_once(&seen, 7, &format!("products{sort}"));
    }
    let seen = walk(
        &app,
        "/api/v1/products?producer=cong-ty-nuoc-mam-hung-thinh&per_page=3",
        "items",
        "slug",
    )
    .await;
    assert_each_once(&seen, 7, "a producer's products");
    // The producer's first page links on to the rest.
    let producer = app
        .json("/api/v1/producers/cong-ty-nuoc-mam-hung-thinh")
        .await;
    assert_eq!(
        producer["products"]["next"],
        Value::Null,
        "7 products fit on the first page of 24"
    );
    for q in ["", "tra+xanh"] {
        let seen = walk(
            &app,
            &format!("/api/v1/search?q={q}&per_page=2"),
            "hits",
            "slug",
        )
        .await;
        let expected = if q.is_empty() { 7 } else { 5 };
        assert_each_once(&seen, expected, &format!("search {q}"));
    }
    let seen = walk(&app, "/api/v1/points-of-sale", "items", "id").await;
    assert_each_once(&seen, 23, "points of sale");
    let seen = walk(
        &app,
        "/api/v1/points-of-sale?near=10.2,103.9",
        "items",
        "id",
    )
    .await;
    assert_each_once(
        &seen,
        12,
        "points of sale near a place (those with coordinates)",
    );
    // Page sizes are bounded.
    for uri in [
        "/api/v1/products?per_page=101",
        "/api/v1/search?per_page=51",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
}

#[actix_web::test]
async fn the_docs_page_shows_every_operation_in_both_languages() {
    let app = TestApp::new();
    let doc = document(&app).await;
    for (uri, heading) in [("/api", "API dữ liệu mở"), ("/en/api", "Open data API")] {
        let page = app.page(uri).await;
        assert!(
            page.header("content-type").starts_with("text/html"),
            "{uri}"
        );
        assert!(page.body.contains(heading), "{uri}");
        // Works offline: no script, style or font from elsewhere (the site's own only).
        for tag in page
            .body
            .split('<')
            .filter(|t| t.starts_with("script") || t.starts_with("link"))
        {
            assert!(!tag.contains("src=\"http"), "{uri}: {tag}");
            assert!(
                !tag.contains("stylesheet") || tag.contains("href=\"/assets/"),
                "{uri}: {tag}"
            );
        }
        assert_eq!(
            page.body.matches("<script").count(),
            page.body.matches("<script src=\"/assets/").count(),
            "{uri}: only the site's own scripts"
        );
        assert!(
            !page.body.contains("api-op-"),
            "{uri}: every summary is in the catalogue"
        );
        for (method, path) in documented(&doc) {
            let heading = format!(
                "<code class=\"api-op__method\">{}</code> <code class=\"api-op__path\">{path}</code>",
                method.to_uppercase()
            );
            assert!(page.body.contains(&heading), "{uri}: {method} {path}");
        }
        for field in ["next", "per_page", "distance_km", "valid_until"] {
            assert!(
                page.body.contains(&format!("<code>{field}</code>")),
                "{uri}: {field}"
            );
        }
        assert!(page.body.contains("curl -s"), "{uri}");
        assert!(page.body.contains("/api/v1/openapi.json"), "{uri}");
    }
    let home = app.page("/").await;
    assert!(
        home.body.contains("href=\"/api\""),
        "the footer links the API page"
    );
    let home = app.page("/en").await;
    assert!(home.body.contains("href=\"/en/api\""));
}
