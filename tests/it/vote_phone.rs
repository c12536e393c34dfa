//! Phone ballots of the consumer vote (issue 17), where an SMS gateway is configured: the
//! ballot's link goes to the voter's browser and a six-digit code to the phone (through the
//! mail outbox to the gateway's address); the ballot counts with both. A wrong code is
//! counted and the fifth stops the link; a bad number stores nothing; without a gateway the
//! ballot has no phone field and a posted one is ignored. Concurrent ballots never pass the
//! voter's or the network's limit. On SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL; the delivery through a real SMTP server runs with the ignored suites.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::db::models::mail_outbox::MailKind;
use hangviet::db::models::vote_ballot::{Ballot, BallotStatus, Channel};
use hangviet::db::schema::{mail_outbox, vote_ballots};

use crate::common::browser::csrf_of;
use crate::common::vote::{SAME_ORIGIN, pow_answer, voting_on};
use crate::common::{Browser, Page, TestApp};

const GATEWAY: &str = "{phone}@sms.example.vn";

fn with_gateway(template: &str) -> TestApp {
    let template = template.to_owned();
    TestApp::with_settings(move |s| s.sms_gateway = Some(template))
}

fn ballots(app: &TestApp) -> Vec<Ballot> {
    vote_ballots::table
        .order(vote_ballots::id.asc())
        .select(Ballot::as_select())
        .load(&mut *app.conn())
        .expect("ballots")
}

fn outbox_size(app: &TestApp) -> i64 {
    mail_outbox::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

/// The code in the last text to `recipient`.
fn texted_code(app: &TestApp, recipient: &str) -> String {
    let text = app
        .mails_to(recipient, MailKind::VoteCode)
        .pop()
        .unwrap_or_else(|| panic!("no code texted to {recipient}"))
        .body_text;
    code_in(&text)
}

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_owned()
}

/// Types `code` on the confirmation page at `path` and presses its button.
async fn type_code(b: &mut Browser<'_>, path: &str, code: &str) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = csrf_of(&page.body).expect("token");
    let pow = pow_answer(&page.body);
    b.post_raw(
        path,
        &[("csrf_token", &token), ("pow", &pow), ("code", code)],
        &SAME_ORIGIN,
    )
    .await
}

