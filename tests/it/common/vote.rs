//! The consumer vote's tests' shared rules and set-up.

use hangviet::actions::vote::{self, Decision};
use hangviet::db::models::audit::Actor;
use hangviet::db::models::vote_campaign::CampaignState;
use hangviet::vote::count::{Criterion, Group, Rules, TieBreak, TierBand};

use super::{ProducerBuilder, ProductBuilder, TestApp};

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Valid rules for `year`: two groups (food, drinks), 3 picks each, 70% votes and 30% jury
/// on one criterion out of 10, Top 1 and Top 2 of one place each, ties to votes then jury.
pub fn rules(year: i32) -> Rules {
    let group = |slug: &str, vi: &str, en: &str| Group {
        slug: slug.to_owned(),
        name_vi: vi.to_owned(),
        name_en: en.to_owned(),
    };
    Rules {
        year,
        groups: vec![
            group("thuc-pham", "Thực phẩm", "Food"),
            group("do-uong", "Đồ uống", "Drinks"),
        ],
        picks_per_group: 3,
        vote_weight: 70,
        jury_weight: 30,
        criteria: vec![Criterion {
            key: "chat-luong".to_owned(),
            name_vi: "Chất lượng".to_owned(),
            name_en: "Quality".to_owned(),
            max: 10,
        }],
        tiers: (1..=2)
            .map(|tier| TierBand {
                tier,
                places: 1,
                min_score: 0,
            })
            .collect(),
        tie_breaks: vec![TieBreak::Votes, TieBreak::Jury],
    }
}

/// A campaign with voting open, two eligible nominations and one rejected; two officials.
pub struct Setup {
    pub app: TestApp,
    pub campaign: i32,
    pub eligible: [i32; 2],
    pub rejected: i32,
    pub first: Actor,
    pub second: Actor,
}

pub fn official(app: &TestApp, email: &str) -> Actor {
    Actor {
        user_id: Some(app.member(email, "official").user_id),
        label: email.to_owned(),
    }
}

pub fn voting() -> Setup {
    let app = TestApp::new();
    let first = official(&app, "nhaplieu1@example.vn");
    let second = official(&app, "nhaplieu2@example.vn");
    let mut conn = app.conn();
    let campaign = vote::create(&mut conn, &first, 2026, &rules(2026), now()).expect("created");
    let step = |conn: &mut hangviet::db::DbConnection, from, to| {
        vote::advance(conn, &first, campaign, from, to, "", now()).expect("moved");
    };
    step(
        &mut conn,
        CampaignState::Draft,
        CampaignState::NominationsOpen,
    );
    let firm = ProducerBuilder::new("Công ty Bánh kẹo Hải Hà").insert(&mut conn);
    let mut ids = Vec::new();
    for name in ["Kẹo dừa", "Bánh quy bơ", "Kẹo gừng"] {
        let product = ProductBuilder::new(name, firm).insert(&mut conn);
        ids.push(
            vote::nominate(
                &mut conn,
                campaign,
                firm,
                product,
                "thuc-pham",
                "Hồ sơ",
                now(),
            )
            .expect("nominated"),
        );
    }
    vote::review(&mut conn, &first, ids[0], &Decision::Eligible, now()).expect("eligible");
    vote::review(&mut conn, &first, ids[1], &Decision::Eligible, now()).expect("eligible");
    vote::review(
        &mut conn,
        &first,
        ids[2],
        &Decision::Rejected("Không đủ điều kiện".to_owned()),
        now(),
    )
    .expect("rejected");
    step(
        &mut conn,
        CampaignState::NominationsOpen,
        CampaignState::Review,
    );
    step(&mut conn, CampaignState::Review, CampaignState::VotingOpen);
    drop(conn);
    Setup {
        app,
        campaign,
        eligible: [ids[0], ids[1]],
        rejected: ids[2],
        first,
        second,
    }
}
