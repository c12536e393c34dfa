-- An article's optional English version, shown on /en/tin-tuc. Empty means "none": the English
-- site then shows the Vietnamese article, marked as such. body_html_en is body_markdown_en
-- rendered and sanitised, written together with it (as body_html is).
ALTER TABLE articles ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN summary_en TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN body_markdown_en TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN body_html_en TEXT NOT NULL DEFAULT '';
