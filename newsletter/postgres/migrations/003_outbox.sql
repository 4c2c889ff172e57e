-- Sending: the posts the newsletter knows, the mailings made of them and one
-- outbox row per message, which several senders share with FOR UPDATE SKIP LOCKED.
CREATE TABLE mailings (
	id         bigserial PRIMARY KEY,
	key        text NOT NULL UNIQUE,
	subject    text NOT NULL,
	url        text NOT NULL DEFAULT '',
	lang       text NOT NULL DEFAULT '',
	html_body  text NOT NULL,
	text_body  text NOT NULL,
	created_at timestamptz NOT NULL,
	done_at    timestamptz,
	resent     integer NOT NULL DEFAULT 0
);

-- A post with no mailing was recorded as sent without mailing it.
CREATE TABLE sent_posts (
	id           text PRIMARY KEY,
	url          text NOT NULL,
	title        text NOT NULL,
	published_at timestamptz,
	mailing_id   bigint REFERENCES mailings (id),
	recorded_at  timestamptz NOT NULL
);

CREATE TABLE outbox (
	mailing_id bigint NOT NULL REFERENCES mailings (id),
	email      text NOT NULL,
	state      text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'bounced', 'failed', 'skipped')),
	attempts   integer NOT NULL DEFAULT 0,
	next_at    timestamptz NOT NULL,
	claimed_by text NOT NULL DEFAULT '',
	sent_at    timestamptz,
	reply      text NOT NULL DEFAULT '',
	PRIMARY KEY (mailing_id, email)
);
CREATE INDEX outbox_due ON outbox (mailing_id, next_at, email) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox (mailing_id, claimed_by) WHERE state = 'sending';
CREATE INDEX outbox_sent_to ON outbox (email, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- A hard bounce suppresses the address until it is confirmed again.
ALTER TABLE subscribers ADD COLUMN bounced_at timestamptz, ADD COLUMN bounce text NOT NULL DEFAULT '';
