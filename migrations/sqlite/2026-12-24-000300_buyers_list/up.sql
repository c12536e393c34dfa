-- The state buyers' list (/mua-sam-cong) joins each published product to its awards still
-- valid on a day: the product's awards by end date, without reading the award rows.
CREATE INDEX awards_product_valid ON awards (product_id, valid_until);
