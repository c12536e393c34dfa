-- Keys that let every catalogue filter and a year's list of winners walk an index in the
-- page's order, so a page costs the same whatever the catalogue's size (issue 16).
--
-- 1. The province of each product's producer, kept on the product by triggers (a product
--    moving to another producer, a producer moving to another province), so the province
--    filter, alone or with a category, reads one index in name order.
ALTER TABLE products ADD COLUMN province_id INTEGER;
ALTER TABLE products ADD COLUMN province_alias_id INTEGER;
UPDATE products SET
    province_id = (SELECT r.province_id FROM producers r WHERE r.id = products.producer_id),
    province_alias_id = (SELECT r.province_alias_id FROM producers r WHERE r.id = products.producer_id);

CREATE TRIGGER products_province_insert AFTER INSERT ON products
BEGIN
    UPDATE products SET
        province_id = (SELECT province_id FROM producers WHERE id = NEW.producer_id),
        province_alias_id = (SELECT province_alias_id FROM producers WHERE id = NEW.producer_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER products_province_move AFTER UPDATE OF producer_id ON products
WHEN OLD.producer_id <> NEW.producer_id
BEGIN
    UPDATE products SET
        province_id = (SELECT province_id FROM producers WHERE id = NEW.producer_id),
        province_alias_id = (SELECT province_alias_id FROM producers WHERE id = NEW.producer_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER producers_province AFTER UPDATE OF province_id, province_alias_id ON producers
WHEN OLD.province_id IS NOT NEW.province_id OR OLD.province_alias_id IS NOT NEW.province_alias_id
BEGIN
    UPDATE products SET province_id = NEW.province_id, province_alias_id = NEW.province_alias_id
    WHERE producer_id = NEW.id;
END;

CREATE INDEX products_province_category ON products (status, province_id, category_id, name_folded, id);
CREATE INDEX products_province_name ON products (status, province_id, name_folded, id);
CREATE INDEX products_province_alias ON products (province_alias_id, status, name_folded, id);

-- 2. award_keys: for each product, one row per award filter it passes, so any mix of the
--    programme, year and tier filters is one equality on (programme, year, tier) followed by
--    the name order. '*' stands for "any programme" / "any tier", 0 for "any year", '' for an
--    award recorded without a tier. An award (p, y, t) of the product itself, or a firm-level
--    award of its producer, gives the rows (p, y, t), (p, y, *), (p, 0, t), (p, 0, *) and
--    (*, y, *); a tier belongs to one programme, so a tier without a programme is asked as
--    (its programme, y or 0, t).
--    listed: the row (p, y, t) of the product's own award, which the year's list of winners
--    shows, ordered by rank (award::tier_rank: the best tier first), real records before
--    generated ones (is_demo), then the name.
--    published: whether the product is published (kept by the trigger on its status), so a
--    filter on awards alone, and its capped count, read the index without the products.
--    Rewritten with the award summary by Product::refresh_award_summary, which every writer of
--    awards calls; the triggers below follow publication, renames and deletions.
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
) WITHOUT ROWID;
CREATE INDEX award_keys_name ON award_keys (programme, year, tier, published, name_folded, product_id);
CREATE INDEX award_keys_list ON award_keys (programme, year, listed, published, rank DESC, is_demo, name_folded, product_id);
CREATE INDEX award_keys_product ON award_keys (product_id);

WITH held (product_id, programme, year, tier, own, rank) AS (
    SELECT a.product_id, a.programme, a.year, COALESCE(a.tier, ''), 1, CASE
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
    SELECT p.id, a.programme, a.year, COALESCE(a.tier, ''), 0, CASE
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
    UNION ALL SELECT programme, year, '*', product_id, 0, 0 FROM held
    UNION ALL SELECT programme, 0, tier, product_id, 0, 0 FROM held WHERE tier <> ''
    UNION ALL SELECT programme, 0, '*', product_id, 0, 0 FROM held
    UNION ALL SELECT '*', year, '*', product_id, 0, 0 FROM held
)
INSERT INTO award_keys (programme, year, tier, product_id, listed, rank, is_demo, name_folded, published)
SELECT k.programme, k.year, k.tier, k.product_id, MAX(k.listed), MAX(k.rank), p.is_demo, p.name_folded,
    p.status = 'published'
FROM keyed k JOIN products p ON p.id = k.product_id
GROUP BY k.programme, k.year, k.tier, k.product_id, p.is_demo, p.name_folded, p.status;

-- 3. award_list_counts: how many published products each tier of a year's list holds (the
--    listed keys by rank), kept by triggers as keys come and go and products are published,
--    hidden or deleted, so the list's tier counts and its pages are read, not counted.
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

CREATE TRIGGER award_keys_count_insert AFTER INSERT ON award_keys
WHEN NEW.listed AND (SELECT status FROM products WHERE id = NEW.product_id) = 'published'
BEGIN
    INSERT INTO award_list_counts (programme, year, rank, published)
        VALUES (NEW.programme, NEW.year, NEW.rank, 1)
        ON CONFLICT (programme, year, rank) DO UPDATE SET published = published + 1;
END;
-- (A deleted product is gone when its keys go: the products trigger below counts it out.)
CREATE TRIGGER award_keys_count_delete AFTER DELETE ON award_keys
WHEN OLD.listed AND (SELECT status FROM products WHERE id = OLD.product_id) = 'published'
BEGIN
    UPDATE award_list_counts SET published = published - 1
    WHERE programme = OLD.programme AND year = OLD.year AND rank = OLD.rank;
END;
CREATE TRIGGER products_award_list_status AFTER UPDATE OF status ON products
WHEN (OLD.status = 'published') <> (NEW.status = 'published')
BEGIN
    UPDATE award_keys SET published = (NEW.status = 'published') WHERE product_id = NEW.id;
    INSERT INTO award_list_counts (programme, year, rank, published)
        SELECT programme, year, rank, 1 FROM award_keys
        WHERE product_id = NEW.id AND listed AND NEW.status = 'published'
        ON CONFLICT (programme, year, rank) DO UPDATE SET published = published + 1;
    UPDATE award_list_counts SET published = published - 1
    WHERE OLD.status = 'published'
      AND (programme, year, rank) IN
          (SELECT programme, year, rank FROM award_keys WHERE product_id = NEW.id AND listed);
END;

CREATE TRIGGER products_award_keys_name AFTER UPDATE OF name_folded ON products
WHEN OLD.name_folded <> NEW.name_folded
BEGIN
    UPDATE award_keys SET name_folded = NEW.name_folded WHERE product_id = NEW.id;
END;
CREATE TRIGGER products_award_keys_delete AFTER DELETE ON products
BEGIN
    UPDATE award_list_counts SET published = published - 1
    WHERE OLD.status = 'published'
      AND (programme, year, rank) IN
          (SELECT programme, year, rank FROM award_keys WHERE product_id = OLD.id AND listed);
    DELETE FROM award_keys WHERE product_id = OLD.id;
END;

-- 4. The distinct pages a year's records were taken from: only real records name one.
CREATE INDEX awards_sources ON awards (programme, year, source_url) WHERE source_url IS NOT NULL;

-- 5. The home page asks for the newest year with an award still valid: a seek per programme
--    and kind of validity (no end date, or ending on or after today).
CREATE INDEX awards_validity ON awards (programme, year, valid_until);
