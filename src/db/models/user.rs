//! Accounts and their roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{sessions, users};
use crate::db::stored::text_enum;
use crate::i18n::Locale;

text_enum! {
    /// What an account may do, least first. Businesses act on their own producers only
    /// (memberships).
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        Citizen = "citizen",
        Business = "business",
        Official = "official",
        Admin = "admin",
    }
}

impl Role {
    /// The role's name, as the officials' pages show it.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("role-{}", self.as_str()))
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub suspended_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// False from sign-up until the address is confirmed by the mailed link; such an account
    /// cannot log in. Accounts made otherwise (the command line, before mail) are confirmed.
    pub email_confirmed: bool,
    /// The language of the account's mail (`vi`, `en`): the one it signed up in.
    pub locale: String,
    /// An official's choice to receive the daily digest of pending work.
    pub wants_digest: bool,
    /// The Vietnam date of the last digest sent to this account.
    pub digest_sent_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
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

impl NewUser {
    /// Inserts a sign-up's account, unconfirmed, with the language of its mail; `Ok(None)`
    /// when the email is taken.
    pub fn insert_unconfirmed(
        &self,
        conn: &mut DbConnection,
        locale: Locale,
    ) -> QueryResult<Option<i32>> {
        match diesel::insert_into(users::table)
            .values((
                self,
                users::email_confirmed.eq(false),
                users::locale.eq(locale.code()),
            ))
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
        self.role
    }

    pub fn is_suspended(&self) -> bool {
        self.suspended_at.is_some()
    }

    /// The language of this account's mail.
    pub fn mail_locale(&self) -> Locale {
        if self.locale == Locale::En.code() {
            Locale::En
        } else {
            Locale::Vi
        }
    }

    /// Marks the address as confirmed (the mailed link was used).
    pub fn confirm_email(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::email_confirmed.eq(true))
            .execute(conn)
            .map(|_| ())
    }

    /// An official's choice of the daily digest.
    pub fn set_wants_digest(conn: &mut DbConnection, id: i32, wants: bool) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::wants_digest.eq(wants))
            .execute(conn)
            .map(|_| ())
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
            .set(users::role.eq(role))
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
            .filter(users::role.eq(Role::Admin))
            .filter(users::suspended_at.is_null())
            .count()
            .get_result(conn)
    }
}
