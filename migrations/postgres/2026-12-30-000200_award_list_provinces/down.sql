DROP INDEX award_keys_list_alias;
DROP INDEX award_keys_list_province;
