// Package sqlite stores newsletter subscribers in a SQLite file with
// modernc.org/sqlite (pure Go, no cgo). The database runs in WAL mode with
// synchronous=FULL, so a committed signup survives a crash or power loss;
// the schema migrations are embedded and applied by Open.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kopij/kopij/newsletter"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a newsletter.Store on SQLite.
type Store struct {
	db     *sql.DB
	signup *signupStmts

	importChecked atomic.Int64  // when yieldToImport last looked, Unix microseconds
	importRunning atomic.Bool   // what it saw
	stop          chan struct{} // closed by Close to end the checkpointer
	done          chan struct{} // closed when the checkpointer has ended
	send          senderLock    // one newsletter sender at a time
}

var _ newsletter.Store = (*Store)(nil)

// ErrNotKopij means OpenExisting found a SQLite file that kopij did not make.
var ErrNotKopij = errors.New("not a kopij subscriber database")

// Open opens or creates the database at path (":memory:" for a private
// in-memory one) and applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, false)
}

// OpenExisting is Open for a database that must exist already, for
// commands that read or add to a list: a mistyped path gives an error
// wrapping fs.ErrNotExist instead of a new, empty database, and a SQLite
// file kopij did not make gives ErrNotKopij and is left as it is.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("open sqlite %s: is a folder, not a database file", path)
	}
	return open(ctx, path, true)
}

func open(ctx context.Context, path string, existing bool) (*Store, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath()
	if path == ":memory:" {
		dsn = "file::memory:"
	}
	q := url.Values{
		"_txlock": {"immediate"},
		// A background goroutine checkpoints the WAL, and an import after
		// each batch; the automatic checkpoint, which runs inside whichever
		// commit crosses its mark and so stalls signups, is only a safety
		// net for when both fall far behind (1 GB of WAL).
		"_pragma": {"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "wal_autocheckpoint(262144)"},
	}
	if existing {
		q.Set("mode", "rw") // SQLite itself refuses to create the file
	}
	db, err := sql.Open("sqlite", dsn+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // every connection would get its own empty database
	} else {
		db.SetMaxOpenConns(8)
	}
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, stop: make(chan struct{}), done: make(chan struct{}), send: senderLock{path: path}}
	if existing {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		if n == 0 {
			db.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, ErrNotKopij)
		}
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if s.signup, err = prepareSignup(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if path == ":memory:" {
		close(s.done)
	} else {
		go s.checkpointer()
	}
	return s, nil
}

// checkpointer copies the WAL into the database file every half second on
// its own connection. Left to SQLite, the checkpoint runs inside the
// commit that crosses the threshold and stalls every signup waiting on
// that commit; here it runs beside the writer, which keeps appending.
func (s *Store) checkpointer() {
	defer close(s.done)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			// PASSIVE never blocks the writer; a failed round is retried on the next tick.
			s.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// migrate applies the embedded migrations not yet recorded, each in its
// own transaction, in file-name order.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		if err := s.applyMigration(ctx, name, version); err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name, version string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, time.Now().UnixMicro()); err != nil {
		return err
	}
	return tx.Commit()
}

// Close stops the checkpointer and closes the database.
func (s *Store) Close() error {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	<-s.done
	s.signup.close()
	return s.db.Close()
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Secret returns the token-signing key, creating 32 random bytes once.
func (s *Store) Secret(ctx context.Context) ([]byte, error) {
	key := make([]byte, 32)
	rand.Read(key)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('secret', ?) ON CONFLICT (key) DO NOTHING`, key); err != nil {
		return nil, fmt.Errorf("store secret: %w", err)
	}
	var v []byte
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'secret'`).Scan(&v); err != nil {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	return v, nil
}

// visible holds for rows that no unfinished import staged; the same
// condition serves subscribers and events.
const visible = `(import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE committed_at IS NOT NULL))`

// micros turns a time into Unix microseconds, and the zero time into NULL.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
