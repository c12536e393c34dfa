//! Mail: the outbox and its worker, the `.eml` default, sign-up confirmation without account
//! enumeration, "Quên mật khẩu", the business's decision mails, the officials' digest, and
//! delivery through a real SMTP server.
//!
//! The SMTP tests need a server, so a plain `cargo test` lists them as ignored; `.ci/run`
//! starts one (`.ci/smtp.sh`, Python's aiosmtpd saving to a Maildir) and runs them by name
//! (`-- --ignored smtp`). Without `SMTP_URL` they fail in CI (`CI` set) and elsewhere say
//! loudly that they skipped.

use std::path::{Path, PathBuf};

use crate::common;

use actix_web::http::StatusCode;
use chrono::{TimeDelta, Timelike};
use common::world::{World, reviewed_version};
use common::{Actor, Browser, PASSWORD, TestApp, link_in};
use diesel::prelude::*;
use hangviet::db::models::mail_outbox::MailKind;
use hangviet::db::schema::{sessions, users};

const NEW_PASSWORD: &str = "mật khẩu mới của tôi";

/// Decodes an RFC 2047 header value (`=?utf-8?b?…?=` / `=?utf-8?q?…?=` words between plain
/// ones): white space between two encoded words is dropped, any other is kept.
fn decode_header(value: &str) -> String {
    let mut out = String::new();
    let mut last_encoded = None;
    for word in value.split_whitespace() {
        let parts: Vec<&str> = word.split('?').collect();
        let encoded = parts.len() == 5 && parts[0] == "=" && parts[4] == "=";
        if last_encoded.is_some() && !(encoded && last_encoded == Some(true)) {
            out.push(' ');
        }
        if encoded {
            let bytes = match parts[2] {
                "b" | "B" => base64(parts[3]),
                _ => quoted_printable(&parts[3].replace('_', " ")),
            };
            out.push_str(&String::from_utf8(bytes).expect("UTF-8 header"));
        } else {
            out.push_str(word);
        }
        last_encoded = Some(encoded);
    }
    out
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("QP hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// A received or written message: its headers (unfolded, decoded) and its decoded body.
pub(crate) struct Received {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Received {
    pub(crate) fn parse(raw: &str) -> Received {
        let raw = raw.replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").expect("a header block and a body");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("a folded header follows one");
                last.1.push(' ');
                last.1.push_str(line.trim());
            } else {
                let (name, value) = line.split_once(':').expect("Name: value");
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
        }
        let encoding = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Transfer-Encoding"))
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default();
        let body = match encoding.as_str() {
            "base64" => String::from_utf8(base64(body)).expect("UTF-8 body"),
            "quoted-printable" => String::from_utf8(quoted_printable(body)).expect("UTF-8 body"),
            _ => body.to_owned(),
        };
        Received { headers, body }
    }

    fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }

    fn raw_header(&self, name: &str) -> String {
        self.header(name)
    }

    fn subject(&self) -> String {
        decode_header(&self.header("Subject"))
    }
}

/// The `.eml` files the app wrote, by name.
pub(crate) fn eml_files(app: &TestApp) -> Vec<PathBuf> {
    let dir = app.dir.path().join("outbox-mail");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    files.sort();
    files
}

fn user_rows(app: &TestApp, email: &str) -> i64 {
    users::table
        .filter(users::email.eq(email))
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

#[actix_web::test]
async fn a_sign_up_is_confirmed_by_the_link_in_the_eml_file() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    let page = b
        .sign_up_unconfirmed("chu.xuong@example.vn", "business")
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/dang-ky/kiem-tra-email");
    assert!(!b.cookies.contains_key("hv_session"), "not signed in yet");
    let check = b.get("/dang-ky/kiem-tra-email").await;
    assert!(
        check.body.contains("Hãy kiểm tra hộp thư"),
        "{}",
        check.body
    );

    // The request only queued the mail; the worker's round writes it.
    assert!(eml_files(&app).is_empty());
    assert_eq!(app.drain_mail().await.sent, 1);
    assert_eq!(app.drain_mail().await.sent, 0, "sent once");
    let files = eml_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = Received::parse(&std::fs::read_to_string(&files[0]).expect("eml"));
    assert!(eml.raw_header("Subject").is_ascii(), "encoded subject");
    assert!(eml.raw_header("Subject").contains("=?utf-8?"));
    assert_eq!(
        eml.subject(),
        "Xác nhận địa chỉ email của bạn trên hangviet"
    );
    assert_eq!(eml.header("To"), "chu.xuong@example.vn");
    assert!(
        eml.header("From").contains("no-reply@localhost"),
        "{}",
        eml.header("From")
    );
    assert!(eml.header("Message-ID").starts_with("<hangviet."));
    assert!(!eml.header("Date").is_empty());
    assert!(eml.body.contains("Xin chào Người Thử,"), "{}", eml.body);
    let sent = app.outbox().pop().expect("the row");
    assert!(sent.sent_at.is_some());
    assert_eq!(sent.attempts, 1);

    // The link in the file, on the public address, confirms and signs in.
    let path = link_in(&eml.body, "/xac-nhan-email/");
    let login = b.log_in("chu.xuong@example.vn", PASSWORD).await;
    assert_eq!(login.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        login.body.contains("chưa xác nhận địa chỉ email"),
        "{}",
        login.body
    );
    let button = b.get(&path).await;
    assert_eq!(button.status, StatusCode::OK);
    assert!(button.body.contains("Xác nhận và đăng nhập"));
    let done = b.submit(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), "/doanh-nghiep");
    let home = b.get("/doanh-nghiep").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Đã xác nhận địa chỉ email"),
        "flash shown"
    );

    // Single use: the link is dead now, and only its hash was ever stored.
    let mut other = Browser::new(&app);
    assert_eq!(other.get(&path).await.status, StatusCode::GONE);
    let token = path.rsplit('/').next().expect("token").to_owned();
    let stored: Vec<String> = hangviet::db::schema::email_tokens::table
        .select(hangviet::db::schema::email_tokens::token_hash)
        .load(&mut *app.conn())
        .expect("tokens");
    assert!(!stored.contains(&token));
    assert!(stored.contains(&hangviet::auth::token_hash(&token)));
}

