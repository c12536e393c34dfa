# Email (issue 14): the mails the site sends and the account pages of the mailed links.
# Vietnamese is the source; en/mail.ftl holds the same keys.

## Mails

mail-greeting = Xin chào { $name },
mail-greeting-plain = Xin chào,
mail-signature = hangviet — Hàng Việt được người tiêu dùng yêu thích
mail-automatic = Đây là thư tự động; xin đừng trả lời thư này.
mail-no-reason = (không ghi lý do)

mail-confirm-subject = Xác nhận địa chỉ email của bạn trên hangviet
mail-confirm-intro = Bạn vừa đăng ký tài khoản doanh nghiệp trên hangviet. Hãy mở liên kết dưới đây để xác nhận địa chỉ email và đăng nhập:
mail-confirm-expiry = Liên kết chỉ dùng được một lần, trong 3 ngày. Nếu bạn không đăng ký, hãy bỏ qua thư này: tài khoản sẽ không được kích hoạt.

mail-signup-attempt-subject = Có người vừa đăng ký bằng địa chỉ email của bạn trên hangviet
mail-signup-attempt-intro = Ai đó vừa dùng địa chỉ email này để đăng ký trên hangviet, nhưng địa chỉ này đã có tài khoản. Không có tài khoản mới nào được tạo.
mail-signup-attempt-login = Nếu đó là bạn, hãy đăng nhập tại:
mail-signup-attempt-reset = Nếu bạn quên mật khẩu, hãy đặt lại tại:
mail-signup-attempt-ignore = Nếu không phải bạn, bạn không cần làm gì cả.

mail-reset-subject = Đặt lại mật khẩu hangviet
mail-reset-intro = Có yêu cầu đặt lại mật khẩu cho tài khoản này. Hãy mở liên kết dưới đây để đặt mật khẩu mới:
mail-reset-expiry = Liên kết chỉ dùng được một lần, trong 1 giờ. Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn vẫn giữ nguyên.

mail-product-approved-subject = Sản phẩm “{ $product }” đã được duyệt
mail-product-approved-body = Cán bộ đã duyệt sản phẩm “{ $product }” của { $producer }. Sản phẩm đang hiển thị công khai tại:
mail-product-rejected-subject = Sản phẩm “{ $product }” chưa được duyệt
mail-product-rejected-body = Cán bộ chưa duyệt sản phẩm “{ $product }” của { $producer }, với lý do:
mail-product-rejected-next = Hãy sửa sản phẩm theo lý do trên rồi gửi duyệt lại:

mail-claim-approved-subject = Yêu cầu quản lý “{ $producer }” đã được chấp nhận
mail-claim-approved-body = Cán bộ đã chấp nhận yêu cầu của bạn: từ nay bạn quản lý trang nhà sản xuất “{ $producer }”. Vào khu vực doanh nghiệp:
mail-claim-rejected-subject = Yêu cầu quản lý “{ $producer }” không được chấp nhận
mail-claim-rejected-body = Cán bộ không chấp nhận yêu cầu quản lý trang nhà sản xuất “{ $producer }”, với lý do:
mail-claim-rejected-next = Nếu bạn cho rằng có nhầm lẫn, hãy liên hệ ban quản lý trang:

mail-digest-subject = Việc chờ xử lý trên hangviet ngày { $date }
mail-digest-intro = Các việc đang chờ cán bộ xử lý:
mail-digest-submitted = Sản phẩm chờ duyệt: { $count }
mail-digest-edits = Sửa đổi chờ duyệt: { $count }
mail-digest-claims = Yêu cầu quản lý nhà sản xuất: { $count }
mail-digest-reports = Báo cáo chưa xử lý: { $count }
mail-digest-points = Điểm bán cần xem lại: { $count }
mail-digest-stop = Bạn nhận thư này vì đã chọn nhận thư tổng hợp hằng ngày. Thay đổi lựa chọn tại:

## Account pages of the mailed links

mail-check-title = Hãy kiểm tra hộp thư
mail-check-body = Chúng tôi đã gửi thư đến địa chỉ email bạn vừa nhập. Hãy mở liên kết trong thư để tiếp tục.
mail-check-spam = Không thấy thư sau vài phút? Hãy xem cả mục thư rác (spam).
mail-go-to-login = Đến trang đăng nhập
mail-confirm-title = Xác nhận địa chỉ email
mail-confirm-explain = Bấm nút dưới đây để xác nhận địa chỉ email và đăng nhập.
mail-confirm-button = Xác nhận và đăng nhập
mail-link-dead-title = Liên kết không còn dùng được
mail-link-dead-body = Liên kết này đã được dùng, đã hết hạn hoặc không đúng. Bạn có thể đăng nhập (nếu tài khoản chưa xác nhận, trang đăng nhập cho gửi lại liên kết) hoặc đặt lại mật khẩu.
mail-forgot-link = Quên mật khẩu?
mail-forgot-title = Quên mật khẩu
mail-forgot-explain = Nhập địa chỉ email của tài khoản. Nếu địa chỉ này có tài khoản, chúng tôi sẽ gửi một liên kết để đặt mật khẩu mới, dùng được trong 1 giờ.
mail-forgot-button = Gửi liên kết đặt lại
mail-forgot-sent = Nếu địa chỉ này có tài khoản, liên kết đặt lại mật khẩu đã được gửi đến đó.
mail-reset-title = Đặt mật khẩu mới
mail-reset-button = Lưu mật khẩu mới
mail-resend-explain = Chưa nhận được thư xác nhận, hoặc liên kết đã hết hạn?
mail-resend-button = Gửi lại liên kết xác nhận
mail-resent-notice = Nếu tài khoản này đang chờ xác nhận, một liên kết mới đã được gửi đến địa chỉ email của nó.
account-login-unconfirmed = Tài khoản này chưa xác nhận địa chỉ email. Hãy mở liên kết trong thư chúng tôi đã gửi, hoặc gửi lại liên kết bên dưới.
mail-digest-setting-title = Thư tổng hợp hằng ngày
mail-digest-setting-label = Mỗi sáng, gửi cho tôi một thư tóm tắt việc đang chờ xử lý (sản phẩm, yêu cầu quản lý, báo cáo, điểm bán). Không có việc thì không gửi.
mail-digest-setting-button = Lưu lựa chọn

## Flash messages

flash-email-confirmed = Đã xác nhận địa chỉ email. Chào mừng bạn!
flash-password-reset = Đã đặt mật khẩu mới. Các phiên đăng nhập khác đã bị đăng xuất.
flash-digest-on = Đã bật thư tổng hợp hằng ngày.
flash-digest-off = Đã tắt thư tổng hợp hằng ngày.
