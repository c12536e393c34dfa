//! Officials recording, editing and withdrawing a product's awards, one at a time. Each change
//! is audited and queued for the search index in the same transaction; a withdrawn award is
//! deleted and its audit row keeps what it was.

use crate::i18n::Locale;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::audit::{Actor, Audit, AuditAction, AuditTarget};
use super::award::{Award, NewAward, Programme};
use super::search_outbox::SearchOutbox;
use crate::db::DbConnection;
use crate::db::schema::awards;

/// The fields an official fills in for an award (programme and year identify it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardFields {
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
}

/// What became of a requested change.
#[derive(Debug, PartialEq, Eq)]
pub enum AwardChange {
    Done(i32),
    /// The product already has an award of that programme and year.
    Duplicate,
    /// No such award (or not a product's award).
    Missing,
}

impl AwardFields {
    fn describe(&self) -> String {
        let tier = self
            .tier
            .as_deref()
            .map(|t| format!(" {}", self.programme.tier_label(t, Locale::Vi)))
            .unwrap_or_default();
        format!("{} {}{tier}", self.programme.slug(), self.year)
    }
}

impl Award {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Award> {
        awards::table
            .find(id)
            .select(Award::as_select())
            .first(conn)
    }

    /// The award with the product it belongs to; None for a missing or firm-level award.
    fn of_a_product(conn: &mut DbConnection, id: i32) -> QueryResult<Option<(Award, i32)>> {
        let award = Award::by_id(conn, id).optional()?;
        Ok(award.and_then(|a| a.product_id.map(|p| (a, p))))
    }

    /// Records a new award of `product_id`.
    pub fn record(
        conn: &mut DbConnection,
        actor: &Actor,
        product_id: i32,
        f: &AwardFields,
    ) -> QueryResult<AwardChange> {
        conn.transaction(|conn| {
            let taken: i64 = awards::table
                .filter(awards::product_id.eq(product_id))
                .filter(awards::programme.eq(f.programme.slug()))
                .filter(awards::year.eq(f.year))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Ok(AwardChange::Duplicate);
            }
            let id = diesel::insert_into(awards::table)
                .values(NewAward {
                    product_id: Some(product_id),
                    producer_id: None,
                    programme: f.programme,
                    year: f.year,
                    tier: f.tier.clone(),
                    certificate_no: f.certificate_no.clone(),
                    valid_until: f.valid_until,
                    source_url: f.source_url.clone(),
                })
                .returning(awards::id)
                .get_result(conn)?;
            Audit::record(
                conn,
                actor,
                AuditAction::RecordAward,
                &AuditTarget::Product(product_id),
                &f.describe(),
            )?;
            SearchOutbox::enqueue(conn, &[product_id])?;
            Ok(AwardChange::Done(id))
        })
    }

    /// Changes the tier, certificate, validity and source of a product's award.
    pub fn edit(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        f: &AwardFields,
    ) -> QueryResult<AwardChange> {
        conn.transaction(|conn| {
            let Some((_, product_id)) = Award::of_a_product(conn, id)? else {
                return Ok(AwardChange::Missing);
            };
            diesel::update(awards::table.find(id))
                .set((
                    awards::tier.eq(&f.tier),
                    awards::certificate_no.eq(&f.certificate_no),
                    awards::valid_until.eq(f.valid_until),
                    awards::source_url.eq(&f.source_url),
                ))
                .execute(conn)?;
            Audit::record(
                conn,
                actor,
                AuditAction::UpdateAward,
                &AuditTarget::Award { id, product_id },
                &f.describe(),
            )?;
            SearchOutbox::enqueue(conn, &[product_id])?;
            Ok(AwardChange::Done(product_id))
        })
    }

    /// Withdraws (deletes) a product's award; the audit row keeps what it was and why.
    pub fn withdraw(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        reason: &str,
    ) -> QueryResult<AwardChange> {
        conn.transaction(|conn| {
            let Some((current, product_id)) = Award::of_a_product(conn, id)? else {
                return Ok(AwardChange::Missing);
            };
            diesel::delete(awards::table.find(id)).execute(conn)?;
            let what = format!(
                "{} {} {} số {} — {reason}",
                current.programme,
                current.year,
                current.tier.as_deref().unwrap_or("-"),
                current.certificate_no.as_deref().unwrap_or("-"),
            );
            Audit::record(
                conn,
                actor,
                AuditAction::WithdrawAward,
                &AuditTarget::Award { id, product_id },
                &what,
            )?;
            SearchOutbox::enqueue(conn, &[product_id])?;
            Ok(AwardChange::Done(product_id))
        })
    }
}

/// One product award as the yearly list has it (DESIGN.md section 5), with ids for the
/// reference names.
#[derive(Debug, Clone, Queryable)]
pub struct AwardListRow {
    pub programme: String,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
    pub product: String,
    pub category_id: i32,
    pub producer: String,
    pub tax_code: Option<String>,
    pub province_id: i32,
    pub province_alias_id: Option<i32>,
}

/// Most rows one export holds (a year's list is a few thousand).
pub const EXPORT_LIMIT: i64 = 50_000;

impl Award {
    /// Product awards of a programme (and year), in list order, at most [`EXPORT_LIMIT`].
    pub fn list_rows(
        conn: &mut DbConnection,
        programme: Programme,
        year: Option<i32>,
    ) -> QueryResult<Vec<AwardListRow>> {
        use crate::db::schema::{producers, products};
        let mut query = awards::table
            .inner_join(products::table.inner_join(producers::table))
            .filter(awards::programme.eq(programme.slug()))
            .into_boxed();
        if let Some(year) = year {
            query = query.filter(awards::year.eq(year));
        }
        query
            .order((awards::year.desc(), awards::tier, products::name_folded))
            .limit(EXPORT_LIMIT)
            .select((
                awards::programme,
                awards::year,
                awards::tier,
                awards::certificate_no,
                awards::valid_until,
                awards::source_url,
                products::name,
                products::category_id,
                producers::name,
                producers::tax_code,
                producers::province_id,
                producers::province_alias_id,
            ))
            .load(conn)
    }
}
