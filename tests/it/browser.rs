//! The browser suite: Debian's headless Chromium drives the real site on a loopback port, at a
//! phone's size (360×800) and a laptop's (1366×900). Journeys as people make them (a citizen
//! searching, a business getting a product reviewed, an official approving it), axe-core over
//! every public page and every form, and XSS payloads in every field a business or official
//! controls with a watch that fails the test if any script runs (`common::chrome`).
//!
//! Ignored by a plain `cargo test` (they need `chromium` and `chromedriver`); `.ci/run` runs
//! them by name: `cargo test --test it -- --ignored browser`. Each journey prints its cost
//! (screens, clicks, fields, seconds), the figures of the issue 14 closing note.

use serde_json::Value;

use crate::common::chrome::{Chrome, Screen, Site};

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_citizen_finds_fish_sauce_opens_a_photo_and_switches_language() {
    let site = Site::demo();
    for screen in Screen::ALL {
        let mut chrome = Chrome::start(site, screen).await;
        chrome.open("/").await;
        chrome.restart_tally().await;

        // Types "nuoc ma" (no diacritics, half a word) in the header's search box.
        chrome.fill("#q-header", "nuoc ma").await;
        chrome.find("#q-header-suggest .suggest__item").await;
        let first = chrome
            .text("#q-header-suggest .suggest__item:first-child")
            .await;
        assert!(
            first.to_lowercase().contains("nước mắm"),
            "{screen:?}: first suggestion for «nuoc ma» is «{first}»"
        );
        chrome
            .click("#q-header-suggest .suggest__item:first-child a")
            .await;
        chrome
            .wait_until(
                "the product page",
                "return !!document.querySelector('.gallery, .gallery__main');",
            )
            .await;
        assert!(
            chrome.path().await.starts_with("/san-pham/"),
            "{}",
            chrome.path().await
        );
        let title = chrome.text("h1").await;
        assert!(title.to_lowercase().contains("nước mắm"), "{title}");

        // Opens the first photo: the viewer shows it full size.
        if chrome.exists(".gallery__link").await {
            chrome.click(".gallery__link").await;
            chrome
                .wait_until(
                    "the photo viewer",
                    "const d = document.querySelector('dialog.viewer'); \
                     const img = d && d.querySelector('img[src]'); \
                     return !!(d && d.open && img && img.complete && img.naturalWidth > 0);",
                )
                .await;
            chrome.click("dialog.viewer button").await;
        } else {
            panic!("{screen:?}: the demo product «{title}» has no photo to open");
        }

        // Switches to English: the same product, in English.
        chrome.click(".lang-switch").await;
        chrome
            .wait_until(
                "the English page",
                "return document.documentElement.lang === 'en';",
            )
            .await;
        assert!(
            chrome.path().await.starts_with("/en/san-pham/"),
            "{}",
            chrome.path().await
        );
        assert!(chrome.scripts_that_ran().await.is_empty());
        let tally = chrome.tally().await;
        println!("JOURNEY citizen ({screen:?}): {tally}");
        chrome.close().await;
    }
}

