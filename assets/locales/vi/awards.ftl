# Awards shown honestly: each badge's state, what each title means (the product page and
# /giai-thuong/gioi-thieu), and the notes of a year's list. en/awards.ftl holds the same keys.

## A badge's state (cards, search hits, product, producer and award pages, the feed)

badge-valid-until = hiệu lực đến { $date }
badge-expired = hết hiệu lực
badge-no-end-date = không ghi thời hạn
award-status = Trạng thái

## What a title means: one sentence per programme under each award of a product page

award-meaning-hvn-yeu-thich = Danh hiệu do người tiêu dùng bình chọn mỗi năm một lần, do Thành phố Hà Nội tổ chức trong Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.
award-meaning-ocop = Sản phẩm được đánh giá và xếp hạng sao theo Chương trình Mỗi xã một sản phẩm (OCOP); giấy chứng nhận OCOP có hiệu lực 36 tháng.
award-meaning-hvnclc = Doanh nghiệp được người tiêu dùng bình chọn Hàng Việt Nam chất lượng cao (HVNCLC) trong đợt bình chọn hằng năm do Hội Doanh nghiệp Hàng Việt Nam chất lượng cao tổ chức.
award-meaning-thqg = Doanh nghiệp được Bộ Công Thương công nhận Thương hiệu quốc gia (THQG) trong kỳ xét chọn hai năm một lần.
award-meaning-link = Bốn danh hiệu và cách xét chọn

## /giai-thuong/gioi-thieu: the four titles and how each is granted

award-guide-title = Bốn danh hiệu và cách được công nhận
award-guide-meta-description = Ai quyết định, xét chọn thế nào và kéo dài bao lâu: Hàng Việt Nam được người tiêu dùng yêu thích, OCOP, Hàng Việt Nam chất lượng cao, Thương hiệu quốc gia.
award-guide-intro = Trên bao bì hàng Việt, người mua hay gặp bốn danh hiệu dưới đây. Mỗi danh hiệu do một cơ quan hay tổ chức khác xét chọn, theo cách riêng, với thời hạn riêng. Trang này tóm tắt ai quyết định, danh hiệu được xét chọn ra sao và kéo dài bao lâu.
award-guide-abbreviations = Chữ viết tắt dùng trên trang
award-guide-abbr-hvn-yeu-thich = HVN yêu thích: Hàng Việt Nam được người tiêu dùng yêu thích
award-guide-abbr-ocop = OCOP: Chương trình Mỗi xã một sản phẩm (tiếng Anh: One Commune One Product)
award-guide-abbr-hvnclc = HVNCLC: Hàng Việt Nam chất lượng cao
award-guide-abbr-thqg = THQG: Thương hiệu quốc gia (Vietnam Value)
award-guide-who = Ai quyết định
award-guide-how = Cách xét chọn
award-guide-duration = Thời hạn
award-guide-tiers = Hạng
award-guide-lists = Xem danh sách theo năm
award-guide-who-hvn-yeu-thich = Thành phố Hà Nội tổ chức, trong khuôn khổ Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.
award-guide-how-hvn-yeu-thich = Người tiêu dùng bình chọn những sản phẩm, dịch vụ hàng Việt mà họ tin dùng; kết quả được công bố và tôn vinh mỗi năm.
award-guide-duration-hvn-yeu-thich = Mỗi năm một đợt bình chọn: danh hiệu gắn với năm được bình chọn.
award-guide-tiers-hvn-yeu-thich = Top 1 đến Top 4, khi danh sách công bố có xếp hạng.
award-guide-who-ocop = Hội đồng đánh giá ở địa phương chấm điểm và Ủy ban nhân dân ra quyết định công nhận hạng 3 sao và 4 sao. Hạng 5 sao là hạng quốc gia, do Hội đồng OCOP Trung ương đánh giá.
award-guide-how-ocop = Sản phẩm đặc trưng của địa phương do doanh nghiệp, hợp tác xã hay hộ sản xuất đăng ký được đánh giá và xếp hạng theo từng đợt trong năm.
award-guide-duration-ocop = Giấy chứng nhận OCOP có hiệu lực 36 tháng. Khi danh sách công bố không ghi ngày, trang này tính 36 tháng kể từ cuối năm công nhận, tức là thời hạn muộn nhất có thể.
award-guide-tiers-ocop = 3 sao, 4 sao, 5 sao.
award-guide-who-hvnclc = Hội Doanh nghiệp Hàng Việt Nam chất lượng cao tổ chức; người tiêu dùng bình chọn.
award-guide-how-hvnclc = Mỗi năm một lần, người tiêu dùng bình chọn; doanh nghiệp được bình chọn nhận giấy chứng nhận Hàng Việt Nam chất lượng cao. Chứng nhận trao cho doanh nghiệp, không cho từng sản phẩm: trang này ghi dòng sản phẩm theo tên và thương hiệu mà nguồn nêu.
award-guide-duration-hvnclc = Chứng nhận gắn với năm bình chọn; mỗi năm có một đợt bình chọn mới.
award-guide-tiers-hvnclc = Không xếp hạng.
award-guide-who-thqg = Bộ Công Thương quyết định (ví dụ Quyết định 2534/QĐ-BCT năm 2020).
award-guide-how-thqg = Chương trình Thương hiệu quốc gia Việt Nam (Vietnam Value) xét chọn những doanh nghiệp có sản phẩm đạt chất lượng, đổi mới sáng tạo và năng lực tiên phong, hai năm một lần.
award-guide-duration-thqg = Danh hiệu gắn với kỳ xét chọn (năm ghi trên huy hiệu); kỳ sau xét chọn lại.
award-guide-tiers-thqg = Không xếp hạng.
award-guide-states-heading = Trạng thái ghi trên mỗi huy hiệu
award-guide-state-valid = Hiệu lực đến một ngày: danh hiệu có ngày hết hạn và ngày đó chưa qua.
award-guide-state-expired = Hết hiệu lực: ngày hết hạn đã qua. Sản phẩm từng đạt danh hiệu, nhưng chứng nhận không còn giá trị nếu chưa được công nhận lại.
award-guide-state-no-end-date = Không ghi thời hạn: danh sách công bố không nêu ngày hết hạn; hãy xem năm đạt danh hiệu.
award-guide-index-link = Về bốn danh hiệu: ai quyết định, xét chọn thế nào, kéo dài bao lâu

## A year's list (/giai-thuong/{programme}/{year})

award-year-jump-label = Đến hạng
award-year-province-label = Tỉnh, thành
award-year-province-all = Tất cả tỉnh, thành
award-year-filter = Lọc
award-year-province-empty = Không có sản phẩm nào của tỉnh, thành này trong danh sách năm nay.
award-year-show-all = Xem cả danh sách
award-year-records = Danh sách gồm { $n } bản ghi.
award-year-records-more = Danh sách gồm hơn { $n } bản ghi.
award-year-sources = Nguồn:
award-year-no-sources = Các bản ghi của danh sách này không ghi nguồn.

## The Atom feed: a product entry's awards

feed-awards = Danh hiệu: { $list }
