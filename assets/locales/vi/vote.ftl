# Bình chọn "Hàng Việt Nam được người tiêu dùng yêu thích" (issue 17).

vote-state-draft = Bản nháp
vote-state-nominations-open = Đang nhận đề cử
vote-state-review = Đang xét duyệt đề cử
vote-state-voting-open = Đang bình chọn
vote-state-voting-closed = Đã khóa bình chọn
vote-state-counting = Đang kiểm phiếu
vote-state-provisional = Kết quả tạm thời
vote-state-objections = Đang nhận khiếu nại
vote-state-certified = Đã công nhận kết quả
vote-state-archived = Đã lưu trữ

audit-action-create_vote = Tạo đợt bình chọn
audit-action-set_vote_rules = Sửa quy chế bình chọn
audit-action-vote-nominations_open = Mở nhận đề cử
audit-action-vote-review = Chuyển sang xét duyệt đề cử
audit-action-vote-voting_open = Mở bình chọn (khóa quy chế)
audit-action-vote-voting_closed = Khóa bình chọn
audit-action-vote-counting = Bắt đầu kiểm phiếu
audit-action-vote-provisional = Công bố kết quả tạm thời
audit-action-vote-objections = Mở nhận khiếu nại
audit-action-vote-certified = Công nhận kết quả
audit-action-vote-archived = Lưu trữ đợt bình chọn

audit-action-review_nomination = Xét duyệt đề cử

vote-nomination-submitted = Đã gửi
vote-nomination-needs-info = Cần bổ sung thông tin
vote-nomination-eligible = Đủ điều kiện
vote-nomination-rejected = Bị từ chối
vote-nomination-withdrawn = Đã rút
audit-action-open_paper_batch = Mở lô phiếu giấy
audit-action-enter_paper_batch = Nhập kết quả lô phiếu giấy
audit-action-appoint_juror = Cử thành viên ban giám khảo
