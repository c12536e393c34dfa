-- Every official action, written in the same transaction as the change it records.
CREATE TABLE audit_log (
    id         SERIAL PRIMARY KEY,
    actor_id   INTEGER REFERENCES users (id),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX audit_log_actor ON audit_log (actor, created_at);
CREATE INDEX audit_log_action ON audit_log (action, created_at);
