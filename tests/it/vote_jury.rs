//! The jury of the consumer vote (issue 17): appointed jurors score eligible nominations on the
//! rules' criteria; anything else stores nothing; scores lock when voting closes; the
//! published scores name jurors by number only. On SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL.

use diesel::prelude::*;
use hangviet::actions::vote;
use hangviet::actions::vote_jury::{self, JuryError};
use hangviet::db::models::vote_campaign::CampaignState;
use hangviet::db::schema::vote_jury_scores;

use crate::common;
use crate::common::vote::{now, voting};

fn scores(app: &common::TestApp) -> Vec<(i32, i32, String, i32)> {
    vote_jury_scores::table
        .order(vote_jury_scores::id.asc())
        .select((
            vote_jury_scores::user_id,
            vote_jury_scores::nomination_id,
            vote_jury_scores::criterion,
            vote_jury_scores::score,
        ))
        .load(&mut *app.conn())
        .expect("scores")
}

#[actix_web::test]
async fn jurors_score_eligible_nominations_until_voting_closes() {
    let s = voting();
    let juror = s.app.member("giamkhao1@example.vn", "citizen").user_id;
    let other = s.app.member("giamkhao2@example.vn", "citizen").user_id;
    let outsider = s.app.member("nguoidan@example.vn", "citizen").user_id;
    let mut conn = s.app.conn();
    assert_eq!(
        vote_jury::appoint(
            &mut conn,
            &s.first,
            &s.app.state.site,
            s.campaign,
            juror,
            now()
        ),
        Ok(1)
    );
    assert_eq!(
        vote_jury::appoint(
            &mut conn,
            &s.first,
            &s.app.state.site,
            s.campaign,
            other,
            now()
        ),
        Ok(2)
    );
    assert_eq!(
        vote_jury::appoint(
            &mut conn,
            &s.first,
            &s.app.state.site,
            s.campaign,
            juror,
            now()
        ),
        Err(JuryError::AlreadyJuror)
    );
    assert_eq!(
        common::audit_count(&mut conn, "appoint_juror").expect("count"),
        2
    );

    let [a, b] = s.eligible;
    vote_jury::score(&mut conn, juror, a, "chat-luong", 6, now()).expect("scored");
    // A juror changes a score: one row, the new score.
    vote_jury::score(&mut conn, juror, a, "chat-luong", 9, now()).expect("changed");
    vote_jury::score(&mut conn, other, b, "chat-luong", 10, now()).expect("scored");

    let refused = [
        (outsider, a, "chat-luong", 5, JuryError::NotJuror),
        (
            juror,
            s.rejected,
            "chat-luong",
            5,
            JuryError::NotEligible(s.rejected),
        ),
        (
            juror,
            999_999,
            "chat-luong",
            5,
            JuryError::NotEligible(999_999),
        ),
        (
            juror,
            a,
            "bao-bi",
            5,
            JuryError::UnknownCriterion("bao-bi".to_owned()),
        ),
        (juror, a, "chat-luong", 11, JuryError::AboveMax(10)),
    ];
    for (user, nomination, criterion, score, expected) in refused {
        assert_eq!(
            vote_jury::score(&mut conn, user, nomination, criterion, score, now()),
            Err(expected)
        );
    }
    assert_eq!(
        scores(&s.app),
        [
            (juror, a, "chat-luong".to_owned(), 9),
            (other, b, "chat-luong".to_owned(), 10),
        ]
    );

    vote::advance(
        &mut conn,
        s.app.mover(&s.first),
        s.campaign,
        CampaignState::VotingOpen,
        CampaignState::VotingClosed,
        "",
        now(),
    )
    .expect("closed");
    assert_eq!(
        vote_jury::score(&mut conn, juror, a, "chat-luong", 1, now()),
        Err(JuryError::Locked)
    );
    let late = s.app.member("giamkhao3@example.vn", "citizen").user_id;
    assert_eq!(
        vote_jury::appoint(
            &mut conn,
            &s.first,
            &s.app.state.site,
            s.campaign,
            late,
            now()
        ),
        Err(JuryError::TooLateToAppoint)
    );
    assert_eq!(scores(&s.app).len(), 2);

    // Published under numbers, never accounts.
    let published = vote_jury::published_scores(&mut conn, s.campaign).expect("published");
    let jurors: Vec<&str> = published.iter().map(|j| j.juror.as_str()).collect();
    assert_eq!(jurors, ["GK-1", "GK-2"]);
    assert_eq!(published[0].score, 9);
}
