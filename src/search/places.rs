//! Places in a query: "che thai nguyen" is tea from Thái Nguyên. A run of query words that
//! names a province (its current name, its pre-2025 name, or a common short form such as
//! "tp hcm", "sai gon" or "hue"), with or without diacritics, is recognised here; the search
//! then ranks products made or sold there first (see `SearchService::search`).

use super::query::Analyzed;
use crate::reference::CardContext;
use crate::text::fold;

/// Short and other names of provinces, folded, with the slug they stand for.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("tp hcm", "tp-ho-chi-minh"),
    ("tphcm", "tp-ho-chi-minh"),
    ("hcm", "tp-ho-chi-minh"),
    ("sai gon", "tp-ho-chi-minh"),
    ("saigon", "tp-ho-chi-minh"),
    ("ho chi minh", "tp-ho-chi-minh"),
    ("thanh pho ho chi minh", "tp-ho-chi-minh"),
    ("tp ho chi minh", "tp-ho-chi-minh"),
    ("hn", "ha-noi"),
    ("tp ha noi", "ha-noi"),
    ("thu do ha noi", "ha-noi"),
    ("tp hue", "hue"),
    ("thanh pho hue", "hue"),
    ("brvt", "ba-ria-vung-tau"),
    ("vung tau", "ba-ria-vung-tau"),
    ("ba ria vung tau", "ba-ria-vung-tau"),
    ("daklak", "dak-lak"),
    ("dac lac", "dak-lak"),
    ("daknong", "dak-nong"),
    ("tp can tho", "can-tho"),
    ("tp da nang", "da-nang"),
    ("tp hai phong", "hai-phong"),
];

/// A place named in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The province filter value: a current province's slug or a former one's.
    pub slug: String,
    /// Where in `Analyzed::words` the place's words are.
    pub start: usize,
    pub len: usize,
}

impl Place {
    /// The query without the place's words; its last word is still a prefix only if it was
    /// the query's last.
    pub fn rest(&self, query: &Analyzed) -> Analyzed {
        let end = self.start + self.len;
        Analyzed {
            words: query
                .words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < self.start || *i >= end)
                .map(|(_, w)| w.clone())
                .collect(),
            prefix_last: query.prefix_last && end < query.words.len(),
            ..query.clone()
        }
    }
}

/// The longest run of words in `query` naming a province known to `ctx` (the first, if two
/// are as long). A last word still being typed names a place only once it is complete
/// ("thai ng" is not yet Thái Nguyên; "thai nguyen" is).
pub fn find(query: &Analyzed, ctx: &CardContext) -> Option<Place> {
    let names = ctx
        .provinces
        .provinces
        .iter()
        .map(|p| (fold(&p.name), p.slug.as_str()))
        .chain(
            ctx.provinces
                .aliases
                .iter()
                .map(|a| (fold(&a.name), a.slug.as_str())),
        )
        .map(|(name, slug)| (name.replace(['-', '–'], " "), slug))
        .chain(
            OTHER_NAMES
                .iter()
                .filter(|(_, slug)| ctx.provinces.by_slug(slug).is_some())
                .map(|(name, slug)| ((*name).to_owned(), *slug)),
        );
    let words = &query.words[..];
    let mut best: Option<Place> = None;
    for (name, slug) in names {
        let parts: Vec<&str> = name.split_whitespace().collect();
        if parts.is_empty() || parts.len() > words.len() {
            continue;
        }
        for start in 0..=words.len() - parts.len() {
            let matches = words[start..start + parts.len()]
                .iter()
                .zip(&parts)
                .all(|(w, p)| w == p);
            let longer = best
                .as_ref()
                .is_none_or(|b| parts.len() > b.len || (parts.len() == b.len && start < b.start));
            if matches && longer {
                best = Some(Place {
                    slug: slug.to_owned(),
                    start,
                    len: parts.len(),
                });
            }
        }
    }
    best
}
