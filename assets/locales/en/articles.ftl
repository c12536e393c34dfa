# The public articles (/tin-tuc) and the officials' preview of one. Translated from
# vi/articles.ftl; same keys.

article-list-heading = News and guidance
article-list-description = Consumer rights, how to recognise genuine and quality goods, and news of the campaign “Vietnamese people prioritise using Vietnamese goods”.
article-list-intro = What consumers should know: their rights when buying, how to recognise genuine and quality goods, and news of the campaign.
article-topics = Topics
article-all-topics = All
article-count = { $count ->
    [one] 1 article
   *[other] { $shown } articles
}
article-none-here = No articles here yet.
article-see-all = See all articles
article-breadcrumbs = Breadcrumbs
article-back-to-all = ‹ All news and guidance
article-unknown-topic = There is no topic “{ $topic }”: please choose one from the list.
# Shown on the English site only, beside an article that has no English version.
article-in-vietnamese = In Vietnamese
article-only-vietnamese = This article is only available in Vietnamese.
article-preview-draft = Preview: this article is a draft; readers cannot see it yet.
article-preview-scheduled = Preview: the article will be shown from { $at }.
article-preview-public = Preview: the article is public.
