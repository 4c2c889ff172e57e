package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
)

var _ newsletter.Outbox = (*Store)(nil)

// mailable is the SQL form of newsletter.Subscriber.Mailable for the
// subscribers row s.
const mailable = `s.status = 'confirmed' AND (s.bounced_at IS NULL OR s.confirmed_at > s.bounced_at)`

// SendStarted returns when posts were first recorded.
func (s *Store) SendStarted(ctx context.Context) (time.Time, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'send_started'`).Scan(&v)
	if isNoRows(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("send started: %w", err)
	}
	us, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("send started: %q: %w", v, err)
	}
	return time.UnixMicro(us).UTC(), nil
}

func markStarted(ctx context.Context, tx *sql.Tx, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('send_started', ?) ON CONFLICT (key) DO NOTHING`,
		[]byte(strconv.FormatInt(at.UnixMicro(), 10)))
	return err
}

// KnownPosts returns every recorded post.
func (s *Store) KnownPosts(ctx context.Context) ([]newsletter.KnownPost, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, url, title, published_at, COALESCE(mailing_id, 0), recorded_at FROM sent_posts ORDER BY recorded_at, id`)
	if err != nil {
		return nil, fmt.Errorf("known posts: %w", err)
	}
	defer rows.Close()
	var out []newsletter.KnownPost
	for rows.Next() {
		var p newsletter.KnownPost
		var published sql.NullInt64
		var at int64
		if err := rows.Scan(&p.ID, &p.URL, &p.Title, &published, &p.Mailing, &at); err != nil {
			return nil, fmt.Errorf("known posts: %w", err)
		}
		p.Date, p.At = fromMicros(published), time.UnixMicro(at).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

const insertPost = `INSERT INTO sent_posts (id, url, title, published_at, mailing_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`

// MarkPosts records posts as sent without mailing them.
func (s *Store) MarkPosts(ctx context.Context, posts []newsletter.KnownPost, at time.Time) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("mark posts: %w", err)
	}
	defer tx.Rollback()
	n := 0
	for _, p := range posts {
		res, err := tx.ExecContext(ctx, insertPost, p.ID, p.URL, p.Title, micros(p.Date), nil, at.UnixMicro())
		if err != nil {
			return 0, fmt.Errorf("mark post %s: %w", p.ID, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if err := markStarted(ctx, tx, at); err != nil {
		return 0, fmt.Errorf("mark posts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("mark posts: commit: %w", err)
	}
	return n, nil
}

// CreateMailing stores m and queues a message for every mailable subscriber.
func (s *Store) CreateMailing(ctx context.Context, m newsletter.Mailing, posts []newsletter.KnownPost) (newsletter.Mailing, int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return m, 0, fmt.Errorf("create mailing: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO mailings (key, subject, url, lang, html_body, text_body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, m.Key, m.Subject, m.URL, m.Lang, m.HTML, m.Text, m.CreatedAt.UnixMicro())
	if err != nil {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, newsletter.ErrPostKnown)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, err)
	}
	m.Posts = m.Posts[:0:0]
	for _, p := range posts {
		res, err := tx.ExecContext(ctx, insertPost, p.ID, p.URL, p.Title, micros(p.Date), m.ID, m.CreatedAt.UnixMicro())
		if err != nil {
			return m, 0, fmt.Errorf("create mailing %s: post %s: %w", m.Key, p.ID, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return m, 0, fmt.Errorf("create mailing %s: post %s: %w", m.Key, p.ID, newsletter.ErrPostKnown)
		}
		m.Posts = append(m.Posts, p.ID)
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO outbox (mailing_id, email, state, next_at)
		SELECT ?, s.email, 'queued', ? FROM subscribers s WHERE `+mailable, m.ID, m.CreatedAt.UnixMicro())
	if err != nil {
		return m, 0, fmt.Errorf("create mailing %s: queue: %w", m.Key, err)
	}
	n, _ := res.RowsAffected()
	if err := markStarted(ctx, tx, m.CreatedAt); err != nil {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, err)
	}
	if err := tx.Commit(); err != nil {
		return m, 0, fmt.Errorf("create mailing %s: commit: %w", m.Key, err)
	}
	return m, int(n), nil
}

const mailingColumns = `id, key, subject, url, lang, html_body, text_body, created_at, done_at,
	(SELECT COALESCE(group_concat(p.id, char(10)), '') FROM sent_posts p WHERE p.mailing_id = mailings.id)`

func scanMailing(row interface{ Scan(...any) error }) (newsletter.Mailing, error) {
	var m newsletter.Mailing
	var created int64
	var done sql.NullInt64
	var posts string
	err := row.Scan(&m.ID, &m.Key, &m.Subject, &m.URL, &m.Lang, &m.HTML, &m.Text, &created, &done, &posts)
	m.CreatedAt, m.DoneAt = time.UnixMicro(created).UTC(), fromMicros(done)
	if posts != "" {
		m.Posts = strings.Split(posts, "\n")
	}
	return m, err
}

// OpenMailings returns the mailings not done yet, oldest first.
func (s *Store) OpenMailings(ctx context.Context) ([]newsletter.Mailing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+mailingColumns+` FROM mailings WHERE done_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("open mailings: %w", err)
	}
	defer rows.Close()
	var out []newsletter.Mailing
	for rows.Next() {
		m, err := scanMailing(rows)
		if err != nil {
			return nil, fmt.Errorf("open mailings: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LastMailing returns the newest mailing whose key starts with prefix.
func (s *Store) LastMailing(ctx context.Context, prefix string) (newsletter.Mailing, error) {
	m, err := scanMailing(s.db.QueryRowContext(ctx, `SELECT `+mailingColumns+` FROM mailings
		WHERE substr(key, 1, length(?)) = ? ORDER BY created_at DESC, id DESC LIMIT 1`, prefix, prefix))
	if isNoRows(err) {
		return m, fmt.Errorf("last mailing %s: %w", prefix, newsletter.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("last mailing %s: %w", prefix, err)
	}
	return m, nil
}

// JoinSenders takes the sender lock of the database.
func (s *Store) JoinSenders(ctx context.Context, sender string) (func(), error) {
	return s.send.acquire(sender)
}

// Requeue puts messages left in sending by earlier senders back in the
// queue. The sender lock makes every other claimer a sender that stopped.
func (s *Store) Requeue(ctx context.Context, mailing int64, sender string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'queued', claimed_by = '' WHERE mailing_id = ? AND state = 'sending' AND claimed_by <> ?`, mailing, sender)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `UPDATE mailings SET resent = resent + ? WHERE id = ?`, n, mailing); err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	return int(n), tx.Commit()
}
