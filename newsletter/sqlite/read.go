package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kopij/kopij/newsletter"
)

const subscriberColumns = `email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at,
	lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note, bounced_at, bounce, ` + sentColumn

func scanSubscriber(row interface{ Scan(...any) error }) (newsletter.Subscriber, error) {
	var sub newsletter.Subscriber
	var created int64
	var confirmed, unsubscribed, consentAt sql.NullInt64
	var tags string
	var bounced sql.NullInt64
	var sent []byte
	err := row.Scan(&sub.Email, &sub.Name, &sub.Status, &created, &confirmed, &unsubscribed, &sub.Consent, &consentAt,
		&sub.Lang, &sub.Source, &sub.Referrer, &sub.UTMSource, &sub.UTMMedium, &sub.UTMCampaign, &tags, &sub.Note,
		&bounced, &sub.Bounce, &sent)
	sub.CreatedAt = time.UnixMicro(created).UTC()
	sub.ConfirmedAt = fromMicros(confirmed)
	sub.UnsubscribedAt = fromMicros(unsubscribed)
	sub.ConsentAt = fromMicros(consentAt)
	sub.Tags = splitTags(tags)
	sub.BouncedAt = fromMicros(bounced)
	if err == nil {
		sub.Sent, err = decodeSent(sent)
	}
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

// sentColumn lists the mails a subscriber was sent, as JSON, in the
// subscriber query itself: an export streams without a query per row.
const sentColumn = `(SELECT json_group_array(json_object('at', o.sent_at, 'subject', m.subject, 'url', m.url))
	FROM outbox o JOIN mailings m ON m.id = o.mailing_id WHERE o.email = subscribers.email AND o.sent_at IS NOT NULL)`

func decodeSent(data []byte) ([]newsletter.SentMail, error) {
	var rows []struct {
		At      int64  `json:"at"`
		Subject string `json:"subject"`
		URL     string `json:"url"`
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("sent mails: %w", err)
	}
	var out []newsletter.SentMail
	for _, r := range rows {
		out = append(out, newsletter.SentMail{At: time.UnixMicro(r.At).UTC(), Subject: r.Subject, URL: r.URL})
	}
	slices.SortFunc(out, func(a, b newsletter.SentMail) int { return a.At.Compare(b.At) })
	return out, nil
}
