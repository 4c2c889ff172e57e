package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/hints"
)

func TestServeHints(t *testing.T) {
	fsys := fstest.MapFS{
		"content/posts/wij.md": {Data: []byte("---\ntitle: Over ons\ndate: 2024-01-02\nlang: nl\n---\n\n" +
			strings.Repeat("Wij schrijven over ons bedrijf en onze mensen. Wij zijn trots op ons werk. ", 30) + "\n")},
		"content/posts/goed.md": {Data: []byte("---\ntitle: Goed\ndate: 2024-01-03\n---\n\nShort.\n")},
	}
	b := builder.New(fsys, builder.Options{Serve: true, Now: func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }})
	s := New(b, Options{})
	if _, err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}

	code, body := get("/_kopij/hints.json?url=/posts/wij/")
	if code != 200 {
		t.Fatalf("hints.json: %d", code)
	}
	var got struct {
		Posts []struct {
			File  string       `json:"file"`
			Hints []hints.Hint `json:"hints"`
		} `json:"posts"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Posts) != 1 || got.Posts[0].File != "content/posts/wij.md" {
		t.Fatalf("hints.json for one URL returned %+v", got.Posts)
	}
	ids := map[string]bool{}
	for _, h := range got.Posts[0].Hints {
		ids[h.ID] = true
	}
	if !ids["reader-focus"] {
		t.Errorf("we-heavy post lacks the reader-focus hint: %v", ids)
	}

	code, body = get("/_kopij/hints/")
	if code != 200 || !strings.Contains(body, "Over ons") || !strings.Contains(body, "reader") {
		t.Errorf("hints page: %d\n%s", code, body)
	}
	_, page := get("/posts/wij/")
	if !strings.Contains(page, hintsPanelTag) {
		t.Error("served post page lacks the hints panel script")
	}
	if out := s.Site().Files["posts/wij/index.html"]; out == nil || strings.Contains(string(out.Data), "/_kopij/") {
		t.Error("the built page itself must not carry serve-only scripts")
	}
	if code, js := get("/_kopij/hints.js"); code != 200 || !strings.Contains(js, "hints.json") || !strings.Contains(js, "/_kopij/email") {
		t.Errorf("hints.js: %d", code)
	}
}

// TestHintsPageInSiteLanguage checks that the hints page of a Dutch site
// speaks Dutch, and that every post's block is in its hints' language.
func TestHintsPageInSiteLanguage(t *testing.T) {
	fsys := fstest.MapFS{
		"kopij.toml": {Data: []byte("title = \"Blog\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n")},
		"content/posts/wij.md": {Data: []byte("---\ntitle: Over ons\ndate: 2024-01-02\n---\n\n" +
			strings.Repeat("Wij schrijven over ons bedrijf en onze mensen. Wij zijn trots op ons werk. ", 30) + "\n")},
		"content/posts/luid.md": {Data: []byte("---\ntitle: NU NIEUW BIJ ONS!!\ndate: 2024-01-03\n---\n\n" +
			strings.Repeat("Je leest hier elke week iets nieuws over je tuin en de planten die je er kweekt. ", 10) + "\n")},
	}
	b := builder.New(fsys, builder.Options{Serve: true, Now: func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }})
	s := New(b, Options{})
	if _, err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/_kopij/hints.json?url=/posts/luid/", nil))
	var got struct {
		Posts []struct {
			HintsLang string       `json:"hints_lang"`
			Subject   []hints.Hint `json:"subject"`
		} `json:"posts"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Posts) != 1 {
		t.Fatalf("hints.json: %v %s", err, rec.Body)
	}
	if p := got.Posts[0]; p.HintsLang != "nl" || len(p.Subject) != 1 || p.Subject[0].ID != "subject-caps" || !strings.Contains(p.Subject[0].Message, "schreeuwt") {
		t.Errorf("the panel's data for a shouting title: %+v, want hints_lang nl and subject-caps in Dutch", p)
	}

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/_kopij/hints/", nil))
	body := rec.Body.String()
	for _, want := range []string{`<html lang="nl">`, "<h1>Hints voor je lezers</h1>", " van 2 stukken.", " woorden ", "regel "} {
		if !strings.Contains(body, want) {
			t.Errorf("Dutch hints page lacks %q", want)
		}
	}
	for _, bad := range []string{"Retention hints", " words ", "line ", " of 2 posts"} {
		if strings.Contains(body, bad) {
			t.Errorf("Dutch hints page holds English %q", bad)
		}
	}
}
