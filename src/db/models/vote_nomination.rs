//! Nominations to the consumer vote: a firm's product entered in one group of a campaign, with
//! a short dossier, and what officials decided about it. The commands are in
//! `crate::actions::vote`; the database keeps each firm's live count (`vote_entries`) and
//! refuses a fourth (see the migration `vote_nominations`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{vote_entries, vote_nominations};
use crate::db::stored::text_enum;
use crate::i18n::Locale;

/// Live nominations a firm may have in one campaign.
pub const MAX_LIVE_PER_FIRM: i64 = 3;

/// Longest dossier, in characters.
pub const MAX_DOSSIER_CHARS: usize = 2_000;

/// Nominations read for one list at most (a group's ballot list, an official's queue).
pub const MAX_LISTED: i64 = 500;

text_enum! {
    /// Where a nomination is. Submitted, needing information and eligible ones are live.
    pub enum NominationStatus {
        Submitted = "submitted",
        NeedsInfo = "needs_info",
        Eligible = "eligible",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

impl NominationStatus {
    /// Whether it counts towards the firm's three.
    pub fn live(self) -> bool {
        matches!(
            self,
            NominationStatus::Submitted | NominationStatus::NeedsInfo | NominationStatus::Eligible
        )
    }

    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!(
            "vote-nomination-{}",
            self.as_str().replace('_', "-")
        ))
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vote_nominations)]
pub struct Nomination {
    /// Also its public number on the ballot and in the published files.
    pub id: i32,
    pub campaign_id: i32,
    pub producer_id: i32,
    pub product_id: i32,
    pub group_slug: String,
    pub dossier: String,
    pub status: NominationStatus,
    pub reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Nomination {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Option<Nomination>> {
        vote_nominations::table
            .find(id)
            .select(Nomination::as_select())
            .first(conn)
            .optional()
    }

    /// A firm's nominations in a campaign, live or not, oldest first.
    pub fn of_firm(
        conn: &mut DbConnection,
        campaign_id: i32,
        producer_id: i32,
    ) -> QueryResult<Vec<Nomination>> {
        vote_nominations::table
            .filter(vote_nominations::campaign_id.eq(campaign_id))
            .filter(vote_nominations::producer_id.eq(producer_id))
            .order(vote_nominations::id.asc())
            .limit(MAX_LISTED)
            .select(Nomination::as_select())
            .load(conn)
    }

    /// A campaign's nominations in `status`, oldest first, at most [`MAX_LISTED`].
    pub fn in_status(
        conn: &mut DbConnection,
        campaign_id: i32,
        status: NominationStatus,
    ) -> QueryResult<Vec<Nomination>> {
        vote_nominations::table
            .filter(vote_nominations::campaign_id.eq(campaign_id))
            .filter(vote_nominations::status.eq(status))
            .order(vote_nominations::id.asc())
            .limit(MAX_LISTED)
            .select(Nomination::as_select())
            .load(conn)
    }

    /// The firm's live nominations in the campaign, as the database keeps the count.
    pub fn live_count(
        conn: &mut DbConnection,
        campaign_id: i32,
        producer_id: i32,
    ) -> QueryResult<i64> {
        vote_entries::table
            .find((campaign_id, producer_id))
            .select(vote_entries::live)
            .first::<i32>(conn)
            .optional()
            .map(|n| i64::from(n.unwrap_or(0)))
    }
}
