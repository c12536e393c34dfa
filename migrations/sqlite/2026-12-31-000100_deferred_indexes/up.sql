-- Read-only indexes a bulk load (`seed-demo`) dropped to build them once at its end; a run
-- interrupted before that leaves them here, and the next start builds them (db::deferred).
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY NOT NULL,
    definition TEXT NOT NULL
);
