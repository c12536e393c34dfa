-- Citizens' reports of wrong information on a product page, answered by officials.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    product_id      INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    reason          TEXT NOT NULL,
    message         TEXT NOT NULL,
    contact_email   TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution_note TEXT,
    resolved_by     INTEGER REFERENCES users (id),
    resolved_at     TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
-- The officials' queue: open (or resolved) reports, oldest first.
CREATE INDEX reports_status_created ON reports (status, created_at);
CREATE INDEX reports_product ON reports (product_id);
