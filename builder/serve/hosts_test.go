package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder"
)

func TestHostAllowed(t *testing.T) {
	allow := []string{"laptop.local", "192.168.1.20"}
	for host, want := range map[string]bool{
		"localhost":              true,
		"localhost:1313":         true,
		"LOCALHOST:1313":         true,
		"blog.localhost:1313":    true,
		"127.0.0.1:1313":         true,
		"127.1.2.3":              true,
		"[::1]:1313":             true,
		"::1":                    true,
		"laptop.local:1313":      true,
		"192.168.1.20:1313":      true,
		"evil.example":           false,
		"evil.example:1313":      false,
		"127.0.0.1.evil.example": false,
		"localhost.evil.example": false,
		"evillocalhost":          false,
		"192.168.1.21:1313":      false,
		"[::2]:1313":             false,
		"0.0.0.0:1313":           false,
		"":                       false,
	} {
		if got := HostAllowed(host, allow); got != want {
			t.Errorf("HostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
	if !HostAllowed("anything.example", []string{"*"}) {
		t.Error(`"*" does not allow any host`)
	}
}

// TestServeRefusesForeignHosts sends requests with forged Host headers, as
// a DNS-rebinding page does, to every kind of route: the site, a draft,
// the live-reload script and a mounted handler such as the signup form.
// Each gets 421 and reaches no route; loopback names and the allowed
// host are served.
func TestServeRefusesForeignHosts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/posts/draft.md", postFile("Draft", "secret draft words", "draft: true\n"))
	fsys, err := builder.OpenSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	srv := New(builder.New(fsys, builder.Options{Serve: true, Drafts: true}), Options{AllowHosts: []string{"laptop.local"}})
	if _, err := srv.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	posted := 0
	srv.Handle("/_newsletter/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { posted++ }))
	do := func(method, host, p string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, p, strings.NewReader("email=a%40example.com"))
		r.Host = host
		r.Header.Set("Origin", "http://"+host)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	routes := []struct{ method, path string }{{"GET", "/posts/draft/"}, {"GET", "/"}, {"GET", "/_kopij/livereload.js"}, {"POST", "/_newsletter/subscribe"}}
	for _, host := range []string{"evil.example:1313", "evil.example", "127.0.0.1.evil.example:1313", "localhost.evil.example"} {
		for _, rt := range routes {
			w := do(rt.method, host, rt.path)
			if w.Code != http.StatusMisdirectedRequest || strings.Contains(w.Body.String(), "secret draft") || !strings.Contains(w.Body.String(), "--allow-host") {
				t.Errorf("%s %s for host %s: %d %q, want 421 with a plain message", rt.method, rt.path, host, w.Code, w.Body)
			}
		}
	}
	if posted != 0 {
		t.Errorf("the signup handler saw %d forged requests", posted)
	}
	for _, host := range []string{"127.0.0.1:1313", "localhost:1313", "[::1]:1313", "blog.localhost:1313", "laptop.local:1313"} {
		if w := do("GET", host, "/posts/draft/"); w.Code != 200 || !strings.Contains(w.Body.String(), "secret draft") {
			t.Errorf("GET draft for host %s: %d", host, w.Code)
		}
	}
	if w := do("POST", "localhost:1313", "/_newsletter/subscribe"); w.Code != 200 || posted != 1 {
		t.Errorf("POST signup for localhost: %d, handler saw %d", w.Code, posted)
	}
}
