-- Sending: the posts the newsletter knows, the mailings made of them and one
-- outbox row per message. Times are Unix microseconds, UTC.
CREATE TABLE mailings (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE,
	subject    TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	lang       TEXT NOT NULL DEFAULT '',
	html_body  TEXT NOT NULL,
	text_body  TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	done_at    INTEGER,
	resent     INTEGER NOT NULL DEFAULT 0
);

-- A post with no mailing was recorded as sent without mailing it.
CREATE TABLE sent_posts (
	id           TEXT PRIMARY KEY,
	url          TEXT NOT NULL,
	title        TEXT NOT NULL,
	published_at INTEGER,
	mailing_id   INTEGER REFERENCES mailings (id),
	recorded_at  INTEGER NOT NULL
);

CREATE TABLE outbox (
	mailing_id INTEGER NOT NULL REFERENCES mailings (id),
	email      TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'bounced', 'failed', 'skipped')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    INTEGER NOT NULL,
	claimed_by TEXT NOT NULL DEFAULT '',
	sent_at    INTEGER,
	reply      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (mailing_id, email)
) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox (mailing_id, next_at, email) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox (mailing_id, claimed_by) WHERE state = 'sending';
CREATE INDEX outbox_sent_to ON outbox (email, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- A hard bounce suppresses the address until it is confirmed again.
ALTER TABLE subscribers ADD COLUMN bounced_at INTEGER;
ALTER TABLE subscribers ADD COLUMN bounce TEXT NOT NULL DEFAULT '';