#[actix_web::test]
async fn a_confirmation_link_expires_and_a_new_one_can_be_asked_for() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    b.sign_up_unconfirmed("han@example.vn", "business").await;
    let first = app.mails_to("han@example.vn", MailKind::ConfirmAddress);
    let old = link_in(&first[0].body_text, "/xac-nhan-email/");
    app.state
        .clock
        .advance(TimeDelta::days(3) + TimeDelta::minutes(1));
    assert_eq!(b.get(&old).await.status, StatusCode::GONE);
    // A wrong password says nothing about confirmation.
    let wrong = b.log_in("han@example.vn", "không phải mật khẩu").await;
    assert!(!wrong.body.contains("chưa xác nhận"));
    let login = b.log_in("han@example.vn", PASSWORD).await;
    assert!(
        login.body.contains("Gửi lại liên kết xác nhận"),
        "{}",
        login.body
    );
    let again = b
        .submit(
            "/dang-nhap",
            "/dang-ky/gui-lai-xac-nhan",
            &[("email", "han@example.vn")],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        app.mails_to("han@example.vn", MailKind::ConfirmAddress)
            .len(),
        2
    );
    let page = b.confirm_from_mail("han@example.vn").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(b.get("/doanh-nghiep").await.status, StatusCode::OK);
    // A confirmed account asks in vain: no third mail.
    Browser::new(&app)
        .submit(
            "/dang-nhap",
            "/dang-ky/gui-lai-xac-nhan",
            &[("email", "han@example.vn")],
        )
        .await;
    assert_eq!(
        app.mails_to("han@example.vn", MailKind::ConfirmAddress)
            .len(),
        2
    );
}

