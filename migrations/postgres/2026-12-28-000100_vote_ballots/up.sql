-- Online ballots of the consumer vote (issue 17): see the SQLite migration of the same name.
CREATE TABLE vote_ballots (
    id             SERIAL PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
    status         TEXT NOT NULL DEFAULT 'unconfirmed'
        CHECK (status IN ('unconfirmed', 'counted', 'superseded', 'invalidated')),
    -- HMAC of the normalised address; NULL once erased.
    identity_hash  TEXT,
    -- The nominations picked: their numbers, ascending, space-separated.
    picks          TEXT NOT NULL,
    -- SHA-256 of the confirmation link's token, until it is used.
    token_hash     TEXT UNIQUE,
    -- SHA-256 of the receipt code, from confirmation on.
    receipt_hash   TEXT UNIQUE,
    -- The client's address key (IPv4, or IPv6 /64) and its network (/24, /48), for the rate
    -- limits and the fraud detection; NULL once erased.
    address_key    TEXT,
    subnet         TEXT,
    -- The version of the privacy notice the voter consented to.
    consent_notice TEXT NOT NULL,
    invalid_reason TEXT,
    created_at     TIMESTAMP NOT NULL,
    confirmed_at   TIMESTAMP,
    CHECK ((status = 'invalidated') = (invalid_reason IS NOT NULL)),
    CHECK ((status = 'unconfirmed') = (confirmed_at IS NULL))
);
-- One counted ballot per voter and campaign.
CREATE UNIQUE INDEX vote_ballots_live ON vote_ballots (campaign_id, identity_hash)
    WHERE status = 'counted';
CREATE INDEX vote_ballots_campaign ON vote_ballots (campaign_id, status, id);
CREATE INDEX vote_ballots_identity ON vote_ballots (campaign_id, identity_hash, id);

CREATE TABLE vote_contacts (
    campaign_id   INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    identity_hash TEXT NOT NULL,
    -- ChaCha20-Poly1305 of the address as given, hex (crate::vote::online).
    contact       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, identity_hash)
);

-- Proof-of-work challenges already answered: each is good once.
CREATE TABLE vote_pow_spent (
    nonce      TEXT PRIMARY KEY,
    spent_at   TIMESTAMP NOT NULL
);
CREATE INDEX vote_pow_spent_at ON vote_pow_spent (spent_at);

-- The published files of a campaign (crate::vote::files), written when the provisional
-- results are published and again at certification.
CREATE TABLE vote_files (
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    written_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, name)
);

-- Objections to the provisional results: a firm files one about its nomination (or the
-- count as a whole) while the campaign takes objections; an official upholds or dismisses
-- it with an answer, audited. The results are certified only when none is open.
CREATE TABLE vote_objections (
    id            SERIAL PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    producer_id   INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    nomination_id INTEGER REFERENCES vote_nominations (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'upheld', 'dismissed')),
    answer        TEXT NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    decided_at    TIMESTAMP,
    CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX vote_objections_campaign ON vote_objections (campaign_id, status, id);

-- What the fraud detection flagged (crate::vote::detect), replaced at each run; and the runs
-- (daily while voting is open, and before counting).
CREATE TABLE vote_flags (
    ballot_id   INTEGER NOT NULL REFERENCES vote_ballots (id) ON DELETE CASCADE,
    rule        TEXT NOT NULL CHECK (rule IN ('burst', 'same-picks', 'addresses')),
    PRIMARY KEY (ballot_id, rule)
);
CREATE INDEX vote_flags_rule ON vote_flags (rule, ballot_id);

CREATE TABLE vote_detections (
    id          SERIAL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    ran_at      TIMESTAMP NOT NULL,
    ballots     INTEGER NOT NULL,
    flagged     INTEGER NOT NULL
);
CREATE INDEX vote_detections_campaign ON vote_detections (campaign_id, ran_at);
