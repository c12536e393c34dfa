//! The sitemap as a crawler reads it: the index at `/sitemap.xml`, then every file it names.

use super::{Page, TestApp};

/// The `<loc>` values of an XML document, in order.
pub fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>").map(|(loc, _)| loc.to_owned()))
        .collect()
}

impl TestApp {
    /// Every file the sitemap index names, fetched (each must answer 200), with its path.
    pub async fn sitemap_files(&self) -> Vec<(String, Page)> {
        let index = self.page("/sitemap.xml").await;
        assert!(index.body.contains("<sitemapindex"), "{}", index.body);
        let mut files = Vec::new();
        for loc in locs(&index.body) {
            let path = loc
                .strip_prefix("http://localhost:8080")
                .unwrap_or_else(|| panic!("{loc} is on the public address"))
                .to_owned();
            let page = self.page(&path).await;
            files.push((path, page));
        }
        files
    }

    /// The bodies of every sitemap file, one after the other (for "is this page listed").
    pub async fn sitemap_text(&self) -> String {
        self.sitemap_files()
            .await
            .into_iter()
            .map(|(_, page)| page.body)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
