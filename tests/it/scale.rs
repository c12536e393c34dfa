//! Bulk paths in bounded memory (issue 16), checked for what they write, at small sizes (the
//! memory itself is measured by `.ci/bench-scale.sh`): `seed-demo` writes the same catalogue
//! whatever its batch size, exactly as many products as asked, all indexed; the streaming
//! award import reports bad lines far apart by their spreadsheet row and writes nothing, and
//! imports a good file of thousands of lines in one go.

use crate::common;

use crate::import::counts;
use common::TestApp;
use diesel::prelude::*;
use hangviet::db::deferred;
use hangviet::db::models::audit::{Actor, AuditTarget};
use hangviet::db::schema::{awards, producers, products};
use hangviet::i18n::Locale;
use hangviet::import::{self, ImportError};
use hangviet::reference::CardContext;

/// Every product's slug, name, producer's slug and status, in id order.
fn catalogue(app: &TestApp) -> Vec<(i32, String, String, String, String)> {
    products::table
        .inner_join(producers::table)
        .order(products::id)
        .select((
            products::id,
            products::slug,
            products::name,
            producers::slug,
            products::status,
        ))
        .load::<(
            i32,
            String,
            String,
            String,
            hangviet::db::models::ProductStatus,
        )>(&mut *app.conn())
        .expect("products")
        .into_iter()
        .map(|(id, slug, name, producer, status)| (id, slug, name, producer, format!("{status:?}")))
        .collect()
}

fn seed(app: &TestApp, target: usize, batch: usize) -> hangviet::demo::SeedReport {
    hangviet::demo::seed_products_in_batches(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
        target,
        batch,
    )
    .expect("seeds")
}

#[test]
fn seeding_in_small_batches_writes_the_same_catalogue_exactly_as_large_and_indexes_it() {
    const TARGET: usize = 700;
    let small = TestApp::new();
    let indexes = deferred::definitions(&mut small.conn()).expect("indexes");
    assert_eq!(indexes.len(), deferred::DEFERRABLE.len(), "{indexes:?}");
    let report = seed(&small, TARGET, 50);
    // The read indexes dropped for the load are built again, as the migrations made them.
    assert_eq!(
        deferred::definitions(&mut small.conn()).expect("indexes"),
        indexes
    );
    assert_eq!(deferred::pending(&mut small.conn()).expect("pending"), []);
    let whole = TestApp::new();
    seed(&whole, TARGET, 100_000);

    let rows = catalogue(&small);
    assert_eq!(rows.len(), TARGET, "exactly the products asked for");
    assert_eq!(report.products, TARGET);
    assert_eq!(rows, catalogue(&whole), "batching changed the catalogue");
    let award_count = |app: &TestApp| -> i64 {
        awards::table
            .count()
            .get_result(&mut *app.conn())
            .expect("awards")
    };
    assert_eq!(award_count(&small), award_count(&whole));
    assert_eq!(
        usize::try_from(award_count(&small)).expect("count"),
        report.awards
    );

    // Every published product is in the index, once.
    small.rebuild_index();
    let published = products::table
        .filter(products::status.eq(hangviet::db::models::ProductStatus::Published))
        .count()
        .get_result::<i64>(&mut *small.conn())
        .expect("count");
    let indexed = actix_web::rt::System::new()
        .block_on(small.state.search.count())
        .expect("index count");
    assert!(published > 600, "{published}");
    assert_eq!(indexed, u64::try_from(published).expect("count"));
}

#[test]
fn indexes_a_bulk_load_left_unbuilt_are_built_at_the_next_start() {
    let app = TestApp::new();
    let indexes = deferred::definitions(&mut app.conn()).expect("indexes");
    assert_eq!(indexes.len(), deferred::DEFERRABLE.len());

    // A seed interrupted after it set the indexes aside.
    let dropped = deferred::drop_for_bulk(&mut app.conn()).expect("drops");
    assert_eq!(dropped, indexes.len());
    assert_eq!(deferred::definitions(&mut app.conn()).expect("indexes"), []);
    assert_eq!(
        deferred::pending(&mut app.conn()).expect("pending"),
        indexes
    );

    app.state.db.migrate().expect("starts");
    assert_eq!(
        deferred::definitions(&mut app.conn()).expect("indexes"),
        indexes
    );
    assert_eq!(deferred::pending(&mut app.conn()).expect("pending"), []);
    // A second start has nothing to build.
    assert_eq!(
        deferred::rebuild(&mut app.conn(), &indicatif::ProgressBar::hidden()).expect("rebuilds"),
        0
    );
}

