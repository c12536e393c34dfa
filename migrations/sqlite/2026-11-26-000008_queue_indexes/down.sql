DROP INDEX memberships_status;
DROP INDEX products_pending_edits;
