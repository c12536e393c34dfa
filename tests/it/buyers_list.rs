//! The state buyers' list (`/mua-sam-cong`) and its CSV and XLSX exports: only awards valid
//! today (an award without an end date counts; expired and withdrawn ones never), filters as
//! the catalogue's, pages that visit every row once, files that open in a spreadsheet with
//! the same rows, the English site, and hostile query strings.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use calamine::{Data, DataType, Reader};
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use hangviet::db::DbConnection;
use hangviet::db::models::{NewAward, Programme};
use hangviet::db::schema::{awards, producers};

use crate::common::{self, ProducerBuilder, ProductBuilder, TestApp};

/// A producer's legal details and contact, as the business would fill them in.
fn set_contact(
    conn: &mut DbConnection,
    id: i32,
    legal: &str,
    tax: &str,
    phone: &str,
    address: &str,
) {
    diesel::update(producers::table.find(id))
        .set((
            producers::legal_name.eq(legal),
            producers::tax_code.eq(Some(tax)),
            producers::phone.eq(phone),
            producers::email.eq("lienhe@example.vn"),
            producers::address.eq(address),
        ))
        .execute(conn)
        .expect("contact");
}

fn award(
    conn: &mut DbConnection,
    product: i32,
    programme: Programme,
    year: i32,
    tier: Option<&str>,
    decision: &str,
    valid_until: Option<NaiveDate>,
) -> i32 {
    common::add_award(
        conn,
        NewAward {
            product_id: Some(product),
            producer_id: None,
            programme,
            year,
            tier: tier.map(str::to_owned),
            certificate_no: Some(decision.to_owned()),
            valid_until,
            source_url: Some("https://ocop.gov.vn/quyet-dinh".to_owned()),
        },
    );
    awards::table
        .filter(awards::product_id.eq(product))
        .filter(awards::certificate_no.eq(decision))
        .select(awards::id)
        .first(conn)
        .expect("award id")
}

/// The world of most tests:
/// - "Nước mắm "Hạnh Phúc", 40 độ đạm" (food, Kiên Giang → An Giang), OCOP 4 sao valid a
///   year more, decision `=HYPERLINK(…)` (a formula to neutralise);
/// - "Chè Tân Cương" (drinks, Thái Nguyên), HVN yêu thích Top 1 without end date;
/// - "Chè búp khô" (drinks, Thái Nguyên), OCOP 3 sao expired yesterday;
/// - "Miến dong" (food, Hà Nội), OCOP 5 sao valid, which the tests withdraw;
/// - "Bánh nháp" (draft) with a valid award.
struct Shop {
    today: NaiveDate,
    withdrawable: i32,
}

fn shop(app: &TestApp) -> Shop {
    let today = app.state.clock.today();
    let mut conn = app.conn();
    let sea = ProducerBuilder::new("Nước mắm Hạnh Phúc")
        .province("Kiên Giang")
        .insert(&mut conn);
    set_contact(
        &mut conn,
        sea,
        "Công ty TNHH Nước mắm Hạnh Phúc",
        "1700123456",
        "+84 297 384 6000",
        "12 Đường 30/4, \"Khu phố 1\", Dương Đông",
    );
    let tea = ProducerBuilder::new("HTX Chè Tân Cương")
        .province("Thái Nguyên")
        .insert(&mut conn);
    set_contact(
        &mut conn,
        tea,
        "Hợp tác xã Chè Tân Cương",
        "4600111222",
        "0208 385 1234",
        "Xóm 3, Tân Cương",
    );
    let noodle = ProducerBuilder::new("Làng miến So")
        .province("Hà Nội")
        .insert(&mut conn);

    let sauce = ProductBuilder::new("Nước mắm \"Hạnh Phúc\", 40 độ đạm", sea)
        .slug("nuoc-mam-hanh-phuc")
        .insert(&mut conn);
    award(
        &mut conn,
        sauce,
        Programme::Ocop,
        2024,
        Some("4"),
        "=HYPERLINK(\"http://evil\")",
        Some(today + TimeDelta::days(365)),
    );
    let green = ProductBuilder::new("Chè Tân Cương", tea)
        .category("do-uong")
        .insert(&mut conn);
    award(
        &mut conn,
        green,
        Programme::HvnYeuThich,
        2025,
        Some("top1"),
        "88/QĐ-UBND",
        None,
    );
    let dried = ProductBuilder::new("Chè búp khô", tea)
        .category("do-uong")
        .insert(&mut conn);
    award(
        &mut conn,
        dried,
        Programme::Ocop,
        2021,
        Some("3"),
        "11/QĐ-HẾT",
        Some(today - TimeDelta::days(1)),
    );
    let miến = ProductBuilder::new("Miến dong", noodle).insert(&mut conn);
    let withdrawable = award(
        &mut conn,
        miến,
        Programme::Ocop,
        2024,
        Some("5"),
        "55/QĐ-THUHOI",
        Some(today),
    );
    let draft = ProductBuilder::new("Bánh nháp", noodle)
        .status("draft")
        .insert(&mut conn);
    award(
        &mut conn,
        draft,
        Programme::Ocop,
        2024,
        Some("4"),
        "77/QĐ-NHAP",
        None,
    );
    Shop {
        today,
        withdrawable,
    }
}

