# Accounts (sign up, log in, change password), sign-in checks and password rules (auth),
# the checks of form fields (validate) and the citizens' report form (report).
# Vietnamese is the source; en/account.ftl holds the same keys.

account-signup-title = Đăng ký tài khoản doanh nghiệp
account-signup-description = Tạo tài khoản để giới thiệu sản phẩm của doanh nghiệp.
account-signup-intro = Doanh nghiệp, hợp tác xã và cơ sở sản xuất đăng ký để giới thiệu sản phẩm; hồ sơ được cán bộ kiểm duyệt trước khi hiển thị.
account-signup-citizens = Người tiêu dùng không cần tài khoản: tra cứu sản phẩm và báo thông tin sai đều không cần đăng nhập.
account-name-label = Họ tên hoặc tên doanh nghiệp
account-email-label = Email
account-password-label = Mật khẩu
account-signup-password-hint = Ít nhất 8 ký tự; có thể dùng cả câu tiếng Việt có dấu.
account-signup-button = Đăng ký
account-have-account = Đã có tài khoản? Đăng nhập
account-name-missing = Hãy cho biết tên của bạn hoặc doanh nghiệp.
account-name-too-long = Tên dài tối đa 120 ký tự.

account-login-title = Đăng nhập
account-login-button = Đăng nhập
account-no-account = Chưa có tài khoản? Đăng ký
account-login-failed = Email hoặc mật khẩu không đúng.

account-password-title = Đổi mật khẩu
account-current-password-label = Mật khẩu hiện tại
account-new-password-label = Mật khẩu mới
account-new-password-hint = Ít nhất 8 ký tự.
account-password-button = Đổi mật khẩu
account-back = Quay lại
account-current-password-wrong = Mật khẩu hiện tại không đúng.
account-password-changed = Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.

# Refusals of the admins' account changes.
account-cannot-change-self = Không thể tự đổi vai trò hoặc tự đình chỉ tài khoản của mình.
account-last-admin = Trang cần ít nhất một quản trị viên đang hoạt động.

auth-password-too-short = Mật khẩu cần ít nhất { $min } ký tự.
auth-password-too-long = Mật khẩu dài tối đa { $max } ký tự.
auth-password-common = Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.
auth-business-only = Khu vực này dành cho tài khoản doanh nghiệp.
auth-officials-only = Khu vực này dành cho cán bộ quản lý.
auth-admin-only = Chỉ quản trị viên được làm việc này.
auth-form-invalid = Biểu mẫu không hợp lệ.
auth-form-too-large = Biểu mẫu quá lớn.
auth-form-invalid-detail = Biểu mẫu không hợp lệ: { $detail }
auth-request-refused = Yêu cầu không hợp lệ hoặc phiên làm việc đã hết hạn. Hãy tải lại trang rồi thử lại.
auth-request-invalid-reload = Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.

validate-tax-code = Mã số thuế gồm 10 chữ số, hoặc 10 chữ số - 3 chữ số với chi nhánh (ví dụ 0101234567-001).
validate-gtin-length = Mã vạch GTIN gồm 8, 12, 13 hoặc 14 chữ số.
validate-gtin-check = Mã vạch có số kiểm tra không đúng; hãy đối chiếu lại trên bao bì.
validate-website = Địa chỉ web phải bắt đầu bằng http:// hoặc https://.
validate-phone = Số điện thoại không hợp lệ.
validate-email = Email không hợp lệ.
validate-required = Không được để trống.
validate-too-long = Dài tối đa { $max } ký tự.

report-title = Báo cáo thông tin sai: { $product }
report-description = Báo cho cán bộ quản lý khi thông tin sản phẩm, giải thưởng hoặc điểm bán không đúng.
report-breadcrumbs = Đường dẫn
report-heading = Báo cáo thông tin sai
report-intro-about = Về sản phẩm
report-intro-check = Cán bộ quản lý sẽ kiểm tra và sửa thông tin nếu cần.
report-thanks = Cảm ơn bạn đã báo cáo.
report-thanks-forwarded = Báo cáo đã được chuyển tới cán bộ quản lý.
report-back-to-product = Quay lại trang sản phẩm
report-field-reason = Lý do
report-choose-reason = — Chọn lý do —
report-field-message = Nội dung
report-message-hint = Thông tin nào sai, đúng ra là gì, bạn biết qua đâu. Tối đa 2000 ký tự.
report-field-email = Email liên hệ
report-email-hint = Chỉ để cán bộ hỏi thêm khi cần; không hiển thị công khai.
report-send = Gửi báo cáo
report-cancel = Hủy
report-error-reason = Hãy chọn lý do báo cáo.
report-error-message = Hãy mô tả thông tin sai để cán bộ kiểm tra.
report-too-many = Bạn đã gửi nhiều báo cáo trong một giờ qua. Xin vui lòng đợi rồi gửi tiếp; các báo cáo trước đã được chuyển tới cán bộ quản lý.

# The account strip under the site header, for a signed-in visitor.
account-bar-signed-in-as = Đã đăng nhập:
account-bar-password = Đổi mật khẩu
account-bar-log-out = Đăng xuất
