//! The bulk downloads (`/du-lieu`, `hangviet::bulk`): the files hold the published catalogue
//! only, their manifest's checksums match, they load back into an empty database with the same
//! published content (on SQLite and, with `TEST_DATABASE_URL`, PostgreSQL), a damaged set is
//! refused with nothing stored, downloads are streamed with ranges and a fixed allow-list of
//! names, and the background rebuild follows an approval.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use actix_web::http::StatusCode;
use actix_web::test;
use chrono::NaiveDate;
use diesel::prelude::*;
use hangviet::bulk::{Dataset, Format, Manifest, Refresh};
use hangviet::db::models::{NewAward, ProductStatus, SaleKind};
use hangviet::db::schema::{producers, products};
use serde_json::Value;
use sha2::Digest;

use crate::common::world::{World, reviewed_version};
use crate::common::{Actor, ProducerBuilder, ProductBuilder, TestApp, add_award, set_status};

const ORIGIN: &str = "http://localhost:8080";

/// A description with everything a CSV or JSON writer must escape.
const TRICKY: &str = "Đặc sản \"Tân Cương\", hái tay;\nsao suốt 6 tiếng, đóng gói tại xã Tân Cương — 100% chè búp.\r\nDòng 3, có dấu phẩy";

fn point(
    conn: &mut hangviet::db::DbConnection,
    producer: i32,
    name: &str,
    hidden: bool,
    position: Option<(f64, f64)>,
    listed: &[i32],
) -> i32 {
    let (kind, url) = match position {
        Some(_) => (SaleKind::Shop, ""),
        None => (
            SaleKind::Online,
            "https://shop.example.vn/che-tan-cuong?a=1,2",
        ),
    };
    crate::common::PointOfSaleBuilder::new(name, producer)
        .kind(kind)
        .place("Thái Nguyên", "Phường Phan Đình Phùng")
        .address("Số 5, ngõ 12 \"Hoàng Văn Thụ\"")
        .phone("0208 385 1234")
        .opening_hours("7:00–21:00, Chủ nhật nghỉ")
        .url(url)
        .at(position)
        .hidden(hidden)
        .selling(listed)
        .insert(conn)
}

/// The real demo records, and a tea cooperative with everything a file must carry: Vietnamese
/// text with quotes, commas and line breaks, awards with and without an end date, a firm-level
/// award, a draft, hidden and visible points of sale, a producer with nothing published.
fn seed(app: &TestApp) {
    hangviet::demo::seed_if_empty(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
    )
    .expect("demo records");
    let mut conn = app.conn();
    let tea = ProducerBuilder::new("Hợp tác xã Chè \"Tân Cương\", Thái Nguyên")
        .province("Thái Nguyên")
        .description(TRICKY)
        .insert(&mut conn);
    diesel::update(producers::table.find(tea))
        .set((
            producers::phone.eq("0208 3 855 999"),
            producers::email.eq("htx@chetancuong.example.vn"),
            producers::website.eq("https://chetancuong.example.vn"),
            producers::tax_code.eq("4600123456"),
            producers::verified.eq(true),
        ))
        .execute(&mut *conn)
        .expect("producer details");
    let legacy = ProducerBuilder::new("Cơ sở Nước mắm Dương Đông")
        .province("Kiên Giang")
        .insert(&mut conn);
    let green = ProductBuilder::new("Chè búp Tân Cương loại đặc biệt, 500 g", tea)
        .brand("Tân Cương \"Xanh\"")
        .description(TRICKY)
        .award("ocop", 2024, Some("4"))
        .insert(&mut conn);
    diesel::update(products::table.find(green))
        .set(products::gtin.eq(Some("8935001234567")))
        .execute(&mut *conn)
        .expect("gtin");
    let black = ProductBuilder::new("Hồng trà Tân Cương", tea)
        .category("do-uong")
        .insert(&mut conn);
    let draft = ProductBuilder::new("Chè nõn tôm (bản nháp)", tea)
        .status("draft")
        .insert(&mut conn);
    ProductBuilder::new("Nước mắm nhĩ 43 độ đạm", legacy).insert(&mut conn);
    let quiet = ProducerBuilder::new("Cơ sở chỉ có bản nháp").insert(&mut conn);
    ProductBuilder::new("Sản phẩm chưa duyệt", quiet)
        .status("submitted")
        .insert(&mut conn);
    add_award(
        &mut conn,
        NewAward {
            product_id: Some(black),
            producer_id: None,
            programme: hangviet::db::models::Programme::HvnYeuThich,
            year: 2021,
            tier: None,
            certificate_no: Some("QĐ 123/QĐ-BCĐ, ngày 5/3/2021".into()),
            valid_until: NaiveDate::from_ymd_opt(2022, 12, 31),
            source_url: Some("https://hanoi.example.vn/quyet-dinh?id=123&nam=2021".into()),
        },
    );
    add_award(
        &mut conn,
        NewAward {
            product_id: None,
            producer_id: Some(tea),
            programme: hangviet::db::models::Programme::Thqg,
            year: 2024,
            tier: None,
            certificate_no: None,
            valid_until: None,
            source_url: None,
        },
    );
    add_award(
        &mut conn,
        NewAward {
            product_id: Some(draft),
            producer_id: None,
            programme: hangviet::db::models::Programme::Ocop,
            year: 2025,
            tier: Some("3".into()),
            certificate_no: None,
            valid_until: NaiveDate::from_ymd_opt(2028, 6, 30),
            source_url: None,
        },
    );
    hangviet::db::models::Product::refresh_award_summary(&mut conn, &[], &[tea]).expect("summary");
    point(
        &mut conn,
        tea,
        "Cửa hàng chè \"Tân Cương\", số 1",
        false,
        Some((21.5942, 105.8482)),
        &[green, draft],
    );
    point(&mut conn, tea, "Gian hàng trực tuyến", false, None, &[]);
    point(&mut conn, tea, "Điểm bán đã ẩn", true, None, &[]);
    point(&mut conn, tea, "Chỉ bán bản nháp", false, None, &[draft]);
}