/// Product slugs linked from a page of the list, in order.
fn product_links(html: &str) -> Vec<String> {
    html.split("href=\"/san-pham/")
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| *c != '"').collect())
        .collect()
}

async fn raw(app: &TestApp, path: &str) -> common::RawPage {
    app.send_raw(TestRequest::get().uri(path)).await
}

#[actix_web::test]
async fn only_awards_valid_today_of_published_products_are_listed() {
    let app = TestApp::new();
    let shop = shop(&app);
    let page = app.page("/mua-sam-cong").await;
    let body = &page.body;
    assert!(body.contains("Chỉ thị 03-CT/TW"), "who the list is for");
    assert!(
        body.contains("đã hết hiệu lực hoặc đã bị thu hồi"),
        "the exclusion note"
    );
    assert!(
        body.contains(&shop.today.format("%d/%m/%Y").to_string()),
        "the day it judges on"
    );
    let listed: BTreeSet<String> = product_links(body).into_iter().collect();
    let expected: BTreeSet<String> = ["nuoc-mam-hanh-phuc", "che-tan-cuong", "mien-dong"]
        .map(str::to_owned)
        .into();
    assert_eq!(
        listed, expected,
        "valid, no end date and ending today; not expired or draft"
    );
    assert!(body.contains("Công ty TNHH Nước mắm Hạnh Phúc"));
    assert!(body.contains("1700123456"));
    assert!(body.contains("88/QĐ-UBND"));
    assert!(
        body.contains("không ghi thời hạn"),
        "the no-end-date award says so"
    );
    assert!(!body.contains("11/QĐ-HẾT") && !body.contains("77/QĐ-NHAP"));
    assert!(
        body.contains("href=\"/nha-san-xuat/nuoc-mam-hanh-phuc\""),
        "producer link"
    );
    assert!(body.contains("3 danh hiệu còn hiệu lực"));

    // Tomorrow the award that ends today has expired.
    app.state.clock.advance(TimeDelta::days(1));
    let tomorrow = app.page("/mua-sam-cong").await;
    assert!(!product_links(&tomorrow.body).contains(&"mien-dong".to_owned()));
    assert!(
        product_links(&tomorrow.body).contains(&"che-tan-cuong".to_owned()),
        "no end date"
    );
}

