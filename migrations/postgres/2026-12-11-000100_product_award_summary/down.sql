DROP INDEX products_status_award_valid;
DROP INDEX products_status_award_rank;
DROP INDEX products_status_award_year;
ALTER TABLE products DROP COLUMN award_valid_until;
ALTER TABLE products DROP COLUMN award_year;
ALTER TABLE products DROP COLUMN award_rank;
