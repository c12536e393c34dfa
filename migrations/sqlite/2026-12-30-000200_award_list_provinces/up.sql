-- A year's list in a province, in the list's order: the listed keys only (issue 16); the
-- keys carry their product's province since migration award_key_orders. `listed` and `tier`
-- ride along so that the index alone answers the page and its capped tier counts: without
-- them each of the 2,401 rows counted was read again from the table (Hà Nội's list: 102 ms
-- p99 at a million products, 42 ms with them).
CREATE INDEX award_keys_list_province ON award_keys (programme, year, published, province_id, rank DESC, is_demo, name_folded, product_id, listed, tier) WHERE listed;
CREATE INDEX award_keys_list_alias ON award_keys (programme, year, published, province_alias_id, rank DESC, is_demo, name_folded, product_id, listed, tier) WHERE listed;
