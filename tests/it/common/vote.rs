//! The consumer vote's tests' shared rules and set-up.

use hangviet::actions::vote::{self, Decision};
use hangviet::db::models::audit::Actor;
use hangviet::db::models::vote_campaign::CampaignState;
use hangviet::vote::count::{Criterion, Group, Rules, TieBreak, TierBand};

use actix_web::http::StatusCode;
use hangviet::db::models::mail_outbox::MailKind;

use super::browser::csrf_of;
use super::{Browser, Page, ProducerBuilder, ProductBuilder, TestApp, link_in};

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
    voting_on(TestApp::new())
}

/// [`voting`] on `app` (one with an SMTP server, say).
pub fn voting_on(app: TestApp) -> Setup {
    let opened = open_vote(&app);
    Setup {
        app,
        campaign: opened.campaign,
        eligible: opened.eligible,
        rejected: opened.rejected,
        first: opened.first,
        second: opened.second,
    }
}

/// What [`open_vote`] made.
pub struct Opened {
    pub campaign: i32,
    pub eligible: [i32; 2],
    pub rejected: i32,
    pub first: Actor,
    pub second: Actor,
}

/// Opens the 2026 vote on `app`: two eligible nominations and a rejected one.
pub fn open_vote(app: &TestApp) -> Opened {
    nominated(app, true)
}

/// The 2026 vote in review, its three nominations submitted and not yet reviewed (the
/// `eligible` ones are only named so).
pub fn voting_in_review() -> Setup {
    let app = TestApp::new();
    let opened = nominated(&app, false);
    Setup {
        app,
        campaign: opened.campaign,
        eligible: opened.eligible,
        rejected: opened.rejected,
        first: opened.first,
        second: opened.second,
    }
}

/// The 2026 vote with three nominations; `open`: reviewed (two eligible, one rejected) and
/// voting open, else still in review with all three submitted.
fn nominated(app: &TestApp, open: bool) -> Opened {
    let first = official(app, "nhaplieu1@example.vn");
    let second = official(app, "nhaplieu2@example.vn");
    let mut conn = app.conn();
    let campaign = vote::create(&mut conn, &first, 2026, &rules(2026), now()).expect("created");
    let step = |conn: &mut hangviet::db::DbConnection, from, to| {
        vote::advance(conn, app.mover(&first), campaign, from, to, "", now()).expect("moved");
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
    if open {
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
    }
    step(
        &mut conn,
        CampaignState::NominationsOpen,
        CampaignState::Review,
    );
    if open {
        step(&mut conn, CampaignState::Review, CampaignState::VotingOpen);
    }
    drop(conn);
    Opened {
        campaign,
        eligible: [ids[0], ids[1]],
        rejected: ids[2],
        first,
        second,
    }
}

/// The answer to the proof-of-work challenge of the form on `html`, as the page's script
/// would send it.
pub fn pow_answer(html: &str) -> String {
    let start = html
        .find("data-challenge=\"")
        .unwrap_or_else(|| panic!("no challenge on the page: {html}"))
        + "data-challenge=\"".len();
    let end = start + html[start..].find('"').expect("attribute ends");
    let json = html[start..end]
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let challenge: altcha::Challenge = serde_json::from_str(&json).expect("challenge JSON");
    let solution = altcha::solve_challenge(altcha::SolveChallengeOptions::new(&challenge))
        .expect("solves")
        .expect("in time");
    serde_json::to_string(&altcha::Payload {
        challenge,
        solution,
    })
    .expect("payload")
}

/// The headers of a form posted from the site's own page.
pub const SAME_ORIGIN: [(&str, &str); 2] = [
    ("Origin", "http://localhost:8080"),
    ("Sec-Fetch-Site", "same-origin"),
];

impl Browser<'_> {
    /// Fills in the ballot on `/binh-chon` (its token and challenge) and posts it with `extra`
    /// fields: every `("pick", id)`, the email, the consent.
    pub async fn cast(&mut self, fields: &[(&str, &str)]) -> Page {
        let form = self.get("/binh-chon").await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let token = csrf_of(&form.body).expect("token");
        let pow = pow_answer(&form.body);
        let mut all = vec![("csrf_token", token.as_str()), ("pow", pow.as_str())];
        all.extend_from_slice(fields);
        self.post_raw("/binh-chon", &all, &SAME_ORIGIN).await
    }

    /// Opens the confirmation link `path` and presses its button.
    pub async fn confirm_ballot(&mut self, path: &str) -> Page {
        let page = self.get(path).await;
        if page.status != StatusCode::OK {
            return page;
        }
        let token = csrf_of(&page.body).expect("token");
        let pow = pow_answer(&page.body);
        self.post_raw(
            path,
            &[("csrf_token", token.as_str()), ("pow", pow.as_str())],
            &SAME_ORIGIN,
        )
        .await
    }
}

/// The path of the last ballot confirmation link mailed to `email`.
pub fn ballot_link(app: &TestApp, email: &str) -> String {
    let mail = app
        .mails_to(email, MailKind::VoteConfirm)
        .pop()
        .unwrap_or_else(|| panic!("no ballot confirmation mail to {email}"));
    link_in(&mail.body_text, "/binh-chon/xac-nhan/")
}

/// The receipt code on a receipt page.
pub fn receipt_on(html: &str) -> String {
    let start = html.find("data-receipt>").expect("a receipt code") + "data-receipt>".len();
    html[start..start + 14].to_owned()
}
