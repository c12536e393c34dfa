ALTER TABLE points_of_sale ADD COLUMN product_id INTEGER REFERENCES products (id) ON DELETE CASCADE;
UPDATE points_of_sale s SET product_id =
    (SELECT MIN(l.product_id) FROM point_of_sale_products l WHERE l.point_of_sale_id = s.id);
DROP TABLE point_of_sale_products;
DROP INDEX points_of_sale_place;
DROP INDEX points_of_sale_position;
DROP INDEX points_of_sale_review;
ALTER TABLE points_of_sale DROP COLUMN kind, DROP COLUMN url, DROP COLUMN latitude,
    DROP COLUMN longitude, DROP COLUMN hidden, DROP COLUMN needs_review, DROP COLUMN created_at,
    DROP COLUMN updated_at;
CREATE INDEX points_of_sale_product ON points_of_sale (product_id);
