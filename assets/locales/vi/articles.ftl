# The public articles (/tin-tuc) and the officials' preview of one. Vietnamese is the
# source; en/articles.ftl holds the same keys.

article-list-heading = Tin tức và hướng dẫn
article-list-description = Quyền lợi người tiêu dùng, cách nhận biết hàng thật, hàng chất lượng và tin hoạt động của Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.
article-list-intro = Người tiêu dùng cần biết: quyền lợi khi mua hàng, cách nhận biết hàng thật, hàng chất lượng và tin hoạt động của Cuộc vận động.
article-topics = Chủ đề
article-all-topics = Tất cả
article-count = { $shown } bài viết
article-none-here = Chưa có bài viết nào ở đây.
article-see-all = Xem tất cả bài viết
article-breadcrumbs = Đường dẫn
article-back-to-all = ‹ Tất cả tin tức và hướng dẫn
article-unknown-topic = Không có chủ đề “{ $topic }”: hãy chọn trong danh sách.
# Shown on the English site only, beside an article that has no English version.
article-in-vietnamese = Bằng tiếng Việt
article-only-vietnamese = Bài viết này chỉ có bằng tiếng Việt.
article-preview-draft = Xem trước: bài viết này là bản nháp, người đọc chưa thấy.
article-preview-scheduled = Xem trước: bài viết sẽ hiển thị từ { $at }.
article-preview-public = Xem trước: bài viết đang hiển thị công khai.
