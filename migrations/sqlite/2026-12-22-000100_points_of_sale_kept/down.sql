PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE points_of_sale_old (
    id            INTEGER PRIMARY KEY,
    producer_id   INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    product_id    INTEGER REFERENCES products (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    ward          TEXT NOT NULL DEFAULT '',
    province_id   INTEGER NOT NULL REFERENCES provinces (id),
    phone         TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT ''
);
INSERT INTO points_of_sale_old (id, producer_id, product_id, name, address, ward, province_id,
    phone, opening_hours)
SELECT s.id, s.producer_id,
    (SELECT MIN(l.product_id) FROM point_of_sale_products l WHERE l.point_of_sale_id = s.id),
    s.name, s.address, s.ward, s.province_id, s.phone, s.opening_hours
FROM points_of_sale s;
DROP TABLE point_of_sale_products;
DROP TABLE points_of_sale;
ALTER TABLE points_of_sale_old RENAME TO points_of_sale;
CREATE INDEX points_of_sale_producer ON points_of_sale (producer_id);
CREATE INDEX points_of_sale_product ON points_of_sale (product_id);
COMMIT;
PRAGMA foreign_keys = ON;
