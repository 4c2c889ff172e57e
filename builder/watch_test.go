package builder

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// startWatcher watches a fresh site folder and returns it with the
// channel of batches.
func startWatcher(t *testing.T, opts WatchOptions) (string, <-chan Batch) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, ConfigFile, "title = \"W\"\n")
	writeFile(t, dir, "content/posts/a.md", postFile("A", "a"))
	w, err := NewWatcher(dir, opts)
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

// TestWatchIgnoresEditorNoise makes every kind of file event editors make
// around a save, then one real write: the first batch holds only the real
// file.
func TestWatchIgnoresEditorNoise(t *testing.T) {
	dir, out := startWatcher(t, WatchOptions{})
	posts := filepath.Join(dir, "content", "posts")
	for _, name := range []string{"4913", ".a.md.swp", "a.md~", ".#a.md", "#a.md#", "a.md___jb_tmp___", "a.md___jb_old___", ".hidden.md"} {
		p := filepath.Join(posts, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(posts, "a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "public/index.html", "output folder, not watched")
	writeFile(t, dir, ".git/objects/x", "hidden folder")
	writeFile(t, dir, "notes.txt", "not a site file")
	writeFile(t, dir, "content/posts/b.md", postFile("B", "b"))
	b := nextBatch(t, out)
	if len(b.Paths) != 1 || b.Paths[0] != "content/posts/b.md" || b.Rescan {
		t.Fatalf("batch = %+v, want only content/posts/b.md", b)
	}
}

// TestWatchBatchesBursts writes 200 files at once, as a git checkout does;
// they arrive in one or a few batches, not one each.
func TestWatchBatchesBursts(t *testing.T) {
	dir, out := startWatcher(t, WatchOptions{Quiet: 50 * time.Millisecond})
	const n = 200
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("content/posts/burst/p%03d.md", i), postFile(fmt.Sprint("P", i), "burst"))
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
	if seen["content/posts/burst"] {
		return true
	}
	for i := range n {
		if !seen[fmt.Sprintf("content/posts/burst/p%03d.md", i)] {
			return false
		}
	}
	return true
}

// TestWatchRebuildsOnceForBurst checks the whole loop: a burst of 200 new
// posts ends with all of them served, after few rebuilds.
func TestWatchRebuildsOnceForBurst(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Words.")})
	events, stop := ls.srv.Subscribe()
	defer stop()
	for i := range 200 {
		writeFile(t, ls.dir, fmt.Sprintf("content/posts/p%03d.md", i), postFile(fmt.Sprint("Burst ", i), "burst"))
	}
	ls.waitFor("/posts/p199/", 200, "burst")
	ls.waitFor("/posts/p000/", 200, "burst")
	reloads := 0
	for len(events) > 0 {
		if ev := <-events; ev.Name == "reload" {
			reloads++
		}
	}
	if reloads < 1 || reloads > 10 {
		t.Fatalf("%d reloads for a burst of 200 files; want one or a few", reloads)
	}
}
