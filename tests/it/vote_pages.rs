//! The consumer vote's paper ballots and jury through their pages (issue 17): officials open
//! a batch and enter its tally twice, on two accounts, without seeing each other's numbers
//! (a difference blocks the batch, shown side by side); officials appoint jurors, who score
//! from `/giam-khao` until voting closes. Bad input is shown again next to its field with
//! what was typed, and stores nothing. On SQLite, and on PostgreSQL with TEST_DATABASE_URL.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use hangviet::actions::vote;
use hangviet::db::models::vote_campaign::CampaignState;
use hangviet::db::models::vote_paper::{BatchStatus, PaperBatch};
use hangviet::db::schema::{
    audit_log, vote_jurors, vote_jury_scores, vote_paper_batches, vote_paper_entries,
};

use crate::common::vote::{now, voting};
use crate::common::{TestApp, link_in};
use hangviet::db::models::mail_outbox::MailKind;

const PAPER: &str = "/quan-tri/binh-chon/2026/phieu-giay";

fn count_batches(app: &TestApp) -> i64 {
    vote_paper_batches::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn count_entries(app: &TestApp) -> i64 {
    vote_paper_entries::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn batch_status(app: &TestApp, code: &str) -> BatchStatus {
    vote_paper_batches::table
        .filter(vote_paper_batches::code.eq(code))
        .select(vote_paper_batches::status)
        .first(&mut *app.conn())
        .expect("batch")
}

fn batch_form<'a>(code: &'a str, officer_b: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("place", "Siêu thị Co.opmart Cống Quỳnh, TP. Hồ Chí Minh"),
        ("day", "2026-10-04"),
        ("officer_a", "Nguyễn Thị Lan"),
        ("officer_b", officer_b),
        ("sheets_issued", "100"),
    ]
}

