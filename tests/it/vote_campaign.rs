//! The consumer vote's campaigns (issue 17): states that only move forward, one step at a
//! time, each move recorded and audited in its transaction; rules frozen with their checksum
//! when voting opens, by the commands and by the database itself. On SQLite, and on
//! PostgreSQL with TEST_DATABASE_URL.

use diesel::prelude::*;
use hangviet::actions::vote::{self, VoteError};
use hangviet::db::models::audit::Actor;
use hangviet::db::models::vote_campaign::{Campaign, CampaignState};
use hangviet::db::schema::{vote_campaigns, vote_transitions};
use hangviet::vote::count::RulesError;

use crate::common::vote::rules;
use crate::common::{self, TestApp};

fn official() -> Actor {
    Actor {
        user_id: None,
        label: "canbo@example.vn".to_owned(),
    }
}

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

fn transitions(app: &TestApp) -> i64 {
    vote_transitions::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

#[actix_web::test]
async fn a_campaign_moves_forward_step_by_step_and_freezes_its_rules_when_voting_opens() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let id = vote::create(&mut conn, &official(), 2026, &rules(2026), now()).expect("created");
    let mut changed = rules(2026);
    changed.picks_per_group = 2;
    vote::set_rules(&mut conn, &official(), id, &changed, now()).expect("a draft's rules change");

    for (from, to) in [
        (CampaignState::Draft, CampaignState::NominationsOpen),
        (CampaignState::NominationsOpen, CampaignState::Review),
    ] {
        let c = vote::advance(&mut conn, app.mover(&official()), id, from, to, "", now())
            .expect("moved");
        assert_eq!((c.state, c.rules_checksum), (to, None));
    }
    changed.picks_per_group = 4;
    vote::set_rules(&mut conn, &official(), id, &changed, now()).expect("still in review");
    let open = vote::advance(
        &mut conn,
        app.mover(&official()),
        id,
        CampaignState::Review,
        CampaignState::VotingOpen,
        "Quyết định số 12/QĐ-BTC",
        now(),
    )
    .expect("voting opens");
    assert_eq!(
        open.rules_checksum.as_deref(),
        Some(changed.checksum().as_str())
    );
    assert_eq!(open.parsed_rules().expect("rules"), changed);

    // From now on the rules stay as they are: refused by the command…
    let mut late = changed.clone();
    late.vote_weight = 90;
    late.jury_weight = 10;
    assert!(matches!(
        vote::set_rules(&mut conn, &official(), id, &late, now()),
        Err(VoteError::RulesFrozen)
    ));
    // …and by the database, for whoever writes to it directly.
    let forged = diesel::update(vote_campaigns::table.find(id))
        .set(vote_campaigns::rules.eq(late.canonical_json()))
        .execute(&mut *conn);
    assert!(forged.is_err());
    let stored = Campaign::by_id(&mut conn, id)
        .expect("read")
        .expect("there");
    assert_eq!(stored.parsed_rules().expect("rules"), changed);
    assert_eq!(
        stored.rules_checksum.as_deref(),
        Some(changed.checksum().as_str())
    );

    // Every move is recorded with who made it and why, and audited.
    let moves = stored.transitions(&mut conn).expect("moves");
    let states: Vec<_> = moves.iter().map(|t| (t.from_state, t.to_state)).collect();
    assert_eq!(
        states,
        [
            (CampaignState::Draft, CampaignState::NominationsOpen),
            (CampaignState::NominationsOpen, CampaignState::Review),
            (CampaignState::Review, CampaignState::VotingOpen),
        ]
    );
    assert_eq!(moves[2].note, "Quyết định số 12/QĐ-BTC");
    assert_eq!(moves[2].actor, "canbo@example.vn");
    for action in [
        "create_vote",
        "vote:nominations_open",
        "vote:review",
        "vote:voting_open",
    ] {
        assert_eq!(
            common::audit_count(&mut conn, action).expect("count"),
            1,
            "{action}"
        );
    }
    assert_eq!(
        common::audit_count(&mut conn, "set_vote_rules").expect("count"),
        2
    );
}

