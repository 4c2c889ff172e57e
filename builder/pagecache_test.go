package builder

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/kopij/kopij/builder/hints"
	"golang.org/x/tools/txtar"
)

// TestPageCacheRevives builds every test site of testdata/sites once to
// fill a page cache, then again with every page taken from that cache,
// and checks that each revived page is the page a fresh parse makes and
// that the site is byte for byte the same: the sites hold bundles with
// comments, titles from headings, Dutch text in an English site, Hugo
// shortcodes, Jekyll Liquid, aliases and warnings.
func TestPageCacheRevives(t *testing.T) {
	names, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(names) == 0 {
		t.Fatalf("no test sites: %v", err)
	}
	sites := map[string]fstest.MapFS{
		// A Dutch post in an English site, which takes the language its
		// text is in, and one whose title is its first heading.
		"languages": {
			"kopij.toml":               {Data: []byte("title = \"T\"\nbase_url = \"https://example.com/\"\n")},
			"content/posts/nl.md":      {Data: []byte("---\ntitle: Schrijven\ndate: 2024-01-02\n---\nHet is belangrijk dat je elke dag schrijft, want de lezers van je blog willen weten wat je denkt en waarom je dat vindt.\n")},
			"content/posts/heading.md": {Data: []byte("---\ndate: 2024-01-03\n---\n# The title is here\n\nSome text.\n")},
		},
	}
	for _, name := range names {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{}
		for _, f := range ar.Files {
			if !strings.HasPrefix(f.Name, "want/") && f.Name != "summary.txt" {
				fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
			}
		}
		sites[strings.TrimSuffix(filepath.Base(name), ".txtar")] = fsys
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
			dir := t.TempDir()
			build := func(cache *BuildCache, counts bool) (*Site, *Builder) {
				t.Helper()
				opts := Options{Drafts: true, Now: func() time.Time { return now }, Workers: 2, Cache: cache, HintCounts: counts}
				b := New(fsys, opts)
				site, err := b.Build(context.Background(), nil)
				if err != nil {
					t.Fatalf("build: %v", err)
				}
				return site, b
			}
			for _, counts := range []bool{false, true} {
				first := &BuildCache{dir: dir, identity: 1}
				build(first, counts)
				if err := first.writePages(); err != nil {
					t.Fatal(err)
				}
				got, b := build(&BuildCache{dir: dir, identity: 1}, counts)
				if b.converted != 0 {
					t.Errorf("HintCounts %v: %d content files converted, want all taken from the cache", counts, b.converted)
				}
				want, fb := build(nil, counts)
				for file, e := range fb.parsed {
					r := b.parsed[file]
					if e.page == nil || r == nil || r.page == nil {
						if (e.page == nil) != (r == nil || r.page == nil) {
							t.Errorf("%s: parsed %v, revived %v", file, e.page != nil, r != nil && r.page != nil)
						}
						continue
					}
					if !reflect.DeepEqual(normalPage(r.page), normalPage(e.page)) {
						t.Errorf("HintCounts %v: %s revived as\n%+v\nparsed as\n%+v", counts, file, *normalPage(r.page), *normalPage(e.page))
					}
				}
				if g, w := siteSummary(got), siteSummary(want); !bytes.Equal(g, w) {
					t.Errorf("HintCounts %v: summary differs:\n%s", counts, lineDiff(w, g))
				}
				for p, o := range want.Files {
					if g := got.Files[p]; g == nil || !bytes.Equal(outputBytes(t, g), outputBytes(t, o)) {
						t.Errorf("HintCounts %v: %s differs", counts, p)
					}
				}
			}
		})
	}
}

// normalPage is a copy of p with the lists a cache may give back as nil
// instead of empty made nil, for comparing.
func normalPage(p *Page) *Page {
	c := *p
	nilEmpty(&c.Headings)
	nilEmpty(&c.QueryAliases)
	nilEmpty(&c.warnings)
	if p.hints != nil {
		r := *p.hints
		nilEmpty(&r.Links)
		r.Hints = append([]hints.Hint(nil), r.Hints...)
		for i := range r.Hints {
			nilEmpty(&r.Hints[i].Passages)
		}
		nilEmpty(&r.Hints)
		c.hints = &r
	}
	return &c
}

func nilEmpty[T any](s *[]T) {
	if len(*s) == 0 {
		*s = nil
	}
}

// FuzzReadPages feeds readPages damaged page files whose checksum is made
// to fit, so the bytes reach the decoder: it must return an error or
// pages, never panic.
func FuzzReadPages(f *testing.F) {
	dir := f.TempDir()
	file := filepath.Join(dir, "pages.gob")
	out, err := os.Create(file)
	if err != nil {
		f.Fatal(err)
	}
	h := pagesHeader{Identity: 1, ConfigKey: 2}
	pages := map[string]*cachedPage{"content/posts/a.md": {Title: "A", Content: "<p>a</p>", Headings: []Heading{{Level: 2, ID: "x", Text: "X"}},
		Hints: &hints.Report{Lang: "en", Hints: []hints.Hint{{ID: "flesch", Line: 3}}}}}
	err = encodePages(out, h, pages)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	if got, err := readPages(file, h); err != nil || got["content/posts/a.md"] == nil || got["content/posts/a.md"].Content != "<p>a</p>" {
		f.Fatalf("the pages written do not read back: %v, %v", got, err)
	}
	body := good[len(pagesMagic)+8 : len(good)-24]
	f.Add(body, uint64(len("<p>a</p>")))
	f.Add([]byte{}, uint64(0))
	f.Add(body[:len(body)/2], uint64(3))
	f.Fuzz(func(t *testing.T, body []byte, at uint64) {
		data := append(append(slices.Clone(pagesMagic), binary.LittleEndian.AppendUint64(nil, pagesFormat)...), body...)
		content, records := body, []byte(nil)
		if at <= uint64(len(body)) {
			content, records = body[:at], body[at:]
		}
		data = binary.LittleEndian.AppendUint64(data, at)
		data = binary.LittleEndian.AppendUint64(data, xxhash.Sum64(content))
		data = binary.LittleEndian.AppendUint64(data, xxhash.Sum64(records))
		file := filepath.Join(t.TempDir(), "pages.gob")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readPages(file, h)
		if err == nil && got != nil {
			for _, p := range got {
				_ = len(p.Content) + len(p.Title)
			}
		}
	})
}
