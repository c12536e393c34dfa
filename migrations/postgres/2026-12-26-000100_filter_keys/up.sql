-- Keys that let every catalogue filter and a year's list of winners walk an index in the
-- page's order (issue 16); the SQLite migration of the same name explains each part.
ALTER TABLE products ADD COLUMN province_id INTEGER;
ALTER TABLE products ADD COLUMN province_alias_id INTEGER;
UPDATE products p SET province_id = r.province_id, province_alias_id = r.province_alias_id
FROM producers r WHERE r.id = p.producer_id;

CREATE FUNCTION products_province() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.producer_id IS DISTINCT FROM OLD.producer_id THEN
        SELECT r.province_id, r.province_alias_id INTO NEW.province_id, NEW.province_alias_id
        FROM producers r WHERE r.id = NEW.producer_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER products_province BEFORE INSERT OR UPDATE OF producer_id ON products
FOR EACH ROW EXECUTE FUNCTION products_province();

CREATE FUNCTION producers_province() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE products SET province_id = NEW.province_id, province_alias_id = NEW.province_alias_id
    WHERE producer_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER producers_province AFTER UPDATE OF province_id, province_alias_id ON producers
FOR EACH ROW
WHEN (OLD.province_id IS DISTINCT FROM NEW.province_id
      OR OLD.province_alias_id IS DISTINCT FROM NEW.province_alias_id)
EXECUTE FUNCTION producers_province();

CREATE INDEX products_province_category ON products (status, province_id, category_id, name_folded, id);
CREATE INDEX products_province_name ON products (status, province_id, name_folded, id);
CREATE INDEX products_province_alias ON products (province_alias_id, status, name_folded, id);

CREATE TABLE award_keys (
    programme   TEXT NOT NULL,
    year        INTEGER NOT NULL,
    tier        TEXT NOT NULL,
    product_id  INTEGER NOT NULL,
    listed      BOOLEAN NOT NULL,
    published   BOOLEAN NOT NULL,
    rank        INTEGER NOT NULL,
    is_demo     BOOLEAN NOT NULL,
    name_folded TEXT NOT NULL,
    PRIMARY KEY (programme, year, tier, product_id)
);
CREATE INDEX award_keys_name ON award_keys (programme, year, tier, published, name_folded, product_id);
CREATE INDEX award_keys_list ON award_keys (programme, year, listed, published, rank DESC, is_demo, name_folded, product_id);
CREATE INDEX award_keys_product ON award_keys (product_id);

WITH held (product_id, programme, year, tier, own, rank) AS (
    SELECT a.product_id, a.programme, a.year, COALESCE(a.tier, ''), TRUE, CASE
            WHEN a.programme = 'hvnclc' THEN 98
            WHEN a.programme = 'thqg' THEN 97
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top1' THEN 100
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top2' THEN 90
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top3' THEN 80
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top4' THEN 70
            WHEN a.programme = 'hvn-yeu-thich' THEN 60
            WHEN a.programme = 'ocop' AND a.tier = '5' THEN 99
            WHEN a.programme = 'ocop' AND a.tier = '4' THEN 89
            WHEN a.programme = 'ocop' AND a.tier = '3' THEN 79
            ELSE 69 END
    FROM awards a WHERE a.product_id IS NOT NULL
    UNION ALL
    SELECT p.id, a.programme, a.year, COALESCE(a.tier, ''), FALSE, CASE
            WHEN a.programme = 'hvnclc' THEN 98
            WHEN a.programme = 'thqg' THEN 97
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top1' THEN 100
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top2' THEN 90
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top3' THEN 80
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top4' THEN 70
            WHEN a.programme = 'hvn-yeu-thich' THEN 60
            WHEN a.programme = 'ocop' AND a.tier = '5' THEN 99
            WHEN a.programme = 'ocop' AND a.tier = '4' THEN 89
            WHEN a.programme = 'ocop' AND a.tier = '3' THEN 79
            ELSE 69 END
    FROM awards a JOIN products p ON p.producer_id = a.producer_id
), keyed (programme, year, tier, product_id, listed, rank) AS (
    SELECT programme, year, tier, product_id, own, rank FROM held
    UNION ALL SELECT programme, year, '*', product_id, FALSE, 0 FROM held
    UNION ALL SELECT programme, 0, tier, product_id, FALSE, 0 FROM held WHERE tier <> ''
    UNION ALL SELECT programme, 0, '*', product_id, FALSE, 0 FROM held
    UNION ALL SELECT '*', year, '*', product_id, FALSE, 0 FROM held
)
INSERT INTO award_keys (programme, year, tier, product_id, listed, rank, is_demo, name_folded, published)
SELECT k.programme, k.year, k.tier, k.product_id, bool_or(k.listed), MAX(k.rank), p.is_demo, p.name_folded,
    p.status = 'published'
