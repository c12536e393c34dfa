# The public catalogue: home, product list and pages, categories, producers, awards, search,
# and the shared pieces they draw (cards, badges, pagination, filters). Translated from
# vi/public.ftl; same keys.

## Shared pieces (templates/partials/ui.html, grid.html)

card-awards = Awards
breadcrumbs-label = Breadcrumb
pagination-label = Pagination
pagination-prev = ‹ Previous page
pagination-next = Next page ›
pagination-page = Page { $n }
pagination-status = Page { $page } of { $last }
pos-heading = Where to buy
pos-sells-this = Sells this product
pos-phone = Phone:
pos-hours = Opening hours: { $hours }
pos-none = No points of sale listed yet.
search-form-label = Search for a product or producer
award-in-year = , { $year }
award-certificate = Decision/certificate no.
award-valid-until = Valid until
award-validity = Validity
award-expired = expired
award-source = Source
award-source-of = : { $programme }, { $year }

## Home page

home-eyebrow = Vietnamese people prioritise using Vietnamese goods
home-title = Vietnamese goods consumers love
home-intro = Look up products awarded Vietnamese Goods Favoured by Consumers, OCOP, High-Quality Vietnamese Goods and Vietnam Value: who makes them, the year of each award and where to buy them.
home-meta-description = Look up products awarded Vietnamese Goods Favoured by Consumers, OCOP, High-Quality Vietnamese Goods and Vietnam Value: their producers, awards and points of sale.
home-stats-label = Figures
home-stat-products = { $count ->
    [one] product
   *[other] products
}
home-stat-producers = { $count ->
    [one] producer
   *[other] producers
}
home-stat-categories = { $count ->
    [one] category
   *[other] categories
}
home-latest-heading = Products awarded in { $year }
home-latest-programmes-label = Lists by programme
home-latest-more = See all products awarded in { $year } ›
home-categories-heading = Categories
home-category-count = { $count ->
    [one] { $n } product
   *[other] { $n } products
}
home-guide-heading = What consumers should know
home-guide-intro = Consumer rights, how to recognise quality Vietnamese goods, and how to read OCOP labels and barcodes on packaging.
home-guide-more = Read news and guides

## Product list and category pages

catalogue-title = Award-winning products
catalogue-meta-description = Catalogue of award-winning Vietnamese products, filtered by category, province, year and programme.
catalogue-category-description = Award-winning Vietnamese products in { $category }.
# $n is the number formatted for display, $count the number itself (plural forms).
catalogue-count = { $count ->
    [one] { $n } product
   *[other] { $n } products
}
catalogue-empty = No products match these filters.
catalogue-empty-hint-before = Try removing some conditions, or
catalogue-empty-hint-link = see all products
catalogue-empty-hint-after = .

## Filters (the catalogue's form, chips, and the 400 answers to bad values)

filter-category = Category
filter-category-all = All categories
filter-province = Province or city
filter-province-all = All provinces and cities
filter-province-current = Current provinces and cities
filter-province-legacy = Former names (before 1 July 2025)
filter-year = Year
filter-year-all = All years
filter-programme = Award
filter-programme-all = All awards
filter-tier = Tier
filter-tier-all = All tiers
filter-sort = Sort by
filter-sort-name = Name A–Z
filter-sort-newest = Recently updated
filter-apply = Filter
filter-clear = Clear filters
filter-active-label = Filters in use
filter-remove = Remove filter { $label }
filter-year-chip = Year { $year }
filter-tier-option = { $tier } ({ $programme })
filter-error-page = The page number “{ $value }” is not valid: use a number from 1 up.
filter-error-category = There is no category “{ $value }”.
filter-error-province = There is no province or city “{ $value }”.
filter-error-year = The year “{ $value }” is not valid.
filter-error-programme = There is no award programme “{ $value }”.
filter-error-tier = The tier “{ $value }” is not valid.
filter-error-sort = The sort order “{ $value }” is not valid.

## Product page

