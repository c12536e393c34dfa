# Fairs, product weeks and the promotion month (/hoi-cho, /quan-tri/hoi-cho,
# /doanh-nghiep/hoi-cho), and the events shown on product and producer pages.

nav-events = Hội chợ
footer-events = Hội chợ, tuần hàng Việt

event-kind-product-week = Tuần hàng Việt
event-kind-fair = Hội chợ
event-kind-promotion-month = Tháng khuyến mại
event-kind-other = Sự kiện khác

event-participant-requested = Đang chờ cán bộ duyệt
event-participant-listed = Đã được đưa vào danh sách
event-participant-declined = Không được chấp nhận

event-timing-upcoming = Sắp diễn ra
event-timing-ongoing = Đang diễn ra
event-timing-past = Đã kết thúc

event-dates = { $start } – { $end }

event-list-title = Hội chợ và tuần hàng Việt
event-list-description = Lịch hội chợ, tuần hàng Việt và tháng khuyến mại, nơi gặp trực tiếp các nhà sản xuất hàng Việt đạt danh hiệu.
event-list-intro = Gặp trực tiếp nhà sản xuất và mua hàng Việt đạt danh hiệu tại các hội chợ, tuần hàng Việt và tháng khuyến mại. Sự kiện sắp và đang diễn ra ở trên, sự kiện đã qua ở dưới.
event-list-upcoming = Sắp và đang diễn ra
event-list-past = Đã diễn ra
event-list-none = Chưa có hội chợ hay tuần hàng nào được công bố.
event-meta-description = { $kind } { $dates } tại { $place }.

event-when = Thời gian
event-where = Địa điểm
event-organiser = Đơn vị tổ chức
event-directions = Chỉ đường
event-about = Giới thiệu
event-products-heading = Sản phẩm tham gia
event-no-products = Chưa có sản phẩm nào được công bố cho sự kiện này.
event-producers-heading = Nhà sản xuất tham gia
event-no-producers = Chưa có nhà sản xuất nào được công bố cho sự kiện này.
event-product-heading = Gặp sản phẩm này tại hội chợ
event-producer-heading = Gặp nhà sản xuất tại hội chợ
event-all-link = Xem mọi hội chợ, tuần hàng Việt

feed-category-events = Hội chợ, tuần hàng Việt
feed-event-summary = { $kind }, { $dates }, { $place }.

# Officials
admin-nav-events = Hội chợ
admin-events-title = Hội chợ và tuần hàng Việt
admin-events-intro = Tạo sự kiện, công bố, đưa nhà sản xuất và sản phẩm vào danh sách và duyệt yêu cầu tham gia của doanh nghiệp. Sự kiện tự kết thúc sau ngày cuối cùng.
admin-events-column-name = Tên sự kiện
admin-events-column-kind = Loại
admin-events-column-dates = Thời gian
admin-events-column-state = Trạng thái
admin-events-none = Chưa có sự kiện nào.
admin-event-new = Tạo sự kiện mới
admin-event-edit = Sự kiện: { $name }
admin-event-published = Đã công bố
admin-event-unpublished = Chưa công bố
admin-event-all = Mọi sự kiện
admin-event-name = Tên sự kiện
admin-event-kind = Loại sự kiện
admin-event-starts-on = Ngày bắt đầu
admin-event-ends-on = Ngày kết thúc
admin-event-date-hint = Ví dụ: 15/03/2026.
admin-event-ends-on-hint = Ngày cuối cùng của sự kiện; sau ngày này sự kiện tự chuyển sang mục đã diễn ra.
admin-event-venue = Nơi tổ chức
admin-event-venue-hint = Ví dụ: Cung Văn hóa Hữu nghị Việt Xô.
admin-event-address = Địa chỉ
admin-event-province = Tỉnh, thành phố
admin-event-choose-province = Chọn tỉnh, thành phố
admin-event-coordinates = Tọa độ
admin-event-coordinates-hint = Vĩ độ, kinh độ, ví dụ: 21.0245, 105.8412. Để trống thì nút chỉ đường dùng địa chỉ.
admin-event-organiser = Đơn vị tổ chức
admin-event-description = Giới thiệu
admin-event-english = Bản tiếng Anh
admin-event-english-hint = Không bắt buộc. Để trống thì trang tiếng Anh hiện tên và giới thiệu tiếng Việt.
admin-event-name-en = Tên tiếng Anh
admin-event-description-en = Giới thiệu bằng tiếng Anh
admin-event-back = Về danh sách sự kiện
admin-event-publish = Công bố
admin-event-publish-hint = Sự kiện chưa công bố: người dân chưa thấy.
admin-event-unpublish = Thôi công bố
admin-event-unpublish-hint = Sự kiện đang hiện trên trang hội chợ, trang sản phẩm và trang nhà sản xuất.
admin-event-participants = Nhà sản xuất và sản phẩm tham gia ({ $count })
admin-event-column-producer = Nhà sản xuất
admin-event-column-product = Sản phẩm
admin-event-column-status = Trạng thái
admin-event-column-actions = Thao tác
admin-event-whole-range = Mọi sản phẩm
admin-event-accept = Chấp nhận
admin-event-decline = Từ chối
admin-event-remove = Bỏ khỏi danh sách
admin-event-no-participants = Chưa có nhà sản xuất nào tham gia.
admin-event-add-hint = Nhập đường dẫn (hoặc mã trang) của nhà sản xuất, của sản phẩm, hoặc cả hai. Chỉ nhập sản phẩm thì nhà sản xuất của nó được đưa vào cùng.
admin-event-add-producer = Nhà sản xuất
admin-event-add-product = Sản phẩm
admin-event-add = Đưa vào danh sách
admin-event-already-published = Sự kiện đã được công bố rồi.
admin-event-already-unpublished = Sự kiện đang không công bố.
admin-event-no-such-producer = Không tìm thấy nhà sản xuất này.
admin-event-no-such-product = Không tìm thấy sản phẩm đang công bố nào có địa chỉ này.
admin-event-participant-needed = Hãy nhập nhà sản xuất hoặc sản phẩm.
admin-event-product-of-another = Sản phẩm này không thuộc nhà sản xuất đã nhập.
admin-event-participant-already-decided = Yêu cầu này đã được xử lý rồi.

