-- Subscribers with their consent record; times are Unix microseconds, UTC.
CREATE TABLE subscribers (
	email           TEXT PRIMARY KEY,
	name            TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
	created_at      INTEGER NOT NULL,
	confirmed_at    INTEGER,
	unsubscribed_at INTEGER,
	consent         TEXT NOT NULL DEFAULT '',
	consent_at      INTEGER,
	lang            TEXT NOT NULL DEFAULT '',
	source          TEXT NOT NULL DEFAULT '',
	referrer        TEXT NOT NULL DEFAULT '',
	utm_source      TEXT NOT NULL DEFAULT '',
	utm_medium      TEXT NOT NULL DEFAULT '',
	utm_campaign    TEXT NOT NULL DEFAULT '',
	tags            TEXT NOT NULL DEFAULT '',
	note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscribers_created ON subscribers (created_at, email);

-- Every subscribe, confirm, unsubscribe and import, so re-subscribing keeps the history.
CREATE TABLE events (
	id      INTEGER PRIMARY KEY,
	email   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	at      INTEGER NOT NULL,
	consent TEXT NOT NULL DEFAULT '',
	source  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_email ON events (email, id);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
