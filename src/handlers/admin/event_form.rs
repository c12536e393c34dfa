//! The officials' event form (a fair, a product week): what was posted and its checks, with a
//! message per field in the official's language. Dates are days (`date` inputs, or
//! `dd/mm/yyyy`); the last day is included. Coordinates are optional, typed as
//! "21.0285, 105.8542".

use chrono::NaiveDate;
use serde::Deserialize;

use super::{DateField, date_problem};
use crate::clock::parse_date;
use crate::db::models::event::{EventFields, EventKind};
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::views::forms::FormState;

/// The event form as posted; everything is text until checked.
#[derive(Debug, Default, Deserialize)]
pub struct EventForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    coordinates: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    organiser: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    description_en: String,
}

/// "21.0285, 105.8542" (a comma, a semicolon or spaces between): latitude then longitude.
pub fn parse_coordinates(text: &str) -> Option<(f64, f64)> {
    let parts: Vec<&str> = text
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let [lat, lng] = parts.as_slice() else {
        return None;
    };
    let number = |t: &str| {
        let plain = t.len() <= 24 && t.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b));
        plain.then(|| t.parse::<f64>().ok()).flatten()
    };
    let (lat, lng) = (number(lat)?, number(lng)?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)).then_some((lat, lng))
}

/// The message of a required text that is empty or over `max` characters.
fn required(text: &str, max: usize) -> Option<Msg> {
    if text.is_empty() {
        Some(Msg::new("event-form-required"))
    } else {
        limited(text, max)
    }
}

/// The message of a text over `max` characters.
fn limited(text: &str, max: usize) -> Option<Msg> {
    (text.chars().count() > max).then(|| Msg::new("event-form-too-long").arg("max", max))
}

impl EventForm {
    fn state(&self, locale: Locale) -> FormState {
        FormState::new(locale)
            .value("name", self.name.trim())
            .value("name_en", self.name_en.trim())
            .value("kind", self.kind.trim())
            .value("venue", self.venue.trim())
            .value("address", self.address.trim())
            .value("province", self.province.trim())
            .value("coordinates", self.coordinates.trim())
            .value("starts_on", self.starts_on.trim())
            .value("ends_on", self.ends_on.trim())
            .value("organiser", self.organiser.trim())
            .value("description", self.description.trim())
            .value("description_en", self.description_en.trim())
    }

    /// The fields, or the form to show again with its messages in `locale`.
    pub(super) fn check(
        &self,
        ctx: &CardContext,
        locale: Locale,
    ) -> Result<EventFields, FormState> {
        let mut f = self.state(locale);
        let kind = EventKind::parse(self.kind.trim());
        let province = ctx
            .provinces
            .by_slug(self.province.trim())
            .map(|p| match p {
                crate::db::models::province::ProvinceRef::Current(id) => id,
                crate::db::models::province::ProvinceRef::Legacy { province_id, .. } => province_id,
            });
        let coordinates = self.coordinates.trim();
        let position = parse_coordinates(coordinates);
        let mut day = |field: &str, text: &str| -> Option<NaiveDate> {
            match text.trim() {
                "" => {
                    f.error(field, "event-form-date-needed");
                    None
                }
                t => parse_date(t)
                    .map_err(|e| f.error(field, date_problem(e, DateField::Date)))
                    .ok(),
            }
        };
        let starts_on = day("starts_on", &self.starts_on);
        let ends_on = day("ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            f.error("ends_on", "event-form-ends-before-start");
        }
        let problems = [
            ("name", required(self.name.trim(), 200)),
            ("name_en", limited(self.name_en.trim(), 200)),
            ("venue", required(self.venue.trim(), 200)),
            ("address", required(self.address.trim(), 300)),
            ("organiser", required(self.organiser.trim(), 200)),
            ("description", limited(self.description.trim(), 5_000)),
            ("description_en", limited(self.description_en.trim(), 5_000)),
            (
                "kind",
                kind.is_none().then(|| Msg::new("event-form-kind-needed")),
            ),
            (
                "province",
                province
                    .is_none()
                    .then(|| Msg::new("event-form-province-needed")),
            ),
            (
                "coordinates",
                (!coordinates.is_empty() && position.is_none())
                    .then(|| Msg::new("event-form-coordinates")),
            ),
        ];
        for (field, problem) in problems {
            if let Some(msg) = problem {
                f.error(field, msg);
            }
        }
        match (f.is_valid(), kind, province, starts_on, ends_on) {
            (true, Some(kind), Some(province_id), Some(starts_on), Some(ends_on)) => {
                Ok(EventFields {
                    name: self.name.trim().to_owned(),
                    name_en: self.name_en.trim().to_owned(),
                    kind,
                    venue: self.venue.trim().to_owned(),
                    address: self.address.trim().to_owned(),
                    province_id,
                    position,
                    starts_on,
                    ends_on,
                    organiser: self.organiser.trim().to_owned(),
                    description: self.description.trim().to_owned(),
                    description_en: self.description_en.trim().to_owned(),
                })
            }
            _ => Err(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_coordinates;

    #[test]
    fn coordinates_are_latitude_then_longitude_in_range() {
        assert_eq!(
            parse_coordinates("21.0285, 105.8542"),
            Some((21.0285, 105.8542))
        );
        assert_eq!(parse_coordinates("10.77 106.70"), Some((10.77, 106.70)));
        assert_eq!(parse_coordinates("-33.9;151.2"), Some((-33.9, 151.2)));
        for bad in [
            "", "21.0285", "91, 10", "10, 181", "a, b", "1e3, 2", "NaN, 1", "1,2,3",
        ] {
            assert_eq!(parse_coordinates(bad), None, "{bad}");
        }
    }
}
