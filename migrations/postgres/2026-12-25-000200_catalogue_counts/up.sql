-- Counts of published products kept by the database itself, so the home page, the catalogue
-- and the producer directory read a number instead of counting the catalogue on each request.
-- A trigger keeps them in the same transaction as every write to `products` (publish,
-- unpublish, moderation, edits moving a product to another category or producer, deletion, the
-- demo loader and bulk loads alike), so no writer can forget them.
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

-- The tables are found through the search path the migration ran with (a test's schema).
CREATE FUNCTION catalogue_count_product(category INTEGER, producer INTEGER, delta INTEGER)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    new_count BIGINT;
    old_count BIGINT;
BEGIN
    INSERT INTO category_counts AS c (category_id, published) VALUES (category, delta)
        ON CONFLICT (category_id) DO UPDATE SET published = c.published + delta;
    INSERT INTO producer_counts AS c (producer_id, published) VALUES (producer, delta)
        ON CONFLICT (producer_id) DO UPDATE SET published = c.published + delta
        RETURNING c.published INTO new_count;
    old_count := new_count - delta;
    IF old_count <= 0 AND new_count > 0 THEN
        UPDATE catalogue_totals SET producers_with_products = producers_with_products + 1;
    ELSIF old_count > 0 AND new_count <= 0 THEN
        UPDATE catalogue_totals SET producers_with_products = producers_with_products - 1;
    END IF;
END $$;

CREATE FUNCTION products_counts() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.status = NEW.status AND OLD.category_id = NEW.category_id
            AND OLD.producer_id = NEW.producer_id THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.status = 'published' THEN
            PERFORM catalogue_count_product(OLD.category_id, OLD.producer_id, -1);
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF NEW.status = 'published' THEN
            PERFORM catalogue_count_product(NEW.category_id, NEW.producer_id, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER products_counts
AFTER INSERT OR DELETE OR UPDATE OF status, category_id, producer_id ON products
FOR EACH ROW EXECUTE FUNCTION products_counts();

-- A producer's page lists its products by name: without this index the planner walks the
-- whole catalogue by name looking for them (products_producer has no name to order by).
CREATE INDEX products_producer_name ON products (producer_id, status, name_folded, id);

-- The home page's shelf takes a year's first winners of each tier in the order they were
-- recorded (SQLite's awards_programme_year index ends on the rowid, which does that there).
CREATE INDEX awards_programme_year_id ON awards (programme, year, tier, id);