product-producer = Producer
product-province = Province/city
product-category = Category
product-brand = Brand
product-gtin = GTIN barcode
product-description = Description
product-awards-heading = Awards
product-no-awards = No awards recorded for this product yet.
product-producer-awards = The producer's awards
product-related = More in this category
product-report-before = Spotted wrong information?
product-report-link = Report it
product-report-after = so that an official can check and correct it.
# The page description of a product that has none of its own.
product-meta-description = { $product } by { $producer }
# An award as search engines read it (JSON-LD).
product-award-text = { $programme } { $year }
product-award-text-tier = { $programme }, { $tier }, { $year }

## Producers

producer-verified = Verified
producer-list-title = Producers
producer-list-intro = Companies, cooperatives and workshops with award-winning products.
producer-list-count = { $count ->
    [one] { $n } producer
   *[other] { $n } producers
}
producer-product-count = { $count ->
    [one] { $n } product
   *[other] { $n } products
}
producer-list-empty = No producers here yet.
producer-list-all = See all producers
producer-legal-name = Legal name
producer-address = Address
producer-website = Website
producer-phone = Phone
producer-email = Email
producer-about = About
producer-awards-heading = The company's awards
producer-products-heading = Products
producer-no-products = No products published yet.
producer-report-note = Spotted wrong information? Let us know and we will correct it.
# The page description of a producer that has none of its own.
producer-meta-description = { $producer }, a producer in { $province }
producer-meta-description-no-province = { $producer }, a Vietnamese producer

## Awards

award-index-title = Awards and titles
award-index-intro = The four titles shoppers most often see on Vietnamese packaging: what each one means, and the products awarded it year by year.
award-index-meta-description = Award-winning products by programme and year.
award-about-hvn-yeu-thich = A title awarded every year by the city of Hanoi as part of the campaign “Vietnamese people prioritise using Vietnamese goods”. Consumers themselves vote for the Vietnamese products and services they trust; the results are announced and celebrated each year.
award-about-ocop = The One Commune One Product (OCOP) programme assesses local speciality products and rates them from 3 to 5 stars. An OCOP certificate is valid for 36 months, so check the year of recognition and its validity when you buy.
award-about-hvnclc = The High-Quality Vietnamese Goods title has been voted by consumers since 1997. It recognises companies whose products consumers trust for their quality, price and service.
award-about-thqg = Vietnam Value (the national brand) is the government's trade promotion programme led by the Ministry of Industry and Trade. It selects companies whose products stand out for quality, innovation and pioneering capacity to represent Vietnamese goods at home and abroad.
award-years-heading = Lists by year
award-no-data = No data yet.
award-year-title = { $programme }, { $year }
award-year-description = Products awarded “{ $programme }” in { $year }.
award-year-count = { $count ->
    [one] { $n } award-winning product.
   *[other] { $n } award-winning products.
}
award-year-count-more = More than { $n } award-winning products.
award-year-capped = This page shows the first part of the list only.
award-year-capped-link = See the rest in the catalogue, where you can narrow it by province, product group or search
award-year-switcher = Choose a year
# The group of winners recorded without a tier.
award-year-untiered = Award-winning products
award-year-empty = No products on this year's list yet.
award-year-others = See the other awards

## Search

search-heading = Search
search-results-for = Results for “{ $q }”
search-meta-description = Find award-winning Vietnamese products by name, producer or province.
search-degraded = Search is running in fallback mode: results match product names only and have no counts by group. Please try again in a few minutes for complete results.
search-active-label = Filters applied
search-facets-label = Filter results
search-facet-category = Category
search-facet-programme = Award
search-facet-year = Year
search-facet-province = Province or city
search-no-results = No products found for “{ $q }”.
search-prompt = Enter a product name, brand, producer or province.
search-tip-spelling = Check the spelling, or type without diacritics: “nuoc mam”, “gom su bat trang”.
search-tip-fewer-words = Use fewer or more general words: “trà” instead of “trà sen Tây Hồ loại đặc biệt”.
search-tip-clear-link = Remove the filters
search-tip-clear-after = to search more widely.
search-tip-categories = Or browse by category:

