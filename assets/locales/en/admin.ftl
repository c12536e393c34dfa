# The officials' area (/quan-tri): menus, pages, forms, messages, the award import's line
# errors (import-), the dashboard's charts (chart-) and the audit log (audit-). Translated
# from vi/admin.ftl; same keys.

## The officials' menu (templates/admin/layout.html)
admin-nav-label = Administration
admin-nav-dashboard = Overview
admin-nav-queue = Review queue
admin-nav-awards = Awards
admin-nav-collections = Collections
admin-nav-articles = Articles
admin-nav-reports = Citizens' reports
admin-nav-audit = Audit log
admin-nav-users = Accounts
admin-view-on-site = View on the site
admin-search = Search
admin-save = Save

## Dates typed into forms
admin-date-malformed = The date is not valid (YYYY-MM-DD).
admin-date-out-of-range = The date is not valid: the year must be between { $first } and { $last }.
admin-time-malformed = The time is not valid (pick a date and a time).
admin-time-out-of-range = The time is not valid: the year must be between { $first } and { $last }.
admin-publish-at-malformed = The publication time is not valid (pick a date and a time).
admin-publish-at-out-of-range = The publication time is not valid: the year must be between { $first } and { $last }.

## The moderation queue (/quan-tri)
admin-queue-title = Review queue
admin-queue-submitted = New products submitted for review ({ $count })
admin-queue-edits = Changes awaiting review ({ $count })
admin-queue-claims = Requests to manage a producer ({ $count })
admin-queue-sent-at = sent { $at }
admin-queue-no-submitted = No products are waiting for review.
admin-queue-no-edits = No changes are waiting for review.
admin-queue-no-claims = No requests.
admin-queue-claim-asks = { $email } asks to manage
admin-queue-claim-approve = Approve
admin-queue-claim-reason = Reason
admin-queue-claim-reason-placeholder = Reason for refusing
admin-queue-claim-reject = Refuse

## Reviewing a product (/quan-tri/san-pham/{id})
admin-review-title = Review: { $name }
admin-review-awards = Awards
admin-review-last-rejection = Reason for the last rejection: { $reason }
admin-review-proposed-changes = Changes proposed by the business
admin-review-product-info = Product information
admin-review-column-field = Field
admin-review-column-current = Current
admin-review-column-proposed = Proposed
admin-review-unchanged = unchanged
admin-review-field-name = Name
admin-review-field-category = Category
admin-review-field-brand = Brand
admin-review-field-description = Description
admin-review-field-gtin = Barcode
admin-review-approve = Approve
admin-review-reject-reason = Reason for rejecting (the business will see it)
admin-review-reject = Reject
admin-review-hide-reason = Reason for hiding
admin-review-hide = Hide from the site
admin-review-restore = Show again
admin-review-reason-needed = Please give a reason: the business will see it.
admin-review-not-applicable = This action does not apply to the product's current status.
admin-review-changed-since-opened = The content changed after you opened the page: nothing was approved or rejected. Review the changes below, then decide again.

## The overview (/quan-tri/tong-quan)
admin-dashboard-title = Overview
admin-dashboard-catalogue = Catalogue
admin-dashboard-waiting = Waiting
admin-tile-products = Published products
admin-tile-producers = Producers
admin-tile-awards = Recorded awards
admin-tile-submitted = Products awaiting review
admin-tile-edits = Changes awaiting review
admin-tile-claims = Requests to manage a producer
admin-tile-reports = Open reports
chart-per-year = Award-winning products by year
chart-per-category = Products by category
chart-per-province = Products by province or city
chart-other = Other
chart-no-data = No data yet
chart-no-data-table = No data yet.
chart-show-table = Show the data as a table
chart-column-item = Item
chart-column-count = Products

