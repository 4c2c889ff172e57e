package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/watch"
)

// liveSite is a site folder on disk served by a Server that watches it.
type liveSite struct {
	t    *testing.T
	dir  string
	srv  *Server
	http *httptest.Server
	log  *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for the rebuild goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func postFile(title, body string, extra ...string) string {
	return fmt.Sprintf("---\ntitle: %q\ndate: 2024-03-01T10:00:00Z\n%s---\n\n%s\n", title, strings.Join(extra, ""), body)
}

// startLiveSite writes files under a temp folder, builds, serves and
// watches it until the test ends.
func startLiveSite(t *testing.T, files map[string]string) *liveSite {
	t.Helper()
	files[builder.ConfigFile] = "title = \"Live\"\nbase_url = \"https://example.com/\"\n"
	return startLiveSiteWith(t, files, builder.Options{Drafts: true, Future: true, Serve: true})
}

func startLiveSiteWith(t *testing.T, files map[string]string, opts builder.Options) *liveSite {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		writeFile(t, dir, p, data)
	}
	return serveDir(t, dir, opts)
}

// serveDir builds, serves and watches the site folder dir until the test
// ends.
func serveDir(t *testing.T, dir string, opts builder.Options) *liveSite {
	t.Helper()
	ls := &liveSite{t: t, dir: dir, log: &syncBuffer{}}
	fsys, err := builder.OpenSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	b := builder.New(fsys, opts)
	ls.srv = New(b, Options{Log: ls.log})
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := ls.srv.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	w, err := watchSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ls.srv.Run(ctx, w) }()
	ls.http = httptest.NewServer(ls.srv)
	t.Cleanup(func() {
		ls.http.CloseClientConnections()
		ls.http.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		w.Close()
	})
	return ls
}

// watchSite watches a site folder as kopij serve does.
func watchSite(dir string) (*watch.Watcher, error) {
	return watch.New(dir, watch.Options{Paths: builder.Sources(), Ignore: builder.IsIgnored, Skip: builder.Skipped})
}

