//! The officials' article form: what was posted, its checks with a Vietnamese message per
//! field, and the form filled from a stored article. Times are typed in Vietnam time
//! (`datetime-local`) and stored in UTC.

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::clock::{datetime_local, parse_datetime_local, shown_date_time};
use crate::db::models::article::ArticleFields;
use crate::db::models::{Article, Topic};
use crate::validate;
use crate::views::forms::FormState;

/// Largest article body, in bytes of Markdown.
pub const MAX_BODY_BYTES: usize = 100 * 1024;

/// The article form as posted; everything is text until checked.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    body: String,
    /// `datetime-local`: Vietnam time, `2026-03-15T08:00`.
    #[serde(default)]
    publish_at: String,
}

/// Parses a `datetime-local` value (Vietnam time) into UTC; empty means "no date".
fn parse_publish_at(text: &str) -> Result<Option<NaiveDateTime>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_datetime_local(text)
        .map(Some)
        .map_err(|e| e.message("Thời điểm đăng", "chọn ngày và giờ"))
}

impl ArticleForm {
    /// The form state to show again, and the fields when everything is valid.
    pub(super) fn check(&self) -> (FormState, Option<ArticleFields>) {
        let body = self.body.trim();
        let mut f = FormState::default()
            .value("title", self.title.trim())
            .value("summary", self.summary.trim())
            .value("topic", self.topic.trim())
            .value("body", body)
            .value("publish_at", self.publish_at.trim());
        if let Err(e) = validate::required(&self.title, 200) {
            f.error("title", e);
        }
        if let Err(e) = validate::limited(self.summary.trim(), 500) {
            f.error("summary", e);
        }
        if body.is_empty() {
            f.error("body", "Nội dung không được để trống.");
        } else if body.len() > MAX_BODY_BYTES {
            f.error(
                "body",
                "Nội dung dài tối đa 100 KB; hãy tách thành nhiều bài.",
            );
        }
        let topic = Topic::from_slug(self.topic.trim());
        if topic.is_none() {
            f.error("topic", "Hãy chọn chủ đề.");
        }
        let publish_at = parse_publish_at(self.publish_at.trim());
        if let Err(e) = &publish_at {
            f.error("publish_at", e.clone());
        }
        let fields = match (f.is_valid(), topic, publish_at) {
            (true, Some(topic), Ok(publish_at)) => Some(ArticleFields {
                title: self.title.trim().to_owned(),
                summary: self.summary.trim().to_owned(),
                topic,
                body_markdown: body.to_owned(),
                publish_at,
            }),
            _ => None,
        };
        (f, fields)
    }
}

/// "15/03/2026 08:00", Vietnam time; empty for none.
pub(super) fn shown(utc: Option<NaiveDateTime>) -> String {
    utc.map(shown_date_time).unwrap_or_default()
}

/// The form filled with the article as stored.
pub(super) fn form_of(a: &Article) -> FormState {
    FormState::default()
        .value("title", a.title.clone())
        .value("summary", a.summary.clone())
        .value("topic", a.topic.clone())
        .value("body", a.body_markdown.clone())
        .value(
            "publish_at",
            a.publish_at.map(datetime_local).unwrap_or_default(),
        )
}

#[cfg(test)]
mod tests {
    use super::parse_publish_at;

    #[test]
    fn publish_times_are_vietnam_time() {
        let utc = parse_publish_at("2026-03-15T07:30").expect("valid");
        assert_eq!(
            utc.map(|t| t.to_string()).as_deref(),
            Some("2026-03-15 00:30:00")
        );
        assert_eq!(parse_publish_at(""), Ok(None));
        assert!(parse_publish_at("15/03/2026").is_err());
        assert!(parse_publish_at("1899-01-01T00:00").is_err());
    }
}