/// The records of a JSON Lines file of the current set, in order.
fn records(app: &TestApp, dataset: Dataset) -> Vec<Value> {
    let dir = app.state.open_data.current_dir().expect("a built set");
    read_records(&dir, dataset)
}

fn read_records(dir: &Path, dataset: Dataset) -> Vec<Value> {
    let file = std::fs::File::open(dir.join(dataset.file_name(Format::JsonLines))).expect("file");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("gzip");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON record"))
        .collect()
}

fn build(app: &TestApp) -> Manifest {
    app.state
        .open_data
        .build(&app.state.db, ORIGIN, &|_, _| {})
        .expect("build")
}

/// Answers of many GETs through one service.
async fn api_answers(app: &TestApp, paths: &[String]) -> BTreeMap<String, Value> {
    let service = test::init_service(hangviet::server::app(app.state.clone())).await;
    let mut out = BTreeMap::new();
    for path in paths {
        let res =
            test::call_service(&service, test::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let body = test::read_body(res).await;
        out.insert(
            path.clone(),
            serde_json::from_slice(&body).expect("JSON answer"),
        );
    }
    out
}

#[actix_web::test]
async fn the_files_load_into_an_empty_database_with_the_same_published_content() {
    let first = TestApp::new();
    seed(&first);
    let manifest = build(&first);
    let products = records(&first, Dataset::Products);
    let slugs: Vec<&str> = products
        .iter()
        .map(|p| p["slug"].as_str().expect("slug"))
        .collect();
    assert!(slugs.contains(&"che-bup-tan-cuong-loai-dac-biet-500-g"));
    assert!(
        !slugs.contains(&"che-non-tom-ban-nhap"),
        "a draft is not published"
    );
    assert!(!slugs.contains(&"san-pham-chua-duyet"));
    let producers = records(&first, Dataset::Producers);
    assert!(
        !producers
            .iter()
            .any(|p| p["slug"] == "co-so-chi-co-ban-nhap"),
        "a producer with nothing published has no public data"
    );
    let points = records(&first, Dataset::PointsOfSale);
    let point_names: Vec<&str> = points.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(point_names.contains(&"Cửa hàng chè \"Tân Cương\", số 1"));
    assert!(!point_names.contains(&"Điểm bán đã ẩn"), "hidden");
    assert!(
        !point_names.contains(&"Chỉ bán bản nháp"),
        "lists only a draft"
    );
    let shop = points
        .iter()
        .find(|p| p["name"] == "Cửa hàng chè \"Tân Cương\", số 1")
        .expect("shop");
    assert_eq!(
        shop["products"],
        serde_json::json!(["che-bup-tan-cuong-loai-dac-biet-500-g"]),
        "the draft it also lists is left out"
    );
    let awards = records(&first, Dataset::Awards);
    assert!(awards.iter().any(|a| a["valid_until"].is_null()));
    assert!(awards.iter().any(|a| a["valid_until"] == "2022-12-31"
        && a["expired"] == true
        && a["status"] == "expired"));
    assert!(
        awards
            .iter()
            .any(|a| a["product_slug"].is_null() && a["programme"] == "thqg"),
        "firm-level award"
    );
    assert!(
        !awards
            .iter()
            .any(|a| a["year"] == 2025 && a["programme"] == "ocop" && a["tier"] == "3"),
        "the draft's award is not published"
    );

    let second = TestApp::new();
    let dir = first.state.open_data.current_dir().expect("set");
    let report = hangviet::bulk::load::load_set(&second.state.db, &dir, &|_, _| {})
        .expect("loads into an empty database");
    assert_eq!(report.products as usize, products.len());
    let again = build(&second);

    // The files made from the second database are the files made from the first.
    for dataset in Dataset::ALL {
        let (a, b) = (records(&first, dataset), records(&second, dataset));
        assert_eq!(a.len(), b.len(), "{dataset:?}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{dataset:?}");
        }
    }
    for (x, y) in manifest.files.iter().zip(&again.files) {
        assert_eq!((&x.name, x.rows), (&y.name, y.rows));
    }
    // And so are the public API's answers for every product and producer page.
    let mut paths: Vec<String> = slugs
        .iter()
        .map(|s| format!("/api/v1/products/{s}"))
        .collect();
    paths.extend(producers.iter().map(|p| {
        format!(
            "/api/v1/producers/{}?per_page=100",
            p["slug"].as_str().expect("slug")
        )
    }));
    paths.push("/api/v1/points-of-sale?per_page=100".into());
    paths.push("/api/v1/products?per_page=100".into());
    let (a, b) = (
        api_answers(&first, &paths).await,
        api_answers(&second, &paths).await,
    );
    for path in &paths {
        assert_eq!(a[path], b[path], "{path}");
    }
    // The hard text came through whole.
    let tea = &b["/api/v1/products/che-bup-tan-cuong-loai-dac-biet-500-g"];
    assert_eq!(tea["description"], TRICKY);
    assert_eq!(tea["brand"], "Tân Cương \"Xanh\"");
    assert_eq!(tea["gtin"], "8935001234567");
    let maker = &b["/api/v1/producers/hop-tac-xa-che-tan-cuong-thai-nguyen?per_page=100"];
    assert_eq!(maker["description"], TRICKY);
    assert_eq!(maker["verified"], true);
    let legacy = &b["/api/v1/producers/co-so-nuoc-mam-duong-dong?per_page=100"];
    assert_eq!(legacy["province_as_written"], "Kiên Giang");
}

