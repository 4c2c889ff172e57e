package sqlite_test

import (
	"context"
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
