//! Hostile sign-in: lock-out attempts, guessing through the password-change page, old
//! sessions, redirects after login, and rate limits under concurrency and IPv6 rotation.

use crate::common;

use std::net::SocketAddr;
use std::sync::{Arc, Barrier};

use actix_web::http::StatusCode;
use actix_web::test;
use common::{Browser, PASSWORD, Page, TestApp};
use diesel::prelude::*;
use hangviet::db::models::rate_limit::RateLimit;
use hangviet::db::schema::{rate_limit_events, sessions, users};

/// A socket address for a peer written as a bare IP.
fn peer(ip: &str) -> SocketAddr {
    let ip: std::net::IpAddr = ip.parse().expect("ip");
    SocketAddr::new(ip, 40_000)
}

/// Logs in from `ip` as a fresh browser would: the login form first (for its CSRF cookie and
/// token), then the form posted with `tiep` as given.
async fn log_in_from(app: &TestApp, ip: &str, email: &str, password: &str, tiep: &str) -> Page {
    let form = app
        .send(
            test::TestRequest::get()
                .uri("/dang-nhap")
                .peer_addr(peer(ip)),
        )
        .await;
    let token = common::csrf_of(&form.body).expect("login form has a token");
    let cookie = form
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("hv_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("anonymous csrf cookie")
        .to_owned();
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("email", email),
        ("password", password),
        ("tiep", tiep),
    ])
    .expect("form encodes");
    app.send(
        test::TestRequest::post()
            .uri("/dang-nhap")
            .peer_addr(peer(ip))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Cookie", cookie))
            .insert_header(("Origin", "http://localhost:8080"))
            .set_payload(body),
    )
    .await
}