#[actix_web::test]
async fn the_csv_files_hold_the_same_rows_with_quotes_commas_and_line_breaks_intact() {
    let app = TestApp::new();
    seed(&app);
    build(&app);
    let dir = app.state.open_data.current_dir().expect("set");
    let file = std::fs::File::open(dir.join("products.csv.gz")).expect("csv");
    let mut reader = csv::Reader::from_reader(flate2::read::GzDecoder::new(file));
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "slug");
    assert!(header.contains(&"category.slug".to_owned()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), records(&app, Dataset::Products).len());
    let description = header
        .iter()
        .position(|h| h == "description")
        .expect("column");
    let slug = header
        .iter()
        .position(|h| h == "producer.slug")
        .expect("column");
    let tea = rows
        .iter()
        .find(|r| &r[0] == "che-bup-tan-cuong-loai-dac-biet-500-g")
        .expect("row");
    assert_eq!(&tea[description], TRICKY);
    assert_eq!(&tea[slug], "hop-tac-xa-che-tan-cuong-thai-nguyen");
}

#[actix_web::test]
async fn the_manifest_gives_each_files_true_size_rows_checksum_and_schema() {
    let app = TestApp::new();
    seed(&app);
    let manifest = build(&app);
    let dir = app.state.open_data.current_dir().expect("set");
    assert_eq!(Manifest::read(&dir).expect("manifest"), manifest);
    assert_eq!(manifest.files.len(), 8);
    assert_eq!(manifest.licence.name, "CC BY 4.0");
    assert!(manifest.licence.attribution.contains("hangviet"));
    for entry in &manifest.files {
        let bytes = std::fs::read(dir.join(&entry.name)).expect("file");
        assert_eq!(bytes.len() as u64, entry.bytes, "{}", entry.name);
        assert_eq!(
            hangviet::bulk::build::hex(&sha2::Sha256::digest(&bytes)),
            entry.sha256,
            "{}",
            entry.name
        );
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzip");
        if entry.format == "jsonl" {
            assert_eq!(text.lines().count() as u64, entry.rows, "{}", entry.name);
        } else {
            let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
            assert_eq!(rows as u64, entry.rows, "{}", entry.name);
        }
        assert!(entry.rows > 0, "{}", entry.name);
        assert!(
            entry.schema.iter().all(|f| !f.meaning.is_empty()
                && !f.meaning.starts_with("open-data-")
                && !f.meaning_vi.starts_with("open-data-")),
            "{}",
            entry.name
        );
    }
}