#[actix_web::test]
async fn a_phone_ballot_counts_with_the_texted_code_and_five_wrong_codes_stop_it() {
    let s = voting_on(with_gateway(GATEWAY));
    let app = &s.app;
    let pick = s.eligible[0].to_string();
    let mut b = Browser::new(app);
    let form = b.get("/binh-chon").await;
    assert!(
        form.body.contains("name=\"method\" value=\"phone\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("name=\"phone\""));

    // A number that is not a Vietnamese mobile: shown again, nothing stored or sent.
    let bad = b
        .cast(&[
            ("pick", &pick),
            ("method", "phone"),
            ("phone", "028 3823 4567"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Hãy nhập số di động Việt Nam"));
    assert!(bad.body.contains("value=\"028 3823 4567\""), "kept");
    assert!(ballots(app).is_empty());
    assert_eq!(outbox_size(app), 0);

    let sent = b
        .cast(&[
            ("pick", &pick),
            ("method", "phone"),
            ("phone", "0912 345 678"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let link = sent.header("location").to_owned();
    assert!(link.starts_with("/binh-chon/xac-nhan/"), "{link}");
    let code = texted_code(app, "84912345678@sms.example.vn");
    let stored = ballots(app);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].channel, Channel::Phone);
    assert_eq!(stored[0].status, BallotStatus::Unconfirmed);
    assert!(
        !stored[0]
            .code_hash
            .as_deref()
            .unwrap_or_default()
            .contains(&code),
        "the code is kept hashed"
    );

    // The link alone does not count the ballot.
    let page = b.get(&link).await;
    assert!(page.body.contains("autocomplete=\"one-time-code\""));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = type_code(&mut b, &link, wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("bạn còn 4 lần thử"),
        "{}",
        refused.body
    );
    let missing = type_code(&mut b, &link, "").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ballots(app)[0].status, BallotStatus::Unconfirmed);
    assert_eq!(ballots(app)[0].code_tries, 2);

    let counted = type_code(&mut b, &link, &code).await;
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.body);
    assert!(counted.body.contains("data-receipt"));
    assert_eq!(ballots(app)[0].status, BallotStatus::Counted);

    // The same phone written another way is the same voter: the new ballot supersedes.
    let other = s.eligible[1].to_string();
    let again = b
        .cast(&[
            ("pick", &other),
            ("method", "phone"),
            ("phone", "+84 912.345.678"),
            ("consent", "1"),
        ])
        .await;
    let link = again.header("location").to_owned();
    let code = texted_code(app, "84912345678@sms.example.vn");
    assert_eq!(type_code(&mut b, &link, &code).await.status, StatusCode::OK);
    let statuses: Vec<BallotStatus> = ballots(app).iter().map(|b| b.status).collect();
    assert_eq!(statuses, [BallotStatus::Superseded, BallotStatus::Counted]);

    // Five wrong codes: the link stops working, even with the right code after.
    let third = b
        .cast(&[
            ("pick", &pick),
            ("method", "phone"),
            ("phone", "0987654321"),
            ("consent", "1"),
        ])
        .await;
    let link = third.header("location").to_owned();
    let code = texted_code(app, "84987654321@sms.example.vn");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let page = type_code(&mut b, &link, wrong).await;
        assert!(
            page.body.contains(&format!("bạn còn {left} lần thử")),
            "{left}"
        );
    }
    let page = b.get(&link).await;
    let token = csrf_of(&page.body).expect("token");
    let pow = pow_answer(&page.body);
    let last = b
        .post_raw(
            &link,
            &[("csrf_token", &token), ("pow", &pow), ("code", wrong)],
            &SAME_ORIGIN,
        )
        .await;
    assert_eq!(last.status, StatusCode::GONE);
    assert!(last.body.contains("sai mã quá nhiều lần"));
    assert_eq!(b.get(&link).await.status, StatusCode::GONE);
    let third = ballots(app).pop().expect("third");
    assert_eq!(third.status, BallotStatus::Unconfirmed);
    assert_eq!(third.code_tries, 5);
    assert!(third.token_hash.is_none());
}

#[actix_web::test]
async fn without_a_gateway_the_ballot_has_no_phone_field_and_ignores_a_posted_one() {
    let s = voting_on(TestApp::new());
    let app = &s.app;
    let mut b = Browser::new(app);
    let form = b.get("/binh-chon").await;
    assert!(!form.body.contains("name=\"phone\""));
    let pick = s.eligible[0].to_string();
    let forged = b
        .cast(&[
            ("pick", &pick),
            ("method", "phone"),
            ("phone", "0912345678"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        forged.body.contains("id=\"e-email\""),
        "the email is asked for"
    );
    assert!(ballots(app).is_empty());
    assert_eq!(outbox_size(app), 0);
}

#[actix_web::test]
async fn a_gateway_without_the_number_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = crate::common::harness::settings_for(dir.path());
    settings.sms_gateway = Some("sms.example.vn".to_owned());
    let Err(err) = hangviet::app::AppState::init(&settings) else {
        panic!("a gateway without {{phone}} was taken");
    };
    assert!(format!("{err:#}").contains("{phone}"), "{err:#}");
}

#[actix_web::test]
#[ignore = "needs a local SMTP server: SMTP_URL and SMTP_MAILDIR (.ci/run starts one)"]
async fn smtp_delivers_the_phone_code_to_the_gateway() {
    let Some((url, maildir)) = crate::mail::smtp_server() else {
        return;
    };
    // A gateway domain of this run alone: the maildir keeps earlier runs' mail.
    let domain = format!(
        "sms-{}-{}.example.vn",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let template = format!("{{phone}}@{domain}");
    let s = voting_on(TestApp::with_settings(move |settings| {
        settings.smtp_url = Some(url);
        settings.sms_gateway = Some(template);
    }));
    let app = &s.app;
    let mut b = Browser::new(app);
    let pick = s.eligible[0].to_string();
    let sent = b
        .cast(&[
            ("pick", &pick),
            ("method", "phone"),
            ("phone", "0912345678"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(app.drain_mail().await.sent, 1);
    let received = crate::mail::received_by(&maildir, &format!("84912345678@{domain}"));
    assert_eq!(received.len(), 1);
    let code = code_in(&received[0].body);
    let link = sent.header("location").to_owned();
    let done = type_code(&mut b, &link, &code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(ballots(app)[0].status, BallotStatus::Counted);
}

/// Ballots cast at once by several threads: the voter's and the network's limits hold
/// exactly (the network's lock is taken last in each ballot's transaction), and every
/// refused ballot stored nothing.
#[actix_web::test]
async fn concurrent_ballots_never_pass_the_voter_or_network_limits() {
    use std::sync::{Arc, Barrier};

    use hangviet::actions::vote_ballot::{
        self, BALLOTS_PER_NETWORK, BallotError, BallotRequest, Contact, MAILS_PER_VOTER, Reach,
    };

    let s = voting_on(TestApp::new());
    let app = &s.app;
    let pick = s.eligible[0];
    // Round 1: twelve ballots of one mailbox from twelve networks; round 2: more ballots of
    // distinct voters from one network (on 20 addresses) than it may send in an hour.
    let mailbox: Vec<(String, String)> = (0..12)
        .map(|i| ("an@gmail.com".to_owned(), format!("198.51.{i}.7")))
        .collect();
    let over = BALLOTS_PER_NETWORK as usize + 16;
    let network: Vec<(String, String)> = (0..over)
        .map(|i| {
            (
                format!("cutri{i}@example.vn"),
                format!("203.0.113.{}", 1 + i % 20),
            )
        })
        .collect();
    for (round, casts, allowed) in [
        (1, mailbox, MAILS_PER_VOTER as usize),
        (2, network, BALLOTS_PER_NETWORK as usize),
    ] {
        let before = ballots(app).len();
        let threads = 8;
        let barrier = Arc::new(Barrier::new(threads));
        let chunks: Vec<Vec<(String, String)>> = (0..threads)
            .map(|t| casts.iter().skip(t).step_by(threads).cloned().collect())
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let (db, state) = (app.db().clone(), app.state.clone());
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut conn = db.conn().expect("connection");
                    barrier.wait();
                    let mut outcome = (0, 0);
                    for (email, ip) in chunk {
                        let request = BallotRequest {
                            picks: vec![pick],
                            contact: Contact::Email(email),
                            consent: true,
                            client_ip: ip,
                            locale: hangviet::i18n::Locale::Vi,
                            pow_nonce: None,
                        };
                        let reach = Reach {
                            site: &state.site,
                            sms: None,
                        };
                        let now = chrono::Utc::now().naive_utc();
                        match vote_ballot::cast(&mut conn, &state.vote_keys, reach, &request, now) {
                            Ok(_) => outcome.0 += 1,
                            Err(BallotError::Throttled) => outcome.1 += 1,
                            Err(e) => panic!("round {round}: {e}"),
                        }
                    }
                    outcome
                })
            })
            .collect();
        let (taken, refused) = handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert_eq!(taken, allowed, "round {round}");
        assert_eq!(refused, casts.len() - allowed, "round {round}");
        assert_eq!(ballots(app).len() - before, allowed, "round {round}");
    }
    assert_eq!(outbox_size(app), MAILS_PER_VOTER + BALLOTS_PER_NETWORK);
}
