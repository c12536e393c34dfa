//! Provinces: the 34 units in force since 1 July 2025 and their pre-2025 names (aliases).

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{province_aliases, provinces};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = provinces)]
pub struct Province {
    pub id: i32,
    pub code: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
}

/// A pre-2025 province name, now part of `province_id`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = province_aliases)]
pub struct ProvinceAlias {
    pub id: i32,
    pub province_id: i32,
    pub slug: String,
    pub name: String,
    pub name_folded: String,
}

impl Province {
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Province>> {
        provinces::table
            .order(provinces::name)
            .select(Province::as_select())
            .load(conn)
    }
}

impl ProvinceAlias {
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<ProvinceAlias>> {
        province_aliases::table
            .order(province_aliases::name)
            .select(ProvinceAlias::as_select())
            .load(conn)
    }
}

/// All provinces and aliases in memory (a few dozen rows), for lookups by id, slug or a
/// name written either way ("Kiên Giang", "kien giang", "An Giang").
#[derive(Debug, Clone)]
pub struct ProvinceIndex {
    pub provinces: Vec<Province>,
    pub aliases: Vec<ProvinceAlias>,
}

/// What a province filter value or a written province name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvinceRef {
    /// A current unit.
    Current(i32),
    /// A pre-2025 name: the alias id and the current unit it belongs to.
    Legacy { alias_id: i32, province_id: i32 },
}

impl ProvinceIndex {
    pub fn load(conn: &mut DbConnection) -> QueryResult<ProvinceIndex> {
        // Sorted by folded name, so "Đà Nẵng" sits among the D's, not after "Z".
        let mut provinces = Province::all(conn)?;
        provinces.sort_by_cached_key(|p| crate::text::fold(&p.name));
        let mut aliases = ProvinceAlias::all(conn)?;
        aliases.sort_by(|a, b| a.name_folded.cmp(&b.name_folded));
        Ok(ProvinceIndex { provinces, aliases })
    }

    pub fn province(&self, id: i32) -> Option<&Province> {
        self.provinces.iter().find(|p| p.id == id)
    }

    pub fn alias(&self, id: i32) -> Option<&ProvinceAlias> {
        self.aliases.iter().find(|a| a.id == id)
    }

    /// Resolves a URL slug ("an-giang" or "kien-giang").
    pub fn by_slug(&self, slug: &str) -> Option<ProvinceRef> {
        if let Some(p) = self.provinces.iter().find(|p| p.slug == slug) {
            return Some(ProvinceRef::Current(p.id));
        }
        self.aliases
            .iter()
            .find(|a| a.slug == slug)
            .map(|a| ProvinceRef::Legacy {
                alias_id: a.id,
                province_id: a.province_id,
            })
    }

    /// Resolves a name as written in an award list, ignoring case, diacritics and a leading
    /// "Tỉnh"/"Thành phố"/"TP".
    pub fn by_name(&self, name: &str) -> Option<ProvinceRef> {
        let slug = crate::text::slugify(name);
        let bare = ["tinh-", "thanh-pho-", "tp-"]
            .iter()
            .find_map(|prefix| slug.strip_prefix(prefix))
            .unwrap_or(&slug);
        self.by_slug(&slug)
            .or_else(|| self.by_slug(bare))
            .or_else(|| self.by_slug(&format!("tp-{bare}")))
    }
}