#[actix_web::test]
async fn a_withdrawn_award_leaves_the_list_and_its_files() {
    let app = TestApp::new();
    let shop = shop(&app);
    assert!(
        app.page("/mua-sam-cong")
            .await
            .body
            .contains("55/QĐ-THUHOI")
    );
    let official = app.member("can-bo@hanoi.gov.vn", "official");
    let withdrawn = app
        .browser_of(&official)
        .post_raw(
            &format!("/quan-tri/giai-thuong/{}/thu-hoi", shop.withdrawable),
            &[
                ("csrf_token", official.csrf_token.as_str()),
                ("reason", "Quyết định thu hồi 9/QĐ"),
            ],
            &[("Origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    let page = app.page("/mua-sam-cong").await;
    assert!(!page.body.contains("55/QĐ-THUHOI"));
    assert!(!product_links(&page.body).contains(&"mien-dong".to_owned()));
    let csv = app.page("/mua-sam-cong.csv").await;
    assert!(!csv.body.contains("55/QĐ-THUHOI") && !csv.body.contains("Miến dong"));
    assert!(!csv.body.contains("11/QĐ-HẾT"), "expired");
}

#[actix_web::test]
async fn filters_narrow_the_list_by_category_province_old_and_new_and_programme() {
    let app = TestApp::new();
    shop(&app);
    let cases: [(&str, &[&str]); 7] = [
        ("category=do-uong", &["che-tan-cuong"]),
        ("category=thuc-pham", &["nuoc-mam-hanh-phuc", "mien-dong"]),
        ("province=an-giang", &["nuoc-mam-hanh-phuc"]),
        ("province=kien-giang", &["nuoc-mam-hanh-phuc"]),
        (
            "province=thai-nguyen&programme=hvn-yeu-thich",
            &["che-tan-cuong"],
        ),
        ("programme=ocop", &["nuoc-mam-hanh-phuc", "mien-dong"]),
        ("q=hanh+phuc", &["nuoc-mam-hanh-phuc"]),
    ];
    for (query, expected) in cases {
        let page = app.page(&format!("/mua-sam-cong?{query}")).await;
        let listed: BTreeSet<String> = product_links(&page.body).into_iter().collect();
        let expected: BTreeSet<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(listed, expected, "{query}");
        // The exports follow the filter, and the page links them with it.
        assert!(page.body.contains("/mua-sam-cong.csv?"), "{query}");
        let csv = app.page(&format!("/mua-sam-cong.csv?{query}")).await;
        assert_eq!(
            csv.body.lines().count() - 1,
            expected.len(),
            "{query}: {}",
            csv.body
        );
    }
    let none = app.page("/mua-sam-cong?programme=thqg").await;
    assert!(product_links(&none.body).is_empty());
    assert!(none.body.contains("Không có sản phẩm nào khớp bộ lọc."));
    let kept = app
        .page("/mua-sam-cong?category=do-uong&province=thai-nguyen")
        .await;
    assert!(
        kept.body.contains("<option value=\"do-uong\" selected>"),
        "the form keeps the filter"
    );
}

#[actix_web::test]
async fn pages_visit_every_row_once_in_a_stable_order() {
    let app = TestApp::new();
    let mut slugs = BTreeSet::new();
    {
        let mut conn = app.conn();
        let hanoi = ProducerBuilder::new("Cơ sở Hà Nội").insert(&mut conn);
        let hue = ProducerBuilder::new("Cơ sở Đà Nẵng")
            .province("Đà Nẵng")
            .insert(&mut conn);
        for i in 0..115 {
            // Many rows share a name: the order must still be total.
            let name = if i % 3 == 0 {
                "Bánh chưng".to_owned()
            } else {
                format!("Món {i:03}")
            };
            let slug = format!("mon-{i:03}");
            let producer = if i % 2 == 0 { hanoi } else { hue };
            let category = if i % 4 == 0 { "do-uong" } else { "thuc-pham" };
            let id = ProductBuilder::new(&name, producer)
                .slug(&slug)
                .category(category)
                .insert(&mut conn);
            award(
                &mut conn,
                id,
                Programme::Ocop,
                2024,
                Some("4"),
                &format!("{i}/QĐ"),
                None,
            );
            slugs.insert(slug);
        }
    }
    let mut seen = Vec::new();
    for n in 1..=3 {
        let page = app.page(&format!("/mua-sam-cong?page={n}")).await;
        let links = product_links(&page.body);
        assert!(links.len() <= 50, "bounded page size");
        seen.extend(links);
    }
    assert_eq!(seen.len(), 115, "every row once");
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique, slugs);
    assert_eq!(
        app.get("/mua-sam-cong?page=4").await.status,
        StatusCode::NOT_FOUND
    );
    // The CSV walks the same rows in the same order.
    let csv = app.page("/mua-sam-cong.csv").await;
    let in_csv: Vec<String> = csv
        .body
        .lines()
        .skip(1)
        .map(|l| {
            l.split("/san-pham/")
                .nth(1)
                .unwrap_or_default()
                .split(',')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(in_csv, seen);
}

/// Rows of a CSV body (the BOM removed).
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    let text = body.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("parses").iter().map(str::to_owned).collect())
        .collect()
}

#[actix_web::test]
async fn the_csv_opens_in_a_spreadsheet_with_vietnamese_and_no_formulas() {
    let app = TestApp::new();
    let shop = shop(&app);
    let csv = app.page("/mua-sam-cong.csv").await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let date = shop.today.format("%Y-%m-%d");
    assert_eq!(
        csv.header("content-disposition"),
        format!("attachment; filename=\"mua-sam-cong-{date}.csv\"")
    );
    let rows = csv_rows(&csv.body);
    assert_eq!(rows[0][0], "Sản phẩm");
    assert_eq!(rows[0][3], "Mã số thuế");
    assert_eq!(rows[0][11], "Số quyết định, giấy chứng nhận");
    assert_eq!(rows.len(), 4, "header and three valid awards");
    let sauce = rows
        .iter()
        .find(|r| r[0] == "Nước mắm \"Hạnh Phúc\", 40 độ đạm")
        .expect("the row with quotes and a comma survives");
    assert_eq!(sauce[2], "Công ty TNHH Nước mắm Hạnh Phúc");
    assert_eq!(sauce[3], "1700123456");
    assert_eq!(sauce[4], "'+84 297 384 6000", "a leading + is neutralised");
    assert_eq!(sauce[6], "12 Đường 30/4, \"Khu phố 1\", Dương Đông");
    assert_eq!(sauce[7], "An Giang", "the current unit");
    assert_eq!(sauce[8], "Sản phẩm OCOP");
    assert_eq!(sauce[9], "4 sao");
    assert_eq!(sauce[10], "2024");
    assert_eq!(
        sauce[11], "'=HYPERLINK(\"http://evil\")",
        "formula neutralised"
    );
    assert_eq!(
        sauce[12],
        (shop.today + TimeDelta::days(365))
            .format("%Y-%m-%d")
            .to_string()
    );
    assert_eq!(
        sauce[13],
        "http://localhost:8080/san-pham/nuoc-mam-hanh-phuc"
    );
    assert_eq!(sauce[15], "https://ocop.gov.vn/quyet-dinh");
    let tea = rows.iter().find(|r| r[0] == "Chè Tân Cương").expect("tea");
    assert_eq!(tea[12], "", "no end date");
    // Grouped by category in the categories' own order: food (thuc-pham) first.
    assert_eq!(rows[1][1], "Thực phẩm");
    assert_eq!(rows[3][1], "Đồ uống");
}

/// The XLSX body's first sheet as rows of cells.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("reads");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A part of the XLSX zip, as text.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("the part")
        .read_to_string(&mut text)
        .expect("text");
    text
}

#[actix_web::test]
async fn the_xlsx_holds_the_same_rows_with_dates_links_and_a_frozen_bold_header() {
    let app = TestApp::new();
    let shop = shop(&app);
    let file = raw(&app, "/mua-sam-cong.xlsx?category=thuc-pham").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let date = shop.today.format("%Y-%m-%d");
    assert_eq!(
        file.header("content-disposition"),
        format!("attachment; filename=\"mua-sam-cong-{date}.xlsx\"")
    );
    let sheet = xlsx_rows(&file.bytes);
    let csv = csv_rows(&app.page("/mua-sam-cong.csv?category=thuc-pham").await.body);
    assert_eq!(sheet.len(), csv.len(), "same rows");
    for (cells, line) in sheet.iter().zip(&csv) {
        for (col, (cell, text)) in cells.iter().zip(line).enumerate() {
            let as_text = match cell {
                Data::Empty => String::new(),
                Data::Float(f) => format!("{f}"),
                Data::DateTime(_) => cell
                    .as_date()
                    .expect("a date")
                    .format("%Y-%m-%d")
                    .to_string(),
                other => other.to_string(),
            };
            // CSV cells carry the spreadsheet guard; XLSX text is never a formula.
            let guarded = text.starts_with("'=") || text.starts_with("'+");
            let text = if guarded { &text[1..] } else { text.as_str() };
            assert_eq!(&as_text, text, "column {col}");
        }
    }
    let valid_until = &sheet[1][12];
    assert!(
        matches!(valid_until, Data::DateTime(_)),
        "a real date: {valid_until:?}"
    );
    assert!(
        matches!(sheet[1][10], Data::Float(_)),
        "the year is a number"
    );
    let xml = xlsx_part(&file.bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("state=\"frozen\""), "frozen header row");
    assert!(xml.contains("<hyperlink "), "links are links");
    assert!(xml.contains("<col "), "column widths");
    let styles = xlsx_part(&file.bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "a bold header");
}

#[actix_web::test]
async fn the_english_list_and_files_speak_english() {
    let app = TestApp::new();
    shop(&app);
    let page = app.page("/en/mua-sam-cong").await;
    assert!(page.body.contains("Directive 03-CT/TW"));
    assert!(
        page.body
            .contains("Expired and withdrawn awards are not included.")
    );
    assert!(page.body.contains("3 valid awards"));
    assert!(page.body.contains("href=\"/en/san-pham/che-tan-cuong\""));
    assert!(page.body.contains("href=\"/en/mua-sam-cong.xlsx\""));
    assert!(page.body.contains("no end date"));
    let csv = csv_rows(&app.page("/en/mua-sam-cong.csv").await.body);
    assert_eq!(csv[0][0], "Product");
    assert_eq!(csv[0][3], "Tax code");
    assert!(
        csv.iter()
            .any(|r| r[13] == "http://localhost:8080/en/san-pham/che-tan-cuong")
    );
    let sheet = xlsx_rows(&raw(&app, "/en/mua-sam-cong.xlsx").await.bytes);
    assert_eq!(sheet[0][11].to_string(), "Decision or certificate no.");
    // Linked where a buyer would look: the footer and the award pages.
    assert!(app.page("/").await.body.contains("href=\"/mua-sam-cong\""));
    assert!(
        app.page("/en/giai-thuong")
            .await
            .body
            .contains("href=\"/en/mua-sam-cong\"")
    );
}

#[actix_web::test]
async fn hostile_query_strings_get_a_4xx_or_a_clean_page() {
    let app = TestApp::new();
    shop(&app);
    let long = "a".repeat(101);
    let refused = [
        "category=khong-co".to_owned(),
        "province=%3Cscript%3E".to_owned(),
        "programme=ocop%27--".to_owned(),
        "page=0".to_owned(),
        "page=-1".to_owned(),
        "page=abc".to_owned(),
        "page=99999999999999999999".to_owned(),
        "category=do-uong&category=thuc-pham".to_owned(),
        format!("q={long}"),
    ];
    for path in ["/mua-sam-cong", "/mua-sam-cong.csv", "/mua-sam-cong.xlsx"] {
        for query in &refused {
            let page = app.get(&format!("{path}?{query}")).await;
            assert!(
                page.status.is_client_error(),
                "{path}?{query}: {}",
                page.status
            );
            assert!(!page.body.contains("<script>"), "{path}?{query}");
        }
    }
    let clean = [
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=%25%25_%5C",
        "q=%27%20OR%201%3D1--",
        "q=%22",
        "q=%FF%FE",
        "page=1&foo=bar",
        "category=&province=&programme=&q=",
    ];
    for query in clean {
        for path in ["/mua-sam-cong", "/mua-sam-cong.csv", "/mua-sam-cong.xlsx"] {
            let page = app.get(&format!("{path}?{query}")).await;
            assert_eq!(page.status, StatusCode::OK, "{path}?{query}");
        }
        let page = app.page(&format!("/mua-sam-cong?{query}")).await;
        assert!(!page.body.contains("<script>alert"), "{query} escaped");
    }
    // Beyond the last page is a 404, not an empty page.
    assert_eq!(
        app.get("/mua-sam-cong?page=9").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_the_list_fits_a_phone_and_scrolls_its_table_on_a_laptop() {
    use crate::common::chrome::{Chrome, Screen, Site};
    let site = Site::demo();
    for screen in Screen::ALL {
        let chrome = Chrome::start(site, screen).await;
        for path in ["/mua-sam-cong", "/en/mua-sam-cong"] {
            chrome.open(path).await;
            assert!(
                chrome.exists(".buyers-table tbody tr").await,
                "{path}: rows"
            );
            // The page itself never scrolls sideways; on a laptop only the table's own box may.
            let page_overflows = chrome
                .js("return document.documentElement.scrollWidth > document.documentElement.clientWidth")
                .await;
            assert_eq!(
                page_overflows,
                serde_json::Value::Bool(false),
                "{screen:?} {path}"
            );
        }
        chrome.close().await;
    }
}
