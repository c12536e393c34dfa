-- Nominations to the consumer vote (issue 17): a firm enters one of its products in one of the
-- campaign's groups, with a short dossier. A nomination is live while submitted, waiting for
-- information or eligible; withdrawn and rejected ones are kept, not live. A firm has at most 3
-- live nominations per campaign: vote_entries counts them, kept by the triggers below in the
-- same transaction as the nomination, and its CHECK refuses a fourth, whatever two requests
-- race. A product is entered once per campaign while live.
CREATE TABLE vote_nominations (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    producer_id INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    group_slug  TEXT NOT NULL,
    dossier     TEXT NOT NULL,
    status      TEXT NOT NULL
        CHECK (status IN ('submitted', 'needs_info', 'eligible', 'rejected', 'withdrawn')),
    -- Why an official rejected it or asks for information.
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

CREATE TRIGGER vote_nominations_insert AFTER INSERT ON vote_nominations
WHEN NEW.status IN ('submitted', 'needs_info', 'eligible')
BEGIN
    INSERT INTO vote_entries (campaign_id, producer_id, live)
    VALUES (NEW.campaign_id, NEW.producer_id, 1)
    ON CONFLICT (campaign_id, producer_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER vote_nominations_status AFTER UPDATE OF status ON vote_nominations
WHEN (OLD.status IN ('submitted', 'needs_info', 'eligible')) <> (NEW.status IN ('submitted', 'needs_info', 'eligible'))
BEGIN
    INSERT INTO vote_entries (campaign_id, producer_id, live)
    VALUES (NEW.campaign_id, NEW.producer_id, 0)
    ON CONFLICT (campaign_id, producer_id) DO NOTHING;
    UPDATE vote_entries
    SET live = live + (CASE WHEN NEW.status IN ('submitted', 'needs_info', 'eligible') THEN 1 ELSE -1 END)
    WHERE campaign_id = NEW.campaign_id AND producer_id = NEW.producer_id;
END;
