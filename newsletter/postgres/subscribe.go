package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kopij/kopij/newsletter"
)

const insertSubscriber = `INSERT INTO subscribers
	(email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at, lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
	ON CONFLICT (email) DO NOTHING`

// Subscribe applies signups in one transaction. Rows are locked in address
// order, so two servers committing overlapping batches cannot deadlock;
// a lost serialization race is retried.
func (s *Store) Subscribe(ctx context.Context, signups []newsletter.Signup) ([]newsletter.Outcome, error) {
	order := make([]int, len(signups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(signups[a].Email, signups[b].Email) })
	var out []newsletter.Outcome
	var err error
	for range 5 {
		out, err = s.subscribeTx(ctx, signups, order)
		if !retryable(err) {
			break
		}
	}
	return out, err
}

// subscribeTx sends all inserts in one round trip (a pgx batch), then
// handles the addresses that already existed one by one, then records the
// events in a second round trip.
func (s *Store) subscribeTx(ctx context.Context, signups []newsletter.Signup, order []int) ([]newsletter.Outcome, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	defer tx.Rollback(ctx)
	b := &pgx.Batch{}
	for _, i := range order {
		su := signups[i]
		status, confirmedAt := target(su)
		b.Queue(insertSubscriber, su.Email, su.Name, string(status), su.At, nullTime(confirmedAt), nil,
			su.Consent, su.At, su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, tags(su.Tags), su.Note)
	}
	out := make([]newsletter.Outcome, len(signups))
	br := tx.SendBatch(ctx, b)
	for _, i := range order {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return nil, fmt.Errorf("subscribe %s: %w", signups[i].Email, err)
		}
		if tag.RowsAffected() == 1 {
			out[i] = newsletter.OutcomeNew
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	events := &pgx.Batch{}
	for _, i := range order {
		su := signups[i]
		if out[i] == 0 {
			if out[i], err = subscribeExisting(ctx, tx, su); err != nil {
				return nil, fmt.Errorf("subscribe %s: %w", su.Email, err)
			}
		}
		if out[i] != newsletter.OutcomeConfirmed {
			events.Queue(`INSERT INTO events (email, kind, at, consent, source) VALUES ($1, 'subscribe', $2, $3, $4)`,
				su.Email, su.At, su.Consent, su.Source)
		}
	}
	if events.Len() > 0 {
		if err := tx.SendBatch(ctx, events).Close(); err != nil {
			return nil, fmt.Errorf("subscribe: events: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("subscribe: commit: %w", err)
	}
	return out, nil
}

// target is the status and confirmation time a signup leads to.
func target(su newsletter.Signup) (newsletter.Status, time.Time) {
	if su.DoubleOptIn {
		return newsletter.StatusPending, time.Time{}
	}
	return newsletter.StatusConfirmed, su.At
}

// subscribeExisting applies a signup to an address already stored.
func subscribeExisting(ctx context.Context, tx pgx.Tx, su newsletter.Signup) (newsletter.Outcome, error) {
	status, confirmedAt := target(su)
	var old string
	if err := tx.QueryRow(ctx, `SELECT status FROM subscribers WHERE email = $1 FOR UPDATE`, su.Email).Scan(&old); err != nil {
		return 0, err
	}
	outcome := newsletter.OutcomePending
	switch newsletter.Status(old) {
	case newsletter.StatusConfirmed:
		return newsletter.OutcomeConfirmed, nil
	case newsletter.StatusUnsubscribed:
		outcome = newsletter.OutcomeResubscribed
	}
	_, err := tx.Exec(ctx, `UPDATE subscribers SET
		name = CASE WHEN $1 <> '' THEN $1 ELSE name END,
		status = $2, confirmed_at = COALESCE($3, confirmed_at),
		consent = $4, consent_at = $5, lang = $6, source = $7, referrer = $8,
		utm_source = $9, utm_medium = $10, utm_campaign = $11
		WHERE email = $12`,
		su.Name, string(status), nullTime(confirmedAt), su.Consent, su.At, su.Lang, su.Source, su.Referrer,
		su.UTMSource, su.UTMMedium, su.UTMCampaign, su.Email)
	return outcome, err
}

// Confirm marks a pending address confirmed.
func (s *Store) Confirm(ctx context.Context, email string, at time.Time) error {
	return s.transition(ctx, "confirm", email, at, func(old newsletter.Status) (string, error) {
		switch old {
		case newsletter.StatusConfirmed:
			return "", nil
		case newsletter.StatusUnsubscribed:
			return "", newsletter.ErrNotPending
		}
		return `UPDATE subscribers SET status = 'confirmed', confirmed_at = $1 WHERE email = $2`, nil
	})
}

// Unsubscribe marks an address unsubscribed.
func (s *Store) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	return s.transition(ctx, "unsubscribe", email, at, func(old newsletter.Status) (string, error) {
		if old == newsletter.StatusUnsubscribed {
			return "", nil
		}
		return `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = $1 WHERE email = $2`, nil
	})
}

func (s *Store) transition(ctx context.Context, kind, email string, at time.Time, next func(newsletter.Status) (string, error)) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	defer tx.Rollback(ctx)
	var old string
	err = tx.QueryRow(ctx, `SELECT status FROM subscribers WHERE email = $1 FOR UPDATE`, email).Scan(&old)
	if isNoRows(err) {
		return fmt.Errorf("%s %s: %w", kind, email, newsletter.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	stmt, err := next(newsletter.Status(old))
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if stmt == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, stmt, at, email); err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events (email, kind, at) VALUES ($1, $2, $3)`, email, kind, at); err != nil {
		return fmt.Errorf("%s %s: event: %w", kind, email, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("%s %s: commit: %w", kind, email, err)
	}
	return nil
}

// nullTime turns the zero time into NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// tags makes a nil slice an empty array: the column is NOT NULL.
func tags(t []string) []string {
	if t == nil {
		return []string{}
	}
	return t
}
