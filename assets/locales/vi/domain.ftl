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
product-status-unknown = Không rõ

role-citizen = Người tiêu dùng
role-business = Doanh nghiệp
role-official = Cán bộ
role-admin = Quản trị viên

membership-status-active = Đang quản lý
membership-status-pending = Đang chờ cán bộ xác nhận quyền quản lý
membership-status-rejected = Yêu cầu quản lý bị từ chối

report-status-open = Chưa xử lý
report-status-resolved = Đã xử lý

audit-action-approve-product = Duyệt sản phẩm
audit-action-reject-product = Từ chối sản phẩm
audit-action-hide-product = Ẩn sản phẩm
audit-action-restore-product = Hiện lại sản phẩm
audit-action-approve-claim = Chấp nhận yêu cầu quản lý nhà sản xuất
audit-action-reject-claim = Từ chối yêu cầu quản lý nhà sản xuất
audit-action-record-award = Ghi nhận giải thưởng
audit-action-update-award = Sửa giải thưởng
audit-action-withdraw-award = Thu hồi giải thưởng
audit-action-import-awards = Nhập danh sách giải thưởng
audit-action-create-article = Viết bài
audit-action-update-article = Sửa bài
audit-action-publish-article = Đăng bài
audit-action-unpublish-article = Gỡ bài
audit-action-create-collection = Tạo bộ sưu tập
audit-action-update-collection = Sửa bộ sưu tập
audit-action-delete-collection = Xóa bộ sưu tập
audit-action-add-collection-item = Thêm sản phẩm vào bộ sưu tập
audit-action-reorder-collection = Đổi thứ tự bộ sưu tập
audit-action-remove-collection-item = Bỏ sản phẩm khỏi bộ sưu tập
audit-action-resolve-report = Xử lý báo cáo
audit-action-suspend-user = Đình chỉ tài khoản
audit-action-reinstate-user = Khôi phục tài khoản
audit-action-set-role-citizen = Đặt vai trò người tiêu dùng
audit-action-set-role-business = Đặt vai trò doanh nghiệp
audit-action-set-role-official = Cấp quyền cán bộ
audit-action-set-role-admin = Cấp quyền quản trị

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
