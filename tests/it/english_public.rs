//! The public catalogue in both languages: every page of the area at `/…` and `/en/…`, its
//! language markers (`<html lang>`, hreflang alternates, the language switch, `og:locale`),
//! its words, and its internal links staying in the page's language.

use crate::common::{self, Page, TestApp};

use actix_web::http::StatusCode;

/// The public address the test apps are configured with.
const BASE: &str = "http://localhost:8080";

/// A page of the area: its Vietnamese path (query included), a string only its English page
/// shows and one only its Vietnamese page shows.
struct Case {
    path: &'static str,
    english: &'static str,
    vietnamese: &'static str,
}

const CASES: &[Case] = &[
    Case {
        path: "/",
        english: "Products awarded in 2025",
        vietnamese: "Sản phẩm đạt danh hiệu năm 2025",
    },
    Case {
        path: "/san-pham?programme=ocop&year=2022",
        english: "Remove filter OCOP Product (One Commune One Product)",
        vietnamese: "Bỏ lọc Sản phẩm OCOP",
    },
    Case {
        path: "/san-pham/mat-hoa-dua",
        english: "Where to buy",
        vietnamese: "Nơi bán",
    },
    Case {
        path: "/danh-muc/thu-cong-my-nghe",
        english: "Handicrafts and craft villages",
        vietnamese: "Thủ công mỹ nghệ - làng nghề",
    },
    Case {
        path: "/nha-san-xuat",
        english: "Former names (before 1 July 2025)",
        vietnamese: "Tên cũ (trước 1/7/2025)",
    },
    Case {
        path: "/nha-san-xuat/cong-ty-cp-thuong-mai-khai-hoan",
        english: "Kiên Giang (now part of An Giang)",
        vietnamese: "Kiên Giang (nay thuộc An Giang)",
    },
    Case {
        path: "/giai-thuong",
        english: "Lists by year",
        vietnamese: "Danh sách theo năm",
    },
    Case {
        path: "/giai-thuong/ocop/2022",
        english: "OCOP Product (One Commune One Product), 2022",
        vietnamese: "Sản phẩm OCOP năm 2022",
    },
    Case {
        path: "/tim-kiem?q=nuoc+mam",
        english: "Results for “nuoc mam”",
        vietnamese: "Kết quả cho “nuoc mam”",
    },
    Case {
        path: "/hoi-cho",
        english: "Fairs and Vietnamese goods weeks",
        vietnamese: "Hội chợ và tuần hàng Việt",
    },
];

/// `path` (a Vietnamese path) in English.
fn english(path: &str) -> String {
    match path {
        "/" => "/en".to_owned(),
        p => format!("/en{p}"),
    }
}

/// `path` as it appears in an attribute (tera escapes `&`).
fn in_attribute(path: &str) -> String {
    path.replace('&', "&amp;")
}

/// The opening tags of `page` whose name is one of `names`.
fn tags<'a>(page: &'a Page, names: &[&str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = page.body.as_str();
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if names
            .iter()
            .any(|n| tag[1..].starts_with(n) && tag[1 + n.len()..].starts_with([' ', '>']))
        {
            found.push(tag);
        }
        rest = &rest[end..];
    }
    found
}

