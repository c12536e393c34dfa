DROP TABLE mail_outbox;
DROP TABLE email_tokens;
ALTER TABLE users DROP COLUMN digest_sent_on;
ALTER TABLE users DROP COLUMN wants_digest;
ALTER TABLE users DROP COLUMN locale;
ALTER TABLE users DROP COLUMN email_confirmed;