func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (ls *liveSite) get(p string) (int, string) {
	ls.t.Helper()
	resp, err := http.Get(ls.http.URL + p)
	if err != nil {
		ls.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		ls.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitFor polls until the page at p answers status with a body holding
// want, and fails after a generous deadline.
func (ls *liveSite) waitFor(p string, status int, want string) string {
	ls.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := ls.get(p)
		if code == status && strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			ls.t.Fatalf("GET %s: status %d, want %d with %q; log:\n%s", p, code, status, want, ls.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeFollowsEdits(t *testing.T) {
	ls := startLiveSite(t, map[string]string{
		"content/posts/hello.md": postFile("Hello", "First words."),
		"content/posts/other.md": postFile("Other", "Other words."),
	})
	body := ls.waitFor("/posts/hello/", 200, "First words.")
	if !strings.Contains(body, liveReloadTag+hintsPanelTag+"</body>") {
		t.Fatalf("served page lacks the live-reload script before </body>")
	}
	if stored := string(ls.srv.Site().Files["posts/hello/index.html"].Data); strings.Contains(stored, liveReloadTag) {
		t.Fatalf("the script was injected into the stored bytes")
	}

	t.Run("write in place", func(t *testing.T) {
		writeFile(t, ls.dir, "content/posts/hello.md", postFile("Hello", "Second words."))
		ls.waitFor("/posts/hello/", 200, "Second words.")
	})
	t.Run("atomic save through a temp file", func(t *testing.T) {
		writeFile(t, ls.dir, "content/posts/hello.md.tmp", postFile("Hello", "Third words."))
		if err := os.Rename(filepath.Join(ls.dir, "content/posts/hello.md.tmp"), filepath.Join(ls.dir, "content/posts/hello.md")); err != nil {
			t.Fatal(err)
		}
		ls.waitFor("/posts/hello/", 200, "Third words.")
	})
	t.Run("new folder with a post", func(t *testing.T) {
		writeFile(t, ls.dir, "content/posts/2024/deep/new.md", postFile("Brand new", "New words."))
		ls.waitFor("/posts/new/", 200, "New words.")
		ls.waitFor("/", 200, "Brand new")
		writeFile(t, ls.dir, "content/posts/2024/deep/later.md", postFile("Later", "Later words."))
		ls.waitFor("/posts/later/", 200, "Later words.")
	})
	t.Run("renamed folder", func(t *testing.T) {
		if err := os.Rename(filepath.Join(ls.dir, "content/posts/2024"), filepath.Join(ls.dir, "content/posts/2025")); err != nil {
			t.Fatal(err)
		}
		ls.waitFor("/posts/new/", 200, "New words.")
		writeFile(t, ls.dir, "content/posts/2025/deep/new.md", postFile("Brand new", "Moved words."))
		ls.waitFor("/posts/new/", 200, "Moved words.")
	})
	t.Run("delete", func(t *testing.T) {
		if err := os.Remove(filepath.Join(ls.dir, "content/posts/other.md")); err != nil {
			t.Fatal(err)
		}
		body := ls.waitFor("/posts/other/", 404, "")
		if want := string(ls.srv.Site().Files["404.html"].Data[:50]); !strings.Contains(body, want) {
			t.Fatalf("404 body is not 404.html: %.200s", body)
		}
	})
	t.Run("delete folder", func(t *testing.T) {
		if err := os.RemoveAll(filepath.Join(ls.dir, "content/posts/2025")); err != nil {
			t.Fatal(err)
		}
		ls.waitFor("/posts/new/", 404, "")
		ls.waitFor("/posts/hello/", 200, "Third words.")
	})
	t.Run("static file", func(t *testing.T) {
		writeFile(t, ls.dir, "static/notes/a.txt", "plain text one")
		ls.waitFor("/notes/a.txt", 200, "plain text one")
		writeFile(t, ls.dir, "static/notes/a.txt", "plain text two, longer")
		ls.waitFor("/notes/a.txt", 200, "plain text two, longer")
	})
	t.Run("config", func(t *testing.T) {
		writeFile(t, ls.dir, builder.ConfigFile, "title = \"Renamed blog\"\nbase_url = \"https://example.com/\"\n")
		ls.waitFor("/posts/hello/", 200, "Renamed blog")
	})
	t.Run("theme template", func(t *testing.T) {
		writeFile(t, ls.dir, "themes/default/layouts/404.html", `{{ define "main" }}<p>custom missing page</p>{{ end }}`)
		ls.waitFor("/nowhere", 404, "custom missing page")
	})
}

func TestServeErrorOverlayEvents(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Good words.")})
	events, stop := ls.srv.Subscribe()
	defer stop()

	writeFile(t, ls.dir, "content/posts/hello.md", "---\ntitle: \"Hello\ndate: [\n---\n\nBroken words.\n")
	ev := nextEvent(t, events, "error")
	var d struct{ Errors []BuildError }
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Errors) == 0 || d.Errors[0].File != "content/posts/hello.md" || d.Errors[0].Line == 0 || d.Errors[0].Message == "" {
		t.Fatalf("error event = %s, want file content/posts/hello.md with a line and a message", ev.Data)
	}
	ls.waitFor("/posts/hello/", 200, "Good words.")
	if !strings.Contains(ls.log.String(), "content/posts/hello.md:") {
		t.Fatalf("terminal log lacks the error: %s", ls.log.String())
	}

	// A browser opening a page meanwhile learns of the error at once.
	late, stopLate := ls.srv.Subscribe()
	defer stopLate()
	nextEvent(t, late, "error")

	writeFile(t, ls.dir, "content/posts/hello.md", postFile("Hello", "Fixed words."))
	nextEvent(t, events, "ok")
	ev = nextEvent(t, events, "reload")
	var rd ReloadData
	if err := json.Unmarshal(ev.Data, &rd); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rd.Paths, "posts/hello/index.html") {
		t.Fatalf("reload paths %v lack posts/hello/index.html", rd.Paths)
	}
	ls.waitFor("/posts/hello/", 200, "Fixed words.")
}

func TestServeReloadEvents(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Words.")})
	events, stop := ls.srv.Subscribe()
	defer stop()

	writeFile(t, ls.dir, "content/posts/fresh.md", postFile("Fresh", "Fresh words."))
	var rd ReloadData
	if err := json.Unmarshal(nextEvent(t, events, "reload").Data, &rd); err != nil {
		t.Fatal(err)
	}
	if rd.New != "/posts/fresh/" || !slices.Equal(rd.Paths, []string{"posts/fresh/index.html"}) {
		t.Fatalf("first reload after a new post = %+v, want its page alone, rendered first", rd)
	}
	// Then the lists and feeds that show it, without the page again. (A
	// loaded machine may see the file created empty first: one more build.)
	rd = nextReload(t, events, "index.html")
	if rd.New != "" || slices.Contains(rd.Paths, "posts/fresh/index.html") {
		t.Fatalf("second reload after a new post = %+v, want the home page and no new post", rd)
	}

	writeFile(t, ls.dir, "static/css/extra.css", "body{color:red}")
	rd = nextReload(t, events, "css/extra.css")
	if rd.New != "" || len(rd.Paths) != 1 {
		t.Fatalf("reload after a CSS file = %+v, want only css/extra.css", rd)
	}
}

// TestServeReloadSendsPage checks that a browser showing a page that
// changed gets the page, as served, with the reload event, and that one
// showing another page gets none; a new post comes with its page.
func TestServeReloadSendsPage(t *testing.T) {
	ls := startLiveSite(t, map[string]string{
		"content/posts/hello.md": postFile("Hello", "Words."),
		"content/about.md":       "---\ntitle: About\n---\n\nAbout us.\n",
	})
	showing, stop := ls.srv.subscribe("/posts/hello/")
	defer stop()
	other, stopOther := ls.srv.subscribe("/about/")
	defer stopOther()

	writeFile(t, ls.dir, "content/posts/hello.md", postFile("Hello", "Other words."))
	// (A loaded machine may see the file emptied first: one more build.)
	rd := nextReload(t, showing, "posts/hello/index.html")
	for !strings.Contains(rd.HTML, "Other words.") {
		rd = nextReload(t, showing, "posts/hello/index.html")
	}
	_, page := ls.get("/posts/hello/")
	if rd.HTML != page || !strings.Contains(rd.HTML, "Other words.") || !strings.Contains(rd.HTML, liveReloadTag) {
		t.Fatalf("reload event of the page on screen carries %d bytes of HTML, want the %d bytes served:\n%.300s", len(rd.HTML), len(page), rd.HTML)
	}
	if rd := nextReload(t, other, "posts/hello/index.html"); rd.HTML != "" {
		t.Fatalf("a browser showing /about/ got the HTML of another page: %.200s", rd.HTML)
	}
	drain(showing)
	drain(other)

	writeFile(t, ls.dir, "content/posts/fresh.md", postFile("Fresh", "Fresh words."))
	for _, events := range []<-chan Event{showing, other} {
		rd := nextReload(t, events, "posts/fresh/index.html")
		for !strings.Contains(rd.HTML, "Fresh words.") {
			rd = nextReload(t, events, "posts/fresh/index.html")
		}
		if _, page := ls.get("/posts/fresh/"); rd.New != "/posts/fresh/" || rd.HTML != page {
			t.Fatalf("reload event of a new post: new %q, %d bytes of HTML; want /posts/fresh/ and the %d bytes served", rd.New, len(rd.HTML), len(page))
		}
	}
}

// drain drops the events sent so far.
func drain(events <-chan Event) {
	for {
		select {
		case <-events:
		default:
			return
		}
	}
}

// nextReload returns the next reload event that names the output path p.
func nextReload(t *testing.T, events <-chan Event, p string) ReloadData {
	t.Helper()
	for {
		var rd ReloadData
		if err := json.Unmarshal(nextEvent(t, events, "reload").Data, &rd); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(rd.Paths, p) {
			return rd
		}
	}
}

// TestServePageOnScreenFirst edits a template used by every post: the
// page a browser shows is rendered and announced first, the others follow.
func TestServePageOnScreenFirst(t *testing.T) {
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("content/posts/p%02d.md", i)] = postFile(fmt.Sprintf("Post %d", i), "Words.")
	}
	ls := startLiveSite(t, files)
	events, stop := ls.srv.subscribe("/posts/p07/")
	defer stop()
	writeFile(t, ls.dir, "themes/default/layouts/post.html", `{{define "main"}}<p>New layout.</p>{{.Page.Content}}{{end}}`)
	var first, second ReloadData
	if err := json.Unmarshal(nextEvent(t, events, "reload").Data, &first); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first.Paths, []string{"posts/p07/index.html"}) {
		t.Fatalf("first reload after a template edit = %+v, want the page on screen alone", first)
	}
	if err := json.Unmarshal(nextEvent(t, events, "reload").Data, &second); err != nil {
		t.Fatal(err)
	}
	if len(second.Paths) != 19 || slices.Contains(second.Paths, "posts/p07/index.html") {
		t.Fatalf("second reload after a template edit = %+v, want the 19 other posts", second)
	}
	ls.waitFor("/posts/p03/", http.StatusOK, "New layout.")
}

