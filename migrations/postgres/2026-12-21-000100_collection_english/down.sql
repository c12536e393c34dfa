ALTER TABLE featured_collections DROP COLUMN description_en;
ALTER TABLE featured_collections DROP COLUMN title_en;
