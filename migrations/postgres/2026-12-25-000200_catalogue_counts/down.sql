DROP INDEX awards_programme_year_id;
DROP INDEX products_producer_name;
DROP TRIGGER products_counts ON products;
DROP FUNCTION products_counts();
DROP FUNCTION catalogue_count_product(INTEGER, INTEGER, INTEGER);
DROP TABLE catalogue_totals;
DROP TABLE producer_counts;
DROP TABLE category_counts;