#[actix_web::test]
async fn sign_up_does_not_tell_whether_an_address_has_an_account() {
    let app = TestApp::new();
    app.member("lan@example.vn", "business");
    let fields = |email: &'static str| [("email", email), ("name", "Lan"), ("password", PASSWORD)];
    let mut fresh = Browser::new(&app);
    let mut taken = Browser::new(&app);
    let a = fresh
        .submit("/dang-ky", "/dang-ky", &fields("moi@example.vn"))
        .await;
    let b = taken
        .submit("/dang-ky", "/dang-ky", &fields("LAN@example.vn"))
        .await;
    assert_eq!(a.status, b.status);
    assert_eq!(a.header("location"), b.header("location"));
    assert_eq!(a.body, b.body);
    let names = |p: &common::Page| {
        let mut n: Vec<String> = p.headers.keys().map(|k| k.to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&a), names(&b));
    let (pa, pb) = (
        fresh.get("/dang-ky/kiem-tra-email").await,
        taken.get("/dang-ky/kiem-tra-email").await,
    );
    let token = |s: &str| common::csrf_of(s).unwrap_or_default();
    assert_eq!(
        pa.body.replace(&token(&pa.body), ""),
        pb.body.replace(&token(&pb.body), "")
    );
    // No second account; the owner is warned, with the ways in.
    assert_eq!(user_rows(&app, "lan@example.vn"), 1);
    assert!(
        app.mails_to("lan@example.vn", MailKind::ConfirmAddress)
            .is_empty()
    );
    let warnings = app.mails_to("lan@example.vn", MailKind::SignupAttempt);
    assert_eq!(warnings.len(), 1);
    let body = &warnings[0].body_text;
    assert_eq!(link_in(body, "/dang-nhap"), "/dang-nhap");
    assert_eq!(link_in(body, "/quen-mat-khau"), "/quen-mat-khau");
    assert!(body.contains("đã có tài khoản"));
    // The warning cannot be used to flood the mailbox.
    for _ in 0..5 {
        Browser::new(&app)
            .submit("/dang-ky", "/dang-ky", &fields("lan@example.vn"))
            .await;
    }
    assert_eq!(
        app.mails_to("lan@example.vn", MailKind::SignupAttempt)
            .len(),
        3
    );
}

