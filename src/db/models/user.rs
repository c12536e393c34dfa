//! Accounts and their roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{sessions, users};

/// What an account may do. Businesses act on their own producers only (memberships).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Citizen,
    Business,
    Official,
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "citizen" => Some(Role::Citizen),
            "business" => Some(Role::Business),
            "official" => Some(Role::Official),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Business => "business",
            Role::Official => "official",
            Role::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub suspended_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub suspended_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewUser {
    /// Inserts the user; `Ok(None)` when the email is taken.
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<Option<i32>> {
        match diesel::insert_into(users::table)
            .values(self)
            .returning(users::id)
            .get_result(conn)
        {
            Ok(id) => Ok(Some(id)),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Emails are compared trimmed and lowercased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl User {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Citizen)
    }

    pub fn is_suspended(&self) -> bool {
        self.suspended_at.is_some()
    }

    pub fn by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(normalize_email(email)))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// Suspends the account and ends its sessions at once.
    pub fn suspend(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
        conn.transaction(|conn| {
            let now = chrono::Utc::now().naive_utc();
            diesel::update(users::table.find(id))
                .set((users::suspended_at.eq(Some(now)), users::updated_at.eq(now)))
                .execute(conn)?;
            diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
            Ok(())
        })
    }

    /// Stores a new password hash and ends every session but `keep_session`.
    pub fn set_password(
        conn: &mut DbConnection,
        id: i32,
        hash: &str,
        keep_session: Option<i32>,
    ) -> QueryResult<()> {
        conn.transaction(|conn| {
            diesel::update(users::table.find(id))
                .set((
                    users::password_hash.eq(hash),
                    users::updated_at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(conn)?;
            let others = sessions::table
                .filter(sessions::user_id.eq(id))
                .filter(sessions::id.ne(keep_session.unwrap_or(-1)));
            diesel::delete(others).execute(conn)?;
            Ok(())
        })
    }

    pub fn set_role(conn: &mut DbConnection, id: i32, role: Role) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::role.eq(role.as_str()))
            .execute(conn)
            .map(|_| ())
    }
}

impl User {
    /// Accounts whose email contains `query` (all when empty), newest first, bounded.
    pub fn search(conn: &mut DbConnection, query: &str, limit: i64) -> QueryResult<Vec<User>> {
        let q = normalize_email(query);
        users::table
            .filter(
                users::email
                    .like(crate::text::like_contains(&q))
                    .escape('\\'),
            )
            .order(users::id.desc())
            .limit(limit)
            .select(User::as_select())
            .load(conn)
    }

    /// Lifts a suspension.
    pub fn reinstate(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::suspended_at.eq(None::<NaiveDateTime>))
            .execute(conn)
            .map(|_| ())
    }

    /// Admins that are not suspended.
    pub fn count_active_admins(conn: &mut DbConnection) -> QueryResult<i64> {
        users::table
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::suspended_at.is_null())
            .count()
            .get_result(conn)
    }
}
