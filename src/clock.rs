//! Vietnam's clock: UTC+7 all year, with no daylight saving. The database stores UTC; pages
//! show, and forms take, Vietnam time.
//!
//! Rule: every date or time typed by a user goes through [`parse_datetime_local`] or
//! [`parse_date`], which accept only years in [`FORM_YEARS`], so nothing further down (the
//! offset arithmetic, PostgreSQL's date range, validity computations) meets an absurd year.
//! The conversions themselves never panic, even on a stored value out of that range.

use std::ops::RangeInclusive;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// Vietnam's offset from UTC (Indochina Time), the same all year.
const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// The years a date typed into a form may have.
pub const FORM_YEARS: RangeInclusive<i32> = 1900..=2200;

/// Vietnam's wall-clock time for a UTC time (unchanged at the very ends of the calendar).
pub fn vietnam_time(utc: NaiveDateTime) -> NaiveDateTime {
    utc.checked_add_offset(VIETNAM).unwrap_or(utc)
}

/// The UTC time of a Vietnam wall-clock time (unchanged at the very ends of the calendar).
pub fn utc_of_vietnam_time(local: NaiveDateTime) -> NaiveDateTime {
    local.checked_sub_offset(VIETNAM).unwrap_or(local)
}

/// Today's date in Vietnam, for validity checks.
pub fn today_in_vietnam() -> NaiveDate {
    vietnam_time(Utc::now().naive_utc()).date()
}

/// The site's clock, held in the application state: the system's time, which tests move
/// forward with [`SiteClock::advance`] to see what the site shows on a later day (an event past
/// its last day, say). Nothing else moves it, so in a running site it is the system's clock.
#[derive(Debug, Clone, Default)]
pub struct SiteClock {
    /// Seconds added to the system's time.
    shift: Arc<AtomicI64>,
}

impl SiteClock {
    /// Now, UTC.
    pub fn now(&self) -> NaiveDateTime {
        let now = Utc::now().naive_utc();
        let shift =
            TimeDelta::try_seconds(self.shift.load(Ordering::Relaxed)).unwrap_or(TimeDelta::zero());
        now.checked_add_signed(shift).unwrap_or(now)
    }

    /// Today's date in Vietnam.
    pub fn today(&self) -> NaiveDate {
        vietnam_time(self.now()).date()
    }

    /// Moves the clock `by` forward (tests: "three days later").
    pub fn advance(&self, by: TimeDelta) {
        self.shift.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

/// The value of a `datetime-local` input showing a UTC time in Vietnam time.
pub fn datetime_local(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%Y-%m-%dT%H:%M").to_string()
}

/// Why a typed date or time was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateInputError {
    /// Not a date (or time) in the expected form, or a day that does not exist.
    Malformed,
    /// A real date, but outside [`FORM_YEARS`].
    OutOfRange,
}

/// Only ASCII digits, dashes, colons, slashes, `T` and one space: chrono also reads signs
/// and years of any length, which no form means.
fn plain(text: &str) -> Result<&str, DateInputError> {
    let text = text.trim();
    let ok = !text.is_empty()
        && text.len() <= 19
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-:/T ".contains(&b))
        && text.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(text)
    } else {
        Err(DateInputError::Malformed)
    }
}

fn in_range(year: i32) -> Result<(), DateInputError> {
    if FORM_YEARS.contains(&year) {
        Ok(())
    } else {
        Err(DateInputError::OutOfRange)
    }
}

/// A `datetime-local` value (Vietnam time, with or without seconds) as UTC; the year must be
/// in [`FORM_YEARS`].
pub fn parse_datetime_local(text: &str) -> Result<NaiveDateTime, DateInputError> {
    let text = plain(text)?;
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or(DateInputError::Malformed)?;
    in_range(local.year())?;
    Ok(utc_of_vietnam_time(local))
}

/// A date typed as `2026-03-15` (a `date` input) or `15/03/2026` (as spreadsheets write it);
/// the year must be in [`FORM_YEARS`].
pub fn parse_date(text: &str) -> Result<NaiveDate, DateInputError> {
    let text = plain(text)?;
    let date = ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .ok_or(DateInputError::Malformed)?;
    in_range(date.year())?;
    Ok(date)
}

/// A UTC time shown in Vietnam time, hour first: "08:00 01/03/2026".
pub fn shown_time(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%H:%M %d/%m/%Y").to_string()
}

/// A UTC time shown in Vietnam time, date first: "01/03/2026 08:00".
pub fn shown_date_time(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%d/%m/%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_are_bounded_and_never_panic() {
        for bad in [
            "-262143-01-01T00:00",
            "+262142-12-31T23:59",
            "0000-01-01T00:00",
            "9999-12-31T23:59",
            "1899-12-31T23:59",
            "2024-02-30T10:00",
            "2025-01-01T24:00",
            "",
            "garbage",
            "２０２５-01-01T00:00",
        ] {
            assert!(parse_datetime_local(bad).is_err(), "{bad}");
        }
        for bad in [
            "-262143-01-01",
            "+262142-12-31",
            "0000-01-01",
            "9999-12-31",
            "2024-02-30",
            "31/02/2025",
            "",
            "garbage",
            "2025-1-1x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_datetime_local("2026-03-15T07:30").map(|t| t.to_string()),
            Ok("2026-03-15 00:30:00".to_owned())
        );
        assert_eq!(
            parse_datetime_local("9999-12-31T23:59"),
            Err(DateInputError::OutOfRange)
        );
        assert_eq!(
            parse_date("15/03/2026").map(|d| d.to_string()),
            Ok("2026-03-15".to_owned())
        );
        assert_eq!(
            parse_date("1900-01-01").map(|d| d.to_string()),
            Ok("1900-01-01".to_owned())
        );
        // Stored values at the ends of the calendar are shown, not a panic.
        let _ = shown_time(NaiveDateTime::MIN);
        let _ = shown_date_time(NaiveDateTime::MAX);
        let _ = utc_of_vietnam_time(NaiveDateTime::MIN);
        assert_eq!(vietnam_time(NaiveDateTime::MAX), NaiveDateTime::MAX);
        assert_eq!(utc_of_vietnam_time(NaiveDateTime::MIN), NaiveDateTime::MIN);
    }

    #[test]
    fn vietnam_is_seven_hours_ahead_across_midnight() {
        let utc = NaiveDate::from_ymd_opt(2026, 12, 31)
            .and_then(|d| d.and_hms_opt(20, 15, 0))
            .expect("a date");
        let local = vietnam_time(utc);
        assert_eq!(local.to_string(), "2027-01-01 03:15:00");
        assert_eq!(utc_of_vietnam_time(local), utc);
    }
}
