//! The consumer vote's campaigns, one per year, and the record of each campaign's moves from
//! state to state. The moves themselves are the audited commands of `crate::actions::vote`;
//! the database refuses a move that is not one step forward, and any change to frozen rules
//! (see the migration `vote_campaigns`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{vote_campaigns, vote_transitions};
use crate::db::stored::text_enum;
use crate::i18n::Locale;
use crate::vote::count::Rules;

text_enum! {
    /// Where a campaign is. The order is the order of the year: a campaign only moves to the
    /// next state ([`CampaignState::next`]).
    pub enum CampaignState {
        Draft = "draft",
        NominationsOpen = "nominations_open",
        Review = "review",
        VotingOpen = "voting_open",
        VotingClosed = "voting_closed",
        Counting = "counting",
        Provisional = "provisional",
        Objections = "objections",
        Certified = "certified",
        Archived = "archived",
    }
}

impl CampaignState {
    /// The state after this one; none after `Archived`.
    pub fn next(self) -> Option<CampaignState> {
        CampaignState::ALL.get(self.step() + 1).copied()
    }

    /// Whether the rules are frozen: from the opening of voting on.
    pub fn rules_frozen(self) -> bool {
        self.step() >= CampaignState::VotingOpen.step()
    }

    /// Whether the public pages show the campaign: from the opening of nominations on.
    pub fn is_public(self) -> bool {
        self != CampaignState::Draft
    }

    /// Whether jurors may give or change scores: while nominations are in review or voting
    /// is open; they lock when voting closes.
    pub fn jury_scoring(self) -> bool {
        matches!(self, CampaignState::Review | CampaignState::VotingOpen)
    }

    /// Whether jurors may be appointed: until voting closes.
    pub fn jury_appointing(self) -> bool {
        self.step() <= CampaignState::VotingOpen.step()
    }

    /// Whether paper tallies may be entered: while voting is open or just closed.
    pub fn paper_entering(self) -> bool {
        matches!(
            self,
            CampaignState::VotingOpen | CampaignState::VotingClosed
        )
    }

    /// The position in the year's order.
    fn step(self) -> usize {
        CampaignState::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
    }

    /// What the pages call it.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("vote-state-{}", self.as_str().replace('_', "-")))
    }
}

/// A year's vote.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vote_campaigns)]
pub struct Campaign {
    pub id: i32,
    pub year: i32,
    pub state: CampaignState,
    /// [`Rules`] as JSON ([`Rules::canonical_json`]).
    pub rules: String,
    /// SHA-256 of `rules`, set when voting opens.
    pub rules_checksum: Option<String>,
    pub decision_no: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One move of a campaign.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vote_transitions)]
pub struct Transition {
    pub id: i32,
    pub campaign_id: i32,
    pub from_state: CampaignState,
    pub to_state: CampaignState,
    pub actor_id: Option<i32>,
    pub actor: String,
    pub note: String,
    pub created_at: NaiveDateTime,
}

impl Campaign {
    /// The stored rules. Only the commands store them, validated, so an error here is a
    /// database changed by hand.
    pub fn parsed_rules(&self) -> Result<Rules, serde_json::Error> {
        serde_json::from_str(&self.rules)
    }

    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Option<Campaign>> {
        vote_campaigns::table
            .find(id)
            .select(Campaign::as_select())
            .first(conn)
            .optional()
    }

    pub fn by_year(conn: &mut DbConnection, year: i32) -> QueryResult<Option<Campaign>> {
        vote_campaigns::table
            .filter(vote_campaigns::year.eq(year))
            .select(Campaign::as_select())
            .first(conn)
            .optional()
    }

    /// The latest campaign past its draft, if any.
    pub fn latest_public(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
        vote_campaigns::table
            .filter(vote_campaigns::state.ne(CampaignState::Draft))
            .order(vote_campaigns::year.desc())
            .select(Campaign::as_select())
            .first(conn)
            .optional()
    }

    /// Every move of the campaign, oldest first (at most one per state).
    pub fn transitions(&self, conn: &mut DbConnection) -> QueryResult<Vec<Transition>> {
        vote_transitions::table
            .filter(vote_transitions::campaign_id.eq(self.id))
            .order(vote_transitions::id.asc())
            .limit(CampaignState::ALL.len() as i64)
            .select(Transition::as_select())
            .load(conn)
    }
}
