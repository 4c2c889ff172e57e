-- Subscribers with their consent record.
CREATE TABLE subscribers (
	email           text PRIMARY KEY,
	name            text NOT NULL DEFAULT '',
	status          text NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
	created_at      timestamptz NOT NULL,
	confirmed_at    timestamptz,
	unsubscribed_at timestamptz,
	consent         text NOT NULL DEFAULT '',
	consent_at      timestamptz,
	lang            text NOT NULL DEFAULT '',
	source          text NOT NULL DEFAULT '',
	referrer        text NOT NULL DEFAULT '',
	utm_source      text NOT NULL DEFAULT '',
	utm_medium      text NOT NULL DEFAULT '',
	utm_campaign    text NOT NULL DEFAULT '',
	tags            text[] NOT NULL DEFAULT '{}',
	note            text NOT NULL DEFAULT ''
);
CREATE INDEX subscribers_created ON subscribers (created_at, email);

-- Every subscribe, confirm, unsubscribe and import, so re-subscribing keeps the history.
CREATE TABLE events (
	id      bigserial PRIMARY KEY,
	email   text NOT NULL,
	kind    text NOT NULL,
	at      timestamptz NOT NULL,
	consent text NOT NULL DEFAULT '',
	source  text NOT NULL DEFAULT ''
);
CREATE INDEX events_email ON events (email, id);

CREATE TABLE settings (
	key   text PRIMARY KEY,
	value bytea NOT NULL
);