/// The value of `attr` in the tag `tag`.
fn attribute<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let needle = format!(" {attr}=\"");
    let start = tag.find(&needle)? + needle.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Internal links and form actions of a page, but the language switch (which leads to the
/// other language on purpose) and files that are not pages.
fn page_links(page: &Page) -> Vec<String> {
    tags(page, &["a", "form"])
        .into_iter()
        .filter(|tag| attribute(tag, "hreflang").is_none())
        .filter_map(|tag| attribute(tag, "href").or_else(|| attribute(tag, "action")))
        .filter(|url| url.starts_with('/'))
        .filter(|url| {
            !["/assets/", "/media/", "/feed.xml"]
                .iter()
                .any(|f| url.starts_with(f))
        })
        .map(str::to_owned)
        .collect()
}

fn assert_language_markers(page: &Page, path: &str, lang: &str) {
    let (own, other, og) = match lang {
        "vi" => (path.to_owned(), english(path), "vi_VN"),
        _ => (english(path), path.to_owned(), "en_US"),
    };
    assert!(
        page.body.contains(&format!("<html lang=\"{lang}\">")),
        "{own}: <html lang>"
    );
    assert!(
        page.body
            .contains(&format!("<meta property=\"og:locale\" content=\"{og}\">")),
        "{own}: og:locale"
    );
    let bare = path.split('?').next().unwrap_or(path);
    for (hreflang, href) in [("vi", bare.to_owned()), ("en", english(bare))] {
        let alternate =
            format!("<link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{BASE}{href}\">");
        assert!(page.body.contains(&alternate), "{own}: {alternate}");
    }
    let switch = tags(page, &["a"])
        .into_iter()
        .find(|tag| attribute(tag, "hreflang").is_some())
        .and_then(|tag| attribute(tag, "href"))
        .unwrap_or_default();
    assert_eq!(
        switch,
        in_attribute(&other),
        "{own}: the language switch keeps the page and its query"
    );
}

#[actix_web::test]
async fn every_public_page_speaks_both_languages() {
    let app = TestApp::demo();
    for case in CASES {
        let vi = app.page(case.path).await;
        let en = app.page(&english(case.path)).await;
        assert_language_markers(&vi, case.path, "vi");
        assert_language_markers(&en, case.path, "en");
        assert!(
            en.body.contains(case.english),
            "{}: {:?} in English",
            case.path,
            case.english
        );
        assert!(
            !vi.body.contains(case.english),
            "{}: {:?} not in Vietnamese",
            case.path,
            case.english
        );
        assert!(
            vi.body.contains(case.vietnamese),
            "{}: {:?} in Vietnamese",
            case.path,
            case.vietnamese
        );
        assert!(
            !en.body.contains(case.vietnamese),
            "{}: {:?} not in English",
            case.path,
            case.vietnamese
        );

        let links = page_links(&en);
        assert!(links.len() > 5, "{}: links found: {links:?}", case.path);
        for link in &links {
            assert!(
                link == "/en" || link.starts_with("/en/") || link.starts_with("/en?"),
                "{}: internal link {link:?} is not English",
                case.path
            );
        }
        assert!(
            page_links(&vi).iter().all(|l| !l.starts_with("/en")),
            "{}: the Vietnamese page links to Vietnamese pages",
            case.path
        );
    }
}

#[actix_web::test]
async fn english_pages_link_within_the_english_site() {
    let app = TestApp::demo();
    let list = app
        .page("/en/san-pham?category=thuc-pham&sort=moi-nhat")
        .await;
    assert!(
        list.body
            .contains("href=\"/en/san-pham?category=thuc-pham&amp;sort=moi-nhat&amp;page=2\""),
        "pagination keeps the language and the filters"
    );
    assert!(
        list.body.contains("action=\"/en/san-pham\""),
        "the filter form"
    );
    assert!(
        list.body.contains("href=\"/en/san-pham?sort=moi-nhat\""),
        "the chip drops its filter"
    );
    assert!(
        list.body
            .contains("<option value=\"thuc-pham\" selected>Food</option>")
    );
    assert!(list.body.contains(">Name A–Z</option>"), "sort names");
    assert!(list.body.contains(" products</h2>"), "plural count");
    assert!(list.body.contains("href=\"/en/san-pham/"), "card links");
    assert!(
        list.body.contains("href=\"/en/nha-san-xuat/"),
        "card producer links"
    );

    let product = app.page("/en/san-pham/mat-hoa-dua").await;
    assert!(
        product
            .body
            .contains("href=\"/en/nha-san-xuat/cong-ty-tnhh-tra-vinh-farm\"")
    );
    assert!(product.body.contains("OCOP 5 stars"), "badges in English");
    let ld = product.json_ld();
    assert_eq!(ld["url"], format!("{BASE}/en/san-pham/mat-hoa-dua"));
    assert!(
        ld["award"][0]
            .as_str()
            .is_some_and(|a| a.contains("OCOP Product"))
    );
    assert!(
        ld["image"]
            .as_array()
            .is_none_or(|images| images.iter().all(|i| i
                .as_str()
                .is_some_and(|i| i.starts_with(&format!("{BASE}/media/"))))),
        "photos have no language"
    );
    assert!(product.body.contains(&format!(
        "<link rel=\"canonical\" href=\"{BASE}/en/san-pham/mat-hoa-dua\">"
    )));

    let search = app.page("/en/tim-kiem?q=nuoc+mam").await;
    assert!(
        search
            .body
            .contains("href=\"/en/tim-kiem?q=nuoc+mam&amp;category="),
        "facet links"
    );
    assert!(
        search
            .body
            .contains("<h2 class=\"facet__title\">Category</h2>")
    );
    assert!(
        search
            .body
            .contains("<h2 class=\"facet__title\">Province or city</h2>")
    );

    let home = app.page("/en").await;
    assert!(
        home.body
            .contains("href=\"/en/giai-thuong/hvn-yeu-thich/2025\"")
    );
    assert!(home.body.contains("href=\"/en/san-pham?year=2025\""));
    let hanoi = app.page("/en/nha-san-xuat?province=ha-noi").await;
    assert!(
        hanoi
            .body
            .contains("<option value=\"ha-noi\" selected>Hanoi</option>")
    );
    assert!(hanoi.body.contains(">Ho Chi Minh City</option>"));
}

#[actix_web::test]
async fn a_bad_filter_is_refused_in_the_page_language() {
    let app = TestApp::demo();
    let en = app.get("/en/san-pham?category=khong-co").await;
    assert_eq!(en.status, StatusCode::BAD_REQUEST);
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(
        en.body.contains("There is no category “khong-co”."),
        "{}",
        en.body
    );
    assert!(!en.body.contains("Không có nhóm hàng"));
    let vi = app.get("/san-pham?category=khong-co").await;
    assert_eq!(vi.status, StatusCode::BAD_REQUEST);
    assert!(vi.body.contains("Không có nhóm hàng “khong-co”."));

    for (path, english) in [
        ("/en/san-pham?page=0", "The page number “0” is not valid"),
        (
            "/en/san-pham?sort=gia",
            "The sort order “gia” is not valid.",
        ),
        (
            "/en/nha-san-xuat?province=atlantis",
            "There is no province or city “atlantis”.",
        ),
        ("/en/tim-kiem?q=tra&tier=9", "The tier “9” is not valid."),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(page.body.contains(english), "{path}: {english}");
    }
}

#[actix_web::test]
async fn the_page_cache_keeps_each_language_apart() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = common::ProducerBuilder::new("Cơ sở Bánh Cốm").insert(&mut conn);
        common::ProductBuilder::new("Bánh cốm Hàng Than", producer).insert(&mut conn);
    }
    for round in ["first", "second"] {
        for (path, lang, words) in [
            ("/san-pham", "vi", "1 sản phẩm"),
            ("/en/san-pham", "en", "1 product<"),
        ] {
            let page = app.page(path).await;
            assert!(
                page.body.contains(&format!("<html lang=\"{lang}\">")),
                "{round} {path}"
            );
            assert!(page.body.contains(words), "{round} {path}: {words}");
        }
    }
    assert_eq!(
        app.page("/san-pham").await.header("x-cache"),
        "hit",
        "the Vietnamese page is cached"
    );
}
