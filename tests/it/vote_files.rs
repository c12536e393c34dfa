//! The published files of a consumer vote (issue 17): written with a manifest, counted again
//! by `hangviet vote count DIR` to the same results, and refused when any file was changed.

use clap::Parser;
use hangviet::config::Cli;
use hangviet::vote::count::{BallotStatus, JuryScore, Nomination};
use hangviet::vote::files::{
    self, BatchStatus, Invalidation, PaperMark, Publication, PublishedBallot, PublishedBatch,
};

use crate::common::vote::rules;

fn publication() -> Publication {
    let nominations: Vec<Nomination> = (1..=6)
        .map(|n| Nomination {
            number: n,
            group: if n <= 4 { "thuc-pham" } else { "do-uong" }.to_owned(),
            product: format!("Nước mắm số {n}, \"đặc biệt\""),
            producer: "Công ty Cổ phần Thực phẩm Việt".to_owned(),
        })
        .collect();
    // A deterministic spread of ballots: every 7th superseded, every 11th invalidated.
    let ballots = (0..200u64)
        .map(|i| PublishedBallot {
            ballot: i + 1,
            channel: "email".to_owned(),
            status: if i % 7 == 3 {
                BallotStatus::Superseded
            } else if i % 11 == 5 {
                BallotStatus::Invalidated
            } else {
                BallotStatus::Counted
            },
            day: format!("2026-09-{:02}", 1 + i % 30),
            picks: format!("{} {}", 1 + i % 4, 5 + i % 2),
        })
        .collect();
    let batches = vec![
        PublishedBatch {
            batch: "HN-01".to_owned(),
            place: "Siêu thị Co.opmart, Hà Nội".to_owned(),
            day: "2026-10-04".to_owned(),
            sheets_issued: 100,
            sheets_returned: 80,
            status: BatchStatus::Accepted,
        },
        PublishedBatch {
            batch: "HCM-02".to_owned(),
            place: "Chợ Bến Thành".to_owned(),
            day: "2026-10-05".to_owned(),
            sheets_issued: 100,
            sheets_returned: 90,
            status: BatchStatus::Blocked,
        },
    ];
    let marks = vec![
        PaperMark {
            batch: "HN-01".to_owned(),
            nomination: 4,
            marks: 70,
        },
        PaperMark {
            batch: "HCM-02".to_owned(),
            nomination: 3,
            marks: 90,
        },
    ];
    let jury = (1..=6)
        .flat_map(|n| {
            ["J-a", "J-b"].map(|juror| JuryScore {
                juror: juror.to_owned(),
                nomination: n,
                criterion: "chat-luong".to_owned(),
                score: n % 5 + 5,
            })
        })
        .collect();
    Publication {
        rules: rules(2026),
        nominations,
        ballots,
        batches,
        marks,
        jury,
        invalidations: vec![Invalidation {
            reason: "dia-chi-dung-mot-lan".to_owned(),
            ballots: 16,
        }],
        receipts: vec!["ff".repeat(32), "00".repeat(32)],
    }
}

fn run_cli(dir: &std::path::Path) -> anyhow::Result<()> {
    let cli = Cli::try_parse_from([
        "hangviet".as_ref(),
        "vote".as_ref(),
        "count".as_ref(),
        dir.as_os_str(),
    ])
    .expect("the command parses");
    hangviet::cli::run(cli)
}

#[test]
fn the_published_files_count_again_to_the_published_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let published = publication().write(dir.path()).expect("written");
    let recount = files::recount(dir.path()).expect("counted again");
    assert!(recount.matches);
    assert_eq!(recount.results, published);
    run_cli(dir.path()).expect("the CLI agrees");

    // The blocked batch's 90 marks for nomination 3 are not counted; the accepted batch's
    // 70 for nomination 4 are, and put it first.
    let food = &published.groups[0];
    assert_eq!(food.group, "thuc-pham");
    assert_eq!(food.ranking[0].nomination, 4);
    assert_eq!(food.ranking[0].paper_votes, 70);
    let third = food.ranking.iter().find(|p| p.nomination == 3).expect("3");
    assert_eq!(third.paper_votes, 0);
    assert_eq!(published.turnout.paper_batches_blocked, 1);
    // The receipts are published sorted.
    let receipts = std::fs::read_to_string(dir.path().join(files::RECEIPTS)).expect("receipts");
    assert_eq!(
        receipts,
        format!("{}\n{}\n", "00".repeat(32), "ff".repeat(32))
    );
}

#[test]
fn a_changed_file_is_refused_by_the_manifest() {
    let dir = tempfile::tempdir().expect("temp dir");
    publication().write(dir.path()).expect("written");
    let path = dir.path().join(files::BALLOTS);
    let ballots = std::fs::read_to_string(&path).expect("ballots");
    // One superseded ballot turned into a counted one.
    let forged = ballots.replacen("superseded", "counted", 1);
    assert_ne!(forged, ballots);
    std::fs::write(&path, forged).expect("forged");
    let err = files::recount(dir.path()).expect_err("refused");
    assert!(
        err.to_string()
            .contains("ballots.csv does not match the manifest"),
        "{err}"
    );
    assert!(run_cli(dir.path()).is_err());
}

#[test]
fn results_that_the_count_does_not_give_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut p = publication();
    p.write(dir.path()).expect("written");
    let honest = std::fs::read(dir.path().join(files::RESULTS)).expect("results");
    // The same files with a ballot more, but the old results kept and the manifest rewritten
    // to match them: consistent checksums, wrong results.
    p.ballots.push(PublishedBallot {
        ballot: 201,
        channel: "email".to_owned(),
        status: BallotStatus::Counted,
        day: "2026-10-31".to_owned(),
        picks: "1".to_owned(),
    });
    p.write(dir.path()).expect("written again");
    std::fs::write(dir.path().join(files::RESULTS), &honest).expect("old results back");
    let manifest_path = dir.path().join(files::MANIFEST);
    let mut manifest: files::Manifest =
        serde_json::from_slice(&std::fs::read(&manifest_path).expect("manifest")).expect("json");
    let entry = manifest
        .files
        .iter_mut()
        .find(|f| f.name == files::RESULTS)
        .expect("listed");
    entry.bytes = honest.len() as u64;
    entry.sha256 = hangviet::vote::count::hex(&<sha2::Sha256 as sha2::Digest>::digest(&honest));
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).expect("json")).expect("saved");

    let recount = files::recount(dir.path()).expect("counted");
    assert!(!recount.matches);
    let err = run_cli(dir.path()).expect_err("the CLI fails");
    assert!(
        err.to_string().contains("differs from the published"),
        "{err}"
    );
}
