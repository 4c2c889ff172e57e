package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/kopij/kopij/newsletter"
	msqlite "modernc.org/sqlite"
)

// staleImport is how long an unfinished import may go without staging a
// batch before the next import takes it for cut off and removes its rows.
const staleImport = 2 * time.Minute

// errImportLost means another import removed this one's rows because it
// had been idle longer than staleImport.
var errImportLost = errors.New("the import was idle too long and another import removed its rows; run it again")

const insertImported = `INSERT INTO subscribers
	(email, name, status, created_at, confirmed_at, unsubscribed_at, consent, consent_at, lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note, import_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (email) DO NOTHING`

// Import stages subs in batches, each a transaction that holds the write
// lock for about 100 ms with a pause after it, so live signups get in
// between; one last short transaction makes every staged row visible.
func (s *Store) Import(ctx context.Context, subs iter.Seq2[newsletter.Subscriber, error], dryRun bool) (newsletter.ImportStats, error) {
	if dryRun {
		return s.countImport(ctx, subs)
	}
	w, err := s.importWriter(ctx)
	if err != nil {
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	defer w.close()
	id, stale, err := w.begin(ctx)
	if err != nil {
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	var st newsletter.ImportStats
	// Rows of an import that was cut off go first: left in place they
	// would pass for addresses already stored.
	err = w.discard(ctx, stale...)
	if err == nil {
		err = newsletter.StageImport(ctx, subs, 110*time.Millisecond, func(batch []newsletter.Subscriber) (int, time.Duration, error) {
			return w.stage(ctx, id, batch, &st)
		})
	}
	if err == nil {
		_, err = w.tx(ctx, func(tx *sql.Tx) error { return publish(ctx, tx, id) })
	}
	if err != nil {
		if derr := w.discard(context.WithoutCancel(ctx), id); derr != nil {
			err = errors.Join(err, fmt.Errorf("remove the staged rows (the next import will): %w", derr))
		}
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return st, nil
}

// importWriter writes an import. Signups wait for the write lock with
// SQLite's busy handler, which sleeps up to 100 ms between tries; under a
// steady stream of signups the lock is free only for moments between
// their commits, so an import tries every half millisecond instead, on a
// connection whose busy timeout is off for the time. While an import is
// registered, Subscribe leaves such a moment before each of its
// transactions (see yieldToImport).
type importWriter struct {
	db *sql.DB
}

// lockWait is how long an import waits for the write lock at most.
const lockWait = time.Minute

func (s *Store) importWriter(context.Context) (*importWriter, error) {
	return &importWriter{db: s.db}, nil
}

func (w *importWriter) close() {}

// tx runs fn in a transaction once the write lock is free and returns how
// long it held the lock. The connection goes back to the pool after each
// transaction: a private in-memory database has only one.
func (w *importWriter) tx(ctx context.Context, fn func(*sql.Tx) error) (time.Duration, error) {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout = 10000`)
	deadline := time.Now().Add(lockWait)
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil {
			start := time.Now()
			defer tx.Rollback()
			if err := fn(tx); err != nil {
				return 0, err
			}
			err := tx.Commit()
			return time.Since(start), err
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return 0, err
		}
		if err := sleep(ctx, 500*time.Microsecond); err != nil {
			return 0, err
		}
	}
}

func isBusy(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// begin records a new import and returns its id, with the ids of
// unfinished imports that were cut off, now owned by this one.
func (w *importWriter) begin(ctx context.Context) (id int64, stale []int64, err error) {
	_, err = w.tx(ctx, func(tx *sql.Tx) error {
		now := time.Now()
		rows, err := tx.QueryContext(ctx, `SELECT id, started_at, alive_at FROM imports WHERE committed_at IS NULL`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var old, started, alive int64
			if err := rows.Scan(&old, &started, &alive); err != nil {
				rows.Close()
				return err
			}
			if now.Sub(time.UnixMicro(alive)) < staleImport {
				rows.Close()
				return runningError(time.UnixMicro(started), time.UnixMicro(alive))
			}
			stale = append(stale, old)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, old := range stale {
			if _, err := tx.ExecContext(ctx, `UPDATE imports SET alive_at = ? WHERE id = ?`, now.UnixMicro(), old); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO imports (started_at, alive_at) VALUES (?, ?)`, now.UnixMicro(), now.UnixMicro())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, stale, err
}

// runningError says which import is in the way and when it counts as cut off.
func runningError(started, alive time.Time) error {
	return fmt.Errorf("%w: it started at %s and staged its last rows at %s; wait until it ends (one that was cut off counts as such %s after its last rows)",
		newsletter.ErrImportRunning, started.UTC().Format(time.RFC3339), alive.UTC().Format(time.RFC3339), staleImport)
}

// stage writes the rows of batch that fit in newsletter.StageHold with
// the import's id, so readers skip them, and returns how many it wrote.
func (w *importWriter) stage(ctx context.Context, id int64, batch []newsletter.Subscriber, st *newsletter.ImportStats) (int, time.Duration, error) {
	var add newsletter.ImportStats
	var done int
	defer w.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`) // the import pays for the WAL it wrote, not the next signup
	held, err := w.tx(ctx, func(tx *sql.Tx) error {
		add, done = newsletter.ImportStats{}, 0
		start := time.Now()
		if err := touch(ctx, tx, id); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, insertImported)
		if err != nil {
			return err
		}
		ev, err := tx.PrepareContext(ctx, `INSERT INTO events (email, kind, at, consent, source, import_id) VALUES (?, 'import', ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for _, sub := range batch {
			if done > 0 && time.Since(start) >= newsletter.StageHold {
				break // the rest waits for the next batch
			}
			done++
			res, err := ins.ExecContext(ctx, sub.Email, sub.Name, sub.Status, sub.CreatedAt.UnixMicro(), micros(sub.ConfirmedAt),
				micros(sub.UnsubscribedAt), sub.Consent, micros(sub.ConsentAt), sub.Lang, sub.Source, sub.Referrer,
				sub.UTMSource, sub.UTMMedium, sub.UTMCampaign, joinTags(sub.Tags), sub.Note, id)
			if err != nil {
				return fmt.Errorf("%s: %w", sub.Email, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				add.Existing++
				continue
			}
			add.Added++
			if _, err := ev.ExecContext(ctx, sub.Email, sub.CreatedAt.UnixMicro(), sub.Consent, sub.Source, id); err != nil {
				return fmt.Errorf("%s: event: %w", sub.Email, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	st.Added += add.Added
	st.Existing += add.Existing
	return done, held, nil
}

// touch renews the import's alive_at, and fails when another import has
// removed it as cut off.
func touch(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE imports SET alive_at = ? WHERE id = ? AND committed_at IS NULL`, time.Now().UnixMicro(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errImportLost
	}
	return nil
}

// publish makes the staged rows visible: one row changes.
func publish(ctx context.Context, tx *sql.Tx, id int64) error {
	now := time.Now().UnixMicro()
	res, err := tx.ExecContext(ctx, `UPDATE imports SET committed_at = ?, alive_at = ? WHERE id = ? AND committed_at IS NULL`, now, now, id)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errImportLost
	}
	return nil
}

// discard removes the staged rows of unfinished imports in small
// transactions, then the imports themselves. Rows a signup took over have
// no import id any more and stay; a committed import is never touched.
func (w *importWriter) discard(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		for _, table := range []string{"subscribers", "events"} {
			for {
				var n int64
				_, err := w.tx(ctx, func(tx *sql.Tx) error {
					res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid IN (SELECT rowid FROM `+table+` WHERE import_id = ? LIMIT 2000)
						AND ? IN (SELECT id FROM imports WHERE committed_at IS NULL)`, id, id)
					if err != nil {
						return err
					}
					n, _ = res.RowsAffected()
					_, err = tx.ExecContext(ctx, `UPDATE imports SET alive_at = ? WHERE id = ?`, time.Now().UnixMicro(), id)
					return err
				})
				if err != nil {
					return fmt.Errorf("remove import %d from %s: %w", id, table, err)
				}
				if n == 0 {
					break
				}
				if err := sleep(ctx, 110*time.Millisecond); err != nil {
					return err
				}
			}
		}
		if _, err := w.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ? AND committed_at IS NULL`, id)
			return err
		}); err != nil {
			return fmt.Errorf("remove import %d: %w", id, err)
		}
	}
	return nil
}

// yieldToImport lets an import that waits for the write lock in: while
// one is registered, Subscribe sleeps a moment before it begins, the gap
// the import's quick retries need. Whether one is registered is read at
// most four times a second.
func (s *Store) yieldToImport(ctx context.Context) {
	now := time.Now()
	if last := s.importChecked.Load(); now.UnixMicro()-last > 250_000 {
		s.importChecked.Store(now.UnixMicro())
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM imports WHERE committed_at IS NULL AND alive_at > ?`,
			now.Add(-staleImport).UnixMicro()).Scan(&n)
		s.importRunning.Store(err == nil && n > 0)
	}
	if s.importRunning.Load() {
		sleep(ctx, 2*time.Millisecond)
	}
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
		list, _ := json.Marshal(emails)
		var known int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM subscribers
			WHERE email IN (SELECT value FROM json_each(?)) AND `+visible, string(list)).Scan(&known); err != nil {
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
