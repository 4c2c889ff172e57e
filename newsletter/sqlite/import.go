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
	id, stale, err := s.beginImport(ctx)
	if err != nil {
		return newsletter.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	var st newsletter.ImportStats
	// Rows of an import that was cut off go first: left in place they
	// would pass for addresses already stored.
	err = s.discard(ctx, stale...)
	if err == nil {
		err = newsletter.StageImport(ctx, subs, true, func(batch []newsletter.Subscriber) error {
			return s.stage(ctx, id, batch, &st)
		})
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
	now := time.Now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, started_at, alive_at FROM imports WHERE committed_at IS NULL`)
	if err != nil {
		return 0, nil, err
	}
	var stale []int64
	for rows.Next() {
		var id, started, alive int64
		if err := rows.Scan(&id, &started, &alive); err != nil {
			rows.Close()
			return 0, nil, err
		}
		if now.Sub(time.UnixMicro(alive)) < staleImport {
			rows.Close()
			return 0, nil, runningError(time.UnixMicro(started), time.UnixMicro(alive))
		}
		stale = append(stale, id)
	}
	if err := rows.Close(); err != nil {
		return 0, nil, err
	}
	for _, id := range stale {
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET alive_at = ? WHERE id = ?`, now.UnixMicro(), id); err != nil {
			return 0, nil, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO imports (started_at, alive_at) VALUES (?, ?)`, now.UnixMicro(), now.UnixMicro())
	if err != nil {
		return 0, nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, nil, err
	}
	return id, stale, tx.Commit()
}

// runningError says which import is in the way and when it counts as cut off.
func runningError(started, alive time.Time) error {
	return fmt.Errorf("%w: it started at %s and staged its last rows at %s; wait until it ends (one that was cut off counts as such %s after its last rows)",
		newsletter.ErrImportRunning, started.UTC().Format(time.RFC3339), alive.UTC().Format(time.RFC3339), staleImport)
}

// stage writes one batch with the import's id, so readers skip it.
func (s *Store) stage(ctx context.Context, id int64, batch []newsletter.Subscriber, st *newsletter.ImportStats) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.touch(ctx, tx, id); err != nil {
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
	var add newsletter.ImportStats
	for _, sub := range batch {
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
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	st.Added += add.Added
	st.Existing += add.Existing
	return nil
}

// touch renews the import's alive_at, and fails when another import has
// removed it as cut off.
func (s *Store) touch(ctx context.Context, tx *sql.Tx, id int64) error {
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
func (s *Store) publish(ctx context.Context, id int64) error {
	now := time.Now().UnixMicro()
	res, err := s.db.ExecContext(ctx, `UPDATE imports SET committed_at = ?, alive_at = ? WHERE id = ? AND committed_at IS NULL`, now, now, id)
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
// no import id any more and stay.
func (s *Store) discard(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		for _, table := range []string{"subscribers", "events"} {
			for {
				res, err := s.db.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid IN (SELECT rowid FROM `+table+` WHERE import_id = ? LIMIT 2000)
					AND ? IN (SELECT id FROM imports WHERE committed_at IS NULL)`, id, id)
				if err != nil {
					return fmt.Errorf("remove import %d from %s: %w", id, table, err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					break
				}
				s.db.ExecContext(ctx, `UPDATE imports SET alive_at = ? WHERE id = ?`, time.Now().UnixMicro(), id)
				if err := sleep(ctx, 110*time.Millisecond); err != nil {
					return err
				}
			}
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM imports WHERE id = ? AND committed_at IS NULL`, id); err != nil {
			return fmt.Errorf("remove import %d: %w", id, err)
		}
	}
	return nil
}

// countImport is the dry run: it reads subs and counts the known
// addresses, writing nothing.
func (s *Store) countImport(ctx context.Context, subs iter.Seq2[newsletter.Subscriber, error]) (newsletter.ImportStats, error) {
	var st newsletter.ImportStats
	err := newsletter.StageImport(ctx, subs, false, func(batch []newsletter.Subscriber) error {
		emails := make([]string, len(batch))
		for i, sub := range batch {
			emails[i] = sub.Email
		}
		list, _ := json.Marshal(emails)
		var known int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM subscribers
			WHERE email IN (SELECT value FROM json_each(?)) AND `+visible, string(list)).Scan(&known); err != nil {
			return err
		}
		st.Existing += known
		st.Added += len(batch) - known
		return nil
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
