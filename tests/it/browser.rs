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
        "/hoi-cho",
        "/gioi-thieu",
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
    let page = site.app.page(list).await;
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
