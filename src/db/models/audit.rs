//! The audit log: who did what to which object, and why.

use diesel::prelude::*;

use super::user::Role;
use super::vote_campaign::CampaignState;
use crate::db::DbConnection;
use crate::db::schema::audit_log;
use crate::db::stored::text_enum;
use crate::i18n::Locale;

/// Who acted: a signed-in official, or an operator at the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i32>,
    /// Email of the official, or `cli:<system user>`.
    pub label: String,
}

impl Actor {
    /// The operator running a `hangviet` command.
    pub fn cli() -> Actor {
        let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
        Actor {
            user_id: None,
            label: format!("cli:{user}"),
        }
    }
}

text_enum! {
    /// What an audited command did. The stored value is what the audit page lists and filters
    /// on; the log keeps old rows, so a variant is never removed.
    pub enum AuditAction {
        ApproveProduct = "approve_product",
        RejectProduct = "reject_product",
        HideProduct = "hide_product",
        RestoreProduct = "restore_product",
        ApproveClaim = "approve_claim",
        RejectClaim = "reject_claim",
        RecordAward = "record_award",
        UpdateAward = "update_award",
        WithdrawAward = "withdraw_award",
        ImportAwards = "import_awards",
        CreateArticle = "create_article",
        UpdateArticle = "update_article",
        PublishArticle = "publish_article",
        UnpublishArticle = "unpublish_article",
        CreateCollection = "create_collection",
        UpdateCollection = "update_collection",
        DeleteCollection = "delete_collection",
        AddCollectionItem = "add_collection_item",
        ReorderCollection = "reorder_collection",
        RemoveCollectionItem = "remove_collection_item",
        ResolveReport = "resolve_report",
        SuspendUser = "suspend_user",
        ReinstateUser = "reinstate_user",
        SetRoleCitizen = "set_role:citizen",
        SetRoleBusiness = "set_role:business",
        SetRoleOfficial = "set_role:official",
        SetRoleAdmin = "set_role:admin",
        UpdatePointOfSale = "update_point_of_sale",
        ReviewPointOfSale = "review_point_of_sale",
        HidePointOfSale = "hide_point_of_sale",
        RestorePointOfSale = "restore_point_of_sale",
        DeletePointOfSale = "delete_point_of_sale",
        ImportPointsOfSale = "import_points_of_sale",
        CreateEvent = "create_event",
        UpdateEvent = "update_event",
        PublishEvent = "publish_event",
        UnpublishEvent = "unpublish_event",
        ListEventParticipant = "list_event_participant",
        AcceptEventRequest = "accept_event_request",
        DeclineEventParticipant = "decline_event_participant",
        CreateVote = "create_vote",
        SetVoteRules = "set_vote_rules",
        VoteNominationsOpen = "vote:nominations_open",
        VoteReview = "vote:review",
        VoteVotingOpen = "vote:voting_open",
        VoteVotingClosed = "vote:voting_closed",
        VoteCounting = "vote:counting",
        VoteProvisional = "vote:provisional",
        VoteObjections = "vote:objections",
        VoteCertified = "vote:certified",
        VoteArchived = "vote:archived",
        ReviewNomination = "review_nomination",
        OpenPaperBatch = "open_paper_batch",
        EnterPaperBatch = "enter_paper_batch",
        AppointJuror = "appoint_juror",
        InvalidateBallots = "invalidate_ballots",
        SetVoteDecision = "set_vote_decision",
        DecideObjection = "decide_objection",
    }
}

impl AuditAction {
    /// A vote campaign moved to `state`.
    pub fn advance_vote(state: CampaignState) -> AuditAction {
        match state {
            CampaignState::Draft => AuditAction::CreateVote,
            CampaignState::NominationsOpen => AuditAction::VoteNominationsOpen,
            CampaignState::Review => AuditAction::VoteReview,
            CampaignState::VotingOpen => AuditAction::VoteVotingOpen,
            CampaignState::VotingClosed => AuditAction::VoteVotingClosed,
            CampaignState::Counting => AuditAction::VoteCounting,
            CampaignState::Provisional => AuditAction::VoteProvisional,
            CampaignState::Objections => AuditAction::VoteObjections,
            CampaignState::Certified => AuditAction::VoteCertified,
            CampaignState::Archived => AuditAction::VoteArchived,
        }
    }

