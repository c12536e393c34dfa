-- Fairs, product weeks ("Tuần hàng Việt") and the city's promotion month (issue 13): events
-- officials publish, with their place and dates, and the producers (optionally one product of
-- theirs per row) taking part. A producer asks to be listed (`requested`); an official lists
-- it (`listed`) or declines the request (`declined`). An event is upcoming until the end
-- of its `ends_on` day, Vietnam time: no job changes it, pages compare dates.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL
        CHECK (kind IN ('product-week', 'fair', 'promotion-month', 'other')),
    venue          TEXT NOT NULL,
    address        TEXT NOT NULL,
    province_id    INTEGER NOT NULL REFERENCES provinces (id),
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    organiser      TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    published      BOOLEAN NOT NULL DEFAULT FALSE,
    published_at   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
-- Upcoming and past events (/hoi-cho), and the newest published ones (the feed).
CREATE INDEX events_by_end ON events (published, ends_on);
CREATE INDEX events_by_publication ON events (published, published_at);

CREATE TABLE event_participants (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    producer_id INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    -- NULL: the producer as a whole, its whole range.
    product_id  INTEGER REFERENCES products (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('requested', 'listed', 'declined')),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
-- One row per event, producer and product (or none).
CREATE UNIQUE INDEX event_participants_one ON event_participants
    (event_id, producer_id, COALESCE(product_id, 0));
CREATE INDEX event_participants_event ON event_participants (event_id, status);
CREATE INDEX event_participants_product ON event_participants (product_id, status);
CREATE INDEX event_participants_producer ON event_participants (producer_id, status);
