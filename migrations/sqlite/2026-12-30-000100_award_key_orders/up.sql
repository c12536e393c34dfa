-- The award keys carry what the other filters and the orders read (issue 16): an award filter
-- with a category or a province, or in another order than by name, walks one index of the
-- keys in the page's order instead of testing product after product (at a million products,
-- `?programme=ocop&province=ha-giang` read 0.57 s of keys whose products were elsewhere).
-- Copied from the product: kept by Product::refresh_award_summary when it writes the keys, and
-- by the trigger below when the product changes (its category, its producer's province through
-- the products_province triggers, its publication, its award summary).
ALTER TABLE award_keys ADD COLUMN category_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE award_keys ADD COLUMN province_id INTEGER;
ALTER TABLE award_keys ADD COLUMN province_alias_id INTEGER;
ALTER TABLE award_keys ADD COLUMN published_at TIMESTAMP;
ALTER TABLE award_keys ADD COLUMN award_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE award_keys ADD COLUMN award_rank INTEGER NOT NULL DEFAULT 0;
UPDATE award_keys SET
    category_id = p.category_id,
    province_id = p.province_id,
    province_alias_id = p.province_alias_id,
    published_at = p.published_at,
    award_year = p.award_year,
    award_rank = p.award_rank
FROM products p WHERE p.id = award_keys.product_id;

CREATE TRIGGER products_award_keys_copy
AFTER UPDATE OF category_id, province_id, province_alias_id, published_at, award_year, award_rank
ON products
WHEN OLD.category_id IS NOT NEW.category_id
  OR OLD.province_id IS NOT NEW.province_id
  OR OLD.province_alias_id IS NOT NEW.province_alias_id
  OR OLD.published_at IS NOT NEW.published_at
  OR OLD.award_year IS NOT NEW.award_year
  OR OLD.award_rank IS NOT NEW.award_rank
BEGIN
    UPDATE award_keys SET
        category_id = NEW.category_id,
        province_id = NEW.province_id,
        province_alias_id = NEW.province_alias_id,
        published_at = NEW.published_at,
        award_year = NEW.award_year,
        award_rank = NEW.award_rank
    WHERE product_id = NEW.id;
END;

-- An award filter with one other filter, by name.
CREATE INDEX award_keys_category ON award_keys (programme, year, tier, published, category_id, name_folded, product_id);
CREATE INDEX award_keys_province ON award_keys (programme, year, tier, published, province_id, name_folded, product_id);
CREATE INDEX award_keys_alias ON award_keys (programme, year, tier, published, province_alias_id, name_folded, product_id);
-- An award filter in the other orders (the same columns as the products' own order indexes).
CREATE INDEX award_keys_newest ON award_keys (programme, year, tier, published, published_at DESC, product_id DESC);
CREATE INDEX award_keys_award_year ON award_keys (programme, year, tier, published, award_year DESC, published_at DESC, product_id DESC);
CREATE INDEX award_keys_tier ON award_keys (programme, year, tier, published, award_rank DESC, award_year DESC, name_folded, product_id);

-- A category or a province, newest first.
CREATE INDEX products_category_newest ON products (status, category_id, published_at DESC, id DESC);
CREATE INDEX products_province_newest ON products (status, province_id, published_at DESC, id DESC);
CREATE INDEX products_alias_newest ON products (province_alias_id, status, published_at DESC, id DESC);
