-- Nominations to the consumer vote (issue 17): see the SQLite migration of the same name.
CREATE TABLE vote_nominations (
    id          SERIAL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    producer_id INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    group_slug  TEXT NOT NULL,
    dossier     TEXT NOT NULL,
    status      TEXT NOT NULL
        CHECK (status IN ('submitted', 'needs_info', 'eligible', 'rejected', 'withdrawn')),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX vote_nominations_live_product ON vote_nominations (campaign_id, product_id)
    WHERE status IN ('submitted', 'needs_info', 'eligible');
CREATE INDEX vote_nominations_campaign ON vote_nominations (campaign_id, status, group_slug, id);
CREATE INDEX vote_nominations_producer ON vote_nominations (producer_id, campaign_id);

CREATE TABLE vote_entries (
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    producer_id INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    live        INTEGER NOT NULL CHECK (live BETWEEN 0 AND 3),
    PRIMARY KEY (campaign_id, producer_id)
);

CREATE FUNCTION vote_nominations_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_live BOOLEAN := TG_OP = 'UPDATE' AND OLD.status IN ('submitted', 'needs_info', 'eligible');
    is_live  BOOLEAN := NEW.status IN ('submitted', 'needs_info', 'eligible');
BEGIN
    IF was_live = is_live THEN
        RETURN NULL;
    END IF;
    -- The counter row is locked until the transaction ends: a racing nomination of the same
    -- firm waits here, then sees the new count.
    INSERT INTO vote_entries (campaign_id, producer_id, live)
    VALUES (NEW.campaign_id, NEW.producer_id, CASE WHEN is_live THEN 1 ELSE 0 END)
    ON CONFLICT (campaign_id, producer_id)
    DO UPDATE SET live = vote_entries.live + CASE WHEN is_live THEN 1 ELSE -1 END;
    RETURN NULL;
END $$;
CREATE TRIGGER vote_nominations_entries AFTER INSERT OR UPDATE OF status ON vote_nominations
FOR EACH ROW EXECUTE FUNCTION vote_nominations_entries();
