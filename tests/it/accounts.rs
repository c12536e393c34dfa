//! Accounts and sessions: sign-up, log-in, log-out, password change, suspension, limits.

use crate::common;

use actix_web::http::StatusCode;
use common::{Browser, PASSWORD, TestApp};
use diesel::prelude::*;
use hangviet::db::models::user::User;
use hangviet::db::schema::{sessions, users};

fn user_count(app: &TestApp) -> i64 {
    users::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

#[actix_web::test]
async fn sign_up_log_out_log_in() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    let page = b.sign_up("chu.xuong@example.vn", "business").await;
    assert_eq!(page.header("location"), "/doanh-nghiep");
    let cookie = page.header("set-cookie").to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let user = User::by_email(&mut app.conn(), "CHU.XUONG@example.vn ")
        .expect("query")
        .expect("user");
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(PASSWORD));

    let session_cookie = b
        .cookies
        .get("hv_session")
        .cloned()
        .expect("session cookie");
    let out = b.submit("/tai-khoan/mat-khau", "/dang-xuat", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        sessions::table
            .filter(sessions::user_id.eq(user.id))
            .count()
            .get_result::<i64>(&mut *app.conn())
            .expect("count"),
        0
    );
    // Replaying the old cookie after logout gets nowhere.
    let replay = app
        .get_with_cookie(
            "/tai-khoan/mat-khau",
            &format!("hv_session={session_cookie}"),
        )
        .await;
    assert_eq!(replay.status, StatusCode::SEE_OTHER);
    assert!(replay.header("location").starts_with("/dang-nhap"));

    let back = b.log_in("chu.xuong@example.vn", PASSWORD).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let new_cookie = b.cookies.get("hv_session").cloned().expect("new session");
    assert_ne!(new_cookie, session_cookie, "a new session id at login");
}

#[actix_web::test]
async fn signup_form_keeps_input_and_explains_errors() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    let page = b
        .submit(
            "/dang-ky",
            "/dang-ky",
            &[
                ("email", "khong-phai-email"),
                ("name", "Cô <b>Lan</b>"),
                ("password", "matkhau123"),
                ("account_type", "business"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Email không hợp lệ."));
    assert!(page.body.contains("Mật khẩu này quá phổ biến"));
    assert!(
        page.body.contains("value=\"khong-phai-email\""),
        "input kept"
    );
    assert!(
        page.body.contains("value=\"Cô &lt;b&gt;Lan&lt;/b&gt;\""),
        "kept and escaped"
    );
    assert!(
        !page.body.contains("matkhau123"),
        "passwords are never echoed"
    );
    assert_eq!(user_count(&app), 0);

    b.sign_up("lan@example.vn", "business").await;
    let mut other = Browser::new(&app);
    let dup = other
        .submit(
            "/dang-ky",
            "/dang-ky",
            &[
                ("email", "LAN@example.vn"),
                ("name", "Lan"),
                ("password", PASSWORD),
                ("account_type", "business"),
            ],
        )
        .await;
    // The same answer as a new address (tests/it/mail.rs compares them): no enumeration.
    assert_eq!(dup.status, StatusCode::SEE_OTHER);
    assert_eq!(dup.header("location"), "/dang-ky/kiem-tra-email");
    assert_eq!(user_count(&app), 1);
}

#[actix_web::test]
async fn wrong_email_and_wrong_password_look_the_same() {
    let app = TestApp::new();
    Browser::new(&app)
        .sign_up("an@example.vn", "business")
        .await;
    let mut b = Browser::new(&app);
    let wrong_password = b.log_in("an@example.vn", "sai mật khẩu rồi").await;
    let wrong_email = b.log_in("khong-co@example.vn", PASSWORD).await;
    assert_eq!(wrong_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_password.status, wrong_email.status);
    assert!(
        wrong_password
            .body
            .contains("Email hoặc mật khẩu không đúng.")
    );
    let strip = |body: &str| {
        body.replace("an@example.vn", "")
            .replace("khong-co@example.vn", "")
    };
    let (a, e) = (strip(&wrong_password.body), strip(&wrong_email.body));
    let token = |s: &str| common::csrf_of(s).unwrap_or_default();
    assert_eq!(a.replace(&token(&a), ""), e.replace(&token(&e), ""));
    assert!(!b.cookies.contains_key("hv_session"));
}

#[actix_web::test]
async fn logins_are_rate_limited_per_account() {
    let app = TestApp::new();
    Browser::new(&app)
        .sign_up("binh@example.vn", "business")
        .await;
    let mut b = Browser::new(&app);
    for _ in 0..10 {
        let page = b.log_in("binh@example.vn", "không đúng đâu").await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = b.log_in("binh@example.vn", PASSWORD).await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(limited.body.contains("quá nhiều lần"));
    assert!(!b.cookies.contains_key("hv_session"));
}

#[actix_web::test]
async fn password_change_ends_other_sessions() {
    let app = TestApp::new();
    let mut phone = Browser::new(&app);
    phone.sign_up("chi@example.vn", "business").await;
    let mut laptop = Browser::new(&app);
    assert_eq!(
        laptop.log_in("chi@example.vn", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let changed = phone
        .submit(
            "/tai-khoan/mat-khau",
            "/tai-khoan/mat-khau",
            &[
                ("current", PASSWORD),
                ("password", "Một mật khẩu mới toanh!"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.body.contains("Đã đổi mật khẩu"));
    assert_eq!(
        phone.get("/tai-khoan/mat-khau").await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        laptop.get("/tai-khoan/mat-khau").await.status,
        StatusCode::SEE_OTHER,
        "the other one ended"
    );
}

#[actix_web::test]
async fn a_suspended_account_is_refused_on_its_next_request() {
    let app = TestApp::new();
    let mut b = Browser::new(&app);
    b.sign_up("dung@example.vn", "business").await;
    assert_eq!(b.get("/tai-khoan/mat-khau").await.status, StatusCode::OK);
    let user = User::by_email(&mut app.conn(), "dung@example.vn")
        .expect("query")
        .expect("user");
    User::suspend(&mut app.conn(), user.id).expect("suspend");
    assert_eq!(
        b.get("/tai-khoan/mat-khau").await.status,
        StatusCode::SEE_OTHER
    );
    let again = Browser::new(&app).log_in("dung@example.vn", PASSWORD).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cannot log back in"
    );
}
