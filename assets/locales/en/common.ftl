# Shared by every page: the frame (header, menu, footer, language switch), error pages and
# errors any request can meet. Translated from vi/common.ftl; same keys.

site-name = hangviet
site-tagline = Vietnamese goods consumers love
site-feed-title = hangviet: new products and news
skip-to-content = Skip to main content
search-label = Search
search-placeholder = Search products, producers… e.g. fish sauce
search-button = Search
nav-label = Main
nav-home = Home
nav-products = Products
nav-producers = Producers
nav-awards = Awards
nav-news = News
nav-business = Businesses
nav-admin = Administration
lang-switch = Tiếng Việt
lang-switch-label = View this page in Vietnamese
footer-label = Footer
footer-about = Showcasing Vietnamese goods that consumers love, in support of the campaign “Vietnamese people prioritise using Vietnamese goods”.
footer-note = Note: every award cites the public source it comes from; check it when in doubt. Illustrative records, if any, carry a label saying so.
footer-awards = Awards and titles
footer-producers = Producers
footer-products = All products
footer-news = Consumer guidance

error-code = Error code { $status }.
error-go-home = Back to the home page
error-go-catalogue = Browse the product catalogue
error-404-heading = Page not found
error-404-message = The page you are looking for does not exist or has moved. Try searching, or go back to the product catalogue.
error-400-heading = Invalid request
error-400-message = The address or a filter has an invalid value.
error-405-heading = Action not supported
error-405-message = This page does not accept the kind of request you just sent.
error-403-heading = Not allowed
error-403-message = Your account is not allowed to do this.
error-413-heading = File too large
error-413-message = The file you sent is larger than allowed.
error-429-heading = Please try again later
error-429-message = You have tried too many times. Please wait a few minutes.
error-503-heading = The system is busy
error-503-message = Please try again in a few minutes.
error-500-heading = Something went wrong
error-500-message = The server ran into a problem handling your request. It has been logged; please try again later.
error-not-found = We could not find the page you need.
error-sign-in = Please sign in.
error-payload-too-large = File too large: photos can be at most 15 MB.
error-too-many-requests = You have tried too many times. Please wait a few minutes and try again.
error-unavailable = The system is busy; please try again in a few minutes.
error-internal = Something went wrong on the server.
error-write-conflict = Another request has just saved the same data; please try again.
error-body-too-slow = Request cancelled: the data arrived too slowly. Check your connection and send it again.

# Used by the catalogue's own tests (plural forms).
test-products-found = { $count ->
    [one] { $count } product found
   *[other] { $count } products found
}

# Form pieces (templates/partials/forms.html).
form-optional = (optional)
form-errors-summary = { $count ->
    [one] The form has 1 error; see the note under the field.
   *[other] The form has { $count } errors; see the notes under each field.
}

query-invalid = Invalid parameter: { $detail }

# Search suggestions under the search box (assets/js/suggest.js reads them from <body>).
suggest-kind-product = Product
suggest-kind-producer = Producer
suggest-kind-category = Category
suggest-count = { $count ->
    [one] 1 suggestion
   *[other] { $count } suggestions
}
suggest-none = No suggestions

# Flash messages (src/flash.rs): one line after a redirect saying what happened.
flash-saved = Saved.

# Issue 14: what a business action did, shown once after the redirect.
flash-producer-created = Producer page { $name } created.
flash-producer-created-next = Producer page { $name } created. Next step: add your first product.
flash-producer-saved = Producer page { $name } saved.
flash-claim-sent = Your request to manage this page was sent. An official will check it and let you know.
flash-product-created = Draft { $name } saved. Next step: add product photos.
flash-product-saved = Changes to { $name } saved.
flash-product-edit-pending = Changes to { $name } saved; they wait for an official's review and the public page keeps the current version.
flash-product-submitted = { $name } saved and sent for review. An official will look at it; the result will show here.
flash-product-submitted-plain = Product sent for review. An official will look at it; the result will show here.
flash-product-needs-producer = Before adding a product, create your producer page: every product belongs to a producer. You will then be taken to adding the product.
flash-product-needs-photo = Not sent for review: please add at least one product photo.
flash-product-already-sent = The product had already been sent for review; nothing changed.
flash-photos-uploaded = Photos uploaded. The product now has { $count } photo(s); please describe each one.
flash-photo-deleted = Photo removed.
flash-photo-moved-up = Photo moved up.
flash-photo-moved-down = Photo moved down.
flash-photo-described = Photo description saved.
flash-photos-reordered = Photo order saved.
flash-pos-created = Point of sale { $name } added.
flash-pos-saved = Point of sale { $name } saved.
flash-pos-deleted = Point of sale removed.
flash-event-requested = Your request to take part was sent; the organisers will confirm it.
flash-event-withdrawn = Your request to take part was withdrawn.
## Flash messages of the officials' area (issue 14)
flash-product-approved = “{ $name }” approved. Here is the next product waiting for review.
flash-product-approved-last = “{ $name }” approved. No more products are waiting for review.
flash-product-rejected = “{ $name }” rejected. Here is the next product waiting for review. Reason sent: { $reason }
flash-product-rejected-last = “{ $name }” rejected. No more products are waiting for review. Reason sent: { $reason }
flash-product-hidden = “{ $name }” is hidden from the public site.
flash-product-restored = “{ $name }” is back on the public site.
flash-claim-approved = The request to manage the producer was granted.
flash-claim-rejected = The request to manage the producer was refused.
flash-collection-created = Collection “{ $name }” created.
flash-collection-saved = Collection “{ $name }” saved.
flash-collection-deleted = Collection deleted.
flash-collection-product-added = “{ $name }” added to the collection.
flash-collection-product-moved = Product order changed.
flash-collection-product-removed = Product removed from the collection.
flash-article-created = Article created (as a draft).
flash-article-saved = Article saved.
flash-article-published = Article published.
flash-article-unpublished = Article taken back to draft.
flash-award-recorded = Award recorded.
flash-award-saved = Award saved.
flash-award-withdrawn = Award withdrawn.
flash-event-created = Event created (not published yet).
flash-event-saved = Event saved.
flash-event-published = Event published.
flash-event-unpublished = Event taken off the public site.
flash-event-participant-added = Participant added.
flash-event-participant-accepted = Participant accepted.
flash-event-participant-declined = Participant declined.
flash-point-of-sale-saved = Point of sale saved.
flash-point-of-sale-reviewed = Point of sale marked as reviewed.
flash-point-of-sale-hidden = Point of sale hidden.
flash-point-of-sale-restored = Point of sale shown again.
flash-point-of-sale-removed = Point of sale removed.
flash-report-resolved = Report resolved.
flash-user-role-set = Account role changed.
flash-user-suspended = Account suspended; its sessions have ended.
flash-user-reinstated = Account reinstated.
flash-import-applied = Award list imported.
