# The Atom feed (/feed.xml). Translated from vi/feeds.ftl; same keys.

feed-subtitle = Award-winning Vietnamese products just added to the showcase, with news and guides for consumers.
feed-category-products = New products
feed-category-news = News