    /// An account was given `role`.
    pub fn set_role(role: Role) -> AuditAction {
        match role {
            Role::Citizen => AuditAction::SetRoleCitizen,
            Role::Business => AuditAction::SetRoleBusiness,
            Role::Official => AuditAction::SetRoleOfficial,
            Role::Admin => AuditAction::SetRoleAdmin,
        }
    }

    /// What the audit page calls it.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("audit-action-{}", self.as_str().replace(':', "-")))
    }
}

/// What an audited command acted on, written as the log's `target` text (`product:12 Nước
/// mắm`): the id, and a name as it was then, so the row still reads after a rename or a
/// deletion. The text is a record, not read back into this type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditTarget {
    /// `product:{id}`.
    Product(i32),
    /// `product:{id} {name}`.
    NamedProduct { id: i32, name: String },
    /// `award:{id} product:{product_id}`.
    Award { id: i32, product_id: i32 },
    /// `article:{id} {title}`.
    Article { id: i32, title: String },
    /// `membership:{id}`: a claim on a producer.
    Membership(i32),
    /// `user:{id} {email}`.
    User { id: i32, email: String },
    /// `report:{id} product:{product_id}`.
    Report { id: i32, product_id: i32 },
    /// `collection:{id}`: a featured collection.
    Collection(i32),
    /// `award_imports:{id} {file_name}`: an award list uploaded on the officials' pages.
    StagedImport { id: i32, file_name: String },
    /// An award list imported at the command line (or checked before an upload is staged):
    /// its file name.
    ImportFile(String),
    /// `point_of_sale:{id} {name}`.
    PointOfSale { id: i32, name: String },
    /// `event:{id} {name}`: a fair or product week.
    Event { id: i32, name: String },
    /// `event_participant:{id} event:{event_id} producer:{producer_id}`, with
    /// ` product:{product_id}` when the row is for one product.
    EventParticipant {
        id: i32,
        event_id: i32,
        producer_id: i32,
        product_id: Option<i32>,
    },
    /// `vote_campaign:{id} {year}`: a year's consumer vote.
    VoteCampaign { id: i32, year: i32 },
    /// `vote_juror:{campaign_id} user:{user_id} GK-{number}`: a juror of a campaign.
    Juror {
        campaign_id: i32,
        user_id: i32,
        number: i32,
    },
    /// `vote_objection:{id} campaign:{campaign_id} {status}`: an objection as decided.
    VoteObjection {
        id: i32,
        campaign_id: i32,
        status: &'static str,
    },
    /// `vote_paper_batch:{id} {code}`: a batch of paper ballots.
    PaperBatch { id: i32, code: String },
    /// `vote_nomination:{id} campaign:{campaign_id} {status}`: a nomination as decided.
    VoteNomination {
        id: i32,
        campaign_id: i32,
        status: &'static str,
    },
}