// TestServeUnderBasePath serves a site whose base_url has a path where it
// will live once deployed: below that path, with the origin of the server.
func TestServeUnderBasePath(t *testing.T) {
	ls := startLiveSiteWith(t, map[string]string{
		builder.ConfigFile:       "title = \"Live\"\nbase_url = \"https://example.com/blog/\"\n",
		"content/posts/hello.md": postFile("Hello", "First words."),
	}, builder.Options{Drafts: true, Future: true, Serve: true, Origin: "http://127.0.0.1:1313"})
	if got := ls.srv.Site().Config.BaseURL; got != "http://127.0.0.1:1313/blog/" {
		t.Fatalf("base URL %q, want the origin with the path of base_url", got)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		path     string
		status   int
		location string
		body     string
	}{
		{"/", http.StatusFound, "/blog/", ""},
		{"/blog", http.StatusFound, "/blog/", ""},
		{"/blog/", http.StatusOK, "", `href="/blog/posts/hello/"`},
		{"/blog/posts/hello/", http.StatusOK, "", "First words."},
		{"/blog/posts/hello", http.StatusMovedPermanently, "/blog/posts/hello/", ""},
		{"/posts/hello/", http.StatusNotFound, "", ""},
		{"/blogger/", http.StatusNotFound, "", ""},
	} {
		resp, err := client.Get(ls.http.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Location") != c.location || !strings.Contains(string(body), c.body) {
			t.Errorf("GET %s: %d, Location %q; want %d, %q, with %q", c.path, resp.StatusCode, resp.Header.Get("Location"), c.status, c.location, c.body)
		}
	}

	events, stop := ls.srv.Subscribe()
	defer stop()
	writeFile(t, ls.dir, "content/posts/hello.md", postFile("Hello", "Second words."))
	var rd ReloadData
	if err := json.Unmarshal(nextEvent(t, events, "reload").Data, &rd); err != nil {
		t.Fatal(err)
	}
	if rd.Base != "/blog/" || !slices.Contains(rd.Paths, "posts/hello/index.html") {
		t.Fatalf("reload after an edit = %+v, want base /blog/ and posts/hello/index.html", rd)
	}
	ls.waitFor("/blog/posts/hello/", http.StatusOK, "Second words.")
}

