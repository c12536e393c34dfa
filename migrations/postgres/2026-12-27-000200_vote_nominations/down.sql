DROP TABLE vote_entries;
DROP TABLE vote_nominations;
DROP FUNCTION vote_nominations_entries();
