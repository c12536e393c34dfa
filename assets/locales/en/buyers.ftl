# The state buyers' list: /mua-sam-cong and its CSV and XLSX files.
buyers-title = Vietnamese goods for public procurement
buyers-meta-description = Products holding an award that is still valid, by category and province, with the producer's legal name, tax code and contact and the award's decision number — so bodies spending the state budget can buy Vietnamese first.
buyers-intro = For procurement officers of agencies and units funded by the state budget: Directive 03-CT/TW of the Party Secretariat asks them to prefer Vietnamese goods. The list gives the products holding an award, by category, province and name, with the producer's legal name, tax code and contact and the decision or certificate number, to draw up a shortlist. Check the published source before relying on it.
buyers-valid-note = Only awards still valid on { $date } are listed (awards without an end date count). Expired and withdrawn awards are not included.
buyers-filter-query = Product or producer name
buyers-query-chip = Words “{ $q }”
buyers-error-query = The search words are too long: at most { $max } characters.
buyers-count = { $count ->
    [one] { $n } valid award
   *[other] { $n } valid awards
}
buyers-empty = No products match these filters.
buyers-empty-all = See the whole list
buyers-download-csv = Download CSV
buyers-download-xlsx = Download Excel (XLSX)
buyers-export-cut = Downloads hold only the first { $cap } rows of the list; narrow the filters to get them all.
buyers-sheet-name = State buyers list
buyers-source-link = Source
buyers-col-product = Product
buyers-col-category = Category
buyers-col-producer = Producer (legal name)
buyers-col-tax-code = Tax code
buyers-col-contact = Contact
buyers-col-phone = Phone
buyers-col-email = Email
buyers-col-address = Address
buyers-col-province = Province or city
buyers-col-award = Award and tier
buyers-col-programme = Award
buyers-col-tier = Tier
buyers-col-year = Year
buyers-col-decision = Decision or certificate no.
buyers-col-valid-until = Valid until
buyers-col-product-url = Product page
buyers-col-producer-url = Producer page
buyers-col-source = Published source
footer-buyers = List for public procurement
awards-buyers-link = Agencies buying with the state budget: see the products whose award is still valid
