-- Accounts, server-side sessions, producer memberships, rate-limit events, and pending
-- edits of published products (they wait for review while the published version stays up).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'citizen'
                  CHECK (role IN ('citizen', 'business', 'official', 'admin')),
    suspended_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- A user's standing with a producer: 'active' owners may edit; 'pending' claims wait for an
-- official.
CREATE TABLE memberships (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    producer_id INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('active', 'pending', 'rejected')),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (user_id, producer_id)
);
CREATE INDEX memberships_producer ON memberships (producer_id, status);

CREATE TABLE rate_limit_events (
    id     INTEGER PRIMARY KEY,
    bucket TEXT NOT NULL,
    at     TIMESTAMP NOT NULL
);
CREATE INDEX rate_limit_events_bucket ON rate_limit_events (bucket, at);
CREATE INDEX rate_limit_events_at ON rate_limit_events (at);

ALTER TABLE products ADD COLUMN pending_changes TEXT;
ALTER TABLE products ADD COLUMN submitted_at TIMESTAMP;
