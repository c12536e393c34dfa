# The site's own pages: about and contact (/gioi-thieu), terms of use (/dieu-khoan), privacy
# notice (/quyen-rieng-tu), and their links in the footer.

footer-about-link = Giới thiệu và liên hệ
footer-terms-link = Điều khoản sử dụng
footer-privacy-link = Quyền riêng tư
footer-site-label = Về trang này

about-title = Giới thiệu và liên hệ
about-description = Ai vận hành hangviet, trang dùng để làm gì và liên hệ bằng cách nào.
about-who-heading = Ai vận hành trang
about-who = hangviet được xây dựng cho Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” thành phố Hà Nội và các sở, ngành giúp việc. Cán bộ của Ban Chỉ đạo ghi nhận danh sách giải thưởng, kiểm duyệt hồ sơ doanh nghiệp gửi lên và trả lời các báo cáo của người tiêu dùng; mọi thao tác của cán bộ đều được ghi nhật ký.
about-what-heading = Trang dùng để làm gì
about-what = Giới thiệu các sản phẩm đạt danh hiệu “Hàng Việt Nam được người tiêu dùng yêu thích”, OCOP, “Hàng Việt Nam chất lượng cao” và “Thương hiệu quốc gia”: ai sản xuất, đạt danh hiệu năm nào, còn hiệu lực hay không, và mua ở đâu. Mỗi danh hiệu dẫn nguồn công bố khi có.
about-contact-heading = Liên hệ
about-contact-email = Thư điện tử của đơn vị vận hành trang:
about-contact-data = Thông tin về một sản phẩm sai hoặc đã cũ: dùng liên kết “Báo cáo thông tin sai” ở cuối trang sản phẩm đó. Báo cáo được chuyển thẳng tới cán bộ phụ trách; bạn có thể để lại email nếu muốn được trả lời.
about-contact-business = Doanh nghiệp, hợp tác xã, cơ sở sản xuất: đăng ký tài khoản doanh nghiệp để nhận quản lý trang nhà sản xuất và gửi sản phẩm kèm ảnh để kiểm duyệt.
about-contact-data-link = Xem các sản phẩm
about-contact-business-link = Khu vực doanh nghiệp
about-open-data = Dữ liệu của trang được công bố mở qua giao diện lập trình (API) tại /api/v1.

terms-title = Điều khoản sử dụng
terms-description = Điều kiện sử dụng hangviet cho người tiêu dùng và doanh nghiệp.
terms-info-heading = Thông tin trên trang
terms-info = Thông tin danh hiệu được lấy từ các quyết định và danh sách công bố chính thức, có dẫn nguồn khi có. Danh hiệu có thời hạn (ví dụ OCOP có hiệu lực 36 tháng); trang ghi rõ danh hiệu đã hết hiệu lực. Trước khi dựa vào một danh hiệu cho việc quan trọng, hãy kiểm tra văn bản gốc được dẫn.
terms-business-heading = Doanh nghiệp đăng thông tin
terms-business = Doanh nghiệp chịu trách nhiệm về tính đúng đắn của thông tin và ảnh mình gửi, và chỉ gửi ảnh mình có quyền sử dụng. Mọi sản phẩm được cán bộ kiểm duyệt trước khi hiển thị; cán bộ có thể từ chối hoặc ẩn thông tin sai, gây nhầm lẫn hoặc vi phạm pháp luật, và ghi lý do.
terms-conduct-heading = Sử dụng đúng mục đích
terms-conduct = Không dùng trang để gửi báo cáo sai sự thật, quảng cáo không liên quan hay tấn công hệ thống. Số lần đăng nhập, đăng ký và gửi báo cáo bị giới hạn để chống lạm dụng.
terms-reuse-heading = Dùng lại dữ liệu
terms-reuse = Dữ liệu danh hiệu công khai có thể được dùng lại qua giao diện lập trình của trang, kèm dẫn nguồn “hangviet” và nguồn công bố gốc của từng danh hiệu.

privacy-title = Quyền riêng tư
privacy-description = Trang lưu những dữ liệu nào về tài khoản và báo cáo, để làm gì và trong bao lâu.
privacy-intro = Người tiêu dùng xem, tìm kiếm sản phẩm và gửi báo cáo mà không cần tài khoản. Trang không dùng công cụ theo dõi, quảng cáo hay mã của bên thứ ba.
privacy-kept-heading = Dữ liệu được lưu và thời hạn
privacy-accounts = Tài khoản (doanh nghiệp, cán bộ): email, họ tên hoặc tên doanh nghiệp, mật khẩu dưới dạng băm Argon2 (không ai đọc được mật khẩu), vai trò và trạng thái. Lưu trong thời gian tài khoản còn tồn tại.
privacy-sessions = Phiên đăng nhập: chỉ lưu mã băm SHA-256 của cookie phiên, thời điểm tạo và lần dùng cuối. Phiên hết hạn sau 14 ngày không dùng và chậm nhất sau 30 ngày; đăng xuất hoặc đổi mật khẩu kết thúc phiên ngay trên máy chủ.
privacy-addresses = Địa chỉ IP đăng nhập thành công của mỗi tài khoản (IPv6 tính theo khối /64), để không khóa nhầm chủ tài khoản khi có người đoán mật khẩu: giữ 90 ngày kể từ lần đăng nhập thành công cuối cùng.
privacy-rate-limits = Bản ghi chống lạm dụng (địa chỉ IP, email dùng để đăng nhập, thời điểm thử): dùng để giới hạn số lần đăng nhập, đăng ký và gửi báo cáo; xóa sau khoảng một ngày.
privacy-reports = Báo cáo thông tin sai: lý do, nội dung, email liên hệ nếu bạn để lại, và ghi chú xử lý của cán bộ. Chỉ cán bộ xem được; lưu để theo dõi việc sửa thông tin, cho tới khi sản phẩm liên quan bị xóa. Địa chỉ IP của người gửi không được lưu kèm báo cáo.
privacy-audit = Nhật ký thao tác của cán bộ và quản trị viên (ai, làm gì, lúc nào, lý do): lưu lâu dài vì đây là hồ sơ công vụ.
privacy-cookies-heading = Cookie
privacy-cookies = Trang chỉ đặt hai cookie cần thiết: cookie phiên đăng nhập (hv_session, tối đa 14 ngày) và mã chống giả mạo biểu mẫu (hv_csrf, hết khi đóng trình duyệt). Không có cookie quảng cáo hay thống kê.
privacy-rights-heading = Quyền của bạn
privacy-rights = Bạn có thể đổi mật khẩu, đăng xuất để kết thúc phiên, và yêu cầu sửa hoặc xóa tài khoản qua cán bộ quản trị của trang (xem trang Giới thiệu và liên hệ).
