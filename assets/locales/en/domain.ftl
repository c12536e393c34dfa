# The domain's names: programmes and tiers, product statuses, roles, article topics and
# visibility, report reasons. Translated from vi/domain.ftl; same keys.

programme-hvn-yeu-thich = Vietnamese Goods Favoured by Consumers
programme-ocop = OCOP Product (One Commune One Product)
programme-hvnclc = High-Quality Vietnamese Goods
programme-thqg = Vietnam Value (National Brand)
programme-short-hvn-yeu-thich = Consumers' favourite
programme-short-ocop = OCOP
programme-short-hvnclc = HVNCLC
programme-short-thqg = Vietnam Value
tier-top = Top { $n }
tier-stars = { $n ->
    [one] 1 star
   *[other] { $n } stars
}

product-status-draft = Draft
product-status-submitted = Awaiting review
product-status-published = Published
product-status-rejected = Rejected
product-status-hidden = Hidden

role-citizen = Citizen
role-business = Business
role-official = Official
role-admin = Administrator

membership-status-active = Managing
membership-status-pending = Waiting for an official to confirm you manage it
membership-status-rejected = Request to manage it refused

report-status-open = Open
report-status-resolved = Resolved

topic-quyen-loi = Consumer rights
topic-nhan-biet = Recognising genuine, quality goods
topic-tin-hoat-dong = News

visibility-draft = Draft
visibility-scheduled = Scheduled
visibility-public = Published

report-reason-sai-thong-tin = Wrong product information
report-reason-gia-mao = Suspected counterfeit or imitation
report-reason-giai-thuong = Award is not right
report-reason-noi-ban = Point of sale is no longer right
report-reason-khac = Other reason
