-- The officials' queues and the dashboard's counts: pending edits and pending claims, oldest
-- first, read without scanning every product or membership.
CREATE INDEX products_pending_edits ON products (submitted_at, id) WHERE pending_changes IS NOT NULL;
CREATE INDEX memberships_status ON memberships (status, created_at);
