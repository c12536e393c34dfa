-- A featured collection's optional English name and description, shown on /en. Empty means
-- "none": the English home page then shows the Vietnamese ones, marked lang="vi".
ALTER TABLE featured_collections ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE featured_collections ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
