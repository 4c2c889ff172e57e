package builder

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder/corpus"
	"github.com/kopij/kopij/builder/hints"
)

var (
	equivSeeds = flag.Int("equiv-seeds", 2, "edit sequences TestIncrementalEqualsFullBuild runs per option set")
	equivFirst = flag.Int("equiv-first", 0, "first seed of TestIncrementalEqualsFullBuild")
)

// equivNow is the clock of the randomized test: some posts are dated after it.
var equivNow = corpus.EditsNow

// TestIncrementalEqualsFullBuild applies random edit sequences to a site on
// disk and checks after every step that the incremental build equals a
// fresh full build byte for byte, and that Site.Changed names every output
// that differs from the previous build.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	steps := 30
	if testing.Short() {
		steps = 10
	}
	bodyBuilds := 0
	for seed := uint64(*equivFirst); seed < uint64(*equivFirst+*equivSeeds); seed++ {
		for _, opts := range []Options{
			{Drafts: true, Future: true, Serve: true, Now: func() time.Time { return equivNow }, Workers: 2},
			{Now: func() time.Time { return equivNow }, Workers: 2},
		} {
			t.Run(fmt.Sprintf("seed%d/drafts=%v", seed, opts.Drafts), func(t *testing.T) {
				s := corpus.NewEdits(t, t.TempDir(), seed)
				ctx := context.Background()
				inc := New(os.DirFS(s.Dir), opts)
				prev, err := inc.Build(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				var history []string
				bodies := 0
				for i := range steps {
					name, changed := s.Step()
					history = append(history, name)
					// Now and then a broken file first, which must leave the
					// builder usable.
					if posts := s.Posts(); s.Rand.IntN(10) == 0 && len(posts) > 0 {
						p := posts[s.Rand.IntN(len(posts))]
						good := s.Read(p)
						s.Write(p, "---\ntitle: [broken\n---\n\nx\n")
						if _, err := inc.Build(ctx, []string{p}); err == nil {
							t.Fatalf("step %d: broken front matter in %s built without error", i, p)
						}
						s.Write(p, good)
						changed = append(changed, p)
						history = append(history, "break and fix "+p)
					}
					got, err := inc.Build(ctx, changed)
					want, werr := New(os.DirFS(s.Dir), opts).Build(ctx, nil)
					if (err == nil) != (werr == nil) {
						t.Fatalf("after %v: incremental error %v, full build error %v", history, err, werr)
					}
					if err != nil {
						continue
					}
					if inc.bodyBuilds > bodies {
						bodies = inc.bodyBuilds
						history[len(history)-1] += " (body edit)"
					}
					compareSites(t, history, got, want)
					checkChanged(t, history, prev, got)
					prev = got
				}
				bodyBuilds += bodies
			})
		}
	}
	t.Logf("%d steps were built as body edits", bodyBuilds)
	if bodyBuilds == 0 {
		t.Error("no step was built as a body edit: the sequences miss the fast path")
	}
}

func equivBytes(t *testing.T, o *Output) []byte {
	if o.Data != nil || o.FS == nil {
		return o.Data
	}
	data, err := fs.ReadFile(o.FS, o.Source)
	if err != nil {
		t.Fatalf("read %s: %v", o.Source, err)
	}
	return data
}

func compareSites(t *testing.T, history []string, got, want *Site) {
	t.Helper()
	var diffs []string
	for p, w := range want.Files {
		g, ok := got.Files[p]
		if !ok {
			diffs = append(diffs, "missing "+p)
			continue
		}
		if gb, wb := equivBytes(t, g), equivBytes(t, w); !bytes.Equal(gb, wb) {
			diffs = append(diffs, fmt.Sprintf("differs %s:\n  incremental %s\n  full        %s", p, excerptDiff(gb, wb), excerptDiff(wb, gb)))
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	if !reflect.DeepEqual(got.Warnings, want.Warnings) {
		diffs = append(diffs, fmt.Sprintf("warnings %q, full build %q", got.Warnings, want.Warnings))
	}
	if !got.NextScheduled.Equal(want.NextScheduled) {
		diffs = append(diffs, fmt.Sprintf("next scheduled %v, full build %v", got.NextScheduled, want.NextScheduled))
	}
	if g, w := pageFiles(got.Posts), pageFiles(want.Posts); !slices.Equal(g, w) {
		diffs = append(diffs, fmt.Sprintf("posts %q, full build %q", g, w))
	}
	if g, w := pageFiles(got.Pages), pageFiles(want.Pages); !slices.Equal(g, w) {
		diffs = append(diffs, fmt.Sprintf("pages %q, full build %q", g, w))
	}
	var gh, wh bytes.Buffer
	if err := hints.WriteJSON(&gh, got.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if err := hints.WriteJSON(&wh, want.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gh.Bytes(), wh.Bytes()) {
		diffs = append(diffs, fmt.Sprintf("hints:\n  incremental %s\n  full        %s", excerptDiff(gh.Bytes(), wh.Bytes()), excerptDiff(wh.Bytes(), gh.Bytes())))
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 8 {
			diffs = diffs[:8]
		}
		t.Fatalf("after %s\nincremental build differs from a full build:\n%s", strings.Join(history, "\n  "), strings.Join(diffs, "\n"))
	}
}

func pageFiles(pages []*Page) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.File
	}
	return out
}

// excerptDiff shows a's bytes around the first difference from b.
func excerptDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-60), min(len(a), i+60)
	return fmt.Sprintf("%q", a[lo:hi])
}

func checkChanged(t *testing.T, history []string, prev, cur *Site) {
	t.Helper()
	changed := map[string]bool{}
	for _, p := range cur.Changed {
		changed[p] = true
	}
	for p, o := range cur.Files {
		old, ok := prev.Files[p]
		if (!ok || !bytes.Equal(equivBytes(t, old), equivBytes(t, o))) && !changed[p] && o.Data != nil {
			t.Fatalf("after %s\n%s changed but Site.Changed does not name it", strings.Join(history, "\n  "), p)
		}
	}
	for p := range prev.Files {
		if _, ok := cur.Files[p]; !ok && !changed[p] {
			t.Fatalf("after %s\n%s was removed but Site.Changed does not name it", strings.Join(history, "\n  "), p)
		}
	}
}