/// Copies the current set of `app` into a fresh directory.
fn copy_set(app: &TestApp) -> (tempfile::TempDir, PathBuf) {
    let from = app.state.open_data.current_dir().expect("set");
    let tmp = tempfile::tempdir().expect("tmp");
    for entry in std::fs::read_dir(&from).expect("dir").flatten() {
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).expect("copy");
    }
    let path = tmp.path().to_owned();
    (tmp, path)
}

fn nothing_stored(app: &TestApp) {
    let first = hangviet::db::models::bulk::first_non_empty(&mut app.conn()).expect("query");
    assert_eq!(first, None, "nothing was stored");
}

#[actix_web::test]
async fn a_damaged_or_truncated_file_is_refused_and_nothing_is_stored() {
    let app = TestApp::new();
    seed(&app);
    build(&app);
    let target = TestApp::new();

    // One byte changed: the checksum does not match.
    let (_keep, dir) = copy_set(&app);
    let path = dir.join("products.jsonl.gz");
    let mut bytes = std::fs::read(&path).expect("file");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).expect("write");
    let err =
        hangviet::bulk::load::load_set(&target.state.db, &dir, &|_, _| {}).expect_err("refused");
    let text = format!("{err:#}");
    assert!(
        text.contains("products.jsonl.gz") && text.contains("does not match the manifest"),
        "{text}"
    );
    nothing_stored(&target);

    // Truncated, with a manifest made to match: the gzip stream ends early. The producers
    // file was read first, so this also shows the transaction is rolled back.
    let (_keep, dir) = copy_set(&app);
    let path = dir.join("products.jsonl.gz");
    let bytes = std::fs::read(&path).expect("file");
    let cut = &bytes[..bytes.len() * 2 / 3];
    std::fs::write(&path, cut).expect("write");
    let mut manifest = Manifest::read(&dir).expect("manifest");
    for f in &mut manifest.files {
        if f.name == "products.jsonl.gz" {
            f.bytes = cut.len() as u64;
            f.sha256 = hangviet::bulk::build::hex(&sha2::Sha256::digest(cut));
        }
    }
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec(&manifest).expect("json"),
    )
    .expect("manifest");
    let err =
        hangviet::bulk::load::load_set(&target.state.db, &dir, &|_, _| {}).expect_err("refused");
    let text = format!("{err:#}");
    assert!(text.contains("products.jsonl.gz line"), "{text}");
    nothing_stored(&target);

    // A missing manifest.
    let empty = tempfile::tempdir().expect("tmp");
    let err = hangviet::bulk::load::load_set(&target.state.db, empty.path(), &|_, _| {})
        .expect_err("refused");
    assert!(format!("{err:#}").contains("manifest.json"), "{err:#}");
    nothing_stored(&target);
}

