package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kopij/kopij/newsletter"
)

// staleImport is how long an unfinished import may go without staging a
// batch before the next import takes it for cut off and removes its rows.
// It is measured on the database server's clock, which all signup servers
// share.
const staleImport = 2 * time.Minute

// importLock is the advisory lock key held while an import is registered ("kopi").
const importLock = 0x6b6f7069

// errImportLost means another import removed this one's rows because it
// had been idle longer than staleImport.
var errImportLost = errors.New("the import was idle too long and another import removed its rows; run it again")

var importColumns = []string{"email", "name", "status", "created_at", "confirmed_at", "unsubscribed_at", "consent", "consent_at",
	"lang", "source", "referrer", "utm_source", "utm_medium", "utm_campaign", "tags", "note"}

// createStage is the session's staging table: COPY fills it, one INSERT
// moves its rows on, and the commit empties it.
const createStage = `CREATE TEMP TABLE IF NOT EXISTS kopij_import (
	email text, name text, status text, created_at timestamptz, confirmed_at timestamptz, unsubscribed_at timestamptz,
	consent text, consent_at timestamptz, lang text, source text, referrer text,
	utm_source text, utm_medium text, utm_campaign text, tags text[], note text
) ON COMMIT DELETE ROWS`

// moveStage inserts the staged rows with the import's id, in address order
// as Subscribe locks them, and records an import event for each new one.
const moveStage = `WITH ins AS (
	INSERT INTO subscribers (email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at,
		lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note, import_id)
	SELECT email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at,
		lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note, $1
	FROM kopij_import ORDER BY email
	ON CONFLICT (email) DO NOTHING
	RETURNING email, created_at, consent, source)
INSERT INTO events (email, kind, at, consent, source, import_id)
	SELECT email, 'import', created_at, consent, source, $1 FROM ins`

// Import stages subs in batches, each a short transaction of COPY and one
// INSERT on a connection of its own, and makes every staged row visible
// in one last short transaction.
func (s *Store) Import(ctx context.Context, subs iter.Seq2[newsletter.Subscriber, error], dryRun bool) (newsletter.ImportStats, error) {
	if dryRun {
		return s.countImport(ctx, subs)
	}
	id, stale, err := s.beginImport(ctx)
	if err != nil {
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	var st newsletter.ImportStats
	// Rows of an import that was cut off go first: left in place they
	// would pass for addresses already stored.
	err = s.discard(ctx, stale...)
	if err == nil {
		err = s.stageAll(ctx, id, subs, &st)
	}
	if err == nil {
		err = s.publish(ctx, id)
	}
	if err != nil {
		if derr := s.discard(context.WithoutCancel(ctx), id); derr != nil {
			err = errors.Join(err, fmt.Errorf("remove the staged rows (the next import will): %w", derr))
		}
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return st, nil
}

// beginImport records a new import and returns its id, with the ids of
// unfinished imports that were cut off, now owned by this one.
func (s *Store) beginImport(ctx context.Context) (int64, []int64, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLock); err != nil {
		return 0, nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, started_at, alive_at, alive_at > now() - make_interval(secs => $1)
		FROM imports WHERE committed_at IS NULL`, staleImport.Seconds())
	if err != nil {
		return 0, nil, err
	}
	var stale []int64
	for rows.Next() {
		var id int64
		var started, alive time.Time
		var running bool
		if err := rows.Scan(&id, &started, &alive, &running); err != nil {
			rows.Close()
			return 0, nil, err
		}
		if running {
			rows.Close()
			return 0, nil, fmt.Errorf("%w: it started at %s and staged its last rows at %s; wait until it ends (one that was cut off counts as such %s after its last rows)",
				newsletter.ErrImportRunning, started.UTC().Format(time.RFC3339), alive.UTC().Format(time.RFC3339), staleImport)
		}
		stale = append(stale, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	if _, err := tx.Exec(ctx, `UPDATE imports SET alive_at = now() WHERE id = ANY($1)`, stale); err != nil {
		return 0, nil, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO imports (started_at, alive_at) VALUES (now(), now()) RETURNING id`).Scan(&id); err != nil {
		return 0, nil, err
	}
	return id, stale, tx.Commit(ctx)
}

// stageAll stages subs in batches on one connection, which holds the
// staging table.
func (s *Store) stageAll(ctx context.Context, id int64, subs iter.Seq2[newsletter.Subscriber, error], st *newsletter.ImportStats) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, createStage); err != nil {
		return fmt.Errorf("staging table: %w", err)
	}
	// No lock to wait for, as on SQLite: the pauses are for the disk.
	return newsletter.StageImport(ctx, subs, 0, func(batch []newsletter.Subscriber) (int, time.Duration, error) {
		start := time.Now()
		var err error
		for range 5 {
			if err = stage(ctx, conn, id, batch, st); !retryable(err) {
				break
			}
		}
		return len(batch), time.Since(start), err
	})
}

