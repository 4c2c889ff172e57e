package builder

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/themes"
)

// TestPartialCachedOncePerKey: a cached partial runs once per key and
// render; every page with that key shows the first one's output, and a
// new key or a new render runs it again.
func TestPartialCachedOncePerKey(t *testing.T) {
	files := map[string]string{
		"kopij.toml": "title = \"Site\"\nbase_url = \"https://example.com/\"\n",
		// The footer shows the page's URL but is cached by language only:
		// every page in English shows the URL of the one rendered first.
		"themes/default/layouts/partials/footer.html": `<footer>{{.URL}} {{.Site.Title}}</footer>`,
		"themes/default/layouts/baseof.html":          `<!doctype html><html lang="{{.Lang}}"><body>{{block "main" .}}{{end}}{{partialCached "partials/footer.html" . .Lang}}</body></html>`,
		"content/posts/a.md":                          "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
		"content/posts/b.md":                          "---\ntitle: B\ndate: 2024-01-02\nlang: nl\n---\nB.\n",
		"content/posts/c.md":                          "---\ntitle: C\ndate: 2024-01-03\n---\nC.\n",
	}
	fsys := mapFS(files)
	opts := buildOpts()
	opts.Workers = 1
	bl := New(fsys, opts)
	site, err := bl.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	footers := map[string]map[string]bool{} // lang -> footers seen
	for p, o := range site.Files {
		if !strings.HasSuffix(p, ".html") || o.Data == nil {
			continue
		}
		s := string(o.Data)
		i := strings.Index(s, "<footer>")
		if i < 0 {
			continue
		}
		f := s[i : strings.Index(s, "</footer>")+len("</footer>")]
		lang := "en"
		if strings.Contains(s, `<html lang="nl"`) {
			lang = "nl"
		}
		if footers[lang] == nil {
			footers[lang] = map[string]bool{}
		}
		footers[lang][f] = true
	}
	if len(footers["en"]) != 1 || len(footers["nl"]) != 1 {
		t.Fatalf("footers by language = %v, want one each for en and nl", footers)
	}
	for f := range footers["nl"] {
		if !strings.Contains(f, "/posts/b/") {
			t.Errorf("Dutch footer %q, want the one Dutch page's URL", f)
		}
	}

	// The next render forgets the cache: a new title shows everywhere.
	fsys["kopij.toml"] = &fstest.MapFile{Data: []byte("title = \"Renamed\"\nbase_url = \"https://example.com/\"\n")}
	site, err = bl.Build(context.Background(), []string{"kopij.toml"})
	if err != nil {
		t.Fatal(err)
	}
	for p, o := range site.Files {
		if strings.HasSuffix(p, ".html") && o.Data != nil && strings.Contains(string(o.Data), "<footer>") && !strings.Contains(string(o.Data), "Renamed</footer>") {
			t.Errorf("%s kept the old footer after the title changed", p)
		}
	}
}

