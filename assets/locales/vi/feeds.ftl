# The Atom feed (/feed.xml). The feed's title is site-feed-title (common.ftl).

feed-subtitle = Sản phẩm Việt đạt danh hiệu vừa được giới thiệu, cùng tin tức và hướng dẫn cho người tiêu dùng.
feed-category-products = Sản phẩm mới
feed-category-news = Tin tức
