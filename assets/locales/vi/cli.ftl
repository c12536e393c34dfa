# The command line (`hangviet import-awards …`): operators read it in Vietnamese.

cli-import-refused = { $file }: { $count } lỗi, không nhập dòng nào:
cli-import-line = dòng { $line }: { $problem }

# `hangviet vote count DIR`: anyone counts a vote again from its published files.
cli-vote-rules = Bình chọn năm { $year }, quy chế có mã kiểm tra SHA-256 { $checksum }
cli-vote-turnout = { $counted } phiếu được đếm, { $superseded } phiếu đã được thay, { $invalidated } phiếu bị hủy, { $unconfirmed } phiếu chưa xác nhận; { $accepted } lô phiếu giấy được chấp nhận ({ $sheets } tờ), { $blocked } lô bị chặn; tổng { $marks } lượt bình chọn.
cli-vote-group = Nhóm { $group }:
cli-vote-placed = hạng { $rank }: đề cử số { $number }, { $online } phiếu trực tuyến, { $paper } phiếu giấy, điểm { $score } (ban giám khảo { $jury }), { $tier }
cli-vote-tier = Top { $tier }
cli-vote-matches = Kết quả đếm lại trùng khớp hoàn toàn với tệp results.csv đã công bố.
cli-vote-differs = Kết quả đếm lại KHÁC với tệp results.csv đã công bố.
cli-vote-published = Đã ghi các tệp công bố của bình chọn năm { $year } vào { $dir }; đếm lại bằng: hangviet vote count { $dir }
cli-vote-detected = Đã chạy phát hiện gian lận trên { $ballots } phiếu: { $flagged } phiếu bị gắn cờ (chỉ cán bộ mới hủy phiếu).
cli-vote-sim-farm = Phiếu của trại ảo bị gắn cờ: { $flagged }/{ $farm } ({ $share }%).
cli-vote-sim-honest = Phiếu thật bị gắn cờ nhầm: { $flagged }/{ $honest } ({ $share }%).
cli-vote-sim-rule = quy tắc { $rule }: { $farm } phiếu trại ảo, { $honest } phiếu thật
cli-vote-sim-target = Sản phẩm được trại ảo nhắm tới: { $before } phiếu (hạng { $rank_before }) khi tính mọi phiếu, { $after } phiếu (hạng { $rank_after }) khi hủy các phiếu bị gắn cờ. { $refused } phiếu bị giới hạn thư chặn. Mất { $seconds } giây.
cli-vote-demo-opened = Đã mở bình chọn minh họa năm { $year } với { $count } đề cử; phiếu tại /binh-chon.
