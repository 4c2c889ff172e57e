package newsletter_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopij/kopij/newsletter"
)

func writeSite(t *testing.T, dir, version string) {
	t.Helper()
	for name, body := range map[string]string{
		"index.html":         "<h1>home " + version + "</h1>",
		"posts/a/index.html": "<h1>post a " + version + "</h1>",
		"404.html":           "<h1>not here</h1>",
		"css/style.css":      "body{}",
		".kopij/secret":      "no",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSiteHandler(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	writeSite(t, dir, "v1")
	h := newsletter.SiteHandler(dir)
	do := func(method, path string) (int, string, http.Header) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		body, _ := io.ReadAll(w.Result().Body)
		return w.Code, string(body), w.Header()
	}
	cases := []struct {
		method, path string
		code         int
		body, loc    string
	}{
		{"GET", "/", 200, "home v1", ""},
		{"GET", "/posts/a/", 200, "post a v1", ""},
		{"GET", "/posts/a", 301, "", "a/"},
		{"GET", "/posts/a?x=1", 301, "", "a/?x=1"},
		{"GET", "/css/style.css", 200, "body{}", ""},
		{"HEAD", "/posts/a/", 200, "", ""},
		{"GET", "/nope/", 404, "not here", ""},
		{"GET", "/posts/", 404, "not here", ""}, // a folder without index.html: no listing
		{"GET", "/.kopij/secret", 404, "not here", ""},
		{"GET", "/../../etc/passwd", 404, "not here", ""},
		{"POST", "/", 405, "", ""},
	}
	for _, c := range cases {
		code, body, hdr := do(c.method, c.path)
		if code != c.code || !strings.Contains(body, c.body) || hdr.Get("Location") != c.loc {
			t.Errorf("%s %s = %d %q (Location %q), want %d %q %q", c.method, c.path, code, body, hdr.Get("Location"), c.code, c.body, c.loc)
		}
	}
	// A build swaps in a new folder by rename: the next request sees it.
	next := filepath.Join(root, ".public.new")
	writeSite(t, next, "v2")
	if err := os.Rename(dir, filepath.Join(root, "old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, dir); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(root, "old"))
	if code, body, _ := do("GET", "/posts/a/"); code != 200 || !strings.Contains(body, "post a v2") {
		t.Errorf("after the swap: %d %q", code, body)
	}
}
