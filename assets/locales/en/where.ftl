# Where to buy (issue 13): /diem-ban, "Near me", "Directions", /api/v1/points-of-sale.
nav-where = Where to buy
where-title = Where to buy Vietnamese goods
where-meta-description = Find where to buy consumers' favourite Vietnamese goods by province, ward or commune, or near where you are.
where-intro = Choose a province or city, then a ward or commune, to see the shops, agents, supermarkets and market stalls selling award-winning goods; on a phone, tap “Near me” to see the nearest ones.
where-near-me = Near me
where-near-locating = Finding your position…
where-near-error = Your position could not be found. Choose a province or city below.
where-near-sorted = Sorted by distance, nearest first.
where-near-clear = Stop sorting by position
where-near-chip = Near your position
where-filter-ward = Ward or commune
where-filter-ward-all = All wards and communes
where-count = { $count ->
    [one] { $n } point of sale
   *[other] { $n } points of sale
}
where-count-near = { $count ->
    [one] The { $n } point of sale nearest you
   *[other] The { $n } points of sale nearest you
}
where-empty = No points of sale match these filters.
where-empty-all = See all points of sale
where-producer = Producer:
where-directions = Directions
where-online-shop = Online shop
where-distance-away = { $distance } away
where-distance-km = { $km } km
where-distance-m = { $m } m
where-error-near = The near value is not valid: give latitude,longitude in decimal degrees, for example 21.0285,105.8542.
where-error-ward = The ward name is too long.
