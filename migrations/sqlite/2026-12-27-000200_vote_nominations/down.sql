DROP TABLE vote_entries;
DROP TABLE vote_nominations;