#[actix_web::test]
async fn a_campaign_never_skips_a_state_nor_goes_back() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let id = vote::create(&mut conn, &official(), 2025, &rules(2025), now()).expect("created");
    // Skipping nominations: refused before anything is read.
    assert!(matches!(
        vote::advance(
            &mut conn,
            app.mover(&official()),
            id,
            CampaignState::Draft,
            CampaignState::Review,
            "",
            now()
        ),
        Err(VoteError::NotNext { .. })
    ));
    // Two officials pressing "open nominations" at once: the second saw a stale state.
    vote::advance(
        &mut conn,
        app.mover(&official()),
        id,
        CampaignState::Draft,
        CampaignState::NominationsOpen,
        "",
        now(),
    )
    .expect("first");
    assert!(matches!(
        vote::advance(
            &mut conn,
            app.mover(&official()),
            id,
            CampaignState::Draft,
            CampaignState::NominationsOpen,
            "",
            now()
        ),
        Err(VoteError::Conflict)
    ));
    assert_eq!(transitions(&app), 1);
    // The database refuses a jump or a step back whoever writes it.
    for state in ["draft", "voting_open", "archived"] {
        let forged = diesel::sql_query(format!(
            "UPDATE vote_campaigns SET state = '{state}' WHERE id = {id}"
        ))
        .execute(&mut *conn);
        assert!(forged.is_err(), "{state}");
    }
    let stored = Campaign::by_id(&mut conn, id)
        .expect("read")
        .expect("there");
    assert_eq!(stored.state, CampaignState::NominationsOpen);

    // All the way to the end, one step at a time; nothing after archived.
    let mut state = stored.state;
    while let Some(next) = state.next() {
        if next == CampaignState::Certified {
            assert!(matches!(
                vote::advance(
                    &mut conn,
                    app.mover(&official()),
                    id,
                    state,
                    next,
                    "",
                    now()
                ),
                Err(VoteError::NoDecision)
            ));
            vote::set_decision(&mut conn, &official(), id, "QĐ 12/2026", now()).expect("set");
        }
        let c = vote::advance(
            &mut conn,
            app.mover(&official()),
            id,
            state,
            next,
            "",
            now(),
        )
        .expect("moved");
        assert_eq!(c.state, next);
        assert_eq!(c.rules_checksum.is_some(), next.rules_frozen());
        state = next;
    }
    assert_eq!(state, CampaignState::Archived);
    assert_eq!(transitions(&app), CampaignState::ALL.len() as i64 - 1);
}

#[actix_web::test]
async fn bad_rules_and_a_second_campaign_for_a_year_store_nothing() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let mut bad = rules(2026);
    bad.jury_weight = 40;
    assert!(matches!(
        vote::create(&mut conn, &official(), 2026, &bad, now()),
        Err(VoteError::Rules(RulesError::Weights(110)))
    ));
    assert!(matches!(
        vote::create(&mut conn, &official(), 2026, &rules(2024), now()),
        Err(VoteError::Rules(RulesError::Year(2024)))
    ));
    let count = |conn: &mut hangviet::db::DbConnection| -> i64 {
        vote_campaigns::table
            .count()
            .get_result(conn)
            .expect("count")
    };
    assert_eq!(count(&mut conn), 0);
    assert_eq!(
        common::audit_count(&mut conn, "create_vote").expect("count"),
        0
    );

    vote::create(&mut conn, &official(), 2026, &rules(2026), now()).expect("created");
    assert!(matches!(
        vote::create(&mut conn, &official(), 2026, &rules(2026), now()),
        Err(VoteError::YearTaken(2026))
    ));
    assert_eq!(count(&mut conn), 1);
    assert_eq!(
        common::audit_count(&mut conn, "create_vote").expect("count"),
        1
    );
}

mod nominations {
    use super::*;
    use crate::common::{ProducerBuilder, ProductBuilder};
    use hangviet::actions::vote::{Decision, NominationError};
    use hangviet::db::models::vote_nomination::{Nomination, NominationStatus};
    use hangviet::db::schema::vote_nominations;

    /// A campaign open for nominations, a firm with five published products and a draft one,
    /// and another firm with one product.
    struct Setup {
        app: TestApp,
        campaign: i32,
        firm: i32,
        products: Vec<i32>,
        draft: i32,
        other: i32,
    }