## The audit log (/quan-tri/nhat-ky)
admin-audit-title = Audit log
admin-audit-actor = Done by (email)
admin-audit-action = Action
admin-audit-from = From
admin-audit-to = To
admin-audit-filter = Filter
admin-audit-clear = Clear the filters
admin-audit-column-time = Time (Vietnam)
admin-audit-column-actor = Done by
admin-audit-column-action = Action
admin-audit-column-target = Object
admin-audit-column-reason = Reason
admin-audit-detail = What was applied
admin-audit-action-placeholder = approve_product
admin-audit-empty = Nothing has been done yet.
admin-audit-date-malformed = Date filter “{ $value }”: the date is not valid (YYYY-MM-DD).
admin-audit-date-out-of-range = Date filter “{ $value }”: the date is not valid: the year must be between { $first } and { $last }.
audit-action-approve_product = Product approved
audit-action-reject_product = Product rejected
audit-action-hide_product = Product hidden
audit-action-restore_product = Product shown again
audit-action-approve_claim = Producer claim approved
audit-action-reject_claim = Producer claim refused
audit-action-record_award = Award recorded
audit-action-update_award = Award edited
audit-action-withdraw_award = Award withdrawn
audit-action-import_awards = Award list imported
audit-action-create_collection = Collection created
audit-action-update_collection = Collection edited
audit-action-delete_collection = Collection deleted
audit-action-add_collection_item = Product added to a collection
audit-action-reorder_collection = Collection reordered
audit-action-remove_collection_item = Product removed from a collection
audit-action-create_article = Article written
audit-action-update_article = Article edited
audit-action-publish_article = Article published
audit-action-unpublish_article = Article taken back to draft
audit-action-resolve_report = Report resolved
audit-action-set_role-citizen = Role set to citizen
audit-action-set_role-business = Role set to business
audit-action-set_role-official = Role set to official
audit-action-set_role-admin = Role set to administrator
audit-action-suspend_user = Account suspended
audit-action-reinstate_user = Account reinstated
# Notes the audit log records itself; the log is kept in Vietnamese whatever the page's
# language, so the English values are only the translation of the record.
audit-note-scheduled = scheduled for { $at }
audit-note-no-change = no change
audit-note-up = up
audit-note-down = down
audit-note-number = no.

## Accounts (/quan-tri/nguoi-dung)
admin-users-title = Accounts
admin-users-email = Email
admin-users-search-placeholder = Search by email
admin-users-name = Name
admin-users-role = Role
admin-users-actions = Actions
admin-users-suspended = Suspended
admin-users-revoke-admin = Revoke administrator rights
admin-users-revoke-official = Revoke official rights
admin-users-grant-official = Make an official
admin-users-grant-admin = Make an administrator
admin-users-reinstate = Reinstate
admin-users-suspend = Suspend
admin-users-bad-role = Invalid role.
admin-users-admins-only = Only administrators may do this.
admin-users-not-yourself = You cannot change your own role or suspend your own account.
admin-users-last-admin = The site needs at least one active administrator.

## Citizens' reports (/quan-tri/bao-cao)
admin-reports-title = Citizens' reports
admin-reports-intro-open = Open reports, oldest first.
admin-reports-intro-resolved = Resolved reports.
admin-reports-total = Total: { $total }.
admin-reports-filter-label = Filter reports
admin-reports-open = Open
admin-reports-resolved = Resolved
admin-reports-download = Download as CSV
admin-reports-about = about
admin-reports-contact = contact: { $email }
admin-reports-note = How it was handled
admin-reports-note-placeholder = Corrected the information…
admin-reports-mark-resolved = Mark as resolved
admin-reports-resolved-label = Resolved
admin-reports-by = by { $who }
admin-reports-at = at { $at }
admin-reports-none-open = No reports are waiting.
admin-reports-none-resolved = No reports have been resolved yet.
admin-reports-bad-status = Invalid status “{ $value }”.
admin-reports-note-needed = Please say how the report was handled (for example: information corrected, nothing wrong).
admin-reports-already-resolved = This report has already been resolved.

