package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kopij/kopij/newsletter"
)

const subscriberColumns = `email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at,
	lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note, bounced_at, bounce, ` + sentColumn

func scanSubscriber(row pgx.Row) (newsletter.Subscriber, error) {
	var sub newsletter.Subscriber
	var status string
	var confirmed, unsubscribed, consentAt, bounced *time.Time
	var sent []sentRow
	err := row.Scan(&sub.Email, &sub.Name, &status, &sub.CreatedAt, &confirmed, &unsubscribed, &sub.Consent, &consentAt,
		&sub.Lang, &sub.Source, &sub.Referrer, &sub.UTMSource, &sub.UTMMedium, &sub.UTMCampaign, &sub.Tags, &sub.Note,
		&bounced, &sub.Bounce, &sent)
	sub.Status = newsletter.Status(status)
	sub.CreatedAt = sub.CreatedAt.UTC()
	sub.ConfirmedAt = utc(confirmed)
	sub.UnsubscribedAt = utc(unsubscribed)
	sub.ConsentAt = utc(consentAt)
	sub.BouncedAt = utc(bounced)
	for _, r := range sent {
		sub.Sent = append(sub.Sent, newsletter.SentMail{At: r.At.UTC(), Subject: r.Subject, URL: r.URL})
	}
	if len(sub.Tags) == 0 {
		sub.Tags = nil
	}
	return sub, err
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Get returns the subscriber with address email.
func (s *Store) Get(ctx context.Context, email string) (newsletter.Subscriber, error) {
	sub, err := scanSubscriber(s.pool.QueryRow(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE email = $1 AND `+visible, email))
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
	rows, err := s.pool.Query(ctx, `SELECT kind, at, consent, source FROM events WHERE email = $1 AND `+visible+` ORDER BY id`, email)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", email, err)
	}
	defer rows.Close()
	var evs []newsletter.Event
	for rows.Next() {
		var e newsletter.Event
		if err := rows.Scan(&e.Kind, &e.At, &e.Consent, &e.Source); err != nil {
			return nil, fmt.Errorf("history %s: %w", email, err)
		}
		e.At = e.At.UTC()
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// Each streams the subscribers matching f to fn; rows arrive from the
// server as they are read, so memory stays constant.
func (s *Store) Each(ctx context.Context, f newsletter.Filter, fn func(newsletter.Subscriber) error) error {
	var since *time.Time
	if !f.Since.IsZero() {
		since = &f.Since
	}
	rows, err := s.pool.Query(ctx, `SELECT `+subscriberColumns+` FROM subscribers
		WHERE ($1 = '' OR status = $1) AND ($2::timestamptz IS NULL OR created_at >= $2) AND `+visible+` ORDER BY created_at, email`, string(f.Status), since)
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

// sentColumn lists the mails a subscriber was sent, as JSON, in the
// subscriber query itself: an export streams without a query per row.
const sentColumn = `(SELECT COALESCE(json_agg(json_build_object('at', o.sent_at, 'subject', m.subject, 'url', m.url) ORDER BY o.sent_at), '[]')
	FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE o.email = subscribers.email AND o.sent_at IS NOT NULL)`

type sentRow struct {
	At      time.Time `json:"at"`
	Subject string    `json:"subject"`
	URL     string    `json:"url"`
}
