-- generation counts the signups of an address that followed an unsubscribe,
-- so a confirmation link works only for the signup it was mailed for.
ALTER TABLE subscribers ADD COLUMN generation bigint NOT NULL DEFAULT 1;
-- The last time the form was sent for the address, whatever the outcome.
ALTER TABLE subscribers ADD COLUMN signup_at timestamptz;
-- Confirmation mails: the last one, the start of the current 24-hour
-- window and the mails in it (newsletter.MailLog).
ALTER TABLE subscribers ADD COLUMN mail_at timestamptz;
ALTER TABLE subscribers ADD COLUMN mail_day_at timestamptz;
ALTER TABLE subscribers ADD COLUMN mail_count integer NOT NULL DEFAULT 0;

-- An import stages its rows with its id and makes them visible at once by
-- setting committed_at; until then readers skip them. alive_at is renewed
-- with every batch: an uncommitted import that stopped renewing it was cut
-- off, and the next import removes its rows.
CREATE TABLE imports (
	id           bigserial PRIMARY KEY,
	started_at   timestamptz NOT NULL,
	alive_at     timestamptz NOT NULL,
	committed_at timestamptz
);
ALTER TABLE subscribers ADD COLUMN import_id bigint;
ALTER TABLE events ADD COLUMN import_id bigint;
CREATE INDEX subscribers_import ON subscribers (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX events_import ON events (import_id) WHERE import_id IS NOT NULL;
