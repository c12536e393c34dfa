ALTER TABLE vote_ballots DROP COLUMN code_tries;
ALTER TABLE vote_ballots DROP COLUMN code_hash;
