package builder

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ sections and summary.txt of testdata/sites/*.txtar")

// goldenNow is the clock of every golden site unless its comment says "now: ...".
var goldenNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// TestSites builds each testdata/sites/*.txtar from its content sections and
// compares the outputs named by its want/ sections, plus summary.txt: every
// output path, the next scheduled date and the warnings. The archive comment
// holds options, one per line: "drafts", "future", "minify",
// "now: RFC3339", "base-url: URL", and "content-only", which compares only
// the body of post and page outputs (the default theme's div.content).
func TestSites(t *testing.T) {
	names, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(names) == 0 {
		t.Fatalf("no golden sites: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			t.Parallel()
			testSite(t, name)
		})
	}
}

func testSite(t *testing.T, name string) {
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{NoMinify: true, Now: func() time.Time { return goldenNow }, Workers: 2}
	contentOnly := false
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(l), ":")
		v = strings.TrimSpace(v)
		switch k {
		case "drafts":
			opts.Drafts = true
		case "future":
			opts.Future = true
		case "minify":
			opts.NoMinify = false
		case "now":
			now, err := time.Parse(time.RFC3339, v)
			if err != nil {
				t.Fatalf("comment: %v", err)
			}
			opts.Now = func() time.Time { return now }
		case "base-url":
			opts.BaseURL = v
		case "content-only":
			contentOnly = true
		}
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") && f.Name != "summary.txt" {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	site, err := Build(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	changed := false
	for i := range ar.Files {
		f := &ar.Files[i]
		var got []byte
		switch {
		case f.Name == "summary.txt":
			got = siteSummary(site)
		case strings.HasPrefix(f.Name, "want/"):
			p := strings.TrimPrefix(f.Name, "want/")
			o := site.Files[p]
			if o == nil {
				t.Errorf("%s: not in the built site", p)
				continue
			}
			got = outputBytes(t, o)
			if contentOnly && strings.HasSuffix(p, ".html") {
				got = bodyOf(got)
			}
		default:
			continue
		}
		if len(got) > 0 && got[len(got)-1] != '\n' {
			got = append(got, '\n') // txtar ends every file with a newline
		}
		if !bytes.Equal(got, f.Data) {
			if *update {
				f.Data = got
				changed = true
				continue
			}
			t.Errorf("%s differs (run go test -run TestSites -update to accept):\n%s", f.Name, lineDiff(f.Data, got))
		}
	}
	if changed {
		if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// bodyOf is the rendered body in a page of the default theme, unminified:
// what div.content holds.
func bodyOf(page []byte) []byte {
	_, rest, ok := bytes.Cut(page, []byte("<div class=\"content\">\n"))
	if !ok {
		return page
	}
	if i := bytes.Index(rest, []byte("\n  </div>")); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// siteSummary lists what a build produced beyond file contents.
func siteSummary(s *Site) []byte {
	var b strings.Builder
	paths := make([]string, 0, len(s.Files))
	for p := range s.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintln(&b, p)
	}
	if !s.NextScheduled.IsZero() {
		fmt.Fprintln(&b, "next scheduled:", s.NextScheduled.Format(time.RFC3339))
	}
	for _, p := range s.Posts {
		fmt.Fprintf(&b, "post %s %s words=%d minutes=%d\n", p.URL, strconv.Quote(p.Title), p.WordCount, p.ReadingTime)
	}
	for _, w := range s.Warnings {
		fmt.Fprintln(&b, "warning:", w)
	}
	return []byte(b.String())
}

func outputBytes(t testing.TB, o *Output) []byte {
	t.Helper()
	if o.Data != nil || o.FS == nil {
		return o.Data
	}
	data, err := fs.ReadFile(o.FS, o.Source)
	if err != nil {
		t.Fatalf("read %s: %v", o.Source, err)
	}
	return data
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\n got: %q", i+1, wl, gl)
		}
	}
	return "(only line endings differ)"
}
