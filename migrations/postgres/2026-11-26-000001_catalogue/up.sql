-- The catalogue: reference data (provinces, categories), producers, products, their awards,
-- photos and points of sale, and the featured collections shown on the home page.
-- Kept identical for SQLite and PostgreSQL except for the id column type.

CREATE TABLE provinces (
    id          SERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL
);

-- Names in force before 1 July 2025 ("Kiên Giang" is now part of "An Giang").
CREATE TABLE province_aliases (
    id          SERIAL PRIMARY KEY,
    province_id INTEGER NOT NULL REFERENCES provinces (id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL
);
CREATE INDEX province_aliases_province ON province_aliases (province_id);

CREATE TABLE categories (
    id          SERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE producers (
    id                SERIAL PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    name_folded       TEXT NOT NULL,
    legal_name        TEXT NOT NULL DEFAULT '',
    tax_code          TEXT UNIQUE,
    address           TEXT NOT NULL DEFAULT '',
    province_id       INTEGER NOT NULL REFERENCES provinces (id),
    province_alias_id INTEGER REFERENCES province_aliases (id),
    website           TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    logo_hash         TEXT,
    verified          BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_by        INTEGER,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX producers_name_folded ON producers (name_folded);
CREATE INDEX producers_province ON producers (province_id);
CREATE INDEX producers_province_alias ON producers (province_alias_id);

CREATE TABLE products (
    id               SERIAL PRIMARY KEY,
    producer_id      INTEGER NOT NULL REFERENCES producers (id),
    category_id      INTEGER NOT NULL REFERENCES categories (id),
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    brand            TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    gtin             TEXT,
    status           TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'submitted', 'published', 'rejected', 'hidden')),
    rejection_reason TEXT,
    published_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX products_status_name ON products (status, name_folded);
CREATE INDEX products_status_published ON products (status, published_at);
CREATE INDEX products_category ON products (category_id, status, name_folded);
CREATE INDEX products_producer ON products (producer_id, status);

-- An award belongs to a product, or to a producer for firm-level titles.
CREATE TABLE awards (
    id             SERIAL PRIMARY KEY,
    product_id     INTEGER REFERENCES products (id) ON DELETE CASCADE,
    producer_id    INTEGER REFERENCES producers (id) ON DELETE CASCADE,
    programme      TEXT NOT NULL CHECK (programme IN ('hvn-yeu-thich', 'ocop', 'hvnclc', 'thqg')),
    year           INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    tier           TEXT,
    certificate_no TEXT,
    valid_until    DATE,
    source_url     TEXT,
    CHECK ((product_id IS NULL) <> (producer_id IS NULL)),
    UNIQUE (product_id, programme, year),
    UNIQUE (producer_id, programme, year)
);
CREATE INDEX awards_product ON awards (product_id);
CREATE INDEX awards_producer ON awards (producer_id);
CREATE INDEX awards_programme_year ON awards (programme, year, tier);
CREATE INDEX awards_year ON awards (year);

CREATE TABLE points_of_sale (
    id            SERIAL PRIMARY KEY,
    producer_id   INTEGER NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    product_id    INTEGER REFERENCES products (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    ward          TEXT NOT NULL DEFAULT '',
    province_id   INTEGER NOT NULL REFERENCES provinces (id),
    phone         TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT ''
);
CREATE INDEX points_of_sale_producer ON points_of_sale (producer_id);
CREATE INDEX points_of_sale_product ON points_of_sale (product_id);

CREATE TABLE product_images (
    id           SERIAL PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    alt          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX product_images_product ON product_images (product_id, sort_order);

CREATE TABLE featured_collections (
    id          SERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0,
    starts_at   TIMESTAMP,
    ends_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE featured_collection_items (
    id            SERIAL PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES featured_collections (id) ON DELETE CASCADE,
    product_id    INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (collection_id, product_id)
);
CREATE INDEX featured_collection_items_order ON featured_collection_items (collection_id, position);
