package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// Exchange records results and claims up to n due messages of mailing.
// The write transaction (BEGIN IMMEDIATE) keeps claimers from overlapping.
func (s *Store) Exchange(ctx context.Context, sender string, results []newsletter.Answer, mailing int64, n int, now time.Time) ([]newsletter.Delivery, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("exchange: %w", err)
	}
	defer tx.Rollback()
	if err := complete(ctx, tx, sender, results); err != nil {
		return nil, err
	}
	var ds []newsletter.Delivery
	if n > 0 {
		if ds, err = claim(ctx, tx, sender, mailing, n, now); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("exchange: commit: %w", err)
	}
	return ds, nil
}

func claim(ctx context.Context, tx *sql.Tx, sender string, mailing int64, n int, now time.Time) ([]newsletter.Delivery, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.email, o.attempts, COALESCE(s.name, ''), COALESCE(s.status, 'deleted'),
		s.email IS NOT NULL AND `+mailable+`
		FROM outbox o LEFT JOIN subscribers s ON s.email = o.email
		WHERE o.mailing_id = ? AND o.state = 'queued' AND o.next_at <= ?
		ORDER BY o.next_at, o.email LIMIT ?`, mailing, now.UnixMicro(), n)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	type row struct {
		d      newsletter.Delivery
		status string
		ok     bool
	}
	var found []row
	for rows.Next() {
		r := row{d: newsletter.Delivery{Mailing: mailing}}
		if err := rows.Scan(&r.d.Email, &r.d.Attempts, &r.d.Name, &r.status, &r.ok); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim: %w", err)
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE outbox SET state = ?, claimed_by = ?, reply = ? WHERE mailing_id = ? AND email = ?`)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	var out []newsletter.Delivery
	for _, r := range found {
		state, reply := newsletter.StateSending, ""
		if !r.ok {
			state, reply = newsletter.StateSkipped, newsletter.SkipReason(r.status)
		}
		if _, err := upd.ExecContext(ctx, state, sender, reply, mailing, r.d.Email); err != nil {
			return nil, fmt.Errorf("claim %s: %w", r.d.Email, err)
		}
		if r.ok {
			out = append(out, r.d)
		}
	}
	return out, nil
}

// complete records the results of messages sender claimed.
func complete(ctx context.Context, tx *sql.Tx, sender string, results []newsletter.Answer) error {
	if len(results) == 0 {
		return nil
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE outbox SET state = ?, attempts = attempts + ?, next_at = ?, sent_at = ?, reply = ?,
		claimed_by = CASE WHEN ? = 'queued' THEN '' ELSE claimed_by END
		WHERE mailing_id = ? AND email = ? AND state = 'sending' AND claimed_by = ?`)
	if err != nil {
		return fmt.Errorf("complete: %w", err)
	}
	for _, r := range results {
		tried, sentAt := 1, any(nil)
		if r.Untried {
			tried = 0
		}
		if r.State == newsletter.StateSent {
			sentAt = r.At.UnixMicro()
		}
		res, err := upd.ExecContext(ctx, r.State, tried, r.NextAt.UnixMicro(), sentAt, r.Reply, r.State, r.Mailing, r.Email, sender)
		if err != nil {
			return fmt.Errorf("complete %s: %w", r.Email, err)
		}
		if k, _ := res.RowsAffected(); k == 0 || r.State != newsletter.StateBounced {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET bounced_at = ?, bounce = ? WHERE email = ?`, r.At.UnixMicro(), r.Reply, r.Email); err != nil {
			return fmt.Errorf("complete %s: bounce: %w", r.Email, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (email, kind, at) VALUES (?, 'bounce', ?)`, r.Email, r.At.UnixMicro()); err != nil {
			return fmt.Errorf("complete %s: bounce event: %w", r.Email, err)
		}
	}
	return nil
}

// Progress counts the messages of mailing per state.
func (s *Store) Progress(ctx context.Context, mailing int64) (newsletter.Progress, error) {
	var p newsletter.Progress
	if err := s.db.QueryRowContext(ctx, `SELECT resent FROM mailings WHERE id = ?`, mailing).Scan(&p.Resent); err != nil {
		return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*) FROM outbox WHERE mailing_id = ? GROUP BY state`, mailing)
	if err != nil {
		return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
	}
	defer rows.Close()
	for rows.Next() {
		var st newsletter.State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
		}
		p.Add(st, n)
	}
	return p, rows.Err()
}

// NextDue returns when the earliest queued message is due.
func (s *Store) NextDue(ctx context.Context, mailing int64) (time.Time, error) {
	var next sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(next_at) FROM outbox WHERE mailing_id = ? AND state = 'queued'`, mailing).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next due of mailing %d: %w", mailing, err)
	}
	return fromMicros(next), nil
}

// FinishMailing marks mailing done once nothing is queued or in flight.
func (s *Store) FinishMailing(ctx context.Context, mailing int64, at time.Time) (bool, error) {
	if _, err := s.db.ExecContext(ctx, `UPDATE mailings SET done_at = ? WHERE id = ? AND done_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM outbox WHERE mailing_id = ? AND state IN ('queued', 'sending'))`, at.UnixMicro(), mailing, mailing); err != nil {
		return false, fmt.Errorf("finish mailing %d: %w", mailing, err)
	}
	var done sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT done_at FROM mailings WHERE id = ?`, mailing).Scan(&done); err != nil {
		return false, fmt.Errorf("finish mailing %d: %w", mailing, err)
	}
	return done.Valid, nil
}

// SentPerMinute counts sent messages per minute since since.
func (s *Store) SentPerMinute(ctx context.Context, since time.Time) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sent_at / 60000000, count(*) FROM outbox WHERE sent_at >= ? GROUP BY 1`, since.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("sent per minute: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var minute int64
		var n int
		if err := rows.Scan(&minute, &n); err != nil {
			return nil, fmt.Errorf("sent per minute: %w", err)
		}
		out[minute] = n
	}
	return out, rows.Err()
}

// Mailable reports whether email may be mailed now.
func (s *Store) Mailable(ctx context.Context, email string) (bool, string, error) {
	var status string
	var ok bool
	err := s.db.QueryRowContext(ctx, `SELECT s.status, `+mailable+` FROM subscribers s WHERE s.email = ?`, email).Scan(&status, &ok)
	if isNoRows(err) {
		return false, newsletter.SkipReason("deleted"), nil
	}
	if err != nil {
		return false, "", fmt.Errorf("mailable %s: %w", email, err)
	}
	if !ok {
		return false, newsletter.SkipReason(status), nil
	}
	return true, "", nil
}