    fn setup() -> Setup {
        let app = TestApp::new();
        let mut conn = app.conn();
        let campaign =
            vote::create(&mut conn, &official(), 2026, &rules(2026), now()).expect("created");
        vote::advance(
            &mut conn,
            app.mover(&official()),
            campaign,
            CampaignState::Draft,
            CampaignState::NominationsOpen,
            "",
            now(),
        )
        .expect("open");
        let firm = ProducerBuilder::new("Công ty Nước mắm Phú Quốc").insert(&mut conn);
        let products = (1..=5)
            .map(|i| ProductBuilder::new(&format!("Nước mắm loại {i}"), firm).insert(&mut conn))
            .collect();
        let draft = ProductBuilder::new("Nước mắm chưa duyệt", firm)
            .status("draft")
            .insert(&mut conn);
        let other_firm = ProducerBuilder::new("Hợp tác xã Chè Tân Cương").insert(&mut conn);
        let other = ProductBuilder::new("Chè Tân Cương", other_firm).insert(&mut conn);
        drop(conn);
        Setup {
            app,
            campaign,
            firm,
            products,
            draft,
            other,
        }
    }

    fn rows(app: &TestApp) -> i64 {
        vote_nominations::table
            .count()
            .get_result(&mut *app.conn())
            .expect("count")
    }

    #[actix_web::test]
    async fn a_firm_has_three_live_nominations_at_most() {
        let s = setup();
        let mut conn = s.app.conn();
        let nominate = |conn: &mut hangviet::db::DbConnection, product: i32| {
            vote::nominate(
                conn,
                s.campaign,
                s.firm,
                product,
                "thuc-pham",
                "Hồ sơ: đạt OCOP 4 sao.",
                now(),
            )
        };
        let first = nominate(&mut conn, s.products[0]).expect("1st");
        nominate(&mut conn, s.products[1]).expect("2nd");
        nominate(&mut conn, s.products[2]).expect("3rd");
        assert!(matches!(
            nominate(&mut conn, s.products[3]),
            Err(NominationError::TooMany)
        ));
        assert_eq!(rows(&s.app), 3);
        assert_eq!(
            Nomination::live_count(&mut conn, s.campaign, s.firm).expect("count"),
            3
        );

        // Withdrawing frees a place; a rejection frees one too.
        vote::withdraw(&mut conn, s.firm, first, now()).expect("withdrawn");
        let fourth = nominate(&mut conn, s.products[3]).expect("a place again");
        vote::review(
            &mut conn,
            &official(),
            fourth,
            &Decision::Rejected("Không thuộc nhóm".to_owned()),
            now(),
        )
        .expect("rejected");
        nominate(&mut conn, s.products[4]).expect("and again");
        assert_eq!(
            Nomination::live_count(&mut conn, s.campaign, s.firm).expect("count"),
            3
        );
        assert!(matches!(
            nominate(&mut conn, s.products[0]),
            Err(NominationError::TooMany)
        ));
        assert_eq!(rows(&s.app), 5);

        // The database holds the line whoever writes: a fourth live row is refused.
        let forged = diesel::update(vote_nominations::table.find(first))
            .set(vote_nominations::status.eq(NominationStatus::Submitted))
            .execute(&mut *conn);
        assert!(forged.is_err());
        assert_eq!(
            Nomination::by_id(&mut conn, first)
                .expect("read")
                .expect("there")
                .status,
            NominationStatus::Withdrawn
        );
    }

