//! Paper ballots of the consumer vote (issue 17): a batch is entered twice, by two different
//! officials' accounts; the same tally accepts it, any difference blocks it; bad tallies and
//! entries out of season store nothing. On SQLite, and on PostgreSQL with TEST_DATABASE_URL.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use hangviet::actions::vote;
use hangviet::actions::vote_paper::{self, BatchFields, PaperError};
use hangviet::db::models::audit::Actor;
use hangviet::db::models::vote_campaign::CampaignState;
use hangviet::db::models::vote_paper::{BatchStatus, PaperBatch};
use hangviet::db::schema::vote_paper_entries;

use crate::common::vote::{now, official, voting};
use crate::common::{self, TestApp};

fn fields(code: &str) -> BatchFields {
    BatchFields {
        code: code.to_owned(),
        place: "Siêu thị Big C Thăng Long, Hà Nội".to_owned(),
        day: NaiveDate::from_ymd_opt(2026, 10, 4).expect("a day"),
        officer_a: "Nguyễn Thị Lan".to_owned(),
        officer_b: "Trần Văn Minh".to_owned(),
        sheets_issued: 100,
    }
}

fn entries(app: &TestApp) -> i64 {
    vote_paper_entries::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

#[actix_web::test]
async fn two_equal_entries_accept_a_batch_and_any_difference_blocks_it() {
    let s = voting();
    let mut conn = s.app.conn();
    let tally = BTreeMap::from([(s.eligible[0], 61), (s.eligible[1], 18)]);

    let good = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-01"), now())
        .expect("opened");
    let status = vote_paper::enter(&mut conn, &s.first, good, 80, &tally, now()).expect("1st");
    assert_eq!(status, BatchStatus::Pending);
    // The same account cannot give the second entry.
    assert_eq!(
        vote_paper::enter(&mut conn, &s.first, good, 80, &tally, now()),
        Err(PaperError::SameOfficial)
    );
    assert_eq!(entries(&s.app), 1);
    // A mark of 0 written out is the same tally as one left out (a form lists every
    // nomination).
    let mut same = tally.clone();
    same.insert(s.rejected, 0);
    let status = vote_paper::enter(&mut conn, &s.second, good, 80, &same, now()).expect("2nd");
    assert_eq!(status, BatchStatus::Accepted);
    // A third entry is refused.
    let third = official(&s.app, "nhaplieu3@example.vn");
    assert_eq!(
        vote_paper::enter(&mut conn, &third, good, 80, &tally, now()),
        Err(PaperError::Complete)
    );

    // One mark of difference blocks the batch.
    let bad = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-02"), now())
        .expect("opened");
    vote_paper::enter(&mut conn, &s.first, bad, 80, &tally, now()).expect("1st");
    let mut misread = tally.clone();
    misread.insert(s.eligible[1], 19);
    let status = vote_paper::enter(&mut conn, &s.second, bad, 80, &misread, now()).expect("2nd");
    assert_eq!(status, BatchStatus::Blocked);
    // So does a different count of sheets.
    let sheets = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-03"), now())
        .expect("opened");
    vote_paper::enter(&mut conn, &s.first, sheets, 80, &tally, now()).expect("1st");
    let status = vote_paper::enter(&mut conn, &s.second, sheets, 81, &tally, now()).expect("2nd");
    assert_eq!(status, BatchStatus::Blocked);

    let statuses: Vec<(String, BatchStatus)> = PaperBatch::of_campaign(&mut conn, s.campaign)
        .expect("batches")
        .into_iter()
        .map(|b| (b.code, b.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("HN-01".to_owned(), BatchStatus::Accepted),
            ("HN-02".to_owned(), BatchStatus::Blocked),
            ("HN-03".to_owned(), BatchStatus::Blocked),
        ]
    );
    let batch = PaperBatch::by_id(&mut conn, good)
        .expect("read")
        .expect("there");
    let stored = batch.entries(&mut conn).expect("entries");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].parsed_marks().expect("json"), tally);
    assert_eq!(
        common::audit_count(&mut conn, "open_paper_batch").expect("count"),
        3
    );
    assert_eq!(
        common::audit_count(&mut conn, "enter_paper_batch").expect("count"),
        6
    );
}

