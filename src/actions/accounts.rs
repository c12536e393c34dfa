//! Admins changing accounts: granting and revoking the official and admin roles, suspending
//! and reinstating. Nothing public shows accounts, so no cache is dropped.
//!
//! The safeguards live here, inside the transaction of the change: nobody changes their own
//! account, the actor must still be an active admin when the change commits, and the site is
//! never left without an active admin. Changes that touch admins are serialised by a lock,
//! so two admins demoting each other at the same moment cannot both succeed.

use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::user::{Role, User};
use crate::error::AppError;
use crate::i18n::Msg;

/// Lock key of changes to admin accounts.
const ADMINS_LOCK: &str = "users:admins";

/// What an admin may change on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    SetRole(Role),
    Suspend,
    Reinstate,
}

/// An admin's change to account `id`, audited in the same transaction; refused (nothing
/// changed, nothing audited) unless every safeguard holds.
pub fn administer(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    change: AccountChange,
) -> Result<(), AppError> {
    exclusive(conn, ADMINS_LOCK, |conn| {
        let acting_admin = match actor.user_id {
            Some(actor_id) => {
                let me = User::by_id(conn, actor_id)?;
                me.role() == Role::Admin && !me.is_suspended()
            }
            None => false,
        };
        if !acting_admin {
            return Err(AppError::forbidden(Msg::new("admin-users-admins-only")));
        }
        if actor.user_id == Some(id) {
            return Err(AppError::bad_request(Msg::new("admin-users-not-yourself")));
        }
        let user = User::by_id(conn, id)?;
        let action = match change {
            AccountChange::SetRole(role) => {
                User::set_role(conn, id, role)?;
                AuditAction::set_role(role)
            }
            AccountChange::Suspend => {
                User::suspend(conn, id)?;
                AuditAction::SuspendUser
            }
            AccountChange::Reinstate => {
                User::reinstate(conn, id)?;
                AuditAction::ReinstateUser
            }
        };
        if User::count_active_admins(conn)? == 0 {
            return Err(AppError::bad_request(Msg::new("admin-users-last-admin")));
        }
        Audit::record(
            conn,
            actor,
            action,
            &AuditTarget::User {
                id,
                email: user.email,
            },
            "",
        )?;
        Ok(())
    })
}