// stage writes one batch with the import's id, so readers skip it.
func stage(ctx context.Context, conn *pgxpool.Conn, id int64, batch []newsletter.Subscriber, st *newsletter.ImportStats) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `UPDATE imports SET alive_at = now() WHERE id = $1 AND committed_at IS NULL`, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return errImportLost
	}
	rows := make([][]any, len(batch))
	for i, sub := range batch {
		rows[i] = []any{sub.Email, sub.Name, string(sub.Status), sub.CreatedAt, nullTime(sub.ConfirmedAt), nullTime(sub.UnsubscribedAt),
			sub.Consent, nullTime(sub.ConsentAt), sub.Lang, sub.Source, sub.Referrer,
			sub.UTMSource, sub.UTMMedium, sub.UTMCampaign, tags(sub.Tags), sub.Note}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"kopij_import"}, importColumns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	tag, err = tx.Exec(ctx, moveStage, id)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	added := int(tag.RowsAffected())
	st.Added += added
	st.Existing += len(batch) - added
	return nil
}

// publish makes the staged rows visible: one row changes.
func (s *Store) publish(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `UPDATE imports SET committed_at = now(), alive_at = now() WHERE id = $1 AND committed_at IS NULL`, id)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return errImportLost
	}
	return nil
}

// discard removes the staged rows of unfinished imports in small
// transactions, then the imports themselves. Rows a signup took over have
// no import id any more and stay; a committed import is never touched.
func (s *Store) discard(ctx context.Context, ids ...int64) error {
	const pending = ` AND EXISTS (SELECT 1 FROM imports WHERE id = $1 AND committed_at IS NULL)`
	for _, id := range ids {
		for _, del := range []string{
			`DELETE FROM subscribers WHERE email IN (SELECT email FROM subscribers WHERE import_id = $1 LIMIT 5000) AND import_id = $1` + pending,
			`DELETE FROM events WHERE id IN (SELECT id FROM events WHERE import_id = $1 LIMIT 5000)` + pending,
		} {
			for {
				tag, err := s.pool.Exec(ctx, del, id)
				if err != nil {
					return fmt.Errorf("remove import %d: %w", id, err)
				}
				if tag.RowsAffected() == 0 {
					break
				}
				if _, err := s.pool.Exec(ctx, `UPDATE imports SET alive_at = now() WHERE id = $1`, id); err != nil {
					return fmt.Errorf("remove import %d: %w", id, err)
				}
			}
		}
		if _, err := s.pool.Exec(ctx, `DELETE FROM imports WHERE id = $1 AND committed_at IS NULL`, id); err != nil {
			return fmt.Errorf("remove import %d: %w", id, err)
		}
	}
	return nil
}

// countImport is the dry run: it reads subs and counts the known
// addresses, writing nothing.
func (s *Store) countImport(ctx context.Context, subs iter.Seq2[newsletter.Subscriber, error]) (newsletter.ImportStats, error) {
	var st newsletter.ImportStats
	err := newsletter.StageImport(ctx, subs, -1, func(batch []newsletter.Subscriber) (int, time.Duration, error) {
		start := time.Now()
		emails := make([]string, len(batch))
		for i, sub := range batch {
			emails[i] = sub.Email
		}
		var known int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM subscribers WHERE email = ANY($1) AND `+visible, emails).Scan(&known); err != nil {
			return 0, 0, err
		}
		st.Existing += known
		st.Added += len(batch) - known
		return len(batch), time.Since(start), nil
	})
	if err != nil {
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return st, nil
}