    #[actix_web::test]
    async fn two_racing_nominations_for_the_last_place_store_one() {
        let s = setup();
        {
            let mut conn = s.app.conn();
            for p in &s.products[..2] {
                vote::nominate(
                    &mut conn,
                    s.campaign,
                    s.firm,
                    *p,
                    "thuc-pham",
                    "Hồ sơ",
                    now(),
                )
                .expect("nominated");
            }
        }
        let barrier = std::sync::Barrier::new(2);
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = s.products[2..4]
                .iter()
                .map(|product| {
                    let (app, barrier) = (&s.app, &barrier);
                    scope.spawn(move || {
                        let mut conn = app.conn();
                        barrier.wait();
                        vote::nominate(
                            &mut conn,
                            s.campaign,
                            s.firm,
                            *product,
                            "thuc-pham",
                            "Hồ sơ",
                            now(),
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "{results:?}");
        assert!(
            results
                .iter()
                .any(|r| matches!(r, Err(NominationError::TooMany)))
        );
        let mut conn = s.app.conn();
        assert_eq!(
            Nomination::live_count(&mut conn, s.campaign, s.firm).expect("count"),
            3
        );
        assert_eq!(rows(&s.app), 3);
    }

    #[actix_web::test]
    async fn only_a_firms_own_published_products_in_the_campaigns_groups() {
        let s = setup();
        let mut conn = s.app.conn();
        let cases = [
            (s.other, "thuc-pham", "Hồ sơ", "another firm's product"),
            (s.draft, "thuc-pham", "Hồ sơ", "an unpublished product"),
            (s.products[0], "my-pham", "Hồ sơ", "a group the rules lack"),
            (s.products[0], "thuc-pham", "   ", "an empty dossier"),
        ];
        for (product, group, dossier, what) in cases {
            assert!(
                vote::nominate(
                    &mut conn,
                    s.campaign,
                    s.firm,
                    product,
                    group,
                    dossier,
                    now()
                )
                .is_err(),
                "{what}"
            );
        }
        let long = "ạ".repeat(2_001);
        assert!(matches!(
            vote::nominate(
                &mut conn,
                s.campaign,
                s.firm,
                s.products[0],
                "thuc-pham",
                &long,
                now()
            ),
            Err(NominationError::Dossier)
        ));
        let id = vote::nominate(
            &mut conn,
            s.campaign,
            s.firm,
            s.products[0],
            "thuc-pham",
            "Hồ sơ",
            now(),
        )
        .expect("nominated");
        assert!(matches!(
            vote::nominate(
                &mut conn,
                s.campaign,
                s.firm,
                s.products[0],
                "thuc-pham",
                "Lần hai",
                now()
            ),
            Err(NominationError::AlreadyNominated)
        ));
        assert_eq!(rows(&s.app), 1);
        // Another firm cannot withdraw it.
        assert!(matches!(
            vote::withdraw(&mut conn, s.firm + 1, id, now()),
            Err(NominationError::NotFound)
        ));
        assert_eq!(
            common::audit_count(&mut conn, "review_nomination").expect("count"),
            0
        );
    }

    #[actix_web::test]
    async fn officials_review_and_nothing_changes_once_voting_opens() {
        let s = setup();
        let mut conn = s.app.conn();
        let id = vote::nominate(
            &mut conn,
            s.campaign,
            s.firm,
            s.products[0],
            "thuc-pham",
            "Hồ sơ",
            now(),
        )
        .expect("nominated");
        assert!(matches!(
            vote::review(
                &mut conn,
                &official(),
                id,
                &Decision::NeedsInfo(" ".to_owned()),
                now()
            ),
            Err(NominationError::ReasonNeeded)
        ));
        vote::review(
            &mut conn,
            &official(),
            id,
            &Decision::NeedsInfo("Thiếu giấy chứng nhận OCOP".to_owned()),
            now(),
        )
        .expect("asked");
        let asked = Nomination::by_id(&mut conn, id)
            .expect("read")
            .expect("there");
        assert_eq!(
            (asked.status, asked.reason.as_str()),
            (NominationStatus::NeedsInfo, "Thiếu giấy chứng nhận OCOP")
        );
        vote::resubmit(&mut conn, s.firm, id, "Hồ sơ kèm giấy chứng nhận", now())
            .expect("resubmitted");
        vote::review(&mut conn, &official(), id, &Decision::Eligible, now()).expect("eligible");
        assert_eq!(
            common::audit_count(&mut conn, "review_nomination").expect("count"),
            2
        );

        for (from, to) in [
            (CampaignState::NominationsOpen, CampaignState::Review),
            (CampaignState::Review, CampaignState::VotingOpen),
        ] {
            vote::advance(
                &mut conn,
                s.app.mover(&official()),
                s.campaign,
                from,
                to,
                "",
                now(),
            )
            .expect("moved");
        }
        assert!(matches!(
            vote::withdraw(&mut conn, s.firm, id, now()),
            Err(NominationError::Closed)
        ));
        assert!(matches!(
            vote::review(
                &mut conn,
                &official(),
                id,
                &Decision::Rejected("Muộn".to_owned()),
                now()
            ),
            Err(NominationError::Closed)
        ));
        assert!(matches!(
            vote::nominate(
                &mut conn,
                s.campaign,
                s.firm,
                s.products[1],
                "thuc-pham",
                "Hồ sơ",
                now()
            ),
            Err(NominationError::NotOpen)
        ));
        let kept = Nomination::by_id(&mut conn, id)
            .expect("read")
            .expect("there");
        assert_eq!(kept.status, NominationStatus::Eligible);
        assert_eq!(kept.dossier, "Hồ sơ kèm giấy chứng nhận");
        assert_eq!(rows(&s.app), 1);
    }
}
