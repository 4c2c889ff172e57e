package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options say what to watch and how file events are grouped.
type Options struct {
	// Paths are the files and folders below the root to report, as slash
	// paths relative to it, e.g. "kopij.toml", "content"; folders are
	// watched with everything below them, also when created later. Empty
	// means everything below the root.
	Paths []string
	// Ignore reports file and folder names never to report or descend
	// into, such as editors' temporary files; nil ignores nothing.
	Ignore func(name string) bool
	// Skip reports slash paths relative to the root never to report or
	// descend into, for rules that depend on where a name is (hidden
	// files only count below static/, say); nil skips nothing.
	Skip    func(rel string) bool
	Quiet   time.Duration // a batch is reported after this long without events; default 20ms
	MaxWait time.Duration // a batch is reported at the latest this long after its first event, even while events go on; default 1s
}

// Batch is one group of changes.
type Batch struct {
	Paths  []string // slash paths relative to the root that were created, written, removed or renamed, sorted
	Rescan bool     // events were lost (kernel queue overflow): look at every file again
}

// Watcher watches a folder tree.
type Watcher struct {
	opts Options
	tree *tree
}

// New starts watching root; every change made after it returns is
// reported by Run. Close it when done.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Second
	}
	if opts.Ignore == nil {
		opts.Ignore = func(string) bool { return false }
	}
	if opts.Skip == nil {
		opts.Skip = func(string) bool { return false }
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	if err := w.Add(root); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	t := &tree{root: root, w: w, paths: opts.Paths, ignore: opts.Ignore, skip: opts.Skip}
	if len(t.paths) == 0 {
		t.addTree(root)
	}
	for _, p := range t.paths {
		t.addTree(filepath.Join(root, filepath.FromSlash(p)))
	}
	return &Watcher{opts: opts, tree: t}, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.tree.w.Close() }

// Run sends a Batch on out after each burst of changes. Ignored names and
// chmod-only events are left out. A new batch is only sent once the
// previous one was received, so changes that arrive while the receiver is
// busy gather into the next one. Run returns when ctx is cancelled or the
// Watcher is closed.
func (wa *Watcher) Run(ctx context.Context, out chan<- Batch) error {
	opts, t, w := wa.opts, wa.tree, wa.tree.w
	pending := map[string]bool{}
	rescan := false
	var first time.Time
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	ready := false
	for {
		var send chan<- Batch
		var batch Batch
		if ready && (len(pending) > 0 || rescan) {
			send = out
			batch = Batch{Rescan: rescan}
			for p := range pending {
				batch.Paths = append(batch.Paths, p)
			}
			sort.Strings(batch.Paths)
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, keep := t.handle(ev)
			if !keep {
				continue
			}
			if len(pending) == 0 && !rescan {
				first = time.Now()
			}
			pending[rel] = true
			if time.Since(first) >= opts.MaxWait {
				ready = true
				continue
			}
			ready = false
			quiet.Reset(opts.Quiet)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				rescan = true
				ready = false
				quiet.Reset(opts.Quiet)
			}
		case <-quiet.C:
			ready = true
		case send <- batch:
			pending = map[string]bool{}
			rescan = false
			ready = false
		}
	}
}

// tree keeps fsnotify watches on every folder of the watched paths.
type tree struct {
	root   string
	w      *fsnotify.Watcher
	paths  []string
	ignore func(name string) bool
	skip   func(rel string) bool
}

// addTree watches dir and every folder below it. Folders that vanish while
// walking are skipped; the events of their removal follow.
func (t *tree) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && (t.ignore(d.Name()) || t.skipped(p)) {
			return fs.SkipDir
		}
		_ = t.w.Add(p) // a folder removed meanwhile reports itself as removed
		return nil
	})
}

// skipped reports whether Skip leaves out the folder p.
func (t *tree) skipped(p string) bool {
	rel, err := filepath.Rel(t.root, p)
	return err == nil && t.skip(filepath.ToSlash(rel))
}

// watched reports whether a slash path relative to the root is one of the
// watched paths or below one.
func (t *tree) watched(rel string) bool {
	if len(t.paths) == 0 {
		return true
	}
	for _, p := range t.paths {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// handle turns an event into a path relative to the root to report,
// adding or dropping watches for folders on the way.
func (t *tree) handle(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return "", false
	}
	rel, err := filepath.Rel(t.root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	for _, part := range strings.Split(rel, "/") {
		if t.ignore(part) {
			return "", false
		}
	}
	if t.skip(rel) {
		return "", false
	}
	if !t.watched(rel) {
		return "", false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A renamed folder keeps its inotify watch under the old name; drop
		// it and everything below so events are never reported under a
		// path that no longer exists. The new name arrives as Create.
		prefix := ev.Name + string(filepath.Separator)
		for _, p := range t.w.WatchList() {
			if p == ev.Name || strings.HasPrefix(p, prefix) {
				_ = t.w.Remove(p)
			}
		}
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			t.addTree(ev.Name)
		}
	}
	return rel, true
}
