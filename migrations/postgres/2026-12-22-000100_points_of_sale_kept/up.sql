-- Points of sale kept by producers (issue 13): a kind, a web address for online shops,
-- optional coordinates (indexed for the "near me" bounding box), hidden by an official,
-- flagged for review after a producer's edit, and the products sold there in a table of their
-- own (none listed: every product of the producer), replacing the single product_id column.
ALTER TABLE points_of_sale ADD COLUMN kind TEXT NOT NULL DEFAULT 'shop';
ALTER TABLE points_of_sale ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_sale ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE points_of_sale ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE points_of_sale ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE points_of_sale ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE points_of_sale ADD COLUMN created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE points_of_sale ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE TABLE point_of_sale_products (
    point_of_sale_id INTEGER NOT NULL REFERENCES points_of_sale (id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (point_of_sale_id, product_id)
);
INSERT INTO point_of_sale_products (point_of_sale_id, product_id)
SELECT id, product_id FROM points_of_sale WHERE product_id IS NOT NULL;
ALTER TABLE points_of_sale DROP COLUMN product_id;
CREATE INDEX points_of_sale_place ON points_of_sale (province_id, ward);
CREATE INDEX points_of_sale_position ON points_of_sale (latitude, longitude);
CREATE INDEX points_of_sale_review ON points_of_sale (needs_review);
CREATE INDEX point_of_sale_products_product ON point_of_sale_products (product_id);
