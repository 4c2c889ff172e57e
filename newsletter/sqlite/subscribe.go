package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
)

const insertSubscriber = `INSERT INTO subscribers
	(email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at, lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (email) DO NOTHING`

// Subscribe applies signups in one transaction: one disk sync for the lot.
func (s *Store) Subscribe(ctx context.Context, signups []newsletter.Signup) ([]newsletter.Outcome, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, insertSubscriber)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	ev, err := tx.PrepareContext(ctx, `INSERT INTO events (email, kind, at, consent, source) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	out := make([]newsletter.Outcome, len(signups))
	for i, su := range signups {
		o, err := subscribeOne(ctx, tx, ins, su)
		if err != nil {
			return nil, fmt.Errorf("subscribe %s: %w", su.Email, err)
		}
		out[i] = o
		if o != newsletter.OutcomeConfirmed {
			if _, err := ev.ExecContext(ctx, su.Email, "subscribe", su.At.UnixMicro(), su.Consent, su.Source); err != nil {
				return nil, fmt.Errorf("subscribe %s: event: %w", su.Email, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("subscribe: commit: %w", err)
	}
	return out, nil
}

func subscribeOne(ctx context.Context, tx *sql.Tx, ins *sql.Stmt, su newsletter.Signup) (newsletter.Outcome, error) {
	status, confirmedAt := newsletter.StatusConfirmed, su.At
	if su.DoubleOptIn {
		status, confirmedAt = newsletter.StatusPending, time.Time{}
	}
	res, err := ins.ExecContext(ctx, su.Email, su.Name, status, su.At.UnixMicro(), micros(confirmedAt), nil,
		su.Consent, su.At.UnixMicro(), su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign,
		joinTags(su.Tags), su.Note)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return newsletter.OutcomeNew, nil
	}
	var old newsletter.Status
	if err := tx.QueryRowContext(ctx, `SELECT status FROM subscribers WHERE email = ?`, su.Email).Scan(&old); err != nil {
		return 0, err
	}
	outcome := newsletter.OutcomePending
	switch old {
	case newsletter.StatusConfirmed:
		return newsletter.OutcomeConfirmed, nil
	case newsletter.StatusUnsubscribed:
		outcome = newsletter.OutcomeResubscribed
	}
	_, err = tx.ExecContext(ctx, `UPDATE subscribers SET
		name = CASE WHEN ? <> '' THEN ? ELSE name END,
		status = ?, confirmed_at = COALESCE(?, confirmed_at),
		consent = ?, consent_at = ?, lang = ?, source = ?, referrer = ?,
		utm_source = ?, utm_medium = ?, utm_campaign = ?
		WHERE email = ?`,
		su.Name, su.Name, status, micros(confirmedAt), su.Consent, su.At.UnixMicro(), su.Lang, su.Source, su.Referrer,
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
		return `UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE email = ?`, nil
	})
}

// Unsubscribe marks an address unsubscribed.
func (s *Store) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	return s.transition(ctx, "unsubscribe", email, at, func(old newsletter.Status) (string, error) {
		if old == newsletter.StatusUnsubscribed {
			return "", nil
		}
		return `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ? WHERE email = ?`, nil
	})
}

// transition reads the status of email and runs the update next picks for
// it (none when it returns ""), recording an event of kind.
func (s *Store) transition(ctx context.Context, kind, email string, at time.Time, next func(newsletter.Status) (string, error)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	defer tx.Rollback()
	var old newsletter.Status
	err = tx.QueryRowContext(ctx, `SELECT status FROM subscribers WHERE email = ?`, email).Scan(&old)
	if isNoRows(err) {
		return fmt.Errorf("%s %s: %w", kind, email, newsletter.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	stmt, err := next(old)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if stmt == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, stmt, at.UnixMicro(), email); err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (email, kind, at) VALUES (?, ?, ?)`, email, kind, at.UnixMicro()); err != nil {
		return fmt.Errorf("%s %s: event: %w", kind, email, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s %s: commit: %w", kind, email, err)
	}
	return nil
}

// joinTags stores tags one per line: tags never hold line breaks.
func joinTags(tags []string) string { return strings.Join(tags, "\n") }

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
