-- Phone ballots of the consumer vote (issue 17), where an SMS gateway is configured: the
-- ballot's link goes to the voter's browser and a six-digit code to the phone; the ballot
-- counts only with both. The code is kept as a keyed hash with the link's token; after
-- five wrong codes the link stops working.
ALTER TABLE vote_ballots ADD COLUMN code_hash TEXT;
ALTER TABLE vote_ballots ADD COLUMN code_tries INTEGER NOT NULL DEFAULT 0;
