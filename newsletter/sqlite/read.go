package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kopij/kopij/newsletter"
)

const subscriberColumns = `email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at,
	lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note`

func scanSubscriber(row interface{ Scan(...any) error }) (newsletter.Subscriber, error) {
	var sub newsletter.Subscriber
	var created int64
	var confirmed, unsubscribed, consentAt sql.NullInt64
	var tags string
	err := row.Scan(&sub.Email, &sub.Name, &sub.Status, &created, &confirmed, &unsubscribed, &sub.Consent, &consentAt,
		&sub.Lang, &sub.Source, &sub.Referrer, &sub.UTMSource, &sub.UTMMedium, &sub.UTMCampaign, &tags, &sub.Note)
	sub.CreatedAt = time.UnixMicro(created).UTC()
	sub.ConfirmedAt = fromMicros(confirmed)
	sub.UnsubscribedAt = fromMicros(unsubscribed)
	sub.ConsentAt = fromMicros(consentAt)
	sub.Tags = splitTags(tags)
	return sub, err
}

// Get returns the subscriber with address email.
func (s *Store) Get(ctx context.Context, email string) (newsletter.Subscriber, error) {
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE email = ? AND `+visible, email))
	if isNoRows(err) {
		return sub, fmt.Errorf("get %s: %w", email, newsletter.ErrNotFound)
	}
	if err != nil {
		return sub, fmt.Errorf("get %s: %w", email, err)
	}
	return sub, nil
}

// History returns the events of email, oldest first.
func (s *Store) History(ctx context.Context, email string) ([]newsletter.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, at, consent, source FROM events WHERE email = ? AND `+visible+` ORDER BY id`, email)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", email, err)
	}
	defer rows.Close()
	var evs []newsletter.Event
	for rows.Next() {
		var e newsletter.Event
		var at int64
		if err := rows.Scan(&e.Kind, &at, &e.Consent, &e.Source); err != nil {
			return nil, fmt.Errorf("history %s: %w", email, err)
		}
		e.At = time.UnixMicro(at).UTC()
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// Each streams the subscribers matching f to fn.
func (s *Store) Each(ctx context.Context, f newsletter.Filter, fn func(newsletter.Subscriber) error) error {
	since := int64(-1 << 62)
	if !f.Since.IsZero() {
		since = f.Since.UnixMicro()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers
		WHERE (? = '' OR status = ?) AND created_at >= ? AND `+visible+` ORDER BY created_at, email`, f.Status, f.Status, since)
	if err != nil {
		return fmt.Errorf("list subscribers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return fmt.Errorf("list subscribers: %w", err)
		}
		if err := fn(sub); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list subscribers: %w", err)
	}
	return nil
}
