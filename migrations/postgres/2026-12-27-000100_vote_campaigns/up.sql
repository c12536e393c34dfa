-- The yearly consumer vote (issue 17): see the SQLite migration of the same name.
CREATE TABLE vote_campaigns (
    id             SERIAL PRIMARY KEY,
    year           INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    state          TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'nominations_open', 'review', 'voting_open', 'voting_closed', 'counting', 'provisional', 'objections', 'certified', 'archived')),
    rules          TEXT NOT NULL,
    rules_checksum TEXT,
    decision_no    TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK ((rules_checksum IS NULL) = (state IN ('draft', 'nominations_open', 'review')))
);

CREATE FUNCTION vote_campaigns_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state
       AND (CASE NEW.state WHEN 'draft' THEN 0 WHEN 'nominations_open' THEN 1 WHEN 'review' THEN 2 WHEN 'voting_open' THEN 3 WHEN 'voting_closed' THEN 4 WHEN 'counting' THEN 5 WHEN 'provisional' THEN 6 WHEN 'objections' THEN 7 WHEN 'certified' THEN 8 ELSE 9 END) <> (CASE OLD.state WHEN 'draft' THEN 0 WHEN 'nominations_open' THEN 1 WHEN 'review' THEN 2 WHEN 'voting_open' THEN 3 WHEN 'voting_closed' THEN 4 WHEN 'counting' THEN 5 WHEN 'provisional' THEN 6 WHEN 'objections' THEN 7 WHEN 'certified' THEN 8 ELSE 9 END) + 1 THEN
        RAISE EXCEPTION 'a vote campaign moves forward one state at a time';
    END IF;
    IF OLD.rules_checksum IS NOT NULL
       AND (NEW.rules IS DISTINCT FROM OLD.rules
            OR NEW.rules_checksum IS DISTINCT FROM OLD.rules_checksum) THEN
        RAISE EXCEPTION 'the rules of a vote are frozen once voting opens';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER vote_campaigns_guard BEFORE UPDATE ON vote_campaigns
FOR EACH ROW EXECUTE FUNCTION vote_campaigns_guard();

CREATE TABLE vote_transitions (
    id          SERIAL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX vote_transitions_campaign ON vote_transitions (campaign_id, id);
