//! Admins managing admins: granting and revoking the admin role from the web, and the rule
//! that the site always keeps an active admin, even when admins act at the same moment.

use crate::common;

use std::sync::{Arc, Barrier};

use actix_web::http::StatusCode;
use common::{Member, TestApp};
use diesel::prelude::*;
use hangviet::actions::accounts::{AccountChange, administer};
use hangviet::db::models::audit::Actor;
use hangviet::db::models::user::Role;
use hangviet::db::schema::users;

async fn post(app: &TestApp, who: &Member, path: &str, fields: &[(&str, &str)]) -> common::Page {
    let mut all = vec![("csrf_token", who.csrf_token.as_str())];
    all.extend_from_slice(fields);
    app.browser_of(who)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

fn role_of(app: &TestApp, id: i32) -> String {
    users::table
        .find(id)
        .select(users::role)
        .first(&mut *app.conn())
        .expect("user")
}

fn active_admins(app: &TestApp) -> i64 {
    users::table
        .filter(users::role.eq("admin"))
        .filter(users::suspended_at.is_null())
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn actor(id: i32) -> Actor {
    Actor {
        user_id: Some(id),
        label: format!("user-{id}"),
    }
}

#[actix_web::test]
async fn admins_grant_and_revoke_the_admin_role_from_the_web() {
    let app = TestApp::new();
    let admin = app.member("qt@example.vn", "admin");
    let official = app.member("cb@example.vn", "official");
    let path = format!("/quan-tri/nguoi-dung/{}/vai-tro", official.user_id);

    let list = app.browser_of(&admin).get("/quan-tri/nguoi-dung").await;
    assert!(list.body.contains("Cấp quyền quản trị"));

    let granted = post(&app, &admin, &path, &[("role", "admin")]).await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.body);
    assert_eq!(role_of(&app, official.user_id), "admin");
    assert_eq!(
        crate::common::audit_count(&mut app.conn(), "set_role:admin").expect("count"),
        1
    );
    // The new admin reaches the admins' page at once.
    assert_eq!(
        app.browser_of(&official)
            .get("/quan-tri/nguoi-dung")
            .await
            .status,
        StatusCode::OK
    );

    let revoked = post(&app, &admin, &path, &[("role", "official")]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(role_of(&app, official.user_id), "official");
    assert_eq!(
        crate::common::audit_count(&mut app.conn(), "set_role:official").expect("count"),
        1
    );

    // Nobody changes their own account, and a refusal is not audited.
    let own = format!("/quan-tri/nguoi-dung/{}/vai-tro", admin.user_id);
    let refused = post(&app, &admin, &own, &[("role", "official")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(role_of(&app, admin.user_id), "admin");
    assert_eq!(
        crate::common::audit_count(&mut app.conn(), "set_role:official").expect("count"),
        1
    );
}

#[actix_web::test]
async fn an_admin_demoted_meanwhile_can_no_longer_act() {
    let app = TestApp::new();
    let a = app.member("a@example.vn", "admin");
    let b = app.member("b@example.vn", "admin");
    // B's request passed its role check before A's demotion committed; its change must still
    // be refused inside the transaction.
    administer(
        &mut app.conn(),
        &actor(a.user_id),
        b.user_id,
        AccountChange::SetRole(Role::Official),
    )
    .expect("A demotes B");
    let late = administer(
        &mut app.conn(),
        &actor(b.user_id),
        a.user_id,
        AccountChange::Suspend,
    );
    assert!(late.is_err(), "a demoted admin suspended an admin");
    assert_eq!(role_of(&app, a.user_id), "admin");
    assert_eq!(active_admins(&app), 1);
    assert_eq!(
        crate::common::audit_count(&mut app.conn(), "suspend_user").expect("count"),
        0
    );
}

#[actix_web::test]
async fn admins_removing_each_other_at_once_leave_an_active_admin() {
    let app = TestApp::new();
    for (round, change) in [
        AccountChange::SetRole(Role::Official),
        AccountChange::Suspend,
        AccountChange::SetRole(Role::Citizen),
    ]
    .into_iter()
    .enumerate()
    {
        let a = app.member(&format!("a{round}@example.vn"), "admin");
        let b = app.member(&format!("b{round}@example.vn"), "admin");
        // Earlier rounds' admins stand down first, so these two are the only active ones.
        diesel::update(
            users::table
                .filter(users::role.eq("admin"))
                .filter(users::id.ne_all([a.user_id, b.user_id])),
        )
        .set(users::role.eq("official"))
        .execute(&mut *app.conn())
        .expect("stand down");
        let barrier = Arc::new(Barrier::new(2));
        let threads: Vec<_> = [(a.user_id, b.user_id), (b.user_id, a.user_id)]
            .into_iter()
            .map(|(me, other)| {
                let db = app.db().clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut conn = db.conn().expect("connection");
                    barrier.wait();
                    administer(&mut conn, &actor(me), other, change).is_ok()
                })
            })
            .collect();
        let done = threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .filter(|ok| *ok)
            .count();
        assert_eq!(
            done, 1,
            "round {round}: exactly one of the two goes through"
        );
        assert_eq!(active_admins(&app), 1, "round {round}");
    }
}
