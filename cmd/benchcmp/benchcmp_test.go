package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder/corpus"
)

// testHugo finds a Hugo binary for the pipeline test without installing
// one: $KOPIJ_HUGO, hugo on the PATH, or benchcmp's cache folder.
func testHugo() string {
	if p := os.Getenv("KOPIJ_HUGO"); p != "" {
		return p
	}
	if p, err := exec.LookPath("hugo"); err == nil {
		return p
	}
	if cache, err := os.UserCacheDir(); err == nil {
		p := filepath.Join(cache, "kopij-benchcmp", "hugo-"+hugoVersion, "hugo")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// expected counts what a build of the corpus of n posts must hold, from the
// posts' front matter: one page per post and tag, three feeds per tag, one
// page per category, and a list page for every 10 posts after the first 10
// of the home, each tag and each category.
func expected(n int) counts {
	tags, cats := map[string]int{}, map[string]int{}
	for i := range n {
		fm := string(corpus.Post(i))
		for _, line := range strings.Split(fm, "\n") {
			if rest, ok := strings.CutPrefix(line, "tags: ["); ok {
				for _, t := range strings.Split(strings.TrimSuffix(rest, "]"), ", ") {
					tags[t]++
				}
			}
			if rest, ok := strings.CutPrefix(line, "categories: ["); ok {
				cats[strings.TrimSuffix(rest, "]")]++
			}
		}
	}
	extra := func(posts int) int { return (posts+9)/10 - 1 }
	c := counts{Posts: n, TagPages: len(tags), TagFeeds: 3 * len(tags), CatPages: len(cats), ListPages: extra(n), SiteFeeds: 3, SearchIndex: true}
	for _, k := range tags {
		c.ListPages += extra(k)
	}
	for _, k := range cats {
		c.ListPages += extra(k)
	}
	return c
}

// TestPipeline runs benchcmp end to end on 25 posts: kopij alone when no
// Hugo is found, both otherwise. It checks what was built, never how fast.
func TestPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kopij and the corpus; skipped with -short")
	}
	const n = 25
	cfg := config{Sizes: []int{n}, Runs: 1, Rebuilds: true, Work: t.TempDir(), Hugo: testHugo()}
	if cfg.Hugo == "" {
		t.Log("no Hugo found (set KOPIJ_HUGO, put hugo on the PATH, or run go run ./cmd/benchcmp once to install it): timing kopij alone")
		cfg.Hugo = "off"
	}
	results, hugoVer, err := measureAll(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	r := results[0]
	want := expected(n)
	check := func(name string, got counts) {
		t.Helper()
		got.Sitemap, got.Files, got.Bytes = 0, 0, 0
		if got != want {
			t.Errorf("%s output:\n got %+v\nwant %+v", name, got, want)
		}
	}
	check("kopij", r.KopijCount)
	// kopij's sitemap lists the home, every post and every term page.
	if s := r.KopijCount.Sitemap; s != 1+n+want.TagPages+want.CatPages {
		t.Errorf("kopij sitemap: %d entries, want %d", s, 1+n+want.TagPages+want.CatPages)
	}
	if r.HasHugo {
		t.Logf("compared with Hugo %s", hugoVer)
		check("Hugo", r.HugoCount)
	}
	for name, s := range map[string]sample{"kopij": r.Kopij, "kopij again": r.KopijAgain, "kopij after an edit": r.KopijEdit} {
		if s.Wall <= 0 || s.CPU <= 0 {
			t.Errorf("%s: no time measured: %+v", name, s)
		}
	}
	var out bytes.Buffer
	writeTables(&out, results, cfg.Runs, hugoVer)
	if !strings.Contains(out.String(), "| 25 | kopij | 25 |") {
		t.Errorf("the tables lack the kopij counts row:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
}

func TestCompare(t *testing.T) {
	base := counts{Posts: 10, TagPages: 4, TagFeeds: 12, CatPages: 2, ListPages: 3, Sitemap: 17, SiteFeeds: 3, SearchIndex: true, Files: 80, Bytes: 1 << 20}
	for _, tc := range []struct {
		name   string
		change func(*counts)
		want   string // "" when the outputs are equivalent
	}{
		{"same", func(*counts) {}, ""},
		{"more files and index pages in the sitemap", func(c *counts) { c.Files += 10; c.Sitemap += sitemapSlack }, ""},
		{"somewhat larger", func(c *counts) { c.Bytes = c.Bytes * 3 / 2 }, ""},
		{"a post missing", func(c *counts) { c.Posts-- }, "posts: kopij 10, Hugo 9"},
		{"no tag feeds", func(c *counts) { c.TagFeeds = 4 }, "tag feeds: kopij 12, Hugo 4"},
		{"no pagination", func(c *counts) { c.ListPages = 0 }, "list pages: kopij 3, Hugo 0"},
		{"no search index", func(c *counts) { c.SearchIndex = false }, "search.json"},
		{"a sitemap of posts only", func(c *counts) { c.Sitemap = 10 }, "sitemap entries: kopij 17, Hugo 10"},
		{"far larger", func(c *counts) { c.Bytes *= 2 }, "output size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := base
			tc.change(&other)
			err := compare(base, other)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
}

func TestCountOutput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                       "",
		"index.xml":                        "",
		"atom.xml":                         "",
		"feed.json":                        "",
		"search.json":                      "[]",
		"sitemap.xml":                      "<urlset><url><loc>a</loc></url><url><loc>b</loc></url></urlset>",
		"page/1/index.html":                "redirect", // Hugo's alias of the first page
		"page/2/index.html":                "",
		"posts/a/index.html":               "",
		"posts/b/index.html":               "",
		"tags/index.html":                  "",
		"tags/go/index.html":               "",
		"tags/go/index.xml":                "",
		"tags/go/atom.xml":                 "",
		"tags/go/feed.json":                "",
		"tags/go/page/2/index.html":        "",
		"categories/x/index.html":          "",
		"categories/x/page/3/index.html":   "",
		"categories/x/page/two/index.html": "",
	}
	var size int64
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		size += int64(len(data))
	}
	got, err := countOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := counts{Posts: 2, TagPages: 1, TagFeeds: 3, CatPages: 1, ListPages: 3, Sitemap: 2, SiteFeeds: 3, SearchIndex: true, Files: len(files), Bytes: size}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("1000, 10k,50K")
	if err != nil || len(got) != 3 || got[0] != 1000 || got[1] != 10000 || got[2] != 50000 {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"", "ten", "0", "-5", "1000,"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q): no error", bad)
		}
	}
}

func TestHugoVersionOf(t *testing.T) {
	for in, want := range map[string]string{
		"hugo v0.165.0 linux/amd64 BuildDate=unknown\n":                         "v0.165.0",
		"hugo v0.165.0+extended linux/amd64 BuildDate=2026-01-01T00:00:00Z\n":   "v0.165.0",
		"hugo v0.140.2-aae02ca612a02e085c08366a9c9279f4abb39d94 darwin/arm64\n": "v0.140.2",
	} {
		if got := hugoVersionOf([]byte(in)); got != want {
			t.Errorf("hugoVersionOf(%q) = %q, want %q", in, got, want)
		}
	}
}
