//! Citizens' reports of wrong information on a product page, and the officials' answers.
//!
//! Anyone may file a report (no account); resolving one is an official action, audited in the
//! same transaction. A report is resolved once: a second resolution changes nothing.

use crate::i18n::Locale;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{Actor, Audit, AuditAction, AuditTarget};
use super::{PageRequest, Paged};
use crate::db::DbConnection;
use crate::db::schema::{products, reports, users};
use crate::db::stored::text_enum;

/// Why a citizen reports a product. The slug is the form value and the stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportReason {
    WrongInformation,
    Counterfeit,
    WrongAward,
    PointOfSaleGone,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::WrongInformation,
        ReportReason::Counterfeit,
        ReportReason::WrongAward,
        ReportReason::PointOfSaleGone,
        ReportReason::Other,
    ];

    /// The form and database value: `sai-thong-tin`, `gia-mao`…
    pub fn slug(self) -> &'static str {
        match self {
            ReportReason::WrongInformation => "sai-thong-tin",
            ReportReason::Counterfeit => "gia-mao",
            ReportReason::WrongAward => "giai-thuong",
            ReportReason::PointOfSaleGone => "noi-ban",
            ReportReason::Other => "khac",
        }
    }

    /// What the form and the officials' queue show.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("report-reason-{}", self.slug()))
    }

    /// The reason a form value names, if any.
    pub fn from_slug(slug: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

text_enum! {
    /// Where a report is: waiting for an official, or answered. The stored value is also the
    /// `status` filter of the queue.
    pub enum ReportStatus {
        Open = "open",
        Resolved = "resolved",
    }
}

impl ReportStatus {
    /// The status a query value names, if any.
    pub fn from_slug(slug: &str) -> Option<ReportStatus> {
        ReportStatus::parse(slug)
    }

    /// What the officials' queue shows.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("report-status-{}", self.as_str()))
    }
}

/// One stored report.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = reports)]
pub struct Report {
    pub id: i32,
    pub product_id: i32,
    pub reason: String,
    pub message: String,
    pub contact_email: Option<String>,
    pub status: ReportStatus,
    pub resolution_note: Option<String>,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A report to store; always starts open.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub product_id: i32,
    pub reason: ReportReason,
    pub message: String,
    pub contact_email: Option<String>,
}

/// A report as the officials see it: with its product and whoever resolved it.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub report: Report,
    pub product_slug: String,
    pub product_name: String,
    /// Email of the official who resolved it.
    pub resolver: Option<String>,
}

/// How resolving a report went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Resolved,
    /// It was resolved before: nothing changed, nothing audited.
    AlreadyResolved,
}

/// Most rows in one export.
pub const EXPORT_LIMIT: i64 = 10_000;

impl NewReport {
    /// Stores the report as open; returns its id.
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<i32> {
        diesel::insert_into(reports::table)
            .values((
                reports::product_id.eq(self.product_id),
                reports::reason.eq(self.reason.slug()),
                reports::message.eq(&self.message),
                reports::contact_email.eq(&self.contact_email),
                reports::status.eq(ReportStatus::Open),
                reports::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .returning(reports::id)
            .get_result(conn)
    }
}

type RowTuple = (Report, String, String, Option<String>);

fn row((report, product_slug, product_name, resolver): RowTuple) -> ReportRow {
    ReportRow {
        report,
        product_slug,
        product_name,
        resolver,
    }
}

impl Report {
    /// A report by id, in any status.
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Report> {
        reports::table
            .find(id)
            .select(Report::as_select())
            .first(conn)
    }

    /// The reason, if the stored value is one we know.
    pub fn reason(&self) -> Option<ReportReason> {
        ReportReason::from_slug(&self.reason)
    }

    /// Reports in `status`, oldest first (the queue order), one page.
    pub fn queue(
        conn: &mut DbConnection,
        status: ReportStatus,
        page: PageRequest,
    ) -> QueryResult<Paged<ReportRow>> {
        let total = reports::table
            .filter(reports::status.eq(status))
            .count()
            .get_result(conn)?;
        let items = reports::table
            .inner_join(products::table)
            .left_join(users::table)
            .filter(reports::status.eq(status))
            .order((reports::created_at.asc(), reports::id.asc()))
            .limit(page.per_page)
            .offset(page.offset())
            .select((
                Report::as_select(),
                products::slug,
                products::name,
                users::email.nullable(),
            ))
            .load::<RowTuple>(conn)?
            .into_iter()
            .map(row)
            .collect();
        Ok(Paged { items, total, page })
    }

    /// Reports for a download, oldest first, `status` or all, at most [`EXPORT_LIMIT`].
    pub fn export(
        conn: &mut DbConnection,
        status: Option<ReportStatus>,
    ) -> QueryResult<Vec<ReportRow>> {
        let mut q = reports::table
            .inner_join(products::table)
            .left_join(users::table)
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(reports::status.eq(s));
        }
        Ok(q.order((reports::created_at.asc(), reports::id.asc()))
            .limit(EXPORT_LIMIT)
            .select((
                Report::as_select(),
                products::slug,
                products::name,
                users::email.nullable(),
            ))
            .load::<RowTuple>(conn)?
            .into_iter()
            .map(row)
            .collect())
    }

    /// Open reports: the dashboard's count.
    pub fn count_open(conn: &mut DbConnection) -> QueryResult<i64> {
        reports::table
            .filter(reports::status.eq(ReportStatus::Open))
            .count()
            .get_result(conn)
    }

    /// Resolves an open report with the official's note and audits it, in one transaction.
    /// A missing report is `NotFound`; a resolved one is left as it is.
    pub fn resolve(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i32,
        note: &str,
    ) -> QueryResult<Resolution> {
        conn.transaction(|conn| {
            let report = Report::by_id(conn, id)?;
            let changed = diesel::update(
                reports::table
                    .find(id)
                    .filter(reports::status.eq(ReportStatus::Open)),
            )
            .set((
                reports::status.eq(ReportStatus::Resolved),
                reports::resolution_note.eq(Some(note)),
                reports::resolved_by.eq(actor.user_id),
                reports::resolved_at.eq(Some(chrono::Utc::now().naive_utc())),
            ))
            .execute(conn)?;
            if changed == 0 {
                return Ok(Resolution::AlreadyResolved);
            }
            Audit::record(
                conn,
                actor,
                AuditAction::ResolveReport,
                &AuditTarget::Report {
                    id,
                    product_id: report.product_id,
                },
                note,
            )?;
            Ok(Resolution::Resolved)
        })
    }
}
