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
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::actor_id.eq(actor.user_id),
                audit_log::actor.eq(&actor.label),
                audit_log::action.eq(action),
                audit_log::target.eq(target),
                audit_log::reason.eq(reason),
                audit_log::created_at.eq(chrono::Utc::now().naive_utc()),
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
