//! Transactions that must not interleave: check-then-write sequences (a rate-limit count
//! before its insert, "is another admin left?" before a demotion) are correct only if no other
//! transaction can run the same check in between.
//!
//! [`exclusive`] gives such a transaction on both backends: on SQLite it begins with
//! `BEGIN IMMEDIATE`, taking the database's single write lock up front (a deferred transaction
//! that reads first and writes later fails with "database is locked" when another writer got
//! in between, whatever the busy timeout); on PostgreSQL it takes a transaction-scoped advisory
//! lock on the key, so transactions on the same key queue up while others run in parallel.

use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::result::Error;
use diesel::sql_types::Text;
use diesel::{QueryResult, RunQueryDsl};

use super::DbConnection;

/// Runs `f` in a transaction that no other [`exclusive`] transaction on `key` overlaps;
/// commits when it returns `Ok`, rolls back otherwise.
pub fn exclusive<T, E>(
    conn: &mut DbConnection,
    key: &str,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    exclusive_all(conn, &[key], f)
}

/// [`exclusive`] on several keys at once: no other exclusive transaction on any of them
/// overlaps. On PostgreSQL the locks are taken in sorted order, so two transactions sharing
/// keys never wait for each other in a circle.
pub fn exclusive_all<T, E>(
    conn: &mut DbConnection,
    keys: &[&str],
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(lite) => {
            AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
        }
        DbConnection::Postgresql(pg) => {
            AnsiTransactionManager::begin_transaction(pg)?;
            let mut sorted = keys.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            if let Err(e) = sorted.iter().try_for_each(|key| advisory_lock(pg, key)) {
                // The transaction is open: close it before reporting.
                let _ = AnsiTransactionManager::rollback_transaction(pg);
                return Err(e.into());
            }
        }
    }
    match f(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(user_error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Waits for the transaction-scoped advisory lock of `key` (released at commit or rollback).
/// Keys are hashed to 32 bits; two keys sharing a hash merely wait for each other.
fn advisory_lock(pg: &mut diesel::PgConnection, key: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1)::bigint)")
        .bind::<Text, _>(key)
        .execute(pg)
        .map(|_| ())
}

/// Inside an [`exclusive`] transaction, waits for one more key's lock as well (PostgreSQL; on
/// SQLite the transaction already excludes every other writer). Taking a contended key last,
/// just before the commit, keeps the time others wait for it short; every transaction that
/// takes it so must take it last, after its other keys, so none waits in a circle.
pub fn lock_also(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(_) => Ok(()),
        DbConnection::Postgresql(pg) => advisory_lock(pg, key),
    }
}

/// Takes the advisory lock of `key` if it is free, without waiting; `true` on SQLite, where
/// the transaction already excludes every other writer. Call it inside [`exclusive`].
pub fn try_lock(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
    #[derive(diesel::QueryableByName)]
    struct Taken {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        taken: bool,
    }
    match conn {
        DbConnection::Sqlite(_) => Ok(true),
        DbConnection::Postgresql(pg) => {
            diesel::sql_query("SELECT pg_try_advisory_xact_lock(hashtext($1)::bigint) AS taken")
                .bind::<Text, _>(key)
                .get_result::<Taken>(pg)
                .map(|t| t.taken)
        }
    }
}
