-- The yearly consumer vote (issue 17), first part: a campaign per year and its moves. A
-- campaign's state only moves forward, one step at a time (draft → nominations open → review →
-- voting open → voting closed → counting → provisional results → objections → certified →
-- archived); each move is a row of vote_transitions, written in the same transaction. The
-- rules (JSON, see src/vote/count.rs) are frozen with their SHA-256 when voting opens: from
-- then on neither changes. The triggers hold both promises whatever the application does.
CREATE TABLE vote_campaigns (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    state          TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'nominations_open', 'review', 'voting_open', 'voting_closed', 'counting', 'provisional', 'objections', 'certified', 'archived')),
    rules          TEXT NOT NULL,
    rules_checksum TEXT,
    -- The number of the decision that certified the results.
    decision_no    TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK ((rules_checksum IS NULL) = (state IN ('draft', 'nominations_open', 'review')))
);

CREATE TRIGGER vote_campaigns_forward BEFORE UPDATE OF state ON vote_campaigns
WHEN NEW.state IS NOT OLD.state
  AND (CASE NEW.state WHEN 'draft' THEN 0 WHEN 'nominations_open' THEN 1 WHEN 'review' THEN 2 WHEN 'voting_open' THEN 3 WHEN 'voting_closed' THEN 4 WHEN 'counting' THEN 5 WHEN 'provisional' THEN 6 WHEN 'objections' THEN 7 WHEN 'certified' THEN 8 ELSE 9 END) != (CASE OLD.state WHEN 'draft' THEN 0 WHEN 'nominations_open' THEN 1 WHEN 'review' THEN 2 WHEN 'voting_open' THEN 3 WHEN 'voting_closed' THEN 4 WHEN 'counting' THEN 5 WHEN 'provisional' THEN 6 WHEN 'objections' THEN 7 WHEN 'certified' THEN 8 ELSE 9 END) + 1
BEGIN
    SELECT RAISE(ABORT, 'a vote campaign moves forward one state at a time');
END;

CREATE TRIGGER vote_campaigns_frozen BEFORE UPDATE OF rules, rules_checksum ON vote_campaigns
WHEN OLD.rules_checksum IS NOT NULL
  AND (NEW.rules IS NOT OLD.rules OR NEW.rules_checksum IS NOT OLD.rules_checksum)
BEGIN
    SELECT RAISE(ABORT, 'the rules of a vote are frozen once voting opens');
END;

CREATE TABLE vote_transitions (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX vote_transitions_campaign ON vote_transitions (campaign_id, id);
