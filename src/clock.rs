//! Vietnam's clock: UTC+7 all year, with no daylight saving. The database stores UTC; pages
//! show, and forms take, Vietnam time.

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};

const OFFSET_HOURS: i64 = 7;

/// Vietnam's wall-clock time for a UTC time.
pub fn vietnam_time(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(OFFSET_HOURS)
}

/// The UTC time of a Vietnam wall-clock time.
pub fn utc_of_vietnam_time(local: NaiveDateTime) -> NaiveDateTime {
    local - Duration::hours(OFFSET_HOURS)
}

/// Today's date in Vietnam, for validity checks.
pub fn today_in_vietnam() -> NaiveDate {
    vietnam_time(Utc::now().naive_utc()).date()
}

/// The value of a `datetime-local` input showing a UTC time in Vietnam time.
pub fn datetime_local(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` value (Vietnam time, with or without seconds) as UTC.
pub fn parse_datetime_local(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(utc_of_vietnam_time)
}

/// A UTC time shown in Vietnam time, hour first: "08:00 01/03/2026".
pub fn shown_time(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%H:%M %d/%m/%Y").to_string()
}

/// A UTC time shown in Vietnam time, date first: "01/03/2026 08:00".
pub fn shown_date_time(utc: NaiveDateTime) -> String {
    vietnam_time(utc).format("%d/%m/%Y %H:%M").to_string()
}
