//! `/du-lieu`: the bulk downloads of the published catalogue (`crate::bulk`), with their
//! licence, when they were made, each file's size, rows and checksum, and each dataset's
//! schema in the page's language.

use serde::Serialize;

use super::{PageAddress, PageMeta};
use crate::bulk::{Dataset, Format, Manifest};
use crate::i18n::{Locale, Msg};

/// One downloadable file.
#[derive(Debug, Serialize)]
pub struct FileView {
    pub name: String,
    /// `/du-lieu/<name>`.
    pub url: String,
    /// "CSV" or "JSON Lines".
    pub format: &'static str,
    /// "1,2 MB" in the page's language.
    pub size: String,
    pub bytes: u64,
    pub rows: u64,
    pub sha256: String,
}

/// One field of a dataset, in the page's language.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub kind: String,
    pub meaning: String,
}

/// A dataset: its files and its schema.
#[derive(Debug, Serialize)]
pub struct DatasetView {
    pub id: &'static str,
    pub title: String,
    pub files: Vec<FileView>,
    pub fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
pub struct OpenDataPage {
    pub meta: PageMeta,
    /// When the files were made (Vietnam time), `None` before the first build.
    pub made_at: Option<String>,
    pub licence_name: &'static str,
    pub licence_url: &'static str,
    pub datasets: Vec<DatasetView>,
}

/// `size` bytes as people read it: "850 kB", "12,4 MB" (decimal comma in Vietnamese).
pub fn shown_size(bytes: u64, locale: Locale) -> String {
    let (value, unit) = match bytes {
        b if b < 1_000 => return locale.msg(&Msg::new("open-data-bytes").arg("count", b)),
        b if b < 1_000_000 => (b as f64 / 1e3, "kB"),
        b if b < 1_000_000_000 => (b as f64 / 1e6, "MB"),
        b => (b as f64 / 1e9, "GB"),
    };
    let text = format!("{value:.1} {unit}");
    match locale {
        Locale::Vi => text.replace('.', ","),
        _ => text,
    }
}

/// The catalogue key of a field type ("string|null" → `open-data-type-string-or-null`).
fn type_key(kind: &str) -> String {
    format!(
        "open-data-type-{}",
        kind.to_lowercase().replace('|', "-or-").replace(' ', "-")
    )
}

/// The page at `address`; `manifest` is the current set's, if any.
pub fn open_data_page(address: &PageAddress, manifest: Option<&Manifest>) -> OpenDataPage {
    let locale = address.locale;
    let datasets = Dataset::ALL
        .iter()
        .map(|&dataset| DatasetView {
            id: dataset.as_str(),
            title: locale.t(&format!("open-data-dataset-{}", dataset.as_str())),
            files: Format::ALL
                .iter()
                .filter_map(|&format| {
                    let entry = manifest?.file(&dataset.file_name(format))?;
                    Some(FileView {
                        url: locale.path(&format!("/du-lieu/{}", entry.name)),
                        name: entry.name.clone(),
                        format: match format {
                            Format::Csv => "CSV",
                            Format::JsonLines => "JSON Lines",
                        },
                        size: shown_size(entry.bytes, locale),
                        bytes: entry.bytes,
                        rows: entry.rows,
                        sha256: entry.sha256.clone(),
                    })
                })
                .collect(),
            fields: dataset
                .fields()
                .iter()
                .map(|field| FieldView {
                    name: field.name,
                    kind: locale.t(&type_key(field.kind)),
                    meaning: locale.t(&dataset.meaning_key(field.name)),
                })
                .collect(),
        })
        .collect();
    OpenDataPage {
        meta: address.meta(
            "",
            locale.t("open-data-title"),
            locale.t("open-data-description"),
        ),
        made_at: manifest.map(|m| crate::clock::shown_date_time(m.made_at.naive_utc())),
        licence_name: crate::bulk::LICENCE_NAME,
        licence_url: crate::bulk::LICENCE_URL,
        datasets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_type_has_a_name() {
        for dataset in Dataset::ALL {
            for field in dataset.fields() {
                let key = type_key(field.kind);
                assert_ne!(Locale::En.t(&key), key, "{key}");
            }
        }
    }
}
