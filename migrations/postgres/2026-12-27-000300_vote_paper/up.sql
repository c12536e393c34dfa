-- Paper ballots of the consumer vote (issue 17): see the SQLite migration of the same name.
CREATE TABLE vote_paper_batches (
    id            SERIAL PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    place         TEXT NOT NULL,
    day           DATE NOT NULL,
    officer_a     TEXT NOT NULL,
    officer_b     TEXT NOT NULL,
    sheets_issued INTEGER NOT NULL CHECK (sheets_issued > 0),
    status        TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'blocked')),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, code),
    CHECK (officer_a <> officer_b)
);
CREATE INDEX vote_paper_batches_campaign ON vote_paper_batches (campaign_id, status, id);

CREATE TABLE vote_paper_entries (
    id              SERIAL PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES vote_paper_batches (id) ON DELETE CASCADE,
    entry_no        INTEGER NOT NULL CHECK (entry_no IN (1, 2)),
    entered_by      INTEGER NOT NULL REFERENCES users (id),
    sheets_returned INTEGER NOT NULL CHECK (sheets_returned >= 0),
    -- The marks of each nomination, as canonical JSON: {"12": 40, "31": 7}, numbers in order.
    marks           TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (batch_id, entry_no),
    UNIQUE (batch_id, entered_by)
);
