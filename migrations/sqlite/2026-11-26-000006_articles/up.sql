-- Articles officials publish for consumers: rights, recognising quality, campaign news.
-- `body_html` is `body_markdown` rendered and sanitised when the article is saved.
-- A published article is public once `publish_at` (UTC) has passed.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    topic         TEXT NOT NULL CHECK (topic IN ('quyen-loi', 'nhan-biet', 'tin-hoat-dong')),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    publish_at    TIMESTAMP,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX articles_public ON articles (status, publish_at);
CREATE INDEX articles_topic ON articles (topic, status, publish_at);
