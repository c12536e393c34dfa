# The public catalogue: home, product list and pages, categories, producers, awards, search,
# and the shared pieces they draw (cards, badges, pagination, filters). Vietnamese is the
# source; en/public.ftl holds the same keys.

## Shared pieces (templates/partials/ui.html, grid.html)

card-awards = Danh hiệu
breadcrumbs-label = Đường dẫn
pagination-label = Phân trang
pagination-prev = ‹ Trang trước
pagination-next = Trang sau ›
pagination-page = Trang { $n }
pagination-status = Trang { $page } / { $last }
pos-heading = Nơi bán
pos-sells-this = Bán sản phẩm này
pos-phone = Điện thoại:
pos-hours = Giờ mở cửa: { $hours }
pos-none = Chưa có thông tin nơi bán.
search-form-label = Tìm sản phẩm hoặc nhà sản xuất
award-in-year = , năm { $year }
award-certificate = Số quyết định/chứng nhận
award-valid-until = Hiệu lực đến
award-validity = Hiệu lực
award-expired = đã hết hiệu lực
award-source = Nguồn
award-source-of = : { $programme } năm { $year }

## Home page

home-eyebrow = Người Việt Nam ưu tiên dùng hàng Việt Nam
home-title = Hàng Việt Nam được người tiêu dùng yêu thích
home-intro = Tra cứu sản phẩm đạt danh hiệu Hàng Việt Nam được người tiêu dùng yêu thích, sản phẩm OCOP, Hàng Việt Nam chất lượng cao và Thương hiệu quốc gia: ai sản xuất, đạt danh hiệu năm nào và mua ở đâu.
home-meta-description = Tra cứu sản phẩm Hàng Việt Nam được người tiêu dùng yêu thích, OCOP, Hàng Việt Nam chất lượng cao và Thương hiệu quốc gia: nhà sản xuất, giải thưởng và nơi bán.
home-stats-label = Số liệu
home-stat-products = sản phẩm
home-stat-producers = nhà sản xuất
home-stat-categories = nhóm hàng
home-latest-heading = Sản phẩm đạt danh hiệu năm { $year }
home-latest-programmes-label = Danh sách theo chương trình
home-latest-more = Xem tất cả sản phẩm đạt danh hiệu năm { $year } ›
home-categories-heading = Nhóm hàng
home-category-count = { $n } sản phẩm
home-guide-heading = Người tiêu dùng cần biết
home-guide-intro = Quyền của người tiêu dùng, cách nhận biết hàng Việt chất lượng, cách đọc tem OCOP và mã vạch trên bao bì.
home-guide-more = Đọc tin tức và hướng dẫn

## Product list and category pages

catalogue-title = Sản phẩm đạt danh hiệu
catalogue-meta-description = Danh mục sản phẩm Việt đạt danh hiệu, lọc theo nhóm hàng, tỉnh thành, năm và chương trình.
catalogue-category-description = Sản phẩm Việt đạt danh hiệu trong nhóm { $category }.
# $n is the number formatted for display, $count the number itself (plural forms).
catalogue-count = { $n } sản phẩm
catalogue-empty = Không có sản phẩm nào khớp bộ lọc.
catalogue-empty-hint-before = Thử bỏ bớt điều kiện, hoặc
catalogue-empty-hint-link = xem tất cả sản phẩm
catalogue-empty-hint-after = .

## Filters (the catalogue's form, chips, and the 400 answers to bad values)

