ALTER TABLE products DROP COLUMN is_demo;
ALTER TABLE producers DROP COLUMN is_demo;
ALTER TABLE producers ALTER COLUMN province_id SET NOT NULL;