## The JSON APIs (/api/v1/…)

api-error-per-page = per_page must be between 1 and { $max }.

## Reference data: what English pages call the shipped categories and the provinces that have
## an English name. A category or province without a key keeps its stored (Vietnamese) name.

category-thuc-pham = Food
category-do-uong = Beverages
category-nong-san-dac-san = Farm produce and regional specialities
category-det-may-thoi-trang = Textiles and fashion
category-da-giay-tui-xach = Footwear, leather goods and bags
category-do-gia-dung = Household goods
category-dien-dien-tu = Electrical goods, electronics and lighting
category-hoa-my-pham = Cosmetics and household chemicals
category-duoc-pham = Pharmaceuticals and health supplements
category-van-phong-pham = Stationery and educational supplies
category-vat-lieu-noi-that = Building materials and furniture
category-thu-cong-my-nghe = Handicrafts and craft villages
category-co-khi-che-tao = Engineering and manufacturing
category-nong-nghiep = Agricultural supplies
category-du-lich = Tourism and accommodation
category-dich-vu = Financial, transport and retail services

province-ha-noi = Hanoi
province-tp-ho-chi-minh = Ho Chi Minh City
province-hai-phong = Haiphong
province-da-nang = Da Nang
province-can-tho = Can Tho
province-hue = Hue
# A producer recorded under a pre-2025 province name.
province-now-part-of = { $old } (now part of { $current })

# Catalogue and search: the "valid now" filter and the award sorts.
filter-valid = Only products with an award still valid
filter-valid-chip = Award still valid
filter-error-valid = “{ $value }” is not a value of the “still valid” filter: use 1 or leave it empty.
filter-sort-award-year = Newest award
filter-sort-tier = Best award tier
search-sort-relevance = Best match
search-refine-label = Filter and sort the results
producer-province-unknown = Province not yet known
fictional-data = Illustrative data
fictional-data-explained = The business, product and titles on this page were generated to load-test the site; they are not real.
fictional-feed-title = { $name } (illustrative data)
# Shown over the category's illustration when a product has no photo yet.
photo-none = No photo yet

# Product photos (templates/catalogue/product.html, assets/js/gallery.js).
gallery-label = Product photos
gallery-hint = { $count ->
    [one] { $count } photo: tap it to zoom in.
   *[other] { $count } photos: swipe to see them, tap one to zoom in.
}
gallery-close = Close
gallery-prev = Previous photo
gallery-next = Next photo
gallery-position = Photo { $n } of { $total }

# Sharing a product: share buttons, QR code, shelf label (views/sharing.rs).
share-heading = Share this product
share-zalo = Share on Zalo
share-facebook = Share on Facebook
share-copy = Copy link
share-copied = Link copied.
share-copied-zalo = Link copied: paste it into a Zalo message.
share-label = Print a shelf label
share-qr = QR code of this page
label-title = Shelf label: { $product }
label-description = A label to print and put beside the product on the shelf: its name, titles and a QR code leading to its page.
label-back = Back to the product page
label-how-to-print = Use your browser's Print command (Ctrl+P) to print this label.
label-qr-alt = QR code leading to the page of { $product }
label-scan = Scan for the titles and where to buy
search-place-filter = Only show products from { $place }?
search-facet-sold-in = Sold in
search-filter-sold-in = Sold in { $place }

# Long lists show only their first pages; $rows is the number formatted for display.
catalogue-count-more = More than { $n } products
list-cap-notice = The list shows only its first { $pages } pages ({ $rows } products). Narrow the filters (category, province, year, programme, tier) or search to find the others.
producer-list-cap-notice = The directory shows only its first { $pages } pages ({ $rows } producers). Choose a province or search to find the others.
api-error-page-cap = Only the first { $pages } pages are served at { $per_page } items a page. Narrow the filters, or download the whole catalogue at /du-lieu.
