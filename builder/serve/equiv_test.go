package serve

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/corpus"
	"github.com/kopij/kopij/builder/hints"
)

// TestServeEqualsFullBuild replays the random edit sequences of the
// builder's equivalence test on a site kopij serve watches, through the
// real watcher, batching and cancelled builds: after every edit the
// served site settles on exactly the files and hints of a fresh full
// build, and a broken file shows the error overlay while the last good
// site stays served.
func TestServeEqualsFullBuild(t *testing.T) {
	steps := 20
	if testing.Short() {
		steps = 8
	}
	opts := builder.Options{Drafts: true, Future: true, Serve: true, Now: func() time.Time { return corpus.EditsNow }, Workers: 2}
	for seed := range uint64(2) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			s := corpus.NewEdits(t, t.TempDir(), seed)
			ls := serveDir(t, s.Dir, opts)
			events, stop := ls.srv.Subscribe()
			defer stop()
			var history []string
			for range steps {
				name, _ := s.Step()
				history = append(history, name)
				if posts := s.Posts(); s.Rand.IntN(8) == 0 && len(posts) > 0 {
					p := posts[s.Rand.IntN(len(posts))]
					good := s.Read(p)
					settle(t, ls, opts, history)
					s.Write(p, "---\ntitle: [broken\n---\n\nx\n")
					nextEvent(t, events, "error")
					s.Write(p, good)
					history = append(history, "break and fix "+p)
				}
				settle(t, ls, opts, history)
			}
		})
	}
}

// settle waits until the served site equals a fresh full build of the
// files on disk, and fails with the difference after a generous deadline.
func settle(t *testing.T, ls *liveSite, opts builder.Options, history []string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		want, err := builder.Build(context.Background(), os.DirFS(ls.dir), opts)
		if err != nil {
			t.Fatalf("after %v: full build: %v", history, err)
		}
		diff := siteDiff(t, ls.srv.Site(), want)
		if diff == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after\n  %s\nthe served site differs from a full build: %s\nlog:\n%s", strings.Join(history, "\n  "), diff, ls.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// siteDiff names the first difference between what two Sites serve: their
// files and their hints.
func siteDiff(t *testing.T, got, want *builder.Site) string {
	read := func(o *builder.Output) []byte {
		if o.Data != nil || o.FS == nil {
			return o.Data
		}
		data, err := fs.ReadFile(o.FS, o.Source)
		if err != nil {
			t.Fatalf("read %s: %v", o.Source, err)
		}
		return data
	}
	for _, p := range slices.Sorted(maps.Keys(want.Files)) {
		g, ok := got.Files[p]
		if !ok {
			return "missing " + p
		}
		if !bytes.Equal(read(g), read(want.Files[p])) {
			return "differs " + p
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			return "extra " + p
		}
	}
	var gh, wh bytes.Buffer
	if err := hints.WriteJSON(&gh, got.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if err := hints.WriteJSON(&wh, want.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gh.Bytes(), wh.Bytes()) {
		return "hints differ"
	}
	return ""
}
