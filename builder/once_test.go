package builder

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/builder/hints"
)

// TestOneShotBuildDropsSources checks that a Builder that builds once (the
// package function Build) lets go of the bytes of the content files after
// parsing them, and makes the very same site as a Builder that keeps them
// for the next build.
func TestOneShotBuildDropsSources(t *testing.T) {
	fsys := corpusFS(40)
	fsys["content/posts/thread/index.md"] = &fstest.MapFile{Data: []byte(commentsPost)}
	fsys["content/posts/thread/comments.yaml"] = &fstest.MapFile{Data: []byte(`comments:
  - {id: "1", author: A, date: 2020-01-02T11:00:00Z, body: "first"}
  - {id: "2", parent: "1", author: B, date: 2020-01-02T12:00:00Z, body: "answer to A"}
`)}
	fsys["content/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nA page with a {{< figure src=\"/x.jpg\" >}} shortcode.\n")}
	opts := Options{Now: func() time.Time { return benchNow }}
	build := func(once bool) (*Builder, []byte) {
		b := New(fsys, opts)
		b.once = once
		site, err := b.Build(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(site.Posts) != 41 || len(site.Pages) != 1 || !hasComments(site) {
			t.Fatalf("%d posts and %d pages; want 41, one with comments, and 1", len(site.Posts), len(site.Pages))
		}
		return b, siteBytes(t, site)
	}
	keep, want := build(false)
	once, got := build(true)
	if !bytes.Equal(got, want) {
		t.Errorf("the one-shot build differs from the one that keeps its sources:\n%s", excerptDiff(want, got))
	}
	for p, e := range once.parsed {
		if e.page != nil && e.page.hints != nil {
			t.Errorf("%s: the one-shot build still holds the hints it made the site's from", p)
		}
		if k := keep.parsed[p]; k.page != nil && k.page.hints == nil {
			t.Errorf("%s: the Builder that builds again dropped its hints", p)
		}
	}
	for p, f := range once.src.files {
		kept := keep.src.files[p]
		switch {
		case strings.HasPrefix(p, contentDir+"/"):
			if f.data != nil {
				t.Errorf("%s: the one-shot build still holds its %d bytes", p, len(f.data))
			}
			if kept.data == nil {
				t.Errorf("%s: the Builder that builds again dropped its bytes", p)
			}
			if f.hash != kept.hash {
				t.Errorf("%s: fingerprint %x, want %x", p, f.hash, kept.hash)
			}
		case p == ConfigFile && f.data == nil:
			t.Errorf("%s: dropped", p)
		}
	}
}

func hasComments(s *Site) bool {
	for _, p := range s.Posts {
		if p.CommentCount > 0 {
			return true
		}
	}
	return false
}

// TestHintCounts checks that a build with Options.HintCounts writes the
// same files and counts the same hints, with the same IDs, severities and
// lines, as one that keeps their messages and passages.
func TestHintCounts(t *testing.T) {
	fsys := corpusFS(30)
	opts := Options{Now: func() time.Time { return benchNow }}
	full, err := Build(context.Background(), fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.HintCounts = true
	counted, err := Build(context.Background(), fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	for p, o := range full.Files {
		c := counted.Files[p]
		if c == nil || !bytes.Equal(outputBytes(t, c), outputBytes(t, o)) {
			t.Errorf("%s differs with HintCounts", p)
		}
	}
	if len(counted.Files) != len(full.Files) {
		t.Errorf("%d files with HintCounts, want %d", len(counted.Files), len(full.Files))
	}
	if got, want := hints.SiteSummary("en", counted.Hints), hints.SiteSummary("en", full.Hints); got != want || want == "" {
		t.Errorf("summary %q, want %q", got, want)
	}
	links := 0
	for i, fp := range full.Hints {
		cp := counted.Hints[i]
		if cp.Report.Links != nil {
			t.Errorf("%s: keeps its %d links", cp.File, len(cp.Report.Links))
		}
		if cp.File != fp.File || cp.Report.Metrics != fp.Report.Metrics || len(cp.Report.Hints) != len(fp.Report.Hints) {
			t.Fatalf("%s: %+v, want %+v", fp.File, cp, fp)
		}
		for j, h := range fp.Report.Hints {
			c := cp.Report.Hints[j]
			if c.ID != h.ID || c.Severity != h.Severity || c.Line != h.Line {
				t.Errorf("%s: hint %d is %s %s line %d, want %s %s line %d", fp.File, j, c.ID, c.Severity, c.Line, h.ID, h.Severity, h.Line)
			}
			if c.Message != "" || c.Fix != "" || c.Text != "" || c.Passages != nil {
				t.Errorf("%s: hint %s keeps its texts: %+v", fp.File, c.ID, c)
			}
			if h.ID == "orphan" || h.ID == "no-internal-link" {
				links++
			}
		}
	}
	if links == 0 {
		t.Error("no hint about links: the test misses those made after the parse")
	}
}