#[actix_web::test]
async fn the_cli_builds_and_loads_and_refuses_a_database_that_is_not_empty() {
    let app = TestApp::new();
    seed(&app);
    let out = app
        .cli()
        .args(["open-data", "build"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("products.csv.gz"), "{stdout}");
    let dir = app.dir.path().join("open-data").join("current");
    assert!(dir.join("manifest.json").is_file());

    let target = TestApp::new();
    let out = target
        .cli()
        .args(["open-data", "load"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let published = hangviet::db::models::Product::count_published(&mut target.conn()).expect("n");
    assert_eq!(
        published as usize,
        read_records(&dir, Dataset::Products).len()
    );

    // Loading again: the database is no longer empty.
    let out = target
        .cli()
        .args(["open-data", "load"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    let after = hangviet::db::models::Product::count_published(&mut target.conn()).expect("n");
    assert_eq!(after, published, "nothing more was stored");
}

#[actix_web::test]
async fn the_page_lists_each_file_and_the_files_stream_with_ranges() {
    let app = TestApp::new();
    let before = app.page("/du-lieu").await;
    assert!(before.body.contains("Các tệp chưa được tạo"), "no set yet");
    assert_eq!(
        app.get("/du-lieu/products.csv.gz").await.status,
        StatusCode::NOT_FOUND
    );
    seed(&app);
    let manifest = build(&app);
    let page = app.page("/du-lieu").await;
    assert!(page.body.contains("CC BY 4.0"));
    assert!(
        page.body
            .contains("https://creativecommons.org/licenses/by/4.0/")
    );
    for f in &manifest.files {
        assert!(
            page.body.contains(&format!("href=\"/du-lieu/{}\"", f.name)),
            "{}",
            f.name
        );
        assert!(page.body.contains(&f.sha256), "{}", f.name);
        assert!(page.body.contains(&format!(">{}<", f.rows)), "{}", f.name);
    }
    assert!(
        page.body.contains("Mã định danh của sản phẩm"),
        "schema in Vietnamese"
    );
    let english = app.page("/en/du-lieu").await;
    assert!(
        english
            .body
            .contains("Open data: download the whole catalogue")
    );
    assert!(
        english
            .body
            .contains("href=\"/en/du-lieu/products.csv.gz\"")
    );
    assert!(english.body.contains("identifier in addresses; unique"));
    let footer = app.page("/").await.body;
    assert!(
        footer.contains("href=\"/du-lieu\""),
        "linked from the footer"
    );

    let entry = manifest.file("products.csv.gz").expect("entry");
    let whole = app
        .send_raw(
            test::TestRequest::get()
                .uri("/du-lieu/products.csv.gz")
                .insert_header(("Accept-Encoding", "gzip, br")),
        )
        .await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.header("content-type"), "application/gzip");
    assert_eq!(whole.bytes.len() as u64, entry.bytes);
    assert!(
        whole
            .header("content-disposition")
            .starts_with("attachment")
            && whole
                .header("content-disposition")
                .contains("products.csv.gz"),
        "{}",
        whole.header("content-disposition")
    );
    assert_ne!(
        whole.header("content-encoding"),
        "gzip",
        "not compressed twice"
    );
    assert!(!whole.header("etag").is_empty() && !whole.header("last-modified").is_empty());
    assert!(whole.header("cache-control").contains("max-age"));
    assert_eq!(
        hangviet::bulk::build::hex(&sha2::Sha256::digest(&whole.bytes)),
        entry.sha256
    );
    // Behind a real listener, the length is announced before the body.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let addr = listener.local_addr().expect("address");
    let server = app.serve(listener, 1);
    let head = actix_web::web::block(move || {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream
            .write_all(b"HEAD /du-lieu/products.csv.gz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .expect("request");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        // Up to the end of the head (a HEAD answer has no body).
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        let answer = String::from_utf8_lossy(&answer).into_owned();
        answer.to_lowercase()
    })
    .await
    .expect("client");
    server.stop(false).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        head.contains(&format!("content-length: {}\r\n", entry.bytes)),
        "{head}"
    );
    assert!(head.contains("accept-ranges: bytes"), "{head}");
    // The English address serves the same file.
    let english = app
        .send_raw(test::TestRequest::get().uri("/en/du-lieu/products.csv.gz"))
        .await;
    assert_eq!(english.bytes, whole.bytes);

    let part = app
        .send_raw(
            test::TestRequest::get()
                .uri("/du-lieu/products.csv.gz")
                .insert_header(("Range", "bytes=10-19")),
        )
        .await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes, whole.bytes[10..20]);
    assert_eq!(
        part.header("content-range"),
        format!("bytes 10-19/{}", entry.bytes)
    );
    let again = app
        .send_raw(
            test::TestRequest::get()
                .uri("/du-lieu/products.csv.gz")
                .insert_header(("If-None-Match", whole.header("etag"))),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    for path in [
        "/du-lieu/../x",
        "/du-lieu/..%2Fmanifest.json",
        "/du-lieu/%2E%2E%2Fhangviet.db",
        "/du-lieu/manifest.json",
        "/du-lieu/fingerprint",
        "/du-lieu/products.csv",
        "/du-lieu/products.xlsx.gz",
        "/du-lieu/products.csv.gz/x",
    ] {
        let res = app.send_raw(test::TestRequest::get().uri(path)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !res.bytes.starts_with(&[0x1f, 0x8b]) && !res.bytes.starts_with(b"{"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn approving_a_product_rebuilds_the_files_in_the_background() {
    let world = World::new_with_settings(|s| s.open_data_seconds = 0);
    let app = &world.app;
    let open_data = &app.state.open_data;
    let built = open_data
        .refresh_if_changed(&app.state.db, ORIGIN)
        .expect("first build");
    assert!(matches!(built, Refresh::Built(_)), "a missing set is built");
    assert!(matches!(
        open_data
            .refresh_if_changed(&app.state.db, ORIGIN)
            .expect("check"),
        Refresh::Unchanged
    ));
    let slug: String = products::table
        .find(world.product_a)
        .select(products::slug)
        .first(&mut *app.conn())
        .expect("slug");
    assert!(
        !records(app, Dataset::Products)
            .iter()
            .any(|p| p["slug"] == slug)
    );

    hangviet::db::models::Product::submit(&mut app.conn(), world.product_a).expect("submit");
    let version = reviewed_version(&world, world.product_a).await;
    let official = world.member(Actor::Official).expect("official");
    let res = app
        .browser_of(official)
        .post_raw(
            &format!("/quan-tri/san-pham/{}/duyet", world.product_a),
            &[("csrf_token", &official.csrf_token), ("version", &version)],
            &[("Origin", ORIGIN)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    // The background task's round, run here.
    let refreshed = open_data
        .refresh_if_changed(&app.state.db, ORIGIN)
        .expect("rebuild");
    assert!(matches!(refreshed, Refresh::Built(_)), "{refreshed:?}");
    assert!(
        records(app, Dataset::Products)
            .iter()
            .any(|p| p["slug"] == slug)
    );
}

#[actix_web::test]
async fn rebuilds_wait_for_the_configured_interval() {
    let app = TestApp::new();
    seed(&app);
    let open_data = &app.state.open_data;
    assert!(matches!(
        open_data
            .refresh_if_changed(&app.state.db, ORIGIN)
            .expect("build"),
        Refresh::Built(_)
    ));
    let made = open_data.current().expect("set").1.made_at;
    let id: i32 = products::table
        .filter(products::status.eq(ProductStatus::Published))
        .select(products::id)
        .first(&mut *app.conn())
        .expect("a product");
    set_status(&mut app.conn(), id, ProductStatus::Hidden);
    // Changed, but built less than 300 s ago: later.
    assert!(matches!(
        open_data
            .refresh_if_changed(&app.state.db, ORIGIN)
            .expect("check"),
        Refresh::Deferred
    ));
    assert_eq!(open_data.current().expect("set").1.made_at, made);
}