filter-category = Nhóm hàng
filter-category-all = Tất cả nhóm hàng
filter-province = Tỉnh, thành
filter-province-all = Tất cả tỉnh, thành
filter-province-current = Tỉnh, thành hiện nay
filter-province-legacy = Tên cũ (trước 1/7/2025)
filter-year = Năm
filter-year-all = Tất cả các năm
filter-programme = Danh hiệu
filter-programme-all = Tất cả danh hiệu
filter-tier = Hạng
filter-tier-all = Tất cả hạng
filter-sort = Sắp xếp
filter-sort-name = Tên A–Z
filter-sort-newest = Mới cập nhật
filter-apply = Lọc
filter-clear = Xóa bộ lọc
filter-active-label = Bộ lọc đang dùng
filter-remove = Bỏ lọc { $label }
filter-year-chip = Năm { $year }
filter-tier-option = { $tier } ({ $programme })
filter-error-page = Số trang “{ $value }” không hợp lệ: hãy dùng một số từ 1 trở lên.
filter-error-category = Không có nhóm hàng “{ $value }”.
filter-error-province = Không có tỉnh, thành phố “{ $value }”.
filter-error-year = Năm “{ $value }” không hợp lệ.
filter-error-programme = Không có chương trình “{ $value }”.
filter-error-tier = Hạng “{ $value }” không hợp lệ.
filter-error-sort = Cách sắp xếp “{ $value }” không hợp lệ.

## Product page

product-producer = Nhà sản xuất
product-province = Tỉnh/thành
product-category = Nhóm hàng
product-brand = Thương hiệu
product-gtin = Mã vạch GTIN
product-description = Mô tả
product-awards-heading = Danh hiệu
product-no-awards = Chưa ghi nhận danh hiệu nào cho sản phẩm này.
product-producer-awards = Danh hiệu của nhà sản xuất
product-related = Sản phẩm cùng nhóm
product-report-before = Thấy thông tin sai?
product-report-link = Báo cáo thông tin sai
product-report-after = để cán bộ quản lý kiểm tra và sửa.
# The page description of a product that has none of its own.
product-meta-description = { $product } của { $producer }
# An award as search engines read it (JSON-LD): "Sản phẩm OCOP 5 sao 2022".
product-award-text = { $programme } { $year }
product-award-text-tier = { $programme } { $tier } { $year }

## Producers

producer-verified = Đã xác minh
producer-list-title = Nhà sản xuất
producer-list-intro = Doanh nghiệp, hợp tác xã và cơ sở sản xuất có sản phẩm đạt danh hiệu.
producer-list-count = { $n } nhà sản xuất
producer-product-count = { $n } sản phẩm
producer-list-empty = Chưa có nhà sản xuất nào ở đây.
producer-list-all = Xem tất cả nhà sản xuất
producer-legal-name = Tên pháp lý
producer-address = Địa chỉ
producer-website = Website
producer-phone = Điện thoại
producer-email = Email
producer-about = Giới thiệu
producer-awards-heading = Danh hiệu của doanh nghiệp
producer-products-heading = Sản phẩm
producer-no-products = Chưa có sản phẩm nào được công bố.
producer-report-note = Thấy thông tin sai? Báo cho chúng tôi để được sửa.
# The page description of a producer that has none of its own.
producer-meta-description = { $producer } — nhà sản xuất tại { $province }
producer-meta-description-no-province = { $producer } — nhà sản xuất hàng Việt

## Awards

