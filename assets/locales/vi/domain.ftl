# The domain's names: programmes and tiers, product statuses, roles, article topics and
# visibility, report reasons. Code asks for them by key (`Programme::name`, …).

programme-hvn-yeu-thich = Hàng Việt Nam được người tiêu dùng yêu thích
programme-ocop = Sản phẩm OCOP
programme-hvnclc = Hàng Việt Nam chất lượng cao
programme-thqg = Thương hiệu quốc gia
programme-short-hvn-yeu-thich = HVN yêu thích
programme-short-ocop = OCOP
programme-short-hvnclc = HVNCLC
programme-short-thqg = THQG
tier-top = Top { $n }
tier-stars = { $n } sao

product-status-draft = Bản nháp
product-status-submitted = Đang chờ duyệt
product-status-published = Đang hiển thị
product-status-rejected = Bị từ chối
product-status-hidden = Đã ẩn

role-citizen = Người dân
role-business = Doanh nghiệp
role-official = Cán bộ
role-admin = Quản trị viên

membership-status-active = Đang quản lý
membership-status-pending = Đang chờ cán bộ xác nhận quyền quản lý
membership-status-rejected = Yêu cầu quản lý bị từ chối

report-status-open = Chưa xử lý
report-status-resolved = Đã xử lý

topic-quyen-loi = Quyền lợi người tiêu dùng
topic-nhan-biet = Nhận biết hàng thật, hàng chất lượng
topic-tin-hoat-dong = Tin hoạt động

visibility-draft = Bản nháp
visibility-scheduled = Đã lên lịch
visibility-public = Đang hiển thị

report-reason-sai-thong-tin = Thông tin sản phẩm sai
report-reason-gia-mao = Nghi hàng giả, hàng nhái
report-reason-giai-thuong = Giải thưởng không đúng
report-reason-noi-ban = Điểm bán không còn đúng
report-reason-khac = Lý do khác
