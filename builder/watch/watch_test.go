package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ignoreNoise leaves out hidden names and backups ending in "~", as a
// caller such as kopij serve asks.
func ignoreNoise(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startWatcher watches a fresh folder holding config.toml and
// content/a.md and returns it with the channel of batches.
func startWatcher(t *testing.T, opts Options) (string, <-chan Batch) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "config.toml", "title = \"W\"\n")
	writeFile(t, dir, "content/a.md", "a")
	w, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Batch)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		w.Close()
	})
	return dir, out
}

func nextBatch(t *testing.T, out <-chan Batch) Batch {
	t.Helper()
	select {
	case b := <-out:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch")
	}
	return Batch{}
}

// TestWatchLeavesOutNoise makes file events the caller does not want
// reported (ignored names, inside ignored folders, outside the watched
// paths, chmod only), then one real write: the first batch holds only the
// real file.
func TestWatchLeavesOutNoise(t *testing.T) {
	dir, out := startWatcher(t, Options{Paths: []string{"config.toml", "content", "static"}, Ignore: ignoreNoise})
	for _, name := range []string{".a.md.swp", "a.md~", ".hidden.md"} {
		p := filepath.Join(dir, "content", name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "content", "a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "public/index.html", "not a watched path")
	writeFile(t, dir, "content/.git/objects/x", "inside an ignored folder")
	writeFile(t, dir, "notes.txt", "not a watched path")
	writeFile(t, dir, "content/b.md", "b")
	b := nextBatch(t, out)
	if len(b.Paths) != 1 || b.Paths[0] != "content/b.md" || b.Rescan {
		t.Fatalf("batch = %+v, want only content/b.md", b)
	}
}

// TestWatchFoldersCreatedLater reports files in a watched folder that did
// not exist when watching began, and in folders created below it.
func TestWatchFoldersCreatedLater(t *testing.T) {
	dir, out := startWatcher(t, Options{Paths: []string{"content", "static"}})
	writeFile(t, dir, "static/css/site.css", "x")
	seen := map[string]bool{}
	for !seen["static"] && !seen["static/css"] && !seen["static/css/site.css"] {
		for _, p := range nextBatch(t, out).Paths {
			seen[p] = true
		}
	}
	writeFile(t, dir, "static/css/site.css", "changed")
	for {
		b := nextBatch(t, out)
		if len(b.Paths) == 1 && b.Paths[0] == "static/css/site.css" {
			return
		}
	}
}

// TestWatchBatchesBursts writes 200 files at once, as a git checkout does;
// they arrive in one or a few batches, not one each.
func TestWatchBatchesBursts(t *testing.T) {
	dir, out := startWatcher(t, Options{Quiet: 50 * time.Millisecond})
	const n = 200
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("content/burst/p%03d.md", i), fmt.Sprint("P", i))
	}
	seen := map[string]bool{}
	batches := 0
	for !coversAll(seen, n) {
		b := nextBatch(t, out)
		batches++
		for _, p := range b.Paths {
			seen[p] = true
		}
	}
	if batches > 10 {
		t.Fatalf("%d batches for a burst of %d files; want one or a few", batches, n)
	}
}

// coversAll reports whether the paths seen name every burst file, or the
// burst folder itself (whose walk finds all of them).
func coversAll(seen map[string]bool, n int) bool {
	if seen["content/burst"] {
		return true
	}
	for i := range n {
		if !seen[fmt.Sprintf("content/burst/p%03d.md", i)] {
			return false
		}
	}
	return true
}

// TestWatchDoesNotFollowLinksOut links folders outside the watched root
// into it, before and after watching begins: writes in those folders are
// never reported and never get a watch; the link itself is reported.
func TestWatchDoesNotFollowLinksOut(t *testing.T) {
	away := t.TempDir()
	writeFile(t, away, "before/x.md", "x")
	writeFile(t, away, "after/y.md", "y")
	dir := t.TempDir()
	writeFile(t, dir, "content/a.md", "a")
	if err := os.Symlink(filepath.Join(away, "before"), filepath.Join(dir, "content", "before")); err != nil {
		t.Fatal(err)
	}
	w, err := New(dir, Options{Paths: []string{"content", "static"}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Batch)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, out) }()
	defer func() { cancel(); <-done }()

	if err := os.Symlink(filepath.Join(away, "after"), filepath.Join(dir, "content", "after")); err != nil {
		t.Fatal(err)
	}
	if b := nextBatch(t, out); len(b.Paths) != 1 || b.Paths[0] != "content/after" {
		t.Fatalf("batch = %+v, want only the new link content/after", b)
	}
	for _, p := range w.tree.w.WatchList() {
		if strings.HasPrefix(p, away) || strings.Contains(p, "before") || strings.Contains(p, "after") {
			t.Errorf("watching %s, behind a link out of the root", p)
		}
	}
	writeFile(t, away, "before/x.md", "changed")
	writeFile(t, away, "after/y.md", "changed")
	writeFile(t, away, "after/new.md", "new")
	writeFile(t, dir, "content/a.md", "changed")
	if b := nextBatch(t, out); len(b.Paths) != 1 || b.Paths[0] != "content/a.md" {
		t.Fatalf("batch = %+v, want only content/a.md", b)
	}
}