// TestPartialCachedDefaultThemeSameOutput: the default theme caches its
// header, footer, signup form and post summaries; every page must read as
// it does with each partial run for itself. The uncached theme is the
// default one with every partialCached call turned back into {{template}}.
func TestPartialCachedDefaultThemeSameOutput(t *testing.T) {
	files := map[string]string{
		"kopij.toml":       "title = \"Site\"\nbase_url = \"https://example.com/\"\nposts_per_page = 2\n[[menu]]\nname = \"About\"\nurl = \"/about/\"\n",
		"content/about.md": "---\ntitle: About\n---\nAbout us.\n",
	}
	for i, name := range []string{"one", "two", "three", "four", "five"} {
		lang := "en"
		if i%2 == 1 {
			lang = "nl"
		}
		files["content/posts/"+name+".md"] = "---\ntitle: " + name + "\ndate: 2024-01-0" + string(rune('1'+i)) + "\nlang: " + lang + "\ntags: [x, " + name + "]\n---\nThe body of " + name + ".\n\n<!--more-->\n\nMore.\n"
	}
	cached, err := Build(context.Background(), mapFS(files), buildOpts())
	if err != nil {
		t.Fatal(err)
	}
	plain := mapFS(files)
	for _, p := range []string{"layouts/baseof.html", "layouts/post.html", "layouts/partials/post-list.html", "layouts/partials/subscribe.html"} {
		data := readThemeFile(t, p)
		uncached := partialCachedCall.ReplaceAllString(string(data), `{{${1}template $2 $3}}`)
		if uncached == string(data) {
			t.Fatalf("%s has no partialCached call to undo", p)
		}
		plain["themes/default/"+p] = &fstest.MapFile{Data: []byte(uncached)}
	}
	uncached, err := Build(context.Background(), plain, buildOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(cached.Files) != len(uncached.Files) {
		t.Fatalf("%d files cached, %d uncached", len(cached.Files), len(uncached.Files))
	}
	n := 0
	for p, o := range uncached.Files {
		if o.Data == nil {
			continue
		}
		c := cached.Files[p]
		if c == nil {
			t.Errorf("%s missing", p)
			continue
		}
		if string(c.Data) != string(o.Data) {
			t.Errorf("%s differs with partialCached:\n%s\nwithout:\n%s", p, c.Data, o.Data)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("compared %d outputs", n)
	}
}

func TestPartialCachedErrors(t *testing.T) {
	post := "---\ntitle: x\ndate: 2024-01-01\n---\nx\n"
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"name not a string", map[string]string{"themes/default/layouts/partials/footer.html": "<footer>\n{{$n := \"partials/feeds.html\"}}\n{{partialCached $n . .Lang}}</footer>"},
			"themes/default/layouts/partials/footer.html:3: partialCached takes the partial's name as a quoted string"},
		{"no variants", map[string]string{"themes/default/layouts/partials/footer.html": "<footer>{{partialCached \"partials/feeds.html\"}}</footer>"},
			"themes/default/layouts/partials/footer.html:1: partialCached takes the partial's name"},
		{"unknown partial", map[string]string{"themes/default/layouts/partials/footer.html": "<footer>\n{{partialCached \"partials/nope.html\" . .Lang}}</footer>"},
			`themes/default/layouts/partials/footer.html:2: partialCached: there is no partial "partials/nope.html"`},
		{"itself", map[string]string{"themes/default/layouts/partials/footer.html": "<footer>{{partialCached \"partials/footer.html\" . .Lang}}</footer>"},
			`themes/default/layouts/partials/footer.html: partialCached "partials/footer.html" runs a partial that comes back to partials/footer.html`},
		{"through another", map[string]string{
			"themes/default/layouts/partials/footer.html": "<footer>{{partialCached \"partials/a.html\" . .Lang}}</footer>",
			"themes/default/layouts/partials/a.html":      "{{template \"partials/footer.html\" .}}"},
			`partialCached "partials/a.html" runs a partial that comes back to partials/footer.html`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/posts/x.md": post}
			for k, v := range tt.files {
				files[k] = v
			}
			done := make(chan error, 1)
			go func() { _, err := buildMap(t, files); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("build did not finish: a cached partial waits for itself")
			}
			if err == nil {
				t.Fatal("build succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// partialCachedCall matches {{partialCached "name" data variants...}}
// with its data a single word, as the default theme writes it.
var partialCachedCall = regexp.MustCompile(`\{\{(-? ?)partialCached ("[^"]+") (\S+)[^}]*\}\}`)

// readThemeFile reads a file of the embedded default theme.
func readThemeFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := fs.ReadFile(themes.Default(), p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPartialKey: keys of different variants differ, of equal ones agree.
func TestPartialKey(t *testing.T) {
	keys := map[string][]any{}
	for _, v := range [][]any{
		nil, {""}, {"en"}, {"nl"}, {"en", ""}, {Kind("en")}, {KindPost}, {KindPage},
		{[]FeedLink(nil)}, {[]FeedLink{{Type: "a", Title: "b", URL: "c"}}}, {[]FeedLink{{Type: "a", Title: "bc"}}},
		{[]FeedLink{{Type: "a"}, {Type: "b"}}}, {[]FeedLink{{Type: "ab"}}},
		{[]MenuLink{{Name: "x", URL: "/x/"}}}, {[]MenuLink{{Name: "x", URL: "/x/", Active: true}}},
		{[]MenuLink{{Name: "x", URL: "/x/"}, {Name: "y"}}}, {1}, {"1"}, {true}, {1.5}, {"ken"}, {"vint:1"},
	} {
		k := string(appendPartialKey(nil, "p", v))
		if prev, dup := keys[k]; dup {
			t.Errorf("variants %#v and %#v have the same key %q", prev, v, k)
		}
		keys[k] = v
		if again := string(appendPartialKey([]byte("junk")[:0], "p", v)); again != k {
			t.Errorf("key of %#v changed: %q, %q", v, k, again)
		}
	}
}
