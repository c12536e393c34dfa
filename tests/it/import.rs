//! Importing award lists: the real sample imports cleanly twice with no change the second
//! time; broken files report every bad line by number and import nothing; the CLI does the
//! same with a progress bar.

use crate::common;

use common::TestApp;
use diesel::prelude::*;
use hangviet::db::models::audit::Actor;
use hangviet::db::schema::{awards, producers, products, province_aliases};
use hangviet::i18n::Locale;
use hangviet::import::{self, ImportError};
use hangviet::reference::CardContext;

const SAMPLE: &[u8] = include_bytes!("../../src/demo/demo-awards.csv");
const HEADER: &str = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url";

/// Producers, products and awards in the database (the import tests' "nothing was stored").
pub(crate) fn counts(app: &TestApp) -> (i64, i64, i64) {
    let mut conn = app.conn();
    (
        producers::table
            .count()
            .get_result(&mut *conn)
            .expect("producers"),
        products::table
            .count()
            .get_result(&mut *conn)
            .expect("products"),
        awards::table
            .count()
            .get_result(&mut *conn)
            .expect("awards"),
    )
}

fn run(app: &TestApp, bytes: &[u8], dry_run: bool) -> Result<import::ImportReport, ImportError> {
    let mut conn = app.conn();
    let ctx = CardContext::load(&mut conn).expect("reference");
    let parsed = import::parse(bytes, &ctx);
    import::apply(
        &mut conn,
        &parsed,
        &Actor::cli(),
        &hangviet::db::models::audit::AuditTarget::ImportFile("test.csv".to_owned()),
        dry_run,
        &|| {},
    )
}

#[test]
fn the_real_sample_imports_cleanly_twice() {
    let app = TestApp::new();
    let first = run(&app, SAMPLE, false).expect("imports");
    assert_eq!(first.lines, 27);
    assert_eq!(first.awards_created, 27);
    assert_eq!(first.products_created, 27);
    assert!(first.producers_created >= 12);
    let after_first = counts(&app);
    let second = run(&app, SAMPLE, false).expect("imports again");
    assert!(!second.changed_anything(), "{second:?}");
    assert_eq!(second.awards_unchanged, 27);
    assert_eq!(counts(&app), after_first);
    assert_eq!(
        crate::common::audit_count(&mut app.conn(), "import_awards").expect("audit"),
        1,
        "only the import that changed something"
    );

    // Kiên Giang is kept as written and mapped to An Giang.
    let mut conn = app.conn();
    let alias: Option<i32> = producers::table
        .filter(producers::name.eq("Công ty CP Thương mại Khải Hoàn"))
        .select(producers::province_alias_id)
        .first(&mut *conn)
        .expect("producer");
    let alias_name: String = province_aliases::table
        .find(alias.expect("alias"))
        .select(province_aliases::name)
        .first(&mut *conn)
        .expect("alias");
    assert_eq!(alias_name, "Kiên Giang");
}

#[test]
fn producers_match_by_tax_code_or_name_without_diacritics() {
    let app = TestApp::new();
    run(&app, SAMPLE, false).expect("imports");
    let before = counts(&app);
    let file = format!(
        "{HEADER}\nocop,2024,4,Nước mắm Phú Quốc Khải Hoàn 40 độ đạm,CONG TY CP THUONG MAI KHAI HOAN,,thuc-pham,Kien Giang,,,\n"
    );
    let report = run(&app, file.as_bytes(), false).expect("imports");
    assert_eq!((report.producers_matched, report.producers_created), (1, 0));
    assert_eq!((report.products_matched, report.products_created), (1, 0));
    assert_eq!(report.awards_created, 1, "a new year for the same product");
    assert_eq!(counts(&app), (before.0, before.1, before.2 + 1));
}

#[test]
fn a_dry_run_reports_and_changes_nothing() {
    let app = TestApp::new();
    let report = run(&app, SAMPLE, true).expect("dry run");
    assert_eq!(report.awards_created, 27);
    assert_eq!(counts(&app), (0, 0, 0));
}

/// A broken file: its name, its bytes, and the (line, message) pairs it must produce.
type BrokenFile = (&'static str, Vec<u8>, Vec<(u64, &'static str)>);

