//! Online ballots of the consumer vote, through the site: the ballot page, the mailed
//! confirmation link, the receipt, a changed ballot superseding the old one, the turnout and
//! receipt check on the year's page, and every way a bad ballot is refused without storing
//! anything. The SMTP test runs against the real server in CI (`-- --ignored smtp`).

use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::db::models::mail_outbox::MailKind;
use hangviet::db::models::vote_ballot::{Ballot, BallotStatus};
use hangviet::db::schema::{vote_ballots, vote_contacts};

use crate::common::vote::{ballot_link, pow_answer, receipt_on, voting, voting_on};
use crate::common::{Browser, TestApp, csrf_of};

fn ballots(app: &TestApp) -> Vec<Ballot> {
    vote_ballots::table
        .order(vote_ballots::id.asc())
        .select(Ballot::as_select())
        .load(&mut *app.conn())
        .expect("ballots")
}

fn contacts(app: &TestApp) -> Vec<String> {
    vote_contacts::table
        .select(vote_contacts::contact)
        .load(&mut *app.conn())
        .expect("contacts")
}

fn ballot_mails(app: &TestApp) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.kind == MailKind::VoteConfirm)
        .count()
}

#[actix_web::test]
async fn a_ballot_counts_once_confirmed_and_a_changed_one_supersedes_it() {
    let s = voting();
    let app = &s.app;
    let [keo_dua, banh_quy] = s.eligible.map(|id| id.to_string());
    let mut b = Browser::new(app);

    let form = b.get("/binh-chon").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Kẹo dừa") && form.body.contains("Bánh quy bơ"));
    assert!(
        !form.body.contains("Kẹo gừng"),
        "a rejected nomination is not on the ballot"
    );
    assert!(
        form.body.contains("Luật Bảo vệ dữ liệu cá nhân"),
        "the privacy notice"
    );

    let sent = b
        .cast(&[
            ("pick", &keo_dua),
            ("email", "Nguyen.An+binhchon@Gmail.com"),
            ("consent", "1"),
            ("website", ""),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.header("location"), "/binh-chon/da-gui");
    let stored = ballots(app);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].status, BallotStatus::Unconfirmed);
    assert_eq!(stored[0].picks, keo_dua);
    let keys = &app.state.vote_keys;
    assert_eq!(
        stored[0].identity_hash.as_deref(),
        Some(keys.identity_hash("nguyenan@gmail.com").as_str()),
        "one mailbox, one identity: dots, case and +tag dropped for Gmail"
    );
    let sealed = contacts(app);
    assert_eq!(sealed.len(), 1);
    assert!(!sealed[0].to_lowercase().contains("nguyen"), "encrypted");
    assert_eq!(
        keys.open_contact(&sealed[0]).as_deref(),
        Some("Nguyen.An+binhchon@Gmail.com")
    );
    let turnout = b.get("/binh-chon/2026").await;
    assert!(
        turnout.body.contains("0 phiếu trực tuyến"),
        "{}",
        turnout.body
    );

    // Following the link only shows the ballot; the button counts it.
    let link = ballot_link(app, "Nguyen.An+binhchon@Gmail.com");
    let shown = b.get(&link).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Kẹo dừa"));
    assert_eq!(shown.header("referrer-policy"), "same-origin");
    assert_eq!(ballots(app)[0].status, BallotStatus::Unconfirmed);
    let receipt_page = b.confirm_ballot(&link).await;
    assert_eq!(receipt_page.status, StatusCode::OK, "{}", receipt_page.body);
    let first_receipt = receipt_on(&receipt_page.body);
    let counted = ballots(app);
    assert_eq!(counted[0].status, BallotStatus::Counted);
    assert!(counted[0].token_hash.is_none(), "the link is spent");
    assert_eq!(
        counted[0].receipt_hash.as_deref(),
        Some(hangviet::vote::online::receipt_hash(&first_receipt).as_str())
    );
    assert_eq!(b.confirm_ballot(&link).await.status, StatusCode::GONE);

    // The same voter changes their mind: the new ballot supersedes the old once confirmed.
    let again = b
        .cast(&[
            ("pick", &banh_quy),
            ("pick", &keo_dua),
            ("email", "nguyenan@gmail.com"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let second = b
        .confirm_ballot(&ballot_link(app, "nguyenan@gmail.com"))
        .await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.contains("thay thế phiếu trước"));
    let second_receipt = receipt_on(&second.body);
    let all = ballots(app);
    assert_eq!(
        all.iter().map(|b| b.status).collect::<Vec<_>>(),
        [BallotStatus::Superseded, BallotStatus::Counted]
    );
    let mut both = vec![s.eligible[0], s.eligible[1]];
    both.sort_unstable();
    assert_eq!(all[1].pick_ids(), both);
    assert_eq!(contacts(app).len(), 1, "one contact per voter");

    // While voting is open: the turnout only, and the receipts can be checked.
    let page = b.get("/binh-chon/2026").await;
    assert!(page.body.contains("1 phiếu trực tuyến"), "{}", page.body);
    assert!(
        !page.body.contains("data-results"),
        "no counts per product yet"
    );
    let look = |code: &str| format!("/binh-chon/2026?ma={}", code.to_lowercase());
    assert!(
        b.get(&look(&first_receipt))
            .await
            .body
            .contains("đã được thay bằng phiếu sau")
    );
    assert!(
        b.get(&look(&second_receipt))
            .await
            .body
            .contains("đang được tính")
    );
    assert!(
        b.get("/binh-chon/2026?ma=0000-0000-0000")
            .await
            .body
            .contains("Không có phiếu nào mang mã này")
    );
    assert!(
        b.get("/binh-chon/2026?ma=xyz")
            .await
            .body
            .contains("12 chữ và số")
    );
}

#[actix_web::test]
async fn bad_ballots_are_refused_with_their_input_kept_and_store_nothing() {
    let s = voting();
    let app = &s.app;
    let keo_dua = s.eligible[0].to_string();
    let rejected = s.rejected.to_string();
    let mut b = Browser::new(app);
    let nothing_stored = |why: &str| {
        assert!(ballots(app).is_empty(), "{why}: no ballot");
        assert!(contacts(app).is_empty(), "{why}: no contact");
        assert_eq!(ballot_mails(app), 0, "{why}: no mail");
    };

    let cases = [
        (
            "no picks",
            vec![("email", "an@example.vn"), ("consent", "1")],
            "Hãy chọn ít nhất một sản phẩm",
        ),
        (
            "a rejected nomination",
            vec![
                ("pick", &rejected),
                ("email", "an@example.vn"),
                ("consent", "1"),
            ],
            "không còn trong danh sách",
        ),
        (
            "a throw-away address",
            vec![
                ("pick", &keo_dua),
                ("email", "an@mailinator.com"),
                ("consent", "1"),
            ],
            "Không nhận email tạm thời",
        ),
        (
            "not an address",
            vec![("pick", &keo_dua), ("email", "an@"), ("consent", "1")],
            "email",
        ),
        (
            "no consent",
            vec![("pick", &keo_dua), ("email", "an@example.vn")],
            "Cần có sự đồng ý",
        ),
    ];
    for (why, fields, message) in cases {
        let page = b.cast(&fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(page.body.contains(message), "{why}: {}", page.body);
        nothing_stored(why);
    }
    // What was typed comes back: the address, and the pick ticked.
    let page = b
        .cast(&[("pick", &keo_dua), ("email", "an@example.vn")])
        .await;
    assert!(page.body.contains("value=\"an@example.vn\""));
    assert!(page.body.contains(&format!("value=\"{keo_dua}\" checked")));

    // No proof of work, or a forged one.
    let form = b.get("/binh-chon").await;
    let token = csrf_of(&form.body).expect("token");
    let same_origin = crate::common::vote::SAME_ORIGIN;
    for pow in ["", "{}", "{\"challenge\":1}"] {
        let page = b
            .post_raw(
                "/binh-chon",
                &[
                    ("csrf_token", &token),
                    ("pow", pow),
                    ("pick", &keo_dua),
                    ("email", "an@example.vn"),
                    ("consent", "1"),
                ],
                &same_origin,
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{pow}");
        assert!(page.body.contains("chống máy tự động"));
        nothing_stored("no proof of work");
    }
    // A pick that is not a number is a malformed form.
    let page = b
        .post_raw(
            "/binh-chon",
            &[("csrf_token", &token), ("pick", "1 OR 1=1")],
            &same_origin,
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    // Without the token: refused before anything is read.
    let page = b
        .post_raw(
            "/binh-chon",
            &[
                ("pick", &keo_dua),
                ("email", "an@example.vn"),
                ("consent", "1"),
            ],
            &same_origin,
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    nothing_stored("no token");

    // A robot filling the honeypot is told "check your mail", and nothing is stored.
    let page = b
        .cast(&[
            ("pick", &keo_dua),
            ("email", "an@example.vn"),
            ("consent", "1"),
            ("website", "http://spam.example"),
        ])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    nothing_stored("honeypot");

    // An answered challenge is good once.
    let form = b.get("/binh-chon").await;
    let token = csrf_of(&form.body).expect("token");
    let pow = pow_answer(&form.body);
    let fields = [
        ("csrf_token", token.as_str()),
        ("pow", pow.as_str()),
        ("pick", keo_dua.as_str()),
        ("email", "an@example.vn"),
        ("consent", "1"),
    ];
    let first = b.post_raw("/binh-chon", &fields, &same_origin).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let replay = b.post_raw("/binh-chon", &fields, &same_origin).await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ballots(app).len(), 1, "the replay stored nothing");
    assert_eq!(ballot_mails(app), 1);
}

#[actix_web::test]
async fn one_mailbox_gets_three_confirmations_an_hour() {
    let s = voting();
    let app = &s.app;
    let pick = s.eligible[0].to_string();
    let mut b = Browser::new(app);
    for address in ["an@gmail.com", "a.n@gmail.com", "an+x@gmail.com"] {
        let page = b
            .cast(&[("pick", &pick), ("email", address), ("consent", "1")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{address}");
    }
    let page = b
        .cast(&[
            ("pick", &pick),
            ("email", "AN@googlemail.com"),
            ("consent", "1"),
        ])
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(ballots(app).len(), 3);
    assert_eq!(ballot_mails(app), 3);
}

#[actix_web::test]
async fn a_link_stops_working_when_voting_closes_or_after_two_days() {
    let s = voting();
    let app = &s.app;
    let pick = s.eligible[0].to_string();
    let mut b = Browser::new(app);
    for email in ["late@example.vn", "closed@example.vn"] {
        let page = b
            .cast(&[("pick", &pick), ("email", email), ("consent", "1")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    app.state.clock.advance(chrono::TimeDelta::hours(49));
    let late = b.confirm_ballot(&ballot_link(app, "late@example.vn")).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("hết hạn"));
    hangviet::actions::vote::advance(
        &mut app.conn(),
        app.mover(&s.first),
        s.campaign,
        hangviet::db::models::vote_campaign::CampaignState::VotingOpen,
        hangviet::db::models::vote_campaign::CampaignState::VotingClosed,
        "",
        crate::common::vote::now(),
    )
    .expect("closed");
    let closed = b
        .confirm_ballot(&ballot_link(app, "closed@example.vn"))
        .await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert!(
        ballots(app)
            .iter()
            .all(|b| b.status == BallotStatus::Unconfirmed)
    );
    // And the ballot page no longer takes ballots: it leads to the year's page.
    let page = b.get("/binh-chon").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/binh-chon/2026");
}

#[actix_web::test]
#[ignore = "needs an SMTP server: SMTP_URL and SMTP_MAILDIR (.ci/smtp.sh)"]
async fn smtp_delivers_the_ballot_confirmation() {
    let Some((url, maildir)) = crate::mail::smtp_server() else {
        return;
    };
    let s = voting_on(TestApp::with_settings(|settings| {
        settings.smtp_url = Some(url)
    }));
    let app = &s.app;
    let email = format!(
        "cu.tri.{}.{}@example.vn",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let mut b = Browser::new(app);
    let pick = s.eligible[0].to_string();
    let page = b
        .cast(&[("pick", &pick), ("email", &email), ("consent", "1")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.drain_mail().await.sent, 1);
    let received = crate::mail::received_by(&maildir, &email);
    assert_eq!(received.len(), 1);
    let link = crate::common::link_in(&received[0].body, "/binh-chon/xac-nhan/");
    let done = b.confirm_ballot(&link).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(ballots(app)[0].status, BallotStatus::Counted);
}

/// Casts and confirms a ballot of `email` picking `picks`: its receipt code.
async fn vote(b: &mut Browser<'_>, email: &str, picks: &[i32]) -> String {
    let picks: Vec<String> = picks.iter().map(i32::to_string).collect();
    let mut fields: Vec<(&str, &str)> = picks.iter().map(|p| ("pick", p.as_str())).collect();
    fields.extend([("email", email), ("consent", "1")]);
    let sent = b.cast(&fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let done = b.confirm_ballot(&ballot_link(b.app, email)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    receipt_on(&done.body)
}

#[actix_web::test]
async fn the_whole_vote_ends_in_certified_awards_and_erased_identities() {
    use std::collections::BTreeMap;

    use hangviet::actions::vote::{self as campaign, VoteError};
    use hangviet::actions::vote_detect::{self, Invalidation, Which};
    use hangviet::actions::vote_objection::{self, ObjectionError};
    use hangviet::actions::vote_paper::{self, BatchFields};
    use hangviet::db::models::vote_ballot::InvalidReason;
    use hangviet::db::models::vote_campaign::CampaignState as S;
    use hangviet::db::schema::{audit_log, awards, vote_nominations};
    use hangviet::vote::files;

    use crate::common::vote::now;

    let s = voting();
    let app = &s.app;
    let [keo_dua, banh_quy] = s.eligible;
    let mut b = Browser::new(app);
    for voter in ["lan@example.vn", "minh@example.vn", "hoa@example.vn"] {
        vote(&mut b, voter, &[keo_dua]).await;
    }
    let kept = vote(&mut b, "tuan@example.vn", &[banh_quy]).await;
    // Tuấn changes his mind: only his second ballot counts.
    vote(&mut b, "tuan@example.vn", &[banh_quy, keo_dua]).await;
    let farm = vote(&mut b, "farm1@example.vn", &[banh_quy]).await;

    // Paper: one batch entered twice alike (counted), one with a mismatch (blocked).
    let mut conn = app.conn();
    let batch = |code: &str| BatchFields {
        code: code.to_owned(),
        place: "Chợ Bến Thành, TP. Hồ Chí Minh".to_owned(),
        day: chrono::NaiveDate::from_ymd_opt(2026, 10, 4).expect("day"),
        officer_a: "Nguyễn Thị Lan".to_owned(),
        officer_b: "Trần Văn Minh".to_owned(),
        sheets_issued: 50,
    };
    let tally = BTreeMap::from([(banh_quy, 2)]);
    let ok = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &batch("BT-1"), now())
        .expect("opened");
    vote_paper::enter(&mut conn, &s.first, ok, 10, &tally, now()).expect("1st");
    vote_paper::enter(&mut conn, &s.second, ok, 10, &tally, now()).expect("2nd");
    let bad = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &batch("BT-2"), now())
        .expect("opened");
    let lots = BTreeMap::from([(banh_quy, 40)]);
    vote_paper::enter(&mut conn, &s.first, bad, 45, &lots, now()).expect("1st");
    let differs = BTreeMap::from([(banh_quy, 41)]);
    vote_paper::enter(&mut conn, &s.second, bad, 45, &differs, now()).expect("2nd");

    // The jury scores both.
    let juror = app.member("giamkhao@example.vn", "citizen").user_id;
    hangviet::actions::vote_jury::appoint(
        &mut conn,
        &s.first,
        &s.app.state.site,
        s.campaign,
        juror,
        now(),
    )
    .expect("appointed");
    for (n, score) in [(keo_dua, 8), (banh_quy, 6)] {
        hangviet::actions::vote_jury::score(&mut conn, juror, n, "chat-luong", score, now())
            .expect("scored");
    }

    // An official invalidates the farm's ballot (found by its receipt for the test).
    let farm_id = Ballot::by_receipt_hash(
        &mut conn,
        s.campaign,
        &hangviet::vote::online::receipt_hash(&farm),
    )
    .expect("read")
    .expect("there")
    .id;
    assert_eq!(
        vote_detect::invalidate(
            &mut conn,
            &s.first,
            &app.state.site,
            &Invalidation {
                campaign_id: s.campaign,
                ballots: Which::Ids(&[farm_id]),
                reason: InvalidReason::Addresses,
                note: "số thứ tự liên tiếp",
            }
        ),
        Ok(1)
    );

    let step = |conn: &mut hangviet::db::DbConnection, from, to| {
        campaign::advance(conn, app.mover(&s.first), s.campaign, from, to, "", now())
    };
    for (from, to) in [
        (S::VotingOpen, S::VotingClosed),
        (S::VotingClosed, S::Counting),
        (S::Counting, S::Provisional),
    ] {
        step(&mut conn, from, to).expect("moved");
    }
    drop(conn);

    // Provisional results: published with their files, which recount to the same.
    let page = b.get("/binh-chon/2026").await;
    assert!(page.body.contains("data-results"), "{}", page.body);
    assert!(page.body.contains("Top 1"));
    let dir = tempfile::tempdir().expect("dir");
    for name in files::NAMES {
        let file = b.get(&format!("/binh-chon/2026/tep/{name}")).await;
        assert_eq!(file.status, StatusCode::OK, "{name}");
        std::fs::write(dir.path().join(name), &file.body).expect("written");
    }
    let recount = files::recount(dir.path()).expect("recounted");
    assert!(recount.matches, "{recount:?}");
    let ballots_csv = std::fs::read_to_string(dir.path().join(files::BALLOTS)).expect("read");
    assert!(!ballots_csv.contains("example.vn"), "no identity");
    assert_eq!(
        ballots_csv.lines().count(),
        1 + 6,
        "every ballot, with its status"
    );
    let receipts = std::fs::read_to_string(dir.path().join(files::RECEIPTS)).expect("read");
    assert!(receipts.contains(&hangviet::vote::online::receipt_hash(&kept)));
    let invalid = std::fs::read_to_string(dir.path().join(files::INVALIDATIONS)).expect("read");
    assert!(invalid.contains("addresses,1"), "{invalid}");
    let results = recount.results;
    let food = &results.groups[0];
    // Kẹo dừa: 4 online votes, jury 8/10; Bánh quy bơ: 1 online + 2 on paper, jury 6/10.
    assert_eq!(food.ranking[0].nomination, keo_dua as u32);
    assert_eq!(
        (food.ranking[0].online_votes, food.ranking[1].online_votes),
        (4, 1)
    );
    assert_eq!(
        food.ranking[1].paper_votes, 2,
        "the blocked batch is not counted"
    );
    assert_eq!(results.turnout.ballots_superseded, 1);
    assert_eq!(results.turnout.ballots_invalidated, 1);
    assert_eq!(results.turnout.paper_batches_blocked, 1);

    // Objections: the other firm objects; certification waits until it is answered.
    let mut conn = app.conn();
    step(&mut conn, S::Provisional, S::Objections).expect("moved");
    let firm: i32 = vote_nominations::table
        .find(banh_quy)
        .select(vote_nominations::producer_id)
        .first(&mut *conn)
        .expect("firm");
    assert_eq!(
        vote_objection::file(&mut conn, s.campaign, firm, Some(banh_quy), " ", now()),
        Err(ObjectionError::Text)
    );
    let objection = vote_objection::file(
        &mut conn,
        s.campaign,
        firm,
        Some(banh_quy),
        "Phiếu giấy lô BT-2 bị loại oan.",
        now(),
    )
    .expect("filed");
    campaign::set_decision(&mut conn, &s.first, s.campaign, "1234/QĐ-BTC", now()).expect("set");
    assert!(matches!(
        step(&mut conn, S::Objections, S::Certified),
        Err(VoteError::OpenObjections(1))
    ));
    assert_eq!(awards::table.count().get_result::<i64>(&mut *conn), Ok(0));
    vote_objection::decide(
        &mut conn,
        &s.first,
        objection,
        false,
        "Hai lần nhập khác nhau nên lô bị khóa theo quy chế.",
        now(),
    )
    .expect("decided");
    step(&mut conn, S::Objections, S::Certified).expect("certified");

    // The awards of the year, under the decision, sourced to the vote's page.
    let given: Vec<(Option<String>, Option<String>, Option<String>)> = awards::table
        .filter(awards::programme.eq("hvn-yeu-thich"))
        .filter(awards::year.eq(2026))
        .order(awards::tier.asc())
        .select((awards::tier, awards::certificate_no, awards::source_url))
        .load(&mut *conn)
        .expect("awards");
    assert_eq!(given.len(), 2, "Top 1 and Top 2 of the food group");
    assert_eq!(given[0].0.as_deref(), Some("top1"));
    assert_eq!(given[0].1.as_deref(), Some("1234/QĐ-BTC"));
    assert_eq!(
        given[0].2.as_deref(),
        Some("http://localhost:8080/binh-chon/2026")
    );

    // Nothing links a ballot to a voter any more.
    let left = ballots(app);
    assert!(left.iter().all(|b| b.identity_hash.is_none()
        && b.address_key.is_none()
        && b.subnet.is_none()
        && b.token_hash.is_none()));
    assert!(contacts(app).is_empty());

    // Every move audited, and the home page shows the new winners.
    let audited: i64 = audit_log::table
        .filter(audit_log::action.like("vote:%"))
        .count()
        .get_result(&mut *conn)
        .expect("audit");
    assert_eq!(audited, 8, "from nominations open to certified");
    drop(conn);
    hangviet::actions::Caches {
        pages: &app.state.pages,
        reference: &app.state.reference,
    }
    .awards_changed();
    let home = b.get("/").await;
    assert!(home.body.contains("Kẹo dừa"), "{}", home.body);
}

/// Casts and confirms ballots through the commands, from `ip`, at the app's clock.
fn cast_confirmed(app: &TestApp, email: &str, ip: &str, picks: &[i32]) {
    use hangviet::actions::vote_ballot::{self, BallotRequest};
    let request = BallotRequest {
        picks: picks.to_vec(),
        contact: vote_ballot::Contact::Email(email.to_owned()),
        consent: true,
        client_ip: ip.to_owned(),
        locale: hangviet::i18n::Locale::Vi,
        pow_nonce: None,
    };
    let now = app.state.clock.now();
    let mut conn = app.conn();
    let reach = vote_ballot::Reach {
        site: &app.state.site,
        sms: None,
    };
    vote_ballot::cast(&mut conn, &app.state.vote_keys, reach, &request, now).expect("cast");
    let link = ballot_link(app, email);
    let token = link.rsplit('/').next().expect("token");
    vote_ballot::confirm(&mut conn, &app.state.vote_keys, token, None, now).expect("confirmed");
}

#[actix_web::test]
async fn detection_flags_a_numbered_farm_and_an_official_invalidates_it_telling_the_firm() {
    use hangviet::actions::vote_detect::{self, InvalidateError, Invalidation, Which};
    use hangviet::db::models::membership::{Membership, MembershipStatus};
    use hangviet::db::models::producer::ProducerId;
    use hangviet::db::models::vote_ballot::InvalidReason;
    use hangviet::db::schema::vote_nominations;
    use hangviet::vote::detect::Rule;

    let s = voting();
    let app = &s.app;
    let [keo_dua, banh_quy] = s.eligible;
    let firm: i32 = vote_nominations::table
        .find(banh_quy)
        .select(vote_nominations::producer_id)
        .first(&mut *app.conn())
        .expect("firm");
    let owner = app.member("chu@haiha.vn", "business");
    Membership::add(
        &mut app.conn(),
        owner.user_id,
        ProducerId(firm),
        MembershipStatus::Active,
    )
    .expect("member");

    for (i, name) in ["lan", "minh", "hoa", "tuan", "thu", "binh"]
        .iter()
        .enumerate()
    {
        let picks: &[i32] = if i % 2 == 0 { &[keo_dua] } else { &[banh_quy] };
        cast_confirmed(
            app,
            &format!("{name}@example.vn"),
            &format!("100.{i}.7.9"),
            picks,
        );
    }
    for i in 1..=12 {
        cast_confirmed(
            app,
            &format!("shopthanhdat{i:03}@gmail.com"),
            &format!("203.0.113.{i}"),
            &[banh_quy],
        );
    }
    let now = app.state.clock.now();
    let keys = &app.state.vote_keys;
    let found = vote_detect::run(&mut app.conn(), keys, s.campaign, now).expect("ran");
    assert_eq!((found.ballots, found.flagged), (18, 12));
    assert_eq!(found.by_rule.get(&Rule::Addresses), Some(&12));
    assert_eq!(found.by_rule.get(&Rule::SamePicks), Some(&12));
    let flagged = vote_detect::flagged_counts(&mut app.conn(), s.campaign).expect("read");
    assert_eq!(
        flagged.counts,
        [("addresses".to_owned(), 12), ("same-picks".to_owned(), 12)]
    );
    // PostgreSQL keeps microseconds.
    let micros = |t: chrono::NaiveDateTime| t.and_utc().timestamp_micros();
    assert_eq!(flagged.last_run.map(micros), Some(micros(now)));
    // Detection only flags: every ballot still counts.
    assert!(
        ballots(app)
            .iter()
            .all(|b| b.status == BallotStatus::Counted)
    );
    // Not due again for a day.
    assert_eq!(
        vote_detect::run_if_due(&mut app.conn(), keys, now),
        Ok(None)
    );

    let invalidation = Invalidation {
        campaign_id: s.campaign,
        ballots: Which::Flagged(Rule::Addresses),
        reason: InvalidReason::Addresses,
        note: "shopthanhdat001…012 từ 203.0.113.0/24",
    };
    let site = &app.state.site;
    assert_eq!(
        vote_detect::invalidate(&mut app.conn(), &s.first, site, &invalidation),
        Ok(12)
    );
    let statuses: Vec<BallotStatus> = ballots(app).iter().map(|b| b.status).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == BallotStatus::Invalidated)
            .count(),
        12
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == BallotStatus::Counted)
            .count(),
        6
    );
    let told = app.mails_to("chu@haiha.vn", MailKind::VoteInvalidated);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].body_text.contains("12 phiếu"),
        "{}",
        told[0].body_text
    );
    assert!(told[0].body_text.contains("Bánh quy bơ"));
    // Again: nothing left to invalidate, nothing changes, nobody is mailed twice.
    assert_eq!(
        vote_detect::invalidate(&mut app.conn(), &s.first, site, &invalidation),
        Err(InvalidateError::NothingToInvalidate)
    );
    assert_eq!(
        app.mails_to("chu@haiha.vn", MailKind::VoteInvalidated)
            .len(),
        1
    );

    // A day later the daily run is due again, and sees the invalidated ballots no more.
    app.state.clock.advance(chrono::TimeDelta::hours(25));
    let again = vote_detect::run_if_due(&mut app.conn(), keys, app.state.clock.now())
        .expect("ran")
        .expect("due");
    assert_eq!((again.ballots, again.flagged), (6, 0));
}
