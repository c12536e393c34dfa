-- Points of sale kept by producers (issue 13): a kind, a web address for online shops,
-- optional coordinates (indexed for the "near me" bounding box), hidden by an official,
-- flagged for review after a producer's edit, and the products sold there in a table of their
-- own (none listed: every product of the producer). The single product_id column is replaced
-- by that table; SQLite cannot drop a referenced column in place, so the table is rebuilt.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE points_of_sale_new (
    id            INTEGER PRIMARY KEY,
    producer_id   INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'shop',
    address       TEXT NOT NULL,
    ward          TEXT NOT NULL DEFAULT '',
    province_id   INTEGER NOT NULL REFERENCES provinces (id),
    phone         TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    hidden        BOOLEAN NOT NULL DEFAULT FALSE,
    needs_review  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO points_of_sale_new (id, producer_id, name, address, ward, province_id, phone,
    opening_hours)
SELECT id, producer_id, name, address, ward, province_id, phone, opening_hours
FROM points_of_sale;
CREATE TABLE point_of_sale_products (
    point_of_sale_id INTEGER NOT NULL REFERENCES points_of_sale (id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (point_of_sale_id, product_id)
);
INSERT INTO point_of_sale_products (point_of_sale_id, product_id)
SELECT id, product_id FROM points_of_sale WHERE product_id IS NOT NULL;
DROP TABLE points_of_sale;
ALTER TABLE points_of_sale_new RENAME TO points_of_sale;
CREATE INDEX points_of_sale_producer ON points_of_sale (producer_id);
CREATE INDEX points_of_sale_place ON points_of_sale (province_id, ward);
CREATE INDEX points_of_sale_position ON points_of_sale (latitude, longitude);
CREATE INDEX points_of_sale_review ON points_of_sale (needs_review);
CREATE INDEX point_of_sale_products_product ON point_of_sale_products (product_id);
COMMIT;
PRAGMA foreign_keys = ON;