func nextEvent(t *testing.T, events <-chan Event, name string) Event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Name == name {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %q event", name)
		}
	}
}

// TestServeOverlayNamesTemplates breaks a partial and the configuration:
// the overlay gets each problem with its file and line.
func TestServeOverlayNamesTemplates(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Good words.")})
	events, stop := ls.srv.Subscribe()
	defer stop()
	for _, c := range []struct {
		file, data string
		want       BuildError
	}{
		{"themes/default/layouts/partials/footer.html", "<footer>\n\n{{ .Site.Nothing }}</footer>", BuildError{File: "themes/default/layouts/partials/footer.html", Line: 3}},
		{builder.ConfigFile, "title = \"Live\"\nbase_url = \n", BuildError{File: builder.ConfigFile, Line: 2}},
	} {
		writeFile(t, ls.dir, c.file, c.data)
		var d struct{ Errors []BuildError }
		if err := json.Unmarshal(nextEvent(t, events, "error").Data, &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Errors) != 1 || d.Errors[0].File != c.want.File || d.Errors[0].Line != c.want.Line || d.Errors[0].Message == "" {
			t.Fatalf("after breaking %s the overlay shows %+v, want one problem at %s:%d", c.file, d.Errors, c.want.File, c.want.Line)
		}
		os.Remove(filepath.Join(ls.dir, c.file))
		if c.file == builder.ConfigFile {
			writeFile(t, ls.dir, c.file, "title = \"Live\"\nbase_url = \"https://example.com/\"\n")
		}
		nextEvent(t, events, "ok")
	}
}

