ALTER TABLE articles DROP COLUMN body_html_en;
ALTER TABLE articles DROP COLUMN body_markdown_en;
ALTER TABLE articles DROP COLUMN summary_en;
ALTER TABLE articles DROP COLUMN title_en;
