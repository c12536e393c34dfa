-- A producer's province may be unknown (national award lists give none). Generated
-- (fictional) producers and products carry is_demo, so every page can say so.
ALTER TABLE producers ALTER COLUMN province_id DROP NOT NULL;
ALTER TABLE producers ADD COLUMN is_demo BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE products ADD COLUMN is_demo BOOLEAN NOT NULL DEFAULT FALSE;