/// The public pages of the demo site, one of each kind.
async fn public_pages(site: &Site) -> Vec<String> {
    let product = first_link(site, "/san-pham", "/san-pham/").await;
    let producer = first_link(site, "/nha-san-xuat", "/nha-san-xuat/").await;
    let mut pages: Vec<String> = [
        "/",
        "/san-pham",
        "/tim-kiem?q=nuoc+mam+phu+quoc",
        "/tim-kiem?q=khong+co+gi+ca+xyz",
        "/nha-san-xuat",
        "/giai-thuong",
        "/tin-tuc",
        "/diem-ban",
        "/mua-sam-cong",
        "/hoi-cho",
        "/gioi-thieu",
        "/api",
        "/du-lieu",
        "/dang-nhap",
        "/dang-ky",
        "/bao-cao",
        "/khong-co-trang-nay",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    pages.push(product);
    pages.push(producer);
    pages
}

/// The first link under `prefix` on `list`.
async fn first_link(site: &Site, list: &str, prefix: &str) -> String {
    let page = site.app().page(list).await;
    let re =
        regex::Regex::new(&format!(r#"href="({}[^"?#]+)""#, regex::escape(prefix))).expect("regex");
    re.captures(&page.body)
        .map(|c| c[1].to_owned())
        .unwrap_or_else(|| panic!("no {prefix} link on {list}"))
}

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_axe_finds_no_serious_violation_on_public_pages() {
    let site = Site::demo();
    let pages = public_pages(site).await;
    let mut found = Vec::new();
    for screen in Screen::ALL {
        let chrome = Chrome::start(site, screen).await;
        for page in &pages {
            // Every page in Vietnamese on both screens; in English (the same templates with
            // other, often longer words) on the phone.
            let english = (screen == Screen::Phone).then(|| format!("/en{page}"));
            for path in std::iter::once(page.clone()).chain(english) {
                chrome.open(&path).await;
                for v in chrome.axe().await {
                    found.push(format!("{screen:?} {path}: {v}"));
                }
            }
        }
        chrome.close().await;
    }
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_watch_catches_a_script_that_runs() {
    // The XSS tests trust the watch: it must see an injected handler and a called alert.
    let site = Site::start();
    let chrome = Chrome::start(&site, Screen::Laptop).await;
    chrome.open("/gioi-thieu").await;
    assert!(chrome.scripts_that_ran().await.is_empty());
    chrome
        .js(
            "const i = document.createElement('img'); i.setAttribute('onerror', 'alert(1)'); \
             i.src = 'x:'; document.body.append(i); alert('direct'); return true;",
        )
        .await;
    chrome
        .wait_until(
            "the CSP report",
            "return window.__hvScriptsRan.some(s => s.startsWith('blocked by CSP'));",
        )
        .await;
    let ran = chrome.scripts_that_ran().await;
    assert!(ran.iter().any(|s| s == "alert(direct)"), "{ran:?}");
    let v: Value = chrome.js("return window.__hvScriptsRan.length;").await;
    assert!(v.as_u64().unwrap_or(0) >= 2);
    chrome.close().await;
}

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_axe_reports_what_it_should() {
    // The accessibility tests trust axe: it must report an unlabelled image and button.
    let site = Site::start();
    let chrome = Chrome::start(&site, Screen::Phone).await;
    chrome.open("/gioi-thieu").await;
    assert_eq!(chrome.axe().await, Vec::<String>::new());
    chrome
        .js(
            "const i = document.createElement('img'); i.src = 'data:,'; \
             const b = document.createElement('button'); \
             document.querySelector('main').append(i, b); return true;",
        )
        .await;
    let found = chrome.axe().await.join("\n");
    assert!(found.contains("image-alt"), "{found}");
    assert!(found.contains("button-name"), "{found}");
    chrome.close().await;
}

/// What a hostile business or official types into every text field: each `#` becomes the
/// field's name, so a script that runs says where it came from.
const PAYLOAD: &str = "X# \"'><svg onload=alert('#')><script>alert(0)</script>{{7*7}}";

/// Valid values for fields the server checks (tax code, phone…): filled in after the server
/// refused the payload in them, so the rest of the form is stored.
const VALID: [(&str, &str); 18] = [
    ("tax_code", "0312345678"),
    ("phone", "0283 823 4567"),
    ("email", "lienhe@vidu.vn"),
    ("website", "https://vidu.vn/"),
    ("url", "https://vidu.vn/cua-hang"),
    ("source_url", "https://vidu.vn/quyet-dinh"),
    ("gtin", "8934567890120"),
    ("latitude", "10.7769"),
    ("coordinates", "10.7769, 106.7009"),
    ("map_link", "https://maps.google.com/?q=10.7769,106.7009"),
    ("longitude", "106.7009"),
    ("year", "2026"),
    ("slug", "bai-viet-thu"),
    ("starts_on", "2027-05-20"),
    ("ends_on", "2027-05-22"),
    ("product", ""),
    ("starts_at", "2027-05-20T09:00"),
    ("ends_at", "2027-06-30T18:00"),
];

/// Chooses `photo` in the product form's photo field and waits until the page shows it
/// (the script uploads on choice; without it, the upload button sends the form).
async fn upload_one_photo(chrome: &mut Chrome, photo: &std::path::Path) {
    let before = chrome
        .js("return document.querySelectorAll('.photo-item').length;")
        .await
        .as_u64()
        .unwrap_or(0);
    chrome
        .choose_files("#f-photo", &[photo.to_path_buf()])
        .await;
    let button_shown = chrome
        .js("const b = document.querySelector('#upload-button'); return !!b && b.offsetParent !== null;")
        .await;
    if button_shown == Value::Bool(true) {
        chrome.click("#upload-button").await;
    }
    chrome
        .wait_until(
            "the uploaded photo",
            &format!(
                "return document.readyState === 'complete' && \
                 document.querySelectorAll('.photo-item').length > {before};"
            ),
        )
        .await;
}

/// Every page reachable in one step from `start` (and `start` itself) in `chrome`: none may
/// run a script or carry a script address.
async fn crawl_and_watch(chrome: &Chrome, start: &[String], seen: &mut Vec<String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut queue: Vec<String> = start.to_vec();
    for path in start {
        chrome.open(path).await;
        for link in chrome.links().await {
            if !queue.contains(&link) {
                queue.push(link);
            }
        }
    }
    for path in queue {
        if seen.contains(&path) || seen.len() > 400 {
            continue;
        }
        seen.push(path.clone());
        chrome.open(&path).await;
        let ran = chrome.scripts_that_ran().await;
        if !ran.is_empty() {
            problems.push(format!("{path}: {ran:?}"));
        }
        let links = chrome.script_links().await;
        if !links.is_empty() {
            problems.push(format!("{path}: script addresses {links:?}"));
        }
    }
    problems
}

#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_xss_payloads_in_every_business_and_official_field_never_run() {
    use diesel::prelude::*;
    use hangviet::db::schema::{events, producers, products};

    let site = Site::start();
    let business = site.app().member("xss-dn@vidu.vn", "business");
    let official = site.app().member("xss-canbo@vidu.vn", "official");
    let mut biz = Chrome::start(&site, Screen::Phone).await;
    let gov = Chrome::start(&site, Screen::Laptop).await;
    biz.sign_in_as(&business).await;
    gov.sign_in_as(&official).await;
    let photos = tempfile::tempdir().expect("dir");
    let photo = crate::common::chrome::photo_file(photos.path(), "anh.jpg", 900, 700);

    // The business: producer page, product, photo with its description, point of sale.
    biz.open("/doanh-nghiep/nha-san-xuat/moi").await;
    biz.fill_hostile(r#"form[action$="/nha-san-xuat/moi"]"#, PAYLOAD, &VALID)
        .await;
    let producer: i32 = producers::table
        .select(producers::id)
        .order(producers::id.desc())
        .first(&mut *site.app().conn())
        .expect("the producer page was stored");
    biz.open("/doanh-nghiep/san-pham/moi").await;
    biz.fill_hostile(r#"form[action$="/san-pham/moi"]"#, PAYLOAD, &VALID)
        .await;
    let product: i32 = products::table
        .select(products::id)
        .order(products::id.desc())
        .first(&mut *site.app().conn())
        .expect("the product was stored");
    let product_form = format!("/doanh-nghiep/san-pham/{product}");
    biz.open(&product_form).await;
    upload_one_photo(&mut biz, &photo).await;
    biz.fill_hostile(r#"form[action$="/mo-ta"]"#, PAYLOAD, &VALID)
        .await;
    biz.open(&format!(
        "/doanh-nghiep/nha-san-xuat/{producer}/diem-ban/moi"
    ))
    .await;
    biz.fill_hostile(r#"form[action$="/diem-ban/moi"]"#, PAYLOAD, &VALID)
        .await;
    // "Lưu và gửi duyệt" is the product form's first button.
    biz.open(&product_form).await;
    biz.fill_hostile("#product-form", PAYLOAD, &VALID).await;

    // The official: rejects with a hostile reason, then approves the product sent again.
    let review = format!("/quan-tri/san-pham/{product}");
    gov.open(&review).await;
    gov.fill_hostile(r#"form[action$="/tu-choi"]"#, PAYLOAD, &VALID)
        .await;
    biz.open(&product_form).await;
    biz.fill_hostile("#product-form", PAYLOAD, &VALID).await;
    gov.open(&review).await;
    gov.submit_and_wait(r#"form[action$="/duyet"]"#).await;
    let slug: String = products::table
        .find(product)
        .select(products::slug)
        .first(&mut *site.app().conn())
        .expect("slug");

    // The official: an article, a collection, a fair — published.
    gov.open("/quan-tri/tin-tuc/moi").await;
    gov.fill_hostile(r#"form[action$="/tin-tuc/moi"]"#, PAYLOAD, &VALID)
        .await;
    if gov.exists(r#"form[action$="/xuat-ban"]"#).await {
        gov.submit_and_wait(r#"form[action$="/xuat-ban"]"#).await;
    }
    gov.open("/quan-tri/bo-suu-tap").await;
    gov.fill_hostile(r#"form[action$="/bo-suu-tap"]"#, PAYLOAD, &VALID)
        .await;
    gov.open("/quan-tri/hoi-cho/moi").await;
    gov.fill_hostile(r#"form[action$="/hoi-cho/moi"]"#, PAYLOAD, &VALID)
        .await;
    let event: i32 = events::table
        .select(events::id)
        .order(events::id.desc())
        .first(&mut *site.app().conn())
        .expect("the fair was stored");
    gov.open(&format!("/quan-tri/hoi-cho/{event}")).await;
    if gov.exists(r#"form[action$="/xuat-ban"]"#).await {
        gov.submit_and_wait(r#"form[action$="/xuat-ban"]"#).await;
    }
    biz.open(&format!("/doanh-nghiep/hoi-cho/{event}")).await;
    if biz
        .exists(&format!(r#"form[action$="/doanh-nghiep/hoi-cho/{event}"]"#))
        .await
    {
        biz.fill_hostile(
            &format!(r#"form[action$="/doanh-nghiep/hoi-cho/{event}"]"#),
            PAYLOAD,
            &VALID,
        )
        .await;
    }

    // The payload was stored as text: the public product page shows it, escaped.
    biz.open(&format!("/san-pham/{slug}")).await;
    let text = biz.page_text().await;
    assert!(
        text.contains("Xname \"'><svg onload=alert('name')><script>alert(0)</script>"),
        "{text}"
    );

    // Every page either of them can reach in one step from their areas and the public pages.
    let mut seen = Vec::new();
    let public: Vec<String> = [
        "/",
        "/san-pham",
        "/tin-tuc",
        "/hoi-cho",
        "/diem-ban",
        "/nha-san-xuat",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .chain([format!("/san-pham/{slug}"), "/tim-kiem?q=X".to_owned()])
    .collect();
    let mut problems = crawl_and_watch(&biz, &public, &mut seen).await;
    problems.extend(
        crawl_and_watch(
            &biz,
            &["/doanh-nghiep".to_owned(), product_form.clone()],
            &mut seen,
        )
        .await,
    );
    problems.extend(
        crawl_and_watch(
            &gov,
            &[
                "/quan-tri".to_owned(),
                review.clone(),
                "/quan-tri/nhat-ky".to_owned(),
            ],
            &mut seen,
        )
        .await,
    );
    println!("XSS watch: {} pages opened", seen.len());
    assert!(seen.len() > 30, "only {} pages opened", seen.len());
    assert!(problems.is_empty(), "scripts ran:\n{}", problems.join("\n"));
    biz.close().await;
    gov.close().await;
}

/// Every page of the business and officials' areas one step from their home pages, every
/// form to create something, and forms sent empty (their error messages shown): axe-core
/// finds no serious or critical violation, on the phone and on the laptop.
#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_axe_finds_no_serious_violation_on_any_form() {
    use crate::common::Actor;
    let site = Site::with_world();
    let w = site.world();
    let business = w.member(Actor::BusinessA).expect("business");
    let admin = w.member(Actor::Admin).expect("admin");
    let business_pages = vec![
        "/doanh-nghiep".to_owned(),
        "/doanh-nghiep/nha-san-xuat/moi".to_owned(),
        format!("/doanh-nghiep/nha-san-xuat/{}", w.producer_a),
        "/doanh-nghiep/san-pham/moi".to_owned(),
        format!("/doanh-nghiep/san-pham/{}", w.product_a),
        format!("/doanh-nghiep/nha-san-xuat/{}/diem-ban/moi", w.producer_a),
        format!("/doanh-nghiep/hoi-cho/{}", w.event),
        "/tai-khoan/mat-khau".to_owned(),
    ];
    let official_pages = vec![
        "/quan-tri".to_owned(),
        format!("/quan-tri/san-pham/{}", w.product_a),
        format!("/quan-tri/san-pham/{}/giai-thuong", w.published),
        format!("/quan-tri/giai-thuong/nhap/{}", w.import),
        format!("/quan-tri/bo-suu-tap/{}", w.collection),
        format!("/quan-tri/tin-tuc/{}", w.article),
        "/quan-tri/tin-tuc/moi".to_owned(),
        format!("/quan-tri/hoi-cho/{}", w.event),
        "/quan-tri/hoi-cho/moi".to_owned(),
        format!("/quan-tri/diem-ban/{}", w.point),
    ];
    let public_forms = vec![
        format!("/san-pham/{}/bao-cao", w.published_slug),
        "/dang-ky".to_owned(),
        "/dang-nhap".to_owned(),
    ];
    let mut found = Vec::new();
    let mut opened = 0;
    for screen in Screen::ALL {
        for (who, start) in [
            (Some(business), &business_pages),
            (Some(admin), &official_pages),
            (None, &public_forms),
        ] {
            let chrome = Chrome::start(&site, screen).await;
            if let Some(member) = who {
                chrome.sign_in_as(member).await;
            }
            // The pages, and on the phone those one link away inside the same area.
            let mut pages = start.clone();
            if screen == Screen::Phone {
                chrome.open(&start[0]).await;
                let area = if start[0].starts_with("/quan-tri") {
                    "/quan-tri"
                } else {
                    "/doanh-nghiep"
                };
                for link in chrome.links().await {
                    if link.starts_with(area) && !pages.contains(&link) {
                        pages.push(link);
                    }
                }
            }
            for path in &pages {
                chrome.open(path).await;
                opened += 1;
                let mut problems = chrome.axe().await;
                // The same form sent empty: its error messages must be as accessible.
                let form = "main form[method=post]:not(.inline-form)";
                if path.ends_with("/moi") && chrome.exists(form).await {
                    chrome
                        .js(&format!(
                            "document.querySelectorAll('{form} input:not([type=hidden]), {form} textarea')\
                             .forEach(e => e.value = ''); return true;"
                        ))
                        .await;
                    chrome.submit_and_wait(form).await;
                    opened += 1;
                    problems.extend(
                        chrome
                            .axe()
                            .await
                            .into_iter()
                            .map(|v| format!("(sent empty) {v}")),
                    );
                }
                found.extend(
                    problems
                        .into_iter()
                        .map(|v| format!("{screen:?} {path}: {v}")),
                );
            }
            chrome.close().await;
        }
    }
    println!("axe: {opened} form pages checked");
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

/// A site for the journeys: its mail goes through the real SMTP server when one is configured
/// (`SMTP_URL`, `SMTP_MAILDIR`: CI), else into `.eml` files; the Maildir, when there is one.
fn journey_site() -> (Site, Option<std::path::PathBuf>) {
    let smtp = std::env::var("SMTP_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let maildir = std::env::var("SMTP_MAILDIR")
        .ok()
        .filter(|d| !d.trim().is_empty());
    match (smtp, maildir) {
        (Some(url), Some(dir)) => (
            Site::start_with(|s| s.smtp_url = Some(url)),
            Some(dir.into()),
        ),
        _ => (Site::start(), None),
    }
}

/// The link containing `contains` in the last mail `to` received (from the SMTP server's
/// Maildir, or the `.eml` files), once the outbox was drained as the worker would.
async fn mailed_link(
    site: &Site,
    maildir: Option<&std::path::Path>,
    to: &str,
    contains: &str,
) -> String {
    site.app().drain_mail().await;
    let mut received = match maildir {
        Some(dir) => crate::mail::received_by(dir, to),
        None => crate::mail::eml_files(site.app())
            .iter()
            .map(|p| crate::mail::Received::parse(&std::fs::read_to_string(p).expect("eml")))
            .filter(|m| {
                m.headers
                    .iter()
                    .any(|(n, v)| n.eq_ignore_ascii_case("To") && v.contains(to))
            })
            .collect(),
    };
    let mail = received.pop().unwrap_or_else(|| panic!("no mail to {to}"));
    let url = mail
        .body
        .split_whitespace()
        .find(|w| w.starts_with(&site.base) && w.contains(contains))
        .unwrap_or_else(|| panic!("no {contains} link on {} in:\n{}", site.base, mail.body));
    url[site.base.len()..].to_owned()
}

/// The text of the flash message on the page shown.
async fn flash(chrome: &Chrome) -> String {
    chrome.text("[data-flash]").await
}

/// Waits until the flash message holds `text`: after a submit, the page before the answer
/// may still show an older message.
async fn flash_with(chrome: &Chrome, text: &str) {
    let script = format!(
        "const f = document.querySelector('[data-flash]'); \
         return !!f && f.textContent.includes({});",
        serde_json::to_string(text).expect("json")
    );
    chrome
        .wait_until(&format!("a message with «{text}»"), &script)
        .await;
}

/// A business signs up (confirming by the mailed link), creates its producer page, adds a
/// product with two photos and sends it for review; then an official approves it from the
/// queue, sees it public, adds it to a collection by typing its name and imports the real
/// award list. Each journey prints its cost.
#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_business_and_official_journeys() {
    use diesel::prelude::*;
    use hangviet::db::schema::{award_imports, awards, featured_collection_items, products};

    for screen in Screen::ALL {
        let (site, maildir) = journey_site();
        let photos = tempfile::tempdir().expect("dir");
        let files = [
            crate::common::chrome::photo_file(photos.path(), "mat-truoc.jpg", 1600, 1200),
            crate::common::chrome::photo_file(photos.path(), "mat-sau.jpg", 1200, 1600),
        ];
        let email = format!("chu.xuong.{}@vidu.vn", screen as u8);
        let product_name = "Nước mắm cá cơm Hòn Thơm 40 độ đạm";

        // --- The business.
        let mut biz = Chrome::start(&site, screen).await;
        biz.open("/").await;
        biz.restart_tally().await;
        // The businesses' entrance in the menu leads to the sign-in page, which offers sign-up.
        biz.click(r#".main-nav__account a[href="/doanh-nghiep"]"#)
            .await;
        biz.click(r#"main a[href="/dang-ky"]"#).await;
        biz.fill("#f-name", "Trần Thị Hòa").await;
        biz.fill("#f-email", &email).await;
        biz.fill("#f-password", crate::common::PASSWORD).await;
        biz.click(r#"form[action="/dang-ky"] button[type=submit]"#)
            .await;
        biz.wait_until(
            "the check-your-mail page",
            "return location.pathname === '/dang-ky/kiem-tra-email';",
        )
        .await;
        let link = mailed_link(&site, maildir.as_deref(), &email, "/xac-nhan-email/").await;
        biz.open(&link).await;
        biz.click("main form button[type=submit]").await;
        biz.wait_until(
            "the business area",
            "return location.pathname === '/doanh-nghiep';",
        )
        .await;

        // The checklist leads: producer page first.
        biz.click(r#"[data-step] a[href="/doanh-nghiep/nha-san-xuat/moi"]"#)
            .await;
        biz.fill("#f-name", "Cơ sở nước mắm Hòn Thơm").await;
        biz.fill("#f-address", "Ấp Hòn Thơm, xã Hòn Thơm").await;
        biz.select("#f-province", "an-giang").await;
        biz.click("#producer-form #save").await;
        flash_with(&biz, "Cơ sở nước mắm Hòn Thơm").await;

        // Then the product: it lands on the product form (or the checklist leads there).
        if !biz.path().await.starts_with("/doanh-nghiep/san-pham/moi") {
            biz.click(r#"[data-step] a[href="/doanh-nghiep/san-pham/moi"]"#)
                .await;
        }
        biz.fill("#product-form #f-name", product_name).await;
        biz.select("#f-category", "thuc-pham").await;
        biz.fill(
            "#product-form #f-description",
            "Nước mắm nhĩ ủ chượp 12 tháng trong thùng gỗ bời lời.",
        )
        .await;
        biz.click("#product-form #save").await;
        biz.find("#photo-upload").await;
        assert!(
            flash(&biz).await.contains(product_name),
            "{}",
            flash(&biz).await
        );

        // Two photos at once, from the gallery; the page shows both, waiting for review.
        biz.choose_files("#f-photo", &files).await;
        if biz.js("return !document.querySelector('#upload-button') || document.querySelector('#upload-button').offsetParent === null;").await
            != Value::Bool(true)
        {
            biz.click("#upload-button").await;
        }
        biz.wait_until(
            "two photos",
            "return document.querySelectorAll('.photo-item').length === 2 && document.readyState === 'complete';",
        )
        .await;
        let status = biz.text(".photo-item [data-photo-status]").await;
        assert!(!status.contains("đã được duyệt"), "{status}");

        // Save and send for review in one step.
        biz.click("#save-and-submit").await;
        flash_with(&biz, "gửi duyệt").await;
        let tally = biz.tally().await;
        println!("JOURNEY business ({screen:?}): sign-up to product sent for review: {tally}");
        assert!(biz.scripts_that_ran().await.is_empty());
        biz.close().await;

        let product: i32 = products::table
            .filter(products::name.eq(product_name))
            .select(products::id)
            .first(&mut *site.app().conn())
            .expect("the product was stored");

        // --- The official.
        let _official = site.app().member("canbo@vidu.vn", "official");
        let mut gov = Chrome::start(&site, screen).await;
        gov.open("/dang-nhap").await;
        gov.restart_tally().await;
        gov.fill("#f-email", "canbo@vidu.vn").await;
        gov.fill("#f-password", crate::common::PASSWORD).await;
        gov.click(r#"form[action="/dang-nhap"] button[type=submit]"#)
            .await;
        gov.wait_until("the queue", "return location.pathname === '/quan-tri';")
            .await;
        gov.click(&format!(r#"[data-queue-item="{product}"] a"#))
            .await;
        gov.find("#producer").await;
        gov.click("#approve").await;
        flash_with(&gov, product_name).await;
        let slug: String = products::table
            .find(product)
            .select(products::slug)
            .first(&mut *site.app().conn())
            .expect("slug");
        gov.open(&format!("/san-pham/{slug}")).await;
        assert_eq!(gov.text("h1").await, product_name);

        // A collection, and the product added to it by typing its name.
        gov.open("/quan-tri/bo-suu-tap").await;
        gov.fill("#f-title", "Đặc sản biển đảo").await;
        gov.click(r#"form[action="/quan-tri/bo-suu-tap"] button[type=submit]"#)
            .await;
        gov.find("#add-product").await;
        gov.fill("#f-product", "nuoc mam ca com").await;
        gov.wait_until(
            "suggestions",
            "return document.querySelectorAll('#product-suggestions option').length > 0;",
        )
        .await;
        let picked = gov
            .js("return document.querySelector('#product-suggestions option').value;")
            .await;
        let picked = picked.as_str().expect("a suggestion").to_owned();
        gov.fill("#f-product", &picked).await;
        gov.click("#add-product button[type=submit]").await;
        flash_with(&gov, product_name).await;
        let items: i64 = featured_collection_items::table
            .filter(featured_collection_items::product_id.eq(product))
            .count()
            .get_result(&mut *site.app().conn())
            .expect("count");
        assert_eq!(items, 1);

        // This year's award list: the real file, checked, then confirmed.
        gov.open("/quan-tri/giai-thuong/nhap").await;
        let real =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo/real-awards.csv");
        gov.choose_files("#f-file", &[real]).await;
        gov.click("#import-form button[type=submit]").await;
        gov.find("#confirm").await;
        gov.click("#confirm").await;
        // The answer's page: the preview (with its button) gone, its message shown.
        gov.wait_until(
            "the import's answer",
            "return !document.querySelector('#confirm') \
             && !!document.querySelector('[data-flash], #no-change, .notice');",
        )
        .await;
        let imported: i64 = awards::table
            .count()
            .get_result(&mut *site.app().conn())
            .expect("count");
        assert!(imported >= 300, "{imported} awards after the real list");
        let applied: i64 = award_imports::table
            .filter(award_imports::applied_at.is_not_null())
            .count()
            .get_result(&mut *site.app().conn())
            .expect("count");
        assert_eq!(applied, 1);
        let tally = gov.tally().await;
        println!(
            "JOURNEY official ({screen:?}): approve, see public, collection by name, award import: {tally}"
        );
        assert!(gov.scripts_that_ran().await.is_empty());
        gov.close().await;
    }
}

/// A citizen votes on a phone: ticks a product, types an address, consents and sends; the
/// page's proof of work is solved by its own script; the mailed link's button counts the
/// ballot and shows the receipt.
#[actix_web::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_citizen_votes_and_confirms_by_the_mailed_link() {
    let (site, maildir) = journey_site();
    let opened = crate::common::vote::open_vote(site.app());
    let email = format!("cu.tri.{}@example.vn", std::process::id());
    let mut chrome = Chrome::start(&site, Screen::Phone).await;
    chrome.open("/binh-chon").await;
    chrome.restart_tally().await;
    chrome.fill("#ballot-filter", "keo dua").await;
    assert!(
        chrome
            .js("return [...document.querySelectorAll('[data-entry]')].filter(e => !e.hidden).length;")
            .await
            == 1,
        "the filter folds diacritics"
    );
    chrome
        .click(&format!("input[name=pick][value='{}']", opened.eligible[0]))
        .await;
    chrome.fill("#f-email", &email).await;
    chrome.click("input[name=consent]").await;
    chrome.submit_and_wait("form[data-ballot]").await;
    assert_eq!(chrome.path().await, "/binh-chon/da-gui");

    let link = mailed_link(&site, maildir.as_deref(), &email, "/binh-chon/xac-nhan/").await;
    chrome.open(&link).await;
    assert!(chrome.page_text().await.contains("Kẹo dừa"));
    chrome.submit_and_wait("form.form-card").await;
    let receipt = chrome.text("[data-receipt]").await;
    assert_eq!(receipt.len(), 14, "{receipt}");
    let tally = chrome.tally().await;
    println!("vote journey (phone): {tally:?}");
    assert!(tally.seconds < 60.0, "under a minute: {tally:?}");
    chrome.close().await;
}
