-- A year's list in a province, in the list's order: the listed keys only (issue 16); the
-- keys carry their product's province since migration award_key_orders.
CREATE INDEX award_keys_list_province ON award_keys (programme, year, published, province_id, rank DESC, is_demo, name_folded, product_id) WHERE listed;
CREATE INDEX award_keys_list_alias ON award_keys (programme, year, published, province_alias_id, rank DESC, is_demo, name_folded, product_id) WHERE listed;
