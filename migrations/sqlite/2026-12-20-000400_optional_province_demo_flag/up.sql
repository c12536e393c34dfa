-- A producer's province may be unknown (national award lists give none): province_id becomes
-- nullable. Generated (fictional) producers and products carry is_demo, so every page can say
-- so. SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt as SQLite's
-- documentation describes (foreign keys off, copy, swap, check, foreign keys on).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE producers_new (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    name_folded       TEXT NOT NULL,
    legal_name        TEXT NOT NULL DEFAULT '',
    tax_code          TEXT UNIQUE,
    address           TEXT NOT NULL DEFAULT '',
    province_id       INTEGER REFERENCES provinces (id),
    province_alias_id INTEGER REFERENCES province_aliases (id),
    website           TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    logo_hash         TEXT,
    verified          BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_by        INTEGER,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    is_demo           BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO producers_new (id, slug, name, name_folded, legal_name, tax_code, address,
    province_id, province_alias_id, website, phone, email, description, logo_hash, verified,
    claimed_by, created_at, updated_at)
SELECT id, slug, name, name_folded, legal_name, tax_code, address, province_id,
    province_alias_id, website, phone, email, description, logo_hash, verified, claimed_by,
    created_at, updated_at
FROM producers;
DROP TABLE producers;
ALTER TABLE producers_new RENAME TO producers;
CREATE INDEX producers_name_folded ON producers (name_folded);
CREATE INDEX producers_province ON producers (province_id);
CREATE INDEX producers_province_alias ON producers (province_alias_id);
ALTER TABLE products ADD COLUMN is_demo BOOLEAN NOT NULL DEFAULT FALSE;
COMMIT;
PRAGMA foreign_keys = ON;
