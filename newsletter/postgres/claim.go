package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kopij/kopij/newsletter"
)

// Exchange records results and claims up to n due messages of mailing.
// FOR UPDATE SKIP LOCKED lets senders claim side by side: each passes
// over the rows another is claiming, so no message is claimed twice.
func (s *Store) Exchange(ctx context.Context, sender string, results []newsletter.Answer, mailing int64, n int, now time.Time) ([]newsletter.Delivery, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("exchange: %w", err)
	}
	defer tx.Rollback(ctx)
	if err := complete(ctx, tx, sender, results); err != nil {
		return nil, err
	}
	var ds []newsletter.Delivery
	if n > 0 {
		if ds, err = claim(ctx, tx, sender, mailing, n, now); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("exchange: commit: %w", err)
	}
	return ds, nil
}

func claim(ctx context.Context, tx pgx.Tx, sender string, mailing int64, n int, now time.Time) ([]newsletter.Delivery, error) {
	rows, err := tx.Query(ctx, `SELECT o.email, o.attempts, COALESCE(s.name, ''), COALESCE(s.status, 'deleted'),
		s.email IS NOT NULL AND `+mailable+`
		FROM outbox o LEFT JOIN subscribers s ON s.email = o.email
		WHERE o.mailing_id = $1 AND o.state = 'queued' AND o.next_at <= $2
		ORDER BY o.next_at, o.email LIMIT $3
		FOR UPDATE OF o SKIP LOCKED`, mailing, now, n)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	b := &pgx.Batch{}
	var out []newsletter.Delivery
	for rows.Next() {
		d := newsletter.Delivery{Mailing: mailing}
		var status string
		var ok bool
		if err := rows.Scan(&d.Email, &d.Attempts, &d.Name, &status, &ok); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim: %w", err)
		}
		state, reply := newsletter.StateSending, ""
		if ok {
			out = append(out, d)
		} else {
			state, reply = newsletter.StateSkipped, newsletter.SkipReason(status)
		}
		b.Queue(`UPDATE outbox SET state = $1, claimed_by = $2, reply = $3 WHERE mailing_id = $4 AND email = $5`, string(state), sender, reply, mailing, d.Email)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return nil, fmt.Errorf("claim: %w", err)
		}
	}
	return out, nil
}

// complete records results, in one round trip for the messages and one
// for the bounces.
func complete(ctx context.Context, tx pgx.Tx, sender string, results []newsletter.Answer) error {
	if len(results) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, r := range results {
		tried := 1
		if r.Untried {
			tried = 0
		}
		var sentAt *time.Time
		if r.State == newsletter.StateSent {
			sentAt = &r.At
		}
		b.Queue(`UPDATE outbox SET state = $1, attempts = attempts + $2, next_at = $3, sent_at = $4, reply = $5,
			claimed_by = CASE WHEN $1 = 'queued' THEN '' ELSE claimed_by END
			WHERE mailing_id = $6 AND email = $7 AND state = 'sending' AND claimed_by = $8`,
			string(r.State), tried, r.NextAt, sentAt, r.Reply, r.Mailing, r.Email, sender)
	}
	br := tx.SendBatch(ctx, b)
	bounces := &pgx.Batch{}
	for _, r := range results {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return fmt.Errorf("complete %s: %w", r.Email, err)
		}
		if tag.RowsAffected() == 1 && r.State == newsletter.StateBounced {
			bounces.Queue(`UPDATE subscribers SET bounced_at = $1, bounce = $2 WHERE email = $3`, r.At, r.Reply, r.Email)
			bounces.Queue(`INSERT INTO events (email, kind, at) VALUES ($1, 'bounce', $2)`, r.Email, r.At)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("complete: %w", err)
	}
	if bounces.Len() > 0 {
		if err := tx.SendBatch(ctx, bounces).Close(); err != nil {
			return fmt.Errorf("complete: bounces: %w", err)
		}
	}
	return nil
}

// Progress counts the messages of mailing per state.
func (s *Store) Progress(ctx context.Context, mailing int64) (newsletter.Progress, error) {
	var p newsletter.Progress
	if err := s.pool.QueryRow(ctx, `SELECT resent FROM mailings WHERE id = $1`, mailing).Scan(&p.Resent); err != nil {
		return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT state, count(*) FROM outbox WHERE mailing_id = $1 GROUP BY state`, mailing)
	if err != nil {
		return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return p, fmt.Errorf("progress of mailing %d: %w", mailing, err)
		}
		p.Add(newsletter.State(st), n)
	}
	return p, rows.Err()
}

// NextDue returns when the earliest queued message is due.
func (s *Store) NextDue(ctx context.Context, mailing int64) (time.Time, error) {
	var next *time.Time
	if err := s.pool.QueryRow(ctx, `SELECT min(next_at) FROM outbox WHERE mailing_id = $1 AND state = 'queued'`, mailing).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next due of mailing %d: %w", mailing, err)
	}
	return utc(next), nil
}

// FinishMailing marks mailing done once nothing is queued or in flight.
func (s *Store) FinishMailing(ctx context.Context, mailing int64, at time.Time) (bool, error) {
	if _, err := s.pool.Exec(ctx, `UPDATE mailings SET done_at = $1 WHERE id = $2 AND done_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM outbox WHERE mailing_id = $2 AND state IN ('queued', 'sending'))`, at, mailing); err != nil {
		return false, fmt.Errorf("finish mailing %d: %w", mailing, err)
	}
	var done *time.Time
	if err := s.pool.QueryRow(ctx, `SELECT done_at FROM mailings WHERE id = $1`, mailing).Scan(&done); err != nil {
		return false, fmt.Errorf("finish mailing %d: %w", mailing, err)
	}
	return done != nil, nil
}

// SentPerMinute counts sent messages per minute since since.
func (s *Store) SentPerMinute(ctx context.Context, since time.Time) (map[int64]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT floor(extract(epoch FROM sent_at) / 60)::bigint, count(*) FROM outbox WHERE sent_at >= $1 GROUP BY 1`, since)
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
	err := s.pool.QueryRow(ctx, `SELECT s.status, `+mailable+` FROM subscribers s WHERE s.email = $1`, email).Scan(&status, &ok)
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
