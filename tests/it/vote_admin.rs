//! The consumer vote in the officials' area: opening a year's vote from the rules form (bad
//! input shown again, nothing stored), moving it forward from its console (a stale move
//! refused), reviewing nominations, and the role check.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::db::models::vote_campaign::{Campaign, CampaignState};
use hangviet::db::models::vote_nomination::NominationStatus;
use hangviet::db::schema::{vote_campaigns, vote_nominations};

use crate::common::TestApp;

fn campaigns(app: &TestApp) -> i64 {
    vote_campaigns::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

const GROUPS: &str = "thuc-pham | Thực phẩm | Food\ndo-uong | Đồ uống | Drinks";

#[actix_web::test]
async fn officials_open_a_vote_from_the_rules_form_and_move_it_forward() {
    let app = TestApp::new();
    let official = app.member("canbo@example.vn", "official");
    let mut b = app.browser_of(&official);
    let page = b.get("/quan-tri/binh-chon").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Tạo đợt bình chọn mới"));
    assert!(
        page.body.contains("chat-luong | Chất lượng | Quality | 10"),
        "a template"
    );

    let bad = b
        .submit(
            "/quan-tri/binh-chon",
            "/quan-tri/binh-chon",
            &[
                ("year", "năm nay"),
                ("groups", "thuc pham"),
                ("picks_per_group", "0"),
                ("vote_weight", "120"),
                ("tiers", "1"),
                ("tie_breaks", "luck"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Hãy nhập năm",
        "mã | tên tiếng Việt | tên tiếng Anh",
        "từ 1 đến 20",
        "từ 0 đến 100",
        "số sản phẩm (từ 1)",
        "jury, votes, online_votes",
    ] {
        assert!(bad.body.contains(message), "{message}");
    }
    assert!(bad.body.contains("thuc pham"), "what was typed is kept");
    assert_eq!(campaigns(&app), 0);

    let good = [
        ("year", "2027"),
        ("groups", GROUPS),
        ("picks_per_group", "3"),
        ("vote_weight", "70"),
        ("criteria", "chat-luong | Chất lượng | Quality | 10"),
        ("tiers", "1 | 0\n2 | 50"),
        ("tie_breaks", "jury, votes"),
    ];
    let made = b
        .submit("/quan-tri/binh-chon", "/quan-tri/binh-chon", &good)
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(made.header("location"), "/quan-tri/binh-chon/2027");
    let stored = Campaign::by_year(&mut app.conn(), 2027)
        .expect("read")
        .expect("stored");
    let rules = stored.parsed_rules().expect("rules");
    assert_eq!((rules.vote_weight, rules.jury_weight), (70, 30));
    assert_eq!(rules.tiers[1].min_score, 500_000);
    let again = b
        .submit("/quan-tri/binh-chon", "/quan-tri/binh-chon", &good)
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Năm này đã có đợt bình chọn"));
    assert_eq!(campaigns(&app), 1);

    let console = "/quan-tri/binh-chon/2027";
    let moved = b
        .submit(
            console,
            "/quan-tri/binh-chon/2027/chuyen",
            &[("from", "draft"), ("to", "nominations_open"), ("note", "")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let state = |app: &TestApp| {
        Campaign::by_year(&mut app.conn(), 2027)
            .expect("read")
            .expect("there")
            .state
    };
    assert_eq!(state(&app), CampaignState::NominationsOpen);
    // The same button pressed again (a second tab): refused, nothing moves.
    let stale = b
        .submit(
            console,
            "/quan-tri/binh-chon/2027/chuyen",
            &[("from", "draft"), ("to", "nominations_open"), ("note", "")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert!(b.get(console).await.body.contains("đã thay đổi"));
    assert_eq!(state(&app), CampaignState::NominationsOpen);

    // A business account cannot reach any of it.
    let firm = app.member("doanhnghiep@example.vn", "business");
    let mut other = app.browser_of(&firm);
    assert_eq!(other.get(console).await.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn officials_review_nominations_from_the_console() {
    let s = crate::common::vote::voting_in_review();
    let official = s.app.member("xetduyet@example.vn", "official");
    let mut b = s.app.browser_of(&official);
    let console = "/quan-tri/binh-chon/2026";
    let page = b.get(console).await;
    assert!(page.body.contains("Kẹo dừa"));
    let action = format!("/quan-tri/binh-chon/2026/de-cu/{}", s.eligible[0]);
    // Rejecting needs a reason: refused, nothing changes.
    b.submit(
        console,
        &action,
        &[("decision", "rejected"), ("reason", "")],
    )
    .await;
    let status = |app: &TestApp, id: i32| {
        vote_nominations::table
            .find(id)
            .select(vote_nominations::status)
            .first::<NominationStatus>(&mut *app.conn())
            .expect("status")
    };
    assert_eq!(status(&s.app, s.eligible[0]), NominationStatus::Submitted);
    b.submit(
        console,
        &action,
        &[
            ("decision", "needs_info"),
            ("reason", "Thiếu giấy chứng nhận"),
        ],
    )
    .await;
    assert_eq!(status(&s.app, s.eligible[0]), NominationStatus::NeedsInfo);
    let page = b.get(console).await;
    assert!(page.body.contains("Thiếu giấy chứng nhận"));
}

#[actix_web::test]
async fn a_firm_nominates_from_its_area_three_at_most_and_withdraws() {
    use hangviet::actions::vote;
    use hangviet::db::models::membership::{Membership, MembershipStatus};
    use hangviet::db::models::producer::ProducerId;

    use crate::common::vote::{now, official, rules};
    use crate::common::{ProducerBuilder, ProductBuilder};

    let app = TestApp::new();
    let first = official(&app, "canbo@example.vn");
    let id = {
        let mut conn = app.conn();
        let id = vote::create(&mut conn, &first, 2026, &rules(2026), now()).expect("created");
        vote::advance(
            &mut conn,
            app.mover(&first),
            id,
            CampaignState::Draft,
            CampaignState::NominationsOpen,
            "",
            now(),
        )
        .expect("open");
        id
    };
    let (firm, other) = {
        let mut conn = app.conn();
        (
            ProducerBuilder::new("Công ty Bánh kẹo Hải Hà").insert(&mut conn),
            ProducerBuilder::new("Công ty Sữa Mộc Châu").insert(&mut conn),
        )
    };
    let products: Vec<i32> = ["Kẹo dừa", "Bánh quy bơ", "Kẹo gừng", "Kẹo mè"]
        .iter()
        .map(|n| ProductBuilder::new(n, firm).insert(&mut app.conn()))
        .collect();
    let theirs = ProductBuilder::new("Sữa tươi", other).insert(&mut app.conn());
    let owner = app.member("chu@haiha.vn", "business");
    Membership::add(
        &mut app.conn(),
        owner.user_id,
        ProducerId(firm),
        MembershipStatus::Active,
    )
    .expect("member");
    let mut b = app.browser_of(&owner);
    let page = "/doanh-nghiep/binh-chon";
    let nominations = |app: &TestApp| -> i64 {
        vote_nominations::table
            .filter(vote_nominations::campaign_id.eq(id))
            .count()
            .get_result(&mut *app.conn())
            .expect("count")
    };
    let form = b.get(page).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Kẹo dừa") && !form.body.contains("Sữa tươi"));

    let send = |product: i32, dossier: &'static str| {
        (
            product.to_string(),
            vec![("group", "thuc-pham"), ("dossier", dossier)],
        )
    };
    // Another firm's product: refused, the form again with the message, nothing stored.
    let (p, rest) = send(theirs, "Hồ sơ");
    let mut fields = vec![("product", p.as_str())];
    fields.extend(rest);
    let refused = b
        .submit(page, "/doanh-nghiep/binh-chon/de-cu", &fields)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("sản phẩm đã đăng công khai của doanh nghiệp")
    );
    assert_eq!(nominations(&app), 0);
    // An empty dossier: refused, the group kept.
    let p = products[0].to_string();
    let empty = b
        .submit(
            page,
            "/doanh-nghiep/binh-chon/de-cu",
            &[("product", &p), ("group", "thuc-pham"), ("dossier", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("value=\"thuc-pham\" selected"));
    assert_eq!(nominations(&app), 0);

    for product in &products[..3] {
        let p = product.to_string();
        let done = b
            .submit(
                page,
                "/doanh-nghiep/binh-chon/de-cu",
                &[
                    ("product", &p),
                    ("group", "thuc-pham"),
                    ("dossier", "Bán chạy ở 63 tỉnh"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    let p = products[3].to_string();
    let fourth = b
        .submit(
            page,
            "/doanh-nghiep/binh-chon/de-cu",
            &[
                ("product", &p),
                ("group", "thuc-pham"),
                ("dossier", "Hồ sơ"),
            ],
        )
        .await;
    assert_eq!(fourth.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fourth.body.contains("đã có 3 đề cử"));
    assert_eq!(nominations(&app), 3);

    // Withdrawing one frees its place.
    let first_nomination: i32 = vote_nominations::table
        .filter(vote_nominations::campaign_id.eq(id))
        .order(vote_nominations::id.asc())
        .select(vote_nominations::id)
        .first(&mut *app.conn())
        .expect("first");
    let out = b
        .submit(
            page,
            &format!("/doanh-nghiep/binh-chon/de-cu/{first_nomination}/rut"),
            &[],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let again = b
        .submit(
            page,
            "/doanh-nghiep/binh-chon/de-cu",
            &[
                ("product", &p),
                ("group", "thuc-pham"),
                ("dossier", "Hồ sơ"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    // Another firm's member cannot withdraw this firm's nomination: a 404.
    let stranger = app.member("khac@moccha.vn", "business");
    Membership::add(
        &mut app.conn(),
        stranger.user_id,
        ProducerId(other),
        MembershipStatus::Active,
    )
    .expect("member");
    let mut s = app.browser_of(&stranger);
    let forged = s
        .submit(
            page,
            &format!("/doanh-nghiep/binh-chon/de-cu/{}/rut", first_nomination + 1),
            &[],
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
}
