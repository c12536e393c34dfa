DROP INDEX awards_product_valid;
