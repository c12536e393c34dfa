DROP TABLE award_imports;
