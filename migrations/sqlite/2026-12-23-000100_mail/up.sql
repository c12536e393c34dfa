-- Email (issue 14). Accounts made by sign-up confirm their address before they can log in;
-- accounts that existed before stay confirmed (the default). Each account keeps the language
-- it signed up in, so mail sent later without a request of theirs (a decision, the digest) is
-- in that language; officials may opt in to one digest a day (`digest_sent_on`: the Vietnam
-- date of the last one, so several instances send it once).
ALTER TABLE users ADD COLUMN email_confirmed BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en'));
ALTER TABLE users ADD COLUMN wants_digest BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN digest_sent_on DATE;

-- Single-use links sent by mail (address confirmation, password reset): only the SHA-256 of
-- the token is kept, as for sessions.
CREATE TABLE email_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- The transactional outbox of mail: requests insert rows in the transaction of the change
-- that causes them; the mail worker sends due rows and records each attempt.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    last_error      TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
