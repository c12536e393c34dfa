ALTER TABLE products DROP COLUMN submitted_at;
ALTER TABLE products DROP COLUMN pending_changes;
DROP TABLE rate_limit_events;
DROP TABLE memberships;
DROP TABLE sessions;
DROP TABLE users;
