//! The totals and facet counts of recent searches, for one version of the index: a search
//! asked again (the next page, another order, the same words from another visitor) then
//! collects only its page, while counting every match is most of a broad search's work
//! (`tra` in Hà Nội matches 102,448 of 1,000,000 products).
//!
//! An entry holds for the version it was counted on: the embedded index's searcher
//! generation (a new one at each commit), or Meilisearch's changes as this process applies
//! them, with an age limit for the changes another process applies. The cache is emptied
//! when the version changes and when it is full.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many searches a cache keeps (a few kilobytes each).
const ENTRIES: usize = 1024;

/// The version the entries were counted on, and the entries with their time.
type Entries<V> = (u64, HashMap<String, (Instant, V)>);

pub struct CountCache<V> {
    entries: Mutex<Entries<V>>,
    max_age: Option<Duration>,
}

impl<V: Clone> CountCache<V> {
    /// A cache whose entries hold for their version, and no longer than `max_age` when set.
    pub fn new(max_age: Option<Duration>) -> Self {
        CountCache {
            entries: Mutex::new((0, HashMap::new())),
            max_age,
        }
    }

    /// What was counted under `key` on `version`, if it is still fresh.
    pub fn get(&self, version: u64, key: &str) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        if entries.0 != version {
            return None;
        }
        let (at, value) = entries.1.get(key)?;
        match self.max_age {
            Some(max) if at.elapsed() >= max => None,
            _ => Some(value.clone()),
        }
    }

    /// Keeps what was counted under `key` on `version`.
    pub fn put(&self, version: u64, key: String, value: V) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        // A search on an older version, finishing late, keeps nothing.
        if version < entries.0 {
            return;
        }
        if version > entries.0 || entries.1.len() >= ENTRIES {
            entries.0 = version;
            entries.1.clear();
        }
        entries.1.insert(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_holds_for_its_version_only() {
        let cache = CountCache::new(None);
        cache.put(3, "tra".into(), 7);
        assert_eq!(cache.get(3, "tra"), Some(7));
        assert_eq!(cache.get(3, "che"), None);
        assert_eq!(cache.get(4, "tra"), None);
        // A late search on an older version neither keeps its count nor drops newer ones.
        cache.put(2, "che".into(), 1);
        assert_eq!(cache.get(2, "che"), None);
        assert_eq!(cache.get(3, "tra"), Some(7));
        cache.put(4, "che".into(), 2);
        assert_eq!(cache.get(4, "che"), Some(2));
        assert_eq!(cache.get(3, "tra"), None);
    }

    #[test]
    fn an_entry_older_than_the_age_limit_is_not_used() {
        let cache = CountCache::new(Some(Duration::ZERO));
        cache.put(0, "tra".into(), 7);
        assert_eq!(cache.get(0, "tra"), None);
        let lasting = CountCache::new(Some(Duration::from_secs(3600)));
        lasting.put(0, "tra".into(), 7);
        assert_eq!(lasting.get(0, "tra"), Some(7));
    }

    #[test]
    fn a_full_cache_starts_again() {
        let cache = CountCache::new(None);
        for i in 0..ENTRIES {
            cache.put(1, i.to_string(), i);
        }
        assert_eq!(cache.get(1, "0"), Some(0));
        cache.put(1, "one more".into(), 0);
        assert_eq!(cache.get(1, "0"), None);
        assert_eq!(cache.get(1, "one more"), Some(0));
    }
}
