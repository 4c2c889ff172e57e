package postgres

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kopij/kopij/newsletter"
)

var _ newsletter.Outbox = (*Store)(nil)

// mailable is the SQL form of newsletter.Subscriber.Mailable for the
// subscribers row s.
const mailable = `s.status = 'confirmed' AND (s.bounced_at IS NULL OR s.confirmed_at > s.bounced_at)`

// senderLockClass is the first key of the advisory locks that running
// senders hold ("kopk"); the second is a hash of the sender's id.
const senderLockClass = 0x6b6f706b

func senderKey(sender string) int32 {
	h := fnv.New32a()
	h.Write([]byte(sender))
	return int32(h.Sum32())
}

// SendStarted returns when posts were first recorded.
func (s *Store) SendStarted(ctx context.Context) (time.Time, error) {
	var v []byte
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = 'send_started'`).Scan(&v)
	if isNoRows(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("send started: %w", err)
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return time.Time{}, fmt.Errorf("send started: %q: %w", v, err)
	}
	return t, nil
}

func markStarted(ctx context.Context, tx pgx.Tx, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('send_started', $1) ON CONFLICT (key) DO NOTHING`,
		[]byte(at.UTC().Format(time.RFC3339Nano)))
	return err
}

// KnownPosts returns every recorded post.
func (s *Store) KnownPosts(ctx context.Context) ([]newsletter.KnownPost, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, url, title, published_at, COALESCE(mailing_id, 0), recorded_at FROM sent_posts ORDER BY recorded_at, id`)
	if err != nil {
		return nil, fmt.Errorf("known posts: %w", err)
	}
	defer rows.Close()
	var out []newsletter.KnownPost
	for rows.Next() {
		var p newsletter.KnownPost
		var published *time.Time
		if err := rows.Scan(&p.ID, &p.URL, &p.Title, &published, &p.Mailing, &p.At); err != nil {
			return nil, fmt.Errorf("known posts: %w", err)
		}
		p.Date, p.At = utc(published), p.At.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

const insertPost = `INSERT INTO sent_posts (id, url, title, published_at, mailing_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`

// MarkPosts records posts as sent without mailing them.
func (s *Store) MarkPosts(ctx context.Context, posts []newsletter.KnownPost, at time.Time) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("mark posts: %w", err)
	}
	defer tx.Rollback(ctx)
	n := 0
	for _, p := range posts {
		tag, err := tx.Exec(ctx, insertPost, p.ID, p.URL, p.Title, nullTime(p.Date), nil, at)
		if err != nil {
			return 0, fmt.Errorf("mark post %s: %w", p.ID, err)
		}
		n += int(tag.RowsAffected())
	}
	if err := markStarted(ctx, tx, at); err != nil {
		return 0, fmt.Errorf("mark posts: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("mark posts: commit: %w", err)
	}
	return n, nil
}

// CreateMailing stores m and queues a message for every mailable
// subscriber. Two senders making the same mailing at once meet on the
// unique key: the second gets ErrPostKnown.
func (s *Store) CreateMailing(ctx context.Context, m newsletter.Mailing, posts []newsletter.KnownPost) (newsletter.Mailing, int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return m, 0, fmt.Errorf("create mailing: %w", err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, `INSERT INTO mailings (key, subject, url, lang, html_body, text_body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (key) DO NOTHING RETURNING id`, m.Key, m.Subject, m.URL, m.Lang, m.HTML, m.Text, m.CreatedAt).Scan(&m.ID)
	if isNoRows(err) {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, newsletter.ErrPostKnown)
	}
	if err != nil {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, err)
	}
	m.Posts = m.Posts[:0:0]
	for _, p := range posts {
		tag, err := tx.Exec(ctx, insertPost, p.ID, p.URL, p.Title, nullTime(p.Date), m.ID, m.CreatedAt)
		if err != nil {
			return m, 0, fmt.Errorf("create mailing %s: post %s: %w", m.Key, p.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return m, 0, fmt.Errorf("create mailing %s: post %s: %w", m.Key, p.ID, newsletter.ErrPostKnown)
		}
		m.Posts = append(m.Posts, p.ID)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO outbox (mailing_id, email, state, next_at)
		SELECT $1, s.email, 'queued', $2 FROM subscribers s WHERE `+mailable, m.ID, m.CreatedAt)
	if err != nil {
		return m, 0, fmt.Errorf("create mailing %s: queue: %w", m.Key, err)
	}
	if err := markStarted(ctx, tx, m.CreatedAt); err != nil {
		return m, 0, fmt.Errorf("create mailing %s: %w", m.Key, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return m, 0, fmt.Errorf("create mailing %s: commit: %w", m.Key, err)
	}
	return m, int(tag.RowsAffected()), nil
}

const mailingColumns = `id, key, subject, url, lang, html_body, text_body, created_at, done_at,
	(SELECT COALESCE(string_agg(p.id, E'\n' ORDER BY p.id), '') FROM sent_posts p WHERE p.mailing_id = mailings.id)`

func scanMailing(row pgx.Row) (newsletter.Mailing, error) {
	var m newsletter.Mailing
	var done *time.Time
	var posts string
	err := row.Scan(&m.ID, &m.Key, &m.Subject, &m.URL, &m.Lang, &m.HTML, &m.Text, &m.CreatedAt, &done, &posts)
	m.CreatedAt, m.DoneAt = m.CreatedAt.UTC(), utc(done)
	if posts != "" {
		m.Posts = strings.Split(posts, "\n")
	}
	return m, err
}

// OpenMailings returns the mailings not done yet, oldest first.
func (s *Store) OpenMailings(ctx context.Context) ([]newsletter.Mailing, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+mailingColumns+` FROM mailings WHERE done_at IS NULL ORDER BY id`)
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
	m, err := scanMailing(s.pool.QueryRow(ctx, `SELECT `+mailingColumns+` FROM mailings
		WHERE starts_with(key, $1) ORDER BY created_at DESC, id DESC LIMIT 1`, prefix))
	if isNoRows(err) {
		return m, fmt.Errorf("last mailing %s: %w", prefix, newsletter.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("last mailing %s: %w", prefix, err)
	}
	return m, nil
}

// JoinSenders holds an advisory lock for sender on a connection of its
// own until leave. The server drops it when the sender's process dies,
// which is how Requeue tells a stopped sender from a running one.
func (s *Store) JoinSenders(ctx context.Context, sender string) (func(), error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("join senders: %w", err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, senderLockClass, senderKey(sender)).Scan(&ok); err != nil || !ok {
		conn.Release()
		return nil, fmt.Errorf("join senders as %s: lock taken (%v)", sender, err)
	}
	return func() {
		conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, senderLockClass, senderKey(sender))
		conn.Release()
	}, nil
}

// Requeue puts back in the queue the messages of mailing that senders no
// longer running left in sending: a sender whose advisory lock can be
// taken is gone.
func (s *Store) Requeue(ctx context.Context, mailing int64, sender string) (int, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT claimed_by FROM outbox WHERE mailing_id = $1 AND state = 'sending' AND claimed_by <> $2`, mailing, sender)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	claimers, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	total := 0
	for _, other := range claimers {
		n, err := s.requeueIfGone(ctx, mailing, other)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func (s *Store) requeueIfGone(ctx context.Context, mailing int64, other string) (int, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	defer conn.Release()
	var gone bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, senderLockClass, senderKey(other)).Scan(&gone); err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	if !gone {
		return 0, nil // still running: its messages are its own
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, senderLockClass, senderKey(other))
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `UPDATE outbox SET state = 'queued', claimed_by = '' WHERE mailing_id = $1 AND state = 'sending' AND claimed_by = $2`, mailing, other)
	if err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE mailings SET resent = resent + $1 WHERE id = $2`, tag.RowsAffected(), mailing); err != nil {
		return 0, fmt.Errorf("requeue: %w", err)
	}
	return int(tag.RowsAffected()), tx.Commit(ctx)
}
