//! The audit log: who did what to which object, and why.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::audit_log;

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

pub struct Audit;

impl Audit {
    /// Records an action; call it inside the transaction that makes the change.
    pub fn record(
        conn: &mut DbConnection,
        actor: &Actor,
        action: &str,
        target: &str,
        reason: &str,
    ) -> QueryResult<()> {
        Audit::record_detailed(conn, actor, action, target, reason, "")
    }

    /// Records an action with `detail`, a JSON account of what it applied (an approval's
    /// content); call it inside the transaction that makes the change.
    pub fn record_detailed(
        conn: &mut DbConnection,
        actor: &Actor,
        action: &str,
        target: &str,
        reason: &str,
        detail: &str,
    ) -> QueryResult<()> {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::actor_id.eq(actor.user_id),
                audit_log::actor.eq(&actor.label),
                audit_log::action.eq(action),
                audit_log::target.eq(target),
                audit_log::reason.eq(reason),
                audit_log::created_at.eq(chrono::Utc::now().naive_utc()),
                audit_log::detail.eq(detail),
            ))
            .execute(conn)
            .map(|_| ())
    }

    pub fn count(conn: &mut DbConnection, action: &str) -> QueryResult<i64> {
        audit_log::table
            .filter(audit_log::action.eq(action))
            .count()
            .get_result(conn)
    }
}

/// One audit row.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i32,
    pub actor_id: Option<i32>,
    pub actor: String,
    pub action: String,
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