fn session_count(app: &TestApp) -> i64 {
    sessions::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn password_hash(app: &TestApp, id: i32) -> String {
    users::table
        .find(id)
        .select(users::password_hash)
        .first(&mut *app.conn())
        .expect("user")
}

#[actix_web::test]
async fn an_attacker_elsewhere_cannot_lock_the_owner_out() {
    let app = TestApp::new();
    app.member("chu@example.vn", "business");
    let home = "203.0.113.5";
    let first = log_in_from(&app, home, "chu@example.vn", PASSWORD, "").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);

    // Guesses from 40 addresses: bounded per account, whatever the number of addresses.
    let (mut checked, mut refused) = (0, 0);
    for i in 1..=40 {
        let page = log_in_from(
            &app,
            &format!("198.51.100.{i}"),
            "chu@example.vn",
            "đoán bừa thôi",
            "",
        )
        .await;
        match page.status {
            StatusCode::UNPROCESSABLE_ENTITY => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("guess answered {other}"),
        }
    }
    assert!(checked <= 20, "{checked} guesses were checked");
    assert!(refused >= 20, "only {refused} guesses were refused");
    let sessions_before = session_count(&app);

    // The owner, from the address they used before, still gets in.
    let owner = log_in_from(&app, home, "chu@example.vn", PASSWORD, "").await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    assert_eq!(owner.header("location"), "/doanh-nghiep");
    assert_eq!(session_count(&app), sessions_before + 1);

    // Even the right password from a new address waits while the account is under attack.
    let stranger = log_in_from(&app, "192.0.2.9", "chu@example.vn", PASSWORD, "").await;
    assert_eq!(stranger.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(session_count(&app), sessions_before + 1);
}

#[actix_web::test]
async fn guesses_from_the_owners_address_are_bounded_too() {
    let app = TestApp::new();
    app.member("lan@example.vn", "business");
    let home = "203.0.113.6";
    assert_eq!(
        log_in_from(&app, home, "lan@example.vn", PASSWORD, "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let mut checked = 1;
    loop {
        let page = log_in_from(&app, home, "lan@example.vn", "sai rồi", "").await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        checked += 1;
        assert!(
            checked <= 10,
            "more than 10 attempts from one known address"
        );
    }
    assert_eq!(checked, 10);
}

#[actix_web::test]
async fn the_current_password_check_is_rate_limited_and_a_wrong_one_changes_nothing() {
    let app = TestApp::new();
    let me = app.member("chi@example.vn", "business");
    // A second session (another device) that a successful change would end.
    hangviet::db::models::session::Session::create(
        &mut app.conn(),
        me.user_id,
        &hangviet::auth::token_hash("thiet-bi-khac"),
        "csrf",
    )
    .expect("session");
    let hash = password_hash(&app, me.user_id);
    let mut b = app.browser_of(&me);
    for _ in 0..10 {
        let page = b
            .submit(
                "/tai-khoan/mat-khau",
                "/tai-khoan/mat-khau",
                &[
                    ("current", "đoán sai"),
                    ("password", "Một mật khẩu mới toanh!"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Mật khẩu hiện tại không đúng."));
        assert_eq!(password_hash(&app, me.user_id), hash);
        assert_eq!(session_count(&app), 2);
    }
    let limited = b
        .submit(
            "/tai-khoan/mat-khau",
            "/tai-khoan/mat-khau",
            &[
                ("current", PASSWORD),
                ("password", "Một mật khẩu mới toanh!"),
            ],
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(password_hash(&app, me.user_id), hash, "nothing changed");
    assert_eq!(session_count(&app), 2, "no session ended");
}

#[actix_web::test]
async fn sessions_end_after_their_absolute_lifetime_however_busy() {
    let app = TestApp::new();
    let old = app.member("cu@example.vn", "business");
    let young = app.member("moi@example.vn", "business");
    let now = chrono::Utc::now().naive_utc();
    let age = |member: &common::Member, days: i64| {
        diesel::update(sessions::table.filter(sessions::user_id.eq(member.user_id)))
            .set((
                sessions::created_at.eq(now - chrono::Duration::days(days)),
                sessions::last_seen_at.eq(now - chrono::Duration::hours(2)),
                sessions::expires_at.eq(now + chrono::Duration::days(10)),
            ))
            .execute(&mut *app.conn())
            .expect("age session");
    };
    // Used two hours ago, idle expiry ten days ahead, but created 31 days ago: over.
    age(&old, 31);
    let page = app.browser_of(&old).get("/tai-khoan/mat-khau").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.header("location").starts_with("/dang-nhap"));

    // 29 days old: still good, and its extension stops at 30 days after creation.
    age(&young, 29);
    let page = app.browser_of(&young).get("/tai-khoan/mat-khau").await;
    assert_eq!(page.status, StatusCode::OK);
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = sessions::table
        .filter(sessions::user_id.eq(young.user_id))
        .select((sessions::created_at, sessions::expires_at))
        .first(&mut *app.conn())
        .expect("session");
    assert!(
        expires <= created + chrono::Duration::days(30),
        "extended past the absolute lifetime: {created} → {expires}"
    );
}

/// `tiep` values that would leave the site or break the response, as the form carries them.
const HOSTILE_NEXT: &[&str] = &[
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: hv_session=x",
    "/%0d%0aSet-Cookie:%20hv_session=x",
    "https://evil.example",
    "javascript:alert(1)",
    "/\0evil.example",
    "/\u{2028}/evil.example",
    "/\u{2029}/evil.example",
    "/%E2%80%A8/evil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",
    " /evil.example",
    "/\u{b}/evil.example",
];

#[actix_web::test]
async fn login_follows_only_plain_local_paths() {
    let app = TestApp::new();
    for (i, next) in HOSTILE_NEXT.iter().enumerate() {
        let email = format!("dn{i}@example.vn");
        app.member(&email, "business");
        // The login page does not carry the value into its form.
        let query = serde_urlencoded::to_string([("tiep", next)]).expect("encodes");
        let form = app.get(&format!("/dang-nhap?{query}")).await;
        assert_eq!(form.status, StatusCode::OK, "{next:?}");
        assert!(
            form.body.contains("name=\"tiep\" value=\"\""),
            "{next:?} kept in the form"
        );
        let before = session_count(&app);
        let page = log_in_from(&app, "203.0.113.20", &email, PASSWORD, next).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            page.body
        );
        assert_eq!(page.header("location"), "/doanh-nghiep", "{next:?}");
        assert_eq!(session_count(&app), before + 1, "{next:?}");
    }
    // A wrong password re-renders the form without the hostile value either.
    let page = log_in_from(
        &app,
        "203.0.113.21",
        "dn0@example.vn",
        "sai",
        "/\t/evil.example",
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page.body.contains("evil.example"));
}

#[actix_web::test]
async fn each_role_lands_on_its_page_and_follows_a_local_tiep() {
    let app = TestApp::new();
    for (email, role, tiep, expected) in [
        ("dn@example.vn", "business", "", "/doanh-nghiep"),
        (
            "dn2@example.vn",
            "business",
            "/doanh-nghiep/san-pham?trang=2",
            "/doanh-nghiep/san-pham?trang=2",
        ),
        ("cb@example.vn", "official", "", "/quan-tri"),
        (
            "cb2@example.vn",
            "official",
            "/quan-tri/bao-cao",
            "/quan-tri/bao-cao",
        ),
        ("qt@example.vn", "admin", "", "/quan-tri"),
        (
            "qt2@example.vn",
            "admin",
            "/quan-tri/nguoi-dung?q=a%40b.vn",
            "/quan-tri/nguoi-dung?q=a%40b.vn",
        ),
        ("dan@example.vn", "citizen", "", "/"),
        (
            "dan2@example.vn",
            "citizen",
            "/tai-khoan/mat-khau",
            "/tai-khoan/mat-khau",
        ),
        ("cb3@example.vn", "official", "//evil.example", "/quan-tri"),
    ] {
        app.member(email, role);
        let page = log_in_from(&app, "203.0.113.30", email, PASSWORD, tiep).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{email}");
        assert_eq!(page.header("location"), expected, "{email} {tiep:?}");
    }
    // Sent to log in from an officials' page, the form carries it back.
    let mut b = Browser::new(&app);
    let bounced = b.get("/quan-tri/bao-cao").await;
    assert_eq!(bounced.status, StatusCode::SEE_OTHER);
    let form = b.get(bounced.header("location")).await;
    assert!(
        form.body
            .contains("name=\"tiep\" value=\"/quan-tri/bao-cao\"")
    );
}

#[actix_web::test]
async fn rate_limit_admits_exactly_max_under_concurrency() {
    let app = TestApp::new();
    for round in 0..3 {
        let bucket = format!("dong-thoi-{round}");
        let barrier = Arc::new(Barrier::new(40));
        let threads: Vec<_> = (0..40)
            .map(|_| {
                let db = app.db().clone();
                let barrier = barrier.clone();
                let bucket = bucket.clone();
                // Through the pool (8 connections), as requests would: wait for all, then go.
                std::thread::spawn(move || {
                    barrier.wait();
                    let mut conn = db.conn().map_err(|e| e.to_string())?;
                    RateLimit::hit(&mut conn, &bucket, 10, chrono::Duration::minutes(15))
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let results: Vec<Result<bool, String>> = threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect();
        let errors: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(errors.is_empty(), "round {round}: {errors:?}");
        let admitted = results.iter().filter(|r| matches!(r, Ok(true))).count();
        assert_eq!(admitted, 10, "round {round}");
        let stored: i64 = rate_limit_events::table
            .filter(rate_limit_events::bucket.eq(&bucket))
            .count()
            .get_result(&mut *app.conn())
            .expect("count");
        assert_eq!(stored, 10, "round {round}");
    }
}

#[actix_web::test]
async fn an_ipv6_network_and_an_ipv4_mapped_address_count_as_one_client() {
    let app = TestApp::new();
    // 31 sign-ins on different (unknown) accounts from 31 addresses of one /64: the per-address
    // limit (30 per 15 minutes) stops the last.
    for i in 1..=31 {
        let page = log_in_from(
            &app,
            &format!("2001:db8:7:7::{i:x}"),
            &format!("khong-co-{i}@example.vn"),
            "đoán",
            "",
        )
        .await;
        let expected = if i <= 30 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(page.status, expected, "attempt {i}");
    }
    // The next /64 has a budget of its own.
    let other = log_in_from(&app, "2001:db8:7:8::1", "ai@example.vn", "đoán", "").await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An IPv4 client seen through an IPv6 socket is the same client.
    for i in 1..=30 {
        let page = log_in_from(
            &app,
            "198.51.100.77",
            &format!("v4-{i}@example.vn"),
            "đoán",
            "",
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let mapped = log_in_from(&app, "::ffff:198.51.100.77", "v4-31@example.vn", "đoán", "").await;
    assert_eq!(mapped.status, StatusCode::TOO_MANY_REQUESTS);
}
