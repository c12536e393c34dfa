//! Officials recording, editing and withdrawing a product's awards, one at a time. Each change
//! is audited and queued for the search index in the same transaction; a withdrawn award is
//! deleted and its audit row keeps what it was. Awards show on public pages and in the
//! reference data's award years: both are dropped after a change.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Caches;
use crate::db::models::Product;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::award::{Award, NewAward, Programme};
use crate::db::models::search_outbox::SearchOutbox;
use crate::db::schema::awards;
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::i18n::Locale;

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
    /// Done; the id of the product whose awards changed.
    Done(i32),
    /// The product already has an award of that programme and year.
    Duplicate,
    /// No such award (or not a product's award).
    Missing,
}

impl AwardFields {
    /// The audit log's account of the award, in its record language (see
    /// [`super::audit_note`]).
    fn describe(&self) -> String {
        let tier = self
            .tier
            .as_deref()
            .map(|t| format!(" {}", self.programme.tier_label(t, Locale::Vi)))
            .unwrap_or_default();
        format!("{} {}{tier}", self.programme.slug(), self.year)
    }
}

/// Drops the caches once an award changed.
fn finish(caches: Caches<'_>, change: AwardChange) -> AwardChange {
    if matches!(change, AwardChange::Done(_)) {
        caches.awards_changed();
    }
    change
}

/// Records a new award of product `product_id` (not found: a 404).
pub async fn record(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    product_id: i32,
    f: AwardFields,
) -> Result<AwardChange, AppError> {
    let change = db
        .run(move |conn| {
            Product::by_id(conn, product_id)?;
            Ok(record_in(conn, &actor, product_id, &f)?)
        })
        .await?;
    Ok(finish(caches, change))
}

fn record_in(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: i32,
    f: &AwardFields,
) -> QueryResult<AwardChange> {
    conn.transaction(|conn| {
        let taken: i64 = awards::table
            .filter(awards::product_id.eq(product_id))
            .filter(awards::programme.eq(f.programme))
            .filter(awards::year.eq(f.year))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Ok(AwardChange::Duplicate);
        }
        diesel::insert_into(awards::table)
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
            .execute(conn)?;
        Audit::record(
            conn,
            actor,
            AuditAction::RecordAward,
            &AuditTarget::Product(product_id),
            &f.describe(),
        )?;
        Product::refresh_award_summary(conn, &[product_id], &[])?;
        SearchOutbox::enqueue(conn, &[product_id])?;
        Ok(AwardChange::Done(product_id))
    })
}

/// Changes the tier, certificate, validity and source of a product's award.
pub async fn edit(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    f: AwardFields,
) -> Result<AwardChange, AppError> {
    let change = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
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
                    &actor,
                    AuditAction::UpdateAward,
                    &AuditTarget::Award { id, product_id },
                    &f.describe(),
                )?;
                Product::refresh_award_summary(conn, &[product_id], &[])?;
                SearchOutbox::enqueue(conn, &[product_id])?;
                QueryResult::Ok(AwardChange::Done(product_id))
            })?)
        })
        .await?;
    Ok(finish(caches, change))
}

/// Withdraws (deletes) a product's award; the audit row keeps what it was and why.
pub async fn withdraw(
    db: &Db,
    caches: Caches<'_>,
    actor: Actor,
    id: i32,
    reason: String,
) -> Result<AwardChange, AppError> {
    let change = db
        .run(move |conn| {
            Ok(conn.transaction(|conn| {
                let Some((current, product_id)) = Award::of_a_product(conn, id)? else {
                    return Ok(AwardChange::Missing);
                };
                diesel::delete(awards::table.find(id)).execute(conn)?;
                let what = format!(
                    "{} {} {} {} {} — {reason}",
                    current.programme,
                    current.year,
                    current.tier.as_deref().unwrap_or("-"),
                    super::audit_note(&crate::i18n::Msg::new("audit-note-number")),
                    current.certificate_no.as_deref().unwrap_or("-"),
                );
                Audit::record(
                    conn,
                    &actor,
                    AuditAction::WithdrawAward,
                    &AuditTarget::Award { id, product_id },
                    &what,
                )?;
                Product::refresh_award_summary(conn, &[product_id], &[])?;
                SearchOutbox::enqueue(conn, &[product_id])?;
                QueryResult::Ok(AwardChange::Done(product_id))
            })?)
        })
        .await?;
    Ok(finish(caches, change))
}
