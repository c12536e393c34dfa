//! The jury of the consumer vote: officials appoint jurors for a campaign (audited), and each
//! juror scores eligible nominations on the rules' criteria while nominations are in review or
//! voting is open; a juror may change a score until voting closes, then the scores lock. The
//! published files name jurors by number only (`GK-1`, `GK-2`, …).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::vote::campaign_key;
use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::user::User;
use crate::db::models::vote_campaign::Campaign;
use crate::db::models::vote_nomination::NominationStatus;
use crate::db::schema::{vote_jurors, vote_jury_scores, vote_nominations};
use crate::mail::compose;
use crate::site::SiteAddress;
use crate::vote::count::JuryScore;

/// Why a jury command was refused; nothing was written.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JuryError {
    #[error("no such campaign")]
    NoCampaign,
    #[error("jurors are appointed before voting closes")]
    TooLateToAppoint,
    #[error("the account is a juror of this campaign already")]
    AlreadyJuror,
    #[error("the account is not a juror of this campaign")]
    NotJuror,
    #[error("scores are given while nominations are in review or voting is open")]
    Locked,
    #[error("nomination {0} is not eligible in this campaign")]
    NotEligible(i32),
    #[error("criterion {0} is not in the rules")]
    UnknownCriterion(String),
    #[error("the score is above the criterion's maximum of {0}")]
    AboveMax(u32),
    #[error("database error")]
    Database,
}

impl From<DieselError> for JuryError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "jury command failed");
        JuryError::Database
    }
}

/// Appoints account `user_id` juror of campaign `campaign_id`, audited, and mails the juror
/// the address of their score sheet (one transaction); returns the juror's number in the
/// campaign.
pub fn appoint(
    conn: &mut DbConnection,
    actor: &Actor,
    site: &SiteAddress,
    campaign_id: i32,
    user_id: i32,
    now: NaiveDateTime,
) -> Result<i32, JuryError> {
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(JuryError::NoCampaign)?;
        let open = campaign.state.jury_appointing();
        if !open {
            return Err(JuryError::TooLateToAppoint);
        }
        let last: Option<i32> = vote_jurors::table
            .filter(vote_jurors::campaign_id.eq(campaign_id))
            .select(diesel::dsl::max(vote_jurors::number))
            .first(conn)?;
        let number = last.unwrap_or(0) + 1;
        diesel::insert_into(vote_jurors::table)
            .values((
                vote_jurors::campaign_id.eq(campaign_id),
                vote_jurors::user_id.eq(user_id),
                vote_jurors::number.eq(number),
                vote_jurors::created_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    JuryError::AlreadyJuror
                }
                e => e.into(),
            })?;
        let juror = User::by_id(conn, user_id)?;
        let mail = compose::jury_appointed(
            site,
            juror.mail_locale(),
            (&juror.email, &juror.name),
            campaign.year,
            number,
        );
        MailOutbox::enqueue(conn, &mail, now)?;
        Audit::record(
            conn,
            actor,
            AuditAction::AppointJuror,
            &AuditTarget::Juror {
                campaign_id,
                user_id,
                number,
            },
            "",
        )?;
        Ok(number)
    })
}

/// One score a juror gives: `score` to nomination `nomination` on `criterion`; `None` takes
/// back a score given before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub nomination: i32,
    pub criterion: String,
    pub score: Option<u32>,
}

/// Juror `user_id` gives (or changes) `score` to nomination `nomination_id` on `criterion`.
pub fn score(
    conn: &mut DbConnection,
    user_id: i32,
    nomination_id: i32,
    criterion: &str,
    score: u32,
    now: NaiveDateTime,
) -> Result<(), JuryError> {
    let campaign_id: i32 = vote_nominations::table
        .find(nomination_id)
        .select(vote_nominations::campaign_id)
        .first(conn)
        .optional()?
        .ok_or(JuryError::NotEligible(nomination_id))?;
    let mark = Mark {
        nomination: nomination_id,
        criterion: criterion.to_owned(),
        score: Some(score),
    };
    score_all(conn, user_id, campaign_id, &[mark], now)
}