impl std::fmt::Display for AuditTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditTarget::Product(id) => write!(f, "product:{id}"),
            AuditTarget::NamedProduct { id, name } => write!(f, "product:{id} {name}"),
            AuditTarget::Award { id, product_id } => write!(f, "award:{id} product:{product_id}"),
            AuditTarget::Article { id, title } => write!(f, "article:{id} {title}"),
            AuditTarget::Membership(id) => write!(f, "membership:{id}"),
            AuditTarget::User { id, email } => write!(f, "user:{id} {email}"),
            AuditTarget::Report { id, product_id } => {
                write!(f, "report:{id} product:{product_id}")
            }
            AuditTarget::Collection(id) => write!(f, "collection:{id}"),
            AuditTarget::StagedImport { id, file_name } => {
                write!(f, "award_imports:{id} {file_name}")
            }
            AuditTarget::ImportFile(path) => f.write_str(path),
            AuditTarget::PointOfSale { id, name } => write!(f, "point_of_sale:{id} {name}"),
            AuditTarget::Event { id, name } => write!(f, "event:{id} {name}"),
            AuditTarget::VoteCampaign { id, year } => write!(f, "vote_campaign:{id} {year}"),
            AuditTarget::PaperBatch { id, code } => write!(f, "vote_paper_batch:{id} {code}"),
            AuditTarget::VoteObjection {
                id,
                campaign_id,
                status,
            } => write!(f, "vote_objection:{id} campaign:{campaign_id} {status}"),
            AuditTarget::Juror {
                campaign_id,
                user_id,
                number,
            } => write!(f, "vote_juror:{campaign_id} user:{user_id} GK-{number}"),
            AuditTarget::VoteNomination {
                id,
                campaign_id,
                status,
            } => write!(f, "vote_nomination:{id} campaign:{campaign_id} {status}"),
            AuditTarget::EventParticipant {
                id,
                event_id,
                producer_id,
                product_id,
            } => {
                write!(
                    f,
                    "event_participant:{id} event:{event_id} producer:{producer_id}"
                )?;
                match product_id {
                    Some(p) => write!(f, " product:{p}"),
                    None => Ok(()),
                }
            }
        }
    }
}

pub struct Audit;

impl Audit {
    /// Records an action; call it inside the transaction that makes the change.
    pub fn record(
        conn: &mut DbConnection,
        actor: &Actor,
        action: AuditAction,
        target: &AuditTarget,
        reason: &str,
    ) -> QueryResult<()> {
        Audit::record_detailed(conn, actor, action, target, reason, "")
    }

    /// Records an action with `detail`, a JSON account of what it applied (an approval's
    /// content); call it inside the transaction that makes the change.
    pub fn record_detailed(
        conn: &mut DbConnection,
        actor: &Actor,
        action: AuditAction,
        target: &AuditTarget,
        reason: &str,
        detail: &str,
    ) -> QueryResult<()> {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::actor_id.eq(actor.user_id),
                audit_log::actor.eq(&actor.label),
                audit_log::action.eq(action),
                audit_log::target.eq(target.to_string()),
                audit_log::reason.eq(reason),
                audit_log::created_at.eq(chrono::Utc::now().naive_utc()),
                audit_log::detail.eq(detail),
            ))
            .execute(conn)
            .map(|_| ())
    }
}

/// One audit row.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i32,
    pub actor_id: Option<i32>,
    pub actor: String,
    pub action: AuditAction,
    /// [`AuditTarget`] as written.
    pub target: String,
    pub reason: String,
    pub created_at: chrono::NaiveDateTime,
    /// What the action applied, as JSON; empty for most actions.
    pub detail: String,
}

/// Filters of the audit page.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

impl Audit {
    /// Newest first, one page.
    pub fn list(
        conn: &mut DbConnection,
        f: &AuditFilter,
        page: super::PageRequest,
    ) -> QueryResult<super::Paged<AuditEntry>> {
        let query = || {
            let mut q = audit_log::table.into_boxed();
            if let Some(actor) = &f.actor {
                q = q.filter(audit_log::actor.eq(actor.clone()));
            }
            if let Some(action) = &f.action {
                q = q.filter(audit_log::action.eq(action.clone()));
            }
            if let Some(from) = f.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
                q = q.filter(audit_log::created_at.ge(from));
            }
            if let Some(to) =
                f.to.and_then(|d| d.succ_opt())
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            {
                q = q.filter(audit_log::created_at.lt(to));
            }
            q
        };
        let total = query().count().get_result(conn)?;
        let items = query()
            .order((audit_log::created_at.desc(), audit_log::id.desc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select(AuditEntry::as_select())
            .load(conn)?;
        Ok(super::Paged { items, total, page })
    }
}
