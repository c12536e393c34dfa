-- Products whose search document must be refreshed: written in the same transaction as the
-- change (product, its producer, its awards), drained by the search worker.
CREATE TABLE search_outbox (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL,
    enqueued_at TIMESTAMP NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX search_outbox_product ON search_outbox (product_id);