const HEADER: &str = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url";

/// A list of `n` good lines (rows 2..=n+1), with CRLF line ends and, on row 3, a quoted cell
/// holding a line break (which does not start a row).
fn big_list(n: usize) -> Vec<String> {
    let mut lines = vec![HEADER.to_owned()];
    for i in 0..n {
        let product = if i == 1 {
            "\"Trà sen\nloại đặc biệt 1\"".to_owned()
        } else {
            format!("Trà sen loại {i}")
        };
        lines.push(format!(
            "ocop,2023,4,{product},Hợp tác xã Trà Sen {},,do-uong,Hà Nội,,,",
            i / 10
        ));
    }
    lines
}

fn import_file(
    app: &TestApp,
    text: &str,
    dry_run: bool,
) -> Result<import::ImportReport, ImportError> {
    let mut conn = app.conn();
    let ctx = CardContext::load(&mut conn).expect("reference");
    import::import_file(
        &mut conn,
        &ctx,
        text.as_bytes(),
        text.as_bytes(),
        &Actor::cli(),
        &AuditTarget::ImportFile("big.csv".to_owned()),
        dry_run,
        &|| {},
    )
}

#[test]
fn a_streamed_import_reports_bad_lines_far_apart_by_row_and_writes_nothing() {
    let app = TestApp::new();
    let mut lines = big_list(4_000);
    // Rows as a spreadsheet numbers them: the header is 1, the quoted line break on row 3
    // does not count. Bad rows lie far apart, well past the reader's 64 KiB buffer.
    lines[2] = lines[2].replace("do-uong", "khong-co");
    lines[2_000] = lines[2_000].replace("ocop,2023,4", "oscar,2023,4");
    lines[3_999] = lines[3_999].replace(",Hà Nội,", ",Atlantis,");
    // Row 4001 repeats row 11.
    lines[4_000] = lines[10].clone();
    let text = lines.join("\r\n") + "\r\n";
    assert!(text.len() > 200_000, "{}", text.len());
    let errors = match import_file(&app, &text, false) {
        Err(ImportError::Invalid(errors)) => errors,
        other => panic!("expected bad lines, got {other:?}"),
    };
    let rows: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(rows, vec![3, 2001, 4000, 4001], "{errors:?}");
    assert!(
        errors[3].message(Locale::Vi).contains("11"),
        "the duplicate names its first row: {}",
        errors[3].message(Locale::Vi)
    );
    // The whole-file check of an upload numbers them the same way.
    let ctx = CardContext::load(&mut app.conn()).expect("reference");
    let parsed = import::parse(text.as_bytes(), &ctx);
    assert_eq!(
        parsed.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        rows
    );
    assert_eq!(counts(&app), (0, 0, 0), "nothing was written");
}

#[test]
fn a_streamed_import_of_thousands_of_lines_writes_them_all_once() {
    let app = TestApp::new();
    let text = big_list(3_000).join("\n");
    let dry = import_file(&app, &text, true).expect("dry run");
    assert_eq!(dry.lines, 3_000);
    assert_eq!(dry.awards_created, 3_000);
    assert!(dry.outcomes.is_empty(), "no per-line outcomes are kept");
    assert_eq!(counts(&app), (0, 0, 0), "a dry run writes nothing");

    let report = import_file(&app, &text, false).expect("imports");
    assert_eq!(
        (
            report.lines,
            report.producers_created,
            report.products_created,
            report.awards_created
        ),
        (3_000, 300, 3_000, 3_000)
    );
    assert_eq!(counts(&app), (300, 3_000, 3_000));
    let again = import_file(&app, &text, false).expect("imports again");
    assert!(!again.changed_anything(), "{again:?}");
    assert_eq!(again.producers_matched, 300);
    assert_eq!(counts(&app), (300, 3_000, 3_000));
}