#[actix_web::test]
async fn bad_batches_and_tallies_store_nothing() {
    let s = voting();
    let mut conn = s.app.conn();
    let mut same_officers = fields("HN-09");
    same_officers.officer_b = same_officers.officer_a.clone();
    let mut no_sheets = fields("HN-09");
    no_sheets.sheets_issued = 0;
    let mut no_place = fields("HN-09");
    no_place.place = "  ".to_owned();
    for (f, expected) in [
        (same_officers, PaperError::Incomplete),
        (no_sheets, PaperError::NoSheets),
        (no_place, PaperError::Incomplete),
    ] {
        assert_eq!(
            vote_paper::open_batch(&mut conn, &s.first, s.campaign, &f, now()),
            Err(expected)
        );
    }
    let id = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-09"), now())
        .expect("opened");
    assert_eq!(
        vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-09"), now()),
        Err(PaperError::CodeTaken("HN-09".to_owned()))
    );
    assert_eq!(
        PaperBatch::of_campaign(&mut conn, s.campaign)
            .expect("batches")
            .len(),
        1
    );

    let cases = [
        (101, BTreeMap::new(), PaperError::TooManySheets),
        (
            50,
            BTreeMap::from([(s.eligible[0], 51)]),
            PaperError::TooManyMarks(s.eligible[0]),
        ),
        (
            50,
            BTreeMap::from([(s.eligible[0], -1)]),
            PaperError::TooManyMarks(s.eligible[0]),
        ),
        (
            50,
            BTreeMap::from([(s.rejected, 3)]),
            PaperError::NotEligible(s.rejected),
        ),
        (
            50,
            BTreeMap::from([(999_999, 3)]),
            PaperError::NotEligible(999_999),
        ),
    ];
    for (sheets, marks, expected) in cases {
        assert_eq!(
            vote_paper::enter(&mut conn, &s.first, id, sheets, &marks, now()),
            Err(expected)
        );
    }
    let nobody = Actor::cli();
    assert_eq!(
        vote_paper::enter(&mut conn, &nobody, id, 50, &BTreeMap::new(), now()),
        Err(PaperError::NoAccount)
    );
    assert_eq!(entries(&s.app), 0);
    assert_eq!(
        common::audit_count(&mut conn, "enter_paper_batch").expect("count"),
        0
    );

    // Once counting starts, no more paper.
    for (from, to) in [
        (CampaignState::VotingOpen, CampaignState::VotingClosed),
        (CampaignState::VotingClosed, CampaignState::Counting),
    ] {
        vote::advance(
            &mut conn,
            s.app.mover(&s.first),
            s.campaign,
            from,
            to,
            "",
            now(),
        )
        .expect("moved");
    }
    assert_eq!(
        vote_paper::enter(&mut conn, &s.first, id, 50, &BTreeMap::new(), now()),
        Err(PaperError::NotVoting)
    );
    assert_eq!(
        vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HN-10"), now()),
        Err(PaperError::NotVoting)
    );
    assert_eq!(entries(&s.app), 0);
}

