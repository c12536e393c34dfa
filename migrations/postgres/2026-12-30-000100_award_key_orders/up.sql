-- The award keys carry what the other filters and the orders read (issue 16); the SQLite
-- migration of the same name explains why.
ALTER TABLE award_keys ADD COLUMN category_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE award_keys ADD COLUMN province_id INTEGER;
ALTER TABLE award_keys ADD COLUMN province_alias_id INTEGER;
ALTER TABLE award_keys ADD COLUMN published_at TIMESTAMP;
ALTER TABLE award_keys ADD COLUMN award_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE award_keys ADD COLUMN award_rank INTEGER NOT NULL DEFAULT 0;
UPDATE award_keys k SET
    category_id = p.category_id,
    province_id = p.province_id,
    province_alias_id = p.province_alias_id,
    published_at = p.published_at,
    award_year = p.award_year,
    award_rank = p.award_rank
FROM products p WHERE p.id = k.product_id;

CREATE FUNCTION products_award_keys_copy() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE award_keys SET
        category_id = NEW.category_id,
        province_id = NEW.province_id,
        province_alias_id = NEW.province_alias_id,
        published_at = NEW.published_at,
        award_year = NEW.award_year,
        award_rank = NEW.award_rank
    WHERE product_id = NEW.id;
    RETURN NULL;
END $$;
-- (producer_id too: a product moved to another producer gets its province from the BEFORE
-- trigger products_province, which an "UPDATE OF province_id" trigger would not see.)
CREATE TRIGGER products_award_keys_copy
AFTER UPDATE OF category_id, producer_id, province_id, province_alias_id, published_at, award_year, award_rank
ON products FOR EACH ROW
WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id
      OR OLD.province_id IS DISTINCT FROM NEW.province_id
      OR OLD.province_alias_id IS DISTINCT FROM NEW.province_alias_id
      OR OLD.published_at IS DISTINCT FROM NEW.published_at
      OR OLD.award_year IS DISTINCT FROM NEW.award_year
      OR OLD.award_rank IS DISTINCT FROM NEW.award_rank)
EXECUTE FUNCTION products_award_keys_copy();

CREATE INDEX award_keys_category ON award_keys (programme, year, tier, published, category_id, name_folded, product_id);
CREATE INDEX award_keys_province ON award_keys (programme, year, tier, published, province_id, name_folded, product_id);
CREATE INDEX award_keys_alias ON award_keys (programme, year, tier, published, province_alias_id, name_folded, product_id);
CREATE INDEX award_keys_newest ON award_keys (programme, year, tier, published, published_at DESC, product_id DESC);
CREATE INDEX award_keys_award_year ON award_keys (programme, year, tier, published, award_year DESC, published_at DESC, product_id DESC);
CREATE INDEX award_keys_tier ON award_keys (programme, year, tier, published, award_rank DESC, award_year DESC, name_folded, product_id);

CREATE INDEX products_category_newest ON products (status, category_id, published_at DESC, id DESC);
CREATE INDEX products_province_newest ON products (status, province_id, published_at DESC, id DESC);
CREATE INDEX products_alias_newest ON products (province_alias_id, status, published_at DESC, id DESC);
