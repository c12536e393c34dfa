-- The jury of the consumer vote (issue 17): officials appoint jurors for a year's campaign
-- (any account; being a juror is a role within that campaign), and each juror scores the
-- eligible nominations on each criterion of the rules, from 0 to its maximum, while the
-- nominations are in review or voting is open. The scores lock when voting closes.
CREATE TABLE vote_jurors (
    campaign_id INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The juror's number in the campaign: the published scores name jurors "GK-<number>".
    number      INTEGER NOT NULL CHECK (number > 0),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, user_id),
    UNIQUE (campaign_id, number)
);

CREATE TABLE vote_jury_scores (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES vote_campaigns (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nomination_id INTEGER NOT NULL REFERENCES vote_nominations (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score >= 0),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (user_id, nomination_id, criterion),
    FOREIGN KEY (campaign_id, user_id) REFERENCES vote_jurors (campaign_id, user_id)
);
CREATE INDEX vote_jury_scores_campaign ON vote_jury_scores (campaign_id, nomination_id);