award-index-title = Giải thưởng và danh hiệu
award-index-intro = Bốn danh hiệu người mua hay gặp trên bao bì hàng Việt: ý nghĩa của từng danh hiệu và danh sách sản phẩm đạt danh hiệu theo từng năm.
award-index-meta-description = Danh sách sản phẩm đạt danh hiệu theo chương trình và năm.
award-about-hvn-yeu-thich = Danh hiệu do Thành phố Hà Nội tổ chức bình chọn hằng năm trong khuôn khổ Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”. Chính người tiêu dùng bình chọn những sản phẩm, dịch vụ hàng Việt mà họ tin dùng; kết quả được công bố và tôn vinh mỗi năm.
award-about-ocop = Chương trình “Mỗi xã một sản phẩm” (OCOP) đánh giá và phân hạng sản phẩm đặc trưng của các địa phương từ 3 đến 5 sao. Giấy chứng nhận OCOP có hiệu lực 36 tháng, vì vậy hãy xem năm công nhận và thời hạn hiệu lực khi chọn mua.
award-about-hvnclc = Danh hiệu Hàng Việt Nam chất lượng cao do người tiêu dùng bình chọn từ năm 1997, ghi nhận những doanh nghiệp có sản phẩm được người tiêu dùng tin tưởng về chất lượng, giá cả và dịch vụ.
award-about-thqg = Thương hiệu quốc gia (Vietnam Value) là chương trình xúc tiến thương mại của Chính phủ do Bộ Công Thương chủ trì, lựa chọn các doanh nghiệp có sản phẩm đạt chất lượng, đổi mới sáng tạo và năng lực tiên phong để đại diện cho hàng Việt trên thị trường trong nước và quốc tế.
award-years-heading = Danh sách theo năm
award-no-data = Chưa có dữ liệu.
award-year-title = { $programme } năm { $year }
award-year-description = Danh sách sản phẩm đạt “{ $programme }” năm { $year }.
award-year-count = { $n } sản phẩm đạt danh hiệu.
award-year-count-more = Hơn { $n } sản phẩm đạt danh hiệu.
award-year-capped = Trang này chỉ hiện phần đầu của danh sách.
award-year-capped-link = Xem tiếp trong danh mục sản phẩm, nơi có thể lọc theo tỉnh, thành, nhóm hàng hoặc tìm kiếm
award-year-switcher = Chọn năm
# The group of winners recorded without a tier.
award-year-untiered = Sản phẩm đạt danh hiệu
award-year-empty = Chưa có sản phẩm nào trong danh sách năm này.
award-year-others = Xem các danh hiệu khác

## Search

search-heading = Tìm kiếm
search-results-for = Kết quả cho “{ $q }”
search-meta-description = Tìm sản phẩm Việt đạt danh hiệu theo tên, nhà sản xuất, tỉnh thành.
search-degraded = Tìm kiếm đang chạy ở chế độ dự phòng: kết quả chỉ khớp theo tên sản phẩm và chưa có bộ đếm theo nhóm. Xin thử lại sau ít phút để có kết quả đầy đủ.
search-active-label = Bộ lọc đang áp dụng
search-facets-label = Lọc kết quả
search-facet-category = Nhóm hàng
search-facet-programme = Danh hiệu
search-facet-year = Năm
search-facet-province = Tỉnh, thành
search-no-results = Không tìm thấy sản phẩm nào cho “{ $q }”.
search-prompt = Hãy nhập tên sản phẩm, thương hiệu, nhà sản xuất hoặc tỉnh thành.
search-tip-spelling = Kiểm tra lại chính tả, hoặc gõ không dấu: “nuoc mam”, “gom su bat trang”.
search-tip-fewer-words = Dùng ít từ hơn hoặc từ chung hơn: “trà” thay cho “trà sen Tây Hồ loại đặc biệt”.
search-tip-clear-link = Bỏ các bộ lọc
search-tip-clear-after = để tìm rộng hơn.
search-tip-categories = Hoặc xem theo nhóm hàng:

## The JSON APIs (/api/v1/…)

api-error-per-page = per_page phải từ 1 đến { $max }.

## Reference data. Vietnamese pages show the names as stored (officials may edit them); these
## Vietnamese texts mirror the shipped data, and the English ones are what English pages show.
## A category or province without a key keeps its stored name in English too.

category-thuc-pham = Thực phẩm
category-do-uong = Đồ uống
category-nong-san-dac-san = Nông sản - đặc sản vùng miền
category-det-may-thoi-trang = Dệt may - thời trang
category-da-giay-tui-xach = Da giày - túi xách
category-do-gia-dung = Đồ gia dụng
category-dien-dien-tu = Điện - điện tử - chiếu sáng
category-hoa-my-pham = Hóa mỹ phẩm
category-duoc-pham = Dược phẩm - thực phẩm bảo vệ sức khỏe
category-van-phong-pham = Văn phòng phẩm - giáo dục
category-vat-lieu-noi-that = Vật liệu xây dựng - nội thất
category-thu-cong-my-nghe = Thủ công mỹ nghệ - làng nghề
category-co-khi-che-tao = Cơ khí - chế tạo
category-nong-nghiep = Vật tư nông nghiệp
category-du-lich = Du lịch - dịch vụ lưu trú
category-dich-vu = Dịch vụ tài chính - vận tải - bán lẻ

