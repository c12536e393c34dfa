-- What an action applied, as JSON, beside its reason: an approval records the approved
-- content and the version the official reviewed.
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