#[actix_web::test]
async fn officials_enter_a_batch_twice_through_the_pages_and_a_difference_blocks_it() {
    let s = voting();
    let [kept, other] = s.eligible;
    let (m_kept, m_other) = (format!("m-{kept}"), format!("m-{other}"));
    let first = s.app.member("kiemphieu1@example.vn", "official");
    let second = s.app.member("kiemphieu2@example.vn", "official");
    let mut a = s.app.browser_of(&first);
    let mut b = s.app.browser_of(&second);

    let page = a.get(PAPER).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Mở lô phiếu mới"));

    // A bad batch: every message next to its field, what was typed kept, nothing stored.
    let bad = a
        .submit(
            PAPER,
            PAPER,
            &[
                ("code", ""),
                ("place", "Chợ Bến Thành"),
                ("day", "31/02/2026"),
                ("officer_a", "Nguyễn Thị Lan"),
                ("officer_b", "Nguyễn Thị Lan"),
                ("sheets_issued", "0"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Không được để trống",
        "Hai cán bộ phụ trách phải là hai người khác nhau",
        "Hãy nhập số phiếu phát ra",
        "e-day",
    ] {
        assert!(bad.body.contains(message), "{message}");
    }
    assert!(bad.body.contains("Chợ Bến Thành"), "what was typed is kept");
    assert_eq!(count_batches(&s.app), 0);

    let opened = a
        .submit(PAPER, PAPER, &batch_form("HCM-01", "Trần Văn Minh"))
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let batch_page = opened.header("location").to_owned();
    let id: i32 = batch_page
        .rsplit('/')
        .next()
        .expect("id")
        .parse()
        .expect("id");
    assert_eq!(batch_page, format!("{PAPER}/{id}"));
    // The same code again is refused next to its field.
    let twice = a
        .submit(PAPER, PAPER, &batch_form("HCM-01", "Trần Văn Minh"))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("Mã lô này đã được dùng"));
    assert_eq!(count_batches(&s.app), 1);

    // Bad tallies: the form again with the message by the field, nothing stored.
    let page = a.get(&batch_page).await;
    assert!(page.body.contains("Kẹo dừa") && page.body.contains(&m_kept));
    let too_many = a
        .submit(
            &batch_page,
            &batch_page,
            &[("sheets_returned", "120"), (&m_kept, "61")],
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_many
            .body
            .contains("không được lớn hơn số phiếu phát ra")
    );
    assert!(too_many.body.contains("value=\"120\""), "kept");
    let above = a
        .submit(
            &batch_page,
            &batch_page,
            &[("sheets_returned", "80"), (&m_kept, "81"), (&m_other, "x")],
        )
        .await;
    assert_eq!(above.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(above.body.contains("Hãy nhập một số nguyên không âm"));
    let above = a
        .submit(
            &batch_page,
            &batch_page,
            &[("sheets_returned", "80"), (&m_kept, "81")],
        )
        .await;
    assert_eq!(above.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(above.body.contains(&format!("id=\"e-{m_kept}\"")));
    assert_eq!(count_entries(&s.app), 0);

    // The first entry; its author cannot give the second.
    let entered = a
        .submit(
            &batch_page,
            &batch_page,
            &[("sheets_returned", "80"), (&m_kept, "61"), (&m_other, "18")],
        )
        .await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER, "{}", entered.body);
    let page = a.get(&batch_page).await;
    assert!(
        page.body.contains("cần một cán bộ khác nhập lần hai"),
        "flash"
    );
    assert!(page.body.contains("Bạn đã nhập lô này"));
    assert!(!page.body.contains("name=\"sheets_returned\""), "no form");
    let again = a
        .submit(
            PAPER,
            &batch_page,
            &[("sheets_returned", "80"), (&m_kept, "61"), (&m_other, "18")],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(count_entries(&s.app), 1);

    // The second official sees an empty form: nothing of the first entry, here or in the
    // audit log (open to every official).
    let details: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("enter_paper_batch"))
        .select(audit_log::detail)
        .load(&mut *s.app.conn())
        .expect("audit");
    assert_eq!(details, [""]);
    let log = b.get("/quan-tri/nhat-ky").await;
    assert!(!log.body.contains(":61"), "{}", log.body);
    let page = b.get(&batch_page).await;
    assert!(page.body.contains("name=\"sheets_returned\""));
    assert!(!page.body.contains("value=\"61\"") && !page.body.contains("value=\"80\""));
    let differs = b
        .submit(
            &batch_page,
            &batch_page,
            &[("sheets_returned", "80"), (&m_kept, "61"), (&m_other, "19")],
        )
        .await;
    assert_eq!(differs.status, StatusCode::SEE_OTHER);
    assert_eq!(batch_status(&s.app, "HCM-01"), BatchStatus::Blocked);
    let page = b.get(&batch_page).await;
    assert!(page.body.contains("lô phiếu bị khóa"), "flash");
    assert_eq!(
        page.body.matches("data-differs").count(),
        1,
        "{}",
        page.body
    );
    assert!(page.body.contains("<strong>18</strong>") && page.body.contains("<strong>19</strong>"));

    // A second batch whose entries match is accepted; the console counts both.
    let opened = a
        .submit(PAPER, PAPER, &batch_form("HCM-02", "Lê Thu Hà"))
        .await;
    let second_page = opened.header("location").to_owned();
    for browser in [&mut a, &mut b] {
        let done = browser
            .submit(
                &second_page,
                &second_page,
                &[("sheets_returned", "40"), (&m_kept, "12"), (&m_other, "")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(batch_status(&s.app, "HCM-02"), BatchStatus::Accepted);
    let console = a.get("/quan-tri/binh-chon/2026").await;
    assert!(
        console
            .body
            .contains("Đã chấp nhận: 1 · Bị khóa do lệch: 1"),
        "{}",
        console.body
    );
    let list = a.get(PAPER).await;
    assert!(list.body.contains("Bị khóa do lệch") && list.body.contains("Đã chấp nhận"));
    assert!(
        list.body
            .contains("data-batch=\"HCM-01\" data-status=\"blocked\"")
    );
    assert!(
        list.body
            .contains("data-batch=\"HCM-02\" data-status=\"accepted\"")
    );

    // Another campaign's batch number is a 404; a citizen is refused.
    let stranger = format!("/quan-tri/binh-chon/2025/phieu-giay/{id}");
    assert_eq!(a.get(&stranger).await.status, StatusCode::NOT_FOUND);
    let citizen = s.app.member("nguoidan@example.vn", "citizen");
    let mut c = s.app.browser_of(&citizen);
    assert_eq!(c.get(PAPER).await.status, StatusCode::FORBIDDEN);

    // Once voting has moved past closing, batches are neither opened nor entered.
    let mut conn = s.app.conn();
    for (from, to) in [
        (CampaignState::VotingOpen, CampaignState::VotingClosed),
        (CampaignState::VotingClosed, CampaignState::Counting),
    ] {
        vote::advance(
            &mut conn,
            s.app.mover(&s.first),
            s.campaign,
            from,
            to,
            "",
            now(),
        )
        .expect("moved");
    }
    drop(conn);
    let late = a
        .submit(&second_page, PAPER, &batch_form("HCM-03", "Lê Thu Hà"))
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("Chỉ nhập phiếu giấy khi đang bình chọn"));
    assert_eq!(count_batches(&s.app), 2);
    let stored = PaperBatch::of_campaign(&mut s.app.conn(), s.campaign).expect("batches");
    assert_eq!(stored.len(), 2);
}

fn scores(app: &TestApp) -> Vec<(i32, String, i32)> {
    vote_jury_scores::table
        .order((vote_jury_scores::nomination_id, vote_jury_scores::criterion))
        .select((
            vote_jury_scores::nomination_id,
            vote_jury_scores::criterion,
            vote_jury_scores::score,
        ))
        .load(&mut *app.conn())
        .expect("scores")
}

#[actix_web::test]
async fn officials_appoint_jurors_who_score_from_their_sheet_until_voting_closes() {
    let s = voting();
    let [kept, other] = s.eligible;
    let console = "/quan-tri/binh-chon/2026";
    let appoint = "/quan-tri/binh-chon/2026/giam-khao";
    let official = s.app.member("canbo@example.vn", "official");
    let juror = s.app.member("giamkhao@example.vn", "citizen");
    let outsider = s.app.member("nguoidan@example.vn", "citizen");
    let mut o = s.app.browser_of(&official);

    let unknown = o
        .submit(console, appoint, &[("email", "khongco@example.vn")])
        .await;
    assert_eq!(unknown.status, StatusCode::SEE_OTHER);
    let page = o.get(console).await;
    assert!(
        page.body
            .contains("Không có tài khoản nào với email khongco@example.vn")
    );
    let jurors = || -> i64 {
        vote_jurors::table
            .count()
            .get_result(&mut *s.app.conn())
            .expect("count")
    };
    assert_eq!(jurors(), 0);
    let made = o
        .submit(console, appoint, &[("email", " GiamKhao@example.vn ")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let page = o.get(console).await;
    assert!(page.body.contains("làm giám khảo GK-1"), "flash");
    assert!(page.body.contains("GK-1: giamkhao@example.vn"));
    // The juror is told where to score.
    let told = s
        .app
        .mails_to("giamkhao@example.vn", MailKind::JuryAppointed);
    assert_eq!(told.len(), 1);
    assert_eq!(
        link_in(&told[0].body_text, "/giam-khao/"),
        "/giam-khao/2026"
    );
    assert!(told[0].body_text.contains("GK-1"));
    o.submit(console, appoint, &[("email", "giamkhao@example.vn")])
        .await;
    assert!(o.get(console).await.body.contains("đã là giám khảo"));
    assert_eq!(jurors(), 1);

    // The juror's sheet: a field per eligible nomination and criterion.
    let mut j = s.app.browser_of(&juror);
    let index = j.get("/giam-khao").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("/giam-khao/2026") && index.body.contains("GK-1"));
    let sheet = "/giam-khao/2026";
    let (f_kept, f_other) = (
        format!("s-{kept}-chat-luong"),
        format!("s-{other}-chat-luong"),
    );
    let page = j.get(sheet).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("name=\"{f_kept}\"")));
    assert!(
        !page.body.contains(&format!("s-{}-", s.rejected)),
        "only eligible"
    );

    // A score above the maximum: shown again, the whole sheet unsaved.
    let bad = j
        .submit(sheet, sheet, &[(&f_kept, "7"), (&f_other, "11")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("từ 0 đến 10"));
    assert!(bad.body.contains("value=\"11\"") && bad.body.contains("value=\"7\""));
    assert!(scores(&s.app).is_empty());
    // A field for a nomination that is not eligible is a forged form.
    let forged = format!("s-{}-chat-luong", s.rejected);
    let refused = j.submit(sheet, sheet, &[(&forged, "5")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(scores(&s.app).is_empty());

    let saved = j
        .submit(sheet, sheet, &[(&f_kept, "7"), (&f_other, "9")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let expected = vec![
        (kept, "chat-luong".to_owned(), 7),
        (other, "chat-luong".to_owned(), 9),
    ];
    assert_eq!(scores(&s.app), expected);
    let page = j.get(sheet).await;
    assert!(page.body.contains("Đã lưu điểm chấm") && page.body.contains("value=\"9\""));
    assert!(o.get(console).await.body.contains("đã cho điểm 2 mục"));
    // A field emptied takes its score back.
    let taken_back = j
        .submit(sheet, sheet, &[(&f_kept, "7"), (&f_other, "")])
        .await;
    assert_eq!(taken_back.status, StatusCode::SEE_OTHER);
    assert_eq!(scores(&s.app), expected[..1]);
    j.submit(sheet, sheet, &[(&f_kept, "7"), (&f_other, "9")])
        .await;
    assert_eq!(scores(&s.app), expected);

    // Someone who is not a juror sees nothing and stores nothing.
    let mut x = s.app.browser_of(&outsider);
    assert_eq!(x.get(sheet).await.status, StatusCode::FORBIDDEN);
    let token = x.token("/tai-khoan/mat-khau").await;
    let forged = x
        .post_raw(
            sheet,
            &[("csrf_token", &token), (&f_kept, "1")],
            &[("Sec-Fetch-Site", "same-origin")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(scores(&s.app), expected);

    // Voting closes: the scores lock; the sheet says so and a late save changes nothing.
    vote::advance(
        &mut s.app.conn(),
        s.app.mover(&s.first),
        s.campaign,
        CampaignState::VotingOpen,
        CampaignState::VotingClosed,
        "",
        now(),
    )
    .expect("closed");
    let page = j.get(sheet).await;
    assert!(page.body.contains("id=\"jury-locked\"") && page.body.contains(" disabled"));
    let token = j.token("/tai-khoan/mat-khau").await;
    let late = j
        .post_raw(
            sheet,
            &[("csrf_token", &token), (&f_kept, "1")],
            &[("Sec-Fetch-Site", "same-origin")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("Điểm đã khóa"));
    assert_eq!(scores(&s.app), expected);
    // Nor are jurors appointed any more.
    o.submit(console, appoint, &[("email", "nguoidan@example.vn")])
        .await;
    assert_eq!(jurors(), 1);
}
