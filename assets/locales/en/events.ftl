# Fairs, product weeks and the promotion month (/hoi-cho, /quan-tri/hoi-cho,
# /doanh-nghiep/hoi-cho), and the events shown on product and producer pages.

nav-events = Fairs
footer-events = Fairs and Vietnamese goods weeks

event-kind-product-week = Vietnamese Goods Week
event-kind-fair = Trade fair
event-kind-promotion-month = Promotion month
event-kind-other = Other event

event-participant-requested = Waiting for an official
event-participant-listed = Listed
event-participant-declined = Declined

event-timing-upcoming = Upcoming
event-timing-ongoing = On now
event-timing-past = Over

event-dates = { $start } – { $end }

event-list-title = Fairs and Vietnamese goods weeks
event-list-description = Dates of trade fairs, Vietnamese goods weeks and the promotion month, where you can meet the makers of awarded Vietnamese goods.
event-list-intro = Meet the makers and buy awarded Vietnamese goods at trade fairs, Vietnamese goods weeks and the promotion month. Upcoming and current events come first, past ones below.
event-list-upcoming = Upcoming and on now
event-list-past = Past events
event-list-none = No fair or goods week has been published yet.
event-meta-description = { $kind }, { $dates }, at { $place }.

event-when = Dates
event-where = Place
event-organiser = Organiser
event-directions = Directions
event-about = About
event-products-heading = Products at the event
event-no-products = No products have been published for this event yet.
event-producers-heading = Producers at the event
event-no-producers = No producers have been published for this event yet.
event-product-heading = Find this product at a fair
event-producer-heading = Meet this producer at a fair
event-all-link = See all fairs and goods weeks

feed-category-events = Fairs and goods weeks
feed-event-summary = { $kind }, { $dates }, { $place }.

# Officials
admin-nav-events = Fairs
admin-events-title = Fairs and Vietnamese goods weeks
admin-events-intro = Create events, publish them, list producers and products in them and decide businesses' requests to take part. An event ends by itself after its last day.
admin-events-column-name = Event
admin-events-column-kind = Kind
admin-events-column-dates = Dates
admin-events-column-state = State
admin-events-none = No events yet.
admin-event-new = New event
admin-event-edit = Event: { $name }
admin-event-published = Published
admin-event-unpublished = Not published
admin-event-all = All events
admin-event-name = Name of the event
admin-event-kind = Kind of event
admin-event-starts-on = First day
admin-event-ends-on = Last day
admin-event-date-hint = For example 15/03/2026.
admin-event-ends-on-hint = The event's last day; after it the event moves to the past events by itself.
admin-event-venue = Venue
admin-event-venue-hint = For example Vietnam–Soviet Friendship Cultural Palace.
admin-event-address = Address
admin-event-province = Province or city
admin-event-choose-province = Choose a province or city
admin-event-coordinates = Coordinates
admin-event-coordinates-hint = Latitude, longitude, for example 21.0245, 105.8412. Left empty, the directions button uses the address.
admin-event-organiser = Organiser
admin-event-description = About the event
admin-event-english = English version
admin-event-english-hint = Optional. Left empty, the English site shows the Vietnamese name and description.
admin-event-name-en = Name in English
admin-event-description-en = About the event, in English
admin-event-back = Back to the events
admin-event-publish = Publish
admin-event-publish-hint = The event is not published: the public cannot see it yet.
admin-event-unpublish = Unpublish
admin-event-unpublish-hint = The event shows on the fairs page, and on product and producer pages.
admin-event-participants = Producers and products taking part ({ $count })
admin-event-column-producer = Producer
admin-event-column-product = Product
admin-event-column-status = State
admin-event-column-actions = Actions
admin-event-whole-range = All products
admin-event-accept = Accept
admin-event-decline = Decline
admin-event-remove = Take off the list
admin-event-no-participants = No producer takes part yet.
admin-event-add-hint = Enter the address (or page name) of a producer, of a product, or both. A product alone brings its producer with it.
admin-event-add-producer = Producer
admin-event-add-product = Product
admin-event-add = Add to the list
admin-event-already-published = The event is already published.
admin-event-already-unpublished = The event is not published.
admin-event-no-such-producer = No producer has this address.
admin-event-no-such-product = No published product has this address.
admin-event-participant-needed = Enter a producer or a product.
admin-event-product-of-another = This product does not belong to the producer entered.
admin-event-participant-already-decided = This request has already been decided.

event-form-required = This cannot be empty.
event-form-too-long = At most { $max } characters.
event-form-date-needed = Please enter a date.
event-form-ends-before-start = The last day cannot be before the first day.
event-form-kind-needed = Please choose a kind of event.
event-form-province-needed = Please choose a province or city.
event-form-coordinates = Coordinates are a latitude (from -90 to 90) and a longitude (from -180 to 180) separated by a comma, for example 21.0245, 105.8412.

audit-action-create_event = Event created
audit-action-update_event = Event edited
audit-action-publish_event = Event published
audit-action-unpublish_event = Event unpublished
audit-action-list_event_participant = Producer listed in an event
audit-action-accept_event_request = Request to take part in an event accepted
audit-action-decline_event_participant = Producer declined or taken off an event

# Businesses
business-events-link = Fairs and goods weeks
business-events-title = Fairs and Vietnamese goods weeks
business-events-intro = Upcoming and current events. Ask for your producers to take part; an official reviews the request and adds you to the public list.
business-events-back = Back to your business area
business-events-none = There are no upcoming events at the moment.
business-event-ask = Ask to take part
business-event-organiser = Organiser: { $organiser }
business-event-public-page = See the event's public page
business-event-all = All events
business-event-your-requests = Your requests
business-event-column-producer = Producer
business-event-column-product = Product
business-event-column-action = Action
business-event-whole-range = All products
business-event-withdraw = Withdraw
business-event-no-requests = You have not asked to take part in this event.
business-event-producer = Producer taking part
business-event-products = Products you will bring
business-event-products-hint = Choose published products of the producer above. Choosing none means taking part with all of them.
business-event-no-products = You have no published products yet.
business-event-send = Send the request
business-event-over = The event is over and takes no more requests.
business-event-producer-missing = Choose one of the producers you manage.
business-event-product-not-yours = Only published products of the chosen producer can be picked.
business-event-too-many-products = Choose at most { $max } products at a time.
business-event-request-decided = An official has already decided this request, so it can no longer be withdrawn.