## Awards (/quan-tri/giai-thuong, /quan-tri/san-pham/{id}/giai-thuong)
admin-awards-title = Awards
admin-awards-intro = Record, edit and withdraw each product's awards; import a whole year's list from a CSV file; export a list to correct it in a spreadsheet.
admin-awards-find = Find a product
admin-awards-product-name = Product name
admin-awards-find-placeholder = Product name, with or without diacritics
admin-awards-none-found = No product name contains “{ $q }”.
admin-awards-import = Import a whole year's list
admin-awards-upload = Upload a CSV file
admin-awards-upload-hint = — preview what will be created, matched or is wrong before you confirm.
admin-awards-export = Export a list (CSV)
admin-awards-export-any-year = (leave empty: every year)
admin-awards-download = Download
admin-awards-export-hint = The same format as the import file: correct it in a spreadsheet, then import it again. Cells starting with =, +, - or @ get a ' in front so that spreadsheets do not run them as formulas.
admin-product-awards-title = Awards: { $name }
admin-product-awards-review = Review record
admin-product-awards-recorded = Recorded awards ({ $count })
admin-product-awards-expired = Expired
admin-product-awards-none = This product has no awards yet.
admin-product-awards-record = Record an award
admin-product-awards-record-button = Record
admin-award-programme = Programme
admin-award-choose-programme = Choose a programme
admin-award-year = Year
admin-award-tier = Tier
admin-award-no-tier = No tier
admin-award-tier-hint = Top 1–Top 4: write top1…top4; OCOP: 3, 4 or 5 (required); HVNCLC and THQG: leave empty.
admin-award-certificate = Decision or certificate number
admin-award-valid-until = Valid until
admin-award-valid-until-hint = Leave empty for OCOP: 36 months from the end of the year of recognition.
admin-award-source = Source (address of the announcement)
admin-award-withdraw-reason = Reason for withdrawing
admin-award-withdraw-placeholder = For example: withdrawal decision no. …
admin-award-withdraw = Withdraw the award
admin-award-programme-needed = Please choose a programme.
admin-award-year-range = The year must be between { $first } and { $last }.
admin-award-certificate-too-long = The decision number is longer than 100 characters.
admin-award-source-url = A web address must start with http:// or https://.
admin-award-duplicate = The product already has an award of this programme in this year: edit that award instead.
admin-award-withdraw-reason-needed = Please give the reason for withdrawing (for example the withdrawal decision's number).
admin-award-bad-year = Invalid year “{ $value }”.

## Importing an award list (/quan-tri/giai-thuong/nhap)
admin-import-title = Import an award list
admin-import-intro = Upload a whole year's CSV file (UTF-8). Every line is checked and you see beforehand what will be created, what matches existing data and what is wrong; the list is imported only when you confirm, and either all of it or nothing.
admin-import-file = CSV file
admin-import-header-line = Header line:
admin-import-file-hint = Producers are matched by tax code, otherwise by name (ignoring case and diacritics). Province names from before 2025 are accepted. In Excel, save as “CSV UTF-8”.
admin-import-check = Check the file
admin-import-recent = Recent uploads
admin-import-column-file = File
admin-import-column-lines = Lines
admin-import-column-errors = Errors
admin-import-column-uploaded = Uploaded (Vietnam time)
admin-import-column-status = Status
admin-import-status-applied = Imported
admin-import-status-errors = Has errors, cannot be imported
admin-import-status-pending = Awaiting confirmation
admin-import-none = Nothing has been uploaded yet.
admin-import-preview-title = Award list preview
admin-import-imported = Imported: { $file }
admin-import-previewing = Preview: { $file }
admin-import-uploaded-at = Uploaded { $at }
admin-import-data-lines = { $count ->
    [one] { $count } data line
   *[other] { $count } data lines
}
admin-import-applied-at = imported { $at }
admin-import-has-errors = { $count ->
    [one] The file has 1 error, so it cannot be imported yet.
   *[other] The file has { $shown } errors, so it cannot be imported yet.
}
admin-import-fix-lines = Correct the lines below in the file, then
admin-import-upload-again = upload it again
admin-import-nothing-written = ; nothing has been written to the data.
admin-import-bad-lines = Lines with errors
admin-import-column-line = Line
admin-import-column-error = Error
admin-import-more-errors = { $count ->
    [one] … and 1 more error (only the first { $shown } errors are shown; correct them and upload again to see the rest).
   *[other] … and { $more } more errors (only the first { $shown } errors are shown; correct them and upload again to see the rest).
}
admin-import-result = Result
admin-import-if-confirmed = If you confirm
admin-import-producers-created = New producers
admin-import-producers-matched = Producers matching existing data
admin-import-products-created = New products
admin-import-products-matched = Products matching existing data
admin-import-awards-created = New awards
admin-import-awards-updated = Updated awards
admin-import-awards-unchanged = Awards already recorded, unchanged
admin-import-all-valid = { $count ->
    [one] The line is valid. Confirm to import it.
   *[other] Every line is valid. Confirm to import all { $count } lines.
}
admin-import-confirm = Confirm the import
admin-import-cancel = Cancel
admin-import-changed-lines = Lines with changes ({ $total })
admin-import-changed-lines-some = Lines with changes ({ $total }, the first { $shown } shown)
admin-import-column-product = Product
admin-import-column-producer = Producer
admin-import-column-award = Award
admin-import-column-change = Change
admin-import-no-change = This file changes nothing: every award in it is already recorded, so there is nothing to confirm.
admin-import-new-producer = new producer
admin-import-new-product = new product
admin-import-new-award = new award
admin-import-updated-award = award updated
admin-import-bad-form = The form has an invalid part.
admin-import-no-file = Please choose the award list's CSV file.
admin-import-not-pending = This list has already been imported, or it has lines with errors and cannot be imported.
admin-import-no-longer-valid = { $count ->
    [one] The list is no longer valid (1 error, on line { $line }: { $message }); please upload it again.
   *[other] The list is no longer valid ({ $count } errors, for example line { $line }: { $message }); please upload it again.
}

## An award list's bad lines (the web preview and the command line)
import-unreadable-header = the header line cannot be read: { $detail }
import-missing-columns = missing columns: { $columns }
import-broken-line = broken CSV line: { $detail }
import-encoding = wrong encoding: the file must be UTF-8 (in Excel choose “CSV UTF-8”)
import-duplicate = same as line { $first }
import-programme = there is no programme “{ $value }” (only hvn-yeu-thich, ocop, hvnclc and thqg)
import-year = invalid year “{ $value }”
import-tier-required = programme { $programme } needs a tier ({ $tiers })
import-no-tiers = programme { $programme } has no tiers, but the line gives tier “{ $tier }”
import-tier-invalid = tier “{ $tier }” is not valid for { $programme } (only { $tiers })
import-product-missing = the product name is missing
import-producer-missing = the producer name is missing
import-name-too-long = a name is longer than 200 characters
import-tax-code = tax code “{ $value }”: a tax code has 10 digits, or 10 digits - 3 digits for a branch (for example 0101234567-001).
import-category = there is no category “{ $value }”
import-province = there is no province or city “{ $value }”
import-certificate-too-long = the decision number is longer than 100 characters
import-valid-until-malformed = invalid expiry date “{ $value }” (use YYYY-MM-DD)
import-valid-until-out-of-range = invalid expiry date “{ $value }” (the year must be between { $first } and { $last })
import-source-url = source “{ $value }” must be an http:// or https:// address
import-source-url-too-long = the source address is { $length } characters long, over the limit of { $max }; use a shorter address for the same page
import-source-url-no-host = source “{ $value }” has no domain name after http:// or https://
import-source-url-characters = source “{ $value }” contains spaces, control characters, quotes or < >; copy the address again from the browser's address bar

## Featured collections (/quan-tri/bo-suu-tap)
admin-collections-title = Featured collections
admin-collections-intro = The home page shows up to 4 collections that are within their display period, in ascending order; a collection without published products is not shown.
admin-collections-column-order = Order
admin-collections-column-name = Name
admin-collections-column-products = Products
admin-collections-column-schedule = Display period
admin-collections-none = No collections yet.
admin-collections-new = New collection
admin-collections-create = Create
admin-collection-title = Collection: { $title }
admin-collection-all = All collections
admin-collection-products = Products ({ $count }/{ $max })
admin-collection-unpublished = no longer published, will not be shown
admin-collection-up = Up
admin-collection-down = Down
admin-collection-remove = Remove
admin-collection-empty = No products yet.
admin-collection-add-label = Add a product (name, slug or page address)
admin-collection-add-placeholder = Phu Quoc fish sauce
admin-collection-add = Add
admin-collection-delete = Delete the collection
admin-collection-name = Name
admin-collection-name-hint = For example: Top 1 of 2025, OCOP 5 stars, Hanoi promotion month
admin-collection-description = Short description
admin-collection-name-en = English name
admin-collection-description-en = Short English description
admin-collection-english-hint = Optional. Left empty, the English site shows the Vietnamese name.
admin-collection-title-en-length = The English name is longer than 120 characters.
admin-collection-order = Order on the home page
admin-collection-order-hint = Smaller numbers come first.
admin-collection-starts = Shown from (Vietnam time)
admin-collection-starts-hint = Leave empty: shown at once.
admin-collection-ends = Until (Vietnam time)
admin-collection-ends-hint = Leave empty: no end.
admin-collection-upcoming = Shown from { $at }
admin-collection-ended = Ended { $at }
admin-collection-showing-until = Showing until { $at }
admin-collection-showing = Showing
admin-collection-title-length = A collection's name needs 1 to 120 characters.
admin-collection-description-length = The description is longer than 500 characters.
admin-collection-sort-order = The order must be a whole number.
admin-collection-ends-before-start = The end must come after the start.
admin-collection-already-in = This product is already in the collection.
admin-collection-full = A collection holds at most { $max } products.
admin-collection-no-such-product = No published product has this address. Paste the address of the product's page, for example /san-pham/nuoc-mam-phu-quoc.

## Articles (/quan-tri/tin-tuc)
admin-articles-title = Articles
admin-articles-intro = Articles for consumers. “Scheduled” articles appear by themselves at their publication time.
admin-articles-column-title = Title
admin-articles-column-topic = Topic
admin-articles-column-state = Status
admin-articles-column-english = English
admin-articles-column-publish-at = Publication time
admin-articles-column-updated = Last edited
admin-articles-column-view = View
admin-articles-has-english = Yes
admin-articles-no-english = Not yet
admin-articles-none = No articles yet.
admin-articles-vietnam-time = Vietnam time (UTC+7).
admin-article-new = Write a new article
admin-article-edit = Edit: { $title }
admin-article-preview = Preview
admin-article-state = Status: { $state }
admin-article-publish-time = publication time { $at }
admin-article-title = Title
admin-article-title-hint = At most 200 characters.
admin-article-topic = Topic
admin-article-choose-topic = Choose a topic
admin-article-summary = Summary
admin-article-summary-hint = A sentence or two shown in article lists and when shared; at most 500 characters.
admin-article-body = Body (Markdown)
admin-article-body-hint = Markdown: ## Section heading, **bold**, - bullet, [link text](https://…). HTML, scripts and embedded frames are removed when saved. At most 100 KB.
admin-article-publish-at = Publication time
admin-article-publish-at-hint = Vietnam time. Leave empty to show the article as soon as you press “Publish”; pick a later time to schedule it.
admin-article-english = English version
admin-article-english-hint = Optional. The English site shows this version when it has a title and a body; otherwise it shows the Vietnamese article with a note that it is only available in Vietnamese.
admin-article-title-en = English title
admin-article-summary-en = English summary
admin-article-body-en = English body (Markdown)
admin-article-save-changes = Save changes
admin-article-save-draft = Save as draft
admin-article-back = Back
admin-article-publish-hint = When you publish, the article appears at once, or from the chosen publication time if that is later.
admin-article-publish = Publish
admin-article-unpublish-hint = Take the article back to draft: readers will no longer see it.
admin-article-unpublish = Back to draft
admin-article-required = This field is required.
admin-article-too-long = At most { $max } characters.
admin-article-body-empty = The body cannot be empty.
admin-article-body-too-large = The body can be at most 100 KB; split it into several articles.
admin-article-topic-needed = Please choose a topic.
admin-article-english-needs-title = The English version needs a title.
admin-article-english-needs-body = The English version needs a body.
admin-article-already-published = The article is already published.
admin-article-already-draft = The article is already a draft.

## Officials' layout, review page, collections by name, award import template, charts (issue 14)
admin-nav-waiting = waiting
admin-review-photos = Photos ({ $count })
admin-review-photos-hint = Select a photo to enlarge it; “Full size” opens the original in a new tab.
admin-review-photo-full = Full size ({ $width } × { $height })
admin-review-photo-open = Open the original
admin-review-photo-close = Close
admin-review-no-photos = This product has no photos yet.
admin-review-producer = Producer
admin-review-producer-verified = Verified
admin-review-producer-new = New, not verified
admin-review-producer-legal-name = Legal name
admin-review-producer-tax-code = Tax code
admin-review-producer-no-tax-code = Not given
admin-review-producer-address = Address
admin-review-producer-phone = Phone
admin-review-producer-email = Email
admin-review-producer-managed-by = Managed by
admin-review-producer-unclaimed = Nobody manages it yet
admin-review-producer-others = { $count ->
    [0] No other products
    [one] 1 other product
   *[other] { $count } other products
}
admin-review-decision = Decision
admin-review-reason-pick = Common reasons
admin-review-reason-pick-none = — Pick a reason (optional) —
admin-review-reason-hint = Pick a common reason, add details, or both. Required to reject.
admin-reason-photo-quality = The photos are blurred or too dark: please photograph the product and its label clearly.
admin-reason-photo-missing = There is no real photo of the product.
admin-reason-description = The description is incomplete: give the ingredients, the packaging and where it is made.
admin-reason-name = The product name does not match the label or the photos.
admin-reason-category = The product is in the wrong category.
admin-reason-claims = The description makes claims that are not proven (cures, “number one”…).
admin-reason-duplicate = This product duplicates one already listed.
admin-collection-add-hint = Type the product's name and pick a suggestion; a slug or the product page's address works too.
admin-collection-candidates = Pick the product to add
admin-collection-pick = Add this product
admin-collection-pick-this = Add “{ $name }” by { $producer }
admin-collection-pick-one = { $count ->
    [one] No product has exactly this name; one with a similar name is listed below: pick it if it is the one.
   *[other] { $count } products match this name. Pick one below.
}
admin-import-template = Download the template (CSV, opens in Excel)
admin-import-template-example = ocop,2024,4,Nước mắm Phú Quốc 40 độ đạm,Công ty TNHH Nước mắm Mẫu,0312345678,thuc-pham,Kiên Giang,OCOP-KG-2024-001,2027-12-31,https://example.gov.vn/quyet-dinh-ocop-2024
admin-import-upload-another = Upload another file
admin-import-times-note = Vietnam time (UTC+7).
chart-other-groups = Other ({ $count } groups)
chart-rest-summary = “Other” holds { $count } smaller groups: see the list
