# Bulk downloads of the published catalogue (/du-lieu) and their schema. Translated from
# vi/open_data.ftl.

footer-open-data-link = Bulk downloads

open-data-title = Open data: download the whole catalogue
open-data-description = Every published product, producer, award and point of sale, as CSV and JSON Lines files, free to reuse under CC BY 4.0.
open-data-intro = Here you can download everything the site publishes: products, producers, awards and points of sale, each as a CSV file and as a JSON Lines file (one JSON record per line), compressed with gzip. The files are rebuilt automatically a few minutes after the published information changes.
open-data-made-at = These files were made at { $time } (Vietnam time).
open-data-none-yet = The files have not been built yet. Please come back in a few minutes.
open-data-licence-heading = Licence and attribution
open-data-licence = The data is open data under the { $licence } licence: you may copy, share, adapt and use it for any purpose, including commercially, as long as you give credit.
open-data-licence-link = Read the { $licence } licence
open-data-attribution = To give credit, name the source and link to this page, for example:
open-data-attribution-text = Data: hangviet, open data on Vietnamese award-winning goods (CC BY 4.0), with the original source of each title where given.
open-data-formats-heading = Formats
open-data-formats = CSV files are UTF-8 with a header row; nested fields are named with a dot (category.slug), and lists are joined with “|”. JSON Lines records use the same field names as the API, nested as objects and lists. Products, awards and points of sale name producers and products by their slug, so the files link to each other.
open-data-checksum = Check a download with its SHA-256 checksum (for example: sha256sum products.csv.gz). The machine-readable list of files, with their schema, is manifest.json in the same set. Photos are given as links to this site.
open-data-api = The same information is available one record at a time through the programming interface at /api/v1.
open-data-files-caption = Files: { $dataset }
open-data-schema-caption = Fields: { $dataset }
open-data-col-file = File
open-data-col-format = Format
open-data-col-size = Size
open-data-col-rows = Rows
open-data-col-sha256 = SHA-256 checksum
open-data-col-field = Field
open-data-col-type = Type
open-data-col-meaning = Meaning
open-data-bytes = { $count } bytes

open-data-dataset-products = Products
open-data-dataset-producers = Producers
open-data-dataset-awards = Awards
open-data-dataset-points-of-sale = Points of sale

open-data-type-string = text
open-data-type-string-or-null = text or empty
open-data-type-integer = whole number
open-data-type-number-or-null = number or empty
open-data-type-boolean = true or false
open-data-type-date-or-null = date (YYYY-MM-DD) or empty
open-data-type-datetime-or-null = date and time (ISO 8601, UTC) or empty
open-data-type-url = web address
open-data-type-url-or-null = web address or empty
open-data-type-list-of-url = list of web addresses
open-data-type-list-of-string = list of texts

open-data-field-products-slug = The product's identifier in addresses; unique.
open-data-field-products-name = The product's name.
open-data-field-products-brand = The brand, if any.
open-data-field-products-description = The producer's description of the product.
open-data-field-products-gtin = The barcode (GTIN/EAN), if known.
open-data-field-products-category-slug = Identifier of the product's category.
open-data-field-products-category-name = Name of the category (in Vietnamese).
open-data-field-products-producer-slug = Identifier of the producer (see the producers file).
open-data-field-products-producer-name = The producer's name.
open-data-field-products-producer-province = The producer's current province or city, if known.
open-data-field-products-images = Addresses of the product's photos, in order.
open-data-field-products-url = Address of the product's page on this site.
open-data-field-products-fictional = True for a generated example record, not a real product.
open-data-field-products-published-at = When the product was first published.

open-data-field-producers-slug = The producer's identifier in addresses; unique.
open-data-field-producers-name = The name the producer is known by.
open-data-field-producers-legal-name = The registered legal name.
open-data-field-producers-tax-code = The enterprise or tax code, if known.
open-data-field-producers-province-slug = Identifier of the current province or city (since July 2025).
open-data-field-producers-province-name = Name of the current province or city.
open-data-field-producers-province-as-written = The former province name the producer was recorded under, if any.
open-data-field-producers-address = Address.
open-data-field-producers-phone = Phone number, if given.
open-data-field-producers-email = E-mail address, if given.
open-data-field-producers-website = Website, if given.
open-data-field-producers-verified = True when officials have verified the producer.
open-data-field-producers-description = The producer's description.
open-data-field-producers-fictional = True for a generated example record, not a real producer.
open-data-field-producers-url = Address of the producer's page on this site.

open-data-field-awards-product-slug = Identifier of the product awarded; empty for an award to the whole firm.
open-data-field-awards-producer-slug = Identifier of the producer awarded, or of the maker of the product awarded.
open-data-field-awards-programme = The programme: hvn-yeu-thich, ocop, hvnclc or thqg.
open-data-field-awards-programme-name = The programme's name (in Vietnamese).
open-data-field-awards-year = The year of the award.
open-data-field-awards-tier = The rank within the programme (OCOP stars, for example), if any.
open-data-field-awards-valid-until = Last day the title is valid; empty when it has no end date.
open-data-field-awards-expired = True when the title had expired on the day the files were made.
open-data-field-awards-status = valid, expired or no_end_date, on the day the files were made.
open-data-field-awards-certificate-no = Number of the decision or certificate, if known.
open-data-field-awards-source-url = Where the award was published, if known.

open-data-field-points-of-sale-id = The point of sale's number; unique.
open-data-field-points-of-sale-producer-slug = Identifier of the producer whose goods are sold there.
open-data-field-points-of-sale-name = Name of the shop or stall.
open-data-field-points-of-sale-kind = shop, agent, supermarket, market or online.
open-data-field-points-of-sale-address = Street address.
open-data-field-points-of-sale-ward = Ward or commune.
open-data-field-points-of-sale-province = Province or city (in Vietnamese).
open-data-field-points-of-sale-province-slug = Identifier of the province or city.
open-data-field-points-of-sale-phone = Phone number, if given.
open-data-field-points-of-sale-opening-hours = Opening hours, as written by the producer.
open-data-field-points-of-sale-url = The online shop's address, if any.
open-data-field-points-of-sale-latitude = Latitude (WGS 84), if known.
open-data-field-points-of-sale-longitude = Longitude (WGS 84), if known.
open-data-field-points-of-sale-products = Identifiers of the products sold there; empty when it sells the producer's whole range.
