DROP TABLE vote_paper_entries;
DROP TABLE vote_paper_batches;
