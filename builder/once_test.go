package builder

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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
