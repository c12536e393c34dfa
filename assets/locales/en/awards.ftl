# Awards shown honestly: each badge's state, what each title means (the product page and
# /giai-thuong/gioi-thieu), and the notes of a year's list. vi/awards.ftl is the source.

## A badge's state (cards, search hits, product, producer and award pages, the feed)

badge-valid-until = valid until { $date }
badge-expired = expired
badge-no-end-date = no end date given
award-status = Status

## What a title means: one sentence per programme under each award of a product page

award-meaning-hvn-yeu-thich = A title consumers vote for once a year, organised by the city of Hanoi within the campaign “Vietnamese people prioritise using Vietnamese goods”.
award-meaning-ocop = The product was assessed and given stars under the One Commune One Product programme (OCOP); an OCOP certificate is valid for 36 months.
award-meaning-hvnclc = Consumers voted the company High-Quality Vietnamese Goods (HVNCLC) in the yearly vote organised by the High-Quality Vietnamese Goods Business Association.
award-meaning-thqg = The Ministry of Industry and Trade recognised the company as a Vietnam Value national brand (THQG, Thương hiệu quốc gia) in its selection held every two years.
award-meaning-link = The four titles and how they are granted

## /giai-thuong/gioi-thieu: the four titles and how each is granted

award-guide-title = The four titles and how they are granted
award-guide-meta-description = Who decides, how products are chosen and how long each title lasts: Vietnamese Goods Favoured by Consumers, OCOP, High-Quality Vietnamese Goods and Vietnam Value.
award-guide-intro = Shoppers meet these four titles on Vietnamese packaging. Each is granted by a different authority or organisation, in its own way and for its own length of time. This page sums up who decides, how products are chosen and how long each title lasts.
award-guide-abbreviations = Abbreviations used on this page
award-guide-abbr-hvn-yeu-thich = HVN yêu thích: Hàng Việt Nam được người tiêu dùng yêu thích (Vietnamese Goods Favoured by Consumers)
award-guide-abbr-ocop = OCOP: One Commune One Product (Mỗi xã một sản phẩm)
award-guide-abbr-hvnclc = HVNCLC: Hàng Việt Nam chất lượng cao (High-Quality Vietnamese Goods)
award-guide-abbr-thqg = THQG: Thương hiệu quốc gia (the national brand, Vietnam Value)
award-guide-who = Who decides
award-guide-how = How products are chosen
award-guide-duration = How long it lasts
award-guide-tiers = Tiers
award-guide-lists = Lists by year
award-guide-who-hvn-yeu-thich = The city of Hanoi organises it, within the campaign “Vietnamese people prioritise using Vietnamese goods”.
award-guide-how-hvn-yeu-thich = Consumers vote for the Vietnamese products and services they trust; the results are announced and celebrated every year.
award-guide-duration-hvn-yeu-thich = One vote a year: the title belongs to the year it was voted.
award-guide-tiers-hvn-yeu-thich = Top 1 to Top 4, where the published list ranks them.
award-guide-who-ocop = An assessment council in the locality scores the products and the People's Committee issues the decision recognising 3 and 4 stars. 5 stars is the national tier, assessed by the Central OCOP Council.
award-guide-how-ocop = Local speciality products entered by companies, cooperatives or household producers are assessed and rated in rounds through the year.
award-guide-duration-ocop = An OCOP certificate is valid for 36 months. Where the published list gives no date, this site counts 36 months from the end of the year of recognition: the latest the certificate can run.
award-guide-tiers-ocop = 3, 4 or 5 stars.
award-guide-who-hvnclc = The High-Quality Vietnamese Goods Business Association organises it; consumers vote.
award-guide-how-hvnclc = Once a year consumers vote, and the companies voted receive the High-Quality Vietnamese Goods certificate. It is given to a company, not to single products: this site names the product line as the source gives the company's name and brand.
award-guide-duration-hvnclc = The certificate belongs to the year of the vote; there is a new vote every year.
award-guide-tiers-hvnclc = No tiers.
award-guide-who-thqg = The Ministry of Industry and Trade decides (for example Decision 2534/QĐ-BCT of 2020).
award-guide-how-thqg = The Vietnam Value national brand programme selects companies whose products stand out for quality, innovation and pioneering capacity, every two years.
award-guide-duration-thqg = The title belongs to its selection round (the year on the badge); the next round selects again.
award-guide-tiers-thqg = No tiers.
award-guide-states-heading = The status on every badge
award-guide-state-valid = Valid until a date: the title has an end date that has not passed yet.
award-guide-state-expired = Expired: the end date has passed. The product held the title, but the certificate no longer counts unless it has been granted again.
award-guide-state-no-end-date = No end date given: the published list states no end date; look at the year of the award.
award-guide-index-link = About the four titles: who decides, how products are chosen, how long each lasts

## A year's list (/giai-thuong/{programme}/{year})

award-year-jump-label = Go to tier
award-year-province-label = Province or city
award-year-province-all = All provinces and cities
award-year-filter = Filter
award-year-province-empty = No product of this province or city is on this year's list.
award-year-show-all = See the whole list
award-year-records = The list holds { $n } records.
award-year-records-more = The list holds more than { $n } records.
award-year-sources = Sources:
award-year-no-sources = The records of this list give no source.

## The Atom feed: a product entry's awards

feed-awards = Awards: { $list }