#[actix_web::test]
async fn a_reset_link_works_once_for_an_hour_and_ends_the_other_sessions() {
    let app = TestApp::new();
    let member = app.member("chu@example.vn", "business");
    let mut phone = app.browser_of(&member);
    assert_eq!(phone.get("/doanh-nghiep").await.status, StatusCode::OK);

    let mut b = Browser::new(&app);
    let login = b.get("/dang-nhap").await;
    assert!(
        login.body.contains("href=\"/quen-mat-khau\""),
        "a link on the login page"
    );
    let known = b
        .submit(
            "/quen-mat-khau",
            "/quen-mat-khau",
            &[("email", "Chu@example.vn")],
        )
        .await;
    let unknown = Browser::new(&app)
        .submit(
            "/quen-mat-khau",
            "/quen-mat-khau",
            &[("email", "ai@example.vn")],
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(known.status, unknown.status);
    let token = |s: &str| common::csrf_of(s).unwrap_or_default();
    assert_eq!(
        known.body.replace(&token(&known.body), ""),
        unknown.body.replace(&token(&unknown.body), "")
    );
    assert!(known.body.contains("Nếu địa chỉ này có tài khoản"));
    assert_eq!(app.outbox().len(), 1, "no mail for an unknown address");
    let mail = app
        .mails_to("chu@example.vn", MailKind::PasswordReset)
        .pop()
        .expect("mail");
    assert_eq!(mail.subject, "Đặt lại mật khẩu hangviet");
    let path = link_in(&mail.body_text, "/dat-lai-mat-khau/");

    // The policy of sign-up applies, and a refused password does not spend the link.
    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let weak = b.submit(&path, &path, &[("password", "123")]).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = b.submit(&path, &path, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), "/doanh-nghiep");
    // The phone's session ended; this browser has the only one.
    assert_eq!(
        phone.get("/doanh-nghiep").await.status,
        StatusCode::SEE_OTHER
    );
    let live: i64 = sessions::table
        .filter(sessions::user_id.eq(member.user_id))
        .count()
        .get_result(&mut *app.conn())
        .expect("sessions");
    assert_eq!(live, 1);
    // Once only.
    let mut again = Browser::new(&app);
    assert_eq!(again.get(&path).await.status, StatusCode::GONE);
    let replay = again
        .submit("/dang-nhap", &path, &[("password", PASSWORD)])
        .await;
    assert_eq!(replay.status, StatusCode::GONE);
    assert_eq!(
        Browser::new(&app)
            .log_in("chu@example.vn", NEW_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // A link older than an hour does nothing.
    Browser::new(&app)
        .submit(
            "/quen-mat-khau",
            "/quen-mat-khau",
            &[("email", "chu@example.vn")],
        )
        .await;
    let late = app
        .mails_to("chu@example.vn", MailKind::PasswordReset)
        .pop()
        .expect("mail");
    let late = link_in(&late.body_text, "/dat-lai-mat-khau/");
    app.state.clock.advance(TimeDelta::minutes(61));
    let mut slow = Browser::new(&app);
    assert_eq!(slow.get(&late).await.status, StatusCode::GONE);
    let refused = slow
        .submit("/dang-nhap", &late, &[("password", "mật khẩu muộn màng")])
        .await;
    assert_eq!(refused.status, StatusCode::GONE);
    assert_eq!(
        Browser::new(&app)
            .log_in("chu@example.vn", NEW_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the password did not change"
    );
}

#[actix_web::test]
async fn a_reset_link_also_confirms_the_address() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    b.sign_up_unconfirmed("quen@example.vn", "business").await;
    b.submit(
        "/quen-mat-khau",
        "/quen-mat-khau",
        &[("email", "quen@example.vn")],
    )
    .await;
    let mail = app
        .mails_to("quen@example.vn", MailKind::PasswordReset)
        .pop()
        .expect("mail");
    let path = link_in(&mail.body_text, "/dat-lai-mat-khau/");
    let done = b.submit(&path, &path, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let login = Browser::new(&app)
        .log_in("quen@example.vn", NEW_PASSWORD)
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
}

#[actix_web::test]
async fn reset_requests_are_throttled() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    let mut statuses = Vec::new();
    for i in 0..12 {
        let email = format!("x{i}@example.vn");
        let page = b
            .submit(
                "/quen-mat-khau",
                "/quen-mat-khau",
                &[("email", email.as_str())],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(statuses[0], StatusCode::OK);
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

async fn official_post(world: &World, path: &str, fields: &[(&str, &str)]) -> common::Page {
    let member = world.member(Actor::Official).expect("official");
    let mut all = vec![("csrf_token", member.csrf_token.as_str())];
    all.extend_from_slice(fields);
    world
        .app
        .browser_of(member)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

#[actix_web::test]
async fn the_business_hears_of_approvals_rejections_and_claims() {
    let world = World::new();
    let app = &world.app;
    let id = world.product_a;
    hangviet::db::models::Product::submit(&mut app.conn(), id).expect("submit");
    let version = reviewed_version(&world, id).await;
    let reason = "Ảnh mờ, hãy chụp lại";
    let page = official_post(
        &world,
        &format!("/quan-tri/san-pham/{id}/tu-choi"),
        &[("reason", reason), ("version", &version)],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let rejected = app.mails_to("a@example.vn", MailKind::ProductRejected);
    assert_eq!(rejected.len(), 1);
    assert_eq!(
        rejected[0].subject,
        "Sản phẩm “Bình gốm men lam” chưa được duyệt"
    );
    assert!(rejected[0].body_text.contains(&format!("> {reason}")));
    assert_eq!(
        link_in(&rejected[0].body_text, "/doanh-nghiep/san-pham/"),
        format!("/doanh-nghiep/san-pham/{id}")
    );
    // The suspended member and the other producer's member hear nothing.
    assert!(
        app.mails_to("treo@example.vn", MailKind::ProductRejected)
            .is_empty()
    );
    assert!(
        app.mails_to("b@example.vn", MailKind::ProductRejected)
            .is_empty()
    );

    hangviet::db::models::Product::submit(&mut app.conn(), id).expect("submit again");
    let version = reviewed_version(&world, id).await;
    let page = official_post(
        &world,
        &format!("/quan-tri/san-pham/{id}/duyet"),
        &[("version", &version)],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let approved = app.mails_to("a@example.vn", MailKind::ProductApproved);
    assert_eq!(approved.len(), 1);
    assert!(
        approved[0]
            .body_text
            .contains("http://localhost:8080/san-pham/binh-gom-men-lam")
    );

    // Business B's claim on A's producer, refused with a reason.
    let page = official_post(
        &world,
        &format!("/quan-tri/nhan-quan-ly/{}/tu-choi", world.claim),
        &[("reason", "Không khớp mã số thuế")],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let claim = app.mails_to("b@example.vn", MailKind::ClaimRejected);
    assert_eq!(claim.len(), 1);
    assert!(
        claim[0].subject.contains("Xưởng Gốm An"),
        "{}",
        claim[0].subject
    );
    assert!(claim[0].body_text.contains("> Không khớp mã số thuế"));

    // A refused decision (already decided) mails nobody.
    let before = app.outbox().len();
    official_post(
        &world,
        &format!("/quan-tri/nhan-quan-ly/{}/duyet", world.claim),
        &[],
    )
    .await;
    assert_eq!(app.outbox().len(), before);
}

/// Moves the app's clock to the next `hour`:00 in Vietnam.
fn advance_to_vietnam_hour(app: &TestApp, hour: u32) {
    let local = hangviet::clock::vietnam_time(app.state.clock.now());
    let mut target = local.date().and_hms_opt(hour, 0, 0).expect("a time");
    if target <= local {
        target += TimeDelta::days(1);
    }
    // A second more: the clock moves by whole seconds.
    app.state
        .clock
        .advance(target - local + TimeDelta::seconds(1));
    assert_eq!(
        hangviet::clock::vietnam_time(app.state.clock.now()).hour(),
        hour
    );
}

async fn queue_digests(app: &TestApp) -> usize {
    hangviet::mail::digest::queue_due(&app.state.mail_worker())
        .await
        .expect("digests")
}

#[actix_web::test]
async fn officials_who_opt_in_get_one_digest_a_day_when_work_waits() {
    let world = World::new();
    let app = &world.app;
    let official = world.member(Actor::Official).expect("official");
    // The choice is on the account page; businesses are not offered it.
    let mut browser = app.browser_of(official);
    let page = browser.get("/tai-khoan/mat-khau").await;
    assert!(page.body.contains("Thư tổng hợp hằng ngày"));
    let business = world.member(Actor::BusinessA).expect("a");
    let page = app.browser_of(business).get("/tai-khoan/mat-khau").await;
    assert!(!page.body.contains("name=\"digest\""));
    let page = official_post(&world, "/tai-khoan/thu-tong-hop", &[("digest", "1")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        browser
            .get("/tai-khoan/mat-khau")
            .await
            .body
            .contains(" checked")
    );

    // Before 7:00 nothing goes; at 8:00 the day's digest (the world has a pending claim,
    // an open report and a point of sale to look at).
    advance_to_vietnam_hour(app, 6);
    assert_eq!(queue_digests(app).await, 0);
    advance_to_vietnam_hour(app, 8);
    assert_eq!(queue_digests(app).await, 1);
    let digests = app.mails_to("canbo@example.vn", MailKind::Digest);
    assert_eq!(digests.len(), 1);
    assert!(
        digests[0]
            .body_text
            .contains("Yêu cầu quản lý nhà sản xuất: 1"),
        "{}",
        digests[0].body_text
    );
    assert!(
        digests[0]
            .body_text
            .contains("http://localhost:8080/quan-tri#nhan")
    );
    // More work the same day: no second mail (a digest, not one mail per event).
    hangviet::db::models::Product::submit(&mut app.conn(), world.product_a).expect("submit");
    assert_eq!(queue_digests(app).await, 0);
    // The admin did not opt in.
    assert!(
        app.mails_to("quantri@example.vn", MailKind::Digest)
            .is_empty()
    );
    // The next day, one more, with the new product.
    app.state.clock.advance(TimeDelta::days(1));
    assert_eq!(queue_digests(app).await, 1);
    let digests = app.mails_to("canbo@example.vn", MailKind::Digest);
    assert_eq!(digests.len(), 2);
    assert!(digests[1].body_text.contains("Sản phẩm chờ duyệt: 1"));
}

#[actix_web::test]
async fn no_digest_when_nothing_is_pending() {
    let app = TestApp::new();
    let official = app.member("canbo@example.vn", "official");
    hangviet::db::models::user::User::set_wants_digest(&mut app.conn(), official.user_id, true)
        .expect("opt in");
    advance_to_vietnam_hour(&app, 9);
    assert_eq!(queue_digests(&app).await, 0);
    assert!(app.outbox().is_empty());
}

#[actix_web::test]
async fn an_unwritable_outbox_keeps_the_mail_for_later() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    b.sign_up_unconfirmed("sau@example.vn", "business").await;
    // A file where the directory should be: writing fails.
    let dir = app.dir.path().join("outbox-mail");
    std::fs::write(&dir, b"not a directory").expect("blocker");
    let round = app.drain_mail().await;
    assert_eq!((round.sent, round.failed), (0, 1));
    let row = app.outbox().pop().expect("row");
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_none());
    assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    // Not due again at once (backoff), then due.
    assert_eq!(app.drain_mail().await, hangviet::mail::Drained::default());
    std::fs::remove_file(&dir).expect("unblock");
    app.state.clock.advance(TimeDelta::minutes(2));
    assert_eq!(app.drain_mail().await.sent, 1);
    assert_eq!(eml_files(&app).len(), 1);
    assert_eq!(app.outbox().pop().expect("row").attempts, 2);
}

// --- Against a real SMTP server (.ci/smtp.sh) ---

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

#[test]
fn ci_has_an_smtp_server() {
    let url = std::env::var("SMTP_URL").unwrap_or_default();
    assert!(
        !in_ci() || !url.trim().is_empty(),
        "CI is set but SMTP_URL is not: the mail tests must run against a real SMTP server \
         (.ci/run starts one with .ci/smtp.sh)"
    );
}

/// The SMTP server under test and its Maildir; `None` (after saying so loudly) outside CI
/// when none is configured.
pub(crate) fn smtp_server() -> Option<(String, PathBuf)> {
    let url = std::env::var("SMTP_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let maildir = std::env::var("SMTP_MAILDIR")
        .ok()
        .filter(|d| !d.trim().is_empty());
    match (url, maildir) {
        (Some(url), Some(dir)) => Some((url, PathBuf::from(dir))),
        _ if in_ci() => panic!("CI is set but SMTP_URL / SMTP_MAILDIR are not (.ci/smtp.sh)"),
        _ => {
            eprintln!(
                "\n!!!!!! SKIPPED: no SMTP server. Start one with \
                 `eval \"$(bash .ci/smtp.sh start DIR | sed 's/^/export /')\"` !!!!!!\n"
            );
            None
        }
    }
}

/// The messages in the Maildir addressed to `recipient`.
pub(crate) fn received_by(maildir: &Path, recipient: &str) -> Vec<Received> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        let Ok(dir) = std::fs::read_dir(maildir.join(sub)) else {
            continue;
        };
        for entry in dir.flatten() {
            let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let message = Received::parse(&raw);
            if message
                .headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("To") && v.contains(recipient))
            {
                out.push(message);
            }
        }
    }
    out
}

/// An address no other test or run uses.
fn unique_address(label: &str) -> String {
    format!(
        "{label}.{}.{}@example.vn",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    )
}

#[actix_web::test]
#[ignore = "needs an SMTP server: SMTP_URL and SMTP_MAILDIR (.ci/smtp.sh)"]
async fn smtp_delivers_the_confirmation_and_its_link_signs_in() {
    let Some((url, maildir)) = smtp_server() else {
        return;
    };
    let app = TestApp::with_settings(|s| s.smtp_url = Some(url));
    let email = unique_address("smtp");
    let mut b = Browser::new(&app);
    b.sign_up_unconfirmed(&email, "business").await;
    assert_eq!(app.drain_mail().await.sent, 1, "{:?}", app.outbox());
    assert!(eml_files(&app).is_empty(), "SMTP, not files");
    let received = received_by(&maildir, &email);
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(
        message.subject(),
        "Xác nhận địa chỉ email của bạn trên hangviet"
    );
    let path = link_in(&message.body, "/xac-nhan-email/");
    b.get(&path).await;
    let done = b.submit(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(b.get("/doanh-nghiep").await.status, StatusCode::OK);
}

#[actix_web::test]
#[ignore = "needs an SMTP server: SMTP_URL and SMTP_MAILDIR (.ci/smtp.sh)"]
async fn smtp_server_down_keeps_the_mail_until_it_is_back() {
    let Some((url, maildir)) = smtp_server() else {
        return;
    };
    // Port 9 on loopback: nobody listens (connection refused), as when the server is down.
    let down = TestApp::with_settings(|s| s.smtp_url = Some("smtp://127.0.0.1:9".to_owned()));
    let email = unique_address("down");
    Browser::new(&down)
        .sign_up_unconfirmed(&email, "business")
        .await;
    let round = down.drain_mail().await;
    assert_eq!((round.sent, round.failed), (0, 1));
    let row = down.outbox().pop().expect("kept");
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_none());
    assert!(
        row.last_error.as_deref().is_some_and(|e| !e.is_empty()),
        "{row:?}"
    );
    down.state.clock.advance(TimeDelta::minutes(2));
    assert_eq!(down.drain_mail().await.failed, 1, "tried again later");
    assert_eq!(down.outbox().pop().expect("kept").attempts, 2);
    assert!(received_by(&maildir, &email).is_empty());

    // The server is reachable again (the same outbox, a mailer that can reach it).
    let up = down.on_same_database(|s| s.smtp_url = Some(url));
    up.state.clock.advance(TimeDelta::minutes(5));
    assert_eq!(up.drain_mail().await.sent, 1, "{:?}", up.outbox());
    up.state.clock.advance(TimeDelta::hours(2));
    assert_eq!(up.drain_mail().await, hangviet::mail::Drained::default());
    let received = received_by(&maildir, &email);
    assert_eq!(received.len(), 1, "delivered exactly once");
    let row = up.outbox().pop().expect("row");
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 3);
}

#[actix_web::test]
async fn the_mail_pages_speak_english_under_en() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    let forgot = b.get("/en/quen-mat-khau").await;
    assert_eq!(forgot.status, StatusCode::OK);
    assert!(
        forgot.body.contains("Forgot your password"),
        "{}",
        forgot.body
    );
    assert!(forgot.body.contains("action=\"/en/quen-mat-khau\""));
    let login = b.get("/en/dang-nhap").await;
    assert!(login.body.contains("href=\"/en/quen-mat-khau\""));
    let dead = b
        .get(&format!("/en/xac-nhan-email/{}", "ab".repeat(32)))
        .await;
    assert_eq!(dead.status, StatusCode::GONE);
    assert!(dead.body.contains("This link no longer works"));
    // A reset asked for in English is mailed in English, its link under /en.
    app.member("lan@example.com", "business");
    b.submit(
        "/en/quen-mat-khau",
        "/en/quen-mat-khau",
        &[("email", "lan@example.com")],
    )
    .await;
    let mail = app
        .mails_to("lan@example.com", MailKind::PasswordReset)
        .pop()
        .expect("mail");
    assert_eq!(mail.subject, "Reset your hangviet password");
    let path = link_in(&mail.body_text, "/dat-lai-mat-khau/");
    assert!(path.starts_with("/en/dat-lai-mat-khau/"), "{path}");
    let form = b.get(&path).await;
    assert!(form.body.contains("Choose a new password"));
}
