package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) newsletter.Store {
		s, err := sqlite.Open(context.Background(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) newsletter.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sub scribers.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestReopen checks that data and migrations survive closing the file.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := s.Secret(ctx)
	if _, err := s.Subscribe(ctx, []newsletter.Signup{{Subscriber: newsletter.Subscriber{Email: "a@example.com"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if _, err := s.Get(ctx, "a@example.com"); err != nil {
		t.Errorf("after reopen: %v", err)
	}
	if key2, _ := s.Secret(ctx); string(key2) != string(key) {
		t.Errorf("secret changed on reopen")
	}
}

// TestOpenExisting checks that commands reading a list never create one:
// a mistyped path stays missing, and a foreign SQLite file stays as it is.
func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "mistyped.db")
	if _, err := sqlite.OpenExisting(ctx, missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenExisting of a missing file = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenExisting created %s", missing)
	}
	foreign := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`CREATE TABLE notes (body TEXT)`)
	db.Close()
	if _, err := sqlite.OpenExisting(ctx, foreign); !errors.Is(err, sqlite.ErrNotKopij) {
		t.Errorf("OpenExisting of a foreign database = %v, want ErrNotKopij", err)
	}
	good := filepath.Join(dir, "s.db")
	s, err := sqlite.Open(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.OpenExisting(ctx, good)
	if err != nil {
		t.Fatalf("OpenExisting of a kopij database: %v", err)
	}
	s.Close()
}