func TestInjectLiveReload(t *testing.T) {
	for in, want := range map[string]string{
		"<html><body>x</body></html>":               "<html><body>x" + liveReloadTag + hintsPanelTag + "</body></html>",
		"<p>no end tags":                            "<p>no end tags" + liveReloadTag + hintsPanelTag,
		"<body><pre>&lt;/body></pre></body></html>": "<body><pre>&lt;/body></pre>" + liveReloadTag + hintsPanelTag + "</body></html>",
	} {
		if got := string(injectLiveReload([]byte(in))); got != want {
			t.Errorf("injectLiveReload(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServeRebuildsOnceForBurst checks the whole loop: a burst of 200 new
// posts ends with all of them served, after few rebuilds.
func TestServeRebuildsOnceForBurst(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Words.")})
	events, stop := ls.srv.Subscribe()
	defer stop()
	for i := range 200 {
		writeFile(t, ls.dir, fmt.Sprintf("content/posts/p%03d.md", i), postFile(fmt.Sprint("Burst ", i), "burst"))
	}
	ls.waitFor("/posts/p199/", 200, "burst")
	ls.waitFor("/posts/p000/", 200, "burst")
	reloads := 0
	for len(events) > 0 {
		if ev := <-events; ev.Name == "reload" {
			reloads++
		}
	}
	if reloads < 1 || reloads > 10 {
		t.Fatalf("%d reloads for a burst of 200 files; want one or a few", reloads)
	}
}

// TestServeIgnoresEditorNoise saves a post the way editors do, with swap,
// backup and lock files around it, and files outside the site's sources:
// the one rebuild that follows names only the post.
func TestServeIgnoresEditorNoise(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Words.")})
	posts := filepath.Join(ls.dir, "content", "posts")
	for _, name := range []string{"4913", ".hello.md.swp", "hello.md~", ".#hello.md", "#hello.md#", "hello.md___jb_tmp___", "hello.md___jb_old___", ".hidden.md"} {
		p := filepath.Join(posts, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, ls.dir, "public/index.html", "output folder, not watched")
	writeFile(t, ls.dir, ".git/objects/x", "hidden folder")
	writeFile(t, ls.dir, "notes.txt", "not a site file")
	writeFile(t, ls.dir, "content/posts/hello.md", postFile("Hello", "Saved words."))
	ls.waitFor("/posts/hello/", 200, "Saved words.")
	// The page is served before the build that made it logs.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(ls.log.String(), "rebuilt in ") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	rebuilds := 0
	for _, line := range strings.Split(ls.log.String(), "\n") {
		if !strings.HasPrefix(line, "rebuilt in ") {
			continue
		}
		rebuilds++
		if _, rest, _ := strings.Cut(line, ": "); !strings.HasPrefix(rest, "content/posts/hello.md changed,") {
			t.Errorf("a rebuild for more than the saved post: %s", line)
		}
	}
	if rebuilds == 0 {
		t.Fatalf("no rebuild logged:\n%s", ls.log.String())
	}
}

// TestServeNoLinksOut serves a site whose files become links to a secret
// outside it while kopij serve runs: a new link, a static file and a post
// replaced by links. No answer ever holds the secret; each ends as 404.
func TestServeNoLinksOut(t *testing.T) {
	away := t.TempDir()
	secret := filepath.Join(away, "passwd")
	if err := os.WriteFile(secret, []byte("root:SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(away, "post.md"), []byte("---\ntitle: Leak\n---\nSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ls := startLiveSite(t, map[string]string{
		"content/posts/a.md": postFile("A", "a words"),
		"static/a.txt":       "plain\n",
	})
	ls.waitFor("/a.txt", 200, "plain")
	ls.waitFor("/posts/a/", 200, "a words")
	swap := func(p, target string) {
		full := filepath.Join(ls.dir, filepath.FromSlash(p))
		os.Remove(full)
		if err := os.Symlink(target, full); err != nil {
			t.Fatal(err)
		}
	}
	swap("static/a.txt", secret)
	swap("static/passwd.txt", secret)
	swap("content/posts/a.md", filepath.Join(away, "post.md"))
	for _, p := range []string{"/a.txt", "/passwd.txt", "/posts/a/"} {
		deadline := time.Now().Add(10 * time.Second)
		for {
			code, body := ls.get(p)
			if strings.Contains(body, "SECRET") {
				t.Fatalf("GET %s served the secret (%d)", p, code)
			}
			if code == 404 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %d, want 404 once rebuilt", p, code)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if site := ls.srv.Site(); !strings.Contains(strings.Join(site.Warnings, "\n"), "static/passwd.txt: a link to "+secret+", outside the site; skipped") {
		t.Errorf("warnings %q", site.Warnings)
	}
}

// TestServeFileSwappedForLinkOut checks the read at request time: a file
// built as a copy and turned into a link out before any rebuild is
// refused, not read.
func TestServeFileSwappedForLinkOut(t *testing.T) {
	dir, away := t.TempDir(), t.TempDir()
	writeFile(t, dir, "static/a.txt", "plain\n")
	writeFile(t, away, "passwd", "root:SECRET\n")
	fsys, err := builder.OpenSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	srv := New(builder.New(fsys, builder.Options{Serve: true}), Options{})
	if _, err := srv.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "static", "a.txt"))
	if err := os.Symlink(filepath.Join(away, "passwd"), filepath.Join(dir, "static", "a.txt")); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/a.txt", nil))
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "SECRET") {
		t.Fatalf("GET /a.txt: %d %q, want 403 without the secret", rec.Code, rec.Body)
	}
}

// TestServeHiddenStaticFiles saves editors' temporary files in static/,
// then a hidden file kopij publishes: the watcher leaves the first out and
// reports the second, which is served after the one rebuild it causes.
func TestServeHiddenStaticFiles(t *testing.T) {
	ls := startLiveSite(t, map[string]string{"content/posts/hello.md": postFile("Hello", "Words."), "static/a.txt": "a"})
	for _, name := range []string{"a.txt~", ".#a.txt", "#a.txt#", ".a.txt.swp", ".a.txt.swx", ".DS_Store", "4913"} {
		p := filepath.Join(ls.dir, "static", name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, ls.dir, "content/posts/.hidden.md", postFile("Hidden", "not content"))
	writeFile(t, ls.dir, "static/.nojekyll", "nojekyll")
	ls.waitFor("/.nojekyll", 200, "nojekyll")
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(ls.log.String(), "rebuilt in ") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	for _, line := range strings.Split(ls.log.String(), "\n") {
		if _, rest, ok := strings.Cut(line, ": "); strings.HasPrefix(line, "rebuilt in ") && ok && !strings.HasPrefix(rest, "static/.nojekyll changed") {
			t.Errorf("a rebuild for more than the hidden static file: %s", line)
		}
	}
	writeFile(t, ls.dir, "static/.well-known/security.txt", "Contact: x")
	ls.waitFor("/.well-known/security.txt", 200, "Contact: x")
}

// TestServeOldFeedAddress: the feed answered at WordPress's /feed/ is
// served as a feed, minified like index.xml and without the live-reload
// script, while pages still get it.
func TestServeOldFeedAddress(t *testing.T) {
	ls := startLiveSiteWith(t, map[string]string{
		builder.ConfigFile:       "title = \"Live\"\nbase_url = \"https://example.com/\"\n[redirects]\nplatform = \"wordpress\"\n",
		"content/posts/hello.md": postFile("Hello", "Words."),
	}, builder.Options{Future: true, Serve: true})
	resp, err := http.Get(ls.http.URL + "/feed/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "application/rss+xml; charset=utf-8" {
		t.Fatalf("GET /feed/: %d, Content-Type %q", resp.StatusCode, ct)
	}
	if strings.Contains(string(body), "livereload") {
		t.Error("the feed at /feed/ has the live-reload script")
	}
	if _, rss := ls.get("/index.xml"); rss != string(body) {
		t.Errorf("/feed/ differs from /index.xml:\n%s\n%s", body, rss)
	}
	if _, page := ls.get("/posts/hello/"); !strings.Contains(page, "livereload") {
		t.Error("a page lost the live-reload script")
	}
}

func TestFeedType(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">`, "application/rss+xml; charset=utf-8"},
		{"\n  <?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", "application/atom+xml; charset=utf-8"},
		{`<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">`, ""},
		{`<!doctype html><html><title>rss</title>`, ""},
		{``, ""},
	} {
		if got := feedType([]byte(c.in)); got != c.want {
			t.Errorf("feedType(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
