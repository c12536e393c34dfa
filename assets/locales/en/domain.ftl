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
product-status-unknown = Unknown

role-citizen = Consumer
role-business = Business
role-official = Official
role-admin = Administrator

membership-status-active = Managing
membership-status-pending = Waiting for an official to confirm you manage it
membership-status-rejected = Request to manage it refused

report-status-open = Open
report-status-resolved = Resolved

audit-action-approve-product = Approved a product
audit-action-reject-product = Rejected a product
audit-action-hide-product = Hid a product
audit-action-restore-product = Restored a product
audit-action-approve-claim = Accepted a claim to manage a producer
audit-action-reject-claim = Refused a claim to manage a producer
audit-action-record-award = Recorded an award
audit-action-update-award = Edited an award
audit-action-withdraw-award = Withdrew an award
audit-action-import-awards = Imported an award list
audit-action-create-article = Wrote an article
audit-action-update-article = Edited an article
audit-action-publish-article = Published an article
audit-action-unpublish-article = Unpublished an article
audit-action-create-collection = Created a collection
audit-action-update-collection = Edited a collection
audit-action-delete-collection = Deleted a collection
audit-action-add-collection-item = Added a product to a collection
audit-action-reorder-collection = Reordered a collection
audit-action-remove-collection-item = Removed a product from a collection
audit-action-resolve-report = Resolved a report
audit-action-suspend-user = Suspended an account
audit-action-reinstate-user = Reinstated an account
audit-action-set-role-citizen = Made an account a consumer
audit-action-set-role-business = Made an account a business
audit-action-set-role-official = Made an account an official
audit-action-set-role-admin = Made an account an administrator

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
