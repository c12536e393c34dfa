//! The officials' article form: what was posted and its checks, with a message per field in
//! the official's language. Times are typed in Vietnam time (`datetime-local`) and stored in
//! UTC. The English version is optional; when given it needs a title and a body, and its
//! body is sanitised like the Vietnamese one.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{DateField, date_problem};
use crate::clock::parse_datetime_local;
use crate::db::models::Topic;
use crate::db::models::article::{ArticleEnglish, ArticleFields};
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;

/// Largest article body, in bytes of Markdown (each language).
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
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    summary_en: String,
    #[serde(default)]
    body_en: String,
}

/// Parses a `datetime-local` value (Vietnam time) into UTC; empty means "no date".
fn parse_publish_at(text: &str) -> Result<Option<NaiveDateTime>, Msg> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_datetime_local(text)
        .map(Some)
        .map_err(|e| date_problem(e, DateField::PublishAt))
}

/// The message of a text over `max` characters (`None` when it fits).
fn too_long(text: &str, max: usize) -> Option<Msg> {
    (text.chars().count() > max).then(|| Msg::new("admin-article-too-long").arg("max", max))
}

/// The message of a body that is empty (when `required`) or too large.
fn body_problem(body: &str, required: bool) -> Option<Msg> {
    if body.is_empty() {
        required.then(|| Msg::new("admin-article-body-empty"))
    } else if body.len() > MAX_BODY_BYTES {
        Some(Msg::new("admin-article-body-too-large"))
    } else {
        None
    }
}

/// What the form holds once checked.
pub struct Checked {
    pub fields: ArticleFields,
    pub english: ArticleEnglish,
}

impl ArticleForm {
    fn state(&self, locale: Locale) -> FormState {
        FormState::new(locale)
            .value("title", self.title.trim())
            .value("summary", self.summary.trim())
            .value("topic", self.topic.trim())
            .value("body", self.body.trim())
            .value("publish_at", self.publish_at.trim())
            .value("title_en", self.title_en.trim())
            .value("summary_en", self.summary_en.trim())
            .value("body_en", self.body_en.trim())
    }

    /// The English version, with its messages in `f`.
    fn english(&self, f: &mut FormState) -> ArticleEnglish {
        let english = ArticleEnglish {
            title: self.title_en.trim().to_owned(),
            summary: self.summary_en.trim().to_owned(),
            body_markdown: self.body_en.trim().to_owned(),
        };
        let given = !english.title.is_empty() || !english.body_markdown.is_empty();
        let mut problems = vec![
            ("title_en", too_long(&english.title, 200)),
            ("summary_en", too_long(&english.summary, 500)),
            ("body_en", body_problem(&english.body_markdown, false)),
        ];
        if given && english.title.is_empty() {
            problems.push((
                "title_en",
                Some(Msg::new("admin-article-english-needs-title")),
            ));
        }
        if given && english.body_markdown.is_empty() {
            problems.push((
                "body_en",
                Some(Msg::new("admin-article-english-needs-body")),
            ));
        }
        for (field, problem) in problems {
            if let Some(msg) = problem {
                f.error(field, msg.clone());
            }
        }
        english
    }

    /// The form state to show again (messages in `locale`), and what it holds when
    /// everything is valid.
    pub(super) fn check(&self, locale: Locale) -> (FormState, Option<Checked>) {
        let mut f = self.state(locale);
        let title = self.title.trim();
        let title_problem = if title.is_empty() {
            Some(Msg::new("admin-article-required"))
        } else {
            too_long(title, 200)
        };
        let topic = Topic::from_slug(self.topic.trim());
        let publish_at = parse_publish_at(self.publish_at.trim());
        let problems = [
            ("title", title_problem),
            ("summary", too_long(self.summary.trim(), 500)),
            ("body", body_problem(self.body.trim(), true)),
            (
                "topic",
                topic
                    .is_none()
                    .then(|| Msg::new("admin-article-topic-needed")),
            ),
            ("publish_at", publish_at.clone().err()),
        ];
        for (field, problem) in problems {
            if let Some(msg) = problem {
                f.error(field, msg.clone());
            }
        }
        let english = self.english(&mut f);
        let checked = match (f.is_valid(), topic, publish_at) {
            (true, Some(topic), Ok(publish_at)) => Some(Checked {
                fields: ArticleFields {
                    title: title.to_owned(),
                    summary: self.summary.trim().to_owned(),
                    topic,
                    body_markdown: self.body.trim().to_owned(),
                    publish_at,
                },
                english,
            }),
            _ => None,
        };
        (f, checked)
    }
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
