# Shared by every page: the frame (header, menu, footer, language switch), error pages and
# errors any request can meet. Vietnamese is the source; en/common.ftl holds the same keys.

site-name = hangviet
site-tagline = Hàng Việt được người tiêu dùng yêu thích
site-feed-title = hangviet: sản phẩm mới và tin tức
skip-to-content = Bỏ qua đến nội dung chính
search-label = Tìm kiếm
search-placeholder = Tìm sản phẩm, nhà sản xuất… ví dụ: nuoc mam
search-button = Tìm
nav-label = Chính
nav-home = Trang chủ
nav-products = Sản phẩm
nav-producers = Nhà sản xuất
nav-awards = Giải thưởng
nav-news = Tin tức
nav-business = Doanh nghiệp
nav-admin = Quản trị
lang-switch = English
lang-switch-label = Xem trang này bằng tiếng Anh
footer-label = Chân trang
footer-about = Giới thiệu hàng Việt được người tiêu dùng yêu thích, hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.
footer-note = Lưu ý: mỗi danh hiệu đều dẫn nguồn công bố, hãy kiểm tra nguồn khi cần. Bản ghi minh họa (nếu có) được gắn nhãn riêng.
footer-awards = Giải thưởng và danh hiệu
footer-producers = Nhà sản xuất
footer-products = Tất cả sản phẩm
footer-news = Người tiêu dùng cần biết

error-code = Mã lỗi { $status }.
error-go-home = Về trang chủ
error-go-catalogue = Xem danh mục sản phẩm
error-404-heading = Không tìm thấy trang
error-404-message = Trang bạn tìm không có hoặc đã được chuyển đi. Hãy thử tìm kiếm hoặc quay lại danh mục sản phẩm.
error-400-heading = Yêu cầu không hợp lệ
error-400-message = Địa chỉ hoặc bộ lọc có giá trị không hợp lệ.
error-405-heading = Không hỗ trợ thao tác này
error-405-message = Trang này không nhận kiểu yêu cầu bạn vừa gửi.
error-403-heading = Không được phép
error-403-message = Tài khoản của bạn không có quyền thực hiện thao tác này.
error-413-heading = Tệp quá lớn
error-413-message = Tệp bạn gửi vượt quá dung lượng cho phép.
error-429-heading = Xin thử lại sau
error-429-message = Bạn đã thử quá nhiều lần. Xin vui lòng đợi ít phút.
error-503-heading = Hệ thống đang bận
error-503-message = Xin vui lòng thử lại sau ít phút.
error-500-heading = Đã có lỗi xảy ra
error-500-message = Máy chủ gặp sự cố khi xử lý yêu cầu. Chúng tôi đã ghi nhận; xin vui lòng thử lại sau.
error-not-found = Không tìm thấy trang bạn cần.
error-sign-in = Vui lòng đăng nhập.
error-payload-too-large = Tệp quá lớn: ảnh tối đa 15 MB.
error-too-many-requests = Bạn đã thử quá nhiều lần. Xin vui lòng đợi ít phút rồi thử lại.
error-unavailable = Hệ thống đang bận, xin vui lòng thử lại sau ít phút.
error-internal = Đã có lỗi xảy ra phía máy chủ.
error-write-conflict = Một yêu cầu khác vừa ghi cùng dữ liệu này; xin vui lòng thử lại.
error-body-too-slow = Yêu cầu bị huỷ: dữ liệu gửi lên đến quá chậm. Hãy kiểm tra kết nối mạng rồi gửi lại.

# Used by the catalogue's own tests (plural forms).
test-products-found = Tìm thấy { $count } sản phẩm

# Form pieces (templates/partials/forms.html).
form-optional = (không bắt buộc)
form-errors-summary = Biểu mẫu còn { $count } lỗi, xem ghi chú dưới từng ô.

query-invalid = Tham số không hợp lệ: { $detail }

# Search suggestions under the search box (assets/js/suggest.js reads them from <body>).
suggest-kind-product = Sản phẩm
suggest-kind-producer = Nhà sản xuất
suggest-kind-category = Nhóm hàng
suggest-count = { $count } gợi ý
suggest-none = Không có gợi ý

# Flash messages (src/flash.rs): one line after a redirect saying what happened.
flash-saved = Đã lưu.