FROM keyed k JOIN products p ON p.id = k.product_id
GROUP BY k.programme, k.year, k.tier, k.product_id, p.is_demo, p.name_folded, p.status;

CREATE TABLE award_list_counts (
    programme TEXT NOT NULL,
    year      INTEGER NOT NULL,
    rank      INTEGER NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (programme, year, rank)
);
INSERT INTO award_list_counts (programme, year, rank, published)
SELECT k.programme, k.year, k.rank, COUNT(*)
FROM award_keys k JOIN products p ON p.id = k.product_id
WHERE k.listed AND p.status = 'published'
GROUP BY k.programme, k.year, k.rank;

CREATE FUNCTION award_keys_count() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    -- (A deleted product is gone when its keys go: products_award_keys counts it out.)
    IF TG_OP = 'INSERT' THEN
        IF NEW.listed AND EXISTS (SELECT 1 FROM products
                                  WHERE id = NEW.product_id AND status = 'published') THEN
            INSERT INTO award_list_counts AS c (programme, year, rank, published)
                VALUES (NEW.programme, NEW.year, NEW.rank, 1)
                ON CONFLICT (programme, year, rank) DO UPDATE SET published = c.published + 1;
        END IF;
    ELSIF OLD.listed AND EXISTS (SELECT 1 FROM products
                                 WHERE id = OLD.product_id AND status = 'published') THEN
        UPDATE award_list_counts SET published = published - 1
        WHERE programme = OLD.programme AND year = OLD.year AND rank = OLD.rank;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER award_keys_count AFTER INSERT OR DELETE ON award_keys
FOR EACH ROW EXECUTE FUNCTION award_keys_count();

CREATE FUNCTION products_award_keys() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN
            UPDATE award_list_counts c SET published = c.published - 1
            FROM award_keys k
            WHERE k.product_id = OLD.id AND k.listed
              AND c.programme = k.programme AND c.year = k.year AND c.rank = k.rank;
        END IF;
        DELETE FROM award_keys WHERE product_id = OLD.id;
        RETURN NULL;
    END IF;
    IF NEW.name_folded IS DISTINCT FROM OLD.name_folded THEN
        UPDATE award_keys SET name_folded = NEW.name_folded WHERE product_id = NEW.id;
    END IF;
    IF (OLD.status = 'published') <> (NEW.status = 'published') THEN
        UPDATE award_keys SET published = (NEW.status = 'published') WHERE product_id = NEW.id;
        IF NEW.status = 'published' THEN
            INSERT INTO award_list_counts AS c (programme, year, rank, published)
                SELECT programme, year, rank, 1 FROM award_keys
                WHERE product_id = NEW.id AND listed
                ON CONFLICT (programme, year, rank) DO UPDATE SET published = c.published + 1;
        ELSE
            UPDATE award_list_counts c SET published = c.published - 1
            FROM award_keys k
            WHERE k.product_id = NEW.id AND k.listed
              AND c.programme = k.programme AND c.year = k.year AND c.rank = k.rank;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER products_award_keys AFTER DELETE OR UPDATE OF name_folded, status ON products
FOR EACH ROW EXECUTE FUNCTION products_award_keys();

CREATE INDEX awards_sources ON awards (programme, year, source_url) WHERE source_url IS NOT NULL;

-- 5. The home page asks for the newest year with an award still valid: a seek per programme
--    and kind of validity (no end date, or ending on or after today).
CREATE INDEX awards_validity ON awards (programme, year, valid_until);