/// Juror `user_id` gives (or changes) every score of `marks` in campaign `campaign_id`, in
/// one transaction: one refused mark and none is written.
pub fn score_all(
    conn: &mut DbConnection,
    user_id: i32,
    campaign_id: i32,
    marks: &[Mark],
    now: NaiveDateTime,
) -> Result<(), JuryError> {
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(JuryError::NoCampaign)?;
        if !campaign.state.jury_scoring() {
            return Err(JuryError::Locked);
        }
        if !is_juror(conn, campaign_id, user_id)? {
            return Err(JuryError::NotJuror);
        }
        let numbers: Vec<i32> = marks.iter().map(|m| m.nomination).collect();
        let eligible: Vec<i32> = vote_nominations::table
            .filter(vote_nominations::campaign_id.eq(campaign_id))
            .filter(vote_nominations::status.eq(NominationStatus::Eligible))
            .filter(vote_nominations::id.eq_any(&numbers))
            .select(vote_nominations::id)
            .load(conn)?;
        if let Some(&stranger) = numbers.iter().find(|n| !eligible.contains(n)) {
            return Err(JuryError::NotEligible(stranger));
        }
        let rules = campaign.parsed_rules().map_err(|_| JuryError::NoCampaign)?;
        for mark in marks {
            let max = rules
                .criteria
                .iter()
                .find(|c| c.key == mark.criterion)
                .map(|c| c.max)
                .ok_or_else(|| JuryError::UnknownCriterion(mark.criterion.clone()))?;
            if mark.score.is_some_and(|s| s > max) {
                return Err(JuryError::AboveMax(max));
            }
        }
        for mark in marks {
            let given = vote_jury_scores::table
                .filter(vote_jury_scores::user_id.eq(user_id))
                .filter(vote_jury_scores::nomination_id.eq(mark.nomination))
                .filter(vote_jury_scores::criterion.eq(&mark.criterion));
            let Some(score) = mark.score else {
                diesel::delete(given).execute(conn)?;
                continue;
            };
            let score = i32::try_from(score).map_err(|_| JuryError::AboveMax(0))?;
            let changed = diesel::update(given)
                .set((
                    vote_jury_scores::score.eq(score),
                    vote_jury_scores::updated_at.eq(now),
                ))
                .execute(conn)?;
            if changed == 0 {
                diesel::insert_into(vote_jury_scores::table)
                    .values((
                        vote_jury_scores::campaign_id.eq(campaign_id),
                        vote_jury_scores::user_id.eq(user_id),
                        vote_jury_scores::nomination_id.eq(mark.nomination),
                        vote_jury_scores::criterion.eq(&mark.criterion),
                        vote_jury_scores::score.eq(score),
                        vote_jury_scores::created_at.eq(now),
                        vote_jury_scores::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}

/// Whether account `user_id` is a juror of campaign `campaign_id`.
pub fn is_juror(conn: &mut DbConnection, campaign_id: i32, user_id: i32) -> QueryResult<bool> {
    let n: i64 = vote_jurors::table
        .filter(vote_jurors::campaign_id.eq(campaign_id))
        .filter(vote_jurors::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A campaign's jury scores as the count and the published files hold them: each juror by
/// number (`GK-1`), never by account.
pub fn published_scores(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Vec<JuryScore>> {
    let rows: Vec<(i32, i32, String, i32)> = vote_jury_scores::table
        .inner_join(
            vote_jurors::table.on(vote_jurors::campaign_id
                .eq(vote_jury_scores::campaign_id)
                .and(vote_jurors::user_id.eq(vote_jury_scores::user_id))),
        )
        .filter(vote_jury_scores::campaign_id.eq(campaign_id))
        .order((
            vote_jurors::number.asc(),
            vote_jury_scores::nomination_id.asc(),
            vote_jury_scores::criterion.asc(),
        ))
        .select((
            vote_jurors::number,
            vote_jury_scores::nomination_id,
            vote_jury_scores::criterion,
            vote_jury_scores::score,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(number, nomination, criterion, score)| JuryScore {
            juror: format!("GK-{number}"),
            nomination: u32::try_from(nomination).unwrap_or(0),
            criterion,
            score: u32::try_from(score).unwrap_or(0),
        })
        .collect())
}