# Issue 14: what a business action did, shown once after the redirect.
flash-producer-created = Đã tạo trang nhà sản xuất { $name }.
flash-producer-created-next = Đã tạo trang nhà sản xuất { $name }. Bước tiếp theo: thêm sản phẩm đầu tiên.
flash-producer-saved = Đã lưu trang nhà sản xuất { $name }.
flash-claim-sent = Đã gửi yêu cầu quản lý trang. Cán bộ sẽ xác minh rồi báo kết quả.
flash-product-created = Đã lưu bản nháp { $name }. Bước tiếp theo: thêm ảnh sản phẩm.
flash-product-saved = Đã lưu thay đổi của { $name }.
flash-product-edit-pending = Đã lưu thay đổi của { $name }; thay đổi chờ cán bộ duyệt, trang công khai vẫn giữ bản cũ.
flash-product-submitted = Đã lưu và gửi duyệt { $name }. Cán bộ sẽ xem xét; kết quả hiện tại đây.
flash-product-submitted-plain = Đã gửi duyệt sản phẩm. Cán bộ sẽ xem xét; kết quả hiện tại đây.
flash-product-needs-producer = Trước khi thêm sản phẩm, hãy tạo trang nhà sản xuất: mỗi sản phẩm thuộc một nhà sản xuất. Sau đó bạn sẽ được đưa tới bước thêm sản phẩm.
flash-product-needs-photo = Chưa gửi duyệt: hãy thêm ít nhất một ảnh sản phẩm.
flash-product-already-sent = Sản phẩm đã được gửi duyệt trước đó; không có gì thay đổi.
flash-photos-uploaded = Đã tải ảnh lên. Sản phẩm hiện có { $count } ảnh; hãy viết mô tả cho từng ảnh.
flash-photo-deleted = Đã xóa ảnh.
flash-photo-moved-up = Đã đưa ảnh lên trước.
flash-photo-moved-down = Đã đưa ảnh xuống sau.
flash-photo-described = Đã lưu mô tả ảnh.
flash-photos-reordered = Đã lưu thứ tự ảnh.
flash-pos-created = Đã thêm điểm bán { $name }.
flash-pos-saved = Đã lưu điểm bán { $name }.
flash-pos-deleted = Đã xóa điểm bán.
flash-event-requested = Đã gửi yêu cầu tham gia; ban tổ chức sẽ xác nhận.
flash-event-withdrawn = Đã rút yêu cầu tham gia.
## Flash messages of the officials' area (issue 14)
flash-product-approved = Đã duyệt “{ $name }”. Đây là sản phẩm tiếp theo chờ duyệt.
flash-product-approved-last = Đã duyệt “{ $name }”. Không còn sản phẩm nào chờ duyệt.
flash-product-rejected = Đã từ chối “{ $name }”. Đây là sản phẩm tiếp theo chờ duyệt. Lý do đã gửi: { $reason }
flash-product-rejected-last = Đã từ chối “{ $name }”. Không còn sản phẩm nào chờ duyệt. Lý do đã gửi: { $reason }
flash-product-hidden = Đã ẩn “{ $name }” khỏi trang công khai.
flash-product-restored = Đã hiện lại “{ $name }” trên trang công khai.
flash-claim-approved = Đã chấp nhận yêu cầu quản lý nhà sản xuất.
flash-claim-rejected = Đã từ chối yêu cầu quản lý nhà sản xuất.
flash-collection-created = Đã tạo bộ sưu tập “{ $name }”.
flash-collection-saved = Đã lưu bộ sưu tập “{ $name }”.
flash-collection-deleted = Đã xoá bộ sưu tập.
flash-collection-product-added = Đã thêm “{ $name }” vào bộ sưu tập.
flash-collection-product-moved = Đã đổi thứ tự sản phẩm.
flash-collection-product-removed = Đã bỏ sản phẩm khỏi bộ sưu tập.
flash-article-created = Đã tạo bài viết (bản nháp).
flash-article-saved = Đã lưu bài viết.
flash-article-published = Đã đăng bài viết.
flash-article-unpublished = Đã chuyển bài viết về bản nháp.
flash-award-recorded = Đã ghi nhận giải thưởng.
flash-award-saved = Đã lưu giải thưởng.
flash-award-withdrawn = Đã thu hồi giải thưởng.
flash-event-created = Đã tạo hội chợ (chưa đăng).
flash-event-saved = Đã lưu hội chợ.
flash-event-published = Đã đăng hội chợ.
flash-event-unpublished = Đã gỡ hội chợ khỏi trang công khai.
flash-event-participant-added = Đã thêm người tham gia.
flash-event-participant-accepted = Đã chấp nhận người tham gia.
flash-event-participant-declined = Đã từ chối người tham gia.
flash-point-of-sale-saved = Đã lưu điểm bán.
flash-point-of-sale-reviewed = Đã đánh dấu điểm bán là đã xem.
flash-point-of-sale-hidden = Đã ẩn điểm bán.
flash-point-of-sale-restored = Đã hiện lại điểm bán.
flash-point-of-sale-removed = Đã xoá điểm bán.
flash-report-resolved = Đã xử lý báo cáo.
flash-user-role-set = Đã đổi vai trò của tài khoản.
flash-user-suspended = Đã đình chỉ tài khoản; các phiên đăng nhập của tài khoản đã kết thúc.
flash-user-reinstated = Đã mở lại tài khoản.
flash-import-applied = Đã nhập danh sách giải thưởng.
