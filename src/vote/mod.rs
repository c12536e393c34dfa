//! The yearly consumer vote for "Hàng Việt Nam được người tiêu dùng yêu thích" (issue 17).
//!
//! - [`count`]: the count, a pure function from the frozen rules, ballots, paper batches and
//!   jury scores to the ranked results with tiers;
//! - [`files`]: the published files the count reads, with a manifest of checksums, and the
//!   recount anyone can run on them (`hangviet vote count DIR`);
//! - [`online`]: the keys, identities, receipts and proof-of-work of online ballots;
//! - [`detect`]: the fraud detection that flags ballots for officials to review.

pub mod count;
pub mod detect;
pub mod files;
pub mod online;