/// From the database to the published files: after counting starts, `publish` writes the
/// rules, the eligible nominations and the batches; the accepted batch's marks count, the
/// blocked and the unfinished ones do not; the recount gives the published results.
#[actix_web::test]
async fn the_published_files_of_a_campaign_recount_to_its_results() {
    use hangviet::actions::vote_publish;
    use hangviet::vote::files;

    let s = voting();
    let mut conn = s.app.conn();
    let tally = BTreeMap::from([(s.eligible[0], 12), (s.eligible[1], 30)]);
    let accepted =
        vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HCM-01"), now())
            .expect("opened");
    vote_paper::enter(&mut conn, &s.first, accepted, 40, &tally, now()).expect("1st");
    vote_paper::enter(&mut conn, &s.second, accepted, 40, &tally, now()).expect("2nd");
    let blocked = vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HCM-02"), now())
        .expect("opened");
    let lopsided = BTreeMap::from([(s.eligible[0], 90)]);
    vote_paper::enter(&mut conn, &s.first, blocked, 95, &lopsided, now()).expect("1st");
    vote_paper::enter(&mut conn, &s.second, blocked, 94, &lopsided, now()).expect("2nd");
    let unfinished =
        vote_paper::open_batch(&mut conn, &s.first, s.campaign, &fields("HCM-03"), now())
            .expect("opened");
    vote_paper::enter(&mut conn, &s.first, unfinished, 95, &lopsided, now()).expect("1st");

    // A juror's score, published under the juror's number.
    let juror = s.app.member("giamkhao@example.vn", "citizen").user_id;
    hangviet::actions::vote_jury::appoint(
        &mut conn,
        &s.first,
        &s.app.state.site,
        s.campaign,
        juror,
        now(),
    )
    .expect("appointed");
    hangviet::actions::vote_jury::score(&mut conn, juror, s.eligible[0], "chat-luong", 10, now())
        .expect("scored");

    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(
        vote_publish::publish(&mut conn, &s.app.state.vote_keys, 2026, dir.path())
            .expect_err("not while voting")
            .downcast_ref::<vote_publish::PublishError>(),
        Some(vote_publish::PublishError::NotCounted(2026))
    ));
    assert!(!dir.path().join(files::MANIFEST).exists());
    for (from, to) in [
        (CampaignState::VotingOpen, CampaignState::VotingClosed),
        (CampaignState::VotingClosed, CampaignState::Counting),
    ] {
        vote::advance(
            &mut conn,
            s.app.mover(&s.first),
            s.campaign,
            from,
            to,
            "",
            now(),
        )
        .expect("moved");
    }
    let results = vote_publish::publish(&mut conn, &s.app.state.vote_keys, 2026, dir.path())
        .expect("published");
    let recount = files::recount(dir.path()).expect("recounted");
    assert!(recount.matches);
    assert_eq!(recount.results, results);

    let food = &results.groups[0];
    assert_eq!(food.group, "thuc-pham");
    let order: Vec<(u32, u64)> = food
        .ranking
        .iter()
        .map(|p| (p.nomination, p.paper_votes))
        .collect();
    // Only the accepted batch counts: 30 marks for the second, 12 for the first. The
    // rejected nomination is not on the list.
    assert_eq!(
        order,
        [(s.eligible[1] as u32, 30), (s.eligible[0] as u32, 12)]
    );
    assert_eq!(food.ranking[0].tier, Some(1));
    // 0.7 × 30/30 for the second; 0.7 × 12/30 + 0.3 × 10/10 for the first.
    assert_eq!(food.ranking[0].score, 700_000);
    assert_eq!(food.ranking[1].jury, 1_000_000);
    assert_eq!(food.ranking[1].score, 580_000);
    let jury = std::fs::read_to_string(dir.path().join(files::JURY_SCORES)).expect("read");
    assert_eq!(
        jury,
        format!(
            "juror,nomination,criterion,score\nGK-1,{},chat-luong,10\n",
            s.eligible[0]
        )
    );
    assert!(!jury.contains("giamkhao"));
    assert_eq!(results.turnout.paper_batches_accepted, 1);
    assert_eq!(results.turnout.paper_batches_blocked, 2);
    assert_eq!(results.turnout.vote_marks, 42);
    let batches = std::fs::read_to_string(dir.path().join(files::PAPER_BATCHES)).expect("read");
    assert!(batches.contains("HCM-02,"), "{batches}");
    assert!(batches.contains(",pending\n"), "{batches}");
    let nominations = std::fs::read_to_string(dir.path().join(files::NOMINATIONS)).expect("read");
    assert!(nominations.contains("Kẹo dừa") && !nominations.contains("Kẹo gừng"));
}