province-ha-noi = Hà Nội
province-tp-ho-chi-minh = TP Hồ Chí Minh
province-hai-phong = Hải Phòng
province-da-nang = Đà Nẵng
province-can-tho = Cần Thơ
province-hue = Huế
# A producer recorded under a pre-2025 province name: "Kiên Giang (nay thuộc An Giang)".
province-now-part-of = { $old } (nay thuộc { $current })

# Catalogue and search: the "valid now" filter and the award sorts.
filter-valid = Chỉ sản phẩm có giải thưởng còn hiệu lực
filter-valid-chip = Còn hiệu lực
filter-error-valid = Giá trị “{ $value }” của bộ lọc “còn hiệu lực” không hợp lệ: dùng 1 hoặc để trống.
filter-sort-award-year = Giải thưởng mới nhất
filter-sort-tier = Hạng giải thưởng cao nhất
search-sort-relevance = Phù hợp nhất
search-refine-label = Lọc và sắp xếp kết quả
producer-province-unknown = Chưa rõ tỉnh/thành
fictional-data = Dữ liệu minh họa
fictional-data-explained = Doanh nghiệp, sản phẩm và danh hiệu trên trang này được tạo tự động để thử tải hệ thống, không phải thông tin thật.
fictional-feed-title = { $name } (Dữ liệu minh họa)
# Shown over the category's illustration when a product has no photo yet.
photo-none = Chưa có ảnh

# Product photos (templates/catalogue/product.html, assets/js/gallery.js).
gallery-label = Ảnh sản phẩm
gallery-hint = { $count } ảnh: vuốt sang để xem, chạm vào ảnh để phóng to.
gallery-close = Đóng
gallery-prev = Ảnh trước
gallery-next = Ảnh sau
gallery-position = Ảnh { $n }/{ $total }

# Sharing a product: share buttons, QR code, shelf label (views/sharing.rs).
share-heading = Chia sẻ sản phẩm
share-zalo = Chia sẻ qua Zalo
share-facebook = Chia sẻ lên Facebook
share-copy = Sao chép liên kết
share-copied = Đã sao chép liên kết.
share-copied-zalo = Đã sao chép liên kết: hãy dán vào tin nhắn Zalo.
share-label = In nhãn kệ hàng
share-qr = Mã QR của trang này
label-title = Nhãn kệ hàng: { $product }
label-description = Nhãn in để đặt cạnh sản phẩm trên kệ: tên, danh hiệu và mã QR dẫn tới trang sản phẩm.
label-back = Về trang sản phẩm
label-how-to-print = Dùng lệnh In của trình duyệt (Ctrl+P) để in nhãn này.
label-qr-alt = Mã QR dẫn tới trang của { $product }
label-scan = Quét mã để xem danh hiệu và nơi bán
search-place-filter = Lọc theo { $place }?
search-facet-sold-in = Bán tại
search-filter-sold-in = Bán tại { $place }

# Danh sách dài chỉ hiển thị một số trang đầu; $rows là số đã định dạng.
catalogue-count-more = Hơn { $n } sản phẩm
list-cap-notice = Danh sách chỉ hiển thị { $pages } trang đầu ({ $rows } sản phẩm). Hãy thu hẹp bộ lọc (danh mục, tỉnh thành, năm, chương trình, hạng) hoặc tìm kiếm để xem các sản phẩm khác.
producer-list-cap-notice = Danh bạ chỉ hiển thị { $pages } trang đầu ({ $rows } nhà sản xuất). Hãy chọn tỉnh thành hoặc tìm kiếm để xem các nhà sản xuất khác.
api-error-page-cap = Chỉ phục vụ { $pages } trang đầu khi mỗi trang có { $per_page } mục. Hãy thu hẹp bộ lọc, hoặc tải toàn bộ danh mục tại /du-lieu.
