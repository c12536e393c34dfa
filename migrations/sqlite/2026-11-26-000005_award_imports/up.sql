-- An award list uploaded from the web, kept between its preview and the official's
-- confirmation (and afterwards, as the record of what was imported).
CREATE TABLE award_imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    content     TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    preview     TEXT NOT NULL,
    line_count  INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    applied_at  TIMESTAMP
);
CREATE INDEX award_imports_created ON award_imports (created_at);