#[test]
fn broken_files_list_every_bad_line_and_import_nothing() {
    let row = |s: &str| format!("{HEADER}\n{s}\n");
    let good = "ocop,2023,5,Trà sen,HTX Sen Tây Hồ,0101234567,do-uong,Hà Nội,123/QĐ-UBND,,https://hanoi.gov.vn/ocop";
    let cases: Vec<BrokenFile> = vec![
        ("unknown programme", row("oscar,2023,,Trà,HTX Sen,,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "chương trình “oscar” không có")]),
        ("bad year", row("ocop,20x3,4,Trà,HTX Sen,,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "năm “20x3” không hợp lệ")]),
        ("tier not valid for the programme", row("hvnclc,2023,5,Trà,HTX Sen,,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "không có hạng")]),
        ("OCOP without stars", row("ocop,2023,,Trà,HTX Sen,,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "cần hạng")]),
        ("OCOP 7 stars", row("ocop,2023,7,Trà,HTX Sen,,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "hạng “7” không hợp lệ")]),
        ("unknown category", row("ocop,2023,4,Trà,HTX Sen,,do-an-vat,Hà Nội,,,").into_bytes(), vec![(2, "nhóm hàng “do-an-vat” không có")]),
        ("unknown province", row("ocop,2023,4,Trà,HTX Sen,,do-uong,Atlantis,,,").into_bytes(), vec![(2, "tỉnh, thành “Atlantis” không có")]),
        ("bad tax code", row("ocop,2023,4,Trà,HTX Sen,01234,do-uong,Hà Nội,,,").into_bytes(), vec![(2, "mã số thuế “01234”")]),
        ("bad date", row("ocop,2023,4,Trà,HTX Sen,,do-uong,Hà Nội,,31-31-2026,").into_bytes(), vec![(2, "ngày hết hiệu lực")]),
        ("script URL", row("ocop,2023,4,Trà,HTX Sen,,do-uong,Hà Nội,,,javascript:alert(1)").into_bytes(), vec![(2, "phải là địa chỉ http")]),
        ("duplicate row", format!("{HEADER}\n{good}\n{good}\n").into_bytes(), vec![(3, "trùng với dòng 2")]),
        ("wrong encoding (Windows-1258 bytes)", [format!("{HEADER}\n").as_bytes(), b"ocop,2023,4,Tr\xe0 sen,HTX Sen,,do-uong,H\xe0 N\xf4i,,,\n"].concat(), vec![(2, "sai bảng mã")]),
        ("missing column", b"programme,year,tier,product,producer,category,province\nocop,2023,4,Tra,HTX,do-uong,Ha Noi\n".to_vec(), vec![(1, "thiếu cột: tax_code, certificate_no, valid_until, source_url")]),
        (
            "several bad lines among good ones",
            format!("{HEADER}\n{good}\nocop,2023,9,Chè,HTX Chè,,do-uong,Thái Nguyên,,,\nocop,2024,4,Miến,HTX Miến,,thuc-pham,Bắc Kạn,,,\nthqg,1889,,Gạo,HTX Gạo,,thuc-pham,An Giang,,,\n").into_bytes(),
            vec![(3, "hạng “9” không hợp lệ"), (5, "năm “1889” không hợp lệ")],
        ),
    ];
    let app = TestApp::new();
    let mut counted = 0;
    for (name, bytes, expected) in &cases {
        let result = run(&app, bytes, false);
        let Err(ImportError::Invalid(errors)) = result else {
            panic!("{name}: expected line errors, got {result:?}");
        };
        for (line, text) in expected {
            assert!(
                errors
                    .iter()
                    .any(|e| e.line == *line && e.message(Locale::Vi).contains(text)),
                "{name}: no “{text}” on line {line} in {errors:?}"
            );
        }
        assert_eq!(errors.len(), expected.len(), "{name}: {errors:?}");
        assert_eq!(counts(&app), (0, 0, 0), "{name} imported something");
        counted += 1;
    }
    println!("broken award files: {counted} cases");
}

#[test]
fn the_cli_lists_bad_lines_and_imports_good_files() {
    let app = TestApp::new();
    let data = app.dir.path().to_owned();
    let bad = data.join("bad.csv");
    std::fs::write(&bad, format!("{HEADER}\nocop,2023,7,Trà,HTX Sen,,do-uong,Hà Nội,,,\noscar,2023,,Trà,HTX,,do-uong,Hà Nội,,,\n")).expect("write");
    let out = app
        .cli()
        .arg("import-awards")
        .arg(&bad)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dòng 2:") && stderr.contains("dòng 3:"),
        "{stderr}"
    );
    assert_eq!(counts(&app), (0, 0, 0));

    let good = data.join("sample.csv");
    std::fs::write(&good, SAMPLE).expect("write");
    let dry = app
        .cli()
        .arg("import-awards")
        .arg(&good)
        .arg("--dry-run")
        .output()
        .expect("runs");
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Dry run"));
    assert_eq!(counts(&app), (0, 0, 0));
    let real = app
        .cli()
        .arg("import-awards")
        .arg(&good)
        .output()
        .expect("runs");
    assert!(
        real.status.success(),
        "{}",
        String::from_utf8_lossy(&real.stderr)
    );
    assert_eq!(counts(&app).2, 27);
}

#[test]
fn user_add_bootstraps_an_admin_with_a_password_from_stdin() {
    use std::io::Write;
    let app = TestApp::new();
    let add = |password: &str| {
        let mut child = app
            .cli()
            .args([
                "user",
                "add",
                "--email",
                "Admin@Example.vn",
                "--role",
                "admin",
                "--name",
                "Quản trị",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("write");
        child.wait_with_output().expect("runs")
    };
    assert!(!add("123").status.success(), "a short password is refused");
    let ok = add(common::PASSWORD);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let user = hangviet::db::models::user::User::by_email(&mut app.conn(), "admin@example.vn")
        .expect("query")
        .expect("user");
    assert_eq!(user.role.as_str(), "admin");
    assert!(hangviet::auth::password::verify_blocking(
        common::PASSWORD,
        &user.password_hash
    ));
    assert!(
        !add(common::PASSWORD).status.success(),
        "the same email twice is refused"
    );
}
