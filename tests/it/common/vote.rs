//! The consumer vote's tests' shared rules.

use hangviet::vote::count::{Criterion, Group, Rules, TieBreak, TierBand};

/// Valid rules for `year`: two groups (food, drinks), 3 picks each, 70% votes and 30% jury
/// on one criterion out of 10, Top 1 and Top 2 of one place each, ties to votes then jury.
pub fn rules(year: i32) -> Rules {
    let group = |slug: &str, vi: &str, en: &str| Group {
        slug: slug.to_owned(),
        name_vi: vi.to_owned(),
        name_en: en.to_owned(),
    };
    Rules {
        year,
        groups: vec![
            group("thuc-pham", "Thực phẩm", "Food"),
            group("do-uong", "Đồ uống", "Drinks"),
        ],
        picks_per_group: 3,
        vote_weight: 70,
        jury_weight: 30,
        criteria: vec![Criterion {
            key: "chat-luong".to_owned(),
            name_vi: "Chất lượng".to_owned(),
            name_en: "Quality".to_owned(),
            max: 10,
        }],
        tiers: (1..=2)
            .map(|tier| TierBand {
                tier,
                places: 1,
                min_score: 0,
            })
            .collect(),
        tie_breaks: vec![TieBreak::Votes, TieBreak::Jury],
    }
}
