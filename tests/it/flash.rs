//! Flash messages (`src/flash.rs`): shown once on the page a redirect lands on, in the
//! visitor's language, then cleared; a forged cookie shows nothing of its own.

use crate::common::TestApp;

#[actix_web::test]
async fn a_flash_message_is_shown_once_in_the_visitors_language_and_cleared() {
    let app = TestApp::new();
    let cookie = "hv_flash=kind=success&key=flash-saved";
    let page = app.get_with_cookie("/gioi-thieu", cookie).await;
    assert!(
        page.body.contains(r#"class="flash flash--success""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("Đã lưu."));
    assert_eq!(page.header("cache-control"), "no-store");
    let cleared = page
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("hv_flash=;") && v.contains("Max-Age=0"));
    assert!(cleared, "the flash cookie is removed once shown");

    let english = app.get_with_cookie("/en/gioi-thieu", cookie).await;
    assert!(english.body.contains(">Saved.<"), "{}", english.body);

    let plain = app.get("/gioi-thieu").await;
    assert!(!plain.body.contains("data-flash"));
}

#[actix_web::test]
async fn a_forged_flash_cookie_shows_no_text_of_its_own() {
    let app = TestApp::new();
    for cookie in [
        "hv_flash=kind=success&key=home-title",
        "hv_flash=kind=success&key=flash-made-up",
        "hv_flash=kind=evil&key=flash-saved",
        "hv_flash=%3Cscript%3E",
    ] {
        let page = app.get_with_cookie("/gioi-thieu", cookie).await;
        assert_eq!(page.status, 200, "{cookie}");
        assert!(!page.body.contains("data-flash"), "{cookie}: {}", page.body);
    }
}
