-- Counts of published products kept by the database itself, so the home page, the catalogue
-- and the producer directory read a number instead of counting the catalogue on each request.
-- Triggers keep them in the same transaction as every write to `products` (publish, unpublish,
-- moderation, edits moving a product to another category or producer, deletion, the demo
-- loader and bulk loads alike), so no writer can forget them.
--   category_counts: published products per category (the sum is the catalogue's size).
--   producer_counts: published products per producer (a row stays at 0 when it drops to 0).
--   catalogue_totals: one row; producers with at least one published product.
CREATE TABLE category_counts (
    category_id INTEGER PRIMARY KEY,
    published   BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE producer_counts (
    producer_id INTEGER PRIMARY KEY,
    published   BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE catalogue_totals (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    producers_with_products BIGINT NOT NULL DEFAULT 0
);

INSERT INTO category_counts (category_id, published)
    SELECT category_id, COUNT(*) FROM products WHERE status = 'published' GROUP BY category_id;
INSERT INTO producer_counts (producer_id, published)
    SELECT producer_id, COUNT(*) FROM products WHERE status = 'published' GROUP BY producer_id;
INSERT INTO catalogue_totals (id, producers_with_products)
    SELECT 1, COUNT(*) FROM producer_counts WHERE published > 0;

CREATE TRIGGER producer_counts_insert AFTER INSERT ON producer_counts
WHEN NEW.published > 0
BEGIN
    UPDATE catalogue_totals SET producers_with_products = producers_with_products + 1;
END;
CREATE TRIGGER producer_counts_update AFTER UPDATE OF published ON producer_counts
WHEN (OLD.published > 0) <> (NEW.published > 0)
BEGIN
    UPDATE catalogue_totals SET producers_with_products = producers_with_products
        + CASE WHEN NEW.published > 0 THEN 1 ELSE -1 END;
END;

CREATE TRIGGER products_counts_insert AFTER INSERT ON products
WHEN NEW.status = 'published'
BEGIN
    INSERT INTO category_counts (category_id, published) VALUES (NEW.category_id, 1)
        ON CONFLICT (category_id) DO UPDATE SET published = published + 1;
    INSERT INTO producer_counts (producer_id, published) VALUES (NEW.producer_id, 1)
        ON CONFLICT (producer_id) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER products_counts_delete AFTER DELETE ON products
WHEN OLD.status = 'published'
BEGIN
    UPDATE category_counts SET published = published - 1 WHERE category_id = OLD.category_id;
    UPDATE producer_counts SET published = published - 1 WHERE producer_id = OLD.producer_id;
END;
CREATE TRIGGER products_counts_update AFTER UPDATE OF status, category_id, producer_id ON products
WHEN (OLD.status = 'published' OR NEW.status = 'published')
    AND (OLD.status <> NEW.status OR OLD.category_id <> NEW.category_id
         OR OLD.producer_id <> NEW.producer_id)
BEGIN
    UPDATE category_counts SET published = published - 1
        WHERE OLD.status = 'published' AND category_id = OLD.category_id;
    UPDATE producer_counts SET published = published - 1
        WHERE OLD.status = 'published' AND producer_id = OLD.producer_id;
    INSERT INTO category_counts (category_id, published)
        SELECT NEW.category_id, 1 WHERE NEW.status = 'published'
        ON CONFLICT (category_id) DO UPDATE SET published = published + 1;
    INSERT INTO producer_counts (producer_id, published)
        SELECT NEW.producer_id, 1 WHERE NEW.status = 'published'
        ON CONFLICT (producer_id) DO UPDATE SET published = published + 1;
END;


-- A producer's page lists its products by name: without this index the planner walks the
-- whole catalogue by name looking for them (products_producer has no name to order by).
CREATE INDEX products_producer_name ON products (producer_id, status, name_folded, id);
-- (The home page's shelf takes a year's first winners of each tier in the order they were
-- recorded: awards_programme_year ends on the rowid, which serves that order here; PostgreSQL
-- gets an index of its own.)
