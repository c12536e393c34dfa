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