event-form-required = Không được để trống.
event-form-too-long = Dài tối đa { $max } ký tự.
event-form-date-needed = Hãy nhập ngày.
event-form-ends-before-start = Ngày kết thúc phải từ ngày bắt đầu trở đi.
event-form-kind-needed = Hãy chọn loại sự kiện.
event-form-province-needed = Hãy chọn tỉnh, thành phố.
event-form-coordinates = Tọa độ phải là vĩ độ (từ -90 đến 90) và kinh độ (từ -180 đến 180), cách nhau bằng dấu phẩy, ví dụ 21.0245, 105.8412.

audit-action-create_event = Tạo sự kiện
audit-action-update_event = Sửa sự kiện
audit-action-publish_event = Công bố sự kiện
audit-action-unpublish_event = Thôi công bố sự kiện
audit-action-list_event_participant = Đưa nhà sản xuất vào sự kiện
audit-action-accept_event_request = Chấp nhận yêu cầu tham gia sự kiện
audit-action-decline_event_participant = Từ chối hoặc bỏ nhà sản xuất khỏi sự kiện

# Businesses
business-events-link = Hội chợ, tuần hàng Việt
business-events-title = Hội chợ và tuần hàng Việt
business-events-intro = Các sự kiện sắp và đang diễn ra. Đăng ký tham gia cho nhà sản xuất của bạn; cán bộ duyệt rồi đưa vào danh sách công khai.
business-events-back = Về trang doanh nghiệp
business-events-none = Hiện chưa có sự kiện nào sắp diễn ra.
business-event-ask = Đăng ký tham gia
business-event-organiser = Đơn vị tổ chức: { $organiser }
business-event-public-page = Xem trang công khai của sự kiện
business-event-all = Mọi sự kiện
business-event-your-requests = Đăng ký của bạn
business-event-column-producer = Nhà sản xuất
business-event-column-product = Sản phẩm
business-event-column-action = Thao tác
business-event-whole-range = Mọi sản phẩm
business-event-withdraw = Rút đăng ký
business-event-no-requests = Bạn chưa đăng ký tham gia sự kiện này.
business-event-producer = Nhà sản xuất tham gia
business-event-products = Sản phẩm mang đến
business-event-products-hint = Chọn các sản phẩm đang công bố của nhà sản xuất trên. Không chọn sản phẩm nào nghĩa là tham gia với mọi sản phẩm.
business-event-no-products = Bạn chưa có sản phẩm nào đang công bố.
business-event-send = Gửi đăng ký
business-event-over = Sự kiện đã kết thúc, không nhận đăng ký nữa.
business-event-producer-missing = Hãy chọn một nhà sản xuất mà bạn đang quản lý.
business-event-product-not-yours = Chỉ chọn được sản phẩm đang công bố của nhà sản xuất đã chọn.
business-event-too-many-products = Chọn tối đa { $max } sản phẩm mỗi lần.
business-event-request-decided = Cán bộ đã xử lý đăng ký này nên không rút được nữa.
